"""Forms of the bank's pages: the list's filters and the import."""

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.courses.models import Objective
from amont.quizzes.editor_forms.base import ObjectiveChoiceField, textarea
from amont.quizzes.formats import MAX_BYTES
from amont.quizzes.models import Difficulty, QuestionType
from amont.quizzes.source_formats import IMPORT_FORMATS


class BankFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *QuestionType.choices]
    )
    objective = ObjectiveChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=_("All objectives"),
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        choices=[("", _("All difficulties")), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, objectives: QuerySet[Objective], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["objective"]).queryset = objectives.select_related(
            "course"
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("GIFT, Aiken, Moodle XML or QTI 2.1 (XML or zip), 5 MB at most."),
    )
    text = forms.CharField(
        label=_("Or paste the questions"),
        required=False,
        widget=textarea(8),
        help_text=_("GIFT, Aiken or XML text."),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("auto", _("Guess from the content")), *IMPORT_FORMATS.items()],
        initial="auto",
    )
    objective = ObjectiveChoiceField(
        label=_("Objective of the imported questions"),
        queryset=Objective.objects.none(),
        required=False,
    )

    def __init__(self, *args, objectives: QuerySet[Objective], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["objective"]).queryset = objectives.select_related(
            "course"
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too big: %(max)d MB at most."),
                params={"max": MAX_BYTES // (1024 * 1024)},
            )
        return upload

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        if self.has_error("file"):
            return cleaned
        if upload is not None and text.strip():
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        if upload is None and not text.strip():
            raise forms.ValidationError(_("Choose a file or paste questions."))
        if upload is not None:
            data = upload.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                self.add_error(
                    "file",
                    gettext("The file is too big: %(max)d MB at most.")
                    % {"max": MAX_BYTES // (1024 * 1024)},
                )
                return cleaned
            cleaned["data"] = data
            cleaned["name"] = upload.name[:200]
        else:
            cleaned["data"] = text.encode("utf-8")
            cleaned["name"] = ""
            if len(cleaned["data"]) > MAX_BYTES:
                self.add_error(
                    "text",
                    gettext("The text is too long: %(max)d MB at most.")
                    % {"max": MAX_BYTES // (1024 * 1024)},
                )
        return cleaned
