"""Moodle XML import (pure: no database): the examples of docs.moodle.org's "Moodle XML
format" page as fixtures, the embedded answers (cloze) scanner, and hostile files."""

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amont.quizzes.formats import MAX_BYTES, MAX_QUESTIONS, FormatError, ParseResult
from amont.quizzes.formats.moodlexml import parse_moodle_xml
from amont.quizzes.scoring import check_question

DATA = Path(__file__).parent / "data" / "moodlexml"


def _read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _line_of(name: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line of a fixture containing `needle`."""
    lines = [
        number
        for number, line in enumerate((DATA / name).read_text("utf-8").splitlines(), start=1)
        if needle in line
    ]
    return lines[occurrence - 1]


def _quiz(*questions: str) -> str:
    return "<?xml version='1.0' encoding='UTF-8'?>\n<quiz>\n" + "\n".join(questions) + "\n</quiz>"


def _cloze(text: str, name: str = "Cloze") -> str:
    return (
        f'<question type="cloze"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext></question>'
    )


@pytest.fixture(scope="module")
def quiz() -> ParseResult:
    return parse_moodle_xml(_read("quiz.xml"))


@pytest.fixture(scope="module")
def by_title(quiz: dict) -> dict:
    return {question["title"]: question for question in quiz["questions"]}


# The documentation's examples --------------------------------------------------------


def test_it_reads_a_single_choice_with_its_feedback_grade_and_tags(by_title: dict) -> None:
    question = by_title["États de l'eau"]
    assert question["type"] == "single_choice"
    assert question["text_format"] == "html"
    assert question["text"].startswith("<p>Sous quelle forme l'eau est-elle <b>solide</b> ?</p>")
    assert question["general_feedback"] == "<p>L'eau gèle à 0 °C.</p>"
    assert question["default_grade"] == 2.0
    assert question["tags"] == ["eau", "états"]
    assert question["shuffle"] is True
    assert question["line"] == _line_of("quiz.xml", '<question type="multichoice">')
    assert question["answers"] == [
        {"text": "<p>La glace</p>", "fraction": 1.0, "feedback": "Oui !"},
        # A plain_text answer in an HTML question is escaped, so that it shows as typed.
        {"text": "La vapeur &lt; 100 °C &amp; plus", "fraction": 0.0, "feedback": ""},
    ]


def test_it_warns_about_files_and_hints_it_leaves_behind(by_title: dict) -> None:
    question = by_title["États de l'eau"]
    assert "@@PLUGINFILE@@/glace%20pil%C3%A9e.png" in question["text"]
    assert len(question["warnings"]) == 2
    assert "hints" in question["warnings"][0]
    assert "glace pilée.png" in question["warnings"][1]


def test_it_applies_each_category_to_the_questions_that_follow_it(by_title: dict) -> None:
    assert by_title["États de l'eau"]["category"] == "Sciences/Cycle de l'eau"
    assert by_title["Le ciel"]["category"] == "Sciences/Cycle de l'eau"
    assert by_title["Capitale"]["category"] == "Géographie"
    assert by_title["Rédaction"]["category"] == "Géographie"


def test_it_divides_fractions_by_100_and_converts_answers_to_the_text_format(
    by_title: dict,
) -> None:
    question = by_title["Composition"]
    assert question["type"] == "multiple_choice"
    assert question["text_format"] == "markdown"
    assert question["shuffle"] is False
    assert question["answers"] == [
        {"text": "Hydrogène", "fraction": 0.5, "feedback": ""},  # HTML answer → text
        {"text": "Oxygène", "fraction": 0.5, "feedback": ""},
        {"text": "Chlore", "fraction": -0.3333333, "feedback": "Non, pas de chlore."},
    ]


def test_it_puts_true_before_false(by_title: dict) -> None:
    question = by_title["Le ciel"]
    assert question["type"] == "true_false"
    assert question["answers"] == [
        {"text": "true", "fraction": 1.0, "feedback": "Correct!"},
        {"text": "false", "fraction": 0.0, "feedback": "Ooops!"},
    ]


def test_it_reads_short_answers_and_their_case_sensitivity(by_title: dict) -> None:
    question = by_title["Capitale"]
    assert question["type"] == "short_answer"
    assert question["text_format"] == "plain"
    assert question["case_sensitive"] is True
    assert question["accent_sensitive"] is True
    assert question["answers"] == [
        {"text": "Paris", "fraction": 1.0, "feedback": "Bravo"},
        {"text": "Lutèce", "fraction": 0.5, "feedback": ""},
    ]


def test_it_reads_numerical_answers_with_tolerances_and_any_other_answer(by_title: dict) -> None:
    question = by_title["Hauteur"]
    assert question["type"] == "numeric"
    # moodle_auto_format is read as Markdown, as the GIFT reader does.
    assert question["text_format"] == "markdown"
    assert (
        question["text"] == "Quelle est la hauteur du mont Blanc, en km ?\nArrondissez au dixième."
    )
    assert question["answers"] == [
        {"text": "4.8", "fraction": 1.0, "feedback": "Exact.", "value": 4.8, "tolerance": 0.05},
        {"text": "5", "fraction": 0.5, "feedback": "", "value": 5.0, "tolerance": 0.5},
        {"text": "*", "fraction": 0.0, "feedback": "Non."},
    ]
    assert question["warnings"] == ["The units were not imported; answers are plain numbers."]


def test_it_reads_matching_pairs_and_distractors(by_title: dict) -> None:
    question = by_title["Plats"]
    assert question["type"] == "matching"
    assert question["pairs"] == [
        {"left": "Kedgeree", "right": "Rice"},
        {"left": "<p>Pasta Carbonara</p>", "right": "Eggs &amp; bacon"},
        {"left": "Risotto", "right": "Rice"},
        {"left": "", "right": "Potato"},
    ]


def test_it_reads_an_essay_as_an_open_question(by_title: dict) -> None:
    question = by_title["Rédaction"]
    assert question["type"] == "open_text"
    assert question["warnings"] == ["The information for graders was not imported."]


def test_it_reports_descriptions_and_unsupported_types_with_their_lines(quiz: dict) -> None:
    assert quiz["errors"] == [
        {
            "line": _line_of("quiz.xml", '<question type="description">'),
            "message": (
                f"Question 8 “Introduction” (line {_line_of('quiz.xml', 'type="description"')})"
                " was not imported: a description is not a question."
            ),
            "skipped": True,
        },
        {
            "line": _line_of("quiz.xml", '<question type="calculated">'),
            "message": (
                f"Question 9 “Aire” (line {_line_of('quiz.xml', 'type="calculated"')}) was not "
                "imported: the Moodle question type “calculated” is not supported."
            ),
            "skipped": True,
        },
    ]
    assert len(quiz["questions"]) == 7


def test_it_gives_questions_the_grader_accepts(quiz: dict) -> None:
    cloze = parse_moodle_xml(_read("cloze.xml"))
    for question in quiz["questions"] + cloze["questions"]:
        assert check_question(question) == [], question["title"]


# Cloze (embedded answers) ------------------------------------------------------------


@pytest.fixture(scope="module")
def cloze() -> ParseResult:
    return parse_moodle_xml(_read("cloze.xml"))


def test_it_turns_embedded_answers_into_gaps(cloze: dict) -> None:
    question = cloze["questions"][0]
    assert question["type"] == "cloze"
    assert question["text"] == (
        "<p>Match the following cities with the correct state:</p>\n"
        "<ul><li>San Francisco: {{1}}</li>\n"
        "<li>Tucson: {{2}}</li></ul>\n"
        "<p>The capital of France is {{3}}.</p>\n"
        "<p>23+0.8 = {{4}}.</p>\n"
        "<p>Case matters: {{5}}, and a brace stays: {not a gap}.</p>"
    )
    gaps = question["gaps"]
    assert gaps[0] == {
        "kind": "choice",
        "answers": [
            {"text": "California", "fraction": 1.0, "feedback": "OK"},
            {"text": "Arizona", "fraction": 0.0, "feedback": "Wrong"},
        ],
    }
    assert [a["fraction"] for a in gaps[1]["answers"]] == [0.0, 1.0]
    assert gaps[2]["kind"] == "short_answer"
    assert gaps[2]["case_sensitive"] is False
    assert [(a["text"], a["fraction"]) for a in gaps[2]["answers"]] == [
        ("Paris", 1.0),
        ("Marseille", 0.5),
        ("*", 0.0),
    ]
    assert gaps[3] == {
        "kind": "numeric",
        "answers": [
            {
                "text": "23.8",
                "fraction": 1.0,
                "feedback": "Feedback for correct answer 23.8",
                "value": 23.8,
                "tolerance": 0.1,
            },
            {
                "text": "23.8",
                "fraction": 0.5,
                "feedback": (
                    "Feedback for half credit answer in the nearby range of the correct answer"
                ),
                "value": 23.8,
                "tolerance": 2.0,
            },
        ],
    }
    # SHORTANSWER_C (SAC): case sensitive; \~ is a literal tilde; entities are decoded.
    assert gaps[4]["case_sensitive"] is True
    assert [a["text"] for a in gaps[4]["answers"]] == ["H~2O", "H<sub>2</sub>O"]
    # The numerical gap weighs 2 in Moodle.
    assert question["warnings"] == [
        "The gaps' weights were not kept: every gap now counts the same."
    ]


def test_it_refuses_gaps_with_several_answers(cloze: dict) -> None:
    assert cloze["errors"] == [
        {
            "line": _line_of("cloze.xml", "<question type=", 2),
            "message": (
                f"Question 2 “Plusieurs réponses” (line {_line_of('cloze.xml', '<question type=', 2)})"
                " was not imported: the embedded answer type MULTIRESPONSE (several answers in "
                "one gap) is not supported."
            ),
        }
    ]


def test_it_turns_select_missing_words_into_choice_gaps_by_group(cloze: dict) -> None:
    question = next(q for q in cloze["questions"] if q["title"] == "Le chat")
    assert question["text"] == "<p>The {{1}} sat on the {{2}}.</p>"
    assert question["gaps"] == [
        {
            "kind": "choice",
            "answers": [
                {"text": "cat", "fraction": 1.0, "feedback": ""},
                {"text": "dog", "fraction": 0.0, "feedback": ""},
            ],
        },
        {
            "kind": "choice",
            "answers": [
                {"text": "mat", "fraction": 1.0, "feedback": ""},
                {"text": "rug", "fraction": 0.0, "feedback": ""},
            ],
        },
    ]
    assert "warnings" not in question


def test_it_turns_drag_and_drop_into_text_into_choice_gaps(cloze: dict) -> None:
    question = next(q for q in cloze["questions"] if q["title"] == "Glisser")
    assert question["text"] == "<p>Water boils at {{1}} and freezes at {{2}}.</p>"
    assert [[a["fraction"] for a in gap["answers"]] for gap in question["gaps"]] == [
        [1.0, 0.0],
        [0.0, 1.0],
    ]
    assert question["warnings"] == ["The drag-and-drop gaps became drop-down choices."]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<p>No gap here {1:FOO:=a}.</p>", "its text has no embedded answers"),
        ("<p>Unclosed {1:SA:=a~b</p>", "its text has no embedded answers"),
        ("<p>{1:NM:=three}</p>", "gap 1 has an answer that is not a number: “three”"),
        ("<p>{1:SA:~~}</p>", "gap 1 has no answers"),
    ],
)
def test_it_explains_why_a_cloze_is_not_imported(text: str, reason: str) -> None:
    result = parse_moodle_xml(_quiz(_cloze(text)))
    assert result["questions"] == []
    assert result["errors"][0]["message"].endswith(f"was not imported: {reason}.")
    assert result["errors"][0]["line"] == 3


def test_it_reads_escapes_feedback_and_percentages_in_embedded_answers() -> None:
    text = r"{SA:=a\}b\#c#fb \~ here~%33.3%d~%-50%e}{2:NUMERICAL:=1.5:0.25~*#other}"
    result = parse_moodle_xml(_quiz(_cloze("{1:" + text[1:])))
    gaps = result["questions"][0]["gaps"]
    assert gaps[0]["answers"] == [
        {"text": "a}b#c", "fraction": 1.0, "feedback": "fb ~ here"},
        {"text": "d", "fraction": 0.333, "feedback": ""},
        {"text": "e", "fraction": -0.5, "feedback": ""},
    ]
    assert gaps[1]["answers"] == [
        {"text": "1.5", "fraction": 1.0, "feedback": "", "value": 1.5, "tolerance": 0.25},
        {"text": "*", "fraction": 0.0, "feedback": "other"},
    ]


def test_it_scans_embedded_answers_in_linear_time() -> None:
    unclosed = "{1:SA:=a" * 200_000  # 1.6 MB of headers without a closing brace
    unknown = "{1:NOPE:" * 200_000
    started = time.perf_counter()
    for text in (unclosed, unknown):
        result = parse_moodle_xml(_quiz(_cloze(text)))
        assert result["questions"] == []
    many = parse_moodle_xml(_quiz(_cloze("{1:SA:=a} " * 2000)))
    assert len(many["questions"][0]["gaps"]) == 2000
    assert time.perf_counter() - started < 3


# Input forms and whole-file errors ---------------------------------------------------


def test_it_accepts_text_as_well_as_bytes_in_any_declared_encoding() -> None:
    question = (
        '<question type="truefalse"><name><text>Été</text></name>'
        "<questiontext><text>Il fait chaud en été.</text></questiontext>"
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    )
    as_text = parse_moodle_xml(_quiz(question))
    latin1 = _quiz(question).replace("UTF-8", "ISO-8859-1").encode("latin-1")
    assert parse_moodle_xml(latin1) == as_text
    assert as_text["questions"][0]["title"] == "Été"
    # No format attribute: Moodle's default, moodle_auto_format, read as Markdown.
    assert as_text["questions"][0]["text_format"] == "markdown"


def test_it_reads_html_written_as_xml_elements_instead_of_cdata() -> None:
    question = (
        '<question type="essay"><name><text>E</text></name>'
        '<questiontext format="html"><text><p>Un <b>essai</b></p></text></questiontext>'
        "</question>"
    )
    result = parse_moodle_xml(_quiz(question))
    assert result["questions"][0]["text"] == "<p>Un <b>essai</b></p>"


def test_it_reports_a_quiz_without_questions() -> None:
    assert parse_moodle_xml("<quiz/>") == {
        "questions": [],
        "errors": [{"line": 0, "message": "The file has no questions."}],
    }


def test_it_refuses_more_questions_than_the_limit() -> None:
    question = '<question type="essay"><questiontext><text>?</text></questiontext></question>'
    with pytest.raises(FormatError, match="more than 2000 questions"):
        parse_moodle_xml(_quiz(*[question] * (MAX_QUESTIONS + 1)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"name,answer\nParis,1\n", "This is not an XML file"),
        (
            b"<quiz><question></quiz>",
            "This is not a valid XML file (line 1, column 19: mismatched tag)",
        ),
        (b"<?xml version='1.0'?><assessmentItem/>", "its first element is <assessmentItem>"),
        (b"PK\x03\x04rest of a zip", "This is a ZIP archive"),
        ("\x00binary", "This is not an XML file"),
    ],
)
def test_it_refuses_what_is_not_moodle_xml_with_a_clear_message(
    data: bytes | str, message: str
) -> None:
    with pytest.raises(FormatError) as error:
        parse_moodle_xml(data)
    assert message in str(error.value)


# Hostile files -----------------------------------------------------------------------


def test_it_refuses_entity_expansion() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
            for n in range(1, 10)
        )
        + b"]><quiz>&lol9;</quiz>"
    )
    with pytest.raises(FormatError, match="DTD"):
        parse_moodle_xml(laughs)


def test_it_refuses_external_entities_without_reading_them(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<quiz><question type="essay"><name><text>&xxe;</text></name></question></quiz>'
    )
    with pytest.raises(FormatError) as error:
        parse_moodle_xml(data)
    assert "TOP-SECRET-VALUE" not in str(error.value)
    assert "DTD" in str(error.value)


def test_it_refuses_files_above_the_size_limit_before_parsing() -> None:
    data = b"<quiz>" + b" " * (MAX_BYTES + 1024 * 1024) + b"</quiz>"
    with pytest.raises(FormatError, match="larger than 5 MB"):
        parse_moodle_xml(data)


def test_it_refuses_deep_nesting_without_recursing() -> None:
    data = b"<quiz>" + b"<a>" * 10_000 + b"</a>" * 10_000 + b"</quiz>"
    with pytest.raises(FormatError, match="more than 64 levels"):
        parse_moodle_xml(data)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["quiz.xml", "cloze.xml"]), st.data())
def test_it_reads_damaged_files_or_refuses_them_with_a_format_error(
    name: str, data: st.DataObject
) -> None:
    damaged = bytearray(_read(name))
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        position = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))
        damaged[position] = data.draw(st.sampled_from(b'<>/&;{}[]~#=:%"x\x00'))
    try:
        result = parse_moodle_xml(bytes(damaged))
    except FormatError:
        return
    assert set(result) == {"questions", "errors"}
