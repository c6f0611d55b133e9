"""Background work of the courses app: emails leave here, never inside a request's
transaction."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, mailers
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from amont.accounts.models import User
from amont.courses.models import Cohort


def set_password_url(user: User) -> str:
    """An absolute link where the user chooses a password (Django's reset token: it works
    once and expires after PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


@task
def send_welcome_emails(*, user_ids: list[int], cohort_id: int, language: str) -> int:
    """Tell learners added by a roster import where to choose their password. Skips
    whoever chose one in the meantime. Returns the number of emails sent."""
    cohort = Cohort.objects.select_related("course").filter(pk=cohort_id).first()
    if cohort is None:
        return 0
    users = [
        user
        for user in User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk")
        if not user.has_usable_password()
    ]
    with translation.override(language):
        messages = [
            EmailMessage(
                subject=" ".join(
                    render_to_string(
                        "courses/email/welcome_subject.txt", {"cohort": cohort}
                    ).split()
                ),
                body=render_to_string(
                    "courses/email/welcome_body.txt",
                    {
                        "user": user,
                        "cohort": cohort,
                        "url": set_password_url(user),
                        "login_url": settings.SITE_URL + reverse("login"),
                        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
                    },
                ),
                to=[user.email],
            )
            for user in users
        ]
    if not messages:
        return 0
    with mailers.default as connection:
        return connection.send_messages(messages) or 0
