"""The small things of issue 16 (item 10) and of the CLI polish: XML text given as a path, the
batch call named by validate(), the ZIP hint of extract, LICENSE, the ``edocstd`` logger, the
JSON Schema of to_dict, docstrings on every public name, --json on every command."""

from __future__ import annotations

import argparse
import inspect
import io
import json
import logging
import re
import zipfile
from pathlib import Path

import pytest

import edocstd
from edocstd.cli import build_parser, main
from edocstd.testing import make_edoc, make_status

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "packages"


def test_xml_text_given_as_a_path_says_what_to_pass() -> None:
    text = '<?xml version="1.0"?><edXML>' + "x" * 6000 + "</edXML>"
    with pytest.raises(edocstd.ParseError) as info:
        edocstd.load(text)
    message = str(info.value)
    assert "pass it as bytes" in message and "loads()" in message
    assert len(message) < 300 and "xxxx" not in message  # the 6 KB are not echoed
    assert "bytes" in info.value.message("vi")
    report = edocstd.validate(text)
    assert not report.ok and "pass it as bytes" in report.findings[0].message_en
    assert edocstd.loads(edocstd.dumps(make_edoc()).decode()).kind == "edoc"  # text via loads


def test_a_long_wrong_name_is_cut_in_the_message() -> None:
    with pytest.raises(edocstd.ParseError) as info:
        edocstd.load("a" * 6000)
    assert len(str(info.value)) < 300


def test_validate_of_many_names_the_batch_call(tmp_path: Path) -> None:
    edocstd.dump(make_edoc(), tmp_path / "a.edxml")
    for many in (tmp_path, str(tmp_path), [tmp_path / "a.edxml"], (str(tmp_path / "a.edxml"),)):
        with pytest.raises(edocstd.BuildError, match=r"edocstd\.validate_many") as info:
            edocstd.validate(many)  # type: ignore[arg-type]
        assert "validate_many" in info.value.message("vi")


def test_extract_hints_at_a_zip_it_did_not_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        z.writestr("cong-van.pdf", b"%PDF-1.4 hello")
    path = tmp_path / "in.edxml"
    edoc = make_edoc(attachments=(edocstd.Attachment.create(packed.getvalue(), name="cv.zip"),))
    edocstd.dump(edoc, path)
    assert main(["extract", str(path), "-d", str(tmp_path / "out"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "--unzip writes the file inside" in out
    assert main(["extract", str(path), "-d", str(tmp_path / "out2"), "--unzip"]) == 0
    out = capsys.readouterr().out
    assert "--unzip" not in out and (tmp_path / "out2" / "cv.pdf").exists()


def test_license_matches_pyproject() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert re.search(
        r'^license = "Apache-2.0"$', (ROOT / "pyproject.toml").read_text(), re.MULTILINE
    )


def test_the_edocstd_logger_tells_what_the_library_decided(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG, logger="edocstd")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        z.writestr("bao-cao.pdf", b"%PDF-1.4 report")
    attachment = edocstd.Attachment.create(packed.getvalue(), name="bc.zip")
    attachment.unzip_to(tmp_path)
    big = edocstd.Attachment.create(io.BytesIO(b"\0" * (9 << 20)), name="scan.pdf")
    assert big.payload is not None
    messages = [r.getMessage() for r in caplog.records if r.name == "edocstd"]
    # the logger is made when the library first logs; it leaves output to the application
    logger = logging.getLogger("edocstd")
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)
    assert any("unwrapped 'bao-cao.pdf'" in m and "'bc.zip'" in m for m in messages), messages
    assert any("spooling an attachment stream" in m for m in messages), messages


def test_the_json_schema_describes_to_dict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = edocstd.to_dict_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    edoc = make_edoc(attachments=(edocstd.Attachment.create(b"%PDF-1.4 x", name="a.pdf"),))
    samples = [edoc, make_status(edocstd.StatusCode.ACCEPTED, about=edoc)]
    samples += [edocstd.load(p) for p in sorted(FIXTURES.glob("*.edxml"))]
    for pkg in samples:
        errors = [e.message for e in validator.iter_errors(pkg.to_dict())]
        assert not errors, errors[:3]
    broken = edoc.to_dict()
    broken["MessageHeader"]["Subject"] = ["two", "subjects"]
    broken["Bogus"] = 1
    assert len(list(validator.iter_errors(broken))) >= 2
    assert main(["schema", "--json-schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema


def test_schema_xsd_names_the_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--xsd", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert Path(data["folder"]) == edocstd.schema_dir()
    assert all(Path(p).is_file() for p in data["schemas"].values())


def _public_callables() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for name in edocstd.__all__:
        obj = getattr(edocstd, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            out.append((name, obj))
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if member.startswith("_"):
                    continue
                if isinstance(value, property):
                    value = value.fget
                elif isinstance(value, (classmethod, staticmethod)):
                    value = value.__func__
                if inspect.isfunction(value):
                    out.append((f"{name}.{member}", value))
    return out


def test_every_public_name_and_method_has_a_docstring() -> None:
    names = _public_callables()
    assert len(names) > 150
    missing = [name for name, obj in names if not (inspect.getdoc(obj) or "").strip()]
    assert not missing, missing


def test_every_command_has_json() -> None:
    def leaves(
        parser: argparse.ArgumentParser, name: str
    ) -> list[tuple[str, argparse.ArgumentParser]]:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            return [(name, parser)]
        return [
            leaf for a in subs for n, p in a.choices.items() for leaf in leaves(p, f"{name} {n}")
        ]

    commands = leaves(build_parser(), "edocstd")
    assert len(commands) >= 11
    # a server runs until stopped: it has no result to print as JSON
    servers = {"edocstd hub serve"}
    lacking = [
        name
        for name, p in commands
        if "--json" not in p._option_string_actions and name not in servers
    ]
    assert not lacking, lacking


def test_required_narrows_and_refuses_in_both_languages() -> None:
    edoc = make_edoc()
    assert edocstd.required(edoc.header.sender, "From") is edoc.header.sender
    with pytest.raises(edocstd.ParseError) as info:
        edocstd.required(None, "From")
    assert info.value.message("en") == "the package has no From"
    assert info.value.message("vi") == "gói tin không có From"


def test_typed_loaders_refuse_the_other_kind(tmp_path: Path) -> None:
    edoc = make_edoc()
    edocstd.dump(edoc, tmp_path / "doc.edxml")
    edocstd.dump(make_status(edocstd.StatusCode.ARRIVED, about=edoc), tmp_path / "st.edxml")
    assert edocstd.load_edoc(tmp_path / "doc.edxml") == edoc
    assert edocstd.load_status(tmp_path / "st.edxml").kind == "status"
    with pytest.raises(edocstd.ParseError, match="expected a edoc package, got a status"):
        edocstd.load_edoc(tmp_path / "st.edxml")
    with pytest.raises(edocstd.ParseError, match="expected a status package, got a edoc"):
        edocstd.load_status(tmp_path / "doc.edxml")


@pytest.mark.parametrize(
    "name",
    ["load", "loads", "load_edoc", "load_status", "dump", "dumps", "validate", "sign", "verify",
     "prepare", "required", "to_dict_schema", "list_token_objects"],
)
def test_public_entry_points_are_typed_without_any(name: str) -> None:
    signature = inspect.signature(getattr(edocstd, name))
    annotations = {p: str(v.annotation) for p, v in signature.parameters.items()}
    assert all(a != str(inspect.Parameter.empty) for a in annotations.values()), annotations
    loose = {p: a for p, a in annotations.items() if "Any" in a}
    assert not loose, loose


def test_validate_takes_literal_profiles_and_languages() -> None:
    import typing

    parameters = inspect.signature(edocstd.validate).parameters
    assert parameters["profile"].annotation == "ValidationProfile"
    assert parameters["lang"].annotation == "Lang"
    assert parameters["source"].annotation == "PackageSource"
    assert typing.get_args(edocstd.ValidationProfile) == edocstd.PROFILES
    assert typing.get_args(edocstd.Lang) == ("vi", "en")
    assert {str, bytes} <= set(typing.get_args(edocstd.Source))
