"""Texts as the blocks the paper template draws: Markdown, sanitised HTML and plain text,
with only web and mail links kept."""

from django.test import SimpleTestCase
from django.utils import translation

from amont.lib.paper import html_blocks, markdown_blocks, text_blocks


class BlocksTest(SimpleTestCase):
    def setUp(self):
        # An image's placeholder speaks the active language; these tests read English.
        self.enterContext(translation.override("en"))

    def test_it_turns_markdown_into_blocks_of_runs(self):
        blocks = markdown_blocks(
            "# Titre\n\nDu **gras**, de l'*italique*, du `code` et [un lien](https://ex.org/a).\n\n"
            "1. un\n2. deux\n\n> cité\n\n```\nx = 1\n```\n\n![Le soleil](https://ex.org/s.png)"
        )
        self.assertEqual(
            blocks,
            [
                {"t": "h", "level": 1, "runs": [{"text": "Titre"}]},
                {
                    "t": "p",
                    "runs": [
                        {"text": "Du "},
                        {"text": "gras", "b": True},
                        {"text": ", de l'"},
                        {"text": "italique", "i": True},
                        {"text": ", du "},
                        {"text": "code", "code": True},
                        {"text": " et "},
                        {"text": "un lien", "link": "https://ex.org/a", "note": "https://ex.org/a"},
                        {"text": "."},
                    ],
                },
                {
                    "t": "list",
                    "ordered": True,
                    "start": 1,
                    "items": [
                        [{"t": "p", "runs": [{"text": "un"}]}],
                        [{"t": "p", "runs": [{"text": "deux"}]}],
                    ],
                },
                {"t": "quote", "blocks": [{"t": "p", "runs": [{"text": "cité"}]}]},
                {"t": "code", "text": "x = 1"},
                {"t": "p", "runs": [{"text": "[Image not included: Le soleil]", "i": True}]},
            ],
        )

    def test_it_keeps_only_web_and_mail_links(self):
        runs = markdown_blocks("[a](javascript:alert(1)) [b](file:///etc/passwd) <https://ex.org>")[
            0
        ]["runs"]
        self.assertEqual([run.get("link") for run in runs if run.get("link")], ["https://ex.org"])
        self.assertNotIn("note", runs[-1])  # the address is the text: no footnote

    def test_it_reads_sanitised_html_into_the_same_blocks(self):
        blocks = html_blocks(
            '<p>Un <b>mot</b> <img src="/x" alt="schéma"><script>steal()</script></p>'
            '<ul><li>a</li><li><a href="https://ex.org">lien</a></li></ul>'
            "<table><tr><th>x</th><th>y</th></tr><tr><td>1</td></tr></table>"
        )
        self.assertEqual(
            blocks,
            [
                {
                    "t": "p",
                    "runs": [
                        {"text": "Un "},
                        {"text": "mot", "b": True},
                        {"text": " "},
                        {"text": "[Image not included: schéma]", "i": True},
                    ],
                },
                {
                    "t": "list",
                    "ordered": False,
                    "start": 1,
                    "items": [
                        [{"t": "p", "runs": [{"text": "a"}]}],
                        [
                            {
                                "t": "p",
                                "runs": [
                                    {
                                        "text": "lien",
                                        "link": "https://ex.org",
                                        "note": "https://ex.org",
                                    }
                                ],
                            }
                        ],
                    ],
                },
                {
                    "t": "table",
                    "columns": 2,
                    "header": True,
                    "rows": [[[{"text": "x"}], [{"text": "y"}]], [[{"text": "1"}], []]],
                },
            ],
        )

    def test_it_keeps_the_lines_of_plain_text(self):
        self.assertEqual(
            text_blocks("un\ndeux\n\ntrois", "plain"),
            [
                {"t": "p", "runs": [{"text": "un"}, {"br": True}, {"text": "deux"}]},
                {"t": "p", "runs": [{"text": "trois"}]},
            ],
        )
