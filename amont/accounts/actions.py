from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation

from amont.accounts.models import Membership, Organization, Role, User, new_token
from amont.accounts.roster import RosterRow
from amont.accounts.tasks import send_welcome_emails
from amont.courses.models import Cohort, Enrollment


@transaction.atomic
def create_organization(*, name: str, manager: User | None = None) -> Organization:
    organization = Organization.objects.create(name=name)
    if manager is not None:
        add_member(organization=organization, user=manager, role=Role.MANAGER)
    return organization


def add_member(*, organization: Organization, user: User, role: str) -> Membership:
    """Give a user a role in an organization; an existing staff role is never downgraded
    to learner."""
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    if not created and membership.role == Role.LEARNER and role != Role.LEARNER:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def create_user(*, email: str, full_name: str = "", password: str | None = None) -> User:
    return User.objects.create_user(email=email, password=password, full_name=full_name)


# Invitations and rosters enroll learners in a cohort of the courses app. They cannot call
# courses.actions.enroll, which imports this module; _enroll_all is its bulk form and keeps
# its rules: a learner membership never replaces an existing role, enrolling twice is a no-op.


def _enroll_all(*, cohort: Cohort, users: Sequence[User]) -> None:
    organization_id = cohort.course.organization_id
    Membership.objects.bulk_create(
        [
            Membership(user=user, organization_id=organization_id, role=Role.LEARNER)
            for user in users
        ],
        ignore_conflicts=True,
    )
    Enrollment.objects.bulk_create(
        [Enrollment(cohort=cohort, learner=user) for user in users], ignore_conflicts=True
    )


@transaction.atomic
def sign_up_with_invite(*, cohort: Cohort, email: str, full_name: str, password: str) -> User:
    user = create_user(email=email, full_name=full_name, password=password)
    _enroll_all(cohort=cohort, users=[user])
    return user


def regenerate_invite(*, cohort: Cohort) -> str:
    """Give the cohort a new invitation link; the old one stops working."""
    cohort.invite_token = new_token()
    cohort.save(update_fields=["invite_token"])
    return cohort.invite_token


@dataclass(frozen=True)
class RosterImport:
    created: list[User]  # new accounts, without a password yet
    enrolled: list[User]  # existing accounts added to the cohort
    already_enrolled: list[User]


@transaction.atomic
def import_roster(*, cohort: Cohort, rows: Sequence[RosterRow]) -> RosterImport:
    """Enroll every row in the cohort, creating the accounts that do not exist yet. After
    commit, whoever has no password yet gets an email with a link to choose one."""
    emails = [row.email.lower() for row in rows]
    existing = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    already_ids = set(
        Enrollment.objects.filter(cohort=cohort, learner__in=existing.values()).values_list(
            "learner_id", flat=True
        )
    )
    new_users = User.objects.bulk_create(
        [
            User(email=row.email.lower(), full_name=row.name, password=make_password(None))
            for row in rows
            if row.email.lower() not in existing
        ]
    )
    found = [existing[email] for email in emails if email in existing]
    _enroll_all(cohort=cohort, users=[*new_users, *found])

    without_password = [user.pk for user in [*new_users, *found] if not user.has_usable_password()]
    if without_password:
        language = translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(
            lambda: send_welcome_emails.enqueue(
                user_ids=without_password, cohort_id=cohort.pk, language=language
            )
        )
    return RosterImport(
        created=new_users,
        enrolled=[user for user in found if user.pk not in already_ids],
        already_enrolled=[user for user in found if user.pk in already_ids],
    )
