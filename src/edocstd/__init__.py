"""edocstd: read, write, validate and sign edXML packages (QCVN 102:2016/BTTTT).

    >>> import edocstd
    >>> pkg = edocstd.load("examples/cong-van-moi.edxml")     # doctest: +SKIP
    >>> pkg.header.subject                                     # doctest: +SKIP

Everything public is importable from here; the modules with a leading underscore are
private and may change.
"""

from __future__ import annotations

import gc as _gc
import warnings as _warnings
from contextlib import suppress as _suppress
from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

# Importing makes thousands of objects that live as long as the process (classes, tables,
# compiled patterns): the collections their number sets off would walk them all and free
# nothing (a few milliseconds of every start). The collector's state is put back after.
_collecting = _gc.isenabled()
_gc.disable()
try:
    from . import _display  # noqa: F401  registers the views the classes' __repr__ call (_views.py)
    from ._api import dump, dumps, load, load_edoc, load_status, loads
    from ._errors import (
        BuildError,
        EdocError,
        InvalidSignature,
        LimitExceeded,
        NoPackagesFound,
        ParseError,
        SignatureError,
        UntrustedCertificate,
        WorkerDied,
    )
    from ._findings import Finding, Severity
    from ._i18n import Lang
    from ._model.attachment import Attachment, Manifest, Reference
    from ._model.base import UnknownElement
    from ._model.codes import (
        ADMINISTRATIVE_DOCUMENT_TYPES,
        LEGAL_DOCUMENT_TYPES,
        BussinessDocType,
        DocumentKind,
        Paper,
        Priority,
        ReceiverType,
        StatusCode,
        SteeringType,
    )
    from ._model.header import (
        Code,
        DocumentType,
        MessageHeader,
        Organization,
        OtherInfo,
        PromulgationInfo,
        ResponseFor,
        ResponseForTask,
        SignerInfo,
    )
    from ._model.package import Edoc, StatusPackage
    from ._model.payload import Base64Payload, BytesPayload, FilePayload, Payload
    from ._model.signature import SignatureBlock
    from ._model.status import StatusHeader
    from ._model.trace import (
        Bussiness,
        BussinessDocumentInfo,
        Receiver,
        ReceiverList,
        ReplacementInfo,
        ReplacementInfoList,
        StaffInfo,
        TraceHeader,
        TraceHeaderList,
    )
    from ._model.values import Raw
    from ._narrow import required
    from ._types import PackageSource, Source, ValidationProfile
    from ._xml.parser import Limits
finally:
    if _collecting:
        _gc.enable()

# Signing (cryptography) and the lifecycle tools are imported when first used, so that
# `import edocstd` and one-shot commands such as `edocstd show` start fast; so are
# validation (its rule catalogue) and the identifier analysis, which reading does not need.
_LAZY = {
    **dict.fromkeys(("DocumentId", "IdProblem", "OrganId"), "._ids"),
    **dict.fromkeys(
        ("PROFILES", "RULES", "Report", "Rule", "TierResult", "validate"), "._validate"
    ),
    **dict.fromkeys(("SCHEMA_NAMES", "load_schema", "schema_dir"), "._xml.schemas"),
    **dict.fromkeys(("findings_table", "table"), "._tables"),
    **dict.fromkeys(
        (
            "REASONS",
            "SUITES",
            "AlgorithmSuite",
            "ExternalKey",
            "Pkcs11Signer",
            "Policy",
            "PreparedSignature",
            "Reason",
            "SignerCertificate",
            "SenderBinding",
            "SignerRegistry",
            "SignerRule",
            "SuiteName",
            "TokenObject",
            "Verdict",
            "VerifyResult",
            "complete",
            "list_token_objects",
            "prepare",
            "sign",
            "verify",
        ),
        "._sign",
    ),
    **dict.fromkeys(
        (
            "ALLOWED_TRANSITIONS",
            "DocumentState",
            "Overdue",
            "RecipientState",
            "StatusEvent",
            "Tracker",
            "TrackerError",
            "new_document",
            "replace",
            "reply",
            "revoke",
            "take_back_request",
            "update",
        ),
        "._lifecycle",
    ),
    **dict.fromkeys(
        (
            "DocumentCheck",
            "DocumentLimits",
            "DocumentSignature",
            "PdfSupportMissing",
            "check_documents",
        ),
        "._pdf",
    ),
    **dict.fromkeys(("find_packages", "validate_many"), "._batch"),
    "to_dict_schema": "._xml.json_schema",
}

if TYPE_CHECKING:
    from ._batch import find_packages, validate_many
    from ._ids import DocumentId, IdProblem, OrganId
    from ._lifecycle import (
        ALLOWED_TRANSITIONS,
        DocumentState,
        Overdue,
        RecipientState,
        StatusEvent,
        Tracker,
        TrackerError,
        new_document,
        replace,
        reply,
        revoke,
        take_back_request,
        update,
    )
    from ._pdf import (
        DocumentCheck,
        DocumentLimits,
        DocumentSignature,
        PdfSupportMissing,
        check_documents,
    )
    from ._sign import (
        REASONS,
        SUITES,
        AlgorithmSuite,
        ExternalKey,
        Pkcs11Signer,
        Policy,
        PreparedSignature,
        Reason,
        SenderBinding,
        SignerCertificate,
        SignerRegistry,
        SignerRule,
        SuiteName,
        TokenObject,
        Verdict,
        VerifyResult,
        complete,
        list_token_objects,
        prepare,
        sign,
        verify,
    )
    from ._tables import findings_table, table
    from ._validate import PROFILES, RULES, Report, Rule, TierResult, validate
    from ._xml.json_schema import to_dict_schema
    from ._xml.schemas import SCHEMA_NAMES, load_schema, schema_dir


# Names that are no longer public: still importable, with a DeprecationWarning.
_DEPRECATED = {
    "DisallowedAlgorithm": (
        "._errors",
        "edocstd.DisallowedAlgorithm đã lỗi thời: không nơi nào phát ra nó (verify() trả lời "
        "thuật toán không được phép bằng kết luận WEAK_ALGORITHM); hãy bắt edocstd.SignatureError."
        "\nedocstd.DisallowedAlgorithm is deprecated: nothing raises it (verify() answers a "
        "disallowed algorithm with the verdict reason WEAK_ALGORITHM); catch "
        "edocstd.SignatureError instead.",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _DEPRECATED:
        home, why = _DEPRECATED[name]
        _warnings.warn(why, DeprecationWarning, stacklevel=2)
        old = getattr(_import_module(home, __name__), name)
        _show_as_public(old)
        return old
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'edocstd' has no attribute {name!r}")
    value = getattr(_import_module(module, __name__), name)
    _show_as_public(value)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__version__ = "0.1.0"

__all__ = [
    "ADMINISTRATIVE_DOCUMENT_TYPES",
    "ALLOWED_TRANSITIONS",
    "LEGAL_DOCUMENT_TYPES",
    "PROFILES",
    "REASONS",
    "RULES",
    "SCHEMA_NAMES",
    "SUITES",
    "AlgorithmSuite",
    "Attachment",
    "Base64Payload",
    "BuildError",
    "Bussiness",
    "BussinessDocType",
    "BussinessDocumentInfo",
    "BytesPayload",
    "Code",
    "DocumentCheck",
    "DocumentId",
    "DocumentKind",
    "DocumentLimits",
    "DocumentSignature",
    "DocumentState",
    "DocumentType",
    "Edoc",
    "EdocError",
    "ExternalKey",
    "FilePayload",
    "Finding",
    "IdProblem",
    "InvalidSignature",
    "Lang",
    "LimitExceeded",
    "Limits",
    "Manifest",
    "MessageHeader",
    "NoPackagesFound",
    "OrganId",
    "Organization",
    "OtherInfo",
    "Overdue",
    "PackageSource",
    "Paper",
    "ParseError",
    "Payload",
    "PdfSupportMissing",
    "Pkcs11Signer",
    "Policy",
    "PreparedSignature",
    "Priority",
    "PromulgationInfo",
    "Raw",
    "Reason",
    "Receiver",
    "ReceiverList",
    "ReceiverType",
    "RecipientState",
    "Reference",
    "ReplacementInfo",
    "ReplacementInfoList",
    "Report",
    "ResponseFor",
    "ResponseForTask",
    "Rule",
    "SenderBinding",
    "Severity",
    "SignatureBlock",
    "SignatureError",
    "SignerCertificate",
    "SignerInfo",
    "SignerRegistry",
    "SignerRule",
    "Source",
    "StaffInfo",
    "StatusCode",
    "StatusEvent",
    "StatusHeader",
    "StatusPackage",
    "SteeringType",
    "SuiteName",
    "TierResult",
    "TokenObject",
    "TraceHeader",
    "TraceHeaderList",
    "Tracker",
    "TrackerError",
    "UnknownElement",
    "UntrustedCertificate",
    "ValidationProfile",
    "Verdict",
    "VerifyResult",
    "WorkerDied",
    "__version__",
    "check_documents",
    "complete",
    "dump",
    "dumps",
    "find_packages",
    "findings_table",
    "list_token_objects",
    "load",
    "load_edoc",
    "load_schema",
    "load_status",
    "loads",
    "new_document",
    "prepare",
    "replace",
    "reply",
    "required",
    "revoke",
    "schema_dir",
    "sign",
    "table",
    "take_back_request",
    "to_dict_schema",
    "update",
    "validate",
    "validate_many",
    "verify",
]


def _show_as_public(obj: object) -> None:
    """Show public names in reprs and tracebacks (``edocstd.Edoc``, not ``edocstd._model...``)."""
    if getattr(obj, "__module__", "").startswith("edocstd._"):
        with _suppress(AttributeError, TypeError):
            obj.__module__ = "edocstd"


for _name in __all__:
    if _name not in _LAZY:
        _show_as_public(globals()[_name])
del _name
