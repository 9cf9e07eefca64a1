"""Code lists of QCVN 102 / VDXP as enums, each member with a Vietnamese and an English label.

Where sources disagree (see the spec's section 8) the majority reading is the enum and the
docstring names the dissent; values outside a list are kept raw by the reader (``Raw``) with a
finding, and refused with ``BuildError`` when you build a package yourself.
"""

from __future__ import annotations

import enum


class _Labelled:
    """Mixin giving enum members ``label_vi`` / ``label_en`` from the class ``_LABELS`` table."""

    _LABELS: dict[object, tuple[str, str]]

    @property
    def label_vi(self) -> str:
        return type(self)._LABELS[self._value_][0]  # type: ignore[attr-defined]

    @property
    def label_en(self) -> str:
        return type(self)._LABELS[self._value_][1]  # type: ignore[attr-defined]

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi


class StatusCode(_Labelled, str, enum.Enum):
    """``StatusCode`` of a status package: the 9 codes used on the national axis (QĐ 28/2018).

    13 is sent by the original *sender* (take-back request); all others by the receiver.
    One line of the official C# example writes 14 for "agree"; that is a known bug, not a code.
    """

    ARRIVED = "01"
    REJECTED = "02"
    ACCEPTED = "03"
    ASSIGNED = "04"
    PROCESSING = "05"
    FINISHED = "06"
    TAKE_BACK_REQUESTED = "13"
    CHANGE_ACCEPTED = "15"
    CHANGE_REJECTED = "16"

    @property
    def is_final(self) -> bool:
        """No further status is expected from the receiver after this one."""
        return self in (StatusCode.REJECTED, StatusCode.FINISHED)

    @property
    def needs_description(self) -> bool:
        """The code is sent with a reason in ``Description`` (02, 13, 16)."""
        return self in (
            StatusCode.REJECTED,
            StatusCode.TAKE_BACK_REQUESTED,
            StatusCode.CHANGE_REJECTED,
        )

    @property
    def sent_by_sender(self) -> bool:
        """Only 13 travels from the original sender to the receiver."""
        return self is StatusCode.TAKE_BACK_REQUESTED


StatusCode._LABELS = {
    "01": ("Đã đến", "Arrived (received by the software, not yet handled by the clerk)"),
    "02": ("Từ chối tiếp nhận", "Rejected (the clerk refused to accept it)"),
    "03": ("Đã tiếp nhận", "Accepted (registered in the incoming book)"),
    "04": ("Phân công", "Assigned (a leader assigned its handling)"),
    "05": ("Đang xử lý", "Processing"),
    "06": ("Hoàn thành", "Finished"),
    "13": ("Yêu cầu lấy lại", "Take-back requested (by the sender)"),
    "15": ("Đồng ý cập nhật/lấy lại", "Update/take-back accepted"),
    "16": ("Từ chối cập nhật/lấy lại", "Update/take-back rejected"),
}


class BussinessDocType(_Labelled, enum.IntEnum):
    """``Bussiness/BussinessDocType``: the business operation the edoc performs."""

    NEW = 0
    REVOKE = 1
    UPDATE = 2
    REPLACE = 3


BussinessDocType._LABELS = {
    0: ("Văn bản mới", "New document"),
    1: ("Thu hồi văn bản", "Revoke a document"),
    2: ("Cập nhật văn bản", "Update a document"),
    3: ("Thay thế văn bản", "Replace a document"),
}


class Priority(_Labelled, enum.IntEnum):
    """``OtherInfo/Priority`` (độ khẩn).

    One Bkav DTO says 0-3; 4 may be obsolete since NĐ 30/2020."""

    NORMAL = 0
    URGENT = 1
    VERY_URGENT = 2
    FLASH = 3
    FLASH_SCHEDULED = 4


Priority._LABELS = {
    0: ("Thường", "Normal"),
    1: ("Khẩn", "Urgent"),
    2: ("Thượng khẩn", "Very urgent"),
    3: ("Hỏa tốc", "Flash"),
    4: ("Hỏa tốc hẹn giờ", "Flash, at a set time"),
}


class SteeringType(_Labelled, enum.IntEnum):
    """``SteeringType`` (loại chỉ đạo).  DISPUTED: most implementations read 0/1/2 as below;
    one glossary reads 1/2/3 (1 = not steering, 2 = steering, 3 = steering report) and the
    official Java sample writes 1 for an ordinary letter.  We follow the majority (0/1/2);
    any other value read from traffic (e.g. 10) is kept raw with a warning."""

    NOT_STEERING = 0
    STEERING = 1
    STEERING_REPORT = 2


SteeringType._LABELS = {
    0: ("Không phải văn bản chỉ đạo", "Not a steering document"),
    1: ("Văn bản chỉ đạo", "Steering document"),
    2: ("Báo cáo kết quả chỉ đạo", "Report on a steering document"),
}


class Paper(_Labelled, enum.IntEnum):
    """``Bussiness/Paper``: whether a paper copy is also sent.

    (One glossary wrongly reads it as a page count.)"""

    NO_PAPER = 0
    PAPER_TOO = 1


Paper._LABELS = {
    0: ("Không gửi kèm văn bản giấy", "No paper copy"),
    1: ("Có gửi kèm văn bản giấy", "A paper copy is also sent"),
}


class ReceiverType(_Labelled, enum.IntEnum):
    """``Receiver/ReceiverType`` in an update: a recipient removed or newly added."""

    REMOVED = 0
    ADDED = 1


ReceiverType._LABELS = {
    0: ("Bị loại khỏi danh sách nhận", "Removed from the recipients"),
    1: ("Được bổ sung vào danh sách nhận", "Added to the recipients"),
}


class DocumentKind(_Labelled, enum.IntEnum):
    """``DocumentType/Type``: 1 legal (VBQPPL, list A), 2 administrative (list B).

    The official C# example puts the list-B index (18, Công văn) here instead; such values are
    kept raw with a warning and ``TypeName`` is the fallback."""

    LEGAL = 1
    ADMINISTRATIVE = 2


DocumentKind._LABELS = {
    1: ("Văn bản quy phạm pháp luật", "Legal normative document"),
    2: ("Văn bản hành chính", "Administrative document"),
}


# Names of list A (legal) and list B (administrative) document types, by TypeDetail index.
# List B items 10-17 and 27-30 are inferred from TT 01/2011/TT-BNV and not confirmed (spec §2.5).
LEGAL_DOCUMENT_TYPES: dict[int, str] = {
    1: "Hiến pháp",
    2: "Luật",
    3: "Pháp lệnh",
    4: "Lệnh",
    5: "Nghị quyết",
    6: "Nghị quyết liên tịch",
    7: "Nghị định",
    8: "Quyết định",
    9: "Thông tư",
    10: "Thông tư liên tịch",
    11: "Chỉ thị",
    12: "Bộ luật",
    13: (
        "Văn bản quy phạm pháp luật của chính quyền địa phương ở đơn vị hành chính - "
        "kinh tế đặc biệt"
    ),
}
ADMINISTRATIVE_DOCUMENT_TYPES: dict[int, str] = {
    1: "Nghị quyết",
    2: "Quyết định",
    3: "Chỉ thị",
    4: "Quy chế",
    5: "Quy định",
    6: "Thông cáo",
    7: "Thông báo",
    8: "Hướng dẫn",
    9: "Chương trình",
    10: "Kế hoạch",
    11: "Phương án",
    12: "Đề án",
    13: "Dự án",
    14: "Báo cáo",
    15: "Biên bản",
    16: "Tờ trình",
    17: "Hợp đồng",
    18: "Công văn",
    19: "Công điện",
    20: "Bản ghi nhớ",
    21: "Bản cam kết",
    22: "Bản thỏa thuận",
    23: "Giấy chứng nhận",
    24: "Giấy ủy quyền",
    25: "Giấy mời",
    26: "Giấy giới thiệu",
    27: "Giấy nghỉ phép",
    28: "Phiếu gửi",
    29: "Phiếu chuyển",
    30: "Thư công",
}

__all__ = [
    "ADMINISTRATIVE_DOCUMENT_TYPES",
    "LEGAL_DOCUMENT_TYPES",
    "BussinessDocType",
    "DocumentKind",
    "Paper",
    "Priority",
    "ReceiverType",
    "StatusCode",
    "SteeringType",
]
