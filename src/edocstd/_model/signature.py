"""The signature block as data: what it says, and its exact XML so it is written back unchanged."""

from __future__ import annotations

import attrs

from .._namespaces import XMLDSIG_NS
from .._record import Record


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SignatureBlock(Record):
    """The ``Signature`` element of ``edXMLHeader`` as read.

    ``namespace`` is the XMLDSig namespace for a real signature; the official SDK writes the
    element unprefixed without it, so it lands in the QCVN namespace (``is_xmldsig`` False):
    such a block is a placeholder no standard verifier recognises.  Use ``edocstd.verify``
    to check a signature; this object only describes it.
    """

    namespace: str | None
    xml: bytes = attrs.field(repr=False)
    canonicalization_method: str | None = None
    signature_method: str | None = None
    digest_method: str | None = None
    transforms: tuple[str, ...] = ()
    reference_uri: str | None = None
    digest_value: str | None = attrs.field(default=None, repr=False)
    signature_value: str | None = attrs.field(default=None, repr=False)
    subject_name: str | None = None
    certificates: tuple[str, ...] = attrs.field(default=(), repr=False)

    @property
    def is_xmldsig(self) -> bool:
        """True when the block is an XMLDSig ``ds:Signature`` (not the SDK's placeholder)."""
        return self.namespace == XMLDSIG_NS


__all__ = ["XMLDSIG_NS", "SignatureBlock"]
