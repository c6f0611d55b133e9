from amont.accounts.models import Membership, Role


def nav(request) -> dict:
    """Whether to show the staff menu; one small query per page for logged-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_staff": False}
    return {
        "nav_is_staff": Membership.objects.filter(
            user=user, role__in=[Role.TRAINER, Role.MANAGER]
        ).exists()
    }
