"""Base test case with the personas every permission test needs, built with the same
actions the application uses."""

from datetime import timedelta

from django.test import Client, TestCase
from django.utils import timezone

from amont.accounts.actions import add_member, create_organization, create_user
from amont.accounts.models import Role
from amont.content.actions import create_article
from amont.courses.actions import (
    add_activity,
    create_cohort,
    create_course,
    create_session,
    enroll,
)
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import create_question, create_quiz

PASSWORD = "amont-test-pw"


class EnglishClient(Client):
    """Source strings are English; French is the default. Tests read English unless they
    ask for French (HTTP_ACCEPT_LANGUAGE="fr")."""

    def __init__(self, *args, **defaults):
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

    @classmethod
    def setUpTestData(cls):
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

    def login(self, user) -> None:
        self.client.force_login(user)
