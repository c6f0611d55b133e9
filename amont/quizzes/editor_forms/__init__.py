"""The trainer's question editor forms, one per question type, each in its module
(`choice`, `true_false`, `short_answer`, `numeric`, `matching`, `ordering`, `cloze`,
`open_text`) on the shared `base.QuestionEditorForm`; each question type's entry
(`amont.quizzes.types`) names its form. They validate and build neutral
questions (`amont.quizzes.formats`); the writes happen in `editor_actions`.

The bank's filter and import forms are in `bank_forms`, the quiz settings in
`quiz_editor_forms`."""

from amont.quizzes.editor_forms.base import MAX_ROWS, QuestionEditorForm
from amont.quizzes.editor_forms.choice import MultipleChoiceForm, SingleChoiceForm
from amont.quizzes.editor_forms.cloze import ClozeForm
from amont.quizzes.editor_forms.matching import MatchingForm
from amont.quizzes.editor_forms.numeric import NumericForm
from amont.quizzes.editor_forms.open_text import OpenTextForm
from amont.quizzes.editor_forms.ordering import OrderingForm
from amont.quizzes.editor_forms.short_answer import ShortAnswerForm
from amont.quizzes.editor_forms.true_false import TrueFalseForm

__all__ = [
    "MAX_ROWS",
    "ClozeForm",
    "MatchingForm",
    "MultipleChoiceForm",
    "NumericForm",
    "OpenTextForm",
    "OrderingForm",
    "QuestionEditorForm",
    "ShortAnswerForm",
    "SingleChoiceForm",
    "TrueFalseForm",
]
