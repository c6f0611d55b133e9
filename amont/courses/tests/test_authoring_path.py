"""A trainer builds a session from nothing, through the pages only."""

from amont.courses.actions import enroll
from amont.courses.models import Activity, Course, Kind, Phase
from amont.courses.tests.base import AuthoringTestCase
from amont.quizzes.actions import quiz_versions, submit_attempt
from amont.quizzes.models import Response


class AuthoringPathTestCase(AuthoringTestCase):
    def test_it_builds_a_course_to_a_versioned_quiz_question(self):
        self.login(self.trainer)

        r = self.client.post(
            "/courses/new/",
            {"title": "Gestion de projet", "objectives": "Planifier\nPrioriser"},
        )
        course = Course.objects.get(title="Gestion de projet")
        self.assertRedirects(r, f"/courses/{course.pk}/", fetch_redirect_response=False)
        self.assertContains(self.client.get(r.url), "Prioriser")

        r = self.client.post(f"/courses/{course.pk}/cohorts/new/", {"name": "Promo 2026"})
        cohort = course.cohorts.get()
        self.assertRedirects(r, f"/cohorts/{cohort.pk}/", fetch_redirect_response=False)
        self.assertContains(self.client.get(r.url), cohort.invite_token)

        planning = course.objectives.get(title="Planifier")
        r = self.client.post(
            f"/cohorts/{cohort.pk}/sessions/new/",
            {
                "title": "Classe virtuelle 1",
                "starts_at": "2026-05-12T09:00",
                "objectives": [planning.pk],
            },
        )
        session = cohort.sessions.get()
        self.assertRedirects(r, f"/sessions/{session.pk}/", fetch_redirect_response=False)
        self.assertEqual(list(session.objectives.all()), [planning])

        new = f"/sessions/{session.pk}/activities/new/"
        self.client.post(
            new + "?phase=before&kind=article",
            {
                "source": "new",
                "title": "Le diagramme de Gantt",
                "body": "Un **Gantt** montre les tâches dans le temps.",
                "estimated_minutes": "6",
            },
        )
        article_activity = session.activities.get(kind=Kind.ARTICLE)
        self.assertEqual(article_activity.article.organization, self.org)

        r = self.client.post(
            new + "?phase=before&kind=quiz",
            {"source": "new", "title": "Prérequis", "required": "on"},
        )
        quiz_activity = session.activities.get(kind=Kind.QUIZ)
        self.assertRedirects(
            r, f"/activities/{quiz_activity.pk}/quiz/", fetch_redirect_response=False
        )
        self.assertEqual(
            [a.pk for a in session.phase_items(Phase.BEFORE)],
            [article_activity.pk, quiz_activity.pk],
        )

        self.client.post(
            f"/activities/{quiz_activity.pk}/quiz/",
            {
                "source": "new",
                "text": "Que montre un Gantt ?",
                "option_0": "Les tâches dans le temps",
                "option_1": "Le budget",
                "correct": "0",
                "objective": planning.pk,
            },
        )
        (version_1,) = quiz_versions(quiz_activity.quiz)
        self.assertEqual((version_1.number, version_1.question.objective), (1, planning))

        learner = self.learner
        enroll(cohort=cohort, learner=learner)
        attempt = submit_attempt(
            activity=quiz_activity,
            learner=learner,
            client_key="path-1",
            answers={version_1.pk: (0, "sure")},
        )
        self.assertEqual(attempt.score, 1)

        r = self.client.post(
            f"/activities/{quiz_activity.pk}/quiz/questions/{version_1.question_id}/",
            {
                "text": "Que représente un diagramme de Gantt ?",
                "option_0": "Le budget",
                "option_1": "Les tâches dans le temps",
                "option_2": "Les risques",
                "correct": "1",
            },
        )
        self.assertEqual(r.status_code, 302)
        (version_2,) = quiz_versions(quiz_activity.quiz)
        self.assertEqual(version_2.number, 2)
        self.assertEqual(version_2.question_id, version_1.question_id)
        self.assertEqual(version_2.correct_index, 1)
        response = Response.objects.get(attempt=attempt)
        self.assertEqual(response.question_version, version_1)
        self.assertTrue(response.is_correct)

        r = self.client.get(f"/sessions/{session.pk}/")
        self.assertContains(r, "Le diagramme de Gantt")
        self.assertContains(r, "Prérequis")
        self.assertContains(r, "1 question")
        self.assertEqual(Activity.objects.filter(session=session).count(), 2)
