"""The trainer's authoring pages: courses, objectives, cohorts, sessions and the
activities of their three phases. Each kind brings its own forms and templates through
the registry (courses/kinds.py); the quiz editor is quizzes/quiz_editor_views.py.

A program manager may read every page (GET) but gets 403 on every change and on the
create and edit pages; people outside the course get 404 (see courses/access.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from amont.accounts.http import AuthenticatedHttpRequest
from amont.courses.access import (
    access_activity,
    access_cohort,
    access_course,
    access_objective,
    access_session,
    can_edit_course,
    trainer_organizations,
    visible_courses,
)
from amont.courses.actions import (
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
    ActivityEditForm,
    CohortForm,
    CourseEditForm,
    CourseForm,
    ObjectiveForm,
    SessionForm,
)
from amont.courses.kinds import KINDS, kind_fits_phase, kinds_for_phase
from amont.courses.models import Activity, Cohort, Phase, Session
from amont.courses.progress import estimated_minutes


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
            "kinds": kinds_for_phase(phase.value),
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
@require_GET
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
@require_http_methods(["GET", "POST"])
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
@require_GET
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
@require_http_methods(["GET", "POST"])
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
    objective = access_objective(request.user, objective_id, write=True)
    course = objective.course
    objective.delete()
    messages.success(request, _("Objective deleted."))
    return HttpResponseRedirect(reverse("course_detail", args=[course.pk]) + "#objectives")


# Cohorts


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    course = access_course(request.user, course_id, write=True)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = create_cohort(course=course, name=form.cleaned_data["name"])
        messages.success(request, _("Cohort created. Share its invitation link with learners."))
        return redirect("cohort_detail", cohort.pk)
    return render(request, "courses/cohort_form.html", {"form": form, "course": course})


@login_required
@require_GET
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
@require_http_methods(["GET", "POST"])
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
@require_GET
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
@require_http_methods(["GET", "POST"])
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


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id, write=True)
    phase, value = request.GET.get("phase", ""), request.GET.get("kind", "")
    if not kind_fits_phase(value, phase):
        raise BadRequest("This kind of activity does not fit this phase.")
    kind = KINDS[value]
    forms = kind.authoring_forms(request, session)
    if request.method == "POST":
        source = request.POST.get("source", "new")
        form = forms.get(source)
        if form is not None and form.is_valid():
            activity = kind.create(request, session=session, phase=phase, source=source, form=form)
            if (response := kind.created_response(request, activity)) is not None:
                return response
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
            "kind_label": kind.label,
            "form": forms["new"],
            "library_form": forms.get("library"),
            "query": request.GET.urlencode(),
            **kind.create_context(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, write=True)
    session = activity.session
    kind = activity.activity_kind
    data = request.POST or None
    form = ActivityEditForm(data, instance=activity)
    extra_forms = kind.edit_forms(data, activity)
    if (
        request.method == "POST"
        and form.is_valid()
        and all(extra.is_valid() for extra in extra_forms.values())
    ):
        with transaction.atomic():
            update_activity(
                activity=activity,
                title=form.cleaned_data["title"],
                instructions=form.cleaned_data["instructions"],
                due_at=form.cleaned_data.get("due_at"),
                required=form.cleaned_data.get("required", False),
            )
            kind.save_edit(activity, extra_forms)
        messages.success(request, _("Activity saved."))
        return HttpResponseRedirect(_session_url(session, activity.phase))
    return render(
        request,
        "courses/activity_edit.html",
        {
            "activity": activity,
            "kind": kind,
            "session": session,
            "course": session.cohort.course,
            "form": form,
            **extra_forms,
            **kind.edit_context(activity),
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
