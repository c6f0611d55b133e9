from django.db import transaction

from amont.accounts.models import Membership, Organization, Role, User


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
