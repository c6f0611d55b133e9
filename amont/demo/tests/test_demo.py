import math
import os
import shutil
import signal
import tempfile
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

from django.contrib.auth.hashers import check_password, get_hasher
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from amont.accounts.actions import create_user
from amont.accounts.models import Membership, Organization, Role, User
from amont.after.models import Feedback
from amont.content import intervals
from amont.content import media as content_media
from amont.content.captions import read_captions, transcript_from_vtt
from amont.content.models import (
    Article,
    MediaStatus,
    Resource,
    ResourceProgress,
    ResourceType,
    resource_of,
)
from amont.courses.models import Activity, Course, Kind, Phase, Session
from amont.courses.progress import done_at
from amont.demo import build, data, library
from amont.demo import media as demo_media
from amont.demo.management.commands import serve_demo
from amont.demo.tests.test_media import check_pdf
from amont.live.models import LiveVote
from amont.quizzes.models import Attempt, UnclearPoint

# One cache of generated media for the module: the capsules are encoded once.
MEDIA_CACHE: Path | None = None


def setUpModule():
    global MEDIA_CACHE
    MEDIA_CACHE = Path(tempfile.mkdtemp(prefix="amont-demo-cache-"))


def tearDownModule():
    if MEDIA_CACHE is not None:
        shutil.rmtree(MEDIA_CACHE, ignore_errors=True)


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def resource_fingerprint() -> list[tuple]:
    """Who opened which resource and how much they watched, without ids or dates."""
    rows = (
        ResourceProgress.objects.filter(resource__isnull=False)
        .order_by("resource__title", "learner__email")
        .values_list("resource__title", "learner__email", "watched", "completed_at")
    )
    return [(title, email, watched, done is not None) for title, email, watched, done in rows]


def fingerprint() -> list[tuple]:
    """What the simulated learners did, without ids or dates."""
    return list(
        Attempt.objects.order_by("activity__session__title", "learner__email").values_list(
            "activity__session__title", "learner__email", "score"
        )
    )


# The mixin is used with a TestCase: let mypy see its methods.
if TYPE_CHECKING:
    _MixinBase = TestCase
else:
    _MixinBase = object


class DemoMediaMixin(_MixinBase):
    """The demo's uploads go to a temporary MEDIA_ROOT, its generated media to the
    module's cache (not to var/demo-media/)."""

    media_root: Path

    @classmethod
    def setUpClass(cls):
        cls.media_root = Path(tempfile.mkdtemp(prefix="amont-demo-media-"))
        cls.addClassCleanup(shutil.rmtree, cls.media_root, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media_root))
        cls.enterClassContext(
            mock.patch.object(demo_media, "default_cache_dir", return_value=MEDIA_CACHE)
        )
        super().setUpClass()

    def media_files(self) -> set[str]:
        return {str(p.relative_to(self.media_root)) for p in self.media_root.rglob("*.*")}

    def keep_media_files(self) -> None:
        """Put MEDIA_ROOT back as it was after this test: the database rolls back, files
        do not."""
        backup = Path(tempfile.mkdtemp(prefix="amont-demo-backup-")) / "media"
        shutil.copytree(self.media_root, backup)

        def restore():
            shutil.rmtree(self.media_root)
            shutil.copytree(backup, self.media_root)
            shutil.rmtree(backup.parent)

        self.addCleanup(restore)


@override_settings(AMONT_DEMO=True)
class LoadDemoTests(DemoMediaMixin, TestCase):
    output: str

    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo()

    def water_cycle(self, title: str) -> Session:
        return Session.objects.get(cohort__course__title=data.SCIENCES["title"], title=title)

    def before_class(self, session: Session):
        return session.activities.filter(phase=Phase.BEFORE).select_related("resource", "article")

    def test_it_creates_the_accounts_and_the_four_courses(self):
        self.assertEqual(User.objects.filter(email__in=build.demo_emails()).count(), 27)
        organization = Organization.objects.get(name=data.ORGANIZATION)
        roles = dict(organization.memberships.values_list("user__email", "role"))
        self.assertEqual(roles["formatrice@example.org"], Role.TRAINER)
        self.assertEqual(roles["responsable@example.org"], Role.MANAGER)
        self.assertEqual(roles["apprenant25@example.org"], Role.LEARNER)
        courses = Course.objects.filter(organization=organization)
        self.assertEqual(courses.count(), 4)
        for course in courses:
            self.assertGreaterEqual(course.objectives.count(), 2)
            self.assertEqual(course.cohorts.count(), 1)
            self.assertEqual(Session.objects.filter(cohort__course=course).count(), 2)
        for spec in (data.SCIENCES, data.PROJET):
            cohort = Course.objects.get(title=spec["title"]).cohorts.get()
            self.assertEqual(cohort.enrollments.count(), 25)

    def test_it_lets_every_demo_account_log_in(self):
        for email in (
            "formatrice@example.org",
            "responsable@example.org",
            "apprenant01@example.org",
        ):
            self.assertTrue(self.client.login(email=email, password=data.PASSWORD), email)

    def test_it_prints_the_logins(self):
        self.assertIn("Demo loaded", self.output)
        self.assertIn("http://127.0.0.1:8000", self.output)
        self.assertIn("formatrice@example.org", self.output)
        self.assertIn("amont-demo", self.output)

    def test_it_does_not_duplicate_anything_on_a_second_run(self):
        def counts():
            return (
                User.objects.count(),
                Course.objects.count(),
                Attempt.objects.count(),
                LiveVote.objects.count(),
                Resource.objects.count(),
                Article.objects.count(),
                ResourceProgress.objects.count(),
            )

        before, files = counts(), self.media_files()
        output = load_demo()
        self.assertIn("Demo already loaded", output)
        self.assertIn("amont-demo", output)
        self.assertEqual(counts(), before)
        self.assertEqual(self.media_files(), files)
        self.assertEqual(Organization.objects.filter(name=data.ORGANIZATION).count(), 1)

    def test_it_reloads_the_same_activity_with_reset(self):
        simulated = fingerprint()
        progress = resource_fingerprint()
        old_course_ids = set(Course.objects.values_list("pk", flat=True))
        self.keep_media_files()
        old_files = self.media_files()
        videos = Resource.objects.filter(type=ResourceType.VIDEO).count()
        # The media are processed once each, while loading: nothing is queued for the
        # worker to redo after the commit; the old files go once the reset is committed.
        with (
            mock.patch.object(
                content_media, "make_poster", wraps=content_media.make_poster
            ) as make_poster,
            self.captureOnCommitCallbacks(execute=True),
        ):
            output = load_demo("--reset")
        self.assertEqual(make_poster.call_count, videos)
        self.assertFalse(old_files & self.media_files())
        self.assertEqual(len(self.media_files()), len(old_files), "the same number of new files")
        self.assertEqual(resource_fingerprint(), progress)
        self.assertIn("Demo loaded", output)
        self.assertEqual(Organization.objects.filter(name=data.ORGANIZATION).count(), 1)
        self.assertEqual(User.objects.filter(email__in=build.demo_emails()).count(), 27)
        self.assertEqual(Course.objects.count(), 4)
        self.assertFalse(old_course_ids & set(Course.objects.values_list("pk", flat=True)))
        # Seeded: the same learners did the same things.
        self.assertEqual(fingerprint(), simulated)

    def test_it_shows_every_preparation_state_before_the_water_cycle_session(self):
        session = self.water_cycle("Séance 2 — Le cycle de l'eau")
        self.assertGreater(session.starts_at, timezone.now())
        article = session.activities.get(kind=Kind.ARTICLE, article__is_sheet=False)
        quiz = session.activities.get(kind=Kind.QUIZ)
        learners = set(session.cohort.learners.values_list("pk", flat=True))
        opened = set(
            ResourceProgress.objects.filter(article=article.article).values_list(
                "learner_id", flat=True
            )
        )
        took_quiz = set(Attempt.objects.filter(activity=quiz).values_list("learner_id", flat=True))
        wrote = set(
            UnclearPoint.objects.filter(activity__session=session).values_list(
                "learner_id", flat=True
            )
        )
        self.assertTrue(opened & took_quiz, "some prepared everything")
        self.assertTrue(opened - took_quiz, "some only read")
        self.assertTrue(learners - opened - took_quiz - wrote, "some did nothing")
        self.assertTrue(wrote, "some said what was unclear")
        # The same states by the kinds' own "done" rules, as the learner's pages and
        # readiness see them.
        before = [a for a in session.phase_items(Phase.BEFORE) if a.activity_kind.is_preparation]
        done = done_at(before, learners)
        did = {learner: {a.pk for a in before if (learner, a.pk) in done} for learner in learners}
        self.assertTrue(
            any(len(ids) == len(before) - 1 for ids in did.values()), "some did all but one"
        )
        self.assertTrue(any(ids == {article.pk} for ids in did.values()), "some only read")
        self.assertTrue(any(not ids for ids in did.values()), "some did nothing")
        late = ResourceProgress.objects.filter(
            article=article.article, first_opened_at__gt=article.due_at
        )
        self.assertTrue(late.exists(), "some read after the due date")
        confident_wrong = Attempt.objects.filter(
            activity=quiz, responses__is_correct=False, responses__confidence="sure"
        )
        self.assertTrue(confident_wrong.exists(), "misconceptions show")
        self.assertFalse(LiveVote.objects.filter(live__session=session).exists())
        self.assertFalse(Feedback.objects.filter(activity__session=session).exists())

    def test_it_gives_past_sessions_live_votes_and_feedback(self):
        session = self.water_cycle("Séance 1 — Les états de l'eau")
        live = session.lives.get()
        self.assertIsNotNone(live.ended_at)
        assert live.ended_at is not None
        self.assertLess(live.started_at, live.ended_at)
        first = LiveVote.objects.filter(live=live, round=1)
        self.assertGreaterEqual(first.count(), 15)
        question = session.activities.get(kind=Kind.LIVE_VOTE).question
        assert question is not None
        version = question.latest_version
        assert version is not None
        correct = version.correct_index
        assert correct is not None
        right = first.filter(choice=correct).count()
        self.assertTrue(0 < right < first.count(), "some voted wrong in round 1")
        self.assertGreater(
            LiveVote.objects.filter(live=live, round=2, choice=correct).count(), right
        )
        feedback = Feedback.objects.filter(activity__session=session)
        self.assertGreaterEqual(feedback.count(), 10)
        self.assertTrue(feedback.exclude(comment="").exists())
        ratings = list(feedback.values_list("rating", flat=True))
        self.assertGreaterEqual(sum(r >= 3 for r in ratings), 0.8 * len(ratings))
        self.assertTrue(all(f.created_at > session.starts_at for f in feedback))

    def test_it_gives_every_course_a_past_and_a_coming_session(self):
        now = timezone.now()
        for course in Course.objects.all():
            sessions = Session.objects.filter(cohort__course=course)
            past = sessions.get(starts_at__lt=now)
            coming = sessions.get(starts_at__gt=now)
            self.assertLessEqual((coming.starts_at - now).days, 3)
            self.assertLess(timezone.localtime(coming.starts_at).weekday(), 5)
            self.assertTrue(LiveVote.objects.filter(live__session=past, round=1).exists())
            self.assertTrue(Feedback.objects.filter(activity__session=past).exists())
            self.assertTrue(Attempt.objects.filter(activity__session=coming).exists())

    # Resources of other formats ----------------------------------------------------------

    def test_it_gives_every_session_three_formats_or_more_before_class(self):
        everywhere = set()
        for session in Session.objects.all():
            formats = set()
            for activity in self.before_class(session):
                if activity.kind == Kind.RESOURCE:
                    formats.add(activity.resource.type)
                elif activity.kind == Kind.ARTICLE:
                    formats.add("sheet" if activity.article.is_sheet else "article")
            self.assertGreaterEqual(len(formats - {"article"}), 3, (session.title, formats))
            self.assertIn(ResourceType.VIDEO, formats, session.title)
            everywhere |= formats
        self.assertEqual(
            everywhere, {"article", "sheet", *ResourceType.values}, "every format somewhere"
        )

    def test_it_places_the_capsule_first_and_keeps_prerequisite_quizzes_first(self):
        for session in Session.objects.all():
            kinds = [
                (a.kind, a.resource.type if a.resource_id else "")
                for a in self.before_class(session).order_by("position")
            ]
            capsule = kinds.index((Kind.RESOURCE, ResourceType.VIDEO))
            first_article = kinds.index((Kind.ARTICLE, ""))
            quiz = kinds.index((Kind.QUIZ, ""))
            self.assertLess(capsule, first_article, session.title)
            self.assertEqual(quiz == 0, session.cohort.course.title == data.PROJET["title"])

    def test_it_uploads_and_processes_every_capsule_and_podcast(self):
        media = Resource.objects.filter(type__in=[ResourceType.VIDEO, ResourceType.AUDIO])
        self.assertEqual(media.filter(type=ResourceType.VIDEO).count(), 8)
        self.assertGreaterEqual(media.filter(type=ResourceType.AUDIO).count(), 3)
        for resource in media:
            self.assertEqual(resource.status, MediaStatus.READY, resource.title)
            self.assertEqual(resource.percent_done, 100)
            path = Path(resource.file.path)
            self.assertTrue(path.is_relative_to(self.media_root), path)
            self.assertEqual(path.stat().st_size, resource.file_size)
            self.assertEqual(
                content_media.probe(path).has_video, resource.type == ResourceType.VIDEO
            )
            assert resource.duration is not None
            if resource.type == ResourceType.VIDEO:
                self.assertTrue(50 <= resource.duration <= 90, resource.duration)
                self.assertEqual(resource.detected, "video/mp4")
                self.assertTrue(resource.original_name.endswith(".mp4"))
                assert resource.poster.name and resource.audio.name
                poster = self.media_root / resource.poster.name
                self.assertTrue(poster.read_bytes().startswith(b"\xff\xd8"), resource.title)
                audio = self.media_root / resource.audio.name
                self.assertTrue(audio.read_bytes().startswith(b"\x1a\x45\xdf\xa3"))
            else:
                self.assertTrue(60 <= resource.duration <= 120, resource.duration)
                self.assertEqual(resource.detected, "audio/mpeg")
                self.assertEqual((resource.poster.name, resource.audio.name), ("", ""))
            self.assertEqual(resource.estimated_minutes, math.ceil(resource.duration / 60))

    def test_it_captions_the_media_in_french_in_time_with_them(self):
        water = Resource.objects.get(title="Le cycle de l'eau en 90 secondes")
        assert water.duration is not None
        cues = read_captions(water.captions)
        self.assertEqual(water.captions_language, "fr")
        self.assertEqual(cues[0].plain_text, water.title)
        self.assertIn(
            "Des milliards de gouttelettes font un nuage : de l'eau liquide, pas de la vapeur.",
            transcript_from_vtt(water.captions),
        )
        self.assertLessEqual(cues[-1].end, water.duration)
        self.assertGreater(cues[-1].end, water.duration - 3)
        for resource in Resource.objects.filter(type=ResourceType.VIDEO):
            cues = read_captions(resource.captions)
            self.assertGreaterEqual(len(cues), 10, resource.title)
            assert resource.duration is not None
            self.assertLessEqual(cues[-1].end, resource.duration, resource.title)
        podcast = Resource.objects.get(title="Podcast — un appel client commenté")
        transcript = transcript_from_vtt(podcast.captions)
        self.assertTrue(transcript.startswith("Claire Martin: Écoutons Julien"), transcript[:40])
        self.assertIn("\n\nMme Perrin: Votre délai de livraison", transcript)

    def test_it_uploads_pdf_documents_and_links_a_real_video(self):
        documents = Resource.objects.filter(type=ResourceType.DOCUMENT)
        self.assertEqual(documents.count(), 4)
        for document in documents:
            self.assertEqual(document.detected, "application/pdf")
            self.assertEqual(document.status, MediaStatus.READY)
            self.assertTrue(document.original_name.endswith(".pdf"))
            self.assertGreaterEqual(check_pdf(Path(document.file.path).read_bytes()), 1)
        link = Resource.objects.get(type=ResourceType.LINK)
        self.assertEqual(link.provider, "peertube")
        self.assertEqual(
            link.embed_url.split("?")[0],
            "https://tube.reseau-canope.fr/videos/embed/9d109c46-311c-49ce-826e-406581233be0",
        )
        self.assertEqual(link.completion, "opened")

    def test_it_reuses_library_resources_in_several_sessions_without_copying(self):
        method = Resource.objects.get(title=library.FICHE_ARRET["title"])
        sessions = set(
            Activity.objects.filter(resource=method).values_list("session__title", flat=True)
        )
        self.assertEqual(len(sessions), 2)
        self.assertEqual(
            {t.split(" — ")[0] for t in sessions}, {"TD 3", "TD 4"}, "both law sessions"
        )
        link = Resource.objects.get(type=ResourceType.LINK)
        self.assertEqual(
            set(
                Activity.objects.filter(resource=link).values_list(
                    "session__cohort__course__title", flat=True
                )
            ),
            {data.SCIENCES["title"], data.PROJET["title"]},
        )
        used = Activity.objects.filter(kind=Kind.RESOURCE).values("resource").distinct()
        self.assertEqual(used.count(), Resource.objects.count())
        self.assertEqual(Activity.objects.filter(kind=Kind.RESOURCE).count(), used.count() + 2)

    def test_it_makes_summary_sheets_that_some_learners_opened(self):
        sheets = Article.objects.filter(is_sheet=True)
        self.assertEqual(sheets.count(), 6)
        for sheet in sheets:
            self.assertTrue(sheet.title.startswith("Fiche"), sheet.title)
            activity = Activity.objects.get(article=sheet)
            self.assertEqual(activity.phase, Phase.BEFORE)
        opened = ResourceProgress.objects.filter(article__is_sheet=True)
        self.assertGreater(opened.values("learner").distinct().count(), 10)

    def test_it_shows_varied_progress_on_the_coming_water_cycle_capsule(self):
        session = self.water_cycle("Séance 2 — Le cycle de l'eau")
        capsule = session.activities.get(kind=Kind.RESOURCE, resource__type=ResourceType.VIDEO)
        duration = resource_of(capsule).duration
        rows = list(ResourceProgress.objects.filter(resource=capsule.resource))
        fractions = [intervals.fraction_watched(p.watched, duration) for p in rows]
        self.assertTrue(any(f == 1 for f in fractions), "some watched it all")
        self.assertTrue(any(0.15 < f < 0.5 for f in fractions), "some stopped on the way")
        skipped = [p for p in rows if p.watched[-1][1] == duration and p.completed_at is None]
        self.assertTrue(skipped, "some jumped to the end")
        done = [p for p in rows if p.completed_at is not None]
        self.assertTrue(len(skipped) + len(done) < len(rows), "some are on the way")
        self.assertLess(len(rows), session.cohort.enrollments.count(), "some never opened it")
        assert capsule.due_at is not None
        late = [p for p in rows if p.first_opened_at > capsule.due_at]
        self.assertTrue(late, "some watch it after its due date")

    def test_it_keeps_every_progress_row_true_to_the_tracking_rules(self):
        now = timezone.now()
        rows = ResourceProgress.objects.filter(resource__isnull=False).select_related("resource")
        self.assertGreater(rows.count(), 150)
        kinds = set()
        for progress in rows:
            resource = progress.resource
            assert resource is not None
            kinds.add(resource.type)
            watched = [tuple(pair) for pair in progress.watched]
            self.assertEqual(watched, intervals.merge(watched))
            self.assertLessEqual(progress.first_opened_at, progress.last_opened_at)
            self.assertLess(progress.last_opened_at, now)
            self.assertGreaterEqual(progress.open_count, 1)
            done = intervals.is_complete(
                resource.completion_rule(),
                intervals=watched,
                duration=resource.duration,
                opened=True,
                seconds_spent=max(progress.seconds_spent, progress.played_seconds),
            )
            self.assertEqual(progress.completed_at is not None, done, (resource.title, watched))
            if progress.completed_at:
                self.assertLessEqual(progress.completed_at, progress.last_opened_at)
            if resource.is_media:
                self.assertTrue(watched)
                assert resource.duration is not None and progress.position is not None
                self.assertTrue(all(0 <= a < b <= resource.duration for a, b in watched))
                self.assertTrue(0 <= progress.position <= resource.duration)
                self.assertGreaterEqual(
                    progress.played_seconds + 0.05, intervals.watched_seconds(watched)
                )
            else:
                self.assertEqual(watched, [])
                self.assertIsNone(progress.position)
            sessions = Session.objects.filter(
                activities__resource=resource, cohort__enrollments__learner=progress.learner
            )
            self.assertTrue(sessions.exists(), "only learners of a session that uses it")
        self.assertEqual(kinds, set(ResourceType.values))

    def test_it_opens_nothing_behind_a_prerequisite_quiz_before_submitting_it(self):
        for session in Session.objects.filter(cohort__course__title=data.PROJET["title"]):
            quiz = session.activities.get(kind=Kind.QUIZ)
            self.assertTrue(quiz.required)
            behind = session.activities.filter(
                phase=Phase.BEFORE, kind=Kind.RESOURCE, position__gt=quiz.position
            )
            self.assertTrue(behind.exists())
            submitted = dict(
                Attempt.objects.filter(activity=quiz).values_list("learner_id", "submitted_at")
            )
            for progress in ResourceProgress.objects.filter(
                resource__in=behind.values("resource"), learner__in=session.cohort.learners.all()
            ):
                if Activity.objects.filter(resource=progress.resource).count() > 1:
                    continue  # the shared video, also opened in another course
                self.assertIn(progress.learner_id, submitted)
                submitted_at = submitted[progress.learner_id]
                assert submitted_at is not None
                self.assertGreater(progress.first_opened_at, submitted_at)

    def test_it_reuses_the_media_cache_on_a_second_load_and_drops_stale_files(self):
        assert MEDIA_CACHE is not None
        stale = MEDIA_CACHE / "old-capsule-0123456789abcdef.mp4"
        stale.write_bytes(b"old")
        other = MEDIA_CACHE / "notes.txt"
        other.write_text("kept")
        self.addCleanup(other.unlink)
        with (
            mock.patch.object(demo_media, "capsule_video", side_effect=AssertionError),
            mock.patch.object(demo_media, "podcast_audio", side_effect=AssertionError),
        ):
            builder = build.DemoBuilder()
            builder.prepare_media()
        self.assertEqual(len(builder.media), 12)
        self.assertTrue(all(path.parent == MEDIA_CACHE for _plan, path in builder.media.values()))
        self.assertFalse(stale.exists())
        self.assertTrue(other.exists())


class LoadDemoRefusalTests(TestCase):
    @override_settings(AMONT_DEMO=False)
    def test_it_refuses_without_amont_demo(self):
        with self.assertRaisesMessage(CommandError, "AMONT_DEMO=1"):
            load_demo()
        self.assertFalse(User.objects.filter(email__in=build.demo_emails()).exists())
        self.assertFalse(Organization.objects.exists())

    @override_settings(AMONT_DEMO=True)
    def test_it_refuses_when_demo_addresses_exist_without_the_demo(self):
        create_user(email="apprenant03@example.org", password="x")
        with self.assertRaisesMessage(CommandError, "--reset"):
            load_demo()
        self.assertFalse(Organization.objects.exists())
        self.assertFalse(Membership.objects.exists())


class DemoPasswordTests(SimpleTestCase):
    @override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"])
    def test_it_hashes_the_public_password_cheaply_and_upgrades_it_at_login(self):
        encoded = build._demo_password_hash()
        self.assertTrue(encoded.startswith("pbkdf2_sha256$20000$"))
        self.assertTrue(check_password(data.PASSWORD, encoded))
        self.assertFalse(check_password("wrong", encoded))
        self.assertTrue(get_hasher().must_update(encoded))


class FakeProcess:
    def __init__(self, args, *, code=0, interrupt=False):
        self.args = args
        self.code = code
        self.interrupt = interrupt
        self.returncode = None
        self.terminated = False

    def wait(self, timeout=None):
        if self.interrupt:
            self.interrupt = False
            raise KeyboardInterrupt
        if self.returncode is None and not self.terminated and "daphne" not in self.args:
            return None  # the worker runs until terminated
        self.returncode = self.code
        return self.code

    def poll(self):
        return self.returncode

    def terminate(self):
        self.terminated = True
        self.returncode = -signal.SIGTERM

    def kill(self):
        self.terminate()


class ServeDemoTests(SimpleTestCase):
    def serve(self, **daphne):
        self.processes = processes = []

        def popen(args, **kwargs):
            process = FakeProcess(args, **(daphne if "daphne" in args else {}))
            processes.append(process)
            return process

        out = StringIO()
        with (
            mock.patch.object(serve_demo.subprocess, "Popen", side_effect=popen),
            mock.patch.dict(os.environ, {"HOST": "0.0.0.0", "PORT": "8123"}),
        ):
            try:
                call_command("serve_demo", stdout=out)
            finally:
                self.output = out.getvalue()
        return processes

    def test_it_runs_the_worker_and_daphne_and_stops_the_worker_after_daphne(self):
        worker, daphne = self.serve()
        self.assertEqual(worker.args[-2:], ["db_worker", "--no-reload"])
        self.assertEqual(
            daphne.args[-5:], ["-b", "0.0.0.0", "-p", "8123", "amont.asgi:application"]
        )
        self.assertTrue(worker.terminated)
        self.assertIn("http://0.0.0.0:8123", self.output)
        self.assertIn("amont-demo", self.output)

    def test_it_stops_both_on_ctrl_c(self):
        worker, daphne = self.serve(interrupt=True)
        self.assertTrue(worker.terminated)
        self.assertIsNotNone(daphne.returncode)

    def test_it_reports_a_daphne_failure_and_still_stops_the_worker(self):
        with self.assertRaisesMessage(CommandError, "status 1"):
            self.serve(code=1)
        worker, _daphne = self.processes
        self.assertTrue(worker.terminated)
        self.assertIn("apprenant01@example.org", self.output)
