"""Ids and messages of what the tolerant reader notices (``read.*`` findings).

Ids are stable: users filter on them.  ``{value}`` and ``{name}`` are filled in.
"""

from __future__ import annotations

from .._findings import Severity

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

READER_RULES: dict[str, tuple[Severity, str, str]] = {
    "read.unknown-element": (
        INFO,
        "unknown element <{name}> kept as it is",
        "phần tử lạ <{name}> được giữ nguyên",
    ),
    "read.order": (
        INFO,
        "children of <{name}> are not in the official SDK's order",
        "các phần tử con của <{name}> không theo thứ tự của SDK chính thức",
    ),
    "read.duplicate-element": (
        W,
        "<{name}> appears more than once; the first is used, the others are kept as unknown",
        "<{name}> xuất hiện nhiều lần; dùng phần tử đầu, các phần tử khác được giữ nguyên",
    ),
    "read.date-impossible": (
        E,
        "'{value}' is not a real calendar date; kept as written",
        "'{value}' không phải ngày có thật; giữ nguyên như gốc",
    ),
    "read.date-format": (
        W,
        "'{value}' is not in the SDK format (yyyy/MM/dd or yyyy/MM/dd HH:mm:ss); it will be "
        "written in the SDK format",
        "'{value}' không theo định dạng của SDK (yyyy/MM/dd hoặc yyyy/MM/dd HH:mm:ss); sẽ được "
        "ghi lại theo định dạng SDK",
    ),
    "read.unreadable-value": (
        E,
        "'{value}' cannot be read as {name}; kept as written",
        "không đọc được '{value}' theo kiểu {name}; giữ nguyên như gốc",
    ),
    "read.code-list": (
        E,
        "'{value}' is not in the code list {name}; kept as written",
        "'{value}' không có trong danh mục {name}; giữ nguyên như gốc",
    ),
    "read.empty-value": (
        W,
        "<{name}> is empty",
        "<{name}> để trống",
    ),
    "read.no-namespace": (
        W,
        "<{name}> is not in the QCVN 102 namespace; read as if it were",
        "<{name}> không thuộc không gian tên QCVN 102; vẫn được đọc",
    ),
    "read.mixed-text": (
        W,
        "text '{value}' directly inside <{name}> is not part of edXML and was dropped",
        "văn bản '{value}' nằm trực tiếp trong <{name}> không thuộc edXML và đã bị bỏ",
    ),
    "read.comment": (
        INFO,
        "comments and processing instructions are not kept",
        "chú thích và chỉ thị xử lý không được giữ lại",
    ),
    "read.signature-not-xmldsig": (
        W,
        "the Signature element is not in the XMLDSig namespace (the official SDK's placeholder "
        "form): no standard verifier can check it",
        "phần tử Signature không thuộc không gian tên XMLDSig (dạng giữ chỗ của SDK chính "
        "thức): không thể kiểm tra bằng công cụ chuẩn",
    ),
    "read.manifest-name": (
        INFO,
        "the manifest is named <{name}> instead of <edXMLManifest>",
        "bảng kê tệp đính kèm có tên <{name}> thay vì <edXMLManifest>",
    ),
    "read.bkav-status": (
        W,
        "status fields are in <Status> (Bkav builder) instead of <MessageHeader>",
        "trạng thái nằm trong <Status> (bộ dựng của Bkav) thay vì <MessageHeader>",
    ),
    "read.cid-form": (
        INFO,
        "ContentId is written differently in the manifest and the attachment ({value}); "
        "they match once 'cid:' is ignored",
        "ContentId ghi khác nhau giữa bảng kê và tệp đính kèm ({value}); khớp khi bỏ 'cid:'",
    ),
    "read.strict-schema": (
        INFO,
        "not what the official SDK writes: {value}",
        "không đúng như SDK chính thức ghi: {value}",
    ),
    "read.lost-attribute": (
        W,
        "attribute {name} on a value element is not kept",
        "thuộc tính {name} trên phần tử giá trị không được giữ lại",
    ),
    "read.nested-value": (
        W,
        "<{name}> should hold text, not elements; its elements were dropped",
        "<{name}> phải chứa văn bản, không chứa phần tử con; các phần tử con đã bị bỏ",
    ),
    "read.undeclared-prefix": (
        W,
        "{name} uses the prefix '{value}' that no xmlns declares; read as if it were declared "
        "(and written with the declaration)",
        "{name} dùng tiền tố '{value}' chưa được khai báo xmlns; vẫn được đọc như đã khai báo "
        "(và được ghi lại kèm khai báo)",
    ),
    "read.gateway-variant": (
        E,
        "this is a gateway's own variant ({value}), not edXML of QCVN 102: receivers on the "
        "axis cannot read it",
        "đây là biến thể riêng của một cổng kết nối ({value}), không phải edXML theo QCVN 102: "
        "bên nhận trên trục không đọc được",
    ),
    "read.no-envelope": (
        E,
        "the package has no <edXMLEnvelope>/<edXMLHeader>",
        "gói tin không có <edXMLEnvelope>/<edXMLHeader>",
    ),
    "read.no-message-header": (
        E,
        "the package has no <MessageHeader>",
        "gói tin không có <MessageHeader>",
    ),
}

__all__ = ["READER_RULES"]
