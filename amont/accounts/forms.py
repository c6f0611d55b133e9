from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    SetPasswordMixin,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from amont.accounts.models import User


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
        cleaned = super().clean() or self.cleaned_data
        if not self.has_error("password1") and not self.has_error("password2"):
            self.validate_password_for_user(
                User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            )
        return cleaned
