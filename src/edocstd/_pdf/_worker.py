"""The child process that runs pyHanko on untrusted PDFs (``python _worker.py``).

It imports only the standard library and pyHanko, limits itself (address space, CPU time per
file, no file writing) before it touches a PDF, reads one job as a JSON line on stdin, answers
``{"ready": true}``, then reads one file path (a JSON string) per line and answers each with
one JSON line on stdout.  It dies with its parent.  The parent
(:mod:`edocstd._pdf.sandbox`) times each line out and kills the process if a PDF makes it hang
or blow up: a hostile PDF costs one child, never the caller.

Nothing here parses PDF or CMS itself: pyHanko reads the file, checks the signatures, the
certificate paths (``pyhanko-certvalidator``, no fetching) and the incremental updates.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import logging
import os
import sys
import threading
import time
from typing import Any

_TEXT_LIMIT = 300
_TOLERATED_TAIL = 64  # end-of-line characters some writers put after the signed %%EOF
_PDF_WHITESPACE = b"\x00\t\n\x0c\r "
_VALIDATION_TIME: dt.datetime | None = None  # the job's, set once in main (one job a process)
_EXPIRED_SINCE = "valid at its trusted timestamp; the certificate expired since"

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


def _limit_self(memory: int | None) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: the parent's timeout still applies
        return
    wanted = [(resource.RLIMIT_FSIZE, 0)]  # this process never writes a file
    if memory:
        wanted.append((resource.RLIMIT_AS, memory))
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
    if "NOT_YET_VALID" in name or (
        "GENERAL_FAILURE" in name and _signer_not_yet_valid(status.signing_cert)
    ):
        return "not-yet-valid", name
    return "untrusted", name or None


def _signer_not_yet_valid(cert: Any) -> bool:
    """pyHanko reports a validation time before the signer's notBefore as a general chain
    failure: tell it apart."""
    moment = _VALIDATION_TIME or dt.datetime.now(dt.timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    try:
        return bool(cert.not_valid_before > moment)
    except (AttributeError, TypeError, ValueError):
        return False


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


def _status_fields(status: Any, anchored: bool) -> dict[str, Any]:
    """What signatures and document timestamps share: integrity, coverage, trust."""
    trust, trust_detail = _trust(status, anchored)
    level = status.modification_level
    diff = status.diff_result
    suspicious = diff is not None and diff.__class__.__name__ == "SuspiciousModification"
    coverage = getattr(status.coverage, "name", None)
    return {
        **_signer(status.signing_cert),
        "algorithm": _short(f"{status.md_algorithm}/{status.pkcs7_signature_mechanism}"),
        "intact": bool(status.intact and status.valid),
        "coverage": _COVERAGE.get(coverage or "", "unclear"),
        "modification": _MODIFICATION.get(getattr(level, "name", ""), "unknown"),
        "modification_detail": _short(diff) if suspicious else None,
        "trust": trust,
        "trust_detail": trust_detail,
        "bottom_line": getattr(status, "bottom_line", None),
        "error": None,
    }


def _describe(emb: Any, status: Any, anchored: bool) -> dict[str, Any]:
    stamp = status.timestamp_validity
    seed_error = status.seed_value_constraint_error
    docmdp_ok = status.docmdp_ok
    return {
        "kind": "signature",
        "field": _short(emb.field_name),
        **_status_fields(status, anchored),
        "claimed_time": _iso(status.signer_reported_dt),
        "timestamp": _iso(stamp.timestamp) if stamp is not None else None,
        "timestamp_trusted": bool(stamp is not None and stamp.trusted),
        "docmdp_ok": None if docmdp_ok is None else bool(docmdp_ok),
        "seed_value_ok": bool(status.seed_value_ok),
        "seed_value_detail": _short(seed_error) if seed_error is not None else None,
    }


def _describe_timestamp(emb: Any, status: Any, anchored: bool) -> dict[str, Any]:
    """A document timestamp (``/DocTimeStamp``, PAdES-B-LTA): a time authority's seal."""
    return {
        "kind": "timestamp",
        "field": _short(emb.field_name),
        **_status_fields(status, anchored),
        "timestamp": _iso(status.timestamp),
        "timestamp_trusted": bool(status.trusted),
    }


def _broken(emb: Any, exc: BaseException) -> dict[str, Any]:
    """A signature pyHanko could not even evaluate (bad CMS, unknown SubFilter…)."""
    out: dict[str, Any] = {"field": _short(getattr(emb, "field_name", "?"))}
    try:
        out.update(_signer(emb.signer_cert))
    except Exception:
        out["subject"] = None
    if getattr(emb, "sig_object_type", None) == "/DocTimeStamp":
        out["kind"] = "timestamp"
    out.update(intact=False, error=_short(f"{type(exc).__name__}: {exc}"))
    return out


def _value_key(field: Any) -> object:
    """The identity of a signature field's value: its object reference when it has one."""
    value = field.get_object().raw_get("/V")
    idnum = getattr(value, "idnum", None)
    return (idnum, value.generation) if idnum is not None else id(value.get_object())


def _skipped_fields(reader: Any, known: set[object]) -> list[dict[str, Any]]:
    """Filled signature fields pyHanko does not list (a SubFilter it does not know, such
    as the legacy ``adbe.pkcs7.sha1``): signatures nobody checked, never nothing."""
    from pyhanko.sign.fields import enumerate_sig_fields

    out = []
    for name, value, field_ref in enumerate_sig_fields(reader, filled_status=True):
        key = _value_key(field_ref)
        if key in known:
            continue
        known.add(key)
        sig = value.get_object() if hasattr(value, "get_object") else value
        sub = sig.get("/SubFilter") if isinstance(sig, dict) else None
        out.append(
            {
                "field": _short(name),
                "intact": False,
                "error": _short(f"unsupported signature format (SubFilter {sub})"),
            }
        )
    return out


def _evaluate(emb: Any, context: Any, usage: Any, anchored: bool) -> dict[str, Any]:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp

    try:
        if emb.sig_object_type == "/DocTimeStamp":
            stamp = validate_pdf_timestamp(emb, validation_context=context())
            return _describe_timestamp(emb, stamp, anchored)
        status = validate_pdf_signature(emb, context(), key_usage_settings=usage)
        then = _at_trusted_timestamp(emb, status, context, usage, anchored)
        if then is None:
            return _describe(emb, status, anchored)
        return {**_describe(emb, then, anchored), "trust_detail": _EXPIRED_SINCE}
    except Exception as exc:  # a broken signature is a result, not a crash
        return _broken(emb, exc)


def _at_trusted_timestamp(
    emb: Any, status: Any, context: Any, usage: Any, anchored: bool
) -> Any | None:
    """A signer's certificate that has expired since is judged at the time a trusted
    timestamp proves the signature existed (its proof of existence); ``None`` when that
    does not apply or does not make the signer trusted."""
    from pyhanko.sign.validation import validate_pdf_signature

    stamp = status.timestamp_validity
    if _trust(status, anchored)[0] != "expired" or stamp is None:
        return None
    if not (stamp.intact and stamp.valid and stamp.trusted):
        return None
    then = validate_pdf_signature(emb, context(stamp.timestamp), key_usage_settings=usage)
    return then if _trust(then, anchored)[0] == "trusted" else None


def _check_file(path: str, job: dict[str, Any], context: Any) -> dict[str, Any]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    # The XML side accepts digitalSignature or nonRepudiation: so do we (pyHanko's default
    # would demand nonRepudiation).
    usage = KeyUsageConstraints(
        key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
    )
    anchored = bool(job["anchors"])
    limit = int(job["max_signatures"])
    with open(path, "rb") as stream:
        reader = PdfFileReader(stream, strict=False)
        revisions = reader.xrefs.total_revisions
        if revisions > int(job["max_revisions"]):
            detail = f"{revisions} revisions, more than {job['max_revisions']}"
            return {"ok": False, "error": "too-many-revisions", "detail": detail}
        embedded, known = [], set()
        for emb in reader.embedded_signatures:  # in signing order
            key = _value_key(emb.sig_field)
            if key not in known:  # many fields may share one value: one signature
                known.add(key)
                embedded.append(emb)
        skipped = _skipped_fields(reader, known)
        signatures = [_evaluate(emb, context, usage, anchored) for emb in embedded[:limit]]
        signatures += skipped[: max(0, limit - len(signatures))]
        uncovered = _uncovered_tail(reader, embedded, signatures)
    total = len(embedded) + len(skipped)
    return {
        "ok": True,
        "signatures": signatures,
        "more_signatures": total > limit,
        "uncovered_tail": uncovered,
    }


def _uncovered_tail(reader: Any, embedded: list[Any], described: list[dict[str, Any]]) -> bool:
    """Bytes after the last signed revision that no revision explains (appended data):
    pyHanko says the last signature covers its revision, there is no later revision, and
    what follows the signed bytes is more than a few end-of-line characters."""
    if not embedded or len(described) < len(embedded):
        return False
    last, answer = embedded[-1], described[len(embedded) - 1]
    try:
        final = last.signed_revision == reader.xrefs.total_revisions - 1
        _, _, start, length = (int(n) for n in last.byte_range)
    except Exception:
        return False
    if not final or answer.get("coverage") != "entire-revision":
        return False
    stream = reader.stream
    size = stream.seek(0, os.SEEK_END)
    if size - (start + length) > _TOLERATED_TAIL:
        return True
    stream.seek(start + length)
    return bool(stream.read(_TOLERATED_TAIL).strip(_PDF_WHITESPACE))


def _context_factory(job: dict[str, Any]) -> Any:
    from asn1crypto import x509
    from pyhanko_certvalidator import ValidationContext

    def certs(key: str) -> list[Any]:
        return [x509.Certificate.load(base64.b64decode(c)) for c in job[key]]

    anchors, others = certs("anchors"), certs("intermediates")
    moment = _VALIDATION_TIME

    def make(at: dt.datetime | None = None) -> Any:
        # A fresh context per signature: nothing learnt from one PDF leaks into the next.
        # trust_roots is always given (possibly empty): never the operating system's store.
        return ValidationContext(
            trust_roots=anchors,
            other_certs=others,
            allow_fetching=False,
            revocation_mode="soft-fail",
            moment=at or moment,
        )

    return make


def _die_with_parent(parent: int) -> None:
    """The checker never outlives its caller: the kernel kills it when the parent dies
    (Linux), and a watchdog thread notices a new parent elsewhere."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    if os.getppid() != parent:  # the parent died before we asked to follow it
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _cpu_budget(seconds: float) -> None:
    """Allow ``seconds`` more CPU time from now (the limit is set again for every file)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: the parent's timeout still applies
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):  # a platform without that limit
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _one(path: str, job: dict[str, Any], context: Any) -> dict[str, Any]:
    try:
        return _check_file(path, job, context)
    except RecursionError:
        return {"ok": False, "error": "too-deep", "detail": "nesting too deep"}
    except MemoryError:
        return {"ok": False, "error": "memory", "detail": "memory limit reached"}
    except Exception as exc:
        return {"ok": False, "error": "unreadable", "detail": _short(exc)}


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    job = json.loads(sys.stdin.buffer.readline())
    _die_with_parent(int(job["parent"]))
    global _VALIDATION_TIME
    _VALIDATION_TIME = dt.datetime.fromisoformat(job["time"]) if job.get("time") else None
    # The parent's import path (zipapps, --target folders, notebooks), never this folder:
    # our sibling modules must not shadow a module pyHanko imports.
    paths = [p for p in job.get("path") or sys.path if isinstance(p, str)]
    sys.path[:] = [p for p in paths if os.path.abspath(p or ".") != here]
    _limit_self(job.get("memory"))
    _cpu_budget(float(job["startup_seconds"]))
    logging.disable(logging.CRITICAL)  # pyHanko logs tracebacks for expected failures
    out = sys.stdout
    if sys.flags.optimize:  # pyHanko's checks are asserts: never run them switched off
        out.write(json.dumps({"ready": False, "detail": "started with -O"}) + "\n")
        return 1
    try:
        import pyhanko.sign.validation  # noqa: F401  (fails here, once, when not installed)

        context = _context_factory(job)
    except ImportError as exc:
        out.write(json.dumps({"ready": False, "missing": True, "detail": _short(exc)}) + "\n")
        return 1
    except Exception as exc:
        out.write(json.dumps({"ready": False, "detail": _short(exc)}) + "\n")
        return 1
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    # One file per line, answered before the next is sent: the parent writes one document
    # to disk at a time.
    for line in sys.stdin.buffer:
        _cpu_budget(float(job["timeout"]))
        result = _one(json.loads(line), job, context)
        out.write(json.dumps(result, ensure_ascii=True) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
