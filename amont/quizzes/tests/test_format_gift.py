"""Moodle GIFT: the reader on examples written from Moodle's documentation and French
ones, line numbers of malformed questions, the writer, round trips (fixture files and
generated neutral questions) and hostile files. Pure: no database."""

import random
import re
import time
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from amont.quizzes.formats import (
    MAX_BYTES,
    MAX_QUESTIONS,
    QUESTION_TYPES,
    FormatError,
    ParseError,
    ParseResult,
)
from amont.quizzes.formats.gift import MAX_ANSWERS, number_text, parse_gift, write_gift
from amont.quizzes.scoring import check_question
from amont.quizzes.tests.formats_helpers import line_of as _line_of

DATA = Path(__file__).parent / "data" / "gift"
FIXTURES = sorted(path.name for path in DATA.glob("*.gift"))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _one(source: str) -> dict[str, Any]:
    result = parse_gift(source)
    assert result["errors"] == []
    assert len(result["questions"]) == 1
    return result["questions"][0]


def _error(source: str) -> ParseError:
    result = parse_gift(source)
    assert result["questions"] == []
    assert len(result["errors"]) == 1
    return result["errors"][0]


def _without_line(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in q.items() if key != "line"} for q in questions]


def _answer(text: str, fraction: float, feedback: str = "") -> dict[str, Any]:
    return {"text": text, "fraction": fraction, "feedback": feedback}


def _question(kind: str, text: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": kind,
        "title": "",
        "text": text,
        "text_format": "markdown",
        "general_feedback": "",
        "category": "",
        "tags": [],
        **fields,
    }


# Moodle's documentation ---------------------------------------------------------------


def test_it_reads_the_moodle_documentation_examples():
    source = _read("moodle_docs.gift")
    result = parse_gift(source)
    assert [q["type"] for q in result["questions"]] == [
        "single_choice",
        "single_choice",
        "single_choice",
        "multiple_choice",
        "true_false",
        "true_false",
        "true_false",
        "short_answer",
        "short_answer",
        "matching",
        "cloze",
        "cloze",
        "cloze",
        "numeric",
        "numeric",
        "numeric",
        "open_text",
        "single_choice",
        "single_choice",
        "true_false",
        "single_choice",
    ]
    assert result["errors"] == [
        {
            "line": _line_of(source, "You can use your pencil"),
            "message": "Description (no answer block {…}): not a question, not imported.",
            "skipped": True,
        }
    ]
    lines = [q["line"] for q in result["questions"]]
    assert lines[0] == _line_of(source, "{~Grant =no one ~Napoleon}")
    assert lines[2] == _line_of(source, "::Grants tomb::")
    assert lines == sorted(lines)


def test_it_reads_a_choice_with_one_right_answer_as_single_choice():
    assert _one("Who's buried in Grant's tomb?{~Grant =no one ~Napoleon}") == {
        **_question("single_choice", "Who's buried in Grant's tomb?"),
        "line": 1,
        "answers": [_answer("Grant", 0.0), _answer("no one", 1.0), _answer("Napoleon", 0.0)],
    }


def test_it_reads_answer_feedback_on_following_lines():
    question = parse_gift(_read("moodle_docs.gift"))["questions"][2]
    assert question["title"] == "Grants tomb"
    assert question["answers"][1] == _answer(
        "No one",
        0.0,
        "Was true for 12 years, but Grant's remains were buried in the tomb in 1897",
    )
    assert question["answers"][2] == _answer("Napoleon", 0.0, "He was buried in France")


def test_it_reads_weights_as_multiple_choice():
    question = _one(
        "What two people are entombed in Grant's tomb? {\n"
        "   ~%-100%No one\n   ~%50%Grant\n   ~%50%Grant's wife\n   ~%-100%Grant's father\n}"
    )
    assert question["type"] == "multiple_choice"
    assert [a["fraction"] for a in question["answers"]] == [-1.0, 0.5, 0.5, -1.0]


def test_it_shares_the_credit_between_several_right_answers():
    question = _one("Quels nombres sont pairs ?{=2 =4 =6 ~3 ~%-50%5}")
    assert question["type"] == "multiple_choice"
    assert [a["fraction"] for a in question["answers"]] == [
        0.3333333,
        0.3333333,
        0.3333333,
        0.0,
        -0.5,
    ]
    assert check_question(question) == []


def test_it_keeps_partial_credit_in_a_single_choice():
    question = _one("Capitale de l'Australie ?{=Canberra ~%50%Sydney#Presque. ~Vienne}")
    assert question["type"] == "single_choice"
    assert question["answers"][1] == _answer("Sydney", 0.5, "Presque.")


def test_it_reads_true_false_and_its_two_feedbacks():
    assert _one("Grant is buried in Grant's tomb.{F}")["answers"] == [
        _answer("true", 0.0),
        _answer("false", 1.0),
    ]
    assert _one("The sun rises in the east.{T}")["answers"][0]["fraction"] == 1.0
    assert _one("Vrai ?{true}")["type"] == "true_false"
    # The first feedback is for a wrong answer, the second for the right one.
    assert _one("The sun rises in the west.{FALSE#No: in the east.#Right.}")["answers"] == [
        _answer("true", 0.0, "No: in the east."),
        _answer("false", 1.0, "Right."),
    ]
    assert _one("L'eau mouille.{TRUE#Si.#Oui.}")["answers"] == [
        _answer("true", 1.0, "Oui."),
        _answer("false", 0.0, "Si."),
    ]


def test_it_reads_short_answers_with_weights():
    question = _one(
        "Who's buried in Grant's tomb?{=Grant =%50%Ulysses#Half credit. =Ulysses S. Grant}"
    )
    assert question["type"] == "short_answer"
    assert question["answers"] == [
        _answer("Grant", 1.0),
        _answer("Ulysses", 0.5, "Half credit."),
        _answer("Ulysses S. Grant", 1.0),
    ]
    assert _one("Qui ?{personne}")["answers"] == [_answer("personne", 1.0)]


def test_it_reads_matching_with_distractors_and_general_feedback():
    question = _one(
        "Match the following countries with their corresponding capitals. {\n"
        "   =Canada -> Ottawa\n   =Italy  -> Rome\n   = -> Paris\n"
        "   ####It's good to know the capitals\n}"
    )
    assert question["type"] == "matching"
    assert question["pairs"] == [
        {"left": "Canada", "right": "Ottawa"},
        {"left": "Italy", "right": "Rome"},
        {"left": "", "right": "Paris"},
    ]
    assert question["general_feedback"] == "It's good to know the capitals"


def test_it_reads_missing_words_as_a_cloze_with_one_gap():
    choice = _one("Moodle costs {~lots of money =nothing ~a small amount} to download.")
    assert choice["type"] == "cloze"
    assert choice["text"] == "Moodle costs {{1}} to download."
    assert choice["gaps"] == [
        {
            "kind": "choice",
            "answers": [
                _answer("lots of money", 0.0),
                _answer("nothing", 1.0),
                _answer("a small amount", 0.0),
            ],
        }
    ]
    short = _one("Two plus {=two =2} equals four.")
    assert short["gaps"][0]["kind"] == "short_answer"
    numeric = _one("What is the value of pi (to 3 decimal places)? {#3.14159:0.0005}.")
    assert numeric["text"] == "What is the value of pi (to 3 decimal places)? {{1}}."
    assert numeric["gaps"][0]["kind"] == "numeric"
    assert numeric["gaps"][0]["answers"][0]["value"] == 3.14159
    assert _one("{=Paris ~Lyon} est la capitale.")["text"] == "{{1}} est la capitale."


def test_it_keeps_moodle_blank_for_kinds_without_a_gap():
    question = _one("Grant is {T} buried in Grant's tomb.")
    assert question["type"] == "true_false"
    assert question["text"] == "Grant is _____ buried in Grant's tomb."


def test_it_refuses_several_right_answers_in_a_choice_gap():
    error = _error("Paris est {=la capitale =une ville ~un fleuve} de la France.")
    assert error["line"] == 1
    assert "Exactly one answer must be right" in error["message"]


def test_it_reads_numbers_tolerances_ranges_and_several_answers():
    assert _one("When was Ulysses S. Grant born?{#1822:5}")["answers"] == [
        {"text": "1822", "fraction": 1.0, "feedback": "", "value": 1822.0, "tolerance": 5.0}
    ]
    # A range becomes its middle and half its width, without float noise.
    assert _one("Pi to 3 decimals? {#3.141..3.142}")["answers"][0] == {
        "text": "3.1415",
        "fraction": 1.0,
        "feedback": "",
        "value": 3.1415,
        "tolerance": 0.0005,
    }
    assert _one("Un nombre ?{#-5..-1}")["answers"][0]["value"] == -3.0
    question = _one(
        "When was Ulysses S. Grant born? {#\n"
        "    =1822:0      # Correct! Full credit.\n"
        "    =%50%1822:2  # He was born in 1822. Half credit for being close.\n"
        "    ~#Not even close.\n}"
    )
    assert question["answers"] == [
        {
            "text": "1822",
            "fraction": 1.0,
            "feedback": "Correct! Full credit.",
            "value": 1822.0,
            "tolerance": 0.0,
        },
        {
            "text": "1822",
            "fraction": 0.5,
            "feedback": "He was born in 1822. Half credit for being close.",
            "value": 1822.0,
            "tolerance": 2.0,
        },
        # Moodle's "any other answer": the catch-all the grading knows.
        {"text": "*", "fraction": 0.0, "feedback": "Not even close."},
    ]
    assert check_question(question) == []
    # A French decimal comma.
    assert _one("Ébullition ?{#100:0,5}")["answers"][0]["tolerance"] == 0.5


def test_it_reads_an_essay_as_open_text():
    question = _one("Write a short biography of Dag Hammarskjöld. {####Mention the UN.}")
    assert question["type"] == "open_text"
    assert question["general_feedback"] == "Mention the UN."
    assert "answers" not in question


def test_it_decodes_escapes_and_keeps_other_backslashes():
    question = _one("Which answer equals 5? {\n   ~ \\= 2 + 2\n   = \\= 2 + 3\n   ~ \\= 2 + 4\n}")
    assert [a["text"] for a in question["answers"]] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    question = _one("::Ratio 1\\:2::Vaut $\\frac\\{1\\}\\{2\\}$ \\\\ \\# ?\\nOui.{T}")
    assert question["title"] == "Ratio 1:2"
    # \f stays (LaTeX), \\ is one backslash, \n a line break.
    assert question["text"] == "Vaut $\\frac{1}{2}$ \\ # ?\nOui."
    # LaTeX braces need their escapes.
    assert "answer block" in _error("Vaut $\\frac{1}{2}$ ?{T}")["message"]


def test_it_reads_the_control_characters_example():
    question = parse_gift(_read("moodle_docs.gift"))["questions"][17]
    assert question["title"] == "GIFT Control Characters"
    assert [a["text"] for a in question["answers"]] == ["~", "=", "#", "{", "}", "\\"]
    assert question["answers"][5]["fraction"] == 1.0
    assert question["answers"][5]["feedback"].startswith("Correct! \\ (backslash) is not")
    assert "\n" in question["answers"][5]["feedback"]  # the feedback goes on a second line


def test_it_reads_categories_formats_and_tags():
    source = (
        "// [tag:eau] [tag:6e] [id:Q1] [tag:eau]\n"
        "::A::[html]<p>Une <b>question</b></p>{T}\n\n"
        "$CATEGORY: $course$/top/Sciences / Cycle de l'eau//\n\n"
        "::B::[plain]Texte *brut*{T}\n\n"
        "$CATEGORY: tom/dick/harry\n"
        "::C::[moodle]Auto{T}\n\n"
        "$CATEGORY: $course$/top\n\n"
        "::D::[markdown]**Gras**{T}"
    )
    a, b, c, d = parse_gift(source)["questions"]
    assert (a["text"], a["text_format"], a["category"], a["tags"]) == (
        "<p>Une <b>question</b></p>",
        "html",
        "",
        ["eau", "6e"],
    )
    assert (b["text_format"], b["category"], b["tags"]) == ("plain", "Sciences/Cycle de l'eau", [])
    assert (c["text_format"], c["category"], c["line"]) == ("markdown", "tom/dick/harry", 9)
    assert (d["text"], d["category"]) == ("**Gras**", "")


def test_it_reads_french_questions():
    source = _read("francais.gift")
    result = parse_gift(source)
    assert result["errors"] == []
    by_title = {q["title"]: q for q in result["questions"]}
    assert len(by_title) == 12
    clouds = by_title["Nuages"]
    assert clouds["category"] == "Sciences/Cycle de l'eau"
    assert clouds["tags"] == ["eau", "6e"]
    assert clouds["line"] == _line_of(source, "::Nuages::")
    assert clouds["answers"][1]["feedback"] == (
        "Non : l'eau s'y évapore, mais les nuages se forment plus haut."
    )
    assert (
        clouds["general_feedback"] == "Les nuages sont faits de gouttelettes d'eau en suspension."
    )
    assert by_title["Évaporation"]["text"] == (
        "Quand l'eau chauffe, elle passe à l'état {{1}} sous l'effet de la chaleur."
    )
    assert by_title["Ébullition"]["answers"][0]["tolerance"] == 0.5
    assert by_title["États"]["pairs"][-1] == {"left": "", "right": "béton"}
    assert by_title["Pairs"]["category"] == "Mathématiques"
    assert by_title["Accolades"]["text"] == "Que vaut {a, b} ∩ {b, c} ?"
    assert by_title["Rapport 1:2"]["answers"][1]["text"] == "1 : 2"
    assert by_title["Deux lignes"]["text"] == (
        "Première ligne\nDeuxième ligne \\ avec une barre oblique inverse."
    )
    assert by_title["Sur plusieurs lignes"]["text"] == (
        "Lisez ce poème :\n    « Il pleure dans mon cœur\n    Comme il pleut sur la ville »\n"
        "Qui l'a écrit ?"
    )


def test_it_reads_crlf_cr_and_a_byte_order_mark_with_the_same_lines():
    source = _read("francais.gift")
    expected = parse_gift(source)
    assert parse_gift("\ufeff" + source.replace("\n", "\r\n")) == expected
    assert parse_gift(source.replace("\n", "\r")) == expected
    assert parse_gift(("\ufeff" + source).encode("utf-8")) == expected


def test_it_ignores_comments_inside_a_question():
    source = "Qui ?\n// un commentaire au milieu\n{\n=moi // pas un commentaire\n// ~toi\n~lui\n}"
    question = _one(source)
    assert question["line"] == 1
    assert [a["text"] for a in question["answers"]] == ["moi // pas un commentaire", "lui"]


def test_it_reports_malformed_questions_with_their_lines_and_keeps_the_others():
    source = _read("malformed.gift")
    result = parse_gift(source)
    assert [q["text"] for q in result["questions"]] == [
        "Bonne question 1 ?",
        "Bonne question 2 ?",
        "Bonne question 3 ?",
    ]
    expected = [
        ("Accolade non fermée", "not closed"),
        ("Appariement trop court", "at least two pairs"),
        ("Aucune bonne réponse", "No answer is right: mark one with = or give weights ~%50%."),
        ("Poids incohérents", "add up to 70%, not 100%"),
        ("Accolade orpheline", "“}” without “{”"),
        ("Juste une description", "Description"),
        ("::Titre sans fin", "title is not closed"),
        ("Nombre invalide", "“abc” is not a number"),
        ("Deux blocs", "Only one answer block"),
        ("{=a ~b {=c}", "“{” inside an answer block"),  # the line of the inner brace
        ("Paire sans flèche", "“chien” has no “->”"),
        ("Poids hors limites", "150% is outside"),
        ("Réponse vide", "An answer is empty"),
    ]
    assert len(result["errors"]) == len(expected)
    for error, (needle, message) in zip(result["errors"], expected, strict=True):
        assert error["line"] == _line_of(source, needle), (needle, error)
        assert message in error["message"], (needle, error)


def test_it_points_at_the_line_of_a_bad_answer():
    source = "Question ?{\n=oui\n~%300%non\n}"
    assert _error(source)["line"] == 3
    assert _error("Question ?{\n=oui\n~non\n")["line"] == 1  # the opening brace


@pytest.mark.parametrize("name", FIXTURES)
def test_it_gives_questions_the_grading_accepts(name):
    for question in parse_gift(_read(name))["questions"]:
        assert question["type"] in QUESTION_TYPES
        assert check_question(question) == [], question


# Writing ------------------------------------------------------------------------------


def test_it_writes_gift_as_moodle_reads_it():
    questions = [
        {
            **_question("single_choice", "Où se forment les nuages ?"),
            "title": "Nuages",
            "category": "Sciences/Cycle de l'eau",
            "tags": ["eau", "6e"],
            "general_feedback": "Dans l'atmosphère.",
            "answers": [_answer("Dans l'atmosphère", 1.0, "Exact !"), _answer("Dans l'océan", 0.0)],
        },
        {
            **_question("multiple_choice", "Pairs ?"),
            "category": "Sciences/Cycle de l'eau",
            "answers": [_answer("2", 0.5), _answer("4", 0.5), _answer("3", -1.0)],
        },
        {
            **_question("true_false", "Vrai ?"),
            "answers": [_answer("true", 0.0, "Non."), _answer("false", 1.0)],
        },
        {
            **_question("numeric", "Ébullition ?"),
            "answers": [{**_answer("100", 1.0), "value": 100.0, "tolerance": 0.5}],
        },
        {
            **_question("cloze", "Deux plus {{1}} font quatre."),
            "gaps": [
                {"kind": "short_answer", "answers": [_answer("deux", 1.0), _answer("2", 1.0)]}
            ],
        },
        {**_question("open_text", "Racontez."), "text_format": "html"},
    ]
    text, skipped = write_gift(questions)
    assert skipped == []
    assert text == (
        "$CATEGORY: $course$/top/Sciences/Cycle de l'eau\n\n"
        "// [tag:eau] [tag:6e]\n"
        "::Nuages::[markdown]Où se forment les nuages ?{\n"
        "\t=Dans l'atmosphère#Exact !\n"
        "\t~Dans l'océan\n"
        "\t####Dans l'atmosphère.\n"
        "}\n\n"
        "[markdown]Pairs ?{\n\t~%50%2\n\t~%50%4\n\t~%-100%3\n}\n\n"
        "$CATEGORY: $course$/top\n\n"
        "[markdown]Vrai ?{FALSE#Non.}\n\n"
        "[markdown]Ébullition ?{#100:0.5}\n\n"
        "[markdown]Deux plus {=deux =2} font quatre.\n\n"
        "[html]Racontez.{}\n"
    )
    assert _without_line(parse_gift(text)["questions"]) == questions


def test_it_escapes_special_characters():
    question = {
        **_question("short_answer", "a~b=c#d{e}f:g\\h\ni"),
        "title": "::t::",
        "answers": [_answer("1:2", 1.0, "#1 {ok}")],
    }
    text, _skipped = write_gift([question])
    assert text == (
        "::\\:\\:t\\:\\:::[markdown]a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni{\n"
        "\t=1\\:2#\\#1 \\{ok\\}\n}\n"
    )
    assert _without_line(parse_gift(text)["questions"]) == [question]


def test_it_writes_texts_that_look_like_syntax():
    question = {
        **_question("single_choice", "[html]<b>pas du HTML</b>"),
        "text_format": "plain",
        "answers": [
            _answer("%50%moitié", 1.0, "[markdown]x"),
            _answer("%-100%", 0.0),
            _answer("// pas un commentaire", 0.0),
            _answer("[html]y", 0.0),
        ],
        "general_feedback": "$CATEGORY: non",
    }
    text, _skipped = write_gift([question])
    assert "\t=%100%%50%moitié#[plain][markdown]x\n" in text
    assert "\t~%0%%-100%\n" in text
    assert text.startswith("[plain][html]<b>pas du HTML</b>{")
    assert _without_line(parse_gift(text)["questions"]) == [question]


def test_it_skips_what_gift_cannot_express():
    fine = {
        **_question("true_false", "Vrai ?"),
        "answers": [_answer("true", 1.0), _answer("false", 0.0)],
    }
    cannot = [
        {**_question("ordering", "Ordonnez."), "items": ["a", "b"]},
        {
            **_question("cloze", "{{1}} et {{2}}"),
            "gaps": [
                {"kind": "short_answer", "answers": [_answer("a", 1.0)]},
                {"kind": "short_answer", "answers": [_answer("b", 1.0)]},
            ],
        },
        {**_question("short_answer", "Flèche ?"), "answers": [_answer("a -> b", 1.0)]},
        {**_question("short_answer", "Flèche ?"), "answers": [_answer("a", 1.0, "a -> b")]},
        {
            **_question("matching", "Paires ?"),
            "pairs": [{"left": "a -> b", "right": "c"}, {"left": "d", "right": "e"}],
        },
        {
            **_question("numeric", "Nombre ?"),
            "answers": [
                {**_answer("1", 1.0), "value": 1.0, "tolerance": 0.0},
                _answer("*", 0.5, "autre"),
            ],
        },
        {
            **_question("numeric", "Nombre ?"),
            "answers": [{**_answer("inf", 1.0), "value": float("inf")}],
        },
        {**_question("hotspot", "?")},
    ]
    text, skipped = write_gift([cannot[0], fine, *cannot[1:]])
    assert skipped == cannot
    assert _without_line(parse_gift(text)["questions"]) == [fine]


def test_it_writes_a_gap_that_ends_the_text_as_an_ordinary_question():
    cloze = {
        **_question("cloze", "La capitale de la France est {{1}}"),
        "gaps": [{"kind": "choice", "answers": [_answer("Paris", 1.0), _answer("Lyon", 0.0)]}],
    }
    text, skipped = write_gift([cloze])
    assert skipped == []
    (question,) = parse_gift(text)["questions"]
    assert question["type"] == "single_choice"
    assert question["text"] == "La capitale de la France est"


@pytest.mark.parametrize("name", FIXTURES)
def test_it_round_trips_the_fixture_files(name):
    questions = parse_gift(_read(name))["questions"]
    text, skipped = write_gift(questions)
    assert skipped == []
    again = parse_gift(text)
    assert again["errors"] == []
    assert _without_line(again["questions"]) == _without_line(questions)


# Round trips of generated questions ---------------------------------------------------

CHARS = "abcXYZ 019éèçàœÉ~=#{}:\\->%[]/*_.!?'\t\n"
TRICKY = [
    "[html]<b>gras</b>",
    "[markdown]*a*",
    "[plain]x",
    "[moodle]y",
    "%50%moitié",
    "%-100%",
    "T",
    "TRUE",
    "false",
    "// pas un commentaire",
    "$CATEGORY: x",
    "::titre::",
    "####",
    "\\n",
    "a\\",
    "\\",
    "Qu'est-ce que c'est ?",
    "1..5",
    "3:2",
    "_____",
    "{{2}}",
]
GAP_MARKER = re.compile(r"\{\{[0-9]+\}\}")


def texts(min_size: int = 1) -> st.SearchStrategy[str]:
    """Trimmed texts (GIFT trims) full of special characters, accents and line breaks."""
    plain = st.text(alphabet=CHARS, max_size=15).map(str.strip)
    return st.one_of(plain, st.sampled_from(TRICKY)).filter(lambda text: len(text) >= min_size)


def no_arrow(min_size: int = 1) -> st.SearchStrategy[str]:
    return texts(min_size).filter(lambda text: "->" not in text)


def answers(fractions: list[float]) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Answers with these fractions, and generated texts and feedback."""
    return st.tuples(*[st.tuples(texts(), texts(0)) for _ in fractions]).map(
        lambda pairs: [_answer(t, f, fb) for (t, fb), f in zip(pairs, fractions, strict=True)]
    )


@st.composite
def single_choice_answers(draw) -> list[dict[str, Any]]:
    others = draw(
        st.lists(
            st.sampled_from([0.0, 0.0, 0.5, 0.25, -0.5, -1.0, 0.3333333]), min_size=1, max_size=4
        )
    )
    fractions = draw(st.permutations([1.0, *others]))
    return draw(answers(list(fractions)))


@st.composite
def multiple_choice_answers(draw) -> list[dict[str, Any]]:
    rights = draw(
        st.sampled_from(
            [
                [1.0],
                [0.5, 0.5],
                [0.3333333] * 3,
                [0.25] * 4,
                [0.5, 0.25, 0.25],
                [0.6, 0.4],
                [0.1428571] * 7,
            ]
        )
    )
    wrongs = draw(
        st.lists(
            st.sampled_from([0.0, -0.5, -1.0, -0.3333333]),
            min_size=1 if len(rights) == 1 else 0,
            max_size=3,
        )
    )
    fractions = draw(st.permutations([*rights, *wrongs]))
    return draw(answers(list(fractions)))


@st.composite
def accepted_answers(draw) -> list[dict[str, Any]]:
    others = draw(st.lists(st.sampled_from([1.0, 0.5, 0.25, 0.0, 0.1428571]), max_size=3))
    fractions = draw(st.permutations([1.0, *others]))
    pairs = draw(st.tuples(*[st.tuples(no_arrow(), no_arrow(0)) for _ in fractions]))
    return [_answer(t, f, fb) for (t, fb), f in zip(pairs, fractions, strict=True)]


finite = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def numeric_answers(draw) -> list[dict[str, Any]]:
    others = draw(st.lists(st.sampled_from([1.0, 0.5, 0.0]), max_size=2))
    result = []
    for fraction in draw(st.permutations([1.0, *others])):
        value = draw(st.one_of(finite, st.integers(-3000, 3000).map(float)))
        tolerance = draw(
            st.one_of(st.floats(min_value=0, max_value=1e6), st.sampled_from([0.0, 0.5]))
        )
        result.append(
            {
                **_answer(number_text(value), fraction, draw(texts(0))),
                "value": value,
                "tolerance": tolerance,
            }
        )
    if draw(st.booleans()):
        result.append(_answer("*", 0.0, draw(texts(0))))
    return result


@st.composite
def matching_pairs(draw) -> list[dict[str, str]]:
    lefts = draw(st.lists(no_arrow(), min_size=2, max_size=4))
    distractors = draw(st.integers(0, 2))
    return [{"left": left, "right": draw(texts())} for left in lefts] + [
        {"left": "", "right": draw(texts())} for _ in range(distractors)
    ]


segments = st.one_of(
    st.just("top"), st.text(alphabet="abcéÉ 'xyz-", min_size=1, max_size=8).map(str.strip)
).filter(bool)
tags = st.text(alphabet="abcé]-[ ", min_size=1, max_size=8).map(lambda tag: " ".join(tag.split()))


@st.composite
def base(draw, kind: str, text: str | None = None) -> dict[str, Any]:
    return {
        "type": kind,
        "title": draw(texts(0)),
        "text": text if text is not None else draw(texts()),
        "text_format": draw(st.sampled_from(["markdown", "html", "plain"])),
        "general_feedback": draw(texts(0)),
        "category": "/".join(draw(st.lists(segments, max_size=3))),
        "tags": draw(st.lists(tags.filter(bool), unique=True, max_size=3)),
    }


@st.composite
def cloze_text(draw) -> str:
    before, after = draw(texts(0)), draw(texts())
    if GAP_MARKER.search(before) or GAP_MARKER.search(after):
        return "Texte {{1}} à trous"
    left = draw(st.sampled_from(["", " ", "\n"])) if before else ""
    return before + left + "{{1}}" + draw(st.sampled_from(["", " ", "\n"])) + after


@st.composite
def gaps(draw) -> list[dict[str, Any]]:
    kind = draw(st.sampled_from(["choice", "short_answer", "numeric"]))
    strategy = {
        "choice": single_choice_answers(),
        "short_answer": accepted_answers(),
        "numeric": numeric_answers(),
    }
    return [{"kind": kind, "answers": draw(strategy[kind])}]


@st.composite
def true_false_answers(draw) -> list[dict[str, Any]]:
    right = draw(st.booleans())
    return [
        _answer("true", 1.0 if right else 0.0, draw(texts(0))),
        _answer("false", 0.0 if right else 1.0, draw(texts(0))),
    ]


questions = st.one_of(
    st.builds(lambda q, a: {**q, "answers": a}, base("single_choice"), single_choice_answers()),
    st.builds(lambda q, a: {**q, "answers": a}, base("multiple_choice"), multiple_choice_answers()),
    st.builds(lambda q, a: {**q, "answers": a}, base("true_false"), true_false_answers()),
    st.builds(lambda q, a: {**q, "answers": a}, base("short_answer"), accepted_answers()),
    st.builds(lambda q, a: {**q, "answers": a}, base("numeric"), numeric_answers()),
    st.builds(lambda q, p: {**q, "pairs": p}, base("matching"), matching_pairs()),
    st.builds(
        lambda t, g: t | {"gaps": g}, cloze_text().flatmap(lambda t: base("cloze", t)), gaps()
    ),
    base("open_text"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(questions, min_size=1, max_size=4))
def test_it_round_trips_generated_questions(generated):
    text, skipped = write_gift(generated)
    assert skipped == []
    result = parse_gift(text)
    assert result["errors"] == []
    assert _without_line(result["questions"]) == generated
    for question in result["questions"]:
        assert check_question(question) == [], question


# Hostile files ------------------------------------------------------------------------


def test_it_refuses_a_file_over_max_bytes():
    huge = "a" * (10 * 1024 * 1024)
    with pytest.raises(FormatError, match="too big"):
        parse_gift(huge)
    with pytest.raises(FormatError, match="too big"):
        parse_gift(huge.encode())
    # Characters are counted as UTF-8 bytes: 3 MB of "é" is 6 MB.
    with pytest.raises(FormatError):
        parse_gift("é" * (3 * 1024 * 1024))
    assert parse_gift("a" * (MAX_BYTES - 10) + "{T}")["questions"][0]["type"] == "true_false"


def test_it_refuses_bytes_that_are_not_utf8():
    with pytest.raises(FormatError, match="UTF-8"):
        parse_gift("Qu'est-ce que c'est ?{T}".encode("utf-16"))


def test_it_refuses_more_questions_than_max_questions():
    with pytest.raises(FormatError, match=str(MAX_QUESTIONS)):
        parse_gift("Q ?{T}\n\n" * (MAX_QUESTIONS + 1))
    assert len(parse_gift("Q ?{T}\n\n" * MAX_QUESTIONS)["questions"]) == MAX_QUESTIONS
    with pytest.raises(FormatError):
        parse_gift("{\n\n" * 100_000)


def _quick(source: str, seconds: float = 5.0) -> ParseResult:
    start = time.perf_counter()
    result = parse_gift(source)
    assert time.perf_counter() - start < seconds
    return result


def test_it_reports_100k_opening_braces():
    result = _quick("{" * 100_000)
    assert result["questions"] == []
    assert result["errors"] == [
        {"line": 1, "message": "The answer block opened here with “{” is not closed with “}”."}
    ]
    assert _quick("Question ?\n" + "{\n" * 100_000)["errors"][0]["line"] == 2


def test_it_reports_deeply_nested_braces():
    result = _quick("Q ?" + "{" * 50_000 + "T" + "}" * 50_000)
    assert len(result["errors"]) == 1
    assert "inside an answer block" in result["errors"][0]["message"]
    result = _quick("Q ?{=a ~b}" + "{=c ~d}" * 50_000)
    assert "Only one answer block" in result["errors"][0]["message"]


def test_it_caps_the_answers_of_a_question():
    result = _quick("Q ?{=a" + " ~b" * 1_000_000 + "}")
    assert result["errors"] == [{"line": 1, "message": f"Too many answers: {MAX_ANSWERS} at most."}]
    assert len(_one("Q ?{=a" + " ~b" * (MAX_ANSWERS - 1) + "}")["answers"]) == MAX_ANSWERS


def test_it_stays_fast_on_pathological_text():
    megabyte = 1024 * 1024
    for source in (
        "\\{" * megabyte,
        "a\\" * megabyte,
        "x{" * megabyte,
        "Q ?{=a#" + "#" * megabyte + "}",
        "Q ?{" + "\\#" * megabyte + "}",
        "Q ?{#" + "9" * megabyte + "}",
        "Q ?{~%" + "1" * megabyte + " =a}",
        "::" + ":" * megabyte,
        "// [tag:" + "\\]" * megabyte + "\nQ ?{T}",
        "$CATEGORY: " + "/" * megabyte,
    ):
        result = _quick(source)
        assert len(result["questions"]) + len(result["errors"]) <= 1


def test_it_survives_binary_junk():
    generator = random.Random(20240607)
    for _round in range(20):
        junk = bytes(generator.randrange(256) for _ in range(5000))
        result = parse_gift(junk.decode("latin-1"))
        assert set(result) == {"questions", "errors"}
        try:
            parse_gift(junk)
        except FormatError as error:
            assert "UTF-8" in str(error)


def test_it_survives_unterminated_escapes_titles_and_blocks():
    assert _one("Q ?{=a\\\\}")["answers"][0]["text"] == "a\\"
    assert "not closed" in _error("Q ?{=a ~b\\}")["message"]
    assert "not closed" in _error("Q ?{=a ~b\\")["message"]
    assert _error("\\")["message"].startswith("Description")
    assert "title is not closed" in _error("::Titre\\::{T}")["message"]
    assert "not a number" in _error("Q ?{#1e999}")["message"]
    assert "not a number" in _error("Q ?{#nan}")["message"]
    assert "range" in _error("Q ?{#5..1}")["message"]
    assert "negative" in _error("Q ?{#5:-1}")["message"]
    assert "no text" in _error("::Titre::{T}")["message"]
    assert "“{{n}}”" in _error("\\{\\{2\\}\\} {=a ~b} fin")["message"]
    assert parse_gift("") == {"questions": [], "errors": []}
    assert parse_gift("// rien\n\n\n$CATEGORY: x\n") == {"questions": [], "errors": []}


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        st.text(alphabet="{}~=#:\\%->TF.,1 \n/$[]aé", max_size=300),
    )
)
def test_it_never_raises_on_arbitrary_text(source):
    result = parse_gift(source)
    lines = source.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for question in result["questions"]:
        assert question["type"] in QUESTION_TYPES
        assert 1 <= question["line"] <= lines
        assert check_question(question) == [], question
    for error in result["errors"]:
        assert 1 <= error["line"] <= lines
        assert error["message"]
