"""Build the demo organization with the application's own actions, then simulate a few
weeks of learners' activity so that every dashboard shows something true on first start.

Everything random comes from one `random.Random(2026)` drawn in a fixed order: two loads
give the same learners, answers and votes (only the dates move with today's date).
Timestamps the actions cannot take (auto_now fields: live sessions, feedback, creation
dates) are moved back afterwards with plain updates, so the history reads in order.

Every session also gets resources of other formats (`amont.demo.library`): a captioned
video capsule, podcasts, PDF documents, summary sheets and a linked video. Their files are
made on this machine first (`amont.demo.media`, cached in var/demo-media/), then uploaded
with the real action and processed at once, so the first page already has posters and the
"listen only" version. Who watched what comes from a second random sequence, so that the
resources leave the answers, votes and comments of the first one unchanged.
"""

import contextlib
import math
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from amont.accounts.actions import create_organization, create_user
from amont.accounts.models import Organization, User
from amont.after.actions import save_feedback
from amont.after.models import Feedback
from amont.content import intervals, tracking
from amont.content.actions import (
    check_resource_upload,
    create_article,
    create_resource,
    record_article_open,
)
from amont.content.captions import make_vtt
from amont.content.models import (
    Article,
    Completion,
    MediaStatus,
    Resource,
    ResourceProgress,
    ResourceType,
)
from amont.content.tasks import process_resource
from amont.courses.actions import add_activity, create_cohort, create_course, create_session, enroll
from amont.courses.models import Activity, Cohort, Course, Enrollment, Kind, Phase, Session
from amont.demo import data, library
from amont.demo import media as demo_media
from amont.live.actions import (
    cast_vote,
    close_vote,
    end_live,
    join_live,
    open_vote,
    reveal,
    start_live,
)
from amont.live.models import LiveSession, LiveVote, Participant
from amont.quizzes.actions import (
    create_question,
    create_quiz,
    create_vote_activity,
    quiz_versions,
    save_unclear_point,
    submit_attempt,
)
from amont.quizzes.models import Confidence, Question, QuestionVersion, Quiz

SEED = 2026

DILIGENT, PARTIAL, UNPREPARED, LATE = "diligent", "partial", "unprepared", "late"
# Roughly 40 % diligent, 25 % partial, 20 % not prepared, 15 % late.
PROFILE_WEIGHTS = {DILIGENT: 40, PARTIAL: 25, UNPREPARED: 20, LATE: 15}
# Share of correct quiz answers before the learner's own level and the question's difficulty.
ABILITY = {DILIGENT: 0.82, LATE: 0.68, PARTIAL: 0.52, UNPREPARED: 0.45}
# Chance of being in class (and so of voting and answering the feedback survey).
PRESENCE = {DILIGENT: 0.96, PARTIAL: 0.9, LATE: 0.85, UNPREPARED: 0.75}
UNCLEAR_SHARE = {DILIGENT: 0.4, PARTIAL: 0.15, LATE: 0.25, UNPREPARED: 0.0}
# Chance of opening each kind of resource before class (a capsule is what most open).
OPENS = {
    DILIGENT: {"video": 0.95, "sheet": 0.8, "document": 0.7, "audio": 0.6, "link": 0.45},
    LATE: {"video": 0.85, "sheet": 0.5, "document": 0.4, "audio": 0.35, "link": 0.25},
    PARTIAL: {"video": 0.55, "sheet": 0.35, "document": 0.3, "audio": 0.25, "link": 0.15},
    UNPREPARED: {"video": 0.15, "sheet": 0.1, "document": 0.1, "audio": 0.05, "link": 0.05},
}


def demo_emails() -> list[str]:
    learners = [data.learner_email(n) for n in range(1, len(data.LEARNER_NAMES) + 1)]
    return [data.TRAINER[0], data.MANAGER[0], *learners]


def demo_organizations():
    """The demo organizations: the name of the demo, run by the demo program manager."""
    return Organization.objects.filter(
        name=data.ORGANIZATION, memberships__user__email=data.MANAGER[0]
    ).distinct()


def demo_exists() -> bool:
    return demo_organizations().exists()


def stray_demo_users() -> list[str]:
    """Demo addresses that exist without the demo organization (they block a load)."""
    return list(User.objects.filter(email__in=demo_emails()).values_list("email", flat=True))


@transaction.atomic
def reset_demo() -> None:
    """Delete the demo organization, its courses and the demo users, and once that is
    committed, the files of its resources."""
    organizations = list(demo_organizations())
    files = [
        name
        for row in Resource.objects.filter(organization__in=organizations).values_list(
            "file", "poster", "audio"
        )
        for name in row
        if name
    ]
    transaction.on_commit(lambda: _delete_files(files))
    # Activities protect the library items they use: courses (and their activities) go
    # first, then the organization's library, then the people.
    Course.objects.filter(organization__in=organizations).delete()
    Organization.objects.filter(pk__in=[o.pk for o in organizations]).delete()
    User.objects.filter(email__in=demo_emails()).delete()


def _delete_files(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def credentials_text(url: str) -> str:
    learners = f"{data.learner_email(1)} … {data.learner_email(len(data.LEARNER_NAMES))}"
    return "\n".join(
        [
            f"Amont demo: {url}",
            f"  trainer          {data.TRAINER[0]}  ({data.TRAINER[1]})",
            f"  program manager  {data.MANAGER[0]}  ({data.MANAGER[1]})",
            f"  learners         {learners}",
            f"  password         {data.PASSWORD}  (every demo account)",
        ]
    )


@dataclass
class Summary:
    organization: Organization
    courses: int = 0
    sessions: int = 0
    users: int = 0
    article_opens: int = 0
    attempts: int = 0
    unclear_points: int = 0
    live_votes: int = 0
    feedback: int = 0
    resources: int = 0
    sheets: int = 0
    resource_opens: int = 0

    def lines(self) -> list[str]:
        return [
            f"{self.users} accounts, {self.courses} courses, {self.sessions} sessions",
            f"{self.resources} resources (videos, podcasts, documents, link) and "
            f"{self.sheets} summary sheets, opened {self.resource_opens} times",
            f"{self.article_opens} articles opened, {self.attempts} quiz attempts, "
            f"{self.unclear_points} unclear points",
            f"{self.live_votes} live votes, {self.feedback} feedback answers",
        ]


@dataclass
class BuiltSession:
    session: Session
    articles: list[Activity] = field(default_factory=list)
    quiz: Activity | None = None
    unclear: Activity | None = None
    vote: Activity | None = None
    feedback: Activity | None = None
    questions: dict[int, dict] = field(default_factory=dict)  # QuestionVersion id → spec
    vote_spec: dict | None = None
    unclear_answers: list[str] = field(default_factory=list)  # drawn without repetition
    # Resources and summary sheets before class, in their order; what this session made.
    extras: list[Activity] = field(default_factory=list)
    new_resources: list[int] = field(default_factory=list)
    # What simulate_before drew: each learner's profile this time and quiz submission.
    profiles: dict[int, str] = field(default_factory=dict)
    quiz_at: dict[int, datetime] = field(default_factory=dict)


class DemoBuilder:
    def __init__(
        self, *, now: datetime | None = None, seed: int = SEED, media_dir: Path | None = None
    ):
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.tz = timezone.get_current_timezone()
        self.rng = random.Random(seed)
        # Who opened which resource: its own sequence, so the first one stays as it was.
        self.resource_rng = random.Random(seed + 1)
        self.skill: dict[int, float] = {}  # each learner's own level, around 0
        self._summary: Summary | None = None  # made by build_rows()
        self.media_dir = media_dir or demo_media.default_cache_dir()
        # (course key, "past" | "upcoming", index in the list) → captions plan and file.
        self.media: dict[tuple[str, str, int], tuple[demo_media.Plan, Path]] = {}
        self.shared: dict[str, Resource] = {}  # library resources reused across sessions

    @property
    def summary(self) -> Summary:
        if self._summary is None:
            raise RuntimeError("The summary starts with build_rows().")
        return self._summary

    # Dates ---------------------------------------------------------------------------

    def local(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def class_day(self, offset: int) -> date:
        """Today + offset days, off the weekend: a past class moves to the Friday before; a
        coming one to the next Monday while it stays within three days, else to Friday."""
        day = self.today + timedelta(days=offset)
        if offset < 0:
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            return day
        ahead = day
        while ahead.weekday() >= 5:
            ahead += timedelta(days=1)
        if (ahead - self.today).days <= 3:
            return ahead
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return day if day > self.today else ahead

    def between(self, start: datetime, end: datetime, rng: random.Random | None = None) -> datetime:
        """A random moment between start and end, never in the future."""
        # Draw first, whatever the window: the sequence of draws must not depend on the time.
        fraction = (rng or self.rng).random()
        end = min(end, self.now - timedelta(minutes=2))
        if end <= start:
            return end.replace(microsecond=0)
        seconds = (end - start).total_seconds()
        return (start + timedelta(seconds=fraction * seconds)).replace(microsecond=0)

    def moments(self, count: int, start: datetime, end: datetime) -> list[datetime]:
        return sorted(self.between(start, end) for _ in range(count))

    # People --------------------------------------------------------------------------

    def create_people(self) -> tuple[User, User, list[User]]:
        trainer = create_user(email=data.TRAINER[0], full_name=data.TRAINER[1])
        manager = create_user(email=data.MANAGER[0], full_name=data.MANAGER[1])
        learners = [
            create_user(email=data.learner_email(n), full_name=name)
            for n, name in enumerate(data.LEARNER_NAMES, start=1)
        ]
        people = [trainer, manager, *learners]
        User.objects.filter(pk__in=[u.pk for u in people]).update(password=_demo_password_hash())
        return trainer, manager, learners

    def draw_profiles(self, learners: list[User]) -> dict[int, str]:
        """Each learner's usual behaviour, in the announced proportions."""
        order = list(learners)
        self.rng.shuffle(order)
        total = sum(PROFILE_WEIGHTS.values())
        profiles, start = {}, 0
        for profile, weight in PROFILE_WEIGHTS.items():
            count = round(len(order) * weight / total)
            for learner in order[start : start + count]:
                profiles[learner.pk] = profile
            start += count
        for learner in order[start:]:
            profiles[learner.pk] = DILIGENT
        return profiles

    def session_profile(self, usual: str) -> str:
        """People mostly behave as usual; one time in five they do something else."""
        if self.rng.random() < 0.8:
            return usual
        return self.rng.choices(list(PROFILE_WEIGHTS), weights=list(PROFILE_WEIGHTS.values()))[0]

    # Media ---------------------------------------------------------------------------

    def prepare_media(self) -> None:
        """Make (or find in the cache) every video and podcast, two at a time: ffmpeg
        runs outside the database transaction, which then only copies files."""
        # (slot, captions plan, name, suffix, cache key, maker)
        jobs: list[
            tuple[tuple[str, str, int], demo_media.Plan, str, str, object, Callable[[Path], object]]
        ] = []
        for spec in data.COURSES:
            palette, subtitle = library.STYLES[spec["key"]]
            for when in ("past", "upcoming"):
                for index, item in enumerate(library.RESOURCES.get((spec["key"], when), [])):
                    slot = (spec["key"], when, index)
                    name = slugify(item["title"])[:60]
                    if item["type"] == "video":
                        plan = demo_media.plan_capsule(
                            title=item["title"], subtitle=subtitle, slides=item["slides"]
                        )
                        make = _capsule_maker(plan, palette)
                        jobs.append((slot, plan, name, ".mp4", (plan, palette), make))
                    elif item["type"] == "audio":
                        plan = demo_media.plan_podcast(title=item["title"], lines=item["lines"])
                        make = _podcast_maker(plan)
                        jobs.append((slot, plan, name, ".mp3", plan, make))

        def run(job):
            slot, plan, name, suffix, key, make = job
            return slot, plan, demo_media.cached(self.media_dir, name, suffix, key, make)

        with ThreadPoolExecutor(max_workers=2) as pool:
            for slot, plan, path in pool.map(run, jobs):
                self.media[slot] = (plan, path)
        # Files of older versions of the demo are not needed any more.
        used = {path for _plan, path in self.media.values()}
        for stale in Path(self.media_dir).glob("*-" + "[0-9a-f]" * 16 + ".mp[34]"):
            if stale not in used:
                stale.unlink(missing_ok=True)

    # Build ---------------------------------------------------------------------------

    def build(self) -> Summary:
        """Make the media files, then every row in one transaction."""
        self.prepare_media()
        return self.build_rows()

    @transaction.atomic
    def build_rows(self) -> Summary:
        trainer, manager, learners = self.create_people()
        organization = create_organization(name=data.ORGANIZATION, manager=manager)
        self._summary = Summary(organization=organization, users=2 + len(learners))
        profiles = self.draw_profiles(learners)
        self.skill = {learner.pk: self.rng.gauss(0, 0.08) for learner in learners}
        earliest = self.now
        for spec in data.COURSES:
            started = self.build_course(organization, trainer, learners, profiles, spec)
            earliest = min(earliest, started)
        opened = earliest - timedelta(days=2)
        Organization.objects.filter(pk=organization.pk).update(created_at=opened)
        User.objects.filter(email__in=demo_emails()).update(date_joined=opened)
        return self.summary

    def build_course(self, organization, trainer, learners, profiles, spec) -> datetime:
        course = create_course(
            organization=organization,
            trainer=trainer,
            title=spec["title"],
            description=spec["description"],
            objectives=spec["objectives"],
        )
        objectives = list(course.objectives.order_by("position", "pk"))
        cohort = create_cohort(course=course, name=spec["cohort"])
        members = [learners[n - 1] for n in spec["learners"]]
        for learner in members:
            enroll(cohort=cohort, learner=learner)
        self.summary.courses += 1

        past_spec, next_spec = spec["past"], spec["upcoming"]
        past_starts = self.local(self.class_day(past_spec["days"]), *past_spec["time"])
        next_starts = self.local(self.class_day(next_spec["days"]), *next_spec["time"])
        course_start = past_starts - timedelta(days=21)
        # The past session's work was published a week ahead; the next one the day after
        # the past class, with its reading due yesterday evening.
        past_published = past_starts - timedelta(days=7)
        next_published = self.local(past_starts.date() + timedelta(days=1), 18)
        reading_due = self.local(self.today - timedelta(days=1), 20)

        past = self.build_session(
            cohort, objectives, trainer, past_spec, past_starts, None, (spec["key"], "past")
        )
        upcoming = self.build_session(
            cohort,
            objectives,
            trainer,
            next_spec,
            next_starts,
            reading_due,
            (spec["key"], "upcoming"),
        )

        self.simulate_before(past, members, profiles, past_published, past=True)
        self.simulate_before(upcoming, members, profiles, next_published, past=False)
        self.simulate_resources(past, members, past_published, past=True)
        self.simulate_resources(upcoming, members, next_published, past=False)
        present = self.simulate_live(past, members, profiles)
        self.simulate_feedback(past, present, profiles, spec["feedback_comments"])

        self.backdate(course, cohort, past, course_start)
        self.backdate_session(upcoming, next_published - timedelta(hours=3))
        return course_start

    def build_session(self, cohort, objectives, trainer, spec, starts_at, reading_due, slot):
        session = create_session(
            cohort=cohort,
            title=spec["title"],
            starts_at=starts_at,
            objectives=[objectives[i] for i in spec["objectives"]],
        )
        self.summary.sessions += 1
        built = BuiltSession(session=session)
        organization = cohort.course.organization

        def add_articles():
            for item in spec["articles"]:
                article = create_article(
                    organization=organization,
                    title=item["title"],
                    body=item["body"],
                    author=trainer,
                    estimated_minutes=item["minutes"],
                )
                built.articles.append(
                    add_activity(
                        session=session,
                        phase=Phase.BEFORE,
                        kind=Kind.ARTICLE,
                        title=item["activity"],
                        instructions=item["instructions"],
                        due_at=reading_due,
                        article=article,
                    )
                )

        def add_quiz():
            quiz_spec = spec["quiz"]
            questions = [
                create_question(
                    organization=organization,
                    text=q["text"],
                    options=_options(q),
                    general_feedback=q["general_feedback"],
                    objective=objectives[q["objective"]],
                )
                for q in quiz_spec["questions"]
            ]
            quiz = create_quiz(
                organization=organization, title=quiz_spec["title"], questions=questions
            )
            versions = quiz_versions(quiz)
            built.questions = {
                v.pk: q for v, q in zip(versions, quiz_spec["questions"], strict=True)
            }
            built.quiz = add_activity(
                session=session,
                phase=Phase.BEFORE,
                kind=Kind.QUIZ,
                title=quiz_spec["activity"],
                instructions=quiz_spec["instructions"],
                required=True,
                quiz=quiz,
            )

        # The capsule comes first, then the reading, then the other formats; a
        # prerequisite quiz comes before all of them, any other quiz after.
        items = list(enumerate(library.RESOURCES.get(slot, [])))
        capsules = [(i, item) for i, item in items if item["type"] == "video"]
        others = [(i, item) for i, item in items if item["type"] != "video"]

        def add_extras(extras):
            for index, item in extras:
                built.extras.append(
                    self.add_extra(built, trainer, item, (*slot, index), reading_due)
                )

        if spec.get("quiz_first"):
            add_quiz()
        add_extras(capsules)
        add_articles()
        add_extras(others)
        if not spec.get("quiz_first"):
            add_quiz()
        built.unclear = add_activity(
            session=session,
            phase=Phase.BEFORE,
            kind=Kind.UNCLEAR,
            title=spec["unclear"]["activity"],
            instructions=spec["unclear"]["instructions"],
        )
        vote = spec["vote"]
        built.vote_spec = vote["question"]
        built.vote = create_vote_activity(
            session=session,
            title=vote["activity"],
            instructions=vote["instructions"],
            text=vote["question"]["text"],
            options=_options(vote["question"]),
            general_feedback=vote["question"]["general_feedback"],
            objective=objectives[vote["question"]["objective"]],
        )
        built.feedback = add_activity(
            session=session,
            phase=Phase.AFTER,
            kind=Kind.FEEDBACK,
            title=spec["feedback"]["activity"],
            instructions=spec["feedback"]["instructions"],
        )
        built.unclear_answers = list(spec["unclear"]["answers"])
        self.rng.shuffle(built.unclear_answers)
        return built

    def add_extra(self, built, trainer, item, slot, reading_due) -> Activity:
        """A resource or a summary sheet of the library, added before class. The capsule
        and the sheet are due with the reading; the other formats are there to help."""
        session = built.session
        organization = session.cohort.course.organization
        due = {"due_at": reading_due} if item["type"] in ("video", "sheet") else {}
        if item["type"] == "sheet":
            article = create_article(
                organization=organization,
                title=item["title"],
                body=item["body"],
                author=trainer,
                estimated_minutes=item["minutes"],
                is_sheet=True,
            )
            self.summary.sheets += 1
            return add_activity(
                session=session,
                phase=Phase.BEFORE,
                kind=Kind.ARTICLE,
                title=item["activity"],
                instructions=item["instructions"],
                article=article,
                **due,
            )
        resource = self.shared.get(item.get("key") or "")
        if resource is None:
            resource = self.create_library_resource(organization, trainer, item, slot)
            built.new_resources.append(resource.pk)
            if item.get("key"):
                self.shared[item["key"]] = resource
        return add_activity(
            session=session,
            phase=Phase.BEFORE,
            kind=Kind.RESOURCE,
            title=item["activity"],
            instructions=item["instructions"],
            resource=resource,
            **due,
        )

    def create_library_resource(self, organization, trainer, item, slot) -> Resource:
        self.summary.resources += 1
        common = {"organization": organization, "title": item["title"], "author": trainer}
        if item["type"] == "link":
            return create_resource(
                type=ResourceType.LINK,
                url=item["url"],
                description=item["description"],
                estimated_minutes=item["minutes"],
                # Optional viewing: opening it is enough.
                completion=Completion.OPENED,
                **common,
            )
        if item["type"] == "document":
            pdf = demo_media.pdf_document(
                title=item["title"],
                subtitle=item["subtitle"],
                sections=item["sections"],
                footer=f"{data.ORGANIZATION} — {data.TRAINER[1]}",
                accent=library.STYLES[slot[0]][0].accent,
            )
            upload = ContentFile(pdf, name=item["filename"])
            detected = check_resource_upload(upload, type=ResourceType.DOCUMENT)
            return create_resource(
                type=ResourceType.DOCUMENT,
                upload=upload,
                detected=detected,
                estimated_minutes=3,
                **common,
            )
        type_ = ResourceType.VIDEO if item["type"] == "video" else ResourceType.AUDIO
        plan, path = self.media[slot]
        with open(path, "rb") as handle:
            media_upload = File(handle, name=f"{slugify(item['title'])}{path.suffix}")
            resource = create_resource(
                type=type_,
                upload=media_upload,
                detected=check_resource_upload(media_upload, type=type_),
                description=item.get("description", ""),
                captions=make_vtt(plan.cues),
                schedule=False,  # processed at once below: posters on the first page
                **common,
            )
        status = process_resource.call(resource_id=resource.pk)
        resource.refresh_from_db()
        if status != MediaStatus.READY:
            raise demo_media.DemoMediaError(
                f"The demo {type_} “{resource.title}” could not be processed: {resource.error}"
            )
        return resource

    # Before class --------------------------------------------------------------------

    def simulate_before(self, built, members, profiles, published, *, past: bool) -> None:
        """Before class. For the past session, whoever was going to prepare did it, some
        after the due date. For the coming one, preparation is under way: the diligent are
        done, the late ones have just opened the reading (after its due date) and most have
        not taken the quiz yet, the partial ones did one thing."""
        starts = built.session.starts_at
        reading_due = built.articles[0].effective_due_at
        on_time = (published + timedelta(hours=1), reading_due - timedelta(minutes=40))
        if past:
            late = (starts + timedelta(hours=3), starts + timedelta(days=2))
        else:
            late = (reading_due + timedelta(minutes=30), self.now)
        quiz_first = built.quiz.position < built.articles[0].position
        for learner in members:
            profile = self.session_profile(profiles[learner.pk])
            built.profiles[learner.pk] = profile
            if profile == UNPREPARED:
                continue
            if profile == PARTIAL:
                article_only = self.rng.random() < (0.55 if past else 0.7)
                steps = [self.rng.choice(built.articles)] if article_only else [built.quiz]
            else:
                steps = list(built.articles)
                if past or profile == DILIGENT or self.rng.random() < 0.4:
                    steps = [built.quiz, *steps] if quiz_first else [*steps, built.quiz]
            when = self.moments(len(steps) + 1, *(late if profile == LATE else on_time))
            for step, at in zip(steps, when, strict=False):
                if step.kind == Kind.ARTICLE:
                    self.open_article(learner, step, at)
                    continue
                # The quiz is due at the start of class, after the reading's due date.
                if not past and profile != LATE and self.rng.random() < 0.3:
                    at = self.between(reading_due, self.now)
                self.take_quiz(built, learner, profile, at)
                built.quiz_at[learner.pk] = at
            if self.rng.random() < UNCLEAR_SHARE[profile] and built.unclear_answers:
                save_unclear_point(
                    activity=built.unclear,
                    learner=learner,
                    text=built.unclear_answers.pop(),
                    at=when[-1],
                )
                self.summary.unclear_points += 1

    def simulate_resources(self, built, members, published, *, past: bool) -> None:
        """Who opened the capsule, the sheet, the podcast, the document and the link, and
        how much of the media they played: the diligent watch to the end (some skim or
        replay), the partial ones stop a third of the way or skip to the end, the late
        ones are still watching before the coming class, the unprepared barely start.
        Activities placed after a required quiz stay closed until it is submitted."""
        starts = built.session.starts_at
        reading_due = built.articles[0].effective_due_at
        on_time = (published + timedelta(hours=1), reading_due - timedelta(minutes=40))
        if past:
            late = (starts + timedelta(hours=3), starts + timedelta(days=2))
        else:
            late = (reading_due + timedelta(minutes=30), self.now)
        gate = built.quiz if built.quiz.required else None
        rng = self.resource_rng
        for learner in members:
            profile = built.profiles[learner.pk]
            window = late if profile == LATE else on_time
            for activity in built.extras:
                kind = "sheet" if activity.kind == Kind.ARTICLE else activity.resource.type
                if rng.random() >= OPENS[profile][kind]:
                    continue
                at = self.between(*window, rng=rng)
                if gate is not None and gate.position < activity.position:
                    submitted = built.quiz_at.get(learner.pk)
                    if submitted is None:
                        continue
                    at = max(at, submitted + timedelta(minutes=5))
                    if at > self.now - timedelta(minutes=2):
                        continue
                if kind == "sheet":
                    record_article_open(learner=learner, article=activity.article, at=at)
                else:
                    self.open_resource(learner, activity.resource, profile, at, past=past)
                self.summary.resource_opens += 1

    def open_resource(self, learner, resource, profile, at, *, past: bool) -> None:
        rng = self.resource_rng
        last = at
        if rng.random() < 0.3:
            last = max(at, self.between(at + timedelta(minutes=15), at + timedelta(days=1), rng))
        watched: list[intervals.Interval] = []
        played = spent = 0.0
        position = None
        if resource.is_media:
            watched, played, position = self.playback(resource.duration, profile, past=past)
        elif resource.type == ResourceType.DOCUMENT:
            spent = round(rng.uniform(40, 420))
        # A resource reused by two sessions is opened again, not a second time first.
        progress = ResourceProgress.objects.filter(learner=learner, resource=resource).first()
        if progress is None:
            progress = ResourceProgress(
                learner=learner, resource=resource, first_opened_at=at, open_count=0
            )
        progress.first_opened_at = min(at, progress.first_opened_at)
        progress.last_opened_at = max(last, progress.last_opened_at or last)
        progress.open_count += 1 if last == at else 2
        progress.watched = [list(pair) for pair in intervals.merge([*progress.watched, *watched])]
        progress.played_seconds += played
        progress.seconds_spent += spent
        if position is not None:
            progress.position = position
        rule = tracking.completion_rule(resource)
        if progress.completed_at is None and tracking.meets_rule(progress, resource):
            # Done on opening, or once the last viewing went far enough.
            progress.completed_at = at if rule.kind == "opened" else last
        progress.save()

    def playback(self, duration: float, profile: str, *, past: bool):
        """What a learner of this profile played of a media file: (watched intervals,
        seconds played with replays, where to resume)."""
        rng = self.resource_rng
        d = duration
        draw = rng.random()
        extra = 0.0
        if profile == LATE and not past:  # watching it now, late
            pairs = [(0.0, d * rng.uniform(0.35, 0.75))]
        elif profile in (DILIGENT, LATE) or (profile == PARTIAL and draw > 0.75):
            if draw < 0.7 or profile == PARTIAL:
                pairs = [(0.0, d)]
            elif draw < 0.85:  # skimmed a passage already known
                pairs = [(0.0, d * 0.55), (d * 0.68, d)]
            else:  # watched it, then again a part
                pairs = [(0.0, d)]
                extra = d * rng.uniform(0.2, 0.4)
        elif profile == PARTIAL and draw < 0.45:  # stopped about a third of the way
            pairs = [(0.0, d * rng.uniform(0.2, 0.4))]
        elif profile == PARTIAL:  # jumped to the end
            pairs = [(0.0, min(8.0, d * 0.1)), (d - 10.0, d)]
        else:  # unprepared: the first seconds
            pairs = [(0.0, rng.uniform(4.0, 12.0))]
        # Tenths of a second, rounded down: never past the end of the media.
        watched = intervals.merge(
            (math.floor(a * 10) / 10, math.floor(min(b, d) * 10) / 10) for a, b in pairs
        )
        played = round(intervals.watched_seconds(watched, d) + extra, 1)
        return watched, played, watched[-1][1]

    def open_article(self, learner, activity, at) -> None:
        record_article_open(learner=learner, article=activity.article, at=at)
        self.summary.article_opens += 1
        if self.rng.random() < 0.35:
            again = self.between(at + timedelta(minutes=20), at + timedelta(days=1))
            if again > at:
                record_article_open(learner=learner, article=activity.article, at=again)

    def take_quiz(self, built, learner, profile, at) -> None:
        answers: dict[int, tuple[object, str]] = {}
        for version_id, spec in built.questions.items():
            chance = ABILITY[profile] + self.skill[learner.pk] - spec["difficulty"]
            answers[version_id] = self.answer(spec, min(max(chance, 0.1), 0.97))
        submit_attempt(
            activity=built.quiz,
            learner=learner,
            client_key=f"demo-{built.quiz.pk}-{learner.pk}",
            answers=answers,
            at=at,
        )
        self.summary.attempts += 1

    def answer(self, spec, chance) -> tuple[int, str]:
        """A choice and a confidence: wrong answers mostly fall on the trap, often with
        confidence (the misconception the readiness page must reveal)."""
        if self.rng.random() < chance:
            sure = self.rng.random() < 0.7
            return spec["answer"], Confidence.SURE if sure else Confidence.UNSURE
        if self.rng.random() < 0.65:
            sure = self.rng.random() < 0.6
            return spec["trap"], Confidence.SURE if sure else Confidence.UNSURE
        others = [i for i in range(len(spec["options"])) if i not in (spec["answer"], spec["trap"])]
        choice = self.rng.choice(others or [spec["trap"]])
        return choice, Confidence.SURE if self.rng.random() < 0.15 else Confidence.UNSURE

    # During class: a Peer Instruction vote in two rounds ------------------------------

    def simulate_live(self, built, members, profiles) -> list[User]:
        starts = built.session.starts_at
        live = start_live(session=built.session)
        present = [m for m in members if self.rng.random() < PRESENCE[profiles[m.pk]]]
        participants = [(m, join_live(live=live, user=m)) for m in present]
        spec, activity = built.vote_spec, built.vote
        prepared = {DILIGENT: 0.5, LATE: 0.45, PARTIAL: 0.38, UNPREPARED: 0.28}

        first = {}
        open_vote(live=live, activity=activity)
        for learner, participant in participants:
            choice = self.vote(spec, prepared[profiles[learner.pk]])
            first[participant.pk] = choice
            self.cast(participant, activity, choice, 1)
        close_vote(live=live)

        # After discussing with a neighbour, most of those who were right stay right and
        # more than half of the others change their mind.
        open_vote(live=live, activity=activity)
        for _learner, participant in participants:
            if first[participant.pk] == spec["answer"]:
                choice = self.vote(spec, 0.95)
            else:
                choice = self.vote(spec, 0.6)
            self.cast(participant, activity, choice, 2)
        close_vote(live=live)
        reveal(live=live)
        end_live(live=live)

        LiveSession.objects.filter(pk=live.pk).update(
            started_at=starts + timedelta(minutes=20), ended_at=starts + timedelta(minutes=95)
        )
        for _learner, participant in participants:
            joined = starts + timedelta(minutes=20, seconds=self.rng.randint(10, 400))
            Participant.objects.filter(pk=participant.pk).update(joined_at=joined)
        for round_, minutes in ((1, 31), (2, 42)):
            LiveVote.objects.filter(live=live, round=round_).update(
                updated_at=starts + timedelta(minutes=minutes)
            )
        return present

    def vote(self, spec, chance) -> int:
        if self.rng.random() < chance:
            return spec["answer"]
        if self.rng.random() < 0.65:
            return spec["trap"]
        others = [i for i in range(len(spec["options"])) if i not in (spec["answer"], spec["trap"])]
        return self.rng.choice(others or [spec["trap"]])

    def cast(self, participant, activity, choice, round_) -> None:
        cast_vote(
            participant=participant,
            activity=activity,
            choice=choice,
            client_id=f"demo-{participant.pk}-{activity.pk}-{round_}",
            round=round_,
        )
        self.summary.live_votes += 1

    # After class ---------------------------------------------------------------------

    def simulate_feedback(self, built, present, profiles, comments) -> None:
        starts = built.session.starts_at
        comments = list(comments)
        self.rng.shuffle(comments)
        for learner in present:
            profile = profiles[learner.pk]
            if self.rng.random() > (0.9 if profile == DILIGENT else 0.7):
                continue
            if profile == UNPREPARED:
                rating = self.rng.choices([2, 3, 4, 5], weights=[10, 35, 40, 15])[0]
            else:
                rating = self.rng.choices([2, 3, 4, 5], weights=[2, 15, 45, 38])[0]
            comment = comments.pop() if comments and self.rng.random() < 0.4 else ""
            feedback = save_feedback(
                activity=built.feedback, learner=learner, rating=rating, comment=comment
            )
            at = self.between(starts + timedelta(hours=2), starts + timedelta(days=3))
            Feedback.objects.filter(pk=feedback.pk).update(created_at=at, updated_at=at)
            self.summary.feedback += 1

    # History -------------------------------------------------------------------------

    def backdate(self, course, cohort, past, at) -> None:
        Course.objects.filter(pk=course.pk).update(created_at=at)
        Cohort.objects.filter(pk=cohort.pk).update(created_at=at)
        Enrollment.objects.filter(cohort=cohort).update(enrolled_at=at + timedelta(days=1))
        self.backdate_session(past, at + timedelta(days=2))

    def backdate_session(self, built, at) -> None:
        Session.objects.filter(pk=built.session.pk).update(created_at=at)
        sheets = [a.article_id for a in built.extras if a.kind == Kind.ARTICLE]
        Article.objects.filter(pk__in=[a.article_id for a in built.articles] + sheets).update(
            created_at=at, updated_at=at
        )
        Resource.objects.filter(pk__in=built.new_resources).update(created_at=at, updated_at=at)
        Quiz.objects.filter(pk=built.quiz.quiz_id).update(created_at=at)
        question_ids = [
            *Question.objects.filter(quizzes=built.quiz.quiz_id).values_list("pk", flat=True),
            built.vote.question_id,
        ]
        Question.objects.filter(pk__in=question_ids).update(created_at=at)
        QuestionVersion.objects.filter(question_id__in=question_ids).update(created_at=at)


def _capsule_maker(plan, palette):
    return lambda path: demo_media.capsule_video(path, plan, palette=palette)


def _podcast_maker(plan):
    return lambda path: demo_media.podcast_audio(path, plan)


def _demo_password_hash() -> str:
    """The published demo password, hashed once for every account. With PBKDF2 (the
    default), fewer rounds than a real password deserves: one full hash is most of the
    load time, the password is public anyway, and Django re-hashes it with the full count
    at the account's first login."""
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(data.PASSWORD, hasher.salt(), iterations=20_000)
    return make_password(data.PASSWORD)


def _options(spec: dict) -> list[dict]:
    return [
        {"text": text, "correct": index == spec["answer"], "feedback": feedback}
        for index, (text, feedback) in enumerate(spec["options"])
    ]


def load_demo(*, now: datetime | None = None, media_dir: Path | None = None) -> Summary:
    return DemoBuilder(now=now, media_dir=media_dir).build()
