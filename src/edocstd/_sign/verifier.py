"""Verification of edXML package signatures.

Order of checks (the first failure decides ``reason``):

1. the package parses (hardened parser) and has ``/edXML/edXMLEnvelope/edXMLHeader``;
2. exactly one element named ``Signature``, in the XMLDSig namespace, placed as the policy
   expects; no XML comments in the signed content;
3. the signature's structure: one ``Reference`` with ``URI=""``, transforms *enveloped*
   then at most one canonicalization;
4. algorithms known and allowed by the policy (key size too);
5. the certificate (from ``KeyInfo/X509Data``) verifies ``SignatureValue`` over the
   canonical ``SignedInfo``;
6. the digest of the document (without the signature) matches ``DigestValue`` — or does so
   once TraceHeader entries appended by relaying hubs are set aside;
7. the signer's certificate: validity at the validation time, key usage, path to a trust
   anchor.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import hashlib
import json
import secrets
from typing import Any

import attrs
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from .._errors import EdocError, ParseError
from .._types import PackageSource
from . import _doc, _stream
from .binding import SenderBinding, bind_sender
from .keys import check_signature_value, key_description, key_kind
from .policy import Policy
from .profiles import (
    C14N,
    C14N_METHODS,
    DIGEST_METHODS,
    DSIG_NS,
    ENVELOPED,
    EXC_C14N,
    QCVN_NS,
    SHA1_URIS,
    SIGNATURE_METHODS,
    short_name,
)
from .reserialised import CANDIDATE_FAILURES, reserialised
from .trust import (
    ANY_EKU,
    MAX_KEYINFO_CERTIFICATES,
    TrustSource,
    check_signer_key_usage,
    check_validity,
    load_trust_anchors,
    validate_path,
)

_DS = f"{{{DSIG_NS}}}"
_Q = f"{{{QCVN_NS}}}"
TRACE_LIST = _doc.TRACE_LIST
TRACE = _doc.TRACE

REASONS: dict[str, tuple[str, str]] = {
    "OK": ("valid", "the signature is valid and the signer chains to a trust anchor"),
    "NO_SIGNATURE": ("invalid", "the package carries no signature"),
    "NOT_XMLDSIG": (
        "invalid",
        "a Signature element exists but not in the XMLDSig namespace "
        "(the SDK samples' placeholder form); it cannot be verified",
    ),
    "MALFORMED": ("invalid", "the package or its signature is not well formed"),
    "UNSUPPORTED_ALGORITHM": ("invalid", "an algorithm URI is unknown or not supported"),
    "WEAK_ALGORITHM": ("invalid", "an algorithm or key size is not allowed by the policy"),
    "BAD_PLACEMENT": ("invalid", "the signature is not where the policy expects it"),
    "WRAPPING": (
        "invalid",
        "more than one signature, or a reference to something other than the whole document",
    ),
    "COMMENT_IN_CONTENT": ("invalid", "XML comments in the signed content"),
    "SIG_CRYPTO_FAILURE": (
        "invalid",
        "the signature value does not verify with the certificate's key",
    ),
    "HASH_FAILURE": ("invalid", "the content changed after signing (digest mismatch)"),
    "RESERIALISED": (
        "invalid",
        "the package was re-serialised on the way (by a hub): its content equals the signed "
        "content once normalised, but the signed bytes are broken, so the signature cannot "
        "prove it; ask the sender for the original",
    ),
    "KEY_USAGE": ("invalid", "the certificate is not allowed to sign documents"),
    "SIGNER_NOT_BOUND": (
        "invalid",
        "the signer is not allowed to sign for the package's sender (signer registry)",
    ),
    "EXPIRED": ("indeterminate", "a certificate was expired at the validation time"),
    "NOT_YET_VALID": ("indeterminate", "a certificate was not yet valid at the validation time"),
    "UNTRUSTED": ("indeterminate", "the signer's certificate does not chain to a trust anchor"),
    "TRUST_NOT_CHECKED": (
        "indeterminate",
        "the signature is intact but no trust anchors were given, so the signer was not checked",
    ),
}
"""Reason code → (verdict, meaning).  Documented in docs/signatures.md."""


@attrs.frozen
class SignerCertificate:
    """Who signed: the signer's certificate, summarised."""

    subject: str
    issuer: str
    serial: int
    not_before: _dt.datetime
    not_after: _dt.datetime
    organization: str | None
    common_name: str | None
    key: str
    """``RSA-2048``, ``EC-secp256r1``..."""
    fingerprint_sha256: str
    certificate: x509.Certificate = attrs.field(eq=False, repr=False)

    @classmethod
    def from_certificate(cls, cert: x509.Certificate) -> SignerCertificate:
        """The facts of a ``cryptography`` certificate."""
        from cryptography.hazmat.primitives import hashes

        def attr(oid: x509.ObjectIdentifier) -> str | None:
            vals = cert.subject.get_attributes_for_oid(oid)
            return str(vals[0].value) if vals else None

        return cls(
            subject=cert.subject.rfc4514_string(),
            issuer=cert.issuer.rfc4514_string(),
            serial=cert.serial_number,
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
            organization=attr(x509.NameOID.ORGANIZATION_NAME),
            common_name=attr(x509.NameOID.COMMON_NAME),
            key=key_description(cert.public_key()),
            fingerprint_sha256=cert.fingerprint(hashes.SHA256()).hex(),
            certificate=cert,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mirror (times in ISO 8601)."""
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "serial": format(self.serial, "x"),
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "organization": self.organization,
            "common_name": self.common_name,
            "key": self.key,
            "fingerprint_sha256": self.fingerprint_sha256,
        }


@attrs.frozen
class Algorithms:
    """The algorithm URIs the signature uses (as written in the package)."""

    canonicalization: str
    signature: str
    digest: str
    transforms: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "canonicalization": self.canonicalization,
            "signature": self.signature,
            "digest": self.digest,
            "transforms": list(self.transforms),
        }


@attrs.frozen
class VerifyResult:
    """The outcome of :func:`verify`.  ``valid`` is True only for the ``valid`` verdict."""

    verdict: str
    """``valid``, ``invalid`` or ``indeterminate`` (intact but the signer not established)."""
    reason: str
    """A code of :data:`REASONS` (``OK``, ``HASH_FAILURE``, ``UNTRUSTED``...)."""
    message: str
    signer: SignerCertificate | None = None
    algorithms: Algorithms | None = None
    intact: bool = False
    """The signature value and the digest verified (content unchanged except trace entries)."""
    trace_entries_added: int = 0
    added_trace_entries: tuple[tuple[str, str], ...] = ()
    """(OrganId, Timestamp) of each TraceHeader appended after signing (not signed)."""
    covered: str = ""
    chain: tuple[str, ...] = ()
    """Subjects from the signer to the trust anchor, when a path was validated."""
    warnings: tuple[str, ...] = ()
    binding: SenderBinding | None = None
    """Whether the signer may sign for ``MessageHeader/From``, and how it was decided."""

    @property
    def valid(self) -> bool:
        """True only for the ``valid`` verdict."""
        return self.verdict == "valid"

    def __bool__(self) -> bool:
        return self.valid

    def summary(self, lang: str = "en") -> str:
        """A few lines for people, in ``lang`` (``"en"`` or ``"vi"``): verdict, signer, chain,
        sender binding, algorithms, what was covered, trace entries added, warnings."""
        from .summary import summary_text  # (summary reads REASONS from this module)

        return summary_text(self, lang)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mirror (times in ISO 8601)."""
        return {
            "valid": self.valid,
            "verdict": self.verdict,
            "reason": self.reason,
            "message": self.message,
            "intact": self.intact,
            "signer": self.signer.to_dict() if self.signer else None,
            "algorithms": self.algorithms.to_dict() if self.algorithms else None,
            "trace_entries_added": self.trace_entries_added,
            "added_trace_entries": [
                {"OrganId": o, "Timestamp": t} for o, t in self.added_trace_entries
            ],
            "covered": self.covered,
            "chain": list(self.chain),
            "warnings": list(self.warnings),
            "binding": self.binding.to_dict() if self.binding else None,
        }

    def to_json(self) -> str:
        """The result as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def __repr__(self) -> str:
        from .._views import render_text

        return render_text("verify", self)

    def _repr_html_(self) -> str:
        """The verdict as a card in a notebook."""
        from .._views import render_html

        return render_html("verify", self)


class _Fail(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class _State:
    def __init__(self) -> None:
        self.signer: SignerCertificate | None = None
        self.algorithms: Algorithms | None = None
        self.intact = False
        self.trace: tuple[tuple[str, str], ...] = ()
        self.covered = ""
        self.chain: tuple[str, ...] = ()
        self.warnings: list[str] = []
        self.binding: SenderBinding | None = None

    def result(self, reason: str, message: str) -> VerifyResult:
        verdict = REASONS[reason][0]
        return VerifyResult(
            verdict=verdict,
            reason=reason,
            message=message,
            signer=self.signer,
            algorithms=self.algorithms,
            intact=self.intact,
            trace_entries_added=len(self.trace),
            added_trace_entries=self.trace,
            covered=self.covered,
            chain=self.chain,
            warnings=tuple(self.warnings),
            binding=self.binding,
        )


def _children(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


def _only_ds(el: etree._Element, names: tuple[str, ...], where: str) -> list[etree._Element]:
    kids = _children(el)
    for k in kids:
        tag = k.tag
        if not isinstance(tag, str) or not tag.startswith(_DS) or _doc.local_name(k) not in names:
            raise _Fail("MALFORMED", f"unexpected element {tag!s} in {where}")
    return kids


def _one(el: etree._Element, name: str, where: str) -> etree._Element:
    found = [c for c in _children(el) if c.tag == _DS + name]
    if len(found) != 1:
        raise _Fail("MALFORMED", f"{where} must hold exactly one {name} (found {len(found)})")
    return found[0]


def _b64(text: str | None, what: str) -> bytes:
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise _Fail("MALFORMED", f"{what} is not valid base64") from None


def _c14n_method(uri: str | None, policy: Policy, st: _State, where: str) -> Any:
    if not uri:
        raise _Fail("MALFORMED", f"{where} has no Algorithm")
    method = C14N_METHODS.get(uri)
    if method is None:
        raise _Fail("UNSUPPORTED_ALGORITHM", f"unsupported canonicalization {uri!r} in {where}")
    if uri not in policy.allowed_c14n_methods:
        raise _Fail("WEAK_ALGORITHM", f"canonicalization {uri} is not allowed by the policy")
    if method.nonstandard:
        st.warnings.append(
            f"{where} uses the non-standard URI {uri} (written by the official SDK samples); "
            "it was read as exclusive C14N (http://www.w3.org/2001/10/xml-exc-c14n#)"
        )
    return method


def _check_alg(uri: str, allowed: frozenset[str], policy: Policy, st: _State, what: str) -> None:
    if uri in SHA1_URIS:
        if not policy.allow_sha1 or uri not in allowed:
            raise _Fail(
                "WEAK_ALGORITHM",
                f"{what} {short_name(uri)} uses SHA-1, which the "
                "policy refuses (use Policy.legacy() for the SDK's legacy packages)",
            )
        st.warnings.append(
            f"{what} {short_name(uri)} uses SHA-1, accepted only because the "
            "legacy policy allows it; SHA-1 is broken for collision resistance"
        )
        return
    if uri not in allowed:
        raise _Fail("WEAK_ALGORITHM", f"{what} {short_name(uri)} is not allowed by the policy")


def _prefix_list(transform: etree._Element) -> list[str] | None:
    kids = _children(transform)
    if not kids:
        return None
    ns = EXC_C14N
    if len(kids) != 1 or kids[0].tag != f"{{{ns}}}InclusiveNamespaces":
        raise _Fail(
            "UNSUPPORTED_ALGORITHM", "unsupported parameters in a canonicalization transform"
        )
    return [p for p in (kids[0].get("PrefixList") or "").split() if p]


def _pick_signer_cert(
    key_info: etree._Element | None,
) -> tuple[x509.Certificate, list[x509.Certificate], str | None]:
    if key_info is None:
        raise _Fail("MALFORMED", "the signature has no KeyInfo, so the signer is unknown")
    certs: list[x509.Certificate] = []
    subject_name: str | None = None
    carried = sum(1 for _ in key_info.iter(_DS + "X509Certificate"))
    if carried > MAX_KEYINFO_CERTIFICATES:
        raise _Fail(
            "MALFORMED",
            f"KeyInfo carries {carried} X509Certificate elements; at most "
            f"{MAX_KEYINFO_CERTIFICATES} are read (limit)",
        )
    for x509_data in key_info.iter(_DS + "X509Data"):
        for el in _children(x509_data):
            if el.tag == _DS + "X509Certificate":
                try:
                    certs.append(x509.load_der_x509_certificate(_b64(el.text, "X509Certificate")))
                except ValueError:
                    raise _Fail(
                        "MALFORMED", "an X509Certificate in KeyInfo cannot be read"
                    ) from None
            elif el.tag == _DS + "X509SubjectName" and subject_name is None:
                subject_name = (el.text or "").strip()
    if not certs:
        raise _Fail("MALFORMED", "KeyInfo carries no X509Certificate, so the signer is unknown")
    # The signer is the certificate that issued none of the others (the leaf); one pass.
    issuer_names = {o.issuer for o in certs if o.issuer != o.subject}
    leaves = [c for c in certs if c.subject not in issuer_names]
    signer = leaves[0] if leaves else certs[0]
    if subject_name and len(leaves) > 1:
        for c in leaves:
            if _same_name(c, subject_name):
                signer = c
                break
    others = [c for c in certs if c is not signer]
    return signer, others, subject_name


def _same_name(cert: x509.Certificate, text: str) -> bool:
    def norm(s: str) -> list[str]:
        return sorted(p.strip().replace(" ", "").lower() for p in s.split(","))

    return norm(cert.subject.rfc4514_string()) == norm(text)


def _trace_simple(th: etree._Element) -> bool:
    """An appended TraceHeader may hold only OrganId and Timestamp, text only."""
    if th.attrib:
        return False
    seen: set[str] = set()
    for c in th:
        if not isinstance(c.tag, str):
            return False
        name = _doc.local_name(c)
        if c.tag not in (_Q + "OrganId", _Q + "Timestamp") or name in seen or len(c) or c.attrib:
            return False
        seen.add(name)
        if c.tail and c.tail.strip():
            return False
    return not (th.text and th.text.strip())


def _trace_entry(th: etree._Element) -> tuple[str, str]:
    return (
        (th.findtext(_Q + "OrganId") or "").strip(),
        (th.findtext(_Q + "Timestamp") or "").strip(),
    )


def _ws(text: str | None) -> bool:
    return text is None or not text.strip()


def _digest_with_relay_tolerance(
    doc: _stream.Document,
    header: etree._Element,
    c14n_exclusive: bool,
    prefixes: list[str] | None,
    hash_name: str,
    expected: bytes,
    policy: Policy,
    st: _State,
) -> int:
    """Digest the document (signature already detached).  Returns the number of trailing
    TraceHeaders that had to be set aside (0 = exact match); raises HASH_FAILURE."""
    lists = [c for c in header if c.tag == TRACE_LIST]
    thl = lists[0] if len(lists) == 1 else None
    kids: list[etree._Element] = list(thl) if thl is not None else []
    trailing = _settable_aside(kids, policy) if thl is not None else 0
    tokens: list[bytes] = []
    starts: list[str | None] = []
    ws_n = kids[-1].tail if kids else None
    if trailing and thl is not None:
        tokens, starts = _mark_boundaries(thl, kids, trailing)

    canon = _stream.Canonical(
        doc,
        _doc.c14n(
            doc.root.getroottree(),
            exclusive=c14n_exclusive,
            with_comments=False,
            prefixes=prefixes,
        ),
    )
    positions = _token_positions(canon.canon, tokens)
    h = hashlib.new(hash_name)
    states: list[Any] = []  # hash state just before A_T, A_{T-1}, ..., A_1
    cursor = 0
    for tok, p in zip(tokens, positions, strict=True):
        canon.feed([h], cursor, p)
        states.append(h.copy())
        cursor = p + len(tok)
    canon.feed([h], cursor, len(canon.canon))
    if h.digest() == expected:
        return 0
    if not trailing:
        raise _Fail("HASH_FAILURE", "the content changed after signing (digest mismatch)")

    # Every candidate shares the suffix after the last entry: one pass over it (and the
    # payloads) feeds them all.
    candidates = _relay_candidates(states, starts, ws_n)
    canon.feed([hk for _, hk in candidates], positions[-1] + len(tokens[-1]), len(canon.canon))
    for k, hk in candidates:
        if hk.digest() == expected:
            st.trace = tuple(_trace_entry(r) for r in kids[len(kids) - k :])
            return k
    raise _Fail("HASH_FAILURE", "the content changed after signing (digest mismatch)")


def _settable_aside(kids: list[etree._Element], policy: Policy) -> int:
    """How many trailing entries may be set aside: each must be a plain TraceHeader and only
    whitespace may separate them (checked on the original text, before marking)."""
    trailing = 0
    if policy.allow_trace_appends:
        for c in reversed(kids):
            if c.tag != TRACE or trailing >= policy.max_trace_appends:
                break
            trailing += 1
    usable = 0
    for k in range(1, trailing + 1):
        th = kids[len(kids) - k]
        if not _trace_simple(th) or (k > 1 and not _ws(th.tail)):
            break
        usable = k
    return usable


def _mark_boundaries(
    thl: etree._Element, kids: list[etree._Element], trailing: int
) -> tuple[list[bytes], list[str | None]]:
    """Mark candidate boundaries with random tokens inside text nodes (C14N copies them
    verbatim), so one canonicalization serves the exact check and every relay candidate.

    Returns the tokens in document order (A_T ... A_1, then the end of the last entry) and
    the original text at each boundary A_T ... A_1.
    """
    tokens: list[bytes] = []
    starts: list[str | None] = []
    m = len(kids)
    for k in range(trailing, 0, -1):  # document order: A_T ... A_1
        mark = secrets.token_hex(16)
        prev = kids[m - k - 1] if m - k - 1 >= 0 else None
        if prev is not None:
            starts.append(prev.tail)
            prev.tail = mark + (prev.tail or "")
        else:
            starts.append(thl.text)
            thl.text = mark + (thl.text or "")
        tokens.append(mark.encode("ascii"))
    ztok = secrets.token_hex(16)
    kids[-1].tail = (kids[-1].tail or "") + ztok
    tokens.append(ztok.encode("ascii"))
    return tokens, starts


def _relay_candidates(
    states: list[Any], starts: list[str | None], ws_n: str | None
) -> list[tuple[int, Any]]:
    """For k entries set aside (k = 1..T), one hash per whitespace reading of the joint,
    fed up to the end of the TraceHeaderList's last entry."""
    trailing = len(starts)
    candidates: list[tuple[int, Any]] = []
    for k in range(1, trailing + 1):
        ws0 = starts[trailing - k]
        texts: list[str] = []
        if _ws(ws_n):
            texts.append(ws0 or "")
        if _ws(ws0):
            texts.append(ws_n or "")
        for text in dict.fromkeys(texts):
            hk = states[trailing - k].copy()
            hk.update(_doc.escape_c14n_text(text))
            candidates.append((k, hk))
    return candidates


def _token_positions(canon: bytes, tokens: list[bytes]) -> list[int]:
    """Where each boundary token lies in the canonical bytes, in order."""
    positions: list[int] = []
    pos = 0
    for tok in tokens:
        p = canon.find(tok, pos)
        if p < 0:  # cannot happen; be safe: no tolerance
            raise _Fail("HASH_FAILURE", "the content changed after signing (digest mismatch)")
        positions.append(p)
        pos = p + len(tok)
    return positions


def _verify(
    src: _stream.Source,
    anchors: tuple[x509.Certificate, ...],
    policy: Policy,
    st: _State,
    *,
    cut: bool = True,
) -> VerifyResult:
    try:
        doc = _stream.parse(src, cut=cut)
    except ParseError as exc:
        raise _Fail("MALFORMED", f"the package cannot be read: {exc}") from None
    root = doc.root
    header = _doc.find_header(root)
    if header is None:
        raise _Fail(
            "MALFORMED",
            "not an edXML package (no /edXML/edXMLEnvelope/edXMLHeader in "
            f"the namespace {QCVN_NS})",
        )

    sigs = _doc.all_signatures(root)
    ds_sigs = [s for s in sigs if s.tag == _DS + "Signature"]
    if not sigs:
        raise _Fail("NO_SIGNATURE", "the package carries no signature")
    if not ds_sigs:
        raise _Fail(
            "NOT_XMLDSIG",
            "the Signature element is not in the XMLDSig namespace "
            f"(it is in {{{etree.QName(sigs[0]).namespace or ''}}}); this is the SDK "
            "samples' placeholder form, which no XMLDSig verifier can check",
        )
    if len(sigs) > 1:
        raise _Fail(
            "WRAPPING",
            f"the package holds {len(sigs)} Signature elements; exactly one "
            "is allowed (signature wrapping)",
        )
    sig = ds_sigs[0]
    if sig.getparent() is not header:
        raise _Fail(
            "BAD_PLACEMENT", "the signature is not a child of /edXML/edXMLEnvelope/edXMLHeader"
        )
    if policy.expected_placement == "last-in-header" and _children(header)[-1] is not sig:
        raise _Fail("BAD_PLACEMENT", "the signature is not the last child of edXMLHeader")
    if not policy.allow_comments and _doc.comments_outside(root, sig):
        raise _Fail(
            "COMMENT_IN_CONTENT",
            "the package contains XML comments; comments are not "
            "covered by the signature and can hide changes from readers",
        )

    # -- structure --------------------------------------------------------------------------
    kids = _only_ds(sig, ("SignedInfo", "SignatureValue", "KeyInfo", "Object"), "Signature")
    if len(kids) < 2 or kids[0].tag != _DS + "SignedInfo" or kids[1].tag != _DS + "SignatureValue":
        raise _Fail("MALFORMED", "Signature must start with SignedInfo and SignatureValue")
    signed_info, sig_value_el = kids[0], kids[1]
    key_infos = [k for k in kids[2:] if k.tag == _DS + "KeyInfo"]
    if len(key_infos) > 1 or (key_infos and kids[2] is not key_infos[0]):
        raise _Fail("MALFORMED", "misplaced or repeated KeyInfo")
    if any(k.tag == _DS + "Object" for k in kids):
        st.warnings.append(
            "the signature holds ds:Object content, which is not covered by "
            "the signature and is ignored"
        )
    si_kids = _only_ds(
        signed_info, ("CanonicalizationMethod", "SignatureMethod", "Reference"), "SignedInfo"
    )
    refs = [k for k in si_kids if k.tag == _DS + "Reference"]
    if len(refs) != 1:
        raise _Fail(
            "WRAPPING",
            f"SignedInfo holds {len(refs)} References; exactly one, to the "
            'whole document (URI=""), is allowed',
        )
    c14n_el = _one(signed_info, "CanonicalizationMethod", "SignedInfo")
    sm_el = _one(signed_info, "SignatureMethod", "SignedInfo")
    ref = refs[0]
    uri = ref.get("URI")
    if uri != "":
        raise _Fail(
            "WRAPPING",
            f'the Reference points to {uri!r}; only URI="" (the whole document) is accepted',
        )
    ref_kids = _only_ds(ref, ("Transforms", "DigestMethod", "DigestValue"), "Reference")
    transforms_el = [k for k in ref_kids if k.tag == _DS + "Transforms"]
    if len(transforms_el) > 1:
        raise _Fail("MALFORMED", "the Reference holds more than one Transforms element")
    dm_el = _one(ref, "DigestMethod", "Reference")
    dv_el = _one(ref, "DigestValue", "Reference")
    transform_els = (
        _only_ds(transforms_el[0], ("Transform",), "Transforms") if transforms_el else []
    )
    transform_uris = tuple(t.get("Algorithm") or "" for t in transform_els)
    si_c14n_uri = c14n_el.get("Algorithm") or ""
    sm_uri = sm_el.get("Algorithm") or ""
    dm_uri = dm_el.get("Algorithm") or ""
    st.algorithms = Algorithms(si_c14n_uri, sm_uri, dm_uri, transform_uris)

    if not transform_uris or transform_uris[0] != ENVELOPED:
        raise _Fail("MALFORMED", "the Reference must start with the enveloped-signature transform")
    if len(transform_uris) > 2:
        raise _Fail(
            "UNSUPPORTED_ALGORITHM",
            "only enveloped-signature followed by one "
            "canonicalization is supported as Reference transforms",
        )
    for t in transform_uris[1:]:
        if t not in C14N_METHODS:
            raise _Fail("UNSUPPORTED_ALGORITHM", f"unsupported transform {t!r}")

    # -- algorithms -------------------------------------------------------------------------
    si_method = _c14n_method(si_c14n_uri, policy, st, "CanonicalizationMethod")
    if _children(c14n_el):
        raise _Fail(
            "UNSUPPORTED_ALGORITHM", "parameters in CanonicalizationMethod are not supported"
        )
    if len(transform_uris) == 2:
        ref_method = _c14n_method(transform_uris[1], policy, st, "the Reference transform")
        prefixes = _prefix_list(transform_els[1])
    else:
        ref_method = C14N_METHODS[C14N]
        prefixes = None
    if sm_uri not in SIGNATURE_METHODS:
        raise _Fail(
            "UNSUPPORTED_ALGORITHM",
            f"unsupported signature method {sm_uri!r} (only RSA and ECDSA; HMAC is never accepted)",
        )
    if dm_uri not in DIGEST_METHODS:
        raise _Fail("UNSUPPORTED_ALGORITHM", f"unsupported digest method {dm_uri!r}")
    _check_alg(sm_uri, policy.allowed_signature_methods, policy, st, "signature method")
    _check_alg(dm_uri, policy.allowed_digest_methods, policy, st, "digest method")

    # -- signer certificate and signature value ---------------------------------------------
    signer_cert, others, subject_name = _pick_signer_cert(key_infos[0] if key_infos else None)
    st.signer = SignerCertificate.from_certificate(signer_cert)
    if subject_name and not _same_name(signer_cert, subject_name):
        st.warnings.append(
            f"KeyInfo's X509SubjectName ({subject_name}) does not name the "
            f"signing certificate ({st.signer.subject})"
        )
    pub = signer_cert.public_key()
    try:
        kind = key_kind(pub)
    except EdocError:
        raise _Fail(
            "UNSUPPORTED_ALGORITHM", "the certificate's key is neither RSA nor ECDSA"
        ) from None
    if SIGNATURE_METHODS[sm_uri][0] != kind:
        raise _Fail(
            "SIG_CRYPTO_FAILURE",
            f"the signature method {short_name(sm_uri)} does not "
            f"fit the certificate's {kind.upper()} key",
        )
    if isinstance(pub, rsa.RSAPublicKey) and pub.key_size < policy.min_rsa_bits:
        raise _Fail(
            "WEAK_ALGORITHM",
            f"the RSA key has {pub.key_size} bits; the policy needs at least {policy.min_rsa_bits}",
        )
    signature_value = _b64(sig_value_el.text, "SignatureValue")
    si_bytes = _doc.c14n_subtree(
        signed_info, exclusive=si_method.exclusive, with_comments=si_method.with_comments
    )
    if not check_signature_value(pub, si_bytes, signature_value, sm_uri):
        raise _Fail(
            "SIG_CRYPTO_FAILURE",
            "the signature value does not verify with the key of "
            "the certificate in KeyInfo (SignedInfo or SignatureValue altered, or the "
            "certificate replaced)",
        )

    # -- reference digest (enveloped transform + c14n), with relay tolerance ----------------
    expected = _b64(dv_el.text, "DigestValue")
    _doc.detach_keep_tail(sig)
    added = _digest_with_relay_tolerance(
        doc,
        header,
        ref_method.exclusive,
        prefixes,
        DIGEST_METHODS[dm_uri],
        expected,
        policy,
        st,
    )
    st.intact = True
    st.covered = (
        'the whole document (enveloped signature, URI=""): header, body and '
        "attachments; not the signature itself"
    )
    if added:
        st.covered += (
            f"; {added} TraceHeader entr{'y' if added == 1 else 'ies'} appended "
            "after signing are NOT covered"
        )
        st.warnings.append(
            f"{added} TraceHeader entr{'y was' if added == 1 else 'ies were'} "
            "appended after signing (hub relaying); they are not signed"
        )

    # -- certificate checks -----------------------------------------------------------------
    at = policy.at()
    st.binding = _binding(header, st.signer, policy)
    if st.binding.bound is None:
        st.warnings.append(st.binding.detail)
    if policy.require_key_usage:
        bad = check_signer_key_usage(signer_cert, policy.signer_ekus)
        if bad is not None:
            raise _Fail(bad.status, bad.message)
    if anchors:
        ekus = policy.signer_ekus if policy.require_key_usage else frozenset({ANY_EKU})
        chain = validate_path(signer_cert, [*others, *policy.intermediates], anchors, at, ekus)
        st.chain = tuple(c.subject.rfc4514_string() for c in chain.path)
        if chain.status != "OK":
            raise _Fail(chain.status, chain.message)
        _require_binding(st.binding)
        return st.result("OK", REASONS["OK"][1] + " " + _when(at, policy))
    bad = check_validity(signer_cert, at, "signer")
    if bad is not None:
        raise _Fail(bad.status, bad.message)
    if policy.require_trust:
        return st.result("TRUST_NOT_CHECKED", REASONS["TRUST_NOT_CHECKED"][1])
    _require_binding(st.binding)
    st.warnings.append("no trust anchors: the signer was not checked against any trust anchor")
    return st.result(
        "OK",
        "the signature is intact (signer not checked against trust anchors, as the policy allows)",
    )


def _binding(header: etree._Element, signer: SignerCertificate, policy: Policy) -> SenderBinding:
    """The signer against ``MessageHeader/From`` (a warning when nothing decides it)."""
    sender = header.find(f"{_Q}MessageHeader/{_Q}From")
    organ_id = name = None
    if sender is not None:
        organ_id = (sender.findtext(f"{_Q}OrganId") or "").strip() or None
        name = (sender.findtext(f"{_Q}OrganName") or "").strip() or None
    return bind_sender(organ_id, name, signer, policy.signers)


def _require_binding(binding: SenderBinding | None) -> None:
    if binding is not None and binding.bound is False:
        raise _Fail("SIGNER_NOT_BOUND", f"{REASONS['SIGNER_NOT_BOUND'][1]}: {binding.detail}")


def _when(at: _dt.datetime, policy: Policy) -> str:
    return f"(certificates checked at {at:%Y-%m-%d %H:%M:%S} UTC" + (
        ")" if policy.validation_time else ", now)"
    )


def verify(
    source: PackageSource, *, trust: TrustSource | None = None, policy: Policy | None = None
) -> VerifyResult:
    """Verify the package's signature; never raises for bad content.

    ``trust``: trust anchors (certificates, a PEM bundle or DER file, a directory), added to
    ``policy.trust_anchors``.  Without any anchor the best verdict is ``indeterminate`` with
    reason ``TRUST_NOT_CHECKED`` (unless ``Policy(require_trust=False)``).  Raises only for
    unusable arguments (unreadable trust file, unreadable source path).
    """
    policy = policy or Policy()
    anchors = policy.trust_anchors + load_trust_anchors(trust)
    with _stream.open_source(source) as src:
        result = _checked(src, anchors, policy)
        if result.reason in CANDIDATE_FAILURES:  # a hub that re-serialised the package?
            found = reserialised(bytes(src.buf), lambda c: _checked_bytes(c, anchors, policy))
            if found is not None:  # who signed is known; what they signed is not in these bytes
                message = REASONS["RESERIALISED"][1]
                return attrs.evolve(found, verdict="invalid", reason="RESERIALISED",
                                    message=message, intact=False, covered="")  # fmt: skip
        return result


def _checked(
    src: _stream.Source, anchors: tuple[x509.Certificate, ...], policy: Policy
) -> VerifyResult:
    """The checks of :func:`verify`, as a result (no re-serialisation post-check)."""
    st = _State()
    try:
        try:
            return _verify(src, anchors, policy, st)
        except _stream.NotPlain:  # a payload is not its own canonical form: the whole tree
            st = _State()
            return _verify(src, anchors, policy, st, cut=False)
    except _Fail as fail:
        return st.result(fail.reason, fail.message)
    except Exception as exc:  # defence in depth: hostile certificates, lxml, cryptography
        return st.result(
            "MALFORMED", f"the signature cannot be processed: {type(exc).__name__}: {exc}"
        )


def _checked_bytes(
    data: bytes, anchors: tuple[x509.Certificate, ...], policy: Policy
) -> VerifyResult:
    with _stream.open_source(data) as src:
        return _checked(src, anchors, policy)


@attrs.frozen
class SignatureFinding:
    """A signature problem as a validation finding (for the report's signature tier)."""

    rule: str
    severity: str
    message: str
    path: str = "/edXML/edXMLEnvelope/edXMLHeader/Signature"


def signature_findings(
    data: bytes, trust: TrustSource | None = None, policy: Policy | None = None
) -> tuple[VerifyResult, tuple[SignatureFinding, ...]]:
    """Run :func:`verify` and express the outcome as findings.

    Rule ids are ``SIG-`` + reason code; severity ``error`` for ``invalid``, ``warning`` for
    ``indeterminate`` and for each result warning; a valid signature gives no error.
    """
    result = verify(data, trust=trust, policy=policy)
    findings: list[SignatureFinding] = []
    if result.verdict != "valid":
        findings.append(
            SignatureFinding(
                rule=f"SIG-{result.reason}",
                severity="error" if result.verdict == "invalid" else "warning",
                message=result.message,
            )
        )
    for w in result.warnings:
        findings.append(SignatureFinding(rule="SIG-WARNING", severity="warning", message=w))
    return result, tuple(findings)


__all__ = [
    "REASONS",
    "Algorithms",
    "SignatureFinding",
    "SignerCertificate",
    "VerifyResult",
    "signature_findings",
    "verify",
]
