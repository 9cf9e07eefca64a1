"""Why each rule has the severity it has (shown in ``docs/rules.md``).

The rule of the default ``vdxp`` profile: **an error is what breaks the exchange** — the axis
refuses the package, or a receiving system cannot read it, register the document or open it
(unreadable XML, no sender, no recipient, an attachment that cannot be decoded).  Data-quality
problems that the axis relays every day (spec §10) are warnings under ``vdxp`` and errors under
``strict``; ``lenient`` keeps as errors only what makes a package unusable.

One entry per rule id of the catalogue and per reader finding that is an error under ``vdxp``
(a test checks that none is missing).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_SENDER = (
    "No sender: the axis refuses a package whose From/OrganId is not the sending account, "
    "and no reply can be addressed."
)
_RECIPIENT = "No recipient: the axis has nowhere to deliver the package."
_CODE = (
    "Số/ký hiệu is what the receiving clerk registers the document under and what every "
    "status reply echoes in ResponseFor/Code; receiving validators refuse a package without it."
)
_DATE = (
    "The promulgation date is registered by the receiver and echoed in "
    "ResponseFor/PromulgationDate; receiving validators refuse a package without it."
)
_TYPE = "Without a document type the receiver cannot register the document under any type."
_UNUSABLE_STATUS = "The status cannot be matched to its document or understood: it is lost."
_LIMIT = "Only with a limit the caller sets: it states what the receiving side refuses."
_TARGET = "An operation that does not say which document it acts on cannot be applied."
_STATUS_TIME = (
    "The status still applies; only its time is unknown (receivers use the arrival time). "
    "An error under strict."
)

WHY: Mapping[str, str] = MappingProxyType(
    {
        # well-formed, schema
        "EDX-WF-001": "Unreadable: neither the axis nor any receiver can read it.",
        "EDX-WF-002": "The reader refused the package at a configured limit: nothing in it "
        "can be checked (pass `limits=` to raise the limits for a legitimate package).",
        "EDX-XSD-001": "The tolerant schema already accepts any child order and the vendor "
        "extensions: what still fails it (a wrong structure, text where a number belongs) is "
        "read differently, or not at all, by receivers' parsers. A warning under lenient.",
        "EDX-XSD-002": "Only counts the schema errors not listed.",
        # required elements
        "EDX-REQ-001": _SENDER,
        "EDX-REQ-002": _SENDER,
        "EDX-REQ-003": _RECIPIENT,
        "EDX-REQ-004": _RECIPIENT + " A recipient without OrganId cannot be routed.",
        "EDX-REQ-005": _CODE,
        "EDX-REQ-006": _CODE,
        "EDX-REQ-007": _CODE,
        "EDX-REQ-008": _DATE,
        "EDX-REQ-009": _DATE,
        "EDX-REQ-010": _TYPE,
        "EDX-REQ-011": _TYPE + " Receivers and the SDK's model read the type from Type.",
        "EDX-REQ-012": "Trích yếu is a mandatory column of every register of incoming "
        "documents; receivers refuse a package without it.",
        "EDX-REQ-013": "The signer is printed on the document itself and is not needed to "
        "register or open it: a warning; an error under strict (the SDK always writes it).",
        # lengths
        "EDX-LEN-001": "Implementation limits of some receivers, not of the regulation: the "
        "axis relays longer values; an error under strict.",
        # dates
        "EDX-DATE-001": "A day that does not exist cannot be registered: receivers that parse "
        "the field fail or register another day.",
        "EDX-DATE-002": "The DocumentId is an opaque correlation key, echoed verbatim; the hub "
        "accepts any value (the official samples carry 2014/02/30). An error under strict.",
        "EDX-DATE-003": "Not a date at all: receivers that parse the field cannot read it.",
        "EDX-DATE-004": "Data quality: the axis relays it and the receiver registers the date "
        "as written. An error under strict.",
        "EDX-DATE-005": "Seen in relayed traffic: the document is registered and "
        "opened all the same. An error under strict.",
        # code lists
        "EDX-CODE-001": "A number outside the list is data quality (receivers show the "
        "priority as written). Text that is not a number is EDX-CODE-011, an error.",
        "EDX-CODE-002": "The receiver cannot tell a new document from a revocation, an update "
        "or a replacement: it would process the package wrongly.",
        "EDX-CODE-003": "A status outside the nine codes cannot be understood by the "
        "sender's system.",
        "EDX-CODE-004": "Relayed traffic carries other values (71, the C# SDK's 18) with a "
        "TypeName that receivers fall back on. Without TypeName it is "
        "EDX-CODE-010, an error.",
        "EDX-CODE-005": "Data quality: TypeName still names the type. An error under strict.",
        "EDX-CODE-006": "The SDK's own default (every official sample carries it).",
        "EDX-CODE-007": "The code list itself is disputed: sources give 0/1/2, 1/2/3 or "
        "other values.",
        "EDX-CODE-008": "The flag only says whether a paper copy follows: data quality. An "
        "error under strict.",
        "EDX-CODE-009": "An update whose recipient change cannot be told (added or removed) "
        "cannot be applied.",
        "EDX-CODE-010": _TYPE,
        "EDX-CODE-011": "The official SDK reads these fields as integers: a receiver built on "
        "it cannot read the package at all.",
        # recipients
        "EDX-TO-001": "The axis delivers once per recipient: data quality (some receivers' "
        "validators refuse it, hence an error under strict).",
        # attachments
        "EDX-ATT-001": "The manifest promises a file the package does not carry: the "
        "receiver cannot open the document it was told about.",
        "EDX-ATT-002": "Receivers list the files from the manifest: an unlisted attachment "
        "is invisible to them.",
        "EDX-ATT-003": "Receivers join manifest and attachments by ContentId: the file is "
        "not found.",
        "EDX-ATT-004": "The file is still found by its ContentId.",
        "EDX-ATT-005": "The file does not open as what it says it is (a .pdf that is neither "
        "a PDF nor the SDK's ZIP of one): the receiver cannot open the document. Forms A and "
        "B (the SDK's one-entry ZIP, see `Attachment.carrier`) are not reported here.",
        "EDX-ATT-006": "Hub traffic keeps the document's type in the manifest while the "
        "attachment carries a ZIP; the attachment's own type decides.",
        "EDX-ATT-007": "Two files under one ContentId: the receiver may open the wrong one.",
        "EDX-ATT-008": "No content: there is nothing to open.",
        "EDX-ATT-009": "The attachment cannot be decoded: there is nothing to open. Reported "
        "on that attachment; the header and the other attachments are still read.",
        "EDX-ATT-010": _LIMIT,
        "EDX-ATT-011": _LIMIT,
        "EDX-ATT-012": "An empty file opens (as nothing): data quality.",
        "EDX-ATT-013": "Without a ContentId receivers cannot match the file with its "
        "manifest entry.",
        "EDX-ATT-014": "Normal traffic (the SDK 0.0.3 jar, the hub in 2025): receivers unwrap "
        "it; noted so that nobody is surprised by ZIP bytes under a PDF type.",
        # flows
        "EDX-FLOW-001": _TARGET,
        "EDX-FLOW-002": "The target document is known; only what changed is less precise "
        "(receivers label updates). An error under strict.",
        "EDX-FLOW-003": _TARGET,
        "EDX-FLOW-004": "Read as a new document, which is what it usually is.",
        "EDX-FLOW-005": _TARGET,
        # status
        "EDX-STA-001": _UNUSABLE_STATUS,
        "EDX-STA-002": _UNUSABLE_STATUS,
        "EDX-STA-003": _UNUSABLE_STATUS,
        "EDX-STA-004": _STATUS_TIME,
        "EDX-STA-005": _STATUS_TIME,
        "EDX-STA-006": "The reason is for people; the status applies without it. An error "
        "under strict.",
        # identifiers
        "EDX-DOCID-001": "A correlation key echoed verbatim; the hub accepts any value.",
        "EDX-DOCID-002": "Replies are harder to correlate, but the document is delivered.",
        "EDX-DOCID-003": "A UUID and other forms are accepted by the hub.",
        "EDX-ORG-001": "The axis routes by account and relays such codes (vxp.saas.03, 28.22.H17).",
        "EDX-ORG-002": "Over 35 characters or with control characters: not an identifier the "
        "axis can route to or answer.",
        "EDX-ORG-003": "The trace is the hub's record; hub-added entries carry null or nothing.",
        # signature
        "EDX-SIG-001": "Only when the caller asks for verification: the content was altered "
        "or the signature cannot be checked at all.",
        "EDX-SIG-002": "The content is intact; who signed is not established. An error "
        "under strict.",
        "EDX-SIG-003": "Advice of the verifier.",
        # documents tier (PDF signatures; only when the caller asks for it)
        "EDX-PDF-001": "Packages carry drafts and annexes without signatures and the axis "
        "relays them. An error under strict.",
        "EDX-PDF-002": "Asked for by the caller: the signed document was altered or its "
        "signature does not verify, so it cannot be relied on as the issued document.",
        "EDX-PDF-003": "Asked for by the caller: the content changed after signing, so what "
        "was signed is not what is delivered.",
        "EDX-PDF-004": "Only with the document trust anchors the caller gives: the signer is "
        "not one of them.",
        "EDX-PDF-005": "The certificate was not valid when the document was signed: the "
        "signature proves nothing.",
        "EDX-PDF-006": "Integrity is checked, the signers are not: nothing is known to be wrong.",
        "EDX-PDF-007": "The roles are inferred from certificate names: information only.",
        "EDX-PDF-008": "Not a PDF: there is no PDF signature to check.",
        "EDX-PDF-009": "Asked for by the caller: the PDF cannot be opened or checked within the "
        "limits, so it cannot be relied on.",
        "EDX-PDF-010": "The rules tier reports why the attachment cannot be taken out (an "
        "error there when that breaks the exchange).",
        "EDX-PDF-011": "Allowed by the PDF signature rules: the signed content is unchanged.",
        "EDX-PDF-012": "Asked for by the caller: the PDF signature rules reject the signature "
        "even though its bytes and signer check out.",
        # the reader's findings that are errors under vdxp
        "read.no-envelope": "Not an edXML package: nothing can be read.",
        "read.no-message-header": "Not an edXML package: nothing can be read.",
        "read.gateway-variant": "Not edXML of QCVN 102: receivers on the axis cannot read it.",
        "read.date-impossible": "Replaced by EDX-DATE-001 in a validation report.",
        "read.unreadable-value": "A value receivers cannot read in its type (a number, a "
        "date): they fail on it.",
        "read.code-list": "Replaced by the EDX-CODE rule of the list in a validation report.",
    }
)

__all__ = ["WHY"]
