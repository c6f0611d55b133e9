"""Reading an uploaded file: its format sniffed from the content, then parsed."""

import io
import zipfile
from pathlib import Path

import pytest

from amont.quizzes.formats import FormatError
from amont.quizzes.scoring import check_question
from amont.quizzes.source_formats import parse_source, sniff_format

DATA = Path(__file__).parent / "data"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_it_sniffs_the_format_from_the_content():
    assert sniff_format((DATA / "gift" / "francais.gift").read_bytes()) == "gift"
    assert sniff_format((DATA / "aiken" / "francais.txt").read_bytes()) == "aiken"
    assert sniff_format((DATA / "moodlexml" / "quiz.xml").read_bytes()) == "moodlexml"
    assert sniff_format((DATA / "qti" / "choice.xml").read_bytes()) == "qti"
    assert sniff_format(_zip({"a.xml": b"<x/>"})) == "qti"
    assert sniff_format(b"\x89PNG\r\n\x1a\n\0\0\0") is None
    assert sniff_format(b"Just some words.") is None


def test_it_refuses_files_that_are_not_what_they_claim():
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
    with pytest.raises(FormatError, match="does not look like"):
        parse_source(png)
    with pytest.raises(FormatError, match="not a text, XML or zip file"):
        parse_source(png, "gift")
    with pytest.raises(FormatError, match="looks like"):
        parse_source((DATA / "moodlexml" / "quiz.xml").read_bytes(), "gift")
    with pytest.raises(FormatError, match="too big"):
        parse_source(b"x" * (5 * 1024 * 1024 + 1), "gift")
    with pytest.raises(FormatError, match="empty"):
        parse_source(b"  \n", "auto")


def test_it_refuses_hostile_xml_with_a_sentence():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;">]><quiz>&lol2;</quiz>'
    )
    with pytest.raises(FormatError):
        parse_source(bomb, "moodlexml")
    with pytest.raises(FormatError):
        parse_source(b"<quiz>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</quiz>", "auto")


def test_it_parses_every_fixture_into_importable_questions():
    fmt, result = parse_source((DATA / "gift" / "francais.gift").read_bytes())
    assert fmt == "gift"
    assert result["errors"] == []
    assert all(check_question(q) == [] for q in result["questions"])
