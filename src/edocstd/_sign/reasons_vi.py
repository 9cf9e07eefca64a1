"""The verdict reasons of :data:`edocstd.REASONS` in Vietnamese (the English is in REASONS)."""

from __future__ import annotations

from .outcome import Reason, Verdict

REASONS_VI: dict[Reason, str] = {
    "OK": "chữ ký hợp lệ và người ký xác thực được tới chứng thư tin cậy",
    "NO_SIGNATURE": "gói tin không có chữ ký",
    "NOT_XMLDSIG": (
        "có phần tử Signature nhưng không thuộc không gian tên XMLDSig (dạng giữ chỗ của "
        "mẫu SDK); không thể kiểm tra"
    ),
    "MALFORMED": "gói tin hoặc chữ ký không đúng cấu trúc",
    "UNSUPPORTED_ALGORITHM": "thuật toán không xác định hoặc không được hỗ trợ",
    "WEAK_ALGORITHM": "thuật toán hoặc độ dài khóa không được chính sách cho phép",
    "BAD_PLACEMENT": "chữ ký không nằm ở vị trí chính sách yêu cầu",
    "WRAPPING": "có nhiều hơn một chữ ký, hoặc tham chiếu không trỏ tới toàn bộ tài liệu",
    "COMMENT_IN_CONTENT": "nội dung được ký có chú thích XML",
    "SIG_CRYPTO_FAILURE": "giá trị chữ ký không khớp với khóa của chứng thư",
    "HASH_FAILURE": "nội dung đã bị thay đổi sau khi ký (sai giá trị băm)",
    "RESERIALISED": (
        "gói tin đã bị một trục ghi lại trên đường đi: nội dung vẫn như lúc ký sau khi chuẩn "
        "hóa, nhưng các byte đã ký bị phá nên không kiểm tra được chữ ký"
    ),
    "KEY_USAGE": "chứng thư không được phép dùng để ký văn bản",
    "SIGNER_NOT_BOUND": (
        "người ký không được phép ký thay cho đơn vị gửi gói tin (danh sách người ký)"
    ),
    "EXPIRED": "có chứng thư đã hết hạn tại thời điểm kiểm tra",
    "NOT_YET_VALID": "có chứng thư chưa có hiệu lực tại thời điểm kiểm tra",
    "UNTRUSTED": "chứng thư của người ký không xác thực được tới chứng thư tin cậy nào",
    "TRUST_NOT_CHECKED": (
        "chữ ký nguyên vẹn nhưng chưa cung cấp chứng thư tin cậy nên chưa kiểm tra người ký"
    ),
}

VERDICTS_VI: dict[Verdict, str] = {
    "valid": "HỢP LỆ",
    "invalid": "KHÔNG HỢP LỆ",
    "indeterminate": "CHƯA XÁC ĐỊNH",
}

__all__ = ["REASONS_VI", "VERDICTS_VI"]
