"""Signing and verifying a large package keeps memory flat (peak RSS of a child process).

Before streaming, a 200 MB package took 842 MB to sign: the payload went through the tree,
its canonical form and whole-buffer copies (about 4x the package).  Now the payload is read
from the file in windows, so the peak is the interpreter plus a few windows, whatever the size.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import edocstd

from .conftest import Pki, make_edoc

MB = 1024 * 1024
SRC = Path(edocstd.__file__).resolve().parents[1]
SIZE = 64 * MB  # of base64 text

CHILD = textwrap.dedent(
    """
    import json, resource, sys
    def peak():
        try:
            with open("/proc/self/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    import edocstd
    what, small, big, out, key, cert, root = sys.argv[1:]
    def run(package):
        if what == "sign":
            edocstd.sign(package, key=key, cert=cert, output=out)
            return True
        return edocstd.verify(package, trust=root).intact
    ok = run(small)  # the same work on a small package first: imports, caches, first use
    base = peak()
    ok = run(big) and ok
    print(json.dumps({"base": base, "peak": peak(), "ok": ok}))
    """
)


def _big_package(path: Path) -> None:
    """An edoc whose attachment is ``SIZE`` bytes of base64 in 76-character lines, written in
    blocks (never held whole)."""
    marker = base64.b64encode(b"\0" * 3000)
    head, tail = make_edoc(b"\0" * 3000).split(marker)
    line = 57 * 1024  # raw bytes per block: 1024 lines of 76 characters
    with path.open("wb") as f:
        f.write(head)
        left = SIZE
        while left > 0:
            text = base64.encodebytes(os.urandom(line))  # 76-character lines, LF
            f.write(text[:left])
            left -= len(text)
        f.write(tail)


def _child(what: str, small: Path, big: Path, out: Path, pki: Pki) -> dict[str, int]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, what, str(small), str(big), str(out),
         str(pki.leaf.key_path), str(pki.leaf.cert_path), str(pki.root.cert_path)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, int] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.slow
def test_sign_and_verify_of_a_64_mb_package_keep_memory_flat(pki: Pki, tmp_path: Path) -> None:
    package = tmp_path / "big.edxml"
    _big_package(package)
    size = package.stat().st_size
    assert size > SIZE
    small = tmp_path / "small.edxml"
    small.write_bytes(make_edoc(os.urandom(50_000)))
    signed = tmp_path / "signed.edxml"
    small_signed = tmp_path / "small-signed.edxml"
    got = _child("sign", small, package, signed, pki)
    assert got["ok"]
    grown = got["peak"] - got["base"]
    # a few 4 MiB windows and the header tree; through the tree it took ~4x the package
    assert grown < size // 4, f"sign: +{grown / MB:.1f} MB for a {size / MB:.0f} MB package"
    assert signed.stat().st_size > size
    with package.open("rb") as a, signed.open("rb") as b:  # the rest is the input's bytes
        a.seek(size - MB)
        b.seek(signed.stat().st_size - MB)
        assert a.read() == b.read()
    edocstd.sign(small, key=pki.leaf.key, cert=pki.leaf.cert, output=small_signed)
    got = _child("verify", small_signed, signed, tmp_path / "unused", pki)
    assert got["ok"]
    grown = got["peak"] - got["base"]
    assert grown < size // 4, f"verify: +{grown / MB:.1f} MB for a {size / MB:.0f} MB package"
