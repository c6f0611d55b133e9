"""The registry of activity kinds, in the spirit of healthchecks' TRANSPORTS table.

Each kind is declared once, in the app that owns it (`content/kinds.py`,
`quizzes/kinds.py`, `live/kinds.py`, `after/kinds.py`), as a subclass of `ActivityKind`
registered with `@register`; the apps' `ready()` import those modules. `courses` and the
learner's portal reach a kind only through `kind_of(activity)` / `KINDS[value]`: nothing
outside a kind's module says `if kind == ...`.

A kind says:
- what it is: `value` (stored in `Activity.kind`), `label`, the `phases` it fits, the
  `target` column it points at (a library item) or None;
- how a trainer makes one: `authoring_forms()` (a "new" form, and a "library" form for
  kinds that reuse a library item), `create()` and the template of its fields;
- how a learner meets it: `learner_page()` (the view behind `/learn/activities/<id>/`),
  `accepts_post`, `is_preparation` (done on one's own, not in class), `gates` (a required
  one locks what follows before class);
- when it is done: `done_rows()`, one queryset of (learner, key, when) rows for many
  activities and learners at once (see `courses/progress.py`, which unites every kind's
  rows in one query);
- what it costs: `minutes()`;
- how it appears elsewhere: `phase_template` (the trainer's session page),
  `readable_offline` (the service worker keeps its page), `pack_media()` and
  `pack_page()` (its page in the offline pack, learner/offline.py) and `paper_block()`
  (its part of the printable PDF, learner/paper.py). A kind without a pack page or a
  paper block is listed there without one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django import forms
    from django_stubs_ext import StrOrPromise

    from amont.accounts.http import AuthenticatedHttpRequest
    from amont.courses.models import Activity, Session
    from amont.lib.offline import PackMedia


class ActivityKind:
    value: ClassVar[str]
    label: ClassVar[str | Promise]
    # The phases it fits, each with its place in that phase's "Add" links.
    phases: ClassVar[dict[str, int]]
    # The Activity column that points at a library item, or None for a prompt.
    target: ClassVar[str | None] = None
    # Done on one's own (before or after class); live votes happen in class.
    is_preparation: ClassVar[bool] = True
    # Before class, a required activity of this kind not done yet locks what follows.
    gates: ClassVar[bool] = False
    # The learner's page takes a POST (a form); the others are read-only.
    accepts_post: ClassVar[bool] = False
    # Its learner page reads without a network: the service worker keeps it before class.
    readable_offline: ClassVar[bool] = False
    # What a new activity is called, and the prompt it asks, until the trainer changes it.
    default_title: ClassVar[str | Promise] = ""
    default_instructions: ClassVar[str | Promise] = ""
    instructions_label: ClassVar[StrOrPromise | None] = None
    # Templates (Django partials, "file.html#name"): the kind's part of the "new
    # activity" page (None: the common fields, with `create_help` above them), its facts
    # and links on the trainer's session page, its fields and notes on the edit page.
    create_template: ClassVar[str | None] = None
    create_help: ClassVar[str | Promise | None] = None
    submit_label: ClassVar[str | Promise | None] = None
    create_scripts: ClassVar[tuple[str, ...]] = ()
    phase_facts_template: ClassVar[str | None] = None
    phase_links_template: ClassVar[str | None] = None
    edit_template: ClassVar[str | None] = None
    edit_after_template: ClassVar[str | None] = None

    # Authoring ------------------------------------------------------------------------

    def authoring_forms(
        self, request: AuthenticatedHttpRequest, session: Session
    ) -> dict[str, forms.Form]:
        """The forms of the "new activity" page: "new", and "library" for a kind that
        reuses a library item. Only the submitted form is bound."""
        from amont.courses.forms import ActivityForm

        form = ActivityForm(
            _bound(request, "new"),
            initial={"title": self.default_title, "instructions": self.default_instructions},
        )
        if self.instructions_label is not None:
            form.fields["instructions"].label = self.instructions_label
        return {"new": form}

    def create(
        self,
        request: AuthenticatedHttpRequest,
        *,
        session: Session,
        phase: str,
        source: str,
        form: forms.Form,
    ) -> Activity:
        from amont.courses.actions import add_activity

        data = form.cleaned_data
        return add_activity(
            session=session,
            phase=phase,
            kind=self.value,
            title=data["title"],
            **common_fields(data),
        )

    def add_from_library(self, *, session: Session, phase: str, data: dict[str, Any]) -> Activity:
        """A new activity pointing at the library item chosen in the "library" form (its
        `target` field), without copying it."""
        from amont.courses.actions import add_activity

        if self.target is None:
            raise TypeError(f"the {self.value} kind points at no library item")
        return add_activity(
            session=session,
            phase=phase,
            kind=self.value,
            title=data["title"],
            **{self.target: data[self.target]},
            **common_fields(data),
        )

    def created_response(
        self, request: AuthenticatedHttpRequest, activity: Activity
    ) -> HttpResponse | None:
        """Where the trainer goes once the activity is made; None: back to the session."""
        return None

    def create_context(self) -> dict[str, Any]:
        """More for the "new activity" page's template (an upload limit, say)."""
        return {}

    def edit_forms(self, data: Any, activity: Activity) -> dict[str, forms.BaseForm]:
        """Extra forms of the edit page (for example the article's text)."""
        return {}

    def save_edit(self, activity: Activity, forms: dict[str, forms.BaseForm]) -> None:
        """Saves the extra forms, inside the edit page's transaction."""

    def edit_context(self, activity: Activity) -> dict[str, Any]:
        return {}

    def item_label(self, activity: Activity) -> str | Promise:
        """What this activity is called on lists ("Video", "Summary sheet")."""
        return self.label

    # The learner's side ---------------------------------------------------------------

    def learner_page(self, request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
        raise NotImplementedError

    def done_rows(
        self, activities: Sequence[Activity], learner_ids: Collection[int]
    ) -> QuerySet[Any, tuple[int, int, datetime | None]] | None:
        """The kind's "done" rule for many activities and learners at once: a queryset of
        (learner_id, key, done_at) tuples, where key is `done_key(activity)`. None for a
        kind that is never "done" (a live vote)."""
        return None

    def done_key(self, activity: Activity) -> int | None:
        """What `done_rows()` reports an activity by: its id, or its library item's id for
        kinds whose progress belongs to the item (an article read in two sessions)."""
        return activity.pk

    def minutes(self, activity: Activity) -> int:
        """The time a learner needs for it, in minutes."""
        return 0

    # Readiness ------------------------------------------------------------------------

    # The kind's part of a learner's cell on the readiness page (a template partial, given
    # `cell`, whose `detail` is what readiness_details() says), or None.
    readiness_template: ClassVar[str | None] = None

    def readiness_details(
        self, activities: Sequence[Activity], learner_ids: Collection[int]
    ) -> dict[tuple[int, int], Any]:
        """(learner_id, activity_id) → what the learner's readiness cell shows besides
        done and when (a score, a share watched), for every learner at once in one query
        at most; {} when the cell shows nothing more."""
        return {}

    # The session summary --------------------------------------------------------------

    # The kind's part of the session summary (a template partial given `results`: what
    # summary_results() says), shown in the section of each phase the kind fits, even
    # when the session has none of it (the partial says so); None for no part.
    summary_template: ClassVar[str | None] = None

    def summary_results(self, session: Session, activities: Sequence[Activity]) -> Any:
        """What the summary shows of these activities of the session (in order), in a
        fixed number of queries."""
        return None

    # Offline pack and paper -----------------------------------------------------------

    def pack_media(self, activity: Activity, stem: str) -> list[PackMedia]:
        """The files its pack page would bring, named from `stem` ("media/04-capsule"):
        texts always go in, stored files only within the pack's media budget."""
        return []

    def pack_page(self, activity: Activity, context: dict[str, Any]) -> str | None:
        """Its page in the offline pack: the HTML under the page's common header
        (learner/pack/activity.html), or None for an activity listed without a page.
        `context` holds the pack's (session, course, cohort, language, generated_at),
        `item` (number, status), `instructions` (offline HTML), `online_url`, and the
        files of `pack_media()` kept (`media`, by role) and left out (`left_out`, roles)."""
        return None

    def paper_block(self, activity: Activity, context: dict[str, Any]) -> dict[str, Any] | None:
        """Its part of the printable PDF, under its heading, facts and instructions:
        `{"blocks": [...]}` (amont.lib.paper's blocks, drawn by
        templates/learner/paper/session.typ), with `"sheet": {"heading", "blocks"}` for a
        page printed at the start that the part points to; None: listed as to do online.
        `context` holds `online_url`, the address of the activity's learner page."""
        return None


KINDS: dict[str, ActivityKind] = {}


def register(cls: type[ActivityKind]) -> type[ActivityKind]:
    if cls.value in KINDS:
        raise ValueError(f"activity kind {cls.value!r} is registered twice")
    KINDS[cls.value] = cls()
    return cls


def kind_of(activity: Activity) -> ActivityKind:
    return KINDS[activity.kind]


def target_columns() -> list[str]:
    """The Activity columns that point at library items, for select_related()."""
    return sorted({kind.target for kind in KINDS.values() if kind.target})


def kinds_for_phase(phase: str) -> list[ActivityKind]:
    fitting = [kind for kind in KINDS.values() if phase in kind.phases]
    return sorted(fitting, key=lambda kind: kind.phases[phase])


def kind_fits_phase(kind: str, phase: str) -> bool:
    return kind in KINDS and phase in KINDS[kind].phases


def _bound(request: AuthenticatedHttpRequest, source: str) -> Any:
    """The POST data when this form was the one submitted, else None (unbound)."""
    if request.method != "POST":
        return None
    return request.POST if request.POST.get("source", "new") == source else None


def bound_data(request: AuthenticatedHttpRequest, source: str) -> Any:
    return _bound(request, source)


def bound_files(request: AuthenticatedHttpRequest, source: str) -> Any:
    return request.FILES if _bound(request, source) is not None else None


def common_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The fields every activity form may carry, as add_activity() takes them."""
    return {
        "instructions": data.get("instructions", ""),
        "due_at": data.get("due_at"),
        "required": data.get("required", False),
    }
