from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    SetPasswordMixin,
)
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from amont.accounts.models import User
from amont.accounts.roster import MAX_BYTES, RosterDecodeError, decode_roster


def _email_field(**attrs) -> forms.EmailField:
    return forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", **attrs}),
    )


def _password_help() -> str:
    """The validators' rules as one plain sentence (Django's own help is an HTML list)."""
    return " ".join(password_validation.password_validators_help_texts())


class EmailAuthenticationForm(AuthenticationForm):
    username = _email_field(autofocus=True)

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong email address or password."),
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case (UserManager.create_user).
        return self.cleaned_data["username"].lower()


class AmontPasswordResetForm(PasswordResetForm):
    email = _email_field()

    def get_users(self, email):
        """Unlike Django's default, include accounts without a usable password: learners
        imported from a roster have none until they follow their welcome link, and this
        is how they get a new link once it has expired. Amont has no external login
        that an unusable password would stand for."""
        return User.objects.filter(email__iexact=email, is_active=True)


class AmontSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _password_help()


class SignUpForm(SetPasswordMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = _email_field()
    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = _password_help()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account already exists with this email address: log in to join."),
                code="taken",
            )
        return email

    def clean(self):
        self.validate_passwords()
        cleaned = super().clean()
        if not self.has_error("password1") and not self.has_error("password2"):
            self.validate_password_for_user(
                User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            )
        return cleaned


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
        cleaned = super().clean()
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
