"""The learner's quiz and "what was unclear?" pages. Both are reached through the one
activity URL (learner.views.learner_activity), which checks access and the method.

The quiz page is one URL for everything a learner does with a quiz; POSTs carry an
`action`:

- `save` (sent by static/js/learner-quiz.js as answers change): saves one question of
  the attempt in progress, answers JSON. Without JavaScript nothing calls it.
- `submit` (the default, the all-at-once form): saves every answer and submits, once per
  client key (double click, retry after a timeout, offline replay).
- `prev`, `next` (one question per screen): save the current answer, then redirect to the
  previous or next screen; after the last one comes `?q=review`, whose form sends `finish`.
- `start`: starts a timed attempt (its clock runs from then, on the server).
- `timeout`: sent by the page when its clock reaches zero; the attempt is submitted with
  what was saved (a late `submit`, `next` or `finish` does the same).
"""

from collections.abc import Hashable
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import strip_tags
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.accounts.http import AuthenticatedHttpRequest
from amont.accounts.models import User
from amont.courses.models import Activity, Objective
from amont.lib.markdown import render_markdown, render_text
from amont.quizzes.actions import (
    DEADLINE_GRACE,
    AttemptError,
    attempts_used,
    finish_attempt,
    quiz_versions,
    save_answer,
    save_unclear_point,
    start_attempt,
    submit_attempt,
)
from amont.quizzes.forms import (
    AttemptForm,
    UnclearPointForm,
    initial_for,
    is_graded,
    saved_orders,
)
from amont.quizzes.models import (
    CONFIDENT,
    Attempt,
    Confidence,
    FeedbackTiming,
    Question,
    QuestionVersion,
    QuizPurpose,
    Response,
    UnclearPoint,
    quiz_of,
)
from amont.quizzes.positioning import ADVANCED, BEGINNER, INTERMEDIATE, LEVEL_LABELS, position
from amont.quizzes.scoring import Grade, grade_answer
from amont.quizzes.types import QuestionType, question_type
from amont.quizzes.types.common import GAP_MARKER

REVIEW = "review"
LEVEL_CLASSES = {BEGINNER: "warn", INTERMEDIATE: "", ADVANCED: "ok"}


# Attempts -------------------------------------------------------------------------------


def _in_progress(activity: Activity, learner: User) -> Attempt | None:
    return (
        Attempt.objects.filter(activity=activity, learner=learner, submitted_at__isnull=True)
        .order_by("-started_at", "-pk")
        .first()
    )


def _latest_submitted(activity: Activity, learner: User) -> Attempt | None:
    return (
        Attempt.objects.filter(activity=activity, learner=learner, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def _attempt_of_key(request: AuthenticatedHttpRequest, activity: Activity) -> Attempt | None:
    """The attempt the posted client key names, if any. A key of someone else's attempt,
    or of another activity, is refused (400): keys are secret, so that is no accident."""
    key = request.POST.get("client_key", "")
    attempt = Attempt.objects.filter(client_key=key).first() if key else None
    if attempt is not None and (
        attempt.learner_id != request.user.pk or attempt.activity_id != activity.pk
    ):
        raise SuspiciousOperation("Client key of another attempt.")
    return attempt


def _time_is_up(attempt: Attempt | None, now) -> bool:
    return bool(attempt and attempt.deadline_at and now >= attempt.deadline_at)


def _past_grace(attempt: Attempt | None, now) -> bool:
    """Past the deadline and its grace: answers arriving now are refused."""
    return bool(attempt and attempt.deadline_at and now > attempt.deadline_at + DEADLINE_GRACE)


def _saved(attempt: Attempt | None) -> dict[int, Response]:
    """The attempt's responses by question version id."""
    if attempt is None:
        return {}
    return {response.question_version_id: response for response in attempt.responses.all()}


def _send_what_was_saved(request, attempt: Attempt, now) -> HttpResponse:
    finish_attempt(attempt=attempt, at=now)
    messages.warning(request, _("The time was up: the answers you had saved were sent."))
    return redirect(request.path)


# Drawing the form -----------------------------------------------------------------------


def _screen(request: AuthenticatedHttpRequest, count: int) -> int | str:
    """One question per screen: the 1-based question number of ?q=, or REVIEW."""
    raw = request.GET.get("q") or request.POST.get("q") or "1"
    if raw == REVIEW:
        return REVIEW
    try:
        number = int(raw)
    except ValueError:
        return 1
    return REVIEW if number > count else max(1, number)


def _base_context(activity: Activity) -> dict:
    return {
        "activity": activity,
        "session": activity.session,
        "quiz": activity.quiz,
        "instructions": render_markdown(activity.instructions),
    }


def _status_context(
    activity: Activity, learner: User, attempt: Attempt | None, now, used: int | None = None
) -> dict:
    """Attempt n of m and the time left. used: the attempts submitted, when known."""
    quiz = quiz_of(activity)
    if used is None:
        used = attempts_used(activity=activity, learner=learner)
    context: dict[str, Any] = {
        "attempt": attempt,
        "attempt_number": used + 1,
        "max_attempts": quiz.max_attempts,
    }
    if attempt is not None and attempt.deadline_at is not None:
        context["deadline"] = attempt.deadline_at
        context["seconds_left"] = max(0, int((attempt.deadline_at - now).total_seconds()))
    return context


def _form_page(
    request: AuthenticatedHttpRequest,
    activity: Activity,
    versions: list[QuestionVersion],
    attempt: Attempt | None,
    now,
    *,
    form: AttemptForm | None = None,
    used: int | None = None,
    **extra,
) -> HttpResponse:
    quiz = quiz_of(activity)
    status = _status_context(activity, request.user, attempt, now, used)
    context = _base_context(activity) | status
    context.update(extra)
    saved = _saved(attempt)
    key = attempt.client_key if attempt else None
    screen = _screen(request, len(versions)) if quiz.one_per_page and versions else None
    if screen == REVIEW:
        context.update(
            review=_review_rows(versions, saved),
            client_key=key or "",
            count=len(versions),
        )
        return render(request, "quizzes/quiz_review.html", context)
    shown = versions if screen is None else [versions[int(screen) - 1]]
    if form is None:
        answers = {pk: response.answer for pk, response in saved.items()}
        initial: dict = {"client_key": key} if key else {}
        for version in shown:
            if version.pk in saved:
                response = saved[version.pk]
                initial |= initial_for(version, response.answer, response.confidence)
        form = AttemptForm(
            shown,
            initial=initial,
            seed=key or "",
            orders=saved_orders(shown, answers),
            first_number=screen if isinstance(screen, int) else 1,
        )
    context.update(
        form=form,
        questions=form.questions(),
        screen=screen,
        count=len(versions),
    )
    return render(request, "quizzes/quiz_form.html", context)


def _review_rows(versions: list[QuestionVersion], saved: dict[int, Response]) -> list[dict]:
    rows = []
    for number, version in enumerate(versions, start=1):
        response = saved.get(version.pk)
        answered = response is not None and response.answer is not None
        rows.append(
            {
                "number": number,
                "version": version,
                "answered": answered,
                "confidence": response.get_confidence_display() if response else "",
                "needs_confidence": (
                    answered
                    and response is not None
                    and is_graded(version)
                    and not response.confidence
                ),
            }
        )
    return rows


def _missing(rows: list[dict]) -> list[dict]:
    return [row for row in rows if not row["answered"] or row["needs_confidence"]]


# Results ----------------------------------------------------------------------------------


CONFIDENCE_WORDS: dict[str, Promise] = {
    Confidence.GUESS: gettext_lazy("you were guessing"),
    Confidence.UNSURE: gettext_lazy("you were not sure"),
    Confidence.FAIRLY_SURE: gettext_lazy("you were fairly sure"),
    Confidence.SURE: gettext_lazy("you were sure"),
}


@dataclass
class ResultRow:
    """One question of a submitted attempt, as the learner reads it afterwards."""

    number: int
    version: QuestionVersion
    response: Response | None
    grade: Grade | None = None
    mine: list[tuple[str, bool | None]] = field(default_factory=list)  # (text, right?)
    right: list[str] = field(default_factory=list)
    feedback: list[SafeString] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """The question's text as a plain line (cloze markers as blanks)."""
        text = strip_tags(render_text(self.version.text, self.version.text_format))
        return Truncator(" ".join(GAP_MARKER.sub("…", unescape(text)).split())).chars(300)

    @property
    def listed(self) -> bool:
        """Answers in several parts, shown as a list."""
        return self.kind.listed

    @property
    def kind(self) -> QuestionType:
        """The question's type entry."""
        return question_type(self.version.type)

    @property
    def general_feedback(self) -> SafeString | str:
        if not self.version.general_feedback.strip():
            return ""
        return render_text(self.version.general_feedback, self.version.text_format)

    @property
    def graded(self) -> bool:
        return is_graded(self.version)

    @property
    def points(self) -> float | None:
        if self.response is None:
            return 0.0
        if self.response.score is None:
            return None
        return self.response.score * self.version.default_grade

    @property
    def is_correct(self) -> bool | None:
        return None if self.response is None else self.response.is_correct

    @property
    def confidence_words(self) -> str:
        confidence = self.response.confidence if self.response else ""
        return str(CONFIDENCE_WORDS.get(confidence, "")) if confidence else ""

    @property
    def misconception(self) -> bool:
        return bool(
            self.response
            and self.response.is_correct is False
            and self.response.confidence in CONFIDENT
        )


def _describe(row: ResultRow) -> None:
    """Fill `mine` and `right` for the row's question type."""
    answer = row.response.answer if row.response else None
    parts = row.grade.parts if row.grade else ()
    row.kind.describe(row, answer, parts)


def _results(versions: list[QuestionVersion], attempt: Attempt) -> list[ResultRow]:
    """Every question of the quiz, in order, with the attempt's answer to it (the version
    the learner answered, even if the question changed since); then answers to questions
    taken out of the quiz since."""
    responses = {
        response.question_version.question_id: response
        for response in attempt.responses.select_related("question_version").order_by("pk")
    }
    rows: list[ResultRow] = []
    for version in versions:
        response = responses.pop(version.question_id, None)
        rows.append(
            ResultRow(
                number=len(rows) + 1,
                version=response.question_version if response else version,
                response=response,
            )
        )
    for response in responses.values():
        rows.append(
            ResultRow(number=len(rows) + 1, version=response.question_version, response=response)
        )
    for row in rows:
        if row.response is not None:
            row.grade = grade_answer(row.version.as_neutral(), row.response.answer)
            row.feedback = [
                render_text(text, row.version.text_format) for text in row.grade.feedback
            ]
        _describe(row)
    return rows


def _positioning(rows: list[ResultRow]) -> dict:
    """Mastery per objective and the level, for positioning tests."""
    questions = Question.objects.select_related("objective").in_bulk(
        [row.version.question_id for row in rows]
    )
    objectives: dict[Hashable, Objective | None] = {}
    pairs = []
    for row in rows:
        objective = questions[row.version.question_id].objective
        objectives[objective.pk if objective else None] = objective
        score = row.response.score if row.response else 0.0
        pairs.append((objective.pk if objective else None, score if row.graded else None))
    result = position(pairs)
    return {
        "level": result.level,
        "level_label": LEVEL_LABELS.get(result.level or "", ""),
        "level_class": LEVEL_CLASSES.get(result.level or "", ""),
        "percent": result.percent,
        "objectives": [
            {
                "objective": objectives[m.objective],
                "percent": m.percent,
                "level": m.level,
                "level_label": LEVEL_LABELS[m.level],
                "level_class": LEVEL_CLASSES[m.level],
                "questions": m.questions,
            }
            for m in result.objectives
        ],
    }


def _result_page(
    request: AuthenticatedHttpRequest,
    activity: Activity,
    versions: list[QuestionVersion],
    attempt: Attempt,
    now,
) -> HttpResponse:
    quiz = quiz_of(activity)
    used = attempts_used(activity=activity, learner=request.user)
    due = activity.effective_due_at
    corrected = quiz.feedback_timing == FeedbackTiming.IMMEDIATE or due is None or due <= now
    context = _base_context(activity) | {
        "attempt": attempt,
        "corrected": corrected,
        "due": due,
        "used": used,
        "can_retry": not quiz.max_attempts or used < quiz.max_attempts,
        "score_percent": (
            round(100 * attempt.score / attempt.max_score) if attempt.max_score else 0
        ),
    }
    if corrected:
        rows = _results(versions, attempt)
        context["results"] = rows
        context["awaiting_trainer"] = any(
            row.response and row.response.score is None for row in rows
        )
        if quiz.purpose == QuizPurpose.POSITIONING:
            context["positioning"] = _positioning(rows)
    return render(request, "quizzes/quiz_result.html", context)


# Actions ------------------------------------------------------------------------------------


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"saved": False, "error": message}, status=status)


def _save(request, activity, versions, now) -> JsonResponse:
    """Save one question (the page's JavaScript, as answers change)."""
    by_pk = {str(version.pk): version for version in versions}
    version = by_pk.get(request.POST.get("version", ""))
    if version is None:
        return _json_error(_("This quiz was updated: reload the page."), 409)
    form = AttemptForm([version], data=request.POST, partial=True)
    if not form.is_valid():
        first = next(iter(form.errors.values()))
        return _json_error(str(first[0]), 400)
    given = form.answers()
    if version.pk not in given:
        return JsonResponse({"saved": False})
    answer, confidence = given[version.pk]
    try:
        attempt = start_attempt(
            activity=activity,
            learner=request.user,
            client_key=form.cleaned_data["client_key"],
            at=now,
        )
        save_answer(attempt=attempt, version=version, answer=answer, confidence=confidence, at=now)
    except AttemptError as error:
        return _json_error(str(error), 409)
    return JsonResponse({"saved": True, "key": attempt.client_key, "status": _("Saved")})


def _start(request, activity, attempt, now) -> HttpResponse:
    key = request.POST.get("client_key", "")
    if not 8 <= len(key) <= 64:
        raise SuspiciousOperation("Bad client key.")
    if attempt is None:
        try:
            start_attempt(activity=activity, learner=request.user, client_key=key, at=now)
        except AttemptError as error:
            messages.error(request, str(error))
    return redirect(request.path)


def _save_posted(form: AttemptForm, attempt: Attempt, versions, now) -> None:
    """Keep what a late page sends, as far as the clock allows."""
    form.is_valid()
    by_pk = {version.pk: version for version in versions}
    for pk, (answer, confidence) in form.answers().items():
        try:
            save_answer(
                attempt=attempt, version=by_pk[pk], answer=answer, confidence=confidence, at=now
            )
        except AttemptError:
            return


def _timeout(request, activity, versions, attempt, now) -> HttpResponse:
    if attempt is None:
        return redirect(request.path)
    shown = [v for v in versions if str(v.pk) in request.POST.getlist("version")]
    _save_posted(AttemptForm(shown, data=request.POST, partial=True), attempt, versions, now)
    if not _time_is_up(attempt, now):
        return redirect(request.get_full_path())  # the page's clock ran ahead
    return _send_what_was_saved(request, attempt, now)


def _move(request, activity, versions, attempt, now) -> HttpResponse:
    """One question per screen: save the current answer, go to the previous or next."""
    if not versions:
        return redirect(request.path)
    if _time_is_up(attempt, now):
        return _timeout(request, activity, versions, attempt, now)
    screen = _screen(request, len(versions))
    number = len(versions) if screen == REVIEW else int(screen)
    version = versions[number - 1]
    back = request.POST.get("action") == "prev"
    form = AttemptForm([version], data=request.POST, partial=True, first_number=number)
    given = form.answers() if form.is_valid() else {}
    if version.pk in given and is_graded(version) and not given[version.pk][1] and not back:
        form.add_error(f"confidence_{version.pk}", _("Say how sure you are."))
    # Going back never stops on a mistake: what is valid is kept, the rest waits.
    if form.errors and not back:
        return _form_page(request, activity, versions, attempt, now, form=form)
    if version.pk in given:
        answer, confidence = given[version.pk]
        try:
            attempt = start_attempt(
                activity=activity,
                learner=request.user,
                client_key=form.cleaned_data["client_key"],
                at=now,
            )
            save_answer(
                attempt=attempt, version=version, answer=answer, confidence=confidence, at=now
            )
        except AttemptError as error:
            messages.error(request, str(error))
            return redirect(request.path)
    target = number - 1 if back else number + 1
    target_q = REVIEW if target > len(versions) else str(max(1, target))
    return redirect(f"{request.path}?q={target_q}")


def _finish(request, activity, versions, attempt, now) -> HttpResponse:
    """One question per screen: send the saved answers from the review screen."""
    if attempt is None:
        messages.error(request, _("Answer the questions before sending."))
        return redirect(f"{request.path}?q=1")
    if not _time_is_up(attempt, now):
        missing = _missing(_review_rows(versions, _saved(attempt)))
        if missing:
            return _form_page(request, activity, versions, attempt, now, missing=missing)
    finish_attempt(attempt=attempt, at=now)
    return redirect(request.path)


def _submit(request, activity, versions, attempt, now) -> HttpResponse:
    """The whole form at once (without JavaScript, the only way answers arrive)."""
    if _time_is_up(attempt, now):
        return _timeout(request, activity, versions, attempt, now)
    form = AttemptForm(versions, data=request.POST)
    shown = set(request.POST.getlist("version"))
    changed = shown != {str(version.pk) for version in versions}
    # An empty quiz has nothing to answer: no attempt, so it never counts as done.
    if form.is_valid() and not changed and versions:
        try:
            submit_attempt(
                activity=activity,
                learner=request.user,
                client_key=form.cleaned_data["client_key"],
                answers=form.answers(),
                at=now,
            )
        except AttemptError as error:
            messages.error(request, str(error))
        return redirect(request.path)
    return _form_page(request, activity, versions, attempt, now, form=form, quiz_changed=changed)


_ACTIONS = {
    "next": _move,
    "prev": _move,
    "finish": _finish,
    "timeout": _timeout,
    "submit": _submit,
}


# Pages ----------------------------------------------------------------------------------------


def quiz_activity_page(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    """GET: the attempt in progress (resumed with its saved answers), else the latest
    result, else a new attempt (a start screen when the quiz is timed). ?retake asks for a
    new attempt while attempts are left. POST: see the module docstring."""
    quiz = quiz_of(activity)
    versions = quiz_versions(quiz)
    now = timezone.now()
    attempt = _in_progress(activity, request.user)
    action = request.POST.get("action", "submit") if request.method == "POST" else None

    if attempt is not None and _past_grace(attempt, now):
        # Time ran out while the learner was away: what was saved is the submission.
        if action == "save":
            finish_attempt(attempt=attempt, at=now)
            return _json_error(_("The time allowed for this quiz is over."), 409)
        return _send_what_was_saved(request, attempt, now)

    if request.method == "POST":
        keyed = _attempt_of_key(request, activity)
        if keyed is not None and keyed.submitted_at is not None:
            # A double click, a retry or an offline replay of what already went through.
            if action == "save":
                return _json_error(_("This attempt was already submitted."), 409)
            return redirect(request.path)
        if action == "save":
            return _save(request, activity, versions, now)
        if action == "start":
            return _start(request, activity, attempt, now)
        if quiz.one_per_page and action == "submit":
            action = "next"  # Enter in a field of a one-question screen
        handler = _ACTIONS.get(action or "", _submit)
        return handler(request, activity, versions, attempt, now)

    if attempt is not None:
        return _form_page(request, activity, versions, attempt, now)
    latest = _latest_submitted(activity, request.user)
    if latest is not None and "retake" not in request.GET:
        return _result_page(request, activity, versions, latest, now)
    used = attempts_used(activity=activity, learner=request.user) if latest else 0
    if quiz.max_attempts and used >= quiz.max_attempts:
        messages.error(request, _("You have used all the attempts allowed for this quiz."))
        return redirect(request.path)
    if quiz.time_limit_minutes and versions:
        status = _status_context(activity, request.user, None, now, used)
        context = _base_context(activity) | status
        context["client_key"] = AttemptForm([]).initial["client_key"]
        return render(request, "quizzes/quiz_start.html", context)
    return _form_page(request, activity, versions, None, now, used=used)


def unclear_activity_page(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    point = UnclearPoint.objects.filter(activity=activity, learner=request.user).first()
    if request.method == "POST":
        form = UnclearPointForm(data=request.POST)
        if form.is_valid():
            save_unclear_point(
                activity=activity, learner=request.user, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Saved. Your trainer will read it before class."))
            return redirect(request.path)
    else:
        form = UnclearPointForm(initial={"text": point.text if point else ""})
    context = {
        "activity": activity,
        "session": activity.session,
        "instructions": render_markdown(activity.instructions),
        "form": form,
        "point": point,
    }
    return render(request, "quizzes/unclear.html", context)
