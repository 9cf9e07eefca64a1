"""edocstd: read, write, validate and sign edXML packages (QCVN 102:2016/BTTTT).

    >>> import edocstd
    >>> pkg = edocstd.load("examples/cong-van-moi.edxml")     # doctest: +SKIP
    >>> pkg.header.subject                                     # doctest: +SKIP

Everything public is importable from here; the modules with a leading underscore are
private and may change.
"""

from __future__ import annotations

from contextlib import suppress as _suppress

from ._api import dump, dumps, load, loads
from ._errors import (
    BuildError,
    DisallowedAlgorithm,
    EdocError,
    InvalidSignature,
    LimitExceeded,
    ParseError,
    SignatureError,
    UntrustedCertificate,
)
from ._findings import Finding, Severity
from ._ids import DocumentId, IdProblem, OrganId
from ._lifecycle import (
    ALLOWED_TRANSITIONS,
    DocumentState,
    Overdue,
    RecipientState,
    StatusEvent,
    Tracker,
    new_document,
    replace,
    reply,
    revoke,
    take_back_request,
    update,
)
from ._model.attachment import Attachment, Manifest, Reference
from ._model.base import UnknownElement
from ._model.codes import (
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
from ._sign import (
    REASONS,
    ExternalKey,
    Pkcs11Signer,
    Policy,
    PreparedSignature,
    SignerCertificate,
    VerifyResult,
    complete,
    prepare,
    sign,
    verify,
)
from ._validate import RULES, Report, Rule, TierResult, validate
from ._xml.parser import Limits

__version__ = "0.1.0"

__all__ = [
    "ALLOWED_TRANSITIONS",
    "REASONS",
    "RULES",
    "Attachment",
    "Base64Payload",
    "BuildError",
    "Bussiness",
    "BussinessDocType",
    "BussinessDocumentInfo",
    "BytesPayload",
    "Code",
    "DisallowedAlgorithm",
    "DocumentId",
    "DocumentKind",
    "DocumentState",
    "DocumentType",
    "Edoc",
    "EdocError",
    "ExternalKey",
    "FilePayload",
    "Finding",
    "IdProblem",
    "InvalidSignature",
    "LimitExceeded",
    "Limits",
    "Manifest",
    "MessageHeader",
    "OrganId",
    "Organization",
    "OtherInfo",
    "Overdue",
    "Paper",
    "ParseError",
    "Payload",
    "Pkcs11Signer",
    "Policy",
    "PreparedSignature",
    "Priority",
    "PromulgationInfo",
    "Raw",
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
    "Severity",
    "SignatureBlock",
    "SignatureError",
    "SignerCertificate",
    "SignerInfo",
    "StaffInfo",
    "StatusCode",
    "StatusEvent",
    "StatusHeader",
    "StatusPackage",
    "SteeringType",
    "TierResult",
    "TraceHeader",
    "TraceHeaderList",
    "Tracker",
    "UnknownElement",
    "UntrustedCertificate",
    "VerifyResult",
    "__version__",
    "complete",
    "dump",
    "dumps",
    "load",
    "loads",
    "new_document",
    "prepare",
    "replace",
    "reply",
    "revoke",
    "sign",
    "take_back_request",
    "update",
    "validate",
    "verify",
]

# Show public names in reprs and tracebacks (``edocstd.Edoc``, not ``edocstd._model.package.Edoc``).
for _name in __all__:
    _obj = globals()[_name]
    if getattr(_obj, "__module__", "").startswith("edocstd._"):
        with _suppress(AttributeError, TypeError):
            _obj.__module__ = "edocstd"
del _name, _obj, _suppress
