"""Algorithm suites (``vdxp``, ``legacy``): once called signing profiles, a name now kept for
validation profiles only; the old names stay as aliases (``profile=``, ``--profile``,
``Profile``, ``PROFILES``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edocstd._errors import SignatureError
from edocstd._sign import (
    PROFILES,
    SUITES,
    VDXP,
    AlgorithmSuite,
    Profile,
    SuiteName,
    prepare,
    sign,
)
from edocstd._sign.algorithms import LEGACY, get_profile, get_suite
from edocstd.cli import main

from .conftest import Pki


def test_old_names_are_the_new_ones() -> None:
    assert Profile is AlgorithmSuite and PROFILES is SUITES and get_profile is get_suite
    import edocstd._sign.algorithms as algorithms
    import edocstd._sign.profiles as profiles

    assert all(getattr(profiles, name) is getattr(algorithms, name) for name in algorithms.__all__)


def test_suite_and_its_old_name_sign_alike(pki: Pki, edoc: bytes) -> None:
    kw = {"key": pki.leaf.key, "cert": pki.leaf.cert}
    by_suite = sign(edoc, suite="legacy", **kw)  # type: ignore[arg-type]
    assert sign(edoc, profile="legacy", **kw) == by_suite  # type: ignore[arg-type]
    assert sign(edoc, suite=LEGACY, profile="legacy", **kw) == by_suite  # type: ignore[arg-type]
    assert b"rsa-sha1" in by_suite
    prepared = prepare(edoc, cert=pki.leaf.cert, profile="legacy")
    assert prepared.signed_info == prepare(edoc, cert=pki.leaf.cert, suite="legacy").signed_info


def test_suite_and_profile_that_disagree_or_an_unknown_name_raise(pki: Pki, edoc: bytes) -> None:
    with pytest.raises(SignatureError, match="suite= only") as conflict:
        sign(edoc, key=pki.leaf.key, cert=pki.leaf.cert, suite="legacy", profile="vdxp")
    assert conflict.value.translated
    with pytest.raises(SignatureError, match="algorithm suite") as unknown:
        get_suite("nope")  # type: ignore[arg-type]
    assert unknown.value.translated


def test_cli_suite_and_its_old_option(
    pki: Pki, edoc: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.edxml").write_bytes(edoc)
    outputs = []
    for option in ("--suite", "--profile"):
        out = tmp_path / f"{option[2:]}.edxml"
        argv = ["sign", str(tmp_path / "in.edxml"), "--key", str(pki.leaf.key_path), "--cert",
                str(pki.leaf.cert_path), option, "legacy", "-o", str(out), "--json",
                "--lang", "en"]  # fmt: skip
        assert main(argv) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["suite"] == data["profile"] == "legacy"
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("suite", ["vdxp", VDXP])
def test_an_explicit_suite_is_not_overridden_by_its_old_name(
    pki: Pki, edoc: bytes, suite: SuiteName | AlgorithmSuite
) -> None:
    # suite="vdxp" spelled out and profile="legacy" used to sign with SHA-1 silently (the
    # default and an explicit "vdxp" were told apart only for a suite object)
    with pytest.raises(SignatureError, match="suite= only"):
        sign(edoc, key=pki.leaf.key, cert=pki.leaf.cert, suite=suite, profile="legacy")
    with pytest.raises(SignatureError, match="suite= only"):
        prepare(edoc, cert=pki.leaf.cert, suite=suite, profile="legacy")
    assert get_suite(None, "legacy") is LEGACY and get_suite() is VDXP


def test_cli_suite_and_old_option_that_disagree_fail(
    pki: Pki, edoc: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in.edxml").write_bytes(edoc)
    out = tmp_path / "out.edxml"
    argv = ["sign", str(tmp_path / "in.edxml"), "--key", str(pki.leaf.key_path), "--cert",
            str(pki.leaf.cert_path), "--suite", "vdxp", "--profile", "legacy", "-o", str(out),
            "--lang", "en"]  # fmt: skip
    assert main(argv) == 2  # not the last option silently winning
    assert "give --suite only" in capsys.readouterr().err and not out.exists()
