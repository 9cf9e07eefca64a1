"""The signatures on the documents inside a package (PDF, PAdES), checked with pyHanko.

Needs the optional extra ``edocstd[pdf]`` (``pyhanko``, ``pyhanko-certvalidator``).
:func:`check_documents` lists, for each attachment, the document's signatures;
``edocstd.validate(..., documents=True)`` runs the same check as its ``documents`` tier.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .._model.package import Edoc, StatusPackage
from .._types import PackageSource
from .limits import DEFAULT_DOCUMENT_LIMITS, DocumentLimits, PdfSupportMissing
from .model import DocumentCheck, DocumentSignature
from .tier import check_package_documents, pdf_support_missing

if TYPE_CHECKING:
    from cryptography import x509

    from .._sign.policy import Policy
    from .._sign.trust import TrustSource


def document_trust(
    trust: TrustSource | None = None,
    policy: Policy | None = None,
    document_trust: TrustSource | None = None,
) -> tuple[tuple[x509.Certificate, ...], tuple[x509.Certificate, ...], dt.datetime | None]:
    """Trust anchors, extra intermediates and validation time for the documents.

    The same kinds of trust source as for the package signature (certificates, a PEM bundle
    or DER file, a folder).  ``document_trust`` when given; otherwise the package's ``trust``
    and the ``policy``'s anchors (the same national CAs issue both kinds of certificate).
    """
    if trust is None and policy is None and document_trust is None:
        return (), (), None  # without importing the signing stack (cryptography)
    from .._sign.trust import load_trust_anchors

    if document_trust is not None:
        anchors = load_trust_anchors(document_trust)
    else:
        anchors = load_trust_anchors(trust) + (policy.trust_anchors if policy else ())
    intermediates = policy.intermediates if policy is not None else ()
    at = policy.validation_time if policy is not None else None
    return anchors, intermediates, at


def check_documents(
    source: PackageSource,
    *,
    trust: TrustSource | None = None,
    policy: Policy | None = None,
    limits: DocumentLimits | None = None,
) -> tuple[DocumentCheck, ...]:
    """Check the signatures on the documents of a package (path, bytes, file or ``Edoc``).

    One :class:`DocumentCheck` per attachment with content, in package order; each PDF's
    signatures in file order (a PDF whose bytes show it cannot carry one is unsigned without
    starting pyHanko).  ``trust``: trust anchors for the signers (certificates, a PEM
    bundle or DER file, a folder); ``policy``: an :class:`edocstd.Policy` (its anchors,
    intermediates and validation time are used).  Raises :class:`PdfSupportMissing` without
    the ``pdf`` extra, ``EdocError`` for an unreadable package or trust file.
    """
    missing = pdf_support_missing()
    if missing is not None:
        raise PdfSupportMissing(missing)
    if isinstance(source, (Edoc, StatusPackage)):
        package = source
    else:
        from .._api import load

        package = load(source)
    anchors, intermediates, at = document_trust(trust, policy)
    return check_package_documents(
        package,
        anchors=anchors,
        intermediates=intermediates,
        at=at,
        limits=limits or DEFAULT_DOCUMENT_LIMITS,
    )


__all__ = [
    "DocumentCheck",
    "DocumentLimits",
    "DocumentSignature",
    "PdfSupportMissing",
    "check_documents",
    "document_trust",
]
