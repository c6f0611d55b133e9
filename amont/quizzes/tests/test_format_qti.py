"""QTI 2.1 import and export (pure: no database): fixtures written after the examples of
1EdTech's QTI 2.1 specification, round trips over generated questions, content packages
and hostile files."""

import io
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amont.quizzes.formats import (
    MAX_BYTES,
    MAX_QUESTIONS,
    FormatError,
    NeutralQuestion,
    ParseResult,
)
from amont.quizzes.formats.moodlexml import parse_moodle_xml
from amont.quizzes.formats.qti import MAX_ZIP_MEMBERS, QTI_NS, parse_qti, write_qti
from amont.quizzes.scoring import check_question

DATA = Path(__file__).parent / "data" / "qti"
NS = {"q": QTI_NS}


def _read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _find(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path, NS)
    assert found is not None, path
    return found


def _only(result: ParseResult) -> NeutralQuestion:
    assert result["errors"] == []
    [question] = result["questions"]
    return question


def _zip(files: Mapping[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _members(package: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def _manifest(*hrefs: str, kind: str = "imsqti_item_xmlv2p1") -> str:
    resources = "".join(
        f'<resource identifier="R{n}" type="{kind}" href="{href}"><file href="{href}"/></resource>'
        for n, href in enumerate(hrefs)
    )
    return (
        '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">'
        f"<organizations/><resources>{resources}</resources></manifest>"
    )


def _question(kind: str, **fields: Any) -> NeutralQuestion:
    return {
        "type": kind,
        "title": "Titre",
        "text": "Texte",
        "text_format": "markdown",
        "general_feedback": "",
        "category": "",
        "tags": [],
        "default_grade": 1.0,
        **fields,
    }


def _answer(text: str, fraction: float, feedback: str = "", **extra: Any) -> dict[str, Any]:
    return {"text": text, "fraction": fraction, "feedback": feedback, **extra}


def _without_source(question: NeutralQuestion) -> NeutralQuestion:
    return {k: v for k, v in question.items() if k not in ("line", "warnings")}


def _round_trip(questions: list[NeutralQuestion]) -> list[NeutralQuestion]:
    package, skipped = write_qti(questions)
    assert skipped == []
    result = parse_qti(package)
    assert result["errors"] == []
    return [_without_source(question) for question in result["questions"]]


@pytest.fixture(autouse=True)
def english():
    """Warnings are compared in English, whatever the language other tests left active."""
    with translation.override("en"):
        yield


# The specification's examples --------------------------------------------------------


def test_it_reads_a_choice_with_its_prompt_and_picture() -> None:
    question = _only(parse_qti(_read("choice.xml")))
    assert question == {
        "type": "single_choice",
        "title": "Unattended Luggage",
        "text": (
            '<p>Look at the text in the picture.</p> <p> <img src="images/sign.png" '
            'alt="NEVER LEAVE LUGGAGE UNATTENDED"> </p> <p>What does it say?</p>'
        ),
        "text_format": "html",
        "general_feedback": "",
        "category": "",
        "tags": [],
        "default_grade": 1.0,
        "line": 3,
        "answers": [
            _answer("You must stay with your luggage at all times.", 1.0),
            _answer("Do not let someone else look after your luggage.", 0.0),
            _answer("Remember your luggage when you leave.", 0.0),
        ],
        "shuffle": False,
        "warnings": [
            "Images and files were not imported (images/sign.png); the text still refers to "
            "them, add them again by hand."
        ],
    }


def test_it_reads_partial_credit_of_a_multiple_response_as_fractions() -> None:
    question = _only(parse_qti(_read("choice_multiple.xml")))
    assert question["type"] == "multiple_choice"
    assert question["shuffle"] is True
    # Mapped values 1, 1, -1 are points: divided by their positive total, worth 2 points.
    assert [(a["text"], a["fraction"]) for a in question["answers"]] == [
        ("Hydrogen", 0.5),
        ("Helium", 0.0),
        ("Carbon", 0.0),
        ("Oxygen", 0.5),
        ("Nitrogen", 0.0),
        ("Chlorine", -0.5),
    ]
    assert question["default_grade"] == 2.0
    assert question["text"] == "<p>Which of the following elements are used to form water?</p>"


def test_it_reads_a_text_entry_inside_a_quote_as_a_one_gap_cloze() -> None:
    question = _only(parse_qti(_read("text_entry.xml")))
    assert question["type"] == "cloze"
    assert "Made glorious summer by this sun of {{1}};<br> And all the clouds" in question["text"]
    assert question["gaps"] == [
        {
            "kind": "short_answer",
            # Without caseSensitive, QTI compares case sensitively.
            "case_sensitive": True,
            "accent_sensitive": True,
            "answers": [_answer("York", 1.0), _answer("york", 0.5)],
        }
    ]


def test_it_reads_an_inline_choice_as_a_choice_gap() -> None:
    question = _only(parse_qti(_read("inline_choice.xml")))
    assert question["type"] == "cloze"
    assert "Made glorious summer by this sun of {{1}};<br>" in question["text"]
    assert question["gaps"] == [
        {
            "kind": "choice",
            "answers": [
                _answer("Gloucester", 0.0),
                _answer("Lancaster", 0.0),
                _answer("York", 1.0),
            ],
        }
    ]


def test_it_reads_the_order_of_an_order_interaction() -> None:
    question = _only(parse_qti(_read("order.xml")))
    assert question["type"] == "ordering"
    assert question["items"] == ["Michael Schumacher", "Rubens Barrichello", "Jenson Button"]
    assert question["text"].startswith("<p>The following F1 drivers finished on the podium")


def test_it_reads_a_match_interaction_as_pairs() -> None:
    question = _only(parse_qti(_read("match.xml")))
    assert question["type"] == "matching"
    assert question["shuffle"] is True
    assert question["pairs"] == [
        {"left": "Capulet", "right": "Romeo and Juliet"},
        {"left": "Demetrius", "right": "A Midsummer-Night's Dream"},
        {"left": "Lysander", "right": "A Midsummer-Night's Dream"},
        {"left": "Prospero", "right": "The Tempest"},
    ]


def test_it_reads_an_extended_text_as_an_open_question() -> None:
    question = _only(parse_qti(_read("extended_text.xml")))
    assert question["type"] == "open_text"
    assert question["text"].endswith(
        "<p>Write Sam a postcard. Answer the questions. Write 25-35 words.</p>"
    )
    assert "images/postcard.png" in question["warnings"][0]


def test_it_reads_inline_feedback_per_choice_and_warns_about_other_feedback() -> None:
    question = _only(parse_qti(_read("feedback.xml")))
    assert question["answers"] == [
        _answer("George W. Bush", 0.0, "No, he is the President of the USA."),
        _answer("Tony Blair", 0.0, "No, he is the Prime Minister of England."),
        _answer("Vicente Fox", 1.0, "Yes."),
    ]
    assert question["warnings"] == [
        "Feedback shown on conditions Amont does not model (correct) was not imported."
    ]


def test_it_reads_several_items_and_reports_unsupported_ones_with_their_line() -> None:
    result = parse_qti(_read("several_items.xml"))
    [question] = result["questions"]
    assert question["type"] == "numeric"
    assert question["line"] == 5
    assert question["text"] == "<p>In which year did the French Revolution begin?</p>"
    assert question["answers"] == [_answer("1789", 1.0, value=1789.0, tolerance=0.0)]
    assert result["errors"] == [
        {
            "line": 16,
            "message": (
                "Item “Where is Paris?” (line 16) was not imported: hotspotInteraction is not "
                "supported."
            ),
        }
    ]


def test_it_gives_questions_the_grader_accepts() -> None:
    for name in (
        "choice.xml",
        "choice_multiple.xml",
        "text_entry.xml",
        "inline_choice.xml",
        "order.xml",
        "match.xml",
        "extended_text.xml",
        "feedback.xml",
    ):
        assert check_question(_only(parse_qti(_read(name)))) == [], name


def test_it_reads_the_same_item_from_text_bytes_and_a_package() -> None:
    text = _read("order.xml").decode("utf-8")
    from_text = parse_qti(text)
    package = _zip({"imsmanifest.xml": _manifest("items/order.xml"), "items/order.xml": text})
    assert from_text == parse_qti(_read("order.xml"))
    assert from_text == parse_qti(package)


@pytest.mark.parametrize(
    ("interaction", "reason"),
    [
        (
            '<p><textEntryInteraction responseIdentifier="NOPE"/></p>',
            "its interaction refers to an undeclared response “NOPE”",
        ),
        (
            '<choiceInteraction responseIdentifier="R" maxChoices="1"/>'
            '<extendedTextInteraction responseIdentifier="R"/>',
            "it combines several interactions, which is not supported",
        ),
        ("<p>Nothing to answer.</p>", "it has no interaction"),
        ('<gapMatchInteraction responseIdentifier="R"/>', "gapMatchInteraction is not supported"),
        (
            '<orderInteraction responseIdentifier="R" shuffle="true">'
            '<simpleChoice identifier="A">a</simpleChoice></orderInteraction>',
            "it has no correct order",
        ),
    ],
)
def test_it_explains_why_an_item_is_not_imported(interaction: str, reason: str) -> None:
    item = (
        f'<assessmentItem xmlns="{QTI_NS}" identifier="i" title="Mon item" adaptive="false" '
        'timeDependent="false">\n'
        '<responseDeclaration identifier="R" cardinality="single" baseType="identifier"/>\n'
        f"<itemBody>{interaction}</itemBody></assessmentItem>"
    )
    assert parse_qti(item) == {
        "questions": [],
        "errors": [
            {
                "line": 1,
                "message": f"Item “Mon item” (line 1) was not imported: {reason}.",
            }
        ],
    }


def test_it_reads_an_unkeyed_text_entry_as_an_open_question() -> None:
    item = (
        f'<assessmentItem xmlns="{QTI_NS}" identifier="i" title="t" adaptive="false" '
        'timeDependent="false"><responseDeclaration identifier="R" cardinality="single" '
        'baseType="string"/><itemBody><p>Your name?</p><p><textEntryInteraction '
        'responseIdentifier="R"/></p></itemBody></assessmentItem>'
    )
    question = _only(parse_qti(item))
    assert question["type"] == "open_text"
    assert question["text"] == "<p>Your name?</p>"


def test_it_reads_numeric_answers_and_tolerances_from_response_processing() -> None:
    item = f"""<assessmentItem xmlns="{QTI_NS}" identifier="i" title="pi" adaptive="false"
        timeDependent="false">
      <responseDeclaration identifier="R" cardinality="single" baseType="float">
        <correctResponse><value>3.14</value></correctResponse>
      </responseDeclaration>
      <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
      <itemBody><p>Pi?</p><p><textEntryInteraction responseIdentifier="R"/></p></itemBody>
      <responseProcessing><responseCondition>
        <responseIf><equal toleranceMode="absolute" tolerance="0.01 0.01">
          <variable identifier="R"/><baseValue baseType="float">3.14</baseValue></equal>
          <setOutcomeValue identifier="SCORE"><baseValue baseType="float">2</baseValue>
          </setOutcomeValue></responseIf>
        <responseElseIf><equal toleranceMode="relative" tolerance="10">
          <variable identifier="R"/><baseValue baseType="float">3</baseValue></equal>
          <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue>
          </setOutcomeValue></responseElseIf>
      </responseCondition></responseProcessing>
    </assessmentItem>"""
    question = _only(parse_qti(item))
    assert question["answers"] == [
        _answer("3.14", 1.0, value=3.14, tolerance=0.01),
        _answer("3", 0.5, value=3.0, tolerance=0.3),
    ]
    assert question["default_grade"] == 2.0


# Writing -----------------------------------------------------------------------------


def _written_items(questions: list[NeutralQuestion], **options: Any) -> list[ET.Element]:
    package, skipped = write_qti(questions, **options)
    assert skipped == []
    members = _members(package)
    manifest = ET.fromstring(members["imsmanifest.xml"])
    hrefs = [
        resource.get("href", "")
        for resource in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}resource")
    ]
    assert hrefs == [f"items/Q{n}.xml" for n in range(1, len(questions) + 1)]
    return [ET.fromstring(members[href]) for href in hrefs]


def test_it_writes_a_content_package_of_qti_2_1_items() -> None:
    [item] = _written_items([_question("open_text", title="Essai")])
    assert item.tag == f"{{{QTI_NS}}}assessmentItem"
    assert item.get("title") == "Essai"
    assert item.get("adaptive") == "false"
    assert item.find("q:itemBody/q:extendedTextInteraction", NS) is not None


def test_it_writes_partial_credit_as_a_mapping_and_feedback_as_modal_feedback() -> None:
    question = _question(
        "multiple_choice",
        answers=[_answer("a", 0.5, "bien"), _answer("b", 0.5), _answer("c", -1.0)],
        shuffle=False,
        general_feedback="Voilà.",
    )
    [item] = _written_items([question])
    declaration = _find(item, "q:responseDeclaration")
    assert declaration.get("cardinality") == "multiple"
    assert [v.text for v in declaration.findall("q:correctResponse/q:value", NS)] == ["C1", "C2"]
    assert [
        (e.get("mapKey"), e.get("mappedValue"), e.get("caseSensitive"))
        for e in declaration.findall("q:mapping/q:mapEntry", NS)
    ] == [("C1", "0.5", "true"), ("C2", "0.5", "true"), ("C3", "-1.0", "true")]
    interaction = _find(item, "q:itemBody/q:choiceInteraction")
    assert (interaction.get("maxChoices"), interaction.get("shuffle")) == ("0", "false")
    feedback = item.findall("q:modalFeedback", NS)
    assert [(f.get("outcomeIdentifier"), f.get("identifier")) for f in feedback] == [
        ("FEEDBACK", "C1"),
        ("GENERAL_FEEDBACK", "SHOW"),
    ]


def test_it_writes_numeric_tolerances_as_equal_conditions() -> None:
    question = _question(
        "numeric",
        answers=[
            _answer("3,14", 1.0, value=3.14, tolerance=0.01),
            _answer("3", 0.5, value=3.0, tolerance=0.0),
        ],
    )
    [item] = _written_items([question])
    declaration = _find(item, "q:responseDeclaration")
    assert declaration.get("baseType") == "float"
    assert _find(declaration, "q:correctResponse/q:value").text == "3.14"
    tests = item.findall(".//q:equal", NS)
    assert [(t.get("toleranceMode"), t.get("tolerance")) for t in tests] == [
        ("absolute", "0.01 0.01"),
        ("exact", None),
    ]
    # "3,14" is no QTI number: the value is written instead.
    assert [_find(t, "q:baseValue").text for t in tests] == ["3.14", "3"]


def test_it_writes_short_answers_with_their_case_sensitivity() -> None:
    question = _question(
        "short_answer",
        answers=[_answer("Paris", 1.0), _answer("Lutèce", 0.5)],
        case_sensitive=True,
        accent_sensitive=False,
    )
    [item] = _written_items([question])
    entries = item.findall("q:responseDeclaration/q:mapping/q:mapEntry", NS)
    assert [(e.get("mapKey"), e.get("caseSensitive")) for e in entries] == [
        ("Paris", "true"),
        ("Lutèce", "true"),
    ]
    entry = _find(item, ".//q:textEntryInteraction")
    assert entry.get("class") == "amont-accent-insensitive"


def test_it_writes_true_false_with_the_given_labels() -> None:
    question = _question(
        "true_false", answers=[_answer("true", 0.0), _answer("false", 1.0, "Non.")]
    )
    [item] = _written_items([question], labels=("Vrai", "Faux"))
    choices = item.findall(".//q:simpleChoice", NS)
    assert [(c.get("identifier"), c.text) for c in choices] == [
        ("true", "Vrai"),
        ("false", "Faux"),
    ]
    assert _round_trip([question]) == [question]


def test_it_writes_cloze_gaps_inline_in_their_paragraph() -> None:
    question = _question(
        "cloze",
        text="L'eau bout à {{1}} °C.\n\nElle gèle en {{2}}.",
        gaps=[
            {"kind": "numeric", "answers": [_answer("100", 1.0, value=100.0, tolerance=0.0)]},
            {"kind": "choice", "answers": [_answer("hiver", 1.0), _answer("été", 0.0)]},
        ],
    )
    [item] = _written_items([question])
    paragraphs = item.findall("q:itemBody/q:div/q:p", NS)
    assert _find(paragraphs[0], "q:textEntryInteraction").get("responseIdentifier") == (
        "RESPONSE_1"
    )
    assert paragraphs[1].find("q:inlineChoiceInteraction", NS) is not None
    assert _round_trip([question]) == [question]


def test_it_writes_the_same_bytes_for_the_same_questions() -> None:
    questions = [_question("ordering", items=["a", "b", "c"])]
    assert write_qti(questions)[0] == write_qti(questions)[0]


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        (_question("hotspot"), "the question type “hotspot” cannot be written"),
        (_question("single_choice", answers=[]), "it has no answers"),
        (_question("matching", pairs=[{"left": "", "right": "x"}]), "it has no pairs"),
        (
            _question("numeric", answers=[_answer("pi", 1.0)]),
            "answer 1 has no value",
        ),
        (
            _question(
                "cloze",
                text="{{1}} {{1}}",
                gaps=[{"kind": "short_answer", "answers": [_answer("a", 1.0)]}],
            ),
            "its gap markers do not match its gaps",
        ),
        (
            _question("true_false", answers=[_answer("vrai", 1.0), _answer("faux", 0.0)]),
            "it needs one “true” and one “false” answer",
        ),
    ],
)
def test_it_returns_the_questions_it_cannot_write_with_the_reason(
    question: NeutralQuestion, reason: str
) -> None:
    good = _question("open_text")
    package, skipped = write_qti([question, good])
    assert skipped == [{**question, "warnings": [f"Not exported to QTI: {reason}."]}]
    assert [q["type"] for q in parse_qti(package)["questions"]] == ["open_text"]


def test_it_keeps_category_and_tags_in_the_manifest() -> None:
    question = _question(
        "open_text", category="Sciences/Cycle de l'eau", tags=["eau", "états & phases"]
    )
    package, _skipped = write_qti([question])
    assert "<imsmd:keyword>" in _members(package)["imsmanifest.xml"]
    assert _round_trip([question]) == [question]


def test_it_normalises_html_into_the_xhtml_qti_allows() -> None:
    question = _question(
        "open_text",
        text_format="html",
        text="<p onclick='x()'>Un<br>deux &nbsp;<img src=a.png></p><script>alert(1)</script>"
        "<font color=red>rouge</font><p>non fermé",
    )
    [item] = _written_items([question])
    body = ET.tostring(_find(item, "q:itemBody/q:div"), encoding="unicode")
    assert "script" not in body and "onclick" not in body and "font" not in body
    [back] = _round_trip([question])
    assert back["text"] == ('<p>Un<br>deux \xa0<img src="a.png" alt=""></p>rouge<p>non fermé</p>')


# Round trips -------------------------------------------------------------------------

XML_SAFE = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"
)
SPECIAL = st.sampled_from(list("<>&\"' \n\t\réèàçœ«»€{}/\\"))
texts = st.text(st.one_of(XML_SAFE, SPECIAL), max_size=25)
no_brace_texts = texts.filter(lambda text: "{" not in text)
words = st.text(st.one_of(XML_SAFE, SPECIAL), min_size=1, max_size=12).map(str.strip).filter(bool)
fractions = st.floats(min_value=-1.0, max_value=1.0, allow_nan=False)
numbers = st.floats(allow_nan=False, allow_infinity=False, width=64)
tolerances = st.floats(min_value=0.0, max_value=1e6, allow_nan=False)
grades = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5, 10.0])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _html_fragments(text_strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """HTML in the canonical form the reader writes: escaped text, double quotes, <br>."""
    leaves = st.one_of(
        text_strategy.map(_escape),
        st.just("<br>"),
        st.builds(
            lambda src, alt: f'<img src="{_attribute(src)}" alt="{_attribute(alt)}">',
            words,
            text_strategy,
        ),
    )

    def wrap(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, inner: f"<{tag}>{''.join(inner)}</{tag}>",
            st.sampled_from(["p", "em", "strong", "span", "code", "sub", "sup", "blockquote"]),
            children,
        ) | st.builds(
            lambda href, inner: f'<a href="{_attribute(href)}">{"".join(inner)}</a>',
            words,
            children,
        )

    return st.recursive(leaves, lambda inner: wrap(st.lists(inner, max_size=3)), max_leaves=6).map(
        str
    ) | st.lists(leaves, max_size=3).map("".join)


@st.composite
def questions(draw: st.DrawFn) -> NeutralQuestion:
    text_format = draw(st.sampled_from(["markdown", "plain", "html"]))
    shown = _html_fragments(no_brace_texts) if text_format == "html" else texts
    kind = draw(
        st.sampled_from(
            [
                "single_choice",
                "multiple_choice",
                "true_false",
                "short_answer",
                "numeric",
                "matching",
                "ordering",
                "cloze",
                "open_text",
            ]
        )
    )
    question: NeutralQuestion = {
        "type": kind,
        "title": draw(texts),
        "text": draw(shown),
        "text_format": text_format,
        "general_feedback": draw(shown),
        "category": draw(st.lists(texts, min_size=1, max_size=3).map("/".join).map(str.strip)),
        "tags": draw(st.lists(words, max_size=3)),
        "default_grade": draw(grades),
    }

    def answers(text: st.SearchStrategy[str], size: int = 1) -> list[dict[str, Any]]:
        return draw(st.lists(st.builds(_answer, text, fractions, shown), min_size=size, max_size=4))

    def numeric_answers() -> list[dict[str, Any]]:
        result = [
            _answer(repr(value), fraction, feedback, value=value, tolerance=tolerance)
            for value, fraction, feedback, tolerance in draw(
                st.lists(st.tuples(numbers, fractions, shown, tolerances), min_size=1, max_size=3)
            )
        ]
        if draw(st.booleans()):
            result.append(_answer("*", draw(fractions), draw(shown)))
        return result

    if kind == "single_choice":
        question["answers"] = answers(shown)
        question["shuffle"] = draw(st.booleans())
    elif kind == "multiple_choice":
        chosen = answers(shown, size=2)
        weights = [abs(answer["fraction"]) + 0.1 for answer in chosen]
        right = draw(st.lists(st.booleans(), min_size=len(chosen), max_size=len(chosen)))
        right[0] = True
        total = sum(weight for weight, is_right in zip(weights, right, strict=True) if is_right)
        for answer, weight, is_right in zip(chosen, weights, right, strict=True):
            answer["fraction"] = weight / total if is_right else max(-1.0, -weight / total)
        question["answers"] = chosen
        question["shuffle"] = draw(st.booleans())
    elif kind == "true_false":
        question["answers"] = [
            _answer("true", draw(fractions), draw(shown)),
            _answer("false", draw(fractions), draw(shown)),
        ]
    elif kind == "short_answer":
        question["answers"] = answers(texts)
        question["case_sensitive"] = draw(st.booleans())
        question["accent_sensitive"] = draw(st.booleans())
    elif kind == "numeric":
        question["answers"] = numeric_answers()
    elif kind == "matching":
        nonempty = shown.filter(bool)
        rights = draw(st.lists(nonempty, min_size=1, max_size=5, unique=True))
        used = draw(st.integers(min_value=1, max_value=len(rights)))
        pairs = [{"left": draw(nonempty), "right": right} for right in rights[:used]]
        pairs += [
            {"left": draw(nonempty), "right": rights[0]} for _ in range(draw(st.integers(0, 1)))
        ]
        pairs += [{"left": "", "right": right} for right in rights[used:]]
        question["pairs"] = pairs
        question["shuffle"] = draw(st.booleans())
    elif kind == "ordering":
        question["items"] = draw(st.lists(shown, min_size=1, max_size=5))
    elif kind == "cloze":
        count = draw(st.integers(min_value=1, max_value=3))
        pieces = draw(
            st.lists(
                _html_fragments(no_brace_texts) if text_format == "html" else no_brace_texts,
                min_size=count + 1,
                max_size=count + 1,
            )
        )
        question["text"] = pieces[0] + "".join(
            f"{{{{{number}}}}}{piece}" for number, piece in enumerate(pieces[1:], start=1)
        )
        gaps = []
        for _number in range(count):
            gap_kind = draw(st.sampled_from(["short_answer", "choice", "numeric"]))
            if gap_kind == "short_answer":
                gaps.append(
                    {
                        "kind": gap_kind,
                        "answers": answers(texts),
                        "case_sensitive": draw(st.booleans()),
                        "accent_sensitive": draw(st.booleans()),
                    }
                )
            elif gap_kind == "choice":
                gaps.append({"kind": gap_kind, "answers": answers(texts)})
            else:
                gaps.append({"kind": gap_kind, "answers": numeric_answers()})
        question["gaps"] = gaps
    return question


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(questions(), min_size=1, max_size=4))
def test_it_gives_back_every_question_it_writes(generated: list[NeutralQuestion]) -> None:
    assert _round_trip(generated) == generated


@settings(max_examples=100, deadline=None)
@given(questions())
def test_it_reads_back_each_item_file_on_its_own(question: NeutralQuestion) -> None:
    package, _skipped = write_qti([question])
    item = _members(package)["items/Q1.xml"]
    [back] = parse_qti(item)["questions"]
    # Only a package carries category and tags.
    assert _without_source(back) == {**question, "category": "", "tags": []}


@pytest.mark.parametrize(
    ("parse", "name"),
    [
        *[
            (parse_qti, name)
            for name in (
                "choice.xml",
                "choice_multiple.xml",
                "text_entry.xml",
                "inline_choice.xml",
                "order.xml",
                "match.xml",
                "extended_text.xml",
                "feedback.xml",
                "several_items.xml",
            )
        ],
        (parse_moodle_xml, "../moodlexml/quiz.xml"),
        (parse_moodle_xml, "../moodlexml/cloze.xml"),
    ],
)
def test_it_gives_back_imported_questions_after_an_export(parse: Any, name: str) -> None:
    imported = [_without_source(question) for question in parse(_read(name))["questions"]]
    assert imported
    assert _round_trip(imported) == imported


# Packages ----------------------------------------------------------------------------


def test_it_reads_a_package_without_manifest_by_looking_at_every_item() -> None:
    package = _zip(
        {
            "a/order.xml": _read("order.xml"),
            "b/match.xml": _read("match.xml"),
            "notes.xml": "<notes/>",
            "images/x.png": b"\x89PNG",
        }
    )
    result = parse_qti(package)
    assert result["errors"] == []
    assert [q["type"] for q in result["questions"]] == ["ordering", "matching"]


def test_it_reports_missing_broken_and_escaping_item_files_and_reads_the_others() -> None:
    package = _zip(
        {
            "imsmanifest.xml": _manifest(
                "items/ok.xml", "items/missing.xml", "../outside.xml", "items/broken.xml"
            ),
            "items/ok.xml": _read("choice.xml"),
            "items/broken.xml": "<assessmentItem>",
        }
    )
    result = parse_qti(package)
    assert [q["title"] for q in result["questions"]] == ["Unattended Luggage"]
    assert [error["message"] for error in result["errors"]] == [
        "items/missing.xml was not imported: the file is missing.",
        "../outside.xml was not imported: its path leaves the package.",
        "items/broken.xml: This is not a valid XML file (line 1, column 17: no element found).",
    ]


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "a/../../evil.xml", "C:/x.xml"])
def test_it_refuses_a_package_with_unsafe_paths(name: str) -> None:
    with pytest.raises(FormatError, match="unsafe path"):
        parse_qti(_zip({"imsmanifest.xml": _manifest("items/a.xml"), name: "<x/>"}))


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("items/bomb.xml", "w") as member,
    ):
        chunk = b"\0" * (1024 * 1024)
        for _ in range(100):  # 100 MB of zeros, about 100 kB compressed
            member.write(chunk)
    return buffer.getvalue()


def test_it_refuses_a_zip_bomb_quickly(zip_bomb: bytes) -> None:
    assert len(zip_bomb) < MAX_BYTES
    started = time.perf_counter()
    with pytest.raises(FormatError, match="unpacks to more than 5 MB"):
        parse_qti(zip_bomb)
    assert time.perf_counter() - started < 0.5


def test_it_stops_reading_a_member_whose_declared_size_lies() -> None:
    package = bytearray(_zip({"item.xml": b"<assessmentItem>" + b" " * (6 * 1024 * 1024)}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = package.index(signature) + offset
        package[start : start + 4] = (100).to_bytes(4, "little")  # "100 bytes unpacked"
    started = time.perf_counter()
    with pytest.raises(FormatError, match="cannot be read"):
        parse_qti(bytes(package))
    assert time.perf_counter() - started < 0.5


def test_it_refuses_a_package_with_too_many_files() -> None:
    files = {f"f{n}.txt": "" for n in range(MAX_ZIP_MEMBERS + 1)}
    with pytest.raises(FormatError, match="more than"):
        parse_qti(_zip(files))


def test_it_refuses_a_package_with_too_many_items() -> None:
    hrefs = [f"i{n}.xml" for n in range(MAX_QUESTIONS + 1)]
    with pytest.raises(FormatError, match="more than 2000 questions"):
        parse_qti(_zip({"imsmanifest.xml": _manifest(*hrefs)}))


def test_it_refuses_a_package_with_a_hostile_item() -> None:
    hostile = '<!DOCTYPE x [<!ENTITY a "b">]><assessmentItem>&a;</assessmentItem>'
    package = _zip({"imsmanifest.xml": _manifest("i.xml"), "i.xml": hostile})
    with pytest.raises(FormatError, match=r"i\.xml: The file declares a DTD"):
        parse_qti(package)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04not really a zip", "This is not a valid ZIP file."),
        (
            _zip({"imsmanifest.xml": _manifest("q.xml", kind="imsqti_xmlv1p2")}),
            "QTI 1.2",
        ),
        (_zip({"readme.txt": "hello"}), None),
    ],
)
def test_it_refuses_packages_it_cannot_read(data: bytes, message: str | None) -> None:
    if message is None:
        assert parse_qti(data) == {
            "questions": [],
            "errors": [{"line": 0, "message": "The package holds no QTI 2.1 items."}],
        }
        return
    with pytest.raises(FormatError, match=message):
        parse_qti(data)


# Whole-file errors and hostile files -------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"%PDF-1.4 binary", "This is not an XML file"),
        (b"<assessmentItem><itemBody></assessmentItem>", "This is not a valid XML file"),
        (b"<quiz><question/></quiz>", "it has no <assessmentItem> (its first element is <quiz>)"),
        (b"<questestinterop><item/></questestinterop>", "QTI 1.2"),
        (b"<manifest/>", "import the whole ZIP file"),
        (f'<assessmentTest xmlns="{QTI_NS}"/>'.encode(), "content package"),
    ],
)
def test_it_refuses_what_is_not_qti_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as error:
        parse_qti(data)
    assert message in str(error.value)


def test_it_refuses_entity_expansion() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE assessmentItem [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        "<assessmentItem>&c;</assessmentItem>"
    )
    with pytest.raises(FormatError, match="DTD"):
        parse_qti(laughs)


def test_it_refuses_external_entities_without_reading_them(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = (
        f'<!DOCTYPE assessmentItem [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<assessmentItem xmlns="{QTI_NS}" title="&xxe;"/>'
    )
    with pytest.raises(FormatError) as error:
        parse_qti(data)
    assert "TOP-SECRET-VALUE" not in str(error.value)


def test_it_refuses_files_above_the_size_limit_before_parsing() -> None:
    with pytest.raises(FormatError, match="larger than 5 MB"):
        parse_qti(b"<assessmentItem>" + b" " * (6 * 1024 * 1024) + b"</assessmentItem>")


def test_it_refuses_deep_nesting_without_recursing() -> None:
    data = b"<assessmentItem>" + b"<div>" * 10_000 + b"</div>" * 10_000 + b"</assessmentItem>"
    with pytest.raises(FormatError, match="more than 64 levels"):
        parse_qti(data)


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        if draw(st.booleans()):
            del data[position]
        else:
            data[position] = draw(st.integers(min_value=0, max_value=255))
    return bytes(data)


_PACKAGE = write_qti(
    [
        _question("matching", pairs=[{"left": "a", "right": "1"}, {"left": "b", "right": "2"}]),
        _question("numeric", answers=[_answer("2", 1.0, value=2.0, tolerance=0.5)]),
    ]
)[0]


@settings(max_examples=200, deadline=None)
@given(st.one_of(damaged(_PACKAGE), damaged(_read("match.xml")), damaged(_read("feedback.xml"))))
def test_it_reads_damaged_files_or_refuses_them_with_a_format_error(data: bytes) -> None:
    try:
        result = parse_qti(data)
    except FormatError:
        return
    assert set(result) == {"questions", "errors"}
