from datetime import UTC, datetime, timedelta

from django.utils import timezone

from amont.after.actions import save_feedback
from amont.content.actions import create_article, record_article_open
from amont.courses.actions import add_activity, create_session
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import save_unclear_point, submit_attempt
from amont.quizzes.models import QuestionVersion
from amont.test import BaseTestCase


class LearnerHomeTestCase(BaseTestCase):
    url = "/learn/"

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def _answer_quiz(self, activity, key="k-home-1"):
        version = QuestionVersion.objects.get(question=self.question)
        submit_attempt(
            activity=activity,
            learner=self.learner,
            client_key=key,
            answers={version.pk: (0, "sure")},
        )

    def _add_session(self, title, starts_at):
        session = create_session(cohort=self.cohort, title=title, starts_at=starts_at)
        add_activity(
            session=session,
            phase=Phase.BEFORE,
            kind=Kind.ARTICLE,
            title=f"{title} article",
            article=create_article(organization=self.org, title=title, body="x"),
        )
        quiz = add_activity(
            session=session, phase=Phase.BEFORE, kind=Kind.QUIZ, title="Q", quiz=self.quiz
        )
        add_activity(session=session, phase=Phase.BEFORE, kind=Kind.UNCLEAR, title="U")
        add_activity(session=session, phase=Phase.AFTER, kind=Kind.FEEDBACK, title="F")
        return session, quiz

    def test_it_redirects_anonymous_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, "/login/?next=/learn/", fetch_redirect_response=False)

    def test_it_rejects_post(self):
        self.login(self.learner)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_it_shows_what_to_prepare(self):
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Séance 1 — évaporation")
        self.assertContains(response, "Le cycle de l&#x27;eau")  # the course
        self.assertContains(response, f"/learn/activities/{self.article_activity.pk}/")
        self.assertContains(response, f"/learn/activities/{self.quiz_activity.pk}/")
        # Placed after the required quiz, not submitted yet: locked, no link.
        self.assertNotContains(response, f"/learn/activities/{self.unclear_activity.pk}/")
        self.assertContains(response, "Do the quiz")
        # Live votes happen in class: not preparation.
        self.assertNotContains(response, f"/learn/activities/{self.vote_activity.pk}/")
        self.assertContains(response, "Done 0 of 3")
        # 5 minutes of reading + 2 minutes for the one quiz question.
        self.assertContains(response, "about 7 minutes of preparation")
        self.assertContains(response, "width: 0%")

    def test_it_shows_progress(self):
        record_article_open(learner=self.learner, article=self.article)
        self._answer_quiz(self.quiz_activity)
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertContains(response, "Done 2 of 3")
        self.assertContains(response, "width: 67%")
        # The required quiz is submitted: what follows it is open.
        self.assertContains(response, f"/learn/activities/{self.unclear_activity.pk}/")
        self.assertNotContains(response, "Do the quiz")

        save_unclear_point(activity=self.unclear_activity, learner=self.learner, text="?")
        response = self.client.get(self.url)
        self.assertContains(response, "Done 3 of 3")
        self.assertContains(response, "ready for class")

    def test_it_counts_only_the_learners_own_work(self):
        record_article_open(learner=self.other_learner, article=self.article)
        self.login(self.learner)
        self.assertContains(self.client.get(self.url), "Done 0 of 3")

    def test_it_shows_due_dates_localized(self):
        # 16:00 UTC is 18:00 in Paris (summer time).
        self.quiz_activity.due_at = datetime(2030, 5, 14, 16, 0, tzinfo=UTC)
        self.quiz_activity.save(update_fields=["due_at"])
        self.login(self.learner)
        self.assertContains(self.client.get(self.url), "by Tuesday 14 May, 18:00")

        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
        self.assertContains(self.client.get(self.url), "mardi 14 mai, 18:00")

    def test_it_flags_overdue_activities(self):
        self.article_activity.due_at = timezone.now() - timedelta(hours=1)
        self.article_activity.save(update_fields=["due_at"])
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertContains(response, "1 activity is overdue.")
        self.assertContains(response, '<span class="badge bad">overdue</span>', count=1)

        record_article_open(learner=self.learner, article=self.article)
        response = self.client.get(self.url)
        self.assertNotContains(response, "overdue")

    def test_it_lists_nearest_sessions_first(self):
        self._add_session("Plus tard", timezone.now() + timedelta(days=9))
        self._add_session("Demain", timezone.now() + timedelta(days=1))
        self.login(self.learner)
        content = self.client.get(self.url).content.decode()
        self.assertLess(content.index("Demain"), content.index("Séance 1"))
        self.assertLess(content.index("Séance 1"), content.index("Plus tard"))

    def test_it_shows_feedback_still_to_give_for_past_sessions(self):
        past = create_session(
            cohort=self.cohort, title="Séance 0", starts_at=timezone.now() - timedelta(days=3)
        )
        feedback = add_activity(
            session=past, phase=Phase.AFTER, kind=Kind.FEEDBACK, title="Ton avis sur la séance 0"
        )
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertContains(response, "Past sessions")
        self.assertContains(response, "Still to do:")
        self.assertContains(response, f"/learn/activities/{feedback.pk}/")

        save_feedback(activity=feedback, learner=self.learner, rating=4)
        response = self.client.get(self.url)
        self.assertNotContains(response, "Still to do:")
        self.assertNotContains(response, f"/learn/activities/{feedback.pk}/")
        self.assertContains(response, "Nothing left to do.")

    def test_it_shows_only_the_learners_cohorts(self):
        self.login(self.other_learner)
        response = self.client.get(self.url)
        self.assertContains(response, "Arrêt")
        self.assertNotContains(response, "Séance 1")

        self.login(self.learner)
        self.assertNotContains(self.client.get(self.url), "Arrêt")

    def test_it_explains_the_flipped_model_to_new_learners(self):
        self.login(self.learner)
        self.assertContains(self.client.get(self.url), '<details class="card" open>')

        record_article_open(learner=self.learner, article=self.article)
        response = self.client.get(self.url)
        self.assertContains(response, "How does it work?")
        self.assertContains(response, '<details class="card">')

    def test_it_keeps_a_constant_number_of_queries(self):
        self.login(self.learner)
        # Django session, user, nav, sessions, activities with their progress, what is
        # done (every kind's rule in one union).
        with self.assertNumQueries(6):
            self.client.get(self.url)

        for days in (4, 6, -2, -5):
            _session, quiz = self._add_session(f"S{days}", timezone.now() + timedelta(days=days))
            self._answer_quiz(quiz, key=f"k{days}")
        record_article_open(learner=self.learner, article=self.article)
        with self.assertNumQueries(6):
            response = self.client.get(self.url)
        self.assertContains(response, "S-5")
        # Past sessions list what is left after class, not their preparation.
        self.assertContains(response, "Done 1 of 3", count=3)
