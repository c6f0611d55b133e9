"""Open text: a free answer, never graded automatically; the trainer marks it
(`marking_actions`)."""

from django import forms
from django.utils.translation import gettext_lazy

from amont.quizzes import scoring
from amont.quizzes.editor_forms.open_text import OpenTextForm
from amont.quizzes.types.base import register
from amont.quizzes.types.common import OPEN_TEXT_MAX, WRITE
from amont.quizzes.types.short_answer import TextType


@register
class OpenText(TextType):
    value = "open_text"
    help = gettext_lazy("A free answer, read by the trainer.")
    editor_form = OpenTextForm
    grade = staticmethod(scoring.grade_open_text)
    check = staticmethod(scoring.check_open_text)
    graded = False
    paper_lines = 6
    preview_template = "quizzes/types/open_text.html#preview"

    def add_fields(self, form, version, *, seed, order) -> None:
        form.fields[f"answer_{version.pk}"] = forms.CharField(
            label=gettext_lazy("Your answer"),
            help_text=gettext_lazy("Not graded automatically: your trainer reads it."),
            max_length=OPEN_TEXT_MAX,
            required=not form.partial,
            widget=forms.Textarea(attrs={"rows": 6}),
            error_messages={"required": WRITE},
        )

    def preview(self, question, view, rich) -> None:
        view["input"] = "textarea"
