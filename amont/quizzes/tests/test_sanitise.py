"""Imported questions made safe before the bank stores them."""

from amont.quizzes.sanitise import sanitise_question


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
