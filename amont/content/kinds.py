"""The content app's activity kinds: an article to read, a resource to watch, hear or
open (see courses/kinds.py for what a kind declares)."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.accounts.http import AuthenticatedHttpRequest
from amont.content.actions import (
    create_article_activity,
    create_resource_activity,
    update_article,
)
from amont.content.forms import (
    ArticleBodyForm,
    LibraryArticleForm,
    LibraryResourceForm,
    NewArticleForm,
    NewResourceForm,
)
from amont.content.models import (
    Article,
    MediaStatus,
    Resource,
    ResourceProgress,
    ResourceType,
    article_of,
    resource_of,
)
from amont.content.paper import (
    article_pack_page,
    article_paper_block,
    resource_media,
    resource_pack_page,
    resource_paper_block,
)
from amont.content.player import resource_activity_page
from amont.content.views import article_activity_page
from amont.courses.kinds import ActivityKind, bound_data, bound_files, common_fields, register
from amont.courses.models import Activity, Kind, Phase, Session
from amont.lib.offline import PackMedia


def _library_ids(activities: Sequence[Activity], column: str) -> set[int]:
    return {getattr(activity, f"{column}_id") for activity in activities}


@dataclass(frozen=True)
class ResourceUse:
    """How far one learner went with a resource (video, audio, document, linked video)."""

    opened_at: datetime
    completed_at: datetime | None
    percent_watched: int | None  # media and linked videos of known length
    seconds_spent: float
    heard: bool = False  # an audio resource: "heard" rather than "watched"

    @property
    def minutes_spent(self) -> int:
        return round(self.seconds_spent / 60)


@register
class ArticleKind(ActivityKind):
    value = Kind.ARTICLE
    label = gettext_lazy("Article")
    phases = {Phase.BEFORE: 2, Phase.AFTER: 4}
    target = "article"
    readable_offline = True
    create_template = "content/kinds/article.html#create"
    phase_facts_template = "content/kinds/article.html#facts"
    edit_template = "content/kinds/article.html#edit"

    def item_label(self, activity: Activity) -> Any:
        if activity.article is not None and activity.article.is_sheet:
            return _("Summary sheet")
        return self.label

    def authoring_forms(
        self, request: AuthenticatedHttpRequest, session: Session
    ) -> dict[str, forms.Form]:
        articles = Article.objects.filter(
            organization_id=session.cohort.course.organization_id
        ).order_by("title", "pk")
        return {
            "new": NewArticleForm(bound_data(request, "new")),
            # two forms on one page: their ids must differ
            "library": LibraryArticleForm(
                bound_data(request, "library"), articles=articles, auto_id="library_%s"
            ),
        }

    def create(self, request, *, session, phase, source, form) -> Activity:
        data = form.cleaned_data
        if source == "library":
            return self.add_from_library(session=session, phase=phase, data=data)
        return create_article_activity(
            session=session,
            phase=phase,
            title=data["title"],
            body=data["body"],
            estimated_minutes=data["estimated_minutes"],
            is_sheet=data.get("is_sheet", False),
            author=request.user,
            **common_fields(data),
        )

    def edit_forms(self, data: Any, activity: Activity) -> dict[str, forms.BaseForm]:
        return {"article_form": ArticleBodyForm(data, instance=activity.article, prefix="article")}

    def save_edit(self, activity: Activity, forms: dict[str, forms.BaseForm]) -> None:
        cleaned = forms["article_form"].cleaned_data
        update_article(
            article=article_of(activity),
            body=cleaned["body"],
            estimated_minutes=cleaned["estimated_minutes"],
            is_sheet=cleaned["is_sheet"],
        )

    def edit_context(self, activity: Activity) -> dict[str, Any]:
        if activity.article_id is None:
            raise ValueError(f"Activity {activity.pk} has no article.")
        return {"reuse_count": Activity.objects.filter(article_id=activity.article_id).count()}

    def learner_page(self, request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
        return article_activity_page(request, activity)

    def done_rows(
        self, activities: Sequence[Activity], learner_ids: Collection[int]
    ) -> QuerySet[Any, Any]:
        # Read once opened; the progress belongs to the library article, wherever reused.
        return (
            ResourceProgress.objects.filter(
                learner_id__in=learner_ids, article_id__in=_library_ids(activities, "article")
            )
            .order_by()
            .values_list("learner_id", "article_id", "first_opened_at")
        )

    def done_key(self, activity: Activity) -> int | None:
        return activity.article_id

    def minutes(self, activity: Activity) -> int:
        return activity.article.estimated_minutes if activity.article is not None else 0

    def pack_page(self, activity: Activity, context: dict[str, Any]) -> str | None:
        if activity.article is None:
            return None
        return article_pack_page(activity, activity.article, context)

    def paper_block(self, activity: Activity, context: dict[str, Any]) -> dict[str, Any] | None:
        if activity.article is None:
            return None
        return article_paper_block(activity, activity.article)


@register
class ResourceKind(ActivityKind):
    value = Kind.RESOURCE
    label = gettext_lazy("Video, audio or document")
    phases = {Phase.BEFORE: 1, Phase.AFTER: 5}
    target = "resource"
    readable_offline = True
    create_template = "content/kinds/resource.html#create"
    create_scripts = ("js/resource-form.js",)
    phase_facts_template = "content/kinds/resource.html#facts"
    phase_links_template = "content/kinds/resource.html#links"
    readiness_template = "content/kinds/resource.html#readiness"
    edit_after_template = "content/kinds/resource.html#after-edit"

    def item_label(self, activity: Activity) -> Any:
        if activity.resource is not None:
            return activity.resource.short_type_label
        return self.label

    def authoring_forms(
        self, request: AuthenticatedHttpRequest, session: Session
    ) -> dict[str, forms.Form]:
        resources = Resource.objects.filter(
            organization_id=session.cohort.course.organization_id
        ).order_by("title", "pk")
        return {
            "new": NewResourceForm(bound_data(request, "new"), bound_files(request, "new")),
            "library": LibraryResourceForm(
                bound_data(request, "library"), resources=resources, auto_id="library_%s"
            ),
        }

    def create(self, request, *, session, phase, source, form) -> Activity:
        data = form.cleaned_data
        if source == "library":
            return self.add_from_library(session=session, phase=phase, data=data)
        completion, threshold = form.completion_values()
        return create_resource_activity(
            session=session,
            phase=phase,
            title=data["title"],
            author=request.user,
            type=data["type"],
            upload=data.get("file"),
            detected=data.get("detected", ""),
            url=data.get("url", ""),
            description=data.get("description", ""),
            estimated_minutes=data.get("estimated_minutes"),
            captions=data.get("captions", ""),
            completion=completion,
            completion_threshold=threshold,
            **common_fields(data),
        )

    def created_response(
        self, request: AuthenticatedHttpRequest, activity: Activity
    ) -> HttpResponse | None:
        if resource_of(activity).status != MediaStatus.PENDING:
            return None
        messages.success(
            request, _("Resource added. Its video or audio is being processed: follow it here.")
        )
        return redirect("library_resource", activity.resource_id)

    def create_context(self) -> dict[str, Any]:
        return {"max_upload": settings.RESOURCE_MAX_UPLOAD_BYTES}

    def learner_page(self, request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
        return resource_activity_page(request, activity)

    def done_rows(
        self, activities: Sequence[Activity], learner_ids: Collection[int]
    ) -> QuerySet[Any, Any]:
        # Done once its completion rule is met (content/tracking.py sets completed_at).
        return (
            ResourceProgress.objects.filter(
                learner_id__in=learner_ids,
                resource_id__in=_library_ids(activities, "resource"),
                completed_at__isnull=False,
            )
            .order_by()
            .values_list("learner_id", "resource_id", "completed_at")
        )

    def done_key(self, activity: Activity) -> int | None:
        return activity.resource_id

    def minutes(self, activity: Activity) -> int:
        return activity.resource.estimated_minutes if activity.resource is not None else 0

    def readiness_details(
        self, activities: Sequence[Activity], learner_ids: Collection[int]
    ) -> dict[tuple[int, int], Any]:
        # How far each learner went, once opened (done or not yet).
        by_resource: dict[int | None, list[Activity]] = {}
        for activity in activities:
            by_resource.setdefault(activity.resource_id, []).append(activity)
        uses: dict[tuple[int, int], Any] = {}
        for row in (
            ResourceProgress.objects.filter(
                learner_id__in=list(learner_ids), resource_id__in=list(by_resource)
            )
            .order_by()
            .values("learner_id", "resource_id", "first_opened_at", "completed_at", "watched",
                    "seconds_spent")
        ):  # fmt: skip
            for activity in by_resource[row["resource_id"]]:
                resource = resource_of(activity)
                uses[(row["learner_id"], activity.pk)] = ResourceUse(
                    opened_at=row["first_opened_at"],
                    completed_at=row["completed_at"],
                    percent_watched=resource.percent_watched(row["watched"]),
                    heard=resource.type == ResourceType.AUDIO,
                    seconds_spent=row["seconds_spent"],
                )
        return uses

    def pack_media(self, activity: Activity, stem: str) -> list[PackMedia]:
        return resource_media(activity.resource, stem) if activity.resource is not None else []

    def pack_page(self, activity: Activity, context: dict[str, Any]) -> str | None:
        if activity.resource is None:
            return None
        return resource_pack_page(activity, activity.resource, context)

    def paper_block(self, activity: Activity, context: dict[str, Any]) -> dict[str, Any] | None:
        if activity.resource is None:
            return None
        return resource_paper_block(activity, activity.resource, context)
