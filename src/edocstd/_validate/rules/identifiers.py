"""The "identifiers" tier: agency identifiers and code lists."""

from __future__ import annotations

from ..._model.codes import (
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
from ..._model.package import Edoc, StatusPackage
from ..._model.trace import TraceHeaderList
from ..._model.values import Raw
from ..catalogue.codes import (
    CODE_001,
    CODE_002,
    CODE_003,
    CODE_004,
    CODE_005,
    CODE_006,
    CODE_007,
    CODE_008,
    CODE_009,
    CODE_010,
)
from .checker import Checker, blank
from .paths import TRACE


def check_identifiers(pkg: Edoc | StatusPackage, c: Checker) -> None:
    """The "identifiers" tier: agency identifiers and code lists."""
    H = c.H
    ids: list[tuple[str, str | None]] = []
    if pkg.header.sender is not None:
        ids.append((f"{H}/From/OrganId", pkg.header.sender.organ_id))
    if isinstance(pkg, StatusPackage):
        h = pkg.header
        if h.response_for is not None:
            ids.append((f"{H}/ResponseFor/OrganId", h.response_for.organ_id))
        c.code(CODE_003, f"{H}/StatusCode", h.status_code, StatusCode)
        c.organ_ids(ids)
        return
    eh = pkg.header
    ids += [(f"{H}/To[{i}]/OrganId", t.organ_id) for i, t in enumerate(eh.to, 1)]
    ids += [(f"{H}/ResponseFor[{i}]/OrganId", r.organ_id) for i, r in enumerate(eh.response_for, 1)]
    thl = pkg.trace_header_list
    if thl is not None:
        ids += [
            (f"{TRACE}/TraceHeader[{i}]/OrganId", t.organ_id)
            for i, t in enumerate(thl.trace_headers, 1)
        ]
        _codes_trace(thl, c, ids)
    c.organ_ids(ids)
    o = eh.other_info
    if o is not None:
        c.code(CODE_001, f"{H}/OtherInfo/Priority", o.priority, Priority)
    c.code(CODE_007, f"{H}/SteeringType", eh.steering_type, SteeringType)
    d = eh.document_type
    if d is not None:
        c.code(
            CODE_004 if not blank(d.type_name) else CODE_010,
            f"{H}/DocumentType/Type",
            d.type,
            DocumentKind,
        )
        _type_detail(d.type, d.type_detail, d.type_name, f"{H}/DocumentType/TypeDetail", c)


def _type_detail(kind: object, detail: object, name: str | None, path: str, c: Checker) -> None:
    if not isinstance(kind, DocumentKind) or detail is None:
        return
    table, label = (
        (LEGAL_DOCUMENT_TYPES, "A")
        if kind is DocumentKind.LEGAL
        else (ADMINISTRATIVE_DOCUMENT_TYPES, "B")
    )
    if isinstance(detail, Raw):
        if str(detail).strip():
            c.add(CODE_005, path, str(detail), list=label)
        return
    if detail == 0:
        c.add(CODE_006, path, "0", name=name or "")
    elif detail not in table:
        c.add(CODE_005, path, str(detail), list=label)


def _codes_trace(thl: TraceHeaderList, c: Checker, ids: list[tuple[str, str | None]]) -> None:
    c.code(CODE_008, f"{TRACE}/Paper", thl.paper, Paper)
    b = thl.bussiness
    if b is None:
        return
    B = f"{TRACE}/Bussiness"
    c.code(CODE_002, f"{B}/BussinessDocType", b.bussiness_doc_type, BussinessDocType)
    c.code(CODE_008, f"{B}/Paper", b.paper, Paper)
    for i, info in enumerate(b.bussiness_document_info, 1):
        rl = info.receiver_list
        for j, r in enumerate(rl.receivers if rl is not None else (), 1):
            path = f"{B}/BussinessDocumentInfo[{i}]/ReceiverList/Receiver[{j}]"
            ids.append((f"{path}/OrganId", r.organ_id))
            c.code(CODE_009, f"{path}/ReceiverType", r.receiver_type, ReceiverType)
    for i, lst in enumerate(b.replacement_info_list, 1):
        for j, rep in enumerate(lst.replacement_info, 1):
            for k, organ in enumerate(rep.organ_id_list or (), 1):
                ids.append(
                    (
                        f"{B}/ReplacementInfoList[{i}]/ReplacementInfo[{j}]/OrganIdList/"
                        f"OrganId[{k}]",
                        organ,
                    )
                )


__all__ = ["check_identifiers"]
