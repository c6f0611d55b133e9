"""The texts trainers type in the editor: percents and the cloze gap syntax."""

import pytest

from amont.quizzes.editor_text import fraction_of, parse_gap_lines, percent_text, write_gap_lines


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
