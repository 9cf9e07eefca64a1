"""Every Python example of README.md and docs/ type-checks (``mypy --strict``) and runs as written.

The ``python`` blocks of one page form one program, in page order (a later block may use what
an earlier one made, as a reader following the page would).  The pages run one after another
in one temporary folder that holds the files the examples read (``incoming.edxml``, a signing
key…), built here; what a page writes (``1234_VPCP-KSTT.edxml`` in the cookbook) is there for
the next page, as for a reader following the docs in order.  Blocks that show a signature
rather than code are fenced as ``text``.  Docs name only public modules.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import runpy
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

import edocstd
from edocstd.testing import make_edoc

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
# The order a reader follows (the cookbook's first page writes what the next ones read).
ORDER = [
    "README.md",
    "docs/quickstart.md",
    "docs/validation.md",
    "docs/identifiers.md",
    "docs/schemas.md",
    "docs/cookbook/new.md",
    "docs/cookbook/replace.md",
    "docs/cookbook/revoke.md",
    "docs/cookbook/update.md",
    "docs/cookbook/status.md",
    "docs/cookbook/tracking.md",
    "docs/cookbook/batch.md",
    "docs/cookbook/truc-lien-thong.md",
    "docs/cookbook/chu-ky-van-ban.md",
    "docs/signatures.md",
    "docs/tokens.md",
]
# Type-checked but not run here, and why (the same calls run elsewhere in the suite).
NOT_RUN = {
    "docs/cookbook/truc-lien-thong.md": "talks to a hub from HubConfig.load(): tests/hub runs "
    "these calls against the local hub",
}
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```python[ \t]*\n(?P<code>.*?)^(?P=indent)```", re.S | re.M
)
_PRIVATE = re.compile(
    r"\bedocstd[./]_[a-z]|src/edocstd/_|`_(?:xml|model|sign|validate|lifecycle)\b"
)


def _program(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    blocks = [textwrap.dedent(m.group("code")) for m in _FENCE.finditer(text)]
    return "\n\n".join(blocks)


def _pages_with_code() -> list[str]:
    return [str(p.relative_to(ROOT)) for p in PAGES if _program(p).strip()]


def _module_name(name: str) -> str:
    return "doc_" + re.sub(r"\W", "_", name.removesuffix(".md"))


def test_every_page_with_examples_is_run() -> None:
    assert sorted(_pages_with_code()) == sorted(p for p in ORDER if (ROOT / p).exists())


# The map of the source for contributors names the private packages on purpose (issue 15).
CONTRIBUTOR_PAGES = {ROOT / "docs" / "architecture.md"}


def test_docs_name_only_public_modules() -> None:
    offenders = [
        f"{page.relative_to(ROOT)}:{n}: {line.strip()}"
        for page in PAGES
        if page not in CONTRIBUTOR_PAGES
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if _PRIVATE.search(line)
    ]
    assert not offenders, "\n".join(offenders)


def test_examples_pass_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    files = []
    for name in _pages_with_code():
        path = tmp_path / f"{_module_name(name)}.py"
        path.write_text(_program(ROOT / name), encoding="utf-8")
        files.append(str(path))
    # One run over every page (the project's configuration, and its cache of edocstd).
    result = subprocess.run(
        # dask ships no type hints: calling it is the one untyped call allowed
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
         "--untyped-calls-exclude=dask", "--untyped-calls-exclude=distributed", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- running them -----------------------------------------------------------------------------


def _pdf(text: str) -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def _materials(folder: Path) -> None:
    """The files the examples read and no earlier page writes."""
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("bao-cao.pdf", _pdf("bao cao"))
    incoming = make_edoc(
        attachments=(
            edocstd.Attachment.create(_pdf("cong van"), name="cong-van.pdf"),
            edocstd.Attachment.create(zipped.getvalue(), name="bao-cao.zip"),
        )
    )
    edocstd.dump(incoming, folder / "incoming.edxml")
    edocstd.dump(make_edoc(), folder / "cong-van.edxml")
    edocstd.dump(make_edoc(), folder / "in.edxml")
    for name in ("cong-van.pdf", "1260_VPCP-KSTT.pdf", "1240_VPCP-KSTT.pdf"):
        (folder / name).write_bytes(_pdf(name))
    (folder / "hop-thu").mkdir()  # a mailbox folder for the batch examples
    shutil.copy(folder / "incoming.edxml", folder / "hop-thu" / "den-1.edxml")
    edocstd.dump(make_edoc(subject=" "), folder / "hop-thu" / "den-2.xml")  # invalid, by content


def _status_materials(folder: Path) -> None:
    """The replies tracking.md reads (status.md writes only status_03.edxml)."""
    sent = edocstd.load(folder / "1234_VPCP-KSTT.edxml")
    assert isinstance(sent, edocstd.Edoc)
    at = dt.datetime(2025, 10, 15, 10, 0)
    first, second = sent.header.to[0], sent.header.to[1]
    edocstd.dump(edocstd.reply(sent, "01", sender=first, now=at), folder / "status_01.edxml")
    refused = edocstd.reply(sent, "02", sender=second, description="Gửi nhầm đơn vị", now=at)
    edocstd.dump(refused, folder / "status_02_dong_thap.edxml")


def _pki(folder: Path) -> None:
    """signer.key / signer.pem / issuing-ca.pem / ca.pem / trusted-cas/ for signatures.md."""
    from tests.sign.conftest import build_pki

    (folder / "pki").mkdir()
    pki = build_pki(folder / "pki")
    shutil.copy(pki.leaf.key_path, folder / "signer.key")
    shutil.copy(pki.leaf.cert_path, folder / "signer.pem")
    shutil.copy(pki.inter.cert_path, folder / "issuing-ca.pem")
    shutil.copy(pki.inter.cert_path, folder / "ca.pem")
    for trusted in ("trusted-cas", "ca-chinh-phu"):
        (folder / trusted).mkdir()
        shutil.copy(pki.root.cert_path, folder / trusted / "root.pem")


def test_examples_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.doc_tokens import token_for_docs

    monkeypatch.chdir(tmp_path)
    _materials(tmp_path)
    _pki(tmp_path)
    for name in ORDER:
        if not (ROOT / name).exists() or name in NOT_RUN:
            continue
        if name == "docs/cookbook/tracking.md":
            _status_materials(tmp_path)
        if name in ("docs/signatures.md", "docs/tokens.md") and not token_for_docs(
            tmp_path, monkeypatch
        ):
            continue  # no SoftHSM2 here: the PKCS#11 examples cannot run (mypy checks them)
        program = _program(ROOT / name)
        if not program.strip():
            continue
        script = tmp_path / f"{_module_name(name)}.py"
        script.write_text(program, encoding="utf-8")
        try:
            runpy.run_path(str(script), run_name="__main__")
        except Exception as exc:  # name the page in the failure
            raise AssertionError(f"{name}: {type(exc).__name__}: {exc}") from exc
    capsys.readouterr()
    assert (tmp_path / "1234_VPCP-KSTT.edxml").exists() and (tmp_path / "out").is_dir()
    assert os.listdir(tmp_path / "out")
