"""The organization's resource library, for trainers and program managers: what is in it,
where each item is used, the state of a media file in the background pipeline, and a
resource's own settings (captions, completion rule)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from amont.accounts.http import AuthenticatedHttpRequest
from amont.content.access import access_resource
from amont.content.actions import schedule_processing, update_resource
from amont.content.forms import ResourceEditForm
from amont.content.models import Article, MediaStatus, Resource
from amont.courses.access import access_staff_organization, staff_organizations
from amont.courses.models import Activity


def _activity_count(target: str) -> Coalesce:
    """The number of activities that point at the row (`target`: "resource", "article")."""
    count = (
        Activity.objects.filter(**{target: OuterRef("pk")})
        .order_by()
        .values(target)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


@login_required
@require_GET
def library(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = access_staff_organization(request.user, request.GET.get("org", ""))
    resources = list(
        Resource.objects.filter(organization=organization)
        .annotate(uses=_activity_count("resource"))
        .order_by("title", "pk")
    )
    articles = list(
        Article.objects.filter(organization=organization)
        .annotate(uses=_activity_count("article"))
        .order_by("title", "pk")
    )
    return render(
        request,
        "content/library.html",
        {
            "organization": organization,
            "organizations": staff_organizations(request.user),
            "resources": resources,
            "articles": articles,
        },
    )


def _usages(resource: Resource):
    return (
        Activity.objects.filter(resource=resource)
        .select_related("session__cohort__course")
        .order_by("session__starts_at", "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def library_resource(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    resource = access_resource(request.user, resource_id, write=request.method == "POST")
    form = ResourceEditForm(request.POST or None, request.FILES or None, resource=resource)
    if request.method == "POST" and form.is_valid():
        completion, threshold = form.completion_values()
        update_resource(
            resource=resource,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            estimated_minutes=form.cleaned_data["estimated_minutes"],
            completion=completion,
            completion_threshold=threshold,
            captions=form.cleaned_data.get("captions"),
        )
        messages.success(request, _("Resource saved."))
        return redirect("library_resource", resource.pk)
    return render(
        request,
        "content/library_resource.html",
        {
            "resource": resource,
            "form": form,
            "usages": _usages(resource),
            "transcript": resource.transcript(),
        },
    )


@login_required
@require_GET
def library_resource_status(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    """The pipeline state of a resource: the fragment the resource page polls while the
    file is processed (it stops polling once ready or failed)."""
    resource = access_resource(request.user, resource_id)
    response = render(request, "content/_resource_status.html", {"resource": resource})
    if request.htmx and resource.status == MediaStatus.READY:
        # Reload the page once: the preview and the measured duration appear.
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def library_resource_retry(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    resource = access_resource(request.user, resource_id, write=True)
    if resource.is_media and resource.status == MediaStatus.FAILED:
        schedule_processing(resource)
        messages.success(request, _("Processing starts again."))
    return HttpResponseRedirect(reverse("library_resource", args=[resource.pk]))
