"""Verification of edXML package signatures: :func:`verify` and its result.

``verify`` is a pipeline of small steps, each answering a frozen value or a ``Failure``
(``_step.py``); the first failure decides ``reason``.  Each step runs only on what the steps
before it checked:

1. the package parses (hardened parser) and has ``/edXML/edXMLEnvelope/edXMLHeader``;
   exactly one element named ``Signature``, in the XMLDSig namespace, placed as the policy
   expects; no XML comments in the signed content (``_structure.read_document``, ``locate``);
2. the signature's structure: ``SignedInfo``, ``SignatureValue``, ``KeyInfo``; one
   ``Reference`` with ``URI=""`` (``_structure.structure``); its transforms *enveloped* then
   at most one canonicalization (``_structure.references``);
3. algorithms known and allowed by the policy (``_methods.algorithms``);
4. the certificate (from ``KeyInfo/X509Data``) verifies ``SignatureValue`` over the
   canonical ``SignedInfo``, with a key of an allowed size (``_key``);
5. the digest of the document (without the signature) matches ``DigestValue`` - or does so
   once TraceHeader entries appended by relaying hubs are set aside (``_relay.digest``);
6. the signer bound to the sender, the signer's certificate: key usage, validity at the
   validation time, path to a trust anchor (``_verdict.bind``, ``trust``), and the verdict
   (``_verdict.verdict``).

A package whose signature fails because a hub re-serialised it is told apart afterwards
(``reserialised.py``).
"""

from __future__ import annotations

import json
from typing import Any

import attrs
from cryptography import x509
from lxml import etree

from .._i18n import Lang
from .._types import PackageSource
from . import _stream, _verdict
from ._key import Signer, signature_value, signer_certificate
from ._methods import algorithms
from ._relay import digest
from ._step import Failure, processing_failure
from ._structure import locate, read_document, references, structure
from .binding import SenderBinding
from .outcome import REASONS, Algorithms, Reason, SignerCertificate, Verdict
from .policy import Policy
from .reserialised import CANDIDATE_FAILURES, reserialised
from .trust import TrustSource, load_trust_anchors


@attrs.frozen
class VerifyResult:
    """The outcome of :func:`verify`.  ``valid`` is True only for the ``valid`` verdict."""

    verdict: Verdict
    """``valid``, ``invalid`` or ``indeterminate`` (intact but the signer not established)."""
    reason: Reason
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

    def summary(self, lang: Lang = "en") -> str:
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


class _Facts:
    """What the steps found so far: a failure reports them with its reason.  Owned by one run
    of :func:`_verify` (the steps themselves only answer values)."""

    def __init__(self) -> None:
        self.signer: SignerCertificate | None = None
        self.algorithms: Algorithms | None = None
        self.intact = False
        self.trace: tuple[tuple[str, str], ...] = ()
        self.covered = ""
        self.chain: tuple[str, ...] = ()
        self.warnings: list[str] = []
        self.binding: SenderBinding | None = None

    def note(self, warnings: tuple[str, ...]) -> None:
        self.warnings.extend(warnings)

    def failed(self, failure: Failure) -> VerifyResult:
        self.note(failure.warnings)
        return self.result(failure.reason, failure.message)

    def result(self, reason: Reason, message: str) -> VerifyResult:
        return VerifyResult(
            verdict=REASONS[reason][0],
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


def _verify(
    src: _stream.Source,
    anchors: tuple[x509.Certificate, ...],
    policy: Policy,
    facts: _Facts,
    *,
    cut: bool = True,
) -> VerifyResult:
    """The steps in order (module doc); the first ``Failure`` decides."""
    doc = read_document(src, cut=cut)
    if isinstance(doc, Failure):
        return facts.failed(doc)
    placed = locate(doc.root, policy)
    if isinstance(placed, Failure):
        return facts.failed(placed)
    shape = structure(placed.signature)
    if isinstance(shape, Failure):
        return facts.failed(shape)
    facts.note(shape.warnings)
    facts.algorithms = shape.algorithms
    if isinstance(bad := references(shape.algorithms), Failure):
        return facts.failed(bad)
    methods = algorithms(shape, policy)
    if isinstance(methods, Failure):
        return facts.failed(methods)
    facts.note(methods.warnings)
    signer = signer_certificate(shape.key_info)
    if isinstance(signer, Failure):
        return facts.failed(signer)
    facts.signer = signer.summary
    key = signature_value(shape, methods, signer, policy)
    if isinstance(key, Failure):
        return facts.failed(key)
    facts.note(key.warnings)
    digested = digest(doc, placed, shape, methods, policy)
    if isinstance(digested, Failure):
        return facts.failed(digested)
    facts.intact, facts.trace, facts.covered = True, digested.added, digested.covered
    facts.note(digested.warnings)
    return _trusted(placed.header, signer, anchors, policy, facts)


def _trusted(
    header: etree._Element,
    signer: Signer,
    anchors: tuple[x509.Certificate, ...],
    policy: Policy,
    facts: _Facts,
) -> VerifyResult:
    """The steps after an intact signature: binding, trust, verdict."""
    at = policy.at()
    bound = _verdict.bind(header, signer, policy)
    if isinstance(bound, Failure):
        return facts.failed(bound)
    facts.binding = bound.binding
    facts.note(bound.warnings)
    found = _verdict.trust(signer, anchors, policy, at)
    if isinstance(found, Failure):
        return facts.failed(found)
    facts.chain = found.chain
    decision = _verdict.verdict(found, bound.binding, policy)
    facts.note(decision.warnings)
    return facts.result(decision.reason, decision.message)


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
    facts = _Facts()
    try:
        try:
            return _verify(src, anchors, policy, facts)
        except _stream.NotPlain:  # a payload is not its own canonical form: the whole tree
            facts = _Facts()
            return _verify(src, anchors, policy, facts, cut=False)
    except Exception as exc:  # defence in depth: the steps answer Failures; a last guard
        return facts.result("MALFORMED", processing_failure(exc))


def _checked_bytes(
    data: bytes, anchors: tuple[x509.Certificate, ...], policy: Policy
) -> VerifyResult:
    with _stream.open_source(data) as src:
        return _checked(src, anchors, policy)


__all__ = [
    "REASONS",
    "Algorithms",
    "SignerCertificate",
    "VerifyResult",
    "verify",
]
