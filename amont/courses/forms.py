"""Forms of the trainer's authoring pages. They validate; the writes happen in actions."""

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amont.accounts.models import Organization
from amont.courses.models import Activity, Course, Objective, Phase, Session


class DateTimeLocalInput(forms.DateTimeInput):
    """A native date and time picker; the value is read in the server's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=textarea(3))
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        widget=textarea(5),
        help_text=_("One per line, e.g. “Explain evaporation”. You can add more later."),
    )

    def __init__(self, *args, organizations: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        if len(organizations) > 1:
            cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        else:
            del self.fields["organization"]

    def clean_objectives(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["objectives"].splitlines()]
        lines = [line for line in lines if line]
        max_length = Objective._meta.get_field("title").max_length
        for line in lines:
            if max_length is not None and len(line) > max_length:
                raise forms.ValidationError(
                    _("Each objective fits in %(max)d characters."), params={"max": max_length}
                )
        return lines


class CourseEditForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "description"]
        widgets = {"description": textarea(3)}


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("New objective"), max_length=300)
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        required=False,
        help_text=_("Optional, e.g. O3. Left empty, the next number is used."),
    )


class CohortForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("e.g. “5e B” or “Spring 2026”.")
    )


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "starts_at", "objectives"]
        labels = {"objectives": _("Objectives practised")}
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "objectives": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["objectives"]).queryset = course.objectives.all()
        self.fields["starts_at"].help_text = _("Time zone: %(zone)s.") % {
            "zone": timezone.get_current_timezone_name()
        }


class ActivityForm(forms.Form):
    """The fields every kind has: quiz, "what was unclear?" and feedback survey."""

    title = forms.CharField(label=_("Title"), max_length=200)
    instructions = forms.CharField(
        label=_("Instructions"),
        required=False,
        widget=textarea(3),
        help_text=_("What learners should do, shown above the activity."),
    )
    due_at = forms.DateTimeField(
        label=_("Due"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Before-class activities are due when the session starts unless set."),
    )
    required = forms.BooleanField(
        label=_("Required"),
        required=False,
        help_text=_("Learners see it as mandatory; readiness and reminders count it."),
    )


class ActivityEditForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "instructions", "due_at", "required"]
        widgets = {"instructions": textarea(3), "due_at": DateTimeLocalInput()}
        help_texts = {
            "instructions": _("What learners should do, shown above the activity."),
            "required": _("Learners see it as mandatory; readiness and reminders count it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.phase == Phase.DURING:
            # A live vote is run by the trainer in class: no deadline, nothing to require.
            del self.fields["due_at"]
            del self.fields["required"]
