"""The "rules" tier of an edoc (header, dates, document identifier, trace and business flow)
and of a status package."""

from __future__ import annotations

import datetime as dt

from ..._model.codes import (
    BussinessDocType,
    StatusCode,
)
from ..._model.header import Organization
from ..._model.package import Edoc, StatusPackage
from ..catalogue.codes import TO_001
from ..catalogue.flows import (
    FLOW_001,
    FLOW_002,
    FLOW_003,
    FLOW_004,
    FLOW_005,
    STA_001,
    STA_002,
    STA_003,
    STA_004,
    STA_005,
    STA_006,
)
from ..catalogue.header import DATE_004, DATE_005, MISSING
from ..catalogue.identifiers import DOCID_001, DOCID_002
from .attachments import check_attachments
from .checker import Checker, blank
from .paths import TRACE


def check_edoc(pkg: Edoc, c: Checker) -> None:
    """The "rules" tier of an edoc package."""
    h = pkg.header
    H = c.H
    _check_sender(h.sender, c)
    if not h.to:
        c.add(MISSING["To"], f"{H}/To")
    seen: dict[str, int] = {}
    for i, to in enumerate(h.to, 1):
        if blank(to.organ_id):
            c.add(MISSING["To/OrganId"], f"{H}/To[{i}]/OrganId")
            continue
        key = str(to.organ_id).strip()
        if key in seen:
            c.add(TO_001, f"{H}/To[{i}]/OrganId", key, first=seen[key])
        else:
            seen[key] = i
    code = h.code
    if code is None:
        c.add(MISSING["Code"], f"{H}/Code")
    else:
        if blank(code.code_number):
            c.add(MISSING["Code/CodeNumber"], f"{H}/Code/CodeNumber")
        if blank(code.code_notation):
            c.add(MISSING["Code/CodeNotation"], f"{H}/Code/CodeNotation")
    promulgated: dt.date | None = None
    pi = h.promulgation_info
    if pi is None:
        c.add(MISSING["PromulgationInfo"], f"{H}/PromulgationInfo")
    else:
        path = f"{H}/PromulgationInfo/PromulgationDate"
        if blank(pi.promulgation_date):
            c.add(MISSING["PromulgationInfo/PromulgationDate"], path)
        promulgated = c.date(path, pi.promulgation_date)
        if promulgated is not None and promulgated > c.today:
            c.add(DATE_004, path, _fmt(promulgated), today=_fmt(c.today))
    if h.document_type is None:
        c.add(MISSING["DocumentType"], f"{H}/DocumentType")
    elif blank(h.document_type.type):
        c.add(MISSING["DocumentType/Type"], f"{H}/DocumentType/Type")
    if blank(h.subject):
        c.add(MISSING["Subject"], f"{H}/Subject")
    if h.signer_info is None:
        c.add(MISSING["SignerInfo"], f"{H}/SignerInfo")
    due = c.date(f"{H}/DueDate", h.due_date)
    if due is not None and promulgated is not None and due < promulgated:
        c.add(DATE_005, f"{H}/DueDate", _fmt(due), promulgated=_fmt(promulgated))
    for i, rf in enumerate(h.response_for, 1):
        c.date(f"{H}/ResponseFor[{i}]/PromulgationDate", rf.promulgation_date)
        c.document_id(f"{H}/ResponseFor[{i}]/DocumentId", rf.document_id)
    _check_lengths(pkg, c)
    _check_document_id(pkg, promulgated, c)
    _check_trace(pkg, c)
    check_attachments(pkg, c)


def _fmt(value: dt.date) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def _check_sender(sender: Organization | None, c: Checker) -> None:
    if sender is None:
        c.add(MISSING["From"], f"{c.H}/From")
    elif blank(sender.organ_id):
        c.add(MISSING["From/OrganId"], f"{c.H}/From/OrganId")


def _check_lengths(pkg: Edoc, c: Checker) -> None:
    h = pkg.header
    H = c.H
    values: list[tuple[str, str, object]] = [("Subject", f"{H}/Subject", h.subject)]
    if h.code is not None:
        values += [
            ("Code/CodeNumber", f"{H}/Code/CodeNumber", h.code.code_number),
            ("Code/CodeNotation", f"{H}/Code/CodeNotation", h.code.code_notation),
        ]
    if h.promulgation_info is not None:
        values.append(
            ("PromulgationInfo/Place", f"{H}/PromulgationInfo/Place", h.promulgation_info.place)
        )
    if h.document_type is not None:
        values.append(
            ("DocumentType/TypeName", f"{H}/DocumentType/TypeName", h.document_type.type_name)
        )
    if h.signer_info is not None:
        s = h.signer_info
        values += [
            ("SignerInfo/Competence", f"{H}/SignerInfo/Competence", s.competence),
            ("SignerInfo/Position", f"{H}/SignerInfo/Position", s.position),
            ("SignerInfo/FullName", f"{H}/SignerInfo/FullName", s.full_name),
        ]
    if h.other_info is not None:
        o = h.other_info
        values += [
            (
                "OtherInfo/SphereOfPromulgation",
                f"{H}/OtherInfo/SphereOfPromulgation",
                o.sphere_of_promulgation,
            ),
            ("OtherInfo/TyperNotation", f"{H}/OtherInfo/TyperNotation", o.typer_notation),
        ]
    orgs = [("From", h.sender)] + [(f"To[{i}]", t) for i, t in enumerate(h.to, 1)]
    c.lengths(orgs, values)


def _check_document_id(pkg: Edoc, promulgated: dt.date | None, c: Checker) -> None:
    h = pkg.header
    path = f"{c.H}/DocumentId"
    if blank(h.document_id):
        c.add(DOCID_002, path)
        return
    doc = c.document_id(path, h.document_id)
    if doc is None or doc.kind not in ("sdk", "year"):
        return
    sender = h.sender.organ_id if h.sender is not None else None
    number = h.code.code_number if h.code is not None else None
    notation = h.code.code_notation if h.code is not None else None
    wrong = doc.mismatches(
        organ_id=None if blank(sender) else sender,
        date=promulgated,
        number=None if blank(number) else number,
        notation=None if blank(notation) else notation,
    )
    if wrong:
        names = {
            "organ_id": ("From/OrganId", "mã cơ quan gửi (From/OrganId)"),
            "date": ("PromulgationDate", "ngày ban hành (PromulgationDate)"),
            "number": ("CodeNumber", "số văn bản (CodeNumber)"),
            "notation": ("CodeNotation", "ký hiệu (CodeNotation)"),
        }
        c.add(
            DOCID_001,
            path,
            h.document_id,
            fields=", ".join(names[w][0] for w in wrong),
            fields_vi=", ".join(names[w][1] for w in wrong),
        )


_FLOW_NAMES = {
    BussinessDocType.REVOKE: ("revoke (BussinessDocType 1)", "thu hồi (BussinessDocType 1)"),
    BussinessDocType.UPDATE: ("update (BussinessDocType 2)", "cập nhật (BussinessDocType 2)"),
    BussinessDocType.REPLACE: ("replace (BussinessDocType 3)", "thay thế (BussinessDocType 3)"),
}


def _check_trace(pkg: Edoc, c: Checker) -> None:
    thl = pkg.trace_header_list
    for i, th in enumerate(thl.trace_headers if thl is not None else (), 1):
        c.date(f"{TRACE}/TraceHeader[{i}]/Timestamp", th.timestamp, timestamp=True)
    b = thl.bussiness if thl is not None else None
    B = f"{TRACE}/Bussiness"
    kind = b.bussiness_doc_type if b is not None else None
    if blank(kind):
        c.add(FLOW_004, f"{B}/BussinessDocType")
    if b is None:
        return
    if isinstance(kind, BussinessDocType) and kind is not BussinessDocType.NEW:
        en, vi = _FLOW_NAMES[kind]
        if blank(b.document_id) and kind is not BussinessDocType.REPLACE:
            # A replacement names its targets in ReplacementInfo/DocumentId (spec §3.2).
            c.add(FLOW_001, f"{B}/DocumentId", en, value_vi=vi)
        if kind is BussinessDocType.UPDATE and not b.bussiness_document_info:
            c.add(FLOW_002, f"{B}/BussinessDocumentInfo")
        if kind is BussinessDocType.REPLACE and not any(
            lst.replacement_info for lst in b.replacement_info_list
        ):
            c.add(FLOW_003, f"{B}/ReplacementInfoList")
    c.document_id(f"{B}/DocumentId", b.document_id)
    for i, lst in enumerate(b.replacement_info_list, 1):
        for j, info in enumerate(lst.replacement_info, 1):
            path = f"{B}/ReplacementInfoList[{i}]/ReplacementInfo[{j}]/DocumentId"
            if blank(info.document_id):
                c.add(FLOW_005, path)
            else:
                c.document_id(path, info.document_id)


# --- status ----------------------------------------------------------------------------------


def check_status(pkg: StatusPackage, c: Checker) -> None:
    """The "rules" tier of a status package."""
    h = pkg.header
    H = c.H
    _check_sender(h.sender, c)
    rf = h.response_for
    if rf is None:
        c.add(STA_001, f"{H}/ResponseFor")
    else:
        if blank(rf.document_id):
            c.add(STA_002, f"{H}/ResponseFor/DocumentId")
        else:
            c.document_id(f"{H}/ResponseFor/DocumentId", rf.document_id)
        c.date(f"{H}/ResponseFor/PromulgationDate", rf.promulgation_date)
    code = h.status_code
    if blank(code):
        c.add(STA_003, f"{H}/StatusCode")
    if blank(h.timestamp):
        c.add(STA_004, f"{H}/Timestamp")
    else:
        c.date(f"{H}/Timestamp", h.timestamp, timestamp=True, raw_rule=STA_005)
    if isinstance(code, StatusCode) and code.needs_description and blank(h.description):
        c.add(
            STA_006,
            f"{H}/Description",
            code.value,
            label=code.label_en,
            label_vi=code.label_vi,
        )
    c.lengths([("From", h.sender)], ())


__all__ = ["check_edoc", "check_status"]
