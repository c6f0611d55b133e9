"""The pure helpers of the bank: cloze gap syntax, percents, rendering, sniffing."""

import io
import zipfile
from pathlib import Path

import pytest

from amont.quizzes.bank import (
    excerpt,
    fraction_of,
    parse_gap_lines,
    parse_source,
    percent_text,
    preview,
    render_rich,
    sanitise_question,
    sniff_format,
    write_gap_lines,
)
from amont.quizzes.formats import FormatError
from amont.quizzes.scoring import check_question

DATA = Path(__file__).parent / "data"


def test_it_writes_percents_as_trainers_read_them():
    assert percent_text(1.0) == "100"
    assert percent_text(0.5) == "50"
    assert percent_text(0.3333333) == "33.33333"
    assert percent_text(-1.0) == "-100"
    assert percent_text(0.0) == "0"
    assert fraction_of(33.33333) == 0.3333333


def test_it_reads_the_three_kinds_of_gaps():
    gaps, problems = parse_gap_lines(
        "=Paris =%50%Lutèce#Ancien nom\n\n=gazeux#Oui ~liquide ~solide\n#100:0,5"
    )
    assert problems == []
    assert gaps == [
        {
            "kind": "short_answer",
            "answers": [
                {"text": "Paris", "fraction": 1.0, "feedback": ""},
                {"text": "Lutèce", "fraction": 0.5, "feedback": "Ancien nom"},
            ],
        },
        {
            "kind": "choice",
            "answers": [
                {"text": "gazeux", "fraction": 1.0, "feedback": "Oui"},
                {"text": "liquide", "fraction": 0.0, "feedback": ""},
                {"text": "solide", "fraction": 0.0, "feedback": ""},
            ],
        },
        {
            "kind": "numeric",
            "answers": [
                {"text": "100", "fraction": 1.0, "feedback": "", "value": 100.0, "tolerance": 0.5}
            ],
        },
    ]


def test_it_reads_several_numeric_answers_and_escapes():
    gaps, problems = parse_gap_lines("#=3.14:0.01#Bravo =%50%3:0.2 =%0%*#Non\n=a\\=b \\~c")
    assert problems == []
    assert [a.get("value") for a in gaps[0]["answers"]] == [3.14, 3.0, None]
    assert gaps[0]["answers"][0]["feedback"] == "Bravo"
    assert gaps[0]["answers"][2] == {"text": "*", "fraction": 0.0, "feedback": "Non"}
    assert gaps[1] == {
        "kind": "short_answer",
        "answers": [{"text": "a=b ~c", "fraction": 1.0, "feedback": ""}],
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Paris", "Start each answer"),
        ("#abc", "is not a number"),
        ("#3:-1", "tolerance"),
        ("=%150%Paris", "between -100 and 100"),
    ],
)
def test_it_explains_a_wrong_gap_line(line, message):
    gaps, problems = parse_gap_lines(line)
    assert len(gaps) == 1
    assert len(problems) == 1
    assert problems[0].startswith("Gap 1: ")
    assert message in problems[0]


def test_it_writes_gaps_back_to_the_same_syntax():
    text = (
        "=Paris =%50%Lutèce#Ancien \\# nom\n=gazeux#Oui ~liquide ~%25%solide\n#=100:0.5 =%50%100:5"
    )
    gaps, problems = parse_gap_lines(text)
    assert problems == []
    again, problems = parse_gap_lines(write_gap_lines(gaps))
    assert problems == []
    assert again == gaps


def test_it_renders_markdown_html_and_plain_text_safely():
    assert str(render_rich("**gras**")) == "<p><strong>gras</strong></p>\n"
    html = str(render_rich('<p onclick="x()">a<script>alert(1)</script></p>', "html"))
    assert "script" not in html and "onclick" not in html
    assert str(render_rich("<b>1</b>\n2", "plain")) == "<p>&lt;b&gt;1&lt;/b&gt;<br>2</p>"


def test_it_keeps_images_given_by_url_in_markdown():
    html = str(render_rich("![Le cycle](https://example.org/cycle.png)"))
    assert '<img src="https://example.org/cycle.png" alt="Le cycle">' in html


def test_it_sanitises_the_displayed_texts_of_an_html_question():
    question = {
        "type": "single_choice",
        "text": "<p>Q<script>x</script></p>",
        "text_format": "html",
        "answers": [
            {"text": "<b onmouseover='x'>A</b>", "fraction": 1.0, "feedback": "<i>ok</i>"},
            {"text": "B", "fraction": 0.0, "feedback": ""},
        ],
    }
    clean = sanitise_question(question)
    assert clean["text"] == "<p>Q</p>"
    assert clean["answers"][0]["text"] == "<b>A</b>"
    assert clean["answers"][0]["feedback"] == "<i>ok</i>"
    assert question["text"] == "<p>Q<script>x</script></p>"  # not changed in place


def test_it_previews_a_cloze_with_its_gaps_as_fields():
    view = preview(
        {
            "type": "cloze",
            "text": "L'eau bout à {{1}} °C, elle devient {{2}}.",
            "gaps": [
                {"kind": "numeric", "answers": [{"text": "100", "fraction": 1.0, "value": 100}]},
                {
                    "kind": "choice",
                    "answers": [
                        {"text": "gazeuse", "fraction": 1.0},
                        {"text": "<solide>", "fraction": 0.0},
                    ],
                },
            ],
        }
    )
    assert 'inputmode="decimal" aria-label="Gap 1"' in view["text"]
    assert "<option>&lt;solide&gt;</option>" in view["text"]
    assert [group["label"] for group in view["key"]] == ["Gap 1", "Gap 2"]


def test_it_never_shows_the_right_order_of_an_ordering_question():
    view = preview({"type": "ordering", "text": "Ordre", "items": ["a1", "b2", "c3"]})
    assert [str(item) for item in view["items"]] != ["a1", "b2", "c3"]
    assert sorted(str(item) for item in view["items"]) == ["a1", "b2", "c3"]


def test_it_sums_up_a_question_in_one_line():
    assert excerpt({"title": "", "text": "Une  question\nlongue"}) == "Une question longue"
    assert excerpt({"title": "Titre", "text": "x"}) == "Titre"
    assert excerpt({"text": "<p>HTML</p>", "text_format": "html"}) == "HTML"


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
