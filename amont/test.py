"""Base test case with the personas every permission test needs, built with the same
actions the application uses."""

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.test import Client, TestCase, override_settings
from django.utils import timezone

from amont.accounts.actions import add_member, create_organization, create_user
from amont.accounts.models import Organization, Role, User
from amont.content.actions import create_article
from amont.content.models import Article
from amont.courses.actions import (
    add_activity,
    create_cohort,
    create_course,
    create_session,
    enroll,
)
from amont.courses.models import Activity, Cohort, Course, Kind, Phase, Session
from amont.quizzes.actions import create_question, create_quiz
from amont.quizzes.models import Question, Quiz

PASSWORD = "amont-test-pw"


class EnglishClient(Client):
    """Source strings are English; French is the default. Tests read English unless they
    ask for French (HTTP_ACCEPT_LANGUAGE="fr")."""

    def __init__(self, *args: Any, **defaults: Any) -> None:
        defaults.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        super().__init__(*args, **defaults)


class BaseTestCase(TestCase):
    """Personas:

    - trainer: teaches `course` (cohort `cohort`, session `session`)
    - learner: enrolled in `cohort`
    - other_learner: enrolled in `other_cohort` of `other_course`
    - other_trainer: teaches `other_course` in the same organization
    - manager: program manager of the organization (read-only on courses)
    - outsider_manager: program manager of another organization
    """

    client_class = EnglishClient

    manager: User
    org: Organization
    trainer: User
    other_trainer: User
    learner: User
    other_learner: User
    outsider_manager: User
    other_org: Organization
    course: Course
    cohort: Cohort
    session: Session
    article: Article
    question: Question
    quiz: Quiz
    article_activity: Activity
    quiz_activity: Activity
    unclear_activity: Activity
    vote_activity: Activity
    feedback_activity: Activity
    other_course: Course
    other_cohort: Cohort
    other_session: Session

    @classmethod
    def setUpTestData(cls) -> None:
        cls.manager = create_user(email="manager@example.org", full_name="Manon", password=PASSWORD)
        cls.org = create_organization(name="Lycée Amont", manager=cls.manager)
        cls.trainer = create_user(email="trainer@example.org", full_name="Théo", password=PASSWORD)
        cls.other_trainer = create_user(email="other-trainer@example.org", password=PASSWORD)
        cls.learner = create_user(email="learner@example.org", full_name="Léa", password=PASSWORD)
        cls.other_learner = create_user(email="other-learner@example.org", password=PASSWORD)
        cls.outsider_manager = create_user(email="outsider@example.org", password=PASSWORD)
        cls.other_org = create_organization(name="Autre", manager=cls.outsider_manager)

        cls.course = create_course(
            organization=cls.org,
            trainer=cls.trainer,
            title="Le cycle de l'eau",
            objectives=["Décrire les états de l'eau", "Expliquer l'évaporation"],
        )
        cls.cohort = create_cohort(course=cls.course, name="5e B")
        enroll(cohort=cls.cohort, learner=cls.learner)
        cls.session = create_session(
            cohort=cls.cohort,
            title="Séance 1 — évaporation",
            starts_at=timezone.now() + timedelta(days=2),
            objectives=cls.course.objectives.all(),
        )
        cls.article = create_article(
            organization=cls.org,
            title="Le cycle de l'eau",
            body="# Le cycle\n\nL'eau **s'évapore** sous l'effet du soleil.",
            author=cls.trainer,
        )
        cls.question = create_question(
            organization=cls.org,
            text="Qu'est-ce qui fait s'évaporer l'eau des océans ?",
            options=[
                {"text": "La chaleur du soleil", "correct": True, "feedback": "Oui."},
                {"text": "Le vent seul", "correct": False, "feedback": "Le vent aide."},
                {"text": "La lune", "correct": False, "feedback": "Non, c'est la marée."},
            ],
        )
        cls.quiz = create_quiz(
            organization=cls.org, title="Quiz évaporation", questions=[cls.question]
        )
        cls.article_activity = add_activity(
            session=cls.session,
            phase=Phase.BEFORE,
            kind=Kind.ARTICLE,
            title="Lire",
            article=cls.article,
        )
        cls.quiz_activity = add_activity(
            session=cls.session,
            phase=Phase.BEFORE,
            kind=Kind.QUIZ,
            title="Quiz",
            quiz=cls.quiz,
            required=True,
        )
        cls.unclear_activity = add_activity(
            session=cls.session,
            phase=Phase.BEFORE,
            kind=Kind.UNCLEAR,
            title="Qu'est-ce qui était flou ?",
        )
        cls.vote_activity = add_activity(
            session=cls.session,
            phase=Phase.DURING,
            kind=Kind.LIVE_VOTE,
            title="Vote",
            question=cls.question,
        )
        cls.feedback_activity = add_activity(
            session=cls.session, phase=Phase.AFTER, kind=Kind.FEEDBACK, title="Votre avis"
        )

        cls.other_course = create_course(
            organization=cls.org, trainer=cls.other_trainer, title="Droit des contrats"
        )
        cls.other_cohort = create_cohort(course=cls.other_course, name="L2 Droit")
        enroll(cohort=cls.other_cohort, learner=cls.other_learner)
        cls.other_session = create_session(
            cohort=cls.other_cohort, title="Arrêt", starts_at=timezone.now() + timedelta(days=3)
        )
        add_member(organization=cls.org, user=cls.other_trainer, role=Role.TRAINER)

    def login(self, user: User) -> None:
        self.client.force_login(user)


class MediaTestCase(BaseTestCase):
    """BaseTestCase with a temporary MEDIA_ROOT for the whole class (set before
    setUpTestData, so uploads made there land in it) and `cls.tmp`, a temporary folder
    for source files (generated media). `use_empty_media_root()` gives one test a fresh,
    empty MEDIA_ROOT of its own, to check which files a step leaves."""

    tmp: Path
    media_root: Path
    media_settings: override_settings

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = Path(tempfile.mkdtemp(prefix="amont-test-"))
        cls.media_root = cls.tmp / "media"
        cls.media_settings = override_settings(MEDIA_ROOT=cls.media_root)
        cls.media_settings.enable()
        try:
            cls.setUpMedia()
            super().setUpClass()
        except Exception:
            cls._drop_media()
            raise

    @classmethod
    def setUpMedia(cls) -> None:
        """Make the class's source files in `cls.tmp` (before setUpTestData runs)."""

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._drop_media()

    @classmethod
    def _drop_media(cls) -> None:
        cls.media_settings.disable()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def use_empty_media_root(self) -> Path:
        root = Path(tempfile.mkdtemp(prefix="amont-media-"))
        self.addCleanup(shutil.rmtree, root, ignore_errors=True)
        override = override_settings(MEDIA_ROOT=root)
        override.enable()
        self.addCleanup(override.disable)
        self.media_root = root
        return root
