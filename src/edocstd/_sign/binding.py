"""Who signed for whom: the signer's certificate bound to the package's sender.

A certificate under a trusted CA proves *who* signed, not that this person or agency may
speak for the agency named in ``MessageHeader/From``.  A receiver decides that with a
:class:`SignerRegistry` (OrganId -> the certificates allowed to sign for it) or with its own
function; :func:`bind_sender` records the outcome and how it was reached.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .._errors import SignatureError

if TYPE_CHECKING:
    from .outcome import SignerCertificate

BindingMethod = Literal["registry", "function", "none"]


def _norm_name(text: str) -> tuple[str, ...]:
    """An RFC 4514 name compared without case, spacing or RDN order (as people write them)."""
    return tuple(sorted(p.strip().replace(" ", "").lower() for p in text.split(",") if p.strip()))


def _norm_hex(text: str) -> str:
    return text.replace(":", "").replace(" ", "").lower()


@attrs.frozen(kw_only=True)
class SignerRule:
    """One certificate allowed to sign for an agency: by SHA-256 fingerprint, by subject name,
    or by issuer name and serial number (give exactly one of the three)."""

    fingerprint_sha256: str | None = None
    subject: str | None = None
    issuer: str | None = None
    serial: str | None = None
    """Hexadecimal, as certificate viewers show it."""

    def __attrs_post_init__(self) -> None:
        kinds = [
            self.fingerprint_sha256 is not None,
            self.subject is not None,
            self.issuer is not None or self.serial is not None,
        ]
        if sum(kinds) != 1 or (kinds[2] and (self.issuer is None or self.serial is None)):
            raise SignatureError(
                "a signer rule names exactly one of: fingerprint_sha256, subject, "
                f"or issuer with serial (got {attrs.asdict(self)})"
            )

    def matches(self, signer: SignerCertificate) -> bool:
        """Whether ``signer`` is the certificate this rule names."""
        if self.fingerprint_sha256 is not None:
            return _norm_hex(self.fingerprint_sha256) == signer.fingerprint_sha256
        if self.subject is not None:
            return _norm_name(self.subject) == _norm_name(signer.subject)
        assert self.issuer is not None and self.serial is not None
        return _norm_name(self.issuer) == _norm_name(signer.issuer) and _norm_hex(
            self.serial
        ).lstrip("0") == format(signer.serial, "x")

    def describe(self) -> str:
        """The rule in words (for ``SenderBinding.detail``)."""
        if self.fingerprint_sha256 is not None:
            return f"fingerprint {_norm_hex(self.fingerprint_sha256)}"
        if self.subject is not None:
            return f"subject {self.subject}"
        return f"issuer {self.issuer}, serial {self.serial}"


def _rules(organ_id: str, items: Any) -> tuple[SignerRule, ...]:
    if not isinstance(items, list):
        raise SignatureError(f"signer registry: {organ_id!r} must map to a list of rules")
    out = []
    for item in items:
        if not isinstance(item, dict) or not all(isinstance(v, str) for v in item.values()):
            raise SignatureError(f"signer registry: a rule of {organ_id!r} is not an object")
        unknown = set(item) - {"fingerprint_sha256", "subject", "issuer", "serial"}
        if unknown:
            raise SignatureError(f"signer registry: unknown field(s) {sorted(unknown)}")
        out.append(SignerRule(**item))
    return tuple(out)


@attrs.frozen
class SignerRegistry:
    """OrganId -> the certificates allowed to sign packages sent by that agency.

    The file form (JSON) is ``{"000.00.00.G22": [{"fingerprint_sha256": "..."},
    {"subject": "CN=...,O=..."}, {"issuer": "CN=...", "serial": "1a2b"}]}``.
    """

    entries: Mapping[str, tuple[SignerRule, ...]]

    @classmethod
    def from_dict(cls, data: Mapping[str, Iterable[Mapping[str, str]]]) -> SignerRegistry:
        """A registry from ``{OrganId: [rule, ...]}`` (``SignatureError`` if malformed)."""
        if not isinstance(data, Mapping):
            raise SignatureError("signer registry: expected an object {OrganId: [rules]}")
        return cls({str(k).strip(): _rules(str(k), v) for k, v in data.items()})

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> SignerRegistry:
        """A registry from a JSON file of the :meth:`from_dict` form (``SignatureError`` if
        it cannot be read or is malformed)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise SignatureError(
                f"cannot read the signer registry {os.fspath(path)!r}: {exc.strerror or exc}"
            ) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise SignatureError(
                f"the signer registry {os.fspath(path)!r} is not JSON: {exc}"
            ) from None
        return cls.from_dict(data)

    def check(self, organ_id: str, signer: SignerCertificate) -> tuple[bool, str]:
        """``(allowed, why)`` for ``signer`` signing a package sent by ``organ_id``."""
        rules = self.entries.get(organ_id)
        if not rules:
            return False, f"the signer registry has no entry for {organ_id}"
        for rule in rules:
            if rule.matches(signer):
                return True, f"the signer registry allows it for {organ_id} ({rule.describe()})"
        return False, f"none of the {len(rules)} certificate(s) registered for {organ_id} match"


SignerCheck = Callable[[str, "SignerCertificate"], bool]
"""A caller's decision: ``check(organ_id, signer) -> bool``."""
Signers = SignerRegistry | SignerCheck


@attrs.frozen
class SenderBinding:
    """Whether the signer may sign for the sender, and how that was decided."""

    sender: str | None
    """``MessageHeader/From/OrganId`` (None when the package names no sender)."""
    sender_name: str | None
    bound: bool | None
    """True: allowed; False: not allowed (or no sender); None: not checked."""
    method: BindingMethod
    """``registry``, ``function`` (the caller's), or ``none`` (nothing to check against)."""
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """The binding as JSON-ready values."""
        return {
            "sender": self.sender,
            "sender_name": self.sender_name,
            "bound": self.bound,
            "method": self.method,
            "detail": self.detail,
        }


def bind_sender(
    sender: str | None,
    sender_name: str | None,
    signer: SignerCertificate,
    signers: Signers | None,
) -> SenderBinding:
    def result(bound: bool | None, method: BindingMethod, detail: str) -> SenderBinding:
        return SenderBinding(sender, sender_name, bound, method, detail)

    if signers is None:
        who = f"{sender} ({sender_name})" if sender_name else str(sender)
        return result(
            None,
            "none",
            f"the signer ({signer.subject}) was not checked against the sender {who}: "
            "no signer registry was given",
        )
    method: BindingMethod = "registry" if isinstance(signers, SignerRegistry) else "function"
    if not sender:
        return result(False, method, "the package names no sender (MessageHeader/From/OrganId)")
    if isinstance(signers, SignerRegistry):
        bound, detail = signers.check(sender, signer)
        return result(bound, method, detail)
    try:
        allowed = bool(signers(sender, signer))
    except Exception as exc:  # the caller's function: its failure is a refusal, reported
        return result(False, method, f"the signer check raised {type(exc).__name__}: {exc}")
    verdict = "allows" if allowed else "does not allow"
    return result(allowed, method, f"the caller's signer check {verdict} it for {sender}")


__all__ = [
    "SenderBinding",
    "SignerCheck",
    "SignerRegistry",
    "SignerRule",
    "Signers",
    "bind_sender",
]
