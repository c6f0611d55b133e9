import os
import signal
from io import StringIO
from unittest import mock

from django.contrib.auth.hashers import check_password, get_hasher
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from amont.accounts.actions import create_user
from amont.accounts.models import Membership, Organization, Role, User
from amont.after.models import Feedback
from amont.content.models import ResourceProgress
from amont.courses.models import Course, Kind, Session
from amont.demo import build, data
from amont.demo.management.commands import serve_demo
from amont.live.models import LiveVote
from amont.quizzes.models import Attempt, UnclearPoint


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def fingerprint() -> list[tuple]:
    """What the simulated learners did, without ids or dates."""
    return list(
        Attempt.objects.order_by("activity__session__title", "learner__email").values_list(
            "activity__session__title", "learner__email", "score"
        )
    )


@override_settings(AMONT_DEMO=True)
class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load_demo()

    def water_cycle(self, title: str) -> Session:
        return Session.objects.get(cohort__course__title=data.SCIENCES["title"], title=title)

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
        before = (
            User.objects.count(),
            Course.objects.count(),
            Attempt.objects.count(),
            LiveVote.objects.count(),
        )
        output = load_demo()
        self.assertIn("Demo already loaded", output)
        self.assertIn("amont-demo", output)
        after = (
            User.objects.count(),
            Course.objects.count(),
            Attempt.objects.count(),
            LiveVote.objects.count(),
        )
        self.assertEqual(after, before)
        self.assertEqual(Organization.objects.filter(name=data.ORGANIZATION).count(), 1)

    def test_it_reloads_the_same_activity_with_reset(self):
        simulated = fingerprint()
        old_course_ids = set(Course.objects.values_list("pk", flat=True))
        output = load_demo("--reset")
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
        article = session.activities.get(kind=Kind.ARTICLE)
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
        self.assertLess(live.started_at, live.ended_at)
        first = LiveVote.objects.filter(live=live, round=1)
        self.assertGreaterEqual(first.count(), 15)
        correct = session.activities.get(kind=Kind.LIVE_VOTE).question.latest_version.correct_index
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
