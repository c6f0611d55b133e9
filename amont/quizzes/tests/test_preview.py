"""How a question shows to the trainer: rendered texts, the preview, the excerpt."""

from amont.quizzes.preview import excerpt, preview_question, render_rich


def test_it_renders_markdown_html_and_plain_text_safely():
    assert str(render_rich("**gras**")) == "<p><strong>gras</strong></p>\n"
    html = str(render_rich('<p onclick="x()">a<script>alert(1)</script></p>', "html"))
    assert "script" not in html and "onclick" not in html
    assert str(render_rich("<b>1</b>\n2", "plain")) == "<p>&lt;b&gt;1&lt;/b&gt;<br>2</p>"


def test_it_keeps_images_given_by_url_in_markdown():
    html = str(render_rich("![Le cycle](https://example.org/cycle.png)"))
    assert '<img src="https://example.org/cycle.png" alt="Le cycle">' in html


def test_it_previews_a_cloze_with_its_gaps_as_fields():
    view = preview_question(
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
    view = preview_question({"type": "ordering", "text": "Ordre", "items": ["a1", "b2", "c3"]})
    assert [str(item) for item in view["items"]] != ["a1", "b2", "c3"]
    assert sorted(str(item) for item in view["items"]) == ["a1", "b2", "c3"]


def test_it_sums_up_a_question_in_one_line():
    assert excerpt({"title": "", "text": "Une  question\nlongue"}) == "Une question longue"
    assert excerpt({"title": "Titre", "text": "x"}) == "Titre"
    assert excerpt({"text": "<p>HTML</p>", "text_format": "html"}) == "HTML"
