"""The trainer's authoring pages: courses, objectives, cohorts, sessions and the
activities of their three phases (the quiz editor is in quizzes/editor_views.py).

A program manager may read every page (GET) but gets 403 on every change and on the
create and edit pages; people outside the course get 404 (see courses/access.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amont.accounts.http import AuthenticatedHttpRequest
from amont.content.actions import (
    create_article_activity,
    create_resource_activity,
    update_article,
)
from amont.content.models import Article, MediaStatus, Resource
from amont.content.queries import estimated_minutes
from amont.courses.access import (
    access_activity,
    access_cohort,
    access_course,
    access_session,
    can_edit_course,
    trainer_organizations,
    visible_courses,
)
from amont.courses.actions import (
    add_activity,
    add_objective,
    create_cohort,
    create_course,
    create_session,
    delete_activity,
    move_activity,
    update_activity,
    update_course,
    update_session,
)
from amont.courses.forms import (
    PHASE_KINDS,
    ActivityEditForm,
    ActivityForm,
    ArticleBodyForm,
    BankQuestionForm,
    CohortForm,
    CourseEditForm,
    CourseForm,
    LibraryArticleForm,
    LibraryResourceForm,
    NewArticleForm,
    NewResourceForm,
    NewVoteForm,
    ObjectiveForm,
    SessionForm,
    bank_questions,
    kind_fits_phase,
)
from amont.courses.models import Activity, Cohort, Kind, Objective, Phase, Session
from amont.quizzes.actions import (
    create_quiz_activity,
    create_vote_activity,
)

# A live vote counts one choice per learner.
LIVE_VOTE_TYPES = ("single_choice", "true_false")

# What a new activity of each kind is called until the trainer changes it.
_DEFAULT_TITLES = {
    Kind.QUIZ: gettext_lazy("Check your understanding"),
    Kind.UNCLEAR: gettext_lazy("What was unclear?"),
    Kind.FEEDBACK: gettext_lazy("Your feedback on this session"),
}
_DEFAULT_INSTRUCTIONS = {
    Kind.UNCLEAR: gettext_lazy(
        "What did you not understand, or what would you like to go over in class?"
    ),
    Kind.FEEDBACK: gettext_lazy("How useful was this session for you? What would you change?"),
}


def _session_url(session: Session, phase: str | None = None) -> str:
    url = reverse("session_detail", args=[session.pk])
    return f"{url}#phase-{phase}" if phase else url


def _phase_blocks(session: Session) -> list[dict]:
    """The three phases of a session with their activities, in one query."""
    activities = (
        session.activities.annotate(question_count=Count("quiz__items"))
        .select_related("article", "resource")
        .order_by("position", "pk")
    )
    by_phase: dict[str, list[Activity]] = {phase: [] for phase in Phase.values}
    for activity in activities:
        activity.session = session  # effective_due_at reads it: no query per activity
        by_phase[activity.phase].append(activity)
    return [
        {
            "value": phase.value,
            "label": phase.label,
            "activities": by_phase[phase.value],
            "kinds": [(kind, Kind(kind).label) for kind in PHASE_KINDS[phase.value]],
            "minutes": sum(estimated_minutes(activity) for activity in by_phase[phase.value]),
        }
        for phase in Phase
    ]


def _render_phase(request: AuthenticatedHttpRequest, session: Session, phase: str):
    block = next(b for b in _phase_blocks(session) if b["value"] == phase)
    return render(
        request,
        "courses/_phase.html",
        {"session": session, "phase": block, "can_edit": True},
    )


def _next_objective_code(course) -> str:
    codes = set(course.objectives.values_list("code", flat=True))
    number = len(codes) + 1
    while f"O{number}" in codes:
        number += 1
    return f"O{number}"


def _require_trainer_organizations(user):
    organizations = trainer_organizations(user).order_by("name")
    if not organizations.exists():
        raise PermissionDenied
    return organizations


# Courses


@login_required
def course_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    upcoming = Session.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at", "pk")
    cohorts = Cohort.objects.annotate(learner_count=Count("enrollments")).order_by("name")
    cohorts = cohorts.prefetch_related(Prefetch("sessions", upcoming, to_attr="upcoming"))
    courses = (
        visible_courses(request.user)
        .select_related("organization")
        .prefetch_related(Prefetch("cohorts", cohorts))
        .order_by("title", "pk")
    )
    return render(
        request,
        "courses/course_list.html",
        {
            "courses": courses,
            "can_create": trainer_organizations(request.user).exists(),
        },
    )


@login_required
def course_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = _require_trainer_organizations(request.user)
    form = CourseForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        course = create_course(
            organization=form.cleaned_data.get("organization") or organizations.get(),
            trainer=request.user,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            objectives=form.cleaned_data["objectives"],
        )
        messages.success(request, _("Course created. Add a cohort to invite learners."))
        return redirect("course_detail", course.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": None})


@login_required
def course_detail(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = access_course(request.user, course_id)
    return _render_course_detail(request, course, ObjectiveForm())


def _render_course_detail(request, course, objective_form: ObjectiveForm) -> HttpResponse:
    cohorts = course.cohorts.annotate(
        learner_count=Count("enrollments", distinct=True),
        session_count=Count("sessions", distinct=True),
    ).order_by("name")
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "objectives": course.objectives.all(),
            "cohorts": cohorts,
            "trainers": course.trainers.order_by("full_name", "email"),
            "can_edit": can_edit_course(request.user, course),
            "objective_form": objective_form,
        },
    )


@login_required
def course_edit(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = access_course(request.user, course_id, write=True)
    form = CourseEditForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        update_course(
            course=course,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Course saved."))
        return redirect("course_detail", course.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": course})


@login_required
@require_POST
def objective_add(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = access_course(request.user, course_id, write=True)
    form = ObjectiveForm(request.POST)
    if not form.is_valid():
        return _render_course_detail(request, course, form)
    add_objective(
        course=course,
        title=form.cleaned_data["title"],
        code=form.cleaned_data["code"] or _next_objective_code(course),
    )
    messages.success(request, _("Objective added."))
    return HttpResponseRedirect(reverse("course_detail", args=[course.pk]) + "#objectives")


@login_required
@require_POST
def objective_delete(request: AuthenticatedHttpRequest, objective_id: int) -> HttpResponse:
    # No access helper for objectives: the course's helper decides (404 for outsiders).
    objective = get_object_or_404(Objective, pk=objective_id)
    course = access_course(request.user, objective.course_id, write=True)
    objective.delete()
    messages.success(request, _("Objective deleted."))
    return HttpResponseRedirect(reverse("course_detail", args=[course.pk]) + "#objectives")


# Cohorts


@login_required
def cohort_create(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = access_course(request.user, course_id, write=True)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = create_cohort(course=course, name=form.cleaned_data["name"])
        messages.success(request, _("Cohort created. Share its invitation link with learners."))
        return redirect("cohort_detail", cohort.pk)
    return render(request, "courses/cohort_form.html", {"form": form, "course": course})


@login_required
def cohort_detail(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    enrollments = cohort.enrollments.select_related("learner").order_by(
        "learner__full_name", "learner__email"
    )
    return render(
        request,
        "courses/cohort_detail.html",
        {
            "cohort": cohort,
            "course": cohort.course,
            "enrollments": enrollments,
            "sessions": cohort.sessions.order_by("starts_at", "pk"),
            "invite_url": request.build_absolute_uri(
                reverse("invite_accept", args=[cohort.invite_token])
            ),
            "can_edit": can_edit_course(request.user, cohort.course),
            "now": timezone.now(),
        },
    )


# Sessions


@login_required
def session_create(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id, write=True)
    form = SessionForm(request.POST or None, course=cohort.course)
    if request.method == "POST" and form.is_valid():
        session = create_session(
            cohort=cohort,
            title=form.cleaned_data["title"],
            starts_at=form.cleaned_data["starts_at"],
            objectives=form.cleaned_data["objectives"],
        )
        messages.success(request, _("Session created. Now add what learners do before class."))
        return redirect("session_detail", session.pk)
    return render(
        request,
        "courses/session_form.html",
        {"form": form, "cohort": cohort, "course": cohort.course, "session": None},
    )


@login_required
def session_detail(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id)
    return render(
        request,
        "courses/session_detail.html",
        {
            "session": session,
            "cohort": session.cohort,
            "course": session.cohort.course,
            "objectives": session.objectives.all(),
            "phases": _phase_blocks(session),
            "can_edit": can_edit_course(request.user, session.cohort.course),
        },
    )


@login_required
def session_edit(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, write=True)
    course = session.cohort.course
    form = SessionForm(request.POST or None, instance=session, course=course)
    if request.method == "POST" and form.is_valid():
        update_session(
            session=session,
            title=form.cleaned_data["title"],
            starts_at=form.cleaned_data["starts_at"],
            objectives=form.cleaned_data["objectives"],
        )
        messages.success(request, _("Session saved."))
        return redirect("session_detail", session.pk)
    return render(
        request,
        "courses/session_form.html",
        {"form": form, "cohort": session.cohort, "course": course, "session": session},
    )


# Activities


def _create_forms(request, session: Session, kind: str) -> dict:
    """The forms of the "new activity" page: a kind that points at a library item has a
    second form to reuse an existing one. Only the submitted form is bound."""
    organization_id = session.cohort.course.organization_id
    source = request.POST.get("source", "new") if request.method == "POST" else None
    new_data = request.POST if source == "new" else None
    library_data = request.POST if source == "library" else None
    if kind == Kind.ARTICLE:
        return {
            "new": NewArticleForm(new_data),
            "library": LibraryArticleForm(
                library_data,
                articles=Article.objects.filter(organization_id=organization_id).order_by(
                    "title", "pk"
                ),
                auto_id="library_%s",  # two forms on one page: ids must differ
            ),
        }
    if kind == Kind.RESOURCE:
        return {
            "new": NewResourceForm(new_data, request.FILES if new_data else None),
            "library": LibraryResourceForm(
                library_data,
                resources=Resource.objects.filter(organization_id=organization_id).order_by(
                    "title", "pk"
                ),
                auto_id="library_%s",
            ),
        }
    if kind == Kind.LIVE_VOTE:
        return {
            "new": NewVoteForm(new_data, objectives=session.cohort.course.objectives.all()),
            "library": BankQuestionForm(
                library_data,
                questions=bank_questions(organization_id, types=LIVE_VOTE_TYPES),
                auto_id="library_%s",
            ),
        }
    initial = {
        "title": _DEFAULT_TITLES.get(kind, ""),
        "instructions": _DEFAULT_INSTRUCTIONS.get(kind, ""),
    }
    form = ActivityForm(new_data, initial=initial)
    if kind == Kind.UNCLEAR:
        form.fields["instructions"].label = _("Question asked to learners")
    return {"new": form}


def _save_new_activity(request, session, phase, kind, source, form) -> Activity:
    data = form.cleaned_data
    common = {
        "instructions": data.get("instructions", ""),
        "due_at": data.get("due_at"),
        "required": data.get("required", False),
    }
    if kind == Kind.ARTICLE and source == "library":
        return add_activity(
            session=session,
            phase=phase,
            kind=kind,
            title=data["title"],
            article=data["article"],
            **common,
        )
    if kind == Kind.ARTICLE:
        return create_article_activity(
            session=session,
            phase=phase,
            title=data["title"],
            body=data["body"],
            estimated_minutes=data["estimated_minutes"],
            is_sheet=data.get("is_sheet", False),
            author=request.user,
            **common,
        )
    if kind == Kind.RESOURCE and source == "library":
        return add_activity(
            session=session,
            phase=phase,
            kind=kind,
            title=data["title"],
            resource=data["resource"],
            **common,
        )
    if kind == Kind.RESOURCE:
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
            **common,
        )
    if kind == Kind.LIVE_VOTE and source == "library":
        return add_activity(
            session=session, phase=phase, kind=kind, title=data["title"], question=data["question"]
        )
    if kind == Kind.LIVE_VOTE:
        return create_vote_activity(
            session=session,
            title=data["title"],
            text=data["text"],
            options=data["options"],
            general_feedback=data["general_feedback"],
            objective=data.get("objective"),
        )
    if kind == Kind.QUIZ:
        return create_quiz_activity(session=session, phase=phase, title=data["title"], **common)
    return add_activity(session=session, phase=phase, kind=kind, title=data["title"], **common)


@login_required
def activity_create(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, write=True)
    phase, kind = request.GET.get("phase", ""), request.GET.get("kind", "")
    if not kind_fits_phase(kind, phase):
        raise BadRequest("This kind of activity does not fit this phase.")
    forms = _create_forms(request, session, kind)
    if request.method == "POST":
        source = request.POST.get("source", "new")
        form = forms.get(source)
        if form is not None and form.is_valid():
            activity = _save_new_activity(request, session, phase, kind, source, form)
            if kind == Kind.QUIZ:
                messages.success(request, _("Quiz created. Add its questions."))
                return redirect("quiz_edit", activity.pk)
            if kind == Kind.RESOURCE and activity.resource.status == MediaStatus.PENDING:
                messages.success(
                    request,
                    _("Resource added. Its video or audio is being processed: follow it here."),
                )
                return redirect("library_resource", activity.resource_id)
            messages.success(request, _("Activity added."))
            return HttpResponseRedirect(_session_url(session, phase))
    return render(
        request,
        "courses/activity_create.html",
        {
            "session": session,
            "course": session.cohort.course,
            "phase": phase,
            "phase_label": Phase(phase).label,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "form": forms["new"],
            "library_form": forms.get("library"),
            "query": request.GET.urlencode(),
            "max_upload": settings.RESOURCE_MAX_UPLOAD_BYTES,
        },
    )


@login_required
def activity_edit(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, write=True)
    session = activity.session
    data = request.POST or None
    form = ActivityEditForm(data, instance=activity)
    article_form = reuse_count = None
    if activity.kind == Kind.ARTICLE:
        article_form = ArticleBodyForm(data, instance=activity.article, prefix="article")
        reuse_count = Activity.objects.filter(article_id=activity.article_id).count()
    if (
        request.method == "POST"
        and form.is_valid()
        and (article_form is None or article_form.is_valid())
    ):
        with transaction.atomic():
            update_activity(
                activity=activity,
                title=form.cleaned_data["title"],
                instructions=form.cleaned_data["instructions"],
                due_at=form.cleaned_data.get("due_at"),
                required=form.cleaned_data.get("required", False),
            )
            if article_form is not None:
                update_article(
                    article=activity.article,
                    body=article_form.cleaned_data["body"],
                    estimated_minutes=article_form.cleaned_data["estimated_minutes"],
                    is_sheet=article_form.cleaned_data["is_sheet"],
                )
        messages.success(request, _("Activity saved."))
        return HttpResponseRedirect(_session_url(session, activity.phase))
    return render(
        request,
        "courses/activity_edit.html",
        {
            "activity": activity,
            "session": session,
            "course": session.cohort.course,
            "form": form,
            "article_form": article_form,
            "reuse_count": reuse_count,
            "question": activity.question if activity.kind == Kind.LIVE_VOTE else None,
        },
    )


@login_required
@require_POST
def activity_move(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, write=True)
    offsets = {"up": -1, "down": 1}
    direction = request.POST.get("direction")
    if direction not in offsets:
        raise BadRequest("direction must be up or down")
    move_activity(activity=activity, offset=offsets[direction])
    if request.htmx:
        return _render_phase(request, activity.session, activity.phase)
    return HttpResponseRedirect(_session_url(activity.session, activity.phase))


@login_required
@require_POST
def activity_delete(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, write=True)
    session, phase = activity.session, activity.phase
    delete_activity(activity=activity)
    if request.htmx:
        return _render_phase(request, session, phase)
    messages.success(request, _("Activity deleted."))
    return HttpResponseRedirect(_session_url(session, phase))
