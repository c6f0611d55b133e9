from django import forms
from django.utils.translation import gettext_lazy as _

from amont.live.models import normalize_code


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by your teacher"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "live-code-input",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Type the code shown by your teacher."))
        return code


class JoinForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Your name or a pseudonym"),
        max_length=40,
        help_text=_("No account needed."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class VoteForm(forms.Form):
    """The vote without JavaScript: the same fields as the websocket message."""

    activity = forms.IntegerField(min_value=1)
    choice = forms.IntegerField(min_value=0, max_value=99)
    client_id = forms.CharField(max_length=64)
