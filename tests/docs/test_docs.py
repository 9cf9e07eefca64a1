"""Generated documentation stays in step with the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_reference_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_reference.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_reference_names_every_element_of_the_model() -> None:
    import edocstd as e

    text = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    for cls in (
        e.MessageHeader,
        e.Organization,
        e.OtherInfo,
        e.Bussiness,
        e.StatusHeader,
        e.Attachment,
    ):
        for spec in cls.element_specs():
            assert f"| `{spec.xml}` | `{spec.attr}` |" in text
