"""Small helpers shared by the trainer's bank, import, export, image and quiz editor views."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from amont.accounts.models import Organization
from amont.courses.models import Objective


def org_objectives(organization: Organization) -> QuerySet[Objective]:
    return Objective.objects.filter(course__organization=organization).order_by(
        "course__title", "position", "pk"
    )


def bank_url(organization: Organization | None = None, **params) -> str:
    query = {"org": organization.pk} if organization is not None else {}
    query.update((k, v) for k, v in params.items() if v not in (None, ""))
    url = reverse("bank")
    return f"{url}?{urlencode(query)}" if query else url


def safe_next(request, fallback: str) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback
