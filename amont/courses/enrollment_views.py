"""Enrollment in a cohort: the invitation link (sign up, or join when logged in), its
regeneration, and the import of a CSV roster."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from amont.accounts.forms import SignUpForm
from amont.accounts.http import AuthenticatedHttpRequest
from amont.accounts.models import User
from amont.courses.access import access_cohort, access_cohort_by_invite, can_edit_course
from amont.courses.actions import (
    RosterImport,
    enroll,
    import_roster,
    regenerate_invite,
    sign_up_with_invite,
)
from amont.courses.enrollment_forms import RosterForm
from amont.courses.models import Cohort, Enrollment
from amont.courses.roster import MAX_BYTES, MAX_ROWS, parse_roster


def _import_summary(result: RosterImport) -> str:
    parts = [
        ngettext(
            "%(count)d account created (an email invites them to choose a password)",
            "%(count)d accounts created (an email invites each to choose a password)",
            len(result.created),
        )
        % {"count": len(result.created)},
        ngettext(
            "%(count)d existing account enrolled",
            "%(count)d existing accounts enrolled",
            len(result.enrolled),
        )
        % {"count": len(result.enrolled)},
        ngettext(
            "%(count)d already in the cohort",
            "%(count)d already in the cohort",
            len(result.already_enrolled),
        )
        % {"count": len(result.already_enrolled)},
    ]
    return _("Roster imported: %(summary)s.") % {"summary": "; ".join(parts)}


@require_http_methods(["GET", "POST"])
def invite_accept(request: HttpRequest, token: str) -> HttpResponse:
    cohort = access_cohort_by_invite(token)
    if request.user.is_authenticated:
        return _join(request, cohort, request.user)

    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = sign_up_with_invite(
                cohort=cohort,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except IntegrityError:  # the same address signed up a moment ago
            form.add_error(
                "email", _("An account already exists with this email address: log in to join.")
            )
        else:
            login(request, user)
            messages.success(request, _("Welcome! You joined %(cohort)s.") % {"cohort": cohort})
            return redirect("home")
    login_url = reverse("login") + "?" + urlencode({"next": request.path})
    return render(
        request,
        "courses/invite_sign_up.html",
        {"cohort": cohort, "form": form, "login_url": login_url},
    )


def _join(request: HttpRequest, cohort: Cohort, user: User) -> HttpResponse:
    teaches = can_edit_course(user, cohort.course)
    enrolled = Enrollment.objects.filter(cohort=cohort, learner=user).exists()
    if request.method == "POST":
        if teaches:
            messages.info(
                request,
                _("You teach this course: share this link with your learners instead."),
            )
        elif enrolled:
            messages.info(request, _("You are already in %(cohort)s.") % {"cohort": cohort})
        else:
            enroll(cohort=cohort, learner=user)
            messages.success(request, _("You joined %(cohort)s.") % {"cohort": cohort})
        return redirect("home")
    return render(
        request,
        "courses/invite_join.html",
        {"cohort": cohort, "teaches": teaches, "enrolled": enrolled},
    )


@login_required
@require_POST
def invite_regenerate(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id, write=True)
    regenerate_invite(cohort=cohort)
    messages.success(
        request, _("The invitation link has changed: the previous link no longer works.")
    )
    return redirect("cohort_detail", cohort.pk)


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id, write=True)
    form = RosterForm()
    if request.method == "POST":
        form = RosterForm(request.POST, request.FILES)
        if form.is_valid():
            roster = parse_roster(form.cleaned_data["roster_text"])
            field = form.cleaned_data["source"]
            if roster.errors:
                form.add_error(
                    None,
                    ngettext(
                        "Nothing was imported: fix the line below and send the list again.",
                        "Nothing was imported: fix the %(count)d lines below and send the "
                        "list again.",
                        len(roster.errors),
                    )
                    % {"count": len(roster.errors)},
                )
                form.add_error(
                    field,
                    [
                        _("Line %(line)d: %(message)s")
                        % {"line": error.line, "message": error.message}
                        for error in roster.errors
                    ],
                )
            elif not roster.rows:
                form.add_error(field, _("The list has no learners."))
            else:
                try:
                    result = import_roster(cohort=cohort, rows=roster.rows)
                except IntegrityError:  # an account was created meanwhile with one address
                    form.add_error(None, _("Nothing was imported: please send the list again."))
                else:
                    messages.success(request, _import_summary(result))
                    return redirect("roster_import", cohort.pk)
    return render(
        request,
        "courses/roster_import.html",
        {"cohort": cohort, "form": form, "max_rows": MAX_ROWS, "max_size": MAX_BYTES},
    )
