from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from amont.courses.roster import MAX_BYTES, RosterDecodeError, decode_roster


class RosterForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )
    text = forms.CharField(
        label=_("Or paste the list"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 8, "spellcheck": "false", "placeholder": "Léa Martin;lea@example.org"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is too large: at most %(size)s.") % {"size": filesizeformat(MAX_BYTES)},
                code="too_large",
            )
        try:
            return decode_roster(upload.read(MAX_BYTES + 1))
        except RosterDecodeError:
            raise ValidationError(
                _(
                    "This file is not a text file in UTF-8. In your spreadsheet, save it as "
                    "“CSV UTF-8”, or copy the two columns and paste them below."
                ),
                code="not_text",
            ) from None

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "")
        if len(text.encode()) > MAX_BYTES:
            raise ValidationError(
                _("The list is too long: at most %(size)s.") % {"size": filesizeformat(MAX_BYTES)},
                code="too_large",
            )
        return text

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        has_file, has_text = bool(cleaned.get("file")), bool(cleaned.get("text", "").strip())
        if has_file and has_text:
            raise ValidationError(_("Send either a file or a pasted list, not both."), code="both")
        if not has_file and not has_text:
            raise ValidationError(_("Choose a CSV file or paste the list."), code="empty")
        cleaned["source"] = "file" if has_file else "text"
        cleaned["roster_text"] = cleaned["file"] if has_file else cleaned["text"]
        return cleaned
