"""Algorithm identifiers (XMLDSig URIs) and the two algorithm suites :func:`sign` writes.

An *algorithm suite* (``vdxp``, ``legacy``) is the set of algorithms a signature is written
with.  It was called a "signing profile" before; "profile" now means only a validation
profile (``vdxp`` / ``strict`` / ``lenient``), and the old names (``Profile``, ``PROFILES``,
``get_profile``, ``sign(profile=...)``) remain as aliases.

Every URI the library understands is listed here, by name.  Nothing is ever guessed: an
algorithm URI that is not in these tables is *unsupported*, with one documented exception,
the non-standard exclusive-C14N URI written by the official SDK samples
(:data:`EXC_C14N_SDK`), which is mapped explicitly to real exclusive C14N.
"""

from __future__ import annotations

from typing import Literal

import attrs

from .._errors import SignatureError
from .._namespaces import EDXML_NS as QCVN_NS
from .._namespaces import XMLDSIG_NS as DSIG_NS

_MORE = "http://www.w3.org/2001/04/xmldsig-more#"
_ENC = "http://www.w3.org/2001/04/xmlenc#"

# -- canonicalization -------------------------------------------------------------------------
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_WITH_COMMENTS = C14N + "#WithComments"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
EXC_C14N_WITH_COMMENTS = EXC_C14N + "WithComments"
EXC_C14N_SDK = "http://www.w3.org/TR/xml-exc-c14n#"
"""Non-standard URI written by the official SDK samples; read as :data:`EXC_C14N`."""

# -- transforms -------------------------------------------------------------------------------
ENVELOPED = DSIG_NS + "enveloped-signature"

# -- digests ----------------------------------------------------------------------------------
SHA1 = DSIG_NS + "sha1"
SHA224 = _MORE + "sha224"
SHA256 = _ENC + "sha256"
SHA384 = _MORE + "sha384"
SHA512 = _ENC + "sha512"

# -- signatures -------------------------------------------------------------------------------
RSA_SHA1 = DSIG_NS + "rsa-sha1"
RSA_SHA256 = _MORE + "rsa-sha256"
RSA_SHA384 = _MORE + "rsa-sha384"
RSA_SHA512 = _MORE + "rsa-sha512"
ECDSA_SHA1 = _MORE + "ecdsa-sha1"
ECDSA_SHA256 = _MORE + "ecdsa-sha256"
ECDSA_SHA384 = _MORE + "ecdsa-sha384"
ECDSA_SHA512 = _MORE + "ecdsa-sha512"


@attrs.frozen
class C14nMethod:
    """What a canonicalization URI means."""

    uri: str
    exclusive: bool
    with_comments: bool
    nonstandard: bool = False
    """True for :data:`EXC_C14N_SDK` (mapped explicitly, reported as a warning)."""


C14N_METHODS: dict[str, C14nMethod] = {
    C14N: C14nMethod(C14N, exclusive=False, with_comments=False),
    C14N_WITH_COMMENTS: C14nMethod(C14N_WITH_COMMENTS, exclusive=False, with_comments=True),
    EXC_C14N: C14nMethod(EXC_C14N, exclusive=True, with_comments=False),
    EXC_C14N_WITH_COMMENTS: C14nMethod(EXC_C14N_WITH_COMMENTS, exclusive=True, with_comments=True),
    # The SDK samples' spelling: explicitly exclusive C14N without comments, never a fallback.
    EXC_C14N_SDK: C14nMethod(EXC_C14N_SDK, exclusive=True, with_comments=False, nonstandard=True),
}

DIGEST_METHODS: dict[str, str] = {
    SHA1: "sha1",
    SHA224: "sha224",
    SHA256: "sha256",
    SHA384: "sha384",
    SHA512: "sha512",
}
"""Digest URI → ``hashlib`` name."""

KeyKind = Literal["rsa", "ecdsa"]

SIGNATURE_METHODS: dict[str, tuple[KeyKind, str]] = {
    RSA_SHA1: ("rsa", "sha1"),
    RSA_SHA256: ("rsa", "sha256"),
    RSA_SHA384: ("rsa", "sha384"),
    RSA_SHA512: ("rsa", "sha512"),
    ECDSA_SHA1: ("ecdsa", "sha1"),
    ECDSA_SHA256: ("ecdsa", "sha256"),
    ECDSA_SHA384: ("ecdsa", "sha384"),
    ECDSA_SHA512: ("ecdsa", "sha512"),
}
"""Signature URI → (key kind, hash name)."""

SHA1_URIS = frozenset({SHA1, RSA_SHA1, ECDSA_SHA1})

_SIGNATURE_NAMES = {
    "RSA-SHA1": RSA_SHA1,
    "RSA-SHA256": RSA_SHA256,
    "RSA-SHA384": RSA_SHA384,
    "RSA-SHA512": RSA_SHA512,
    "ECDSA-SHA1": ECDSA_SHA1,
    "ECDSA-SHA256": ECDSA_SHA256,
    "ECDSA-SHA384": ECDSA_SHA384,
    "ECDSA-SHA512": ECDSA_SHA512,
}
_DIGEST_NAMES = {
    "SHA1": SHA1,
    "SHA224": SHA224,
    "SHA256": SHA256,
    "SHA384": SHA384,
    "SHA512": SHA512,
}


def signature_method_uri(name_or_uri: str) -> str:
    """``"RSA-SHA512"`` or a URI → the URI; ``SignatureError`` when unknown."""
    uri = _SIGNATURE_NAMES.get(name_or_uri.upper().replace("_", "-"), name_or_uri)
    if uri not in SIGNATURE_METHODS:
        raise SignatureError(
            f"unsupported signature method {name_or_uri!r}; use one of "
            + ", ".join(sorted(_SIGNATURE_NAMES))
        )
    return uri


def digest_method_uri(name_or_uri: str) -> str:
    """``"SHA256"`` or a URI → the URI; ``SignatureError`` when unknown."""
    uri = _DIGEST_NAMES.get(name_or_uri.upper().replace("-", ""), name_or_uri)
    if uri not in DIGEST_METHODS:
        raise SignatureError(
            f"unsupported digest method {name_or_uri!r}; use one of " + ", ".join(_DIGEST_NAMES)
        )
    return uri


def short_name(uri: str) -> str:
    """A readable name for a URI (``RSA-SHA256``, ``exc-c14n``...), or the URI itself."""
    for table in (_SIGNATURE_NAMES, _DIGEST_NAMES):
        for name, u in table.items():
            if u == uri:
                return name
    return {
        C14N: "c14n",
        C14N_WITH_COMMENTS: "c14n-with-comments",
        EXC_C14N: "exc-c14n",
        EXC_C14N_WITH_COMMENTS: "exc-c14n-with-comments",
        EXC_C14N_SDK: "exc-c14n (SDK's non-standard URI)",
        ENVELOPED: "enveloped-signature",
    }.get(uri, uri)


SuiteName = Literal["vdxp", "legacy"]
SuiteName.__doc__ = """The name of an algorithm suite of :data:`edocstd.SUITES`, what ``sign``
writes: ``vdxp``, exclusive C14N and SHA-256; ``legacy``, the official SDK samples' SHA-1."""


@attrs.frozen
class AlgorithmSuite:
    """How :func:`sign` writes a signature: the algorithms of a named suite."""

    name: str
    canonicalization: str
    """CanonicalizationMethod of SignedInfo."""
    reference_c14n: str
    """The canonicalization transform after the enveloped-signature transform."""
    digest: str
    rsa_signature: str
    ecdsa_signature: str
    """ECDSA method for a P-256 key (P-384/P-521 keys use SHA-384/SHA-512 in ``vdxp``)."""


VDXP = AlgorithmSuite(
    name="vdxp",
    canonicalization=EXC_C14N,
    reference_c14n=EXC_C14N,
    digest=SHA256,
    rsa_signature=RSA_SHA256,
    ecdsa_signature=ECDSA_SHA256,
)
"""Default: exclusive C14N, RSA-SHA256 (ECDSA-SHA256/384), SHA-256 digest."""

LEGACY = AlgorithmSuite(
    name="legacy",
    canonicalization=C14N,
    reference_c14n=EXC_C14N,
    digest=SHA1,
    rsa_signature=RSA_SHA1,
    ecdsa_signature=ECDSA_SHA1,
)
"""The official SDK samples' algorithms (C14N 1.0 SignedInfo, RSA-SHA1, SHA-1 digest).

The transform is written with the *standard* exclusive-C14N URI, never the samples'
non-standard one, so that standard verifiers (xmlsec1, signxml, Java) accept it.
"""

SUITES: dict[str, AlgorithmSuite] = {"vdxp": VDXP, "legacy": LEGACY}
"""The algorithm suites by name."""


def get_suite(
    suite: SuiteName | AlgorithmSuite | None = None,
    profile: SuiteName | AlgorithmSuite | None = None,
) -> AlgorithmSuite:
    """The suite named ``suite`` (or given; None: ``vdxp``); ``profile`` is its old name and,
    when both are given, must name the same suite.  ``SignatureError`` when unknown."""
    if profile is None:
        return _suite("vdxp" if suite is None else suite)
    old = _suite(profile)
    if suite is not None and _suite(suite) != old:
        raise SignatureError(
            "give suite= only (profile= is its old name)",
            message_vi="chỉ cần cho suite= (profile= là tên cũ của nó)",
        )
    return old


def _suite(suite: SuiteName | AlgorithmSuite) -> AlgorithmSuite:
    if isinstance(suite, AlgorithmSuite):
        return suite
    try:
        return SUITES[suite]
    except KeyError:
        names = ", ".join(SUITES)
        raise SignatureError(
            f"unknown algorithm suite (signing profile) {suite!r}; use one of {names}",
            message_vi=f"bộ thuật toán ký (signing profile) {suite!r} không xác định; "
            f"dùng một trong: {names}",
        ) from None


Profile = AlgorithmSuite
"""Old name of :class:`AlgorithmSuite` (kept as an alias)."""
PROFILES = SUITES
"""Old name of :data:`SUITES` (kept as an alias)."""
get_profile = get_suite
"""Old name of :func:`get_suite` (kept as an alias)."""


__all__ = [
    "C14N",
    "C14N_METHODS",
    "C14N_WITH_COMMENTS",
    "DIGEST_METHODS",
    "DSIG_NS",
    "ECDSA_SHA1",
    "ECDSA_SHA256",
    "ECDSA_SHA384",
    "ECDSA_SHA512",
    "ENVELOPED",
    "EXC_C14N",
    "EXC_C14N_SDK",
    "EXC_C14N_WITH_COMMENTS",
    "LEGACY",
    "PROFILES",
    "QCVN_NS",
    "RSA_SHA1",
    "RSA_SHA256",
    "RSA_SHA384",
    "RSA_SHA512",
    "SHA1",
    "SHA1_URIS",
    "SHA224",
    "SHA256",
    "SHA384",
    "SHA512",
    "SIGNATURE_METHODS",
    "SUITES",
    "VDXP",
    "AlgorithmSuite",
    "C14nMethod",
    "KeyKind",
    "Profile",
    "SuiteName",
    "digest_method_uri",
    "get_profile",
    "get_suite",
    "short_name",
    "signature_method_uri",
]
