from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from amont.accounts.actions import create_user
from amont.content.actions import record_article_open
from amont.courses.actions import add_objective, enroll
from amont.quizzes.actions import (
    add_question_to_quiz,
    create_question,
    edit_question,
    quiz_versions,
    save_answer,
    save_unclear_point,
    start_attempt,
    submit_attempt,
)
from amont.quizzes.models import Question
from amont.test import BaseTestCase


class ReadinessTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/sessions/{self.session.pk}/readiness/"
        # Source strings are English; French comes from the translation files.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.version = quiz_versions(self.quiz)[0]
        self.keys = 0

    def enroll_learner(self, name: str):
        learner = create_user(email=f"{name.lower()}@example.org", full_name=name)
        enroll(cohort=self.cohort, learner=learner)
        return learner

    def answer(self, learner, choice: int, confidence: str = "sure", at=None, answers=None):
        self.keys += 1
        return submit_attempt(
            activity=self.quiz_activity,
            learner=learner,
            client_key=f"key-{learner.pk}-{self.keys}",
            answers=answers or {self.version.pk: (choice, confidence)},
            at=at,
        )

    def get(self):
        self.login(self.trainer)
        return self.client.get(self.url)


class ReadinessPageTestCase(ReadinessTestCase):
    def test_it_shows_a_fully_prepared_learner(self):
        self.answer(self.learner, 0)
        response = self.get()
        self.assertEqual(response.status_code, 200)
        prep = response.context["readiness"].preparation
        self.assertEqual((prep.enrolled, prep.full, prep.partial, prep.none), (1, 1, 0, 0))
        self.assertContains(response, "1 / 1")
        self.assertContains(response, "fully prepared (100%)")
        self.assertContains(response, "Léa")
        self.assertNotContains(response, "did not prepare")

    def test_it_highlights_learners_who_did_nothing(self):
        self.answer(self.learner, 0)
        self.enroll_learner("Zoé")
        response = self.get()
        self.assertContains(response, "1 / 2")
        self.assertContains(response, "fully prepared (50%)")
        self.assertContains(response, 'class="unprepared"', count=1)
        self.assertContains(response, "did not prepare", count=1)
        rows = {row.learner.display_name: row.status for row in response.context["readiness"].rows}
        self.assertEqual(rows, {"Léa": "full", "Zoé": "none"})

    def test_it_counts_an_optional_activity_alone_as_partial(self):
        # The quiz is the session's only required activity.
        record_article_open(learner=self.learner, article=self.article)
        response = self.get()
        prep = response.context["readiness"].preparation
        self.assertEqual((prep.full, prep.partial, prep.none), (0, 1, 0))
        self.assertContains(response, "partly")

    def test_it_requires_every_activity_when_none_is_required(self):
        self.quiz_activity.required = False
        self.quiz_activity.save(update_fields=["required"])
        self.answer(self.learner, 0)
        record_article_open(learner=self.learner, article=self.article)
        response = self.get()
        self.assertEqual(response.context["readiness"].preparation.partial, 1)
        save_unclear_point(activity=self.unclear_activity, learner=self.learner, text="Le vent ?")
        response = self.get()
        self.assertEqual(response.context["readiness"].preparation.full, 1)
        self.assertContains(response, "none is marked required")

    def test_it_shows_when_and_late(self):
        late = self.session.starts_at + timedelta(hours=1)
        record_article_open(learner=self.learner, article=self.article, at=late)
        self.answer(self.learner, 1, at=timezone.now())
        response = self.get()
        cells = response.context["readiness"].rows[0].cells
        self.assertEqual([c.late for c in cells], [True, False, False])
        self.assertEqual([c.done for c in cells], [True, True, False])
        self.assertEqual(cells[0].at, late)
        self.assertContains(response, '<span class="badge warn">late</span>', count=1)
        self.assertContains(response, "<strong>0 / 1</strong>", html=True)

    def test_it_counts_answers_to_every_question_type(self):
        open_q = create_question(
            organization=self.org, neutral={"type": "open_text", "text": "Expliquez."}
        )
        multi = create_question(
            organization=self.org,
            neutral={
                "type": "multiple_choice",
                "text": "Changements d'état ?",
                "answers": [
                    {"text": "Fusion", "fraction": 0.5},
                    {"text": "Évaporation", "fraction": 0.5},
                    {"text": "Photosynthèse", "fraction": -1.0},
                ],
            },
        )
        add_question_to_quiz(quiz=self.quiz, question=open_q)
        add_question_to_quiz(quiz=self.quiz, question=multi)
        choice_v, open_v, multi_v = quiz_versions(self.quiz)
        self.answer(
            self.learner,
            0,
            answers={
                choice_v.pk: (0, "sure"),
                open_v.pk: ("L'eau chauffe.", ""),
                multi_v.pk: ([0, 2], "sure"),
            },
        )
        for url in (self.url, f"/sessions/{self.session.pk}/summary/"):
            with self.subTest(url=url):
                response = self.get_url(url)
                self.assertEqual(response.status_code, 200)
        stats = [q.stats for q in self.get().context["readiness"].quizzes[0].questions]
        # single choice right; open text not graded yet; multiple choice wrong and sure
        self.assertEqual([(q.answered, q.right) for q in stats], [(1, 1), (0, 0), (1, 0)])
        self.assertEqual(stats[2].confident_wrong, 1)

    def get_url(self, url):
        self.login(self.trainer)
        return self.client.get(url)

    def test_it_ignores_an_attempt_still_in_progress(self):
        self.answer(self.learner, 0, at=timezone.now() - timedelta(hours=2))
        # A new attempt, answers saved as given but not sent: it must not count yet.
        attempt = start_attempt(activity=self.quiz_activity, learner=self.learner, client_key="wip")
        save_answer(attempt=attempt, version=self.version, answer=1, confidence="sure")
        response = self.get()
        self.assertContains(response, "<strong>1 / 1</strong>", html=True)
        self.assertNotContains(response, "(2 attempts)")
        question = response.context["readiness"].quizzes[0].questions[0].stats
        self.assertEqual((question.answered, question.right), (1, 1))

    def test_it_keeps_the_latest_attempt(self):
        self.answer(self.learner, 1, at=timezone.now() - timedelta(hours=2))
        self.answer(self.learner, 0, at=timezone.now() - timedelta(hours=1))
        response = self.get()
        self.assertContains(response, "<strong>1 / 1</strong>", html=True)
        self.assertContains(response, "(2 attempts)")
        question = response.context["readiness"].quizzes[0].questions[0].stats
        self.assertEqual((question.answered, question.right), (1, 1))

    def test_it_shows_the_distribution_of_answers(self):
        self.answer(self.learner, 0, "sure")
        self.answer(self.enroll_learner("Zoé"), 1, "sure")
        self.answer(self.enroll_learner("Yann"), 1, "unsure")
        # A learner of another cohort never counts.
        self.answer(self.other_learner, 2, "sure")
        response = self.get()
        quiz = response.context["readiness"].quizzes[0]
        self.assertEqual((quiz.submitted, quiz.mean_percent), (3, 33))
        item = quiz.questions[0].stats
        self.assertEqual([o.count for o in item.options], [1, 2, 0])
        self.assertEqual([o.confident_wrong for o in item.options], [0, 1, 0])
        self.assertContains(response, "<strong>33%</strong> right (1 / 3)")
        self.assertContains(response, "1 confident but wrong answer")
        self.assertContains(response, "2 answers (67%)")
        self.assertContains(response, "1 sure but wrong", count=1)
        self.assertContains(response, "A. La chaleur du soleil")
        self.assertContains(response, "correct answer", count=1)

    def test_it_separates_answers_to_each_version_of_an_edited_question(self):
        self.answer(self.learner, 0)
        edited = edit_question(
            question=self.question,
            text="Quelle source d'énergie fait s'évaporer l'eau ?",
            options=[{"text": "Le vent"}, {"text": "Le soleil", "correct": True}],
        )
        self.answer(self.enroll_learner("Zoé"), 0, answers={edited.pk: (0, "sure")})
        response = self.get()
        questions = response.context["readiness"].quizzes[0].questions
        self.assertEqual([q.version_number for q in questions], [1, 2])
        self.assertEqual([(q.stats.answered, q.stats.right) for q in questions], [(1, 1), (1, 0)])
        self.assertContains(response, "(version 1)")
        self.assertContains(response, "(version 2)")

    def test_it_lists_unclear_points_newest_first(self):
        zoe = self.enroll_learner("Zoé")
        now = timezone.now()
        save_unclear_point(
            activity=self.unclear_activity, learner=self.learner, text="Et la lune ?", at=now
        )
        save_unclear_point(
            activity=self.unclear_activity,
            learner=zoe,
            text="Pourquoi le vent ?",
            at=now - timedelta(hours=1),
        )
        save_unclear_point(
            activity=self.unclear_activity, learner=self.other_learner, text="Hors cohorte"
        )
        response = self.get()
        points = response.context["readiness"].unclear_points
        self.assertEqual([p.text for p in points], ["Et la lune ?", "Pourquoi le vent ?"])
        self.assertContains(response, "What was unclear (2 points)")
        self.assertNotContains(response, "Hors cohorte")
        content = response.content.decode()
        self.assertLess(content.index("Et la lune ?"), content.index("Pourquoi le vent ?"))

    def test_it_shows_the_weakest_objective(self):
        first, second = self.course.objectives.all()
        Question.objects.filter(pk=self.question.pk).update(objective=first)
        second_question = create_question(
            organization=self.org,
            text="Qu'est-ce que la condensation ?",
            options=[{"text": "Vapeur → liquide", "correct": True}, {"text": "L'inverse"}],
            objective=second,
        )
        add_question_to_quiz(quiz=self.quiz, question=second_question)
        versions = quiz_versions(self.quiz)
        self.answer(
            self.learner, 0, answers={versions[0].pk: (0, "sure"), versions[1].pk: (1, "sure")}
        )
        self.answer(
            self.enroll_learner("Zoé"),
            0,
            answers={versions[0].pk: (1, "sure"), versions[1].pk: (1, "unsure")},
        )
        response = self.get()
        readiness = response.context["readiness"]
        self.assertEqual(readiness.weakest.objective, second)
        self.assertEqual(
            [(row.score.right, row.score.answered) for row in readiness.objectives],
            [(1, 2), (0, 2)],
        )
        self.assertContains(
            response,
            "Weakest objective: <strong>O2 Expliquer l&#x27;évaporation</strong> (0% right)",
        )
        self.assertContains(response, "50% (1 / 2)")

    def test_it_lists_objectives_without_tagged_questions(self):
        response = self.get()
        self.assertIsNone(response.context["readiness"].weakest)
        self.assertContains(response, "O1 Décrire les états de l&#x27;eau")
        self.assertContains(response, "no question tagged with it", count=2)

    def test_it_keeps_a_constant_number_of_queries(self):
        self.answer(self.learner, 0)
        record_article_open(learner=self.learner, article=self.article)
        save_unclear_point(activity=self.unclear_activity, learner=self.learner, text="?")
        add_objective(course=self.course, title="Hors séance")
        self.login(self.trainer)
        # The "done" union and a quiz cell's latest score replace the progress reads.
        with self.assertNumQueries(15):
            self.client.get(self.url)
        for index in range(12):
            learner = self.enroll_learner(f"Learner {index}")
            self.answer(learner, index % 3, "sure" if index % 2 else "unsure")
            self.answer(learner, 0)
            record_article_open(learner=learner, article=self.article)
            save_unclear_point(activity=self.unclear_activity, learner=learner, text=f"Q {index}")
        # The "done" union and a quiz cell's latest score replace the progress reads.
        with self.assertNumQueries(15):
            response = self.client.get(self.url)
        self.assertEqual(response.context["readiness"].preparation.full, 13)


class ReadinessPermissionTestCase(ReadinessTestCase):
    def test_it_redirects_anonymous_visitors_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)

    def test_it_hides_the_page_from_outsiders(self):
        for user in (self.other_trainer, self.learner, self.other_learner, self.outsider_manager):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404, user)

    def test_it_shows_the_page_to_the_program_manager(self):
        self.login(self.manager)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_shows_the_page_to_the_trainer(self):
        self.assertEqual(self.get().status_code, 200)

    def test_it_rejects_post(self):
        self.login(self.trainer)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_it_returns_404_for_a_missing_session(self):
        self.login(self.trainer)
        self.assertEqual(self.client.get("/sessions/999999/readiness/").status_code, 404)
