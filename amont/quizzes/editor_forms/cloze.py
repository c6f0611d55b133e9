"""The editor form of cloze (fill-in-the-gaps) questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from amont.quizzes.editor_forms.base import QuestionEditorForm, SensitivityMixin, textarea
from amont.quizzes.editor_text import parse_gap_lines, write_gap_lines
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.models import QuestionType


class ClozeForm(SensitivityMixin, QuestionEditorForm):
    question_type = QuestionType.CLOZE

    gaps = forms.CharField(
        label=_("Gaps, one a line"),
        widget=textarea(4),
        max_length=20000,
        help_text=_(
            "Line 1 gives the answers of {{1}}, line 2 those of {{2}}… "
            "“=Paris =Lutèce”: accepted answers. “=gazeux ~liquide ~solide”: a list to "
            "choose from, one right option. “#100:0.5”: a number and its tolerance. "
            "“=%50%Lyon” gives half the marks; “=Paris#Well done” adds a feedback; "
            "write \\= \\~ \\# \\% for the characters themselves."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "Mark each gap with {{1}}, {{2}}… where learners fill it in. Markdown works."
        )

    def build(self) -> NeutralQuestion:
        gaps, problems = parse_gap_lines(self.cleaned_data.get("gaps") or "")
        for problem in problems:
            self.add_error("gaps", problem)
        # The options go on each short answer gap, as QTI keeps them.
        sensitivity = self.sensitivity()
        gaps = [{**g, **sensitivity} if g["kind"] == "short_answer" else g for g in gaps]
        return {**self.common(), "gaps": gaps}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        gaps = [g for g in neutral.get("gaps") or [] if isinstance(g, dict)]
        source = next(
            (g for g in gaps if g.get("kind") == "short_answer" and "case_sensitive" in g),
            neutral,
        )
        options = {
            "case_sensitive": source.get("case_sensitive", neutral.get("case_sensitive", False)),
            "accent_sensitive": source.get(
                "accent_sensitive", neutral.get("accent_sensitive", True)
            ),
        }
        return {"gaps": write_gap_lines(gaps), **cls.sensitivity_initial(options)}
