"""The child process that runs pyHanko on untrusted PDFs (``python _worker.py``).

It imports only the standard library and pyHanko, limits itself (address space, CPU time, no
file writing) before it touches a PDF, reads one job as JSON on stdin and writes one JSON line
per file on stdout, in order, after a first ``{"ready": true}`` line.  The parent
(:mod:`edocstd._pdf.sandbox`) times each line out and kills the process if a PDF makes it hang
or blow up: a hostile PDF costs one child, never the caller.

Nothing here parses PDF or CMS itself: pyHanko reads the file, checks the signatures, the
certificate paths (``pyhanko-certvalidator``, no fetching) and the incremental updates.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import sys
from typing import Any

_TEXT_LIMIT = 300

_COVERAGE = {
    "ENTIRE_FILE": "entire-file",
    "ENTIRE_REVISION": "entire-revision",
    "CONTIGUOUS_BLOCK_FROM_START": "partial",
    "UNCLEAR": "unclear",
}
_MODIFICATION = {
    "NONE": "none",
    "LTA_UPDATES": "lta-updates",
    "FORM_FILLING": "form-filling",
    "ANNOTATIONS": "annotations",
    "OTHER": "other",
}


def _limit_self(memory: int | None, cpu_seconds: int | None) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: the parent's timeout still applies
        return
    wanted = [(resource.RLIMIT_FSIZE, 0)]  # this process never writes a file
    if memory:
        wanted.append((resource.RLIMIT_AS, memory))
    if cpu_seconds:
        wanted.append((resource.RLIMIT_CPU, cpu_seconds))
    for which, value in wanted:
        try:
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):  # pragma: no cover - a platform without that limit
            pass


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= _TEXT_LIMIT else text[: _TEXT_LIMIT - 1] + "…"


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _name_part(native: dict[str, Any], key: str) -> str | None:
    value = native.get(key)
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return _short(value) if value else None


def _trust(status: Any, anchored: bool) -> tuple[str, str | None]:
    """``trusted``, ``untrusted``, ``expired``, ``not-yet-valid``, ``revoked`` or
    ``not-checked`` (no trust anchors), with pyHanko's sub-indication as the detail."""
    if not anchored:
        return "not-checked", None
    indic = status.trust_problem_indic
    if indic is None and status.validation_path is not None:
        return "trusted", None  # the path is judged apart from the signature's integrity
    name = getattr(indic, "name", None) or ""
    if status.revoked or "REVOKED" in name:
        return "revoked", name or None
    if "OUT_OF_BOUNDS" in name or "EXPIRED" in name:
        return "expired", name
    if "NOT_YET_VALID" in name:
        return "not-yet-valid", name
    return "untrusted", name or None


def _signer(cert: Any) -> dict[str, Any]:
    native = cert.subject.native
    return {
        "subject": _short(cert.subject.human_friendly),
        "common_name": _name_part(native, "common_name"),
        "organization": _name_part(native, "organization_name"),
        "issuer": _short(cert.issuer.human_friendly),
        "serial": format(cert.serial_number, "x")[:64],
        "not_after": _iso(cert["tbs_certificate"]["validity"]["not_after"].native),
    }


def _describe(emb: Any, status: Any, anchored: bool) -> dict[str, Any]:
    trust, trust_detail = _trust(status, anchored)
    stamp = status.timestamp_validity
    level = status.modification_level
    diff = status.diff_result
    suspicious = diff is not None and diff.__class__.__name__ == "SuspiciousModification"
    coverage = getattr(status.coverage, "name", None)
    return {
        "field": _short(emb.field_name),
        **_signer(status.signing_cert),
        "claimed_time": _iso(status.signer_reported_dt),
        "timestamp": _iso(stamp.timestamp) if stamp is not None else None,
        "timestamp_trusted": bool(stamp is not None and stamp.trusted),
        "algorithm": _short(f"{status.md_algorithm}/{status.pkcs7_signature_mechanism}"),
        "intact": bool(status.intact and status.valid),
        "coverage": _COVERAGE.get(coverage or "", "unclear"),
        "modification": _MODIFICATION.get(getattr(level, "name", ""), "unknown"),
        "modification_detail": _short(diff) if suspicious else None,
        "trust": trust,
        "trust_detail": trust_detail,
        "error": None,
    }


def _broken(emb: Any, exc: BaseException) -> dict[str, Any]:
    """A signature pyHanko could not even evaluate (bad CMS, unknown SubFilter…)."""
    out: dict[str, Any] = {"field": _short(getattr(emb, "field_name", "?"))}
    try:
        out.update(_signer(emb.signer_cert))
    except Exception:
        out["subject"] = None
    out.update(intact=False, error=_short(f"{type(exc).__name__}: {exc}"))
    return out


def _check_file(path: str, job: dict[str, Any], context: Any) -> dict[str, Any]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    # The XML side accepts digitalSignature or nonRepudiation: so do we (pyHanko's default
    # would demand nonRepudiation).
    usage = KeyUsageConstraints(
        key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
    )
    anchored = bool(job["anchors"])
    with open(path, "rb") as stream:
        reader = PdfFileReader(stream, strict=False)
        embedded = list(reader.embedded_signatures)
        limit = int(job["max_signatures"])
        signatures = []
        for emb in embedded[:limit]:
            try:
                status = validate_pdf_signature(emb, context(), key_usage_settings=usage)
            except Exception as exc:  # a broken signature is a result, not a crash
                signatures.append(_broken(emb, exc))
                continue
            signatures.append(_describe(emb, status, anchored))
    return {"ok": True, "signatures": signatures, "more_signatures": len(embedded) > limit}


def _context_factory(job: dict[str, Any]) -> Any:
    from asn1crypto import x509
    from pyhanko_certvalidator import ValidationContext

    def certs(key: str) -> list[Any]:
        return [x509.Certificate.load(base64.b64decode(c)) for c in job[key]]

    anchors, others = certs("anchors"), certs("intermediates")
    moment = dt.datetime.fromisoformat(job["time"]) if job.get("time") else None

    def make() -> Any:
        # A fresh context per signature: nothing learnt from one PDF leaks into the next.
        # trust_roots is always given (possibly empty): never the operating system's store.
        return ValidationContext(
            trust_roots=anchors,
            other_certs=others,
            allow_fetching=False,
            revocation_mode="soft-fail",
            moment=moment,
        )

    return make


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    # Run as a script, this folder heads sys.path: our sibling modules must never shadow
    # a module pyHanko imports.
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    job = json.loads(sys.stdin.buffer.read())
    _limit_self(job.get("memory"), job.get("cpu_seconds"))
    logging.disable(logging.CRITICAL)  # pyHanko logs tracebacks for expected failures
    out = sys.stdout
    try:
        context = _context_factory(job)
    except Exception as exc:
        out.write(json.dumps({"ready": False, "detail": _short(exc)}) + "\n")
        return 1
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for path in job["files"]:
        try:
            result = _check_file(path, job, context)
        except RecursionError:
            result = {"ok": False, "error": "too-deep", "detail": "nesting too deep"}
        except MemoryError:
            result = {"ok": False, "error": "memory", "detail": "memory limit reached"}
        except Exception as exc:
            result = {"ok": False, "error": "unreadable", "detail": _short(exc)}
        out.write(json.dumps(result, ensure_ascii=True) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
