"""What type a file is: the IANA media type its name and its first bytes show, and whether a
declared type agrees with the bytes."""

from __future__ import annotations

import mimetypes
import os

# IANA types for the extensions agencies send; the SDK's own table writes odd values
# such as ``application/docx``, which we never emit.
_EXTRA_TYPES = {
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".rar": "application/vnd.rar",
    ".7z": "application/x-7z-compressed",
    ".xml": "application/xml",
    ".edxml": "application/xml",
    ".txt": "text/plain",
    ".rtf": "application/rtf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".gif": "image/gif",
    ".p7s": "application/pkcs7-signature",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # .doc/.xls/.ppt
    (b"{\\rtf", "application/rtf"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),
)
PDF_HEADER_WINDOW = 1024
"""PDF readers accept the ``%PDF-`` header anywhere in a file's first 1,024 bytes (ISO 32000-1,
Annex H, the note on the file header of 7.5.2)."""
OLE_TYPES = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
_ZIP_BASED = {_EXTRA_TYPES[e] for e in (".docx", ".xlsx", ".pptx", ".odt", ".ods")}


def type_from_name(name: str | None) -> str | None:
    """The IANA media type for a file name's extension, or ``None``."""
    if not name:
        return None
    ext = os.path.splitext(name.replace("\\", "/"))[1].lower()
    return _EXTRA_TYPES.get(ext) or mimetypes.types_map.get(ext)


def sniff_type(head: bytes) -> str | None:
    """The media type the first bytes of a file show, or ``None`` when they say nothing."""
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head.lstrip().startswith(b"<?xml"):
        return "application/xml"
    return None


def pdf_header_within(head: bytes) -> bool:
    """Whether a file's first bytes hold ``%PDF-`` starting within :data:`PDF_HEADER_WINDOW`
    bytes: a PDF to a PDF reader, whatever comes before the header."""
    return head.find(b"%PDF-", 0, PDF_HEADER_WINDOW + 4) != -1


def detect_type(head: bytes, name: str | None) -> str:
    """The content type to declare: the bytes decide the family, the name refines it.

    A ZIP named ``.docx`` is a DOCX; an OLE file named ``.xls`` is Excel; a PDF is a PDF
    whatever its name says.
    """
    sniffed = sniff_type(head)
    by_name = type_from_name(name)
    if sniffed == "application/zip" and by_name in _ZIP_BASED:
        return by_name
    if sniffed == "application/x-ole-storage":
        return by_name if by_name in OLE_TYPES else "application/msword"
    if sniffed:
        return sniffed
    return by_name or "application/octet-stream"


def types_agree(declared: str | None, head: bytes, name: str | None) -> bool:
    """Whether a declared content type is compatible with what the bytes are."""
    if not declared:
        return False
    declared = declared.split(";")[0].strip().lower()
    sniffed = sniff_type(head)
    if sniffed is None:
        return True  # the bytes say nothing: nothing to contradict
    if sniffed == "application/zip":
        return (
            declared in _ZIP_BASED
            or declared
            in (
                "application/zip",
                "application/x-zip-compressed",
            )
            or declared.endswith("+zip")
        )
    if sniffed == "application/x-ole-storage":
        return declared in OLE_TYPES or declared == "application/x-ole-storage"
    return declared == sniffed


__all__ = [
    "OLE_TYPES",
    "PDF_HEADER_WINDOW",
    "detect_type",
    "pdf_header_within",
    "sniff_type",
    "type_from_name",
    "types_agree",
]
