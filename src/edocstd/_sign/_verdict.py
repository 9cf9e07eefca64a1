"""Verification step 7 and the verdict: may the signer sign for the sender, is the signer
trusted, and what does it all come to?

* :func:`bind`: the signer against ``MessageHeader/From`` (``policy.signers``);
* :func:`trust`: the signer's key usage, then a path to a trust anchor valid at the validation
  time - or, without anchors, the signer's own validity;
* :func:`verdict`: the reason code and message from the two (pure; no I/O, no clock).

Run only once the signature value and the digest verified (``_key.py``, ``_relay.py``).
"""

from __future__ import annotations

import datetime as _dt
from typing import Literal

import attrs
from cryptography import x509
from lxml import etree

from ._key import Signer
from ._step import Failure, run_step
from .algorithms import QCVN_NS
from .binding import SenderBinding, bind_sender
from .outcome import REASONS, Reason
from .policy import Policy
from .trust import ANY_EKU, ChainStatus, check_signer_key_usage, check_validity, validate_path

_Q = f"{{{QCVN_NS}}}"

TrustStatus = ChainStatus | Literal["TRUST_NOT_CHECKED"]
"""What :func:`trust` found (``OK``: a path to an anchor; ``TRUST_NOT_CHECKED``: no anchor)."""


@attrs.frozen
class Bound:
    """The sender binding, and a warning when nothing decided it."""

    binding: SenderBinding
    warnings: tuple[str, ...] = ()


@attrs.frozen
class Trust:
    """What the certificate checks found.

    ``status`` is ``OK`` when a path to an anchor was validated, ``TRUST_NOT_CHECKED`` when no
    anchor was given and the signer's certificate is valid at ``at``, otherwise the problem.
    """

    status: TrustStatus
    message: str
    at: _dt.datetime
    anchored: bool
    """Whether trust anchors were given (a path was looked for)."""
    chain: tuple[str, ...] = ()
    """Subjects from the signer to the trust anchor, when a path was validated."""


@attrs.frozen
class Decision:
    """The reason code that decides the verdict, its message, and a last warning or none."""

    reason: Reason
    message: str
    warnings: tuple[str, ...] = ()


def bind(header: etree._Element, signer: Signer, policy: Policy) -> Bound | Failure:
    """The signer against ``MessageHeader/From`` (a warning when nothing decides it)."""
    return run_step(lambda _notes: _bind(header, signer, policy))


def _bind(header: etree._Element, signer: Signer, policy: Policy) -> Bound:
    sender = header.find(f"{_Q}MessageHeader/{_Q}From")
    organ_id = name = None
    if sender is not None:
        organ_id = (sender.findtext(f"{_Q}OrganId") or "").strip() or None
        name = (sender.findtext(f"{_Q}OrganName") or "").strip() or None
    binding = bind_sender(organ_id, name, signer.summary, policy.signers)
    return Bound(binding, (binding.detail,) if binding.bound is None else ())


def trust(
    signer: Signer, anchors: tuple[x509.Certificate, ...], policy: Policy, at: _dt.datetime
) -> Trust | Failure:
    """Key usage (when the policy requires it), then the path to an anchor or the validity."""
    return run_step(lambda _notes: _trust(signer, anchors, policy, at))


def _trust(
    signer: Signer, anchors: tuple[x509.Certificate, ...], policy: Policy, at: _dt.datetime
) -> Trust:
    cert = signer.certificate
    if policy.require_key_usage:
        bad = check_signer_key_usage(cert, policy.signer_ekus)
        if bad is not None:
            return Trust(bad.status, bad.message, at, bool(anchors))
    if anchors:
        ekus = policy.signer_ekus if policy.require_key_usage else frozenset({ANY_EKU})
        path = validate_path(cert, [*signer.others, *policy.intermediates], anchors, at, ekus)
        chain = tuple(c.subject.rfc4514_string() for c in path.path)
        return Trust(path.status, path.message, at, True, chain)
    bad = check_validity(cert, at, "signer")
    if bad is not None:
        return Trust(bad.status, bad.message, at, False)
    return Trust("TRUST_NOT_CHECKED", REASONS["TRUST_NOT_CHECKED"][1], at, False)


def verdict(found: Trust, binding: SenderBinding, policy: Policy) -> Decision:
    """The reason and message of an intact signature, from the trust checks and the binding."""
    if found.status not in ("OK", "TRUST_NOT_CHECKED"):
        return Decision(found.status, found.message)
    if not found.anchored and policy.require_trust:
        return Decision("TRUST_NOT_CHECKED", found.message)
    if binding.bound is False:
        return Decision("SIGNER_NOT_BOUND", f"{REASONS['SIGNER_NOT_BOUND'][1]}: {binding.detail}")
    if found.anchored:
        return Decision("OK", REASONS["OK"][1] + " " + _when(found.at, policy))
    return Decision(
        "OK",
        "the signature is intact (signer not checked against trust anchors, as the policy allows)",
        ("no trust anchors: the signer was not checked against any trust anchor",),
    )


def _when(at: _dt.datetime, policy: Policy) -> str:
    return f"(certificates checked at {at:%Y-%m-%d %H:%M:%S} UTC" + (
        ")" if policy.validation_time else ", now)"
    )


__all__ = ["Bound", "Decision", "Trust", "TrustStatus", "bind", "trust", "verdict"]
