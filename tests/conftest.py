from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis's timing checks (a deadline per example, "input generation is slow") are wall-clock
# assertions: on a loaded 2-core machine they fail tests that are right.  Off for the whole
# suite, the doc examples included; the properties themselves are unchanged.
settings.register_profile(
    "edocstd-tests", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("edocstd-tests")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "conformance" / "sdk-samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "packages"


def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.edxml")) if SAMPLES.is_dir() else []


@pytest.fixture
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("the official SDK samples (../shared/conformance/sdk-samples) are not here")
    return SAMPLES


@pytest.fixture(autouse=True)
def _neutral_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's default language comes from the locale: tests see none (Vietnamese) and no
    NO_COLOR, whatever the machine running them has set."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
