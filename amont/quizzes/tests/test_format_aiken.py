"""Aiken: the reader on Moodle's documentation example and French questions, line numbers
of malformed questions and hostile files. Pure: no database."""

import random
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from amont.quizzes.formats import MAX_QUESTIONS, FormatError
from amont.quizzes.formats.aiken import parse_aiken
from amont.quizzes.scoring import check_question
from amont.quizzes.tests.formats_helpers import line_of as _line_of

DATA = Path(__file__).parent / "data" / "aiken"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _answers(*texts: str, right: int) -> list[dict[str, Any]]:
    return [
        {"text": text, "fraction": 1.0 if index == right else 0.0, "feedback": ""}
        for index, text in enumerate(texts)
    ]


def test_it_reads_the_moodle_documentation_example():
    result = parse_aiken(_read("moodle_docs.txt"))
    assert result["errors"] == []
    first, second = result["questions"]
    assert first == {
        "type": "single_choice",
        "title": "",
        "text": "What is the correct answer to this question?",
        "text_format": "plain",
        "general_feedback": "",
        "category": "",
        "tags": [],
        "line": 1,
        "answers": _answers(
            "Is it this one?",
            "Maybe this answer?",
            "Possibly this one?",
            "Must be this one!",
            right=3,
        ),
    }
    assert second["line"] == 8
    assert second["answers"] == _answers(
        "Moodle", "ATutor", "Claroline", "Blackboard", "WebCT", "Ilias", right=0
    )


def test_it_reads_french_questions_on_several_lines():
    source = _read("francais.txt")
    result = parse_aiken(source)
    assert result["errors"] == []
    clouds, ice, phrase = result["questions"]
    assert clouds["text"] == "Où se forment les nuages ?"
    assert clouds["answers"] == _answers("Dans l'océan", "Dans l'atmosphère", "Sous terre", right=1)
    # No blank line before it, "Answer:" in any case, a lower-case letter.
    assert ice["line"] == _line_of(source, "Quel état de l'eau")
    assert ice["answers"][0] == {"text": "Solide", "fraction": 1.0, "feedback": ""}
    assert phrase["text"] == (
        "Lisez la phrase suivante :\n« L'eau s'évapore quand elle chauffe. »\n"
        "Quel phénomène décrit-elle ?"
    )
    assert phrase["line"] == _line_of(source, "Lisez la phrase")


def test_it_reports_malformed_questions_with_their_lines_and_keeps_the_others():
    source = _read("malformed.txt")
    result = parse_aiken(source)
    assert [q["text"] for q in result["questions"]] == ["Bonne question ?"]
    assert result["questions"][0]["answers"] == _answers("Oui", "Non", right=1)
    expected = [
        ("Question sans ligne ANSWER", "no “ANSWER:” line"),
        ("ANSWER: D", "The answer D is none of the options (A, B)."),
        ("Question avec une seule option", "at least two options"),
        ("A. Option sans question", "without a question text"),
        ("A. Deux", "The letter A is used twice."),
        ("ANSWER: A ou B", "one letter, not “A ou B”"),
        ("ANSWER: C", "“ANSWER:” without a question"),
        ("Dernière question sans réponse", "no “ANSWER:” line"),
    ]
    assert len(result["errors"]) == len(expected)
    for error, (needle, message) in zip(result["errors"], expected, strict=True):
        assert error["line"] == _line_of(source, needle), (needle, error)
        assert message in error["message"], (needle, error)


def test_it_reports_an_empty_option():
    result = parse_aiken("Question ?\nA. Oui\nB)\nANSWER: A")
    assert result["questions"] == []
    assert result["errors"] == [{"line": 3, "message": "An option is empty."}]


def test_it_reads_crlf_cr_and_a_byte_order_mark_with_the_same_lines():
    source = _read("francais.txt")
    expected = parse_aiken(source)
    assert parse_aiken("\ufeff" + source.replace("\n", "\r\n")) == expected
    assert parse_aiken(source.replace("\n", "\r")) == expected
    assert parse_aiken(("\ufeff" + source).encode("utf-8")) == expected


@pytest.mark.parametrize("name", ["moodle_docs.txt", "francais.txt", "malformed.txt"])
def test_it_gives_questions_the_grading_accepts(name):
    for question in parse_aiken(_read(name))["questions"]:
        assert check_question(question) == [], question


def test_it_refuses_a_file_over_max_bytes():
    with pytest.raises(FormatError, match="too big"):
        parse_aiken("Q ?\nA. a\nB. b\nANSWER: A\n" * 500_000)
    with pytest.raises(FormatError, match="UTF-8"):
        parse_aiken("Q ?\nA. é\nB. b\nANSWER: A\n".encode("latin-1"))


def test_it_refuses_more_questions_than_max_questions():
    question = "Q ?\nA. a\nB. b\nANSWER: A\n"
    assert len(parse_aiken(question * MAX_QUESTIONS)["questions"]) == MAX_QUESTIONS
    with pytest.raises(FormatError, match=str(MAX_QUESTIONS)):
        parse_aiken(question * (MAX_QUESTIONS + 1))
    with pytest.raises(FormatError):
        parse_aiken("Q ?\nA. a\n" * 100_000)  # questions without ANSWER count too


def test_it_survives_binary_junk_and_long_lines():
    generator = random.Random(20240607)
    for _round in range(20):
        junk = bytes(generator.randrange(256) for _ in range(5000))
        result = parse_aiken(junk.decode("latin-1"))
        assert set(result) == {"questions", "errors"}
    long = parse_aiken(
        "Q" * 1_000_000 + "\nA. " + "a" * 1_000_000 + "\nB. b\nANSWER: " + "B" * 1000
    )
    assert long["errors"][0]["message"].startswith("“ANSWER:” must be followed by one letter")


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(
            st.one_of(
                st.sampled_from(["ANSWER: A", "ANSWER: B", "Answer: z", "ANSWER:", "", "A.", "B)"]),
                st.builds(
                    lambda letter, text: f"{letter}. {text}",
                    st.sampled_from("ABCZ"),
                    st.text(max_size=8),
                ),
                st.text(max_size=20),
            ),
            max_size=30,
        ).map("\n".join),
    )
)
def test_it_never_raises_on_arbitrary_text(source):
    result = parse_aiken(source)
    lines = source.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for question in result["questions"]:
        assert 1 <= question["line"] <= lines
        assert check_question(question) == [], question
    for error in result["errors"]:
        assert 1 <= error["line"] <= lines
