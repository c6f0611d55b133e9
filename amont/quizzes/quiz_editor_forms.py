"""The quiz editor's settings form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from amont.quizzes.models import Quiz


class QuizSettingsForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = [
            "purpose",
            "max_attempts",
            "feedback_timing",
            "time_limit_minutes",
            "one_per_page",
        ]
        widgets = {
            "purpose": forms.RadioSelect,
            "feedback_timing": forms.RadioSelect,
            "max_attempts": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "time_limit_minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "max_attempts": _("0 means unlimited."),
            "time_limit_minutes": _("Left empty, there is no time limit."),
            "feedback_timing": _(
                "After the due date, learners see their score at once, "
                "and the right answers once the quiz is due."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_attempts"].validators.append(_at_most(100))
        self.fields["time_limit_minutes"].validators.append(_at_most(600))


def _at_most(limit: int):
    def check(value):
        if value is not None and value > limit:
            raise forms.ValidationError(
                _("At most %(limit)d."), code="max_value", params={"limit": limit}
            )

    return check
