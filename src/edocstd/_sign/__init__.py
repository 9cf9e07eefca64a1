"""XML signatures for edXML packages: sign, verify, policy, trust, external signing.

See docs/signatures.md.  Public names here are re-exported by ``edocstd``.
"""

from __future__ import annotations

from .binding import SenderBinding, SignerRegistry, SignerRule
from .external import PreparedSignature, complete, prepare
from .keys import ExternalKey, load_certificate, load_certificates, load_private_key
from .pkcs11 import Pkcs11Signer, list_token_objects
from .policy import Policy
from .profiles import LEGACY, PROFILES, VDXP, Profile
from .signer import sign
from .tokens import TokenObject
from .trust import load_trust_anchors
from .verifier import (
    REASONS,
    Algorithms,
    SignatureFinding,
    SignerCertificate,
    VerifyResult,
    signature_findings,
    verify,
)

__all__ = [
    "LEGACY",
    "PROFILES",
    "REASONS",
    "VDXP",
    "Algorithms",
    "ExternalKey",
    "Pkcs11Signer",
    "Policy",
    "PreparedSignature",
    "Profile",
    "SenderBinding",
    "SignatureFinding",
    "SignerCertificate",
    "SignerRegistry",
    "SignerRule",
    "TokenObject",
    "VerifyResult",
    "complete",
    "list_token_objects",
    "load_certificate",
    "load_certificates",
    "load_private_key",
    "load_trust_anchors",
    "prepare",
    "sign",
    "signature_findings",
    "verify",
]
