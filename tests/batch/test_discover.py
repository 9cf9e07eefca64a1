"""Finding packages in folders: .edxml by name, .xml by its root element, nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import edocstd
from edocstd._batch.discover import SNIFF_BYTES, has_edxml_root, scan
from tests import packages

EDOC = packages.edoc_xml().encode("utf-8")


@pytest.mark.parametrize(
    "head",
    [
        b'<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="urn:x">',
        b"\xef\xbb\xbf<edXML>",
        b'<!-- exported 2025 -->\r\n\t<?pi x?><edXML:edXML xmlns:edXML="urn:x">',
        b"<edXML/>",
        '<?xml version="1.0" encoding="UTF-16"?><edXML xmlns="u"/>'.encode("utf-16"),
        b"\xfe\xff" + "<edXML>".encode("utf-16-be"),
    ],
)
def test_edxml_roots_are_recognised(head: bytes) -> None:
    assert has_edxml_root(head)


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"   \n",
        b"<root/>",
        b"<edXMLBody>",  # a longer name is another element
        b"<x:edXMLish>",
        b"<!DOCTYPE edXML><edXML>",  # a DTD: never taken for a package
        b"<!-- never closed <edXML>",
        b"<?xml version='1.0'",  # the declaration does not end in what was read
        b"garbage <edXML>",
    ],
)
def test_other_heads_are_not_packages(head: bytes) -> None:
    assert not has_edxml_root(head)


@pytest.mark.parametrize(
    "hostile",
    [
        b"<?" + b"?><?" * 20_000 + b"x",  # processing instructions that could swallow each other
        b"<!--" + b"--><!--" * 20_000 + b"x",
        b" " * 60_000 + b"x",
        b"<?" * 30_000,
    ],
)
def test_hostile_prologs_are_refused_quickly(hostile: bytes) -> None:
    # A backtracking pattern would take exponential time here; the scanner is linear.
    assert not has_edxml_root(hostile)


def _tree(root: Path) -> dict[str, Path]:
    files = {
        "a.edxml": EDOC,
        "sub/b.EDXML": EDOC,
        "sub/deeper/c.xml": EDOC,  # taken by content
        "sub/other.xml": b"<?xml version='1.0'?><configuration/>",  # other XML: left alone
        "notes.txt": EDOC,  # not a package name, even with package content
        "sub/UPPER.XML": EDOC,
    }
    out = {}
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out[name] = path
    return out


def test_folders_are_searched_recursively_in_a_stable_order(tmp_path: Path) -> None:
    made = _tree(tmp_path)
    found = scan([tmp_path])
    assert found.problems == ()
    assert found.files == (
        made["a.edxml"],
        made["sub/UPPER.XML"],
        made["sub/b.EDXML"],
        made["sub/deeper/c.xml"],
    )


def test_named_files_are_taken_whatever_their_name(tmp_path: Path) -> None:
    made = _tree(tmp_path)
    found = scan([made["notes.txt"], made["sub/other.xml"]])
    assert found.files == (made["notes.txt"], made["sub/other.xml"])


def test_missing_paths_are_problems_not_crashes(tmp_path: Path) -> None:
    found = scan([tmp_path / "khong-co", tmp_path])
    assert found.files == ()
    assert len(found.problems) == 1 and found.problems[0].kind == "missing"
    assert found.problems[0].message("en").endswith("khong-co: no such file or directory")
    assert found.problems[0].message("vi").endswith("khong-co: không có tệp hay thư mục này")


@pytest.mark.parametrize("odd", ["x" * 5000, "a\0b"])
def test_names_the_system_refuses_are_problems(odd: str) -> None:
    found = scan([odd])
    assert found.files == () and found.problems[0].kind == "missing"
    with pytest.raises(edocstd.ParseError):
        edocstd.find_packages([odd])


def test_an_xml_file_that_cannot_be_read_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.xml").write_bytes(EDOC)
    real_open = open

    def failing_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("a.xml"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    found = scan([tmp_path])
    assert found.files == () and [p.kind for p in found.problems] == ["unreadable"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "a.edxml").write_bytes(EDOC)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert scan([tmp_path]).files == (tmp_path / "a.edxml",)


def test_only_the_head_of_a_large_xml_file_is_read(tmp_path: Path) -> None:
    # An edXML root after SNIFF_BYTES of comments is not seen: discovery reads a bounded head.
    big = tmp_path / "big.xml"
    big.write_bytes(b"<!--" + b"x" * SNIFF_BYTES + b"-->" + EDOC)
    small = tmp_path / "small.xml"
    small.write_bytes(b"<!--" + b"x" * 100 + b"-->" + EDOC)
    assert scan([tmp_path]).files == (small,)


def test_find_packages_public(tmp_path: Path) -> None:
    made = _tree(tmp_path)
    assert edocstd.find_packages(tmp_path)[0] == made["a.edxml"]
    assert edocstd.find_packages([str(made["a.edxml"])]) == [made["a.edxml"]]


def test_find_packages_in_a_folder_without_packages(tmp_path: Path) -> None:
    (tmp_path / "export.xml").write_bytes(b"<configuration/>")
    (tmp_path / "readme.txt").write_text("nothing here")
    with pytest.raises(edocstd.NoPackagesFound) as info:
        edocstd.find_packages(tmp_path)
    assert isinstance(info.value, edocstd.EdocError)
    lines = str(info.value).splitlines()
    assert lines[0].startswith("Không có gói tin") and lines[1].startswith("Nothing to check")


def test_find_packages_with_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(edocstd.ParseError) as info:
        edocstd.find_packages([tmp_path / "nope.edxml"])
    assert info.value.io_error
    assert "không có tệp" in info.value.message_vi
