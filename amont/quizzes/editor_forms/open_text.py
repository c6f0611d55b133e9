"""The editor form of open-text questions (marked by the trainer)."""

from django.utils.translation import gettext_lazy as _

from amont.quizzes.editor_forms.base import QuestionEditorForm
from amont.quizzes.models import QuestionType


class OpenTextForm(QuestionEditorForm):
    question_type = QuestionType.OPEN_TEXT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["general_feedback"].help_text = _(
            "Shown to every learner after they answer, e.g. what a good answer contains. "
            "You grade the answers yourself."
        )
