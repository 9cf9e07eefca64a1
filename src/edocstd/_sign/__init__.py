"""XML signatures for edXML packages: sign, verify, policy, trust, external signing.

See docs/signatures.md.  Public names here are re-exported by ``edocstd``.  ``Profile`` and
``PROFILES`` are the old names of ``AlgorithmSuite`` and ``SUITES`` (kept as aliases:
"profile" means a validation profile).
"""

from __future__ import annotations

from .algorithms import LEGACY, PROFILES, SUITES, VDXP, AlgorithmSuite, Profile, SuiteName
from .binding import SenderBinding, SignerRegistry, SignerRule
from .external import PreparedSignature, complete, prepare
from .keys import ExternalKey, load_certificate, load_certificates, load_private_key
from .outcome import Reason, Verdict
from .pkcs11 import Pkcs11Signer, list_token_objects
from .policy import Policy
from .signer import sign
from .tokens import TokenObject
from .trust import load_trust_anchors
from .verifier import (
    REASONS,
    Algorithms,
    SignerCertificate,
    VerifyResult,
    verify,
)

__all__ = [
    "LEGACY",
    "PROFILES",
    "REASONS",
    "SUITES",
    "VDXP",
    "AlgorithmSuite",
    "Algorithms",
    "ExternalKey",
    "Pkcs11Signer",
    "Policy",
    "PreparedSignature",
    "Profile",
    "Reason",
    "SenderBinding",
    "SignerCertificate",
    "SignerRegistry",
    "SignerRule",
    "SuiteName",
    "TokenObject",
    "Verdict",
    "VerifyResult",
    "complete",
    "list_token_objects",
    "load_certificate",
    "load_certificates",
    "load_private_key",
    "load_trust_anchors",
    "prepare",
    "sign",
    "verify",
]
