import re
from datetime import datetime
from zoneinfo import ZoneInfo

from amont.content.actions import create_article
from amont.content.models import Article
from amont.courses.models import Activity, Kind, Phase
from amont.courses.tests.base import AuthoringTestCase
from amont.quizzes.models import Question, Quiz

PARIS = ZoneInfo("Europe/Paris")


class ActivityCreateTestCase(AuthoringTestCase):
    def url(self, phase: str, kind: str) -> str:
        return f"/sessions/{self.session.pk}/activities/new/?phase={phase}&kind={kind}"

    def new_activity(self, **filters) -> Activity:
        return Activity.objects.exclude(
            pk__in=[
                self.article_activity.pk,
                self.quiz_activity.pk,
                self.unclear_activity.pk,
                self.vote_activity.pk,
                self.feedback_activity.pk,
            ]
        ).get(session=self.session, **filters)

    def test_it_writes_a_new_article_in_the_library(self):
        self.login(self.trainer)
        r = self.client.post(
            self.url("before", "article"),
            {
                "source": "new",
                "title": "Les états de l'eau",
                "body": "Solide, **liquide**, gazeux.",
                "estimated_minutes": "7",
                "due_at": "2026-03-09T20:00",
                "required": "on",
            },
        )
        self.assertRedirects(
            r, f"/sessions/{self.session.pk}/#phase-before", fetch_redirect_response=False
        )
        activity = self.new_activity(kind=Kind.ARTICLE)
        self.assertEqual(activity.phase, Phase.BEFORE)
        self.assertEqual(activity.position, 3)
        self.assertEqual(activity.title, "Les états de l'eau")
        self.assertEqual(activity.due_at, datetime(2026, 3, 9, 20, 0, tzinfo=PARIS))
        self.assertTrue(activity.required)
        article = activity.article
        self.assertEqual(article.organization, self.org)
        self.assertEqual(article.body, "Solide, **liquide**, gazeux.")
        self.assertEqual(article.estimated_minutes, 7)
        self.assertEqual(article.created_by, self.trainer)

    def test_it_reuses_an_article_of_the_library_without_copying(self):
        self.login(self.trainer)
        r = self.client.get(self.url("after", "article"))
        self.assertContains(r, 'value="library"')
        self.assertContains(r, f'<option value="{self.article.pk}">')
        r = self.client.post(
            self.url("after", "article"), {"source": "library", "article": self.article.pk}
        )
        self.assertEqual(r.status_code, 302)
        activity = self.new_activity(kind=Kind.ARTICLE)
        self.assertEqual(activity.article, self.article)
        self.assertEqual(activity.title, self.article.title)
        self.assertEqual(activity.phase, Phase.AFTER)
        self.assertEqual(Article.objects.count(), 1)

    def test_it_refuses_an_article_of_another_organization(self):
        foreign = create_article(organization=self.other_org, title="Secret", body="…")
        self.login(self.trainer)
        r = self.client.get(self.url("before", "article"))
        self.assertNotContains(r, "Secret")
        r = self.client.post(
            self.url("before", "article"), {"source": "library", "article": foreign.pk}
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(Activity.objects.filter(article=foreign).count(), 0)

    def test_it_shows_errors_of_an_article_without_text(self):
        self.login(self.trainer)
        r = self.client.post(
            self.url("before", "article"),
            {"source": "new", "title": "Vide", "body": "", "estimated_minutes": "5"},
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'aria-invalid="true"')
        self.assertFalse(Activity.objects.filter(title="Vide").exists())

    def test_it_creates_an_empty_quiz_and_opens_the_quiz_editor(self):
        self.login(self.trainer)
        r = self.client.post(
            self.url("before", "quiz"),
            {"source": "new", "title": "Quiz des états", "required": "on", "due_at": ""},
        )
        activity = self.new_activity(kind=Kind.QUIZ)
        self.assertRedirects(r, f"/activities/{activity.pk}/quiz/", fetch_redirect_response=False)
        self.assertTrue(activity.required)
        self.assertIsNone(activity.due_at)
        self.assertEqual(activity.quiz.title, "Quiz des états")
        self.assertEqual(activity.quiz.organization, self.org)
        self.assertEqual(activity.quiz.items.count(), 0)

    def test_it_adds_a_what_was_unclear_form_with_its_prompt(self):
        self.login(self.trainer)
        r = self.client.get(self.url("before", "unclear"))
        self.assertContains(r, 'name="instructions"')
        self.assertContains(r, "Question asked to learners")
        self.assertContains(r, "What did you not understand")
        self.client.post(
            self.url("before", "unclear"),
            {
                "source": "new",
                "title": "Points flous",
                "instructions": "Qu'avez-vous mal compris ?",
            },
        )
        activity = self.new_activity(kind=Kind.UNCLEAR)
        self.assertEqual(activity.instructions, "Qu'avez-vous mal compris ?")
        self.assertIsNone(activity.article)

    def test_it_adds_a_feedback_survey_after_class(self):
        self.login(self.trainer)
        self.client.post(
            self.url("after", "feedback"),
            {"source": "new", "title": "Avis", "instructions": "Votre avis sur la séance"},
        )
        activity = self.new_activity(kind=Kind.FEEDBACK)
        self.assertEqual((activity.phase, activity.position), (Phase.AFTER, 1))

    def test_it_writes_a_new_live_vote_question(self):
        objective = self.course.objectives.first()
        self.login(self.trainer)
        r = self.client.post(
            self.url("during", "live_vote"),
            {
                "source": "new",
                "title": "",
                "text": "Où va l'eau qui s'évapore ?",
                "option_0": "Dans l'air",
                "feedback_0": "Oui, en vapeur.",
                "option_1": "Dans le sol",
                "option_2": "",
                "correct": "0",
                "general_feedback": "La vapeur monte.",
                "objective": objective.pk,
            },
        )
        self.assertRedirects(
            r, f"/sessions/{self.session.pk}/#phase-during", fetch_redirect_response=False
        )
        activity = self.new_activity(kind=Kind.LIVE_VOTE)
        self.assertEqual(activity.phase, Phase.DURING)
        self.assertEqual(activity.title, "Où va l'eau qui s'évapore ?")
        question = activity.question
        self.assertEqual(question.organization, self.org)
        self.assertEqual(question.objective, objective)
        version = question.latest_version
        self.assertEqual(version.number, 1)
        self.assertEqual(
            version.options,
            [
                {
                    "text": "Dans l'air",
                    "correct": True,
                    "feedback": "Oui, en vapeur.",
                    "fraction": 1.0,
                },
                {"text": "Dans le sol", "correct": False, "feedback": "", "fraction": 0.0},
            ],
        )
        self.assertEqual(version.general_feedback, "La vapeur monte.")

    def test_it_refuses_a_vote_without_a_correct_option(self):
        self.login(self.trainer)
        r = self.client.post(
            self.url("during", "live_vote"),
            {"source": "new", "text": "Q ?", "option_0": "A", "option_1": "B"},
        )
        self.assertContains(r, "Mark the correct option.")
        self.assertEqual(Question.objects.count(), 1)

    def test_it_picks_a_question_of_the_bank_for_a_vote(self):
        self.login(self.trainer)
        r = self.client.get(self.url("during", "live_vote"))
        self.assertContains(r, "Qu&#x27;est-ce qui fait s&#x27;évaporer l&#x27;eau des océans ?")
        self.client.post(
            self.url("during", "live_vote"), {"source": "library", "question": self.question.pk}
        )
        activity = self.new_activity(kind=Kind.LIVE_VOTE)
        self.assertEqual(activity.question, self.question)
        self.assertEqual(activity.title, "Qu'est-ce qui fait s'évaporer l'eau des océans ?")
        self.assertEqual(Question.objects.count(), 1)

    def test_it_refuses_a_kind_that_does_not_fit_the_phase(self):
        self.login(self.trainer)
        for phase, kind in [
            ("before", "live_vote"),
            ("during", "quiz"),
            ("before", "feedback"),
            ("later", "quiz"),
            ("before", "video"),
        ]:
            self.assertEqual(self.client.get(self.url(phase, kind)).status_code, 400)
            r = self.client.post(self.url(phase, kind), {"source": "new", "title": "X"})
            self.assertEqual(r.status_code, 400)
        self.assertFalse(Activity.objects.filter(title="X").exists())

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url("before", "unclear"), "get")
        self.assert_manager_forbidden(
            self.url("before", "unclear"), "post", {"source": "new", "title": "X"}
        )
        self.assertFalse(Activity.objects.filter(title="X").exists())

    def test_it_hides_the_session_from_outsiders(self):
        self.assert_outsiders_get_404(self.url("before", "unclear"))
        self.assert_outsiders_get_404(
            self.url("before", "unclear"), "post", {"source": "new", "title": "X"}
        )
        self.assertFalse(Activity.objects.filter(title="X").exists())

    def test_it_requires_login(self):
        self.assert_login_required(self.url("before", "article"))


class ActivityEditTestCase(AuthoringTestCase):
    def url(self, activity) -> str:
        return f"/activities/{activity.pk}/edit/"

    def test_it_saves_the_activity_fields(self):
        self.login(self.trainer)
        r = self.client.post(
            self.url(self.unclear_activity),
            {
                "title": "Vos questions",
                "instructions": "Écrivez ce qui reste flou.",
                "due_at": "2026-03-09T18:00",
                "required": "on",
            },
        )
        self.assertRedirects(
            r, f"/sessions/{self.session.pk}/#phase-before", fetch_redirect_response=False
        )
        self.unclear_activity.refresh_from_db()
        self.assertEqual(self.unclear_activity.title, "Vos questions")
        self.assertEqual(self.unclear_activity.instructions, "Écrivez ce qui reste flou.")
        self.assertEqual(self.unclear_activity.due_at, datetime(2026, 3, 9, 18, 0, tzinfo=PARIS))
        self.assertTrue(self.unclear_activity.required)

    def test_it_edits_the_library_article_everywhere_it_is_used(self):
        self.login(self.trainer)
        r = self.client.get(self.url(self.article_activity))
        self.assertContains(r, "changes show everywhere it is used")
        self.assertContains(r, 'name="article-body"')
        self.client.post(
            self.url(self.article_activity),
            {
                "title": "Lire avant la séance",
                "instructions": "",
                "article-body": "Nouveau texte",
                "article-estimated_minutes": "3",
            },
        )
        self.article.refresh_from_db()
        self.assertEqual((self.article.body, self.article.estimated_minutes), ("Nouveau texte", 3))
        self.article_activity.refresh_from_db()
        self.assertEqual(self.article_activity.title, "Lire avant la séance")
        self.assertFalse(self.article_activity.required)

    def test_it_saves_nothing_when_the_article_is_invalid(self):
        self.login(self.trainer)
        r = self.client.post(
            self.url(self.article_activity),
            {"title": "Changé", "article-body": "", "article-estimated_minutes": "3"},
        )
        self.assertEqual(r.status_code, 200)
        self.article_activity.refresh_from_db()
        self.assertEqual(self.article_activity.title, "Lire")

    def test_it_has_no_due_date_for_a_live_vote(self):
        self.login(self.trainer)
        r = self.client.get(self.url(self.vote_activity))
        self.assertNotContains(r, 'name="due_at"')
        self.assertContains(r, "La chaleur du soleil")
        self.client.post(self.url(self.vote_activity), {"title": "Vote 1", "instructions": ""})
        self.vote_activity.refresh_from_db()
        self.assertEqual(self.vote_activity.title, "Vote 1")

    def test_it_forbids_the_manager(self):
        url = self.url(self.unclear_activity)
        self.assert_manager_forbidden(url, "get")
        self.assert_manager_forbidden(url, "post", {"title": "X"})
        self.unclear_activity.refresh_from_db()
        self.assertNotEqual(self.unclear_activity.title, "X")

    def test_it_hides_the_activity_from_outsiders(self):
        url = self.url(self.unclear_activity)
        self.assert_outsiders_get_404(url)
        self.assert_outsiders_get_404(url, "post", {"title": "X"})
        self.unclear_activity.refresh_from_db()
        self.assertNotEqual(self.unclear_activity.title, "X")

    def test_it_requires_login(self):
        self.assert_login_required(self.url(self.unclear_activity))


class ActivityMoveTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/activities/{self.quiz_activity.pk}/move/"

    def order(self) -> list[int]:
        return [a.pk for a in self.session.phase_items(Phase.BEFORE)]

    def test_it_moves_up_and_redirects_without_javascript(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"direction": "up"})
        self.assertRedirects(
            r, f"/sessions/{self.session.pk}/#phase-before", fetch_redirect_response=False
        )
        self.assertEqual(
            self.order(),
            [self.quiz_activity.pk, self.article_activity.pk, self.unclear_activity.pk],
        )

    def test_it_returns_the_phase_partial_to_htmx(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"direction": "down"}, headers={"HX-Request": "true"})
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "courses/_phase.html")
        self.assertNotContains(r, "<html")
        self.assertContains(r, 'id="phase-before"')
        self.assertEqual(
            self.order(),
            [self.article_activity.pk, self.unclear_activity.pk, self.quiz_activity.pk],
        )
        content = r.content.decode()
        self.assertLess(content.index("flou"), content.index(">Quiz<"))

    def test_it_leaves_the_last_item_in_place(self):
        self.login(self.trainer)
        self.client.post(f"/activities/{self.unclear_activity.pk}/move/", {"direction": "down"})
        self.assertEqual(
            self.order(),
            [self.article_activity.pk, self.quiz_activity.pk, self.unclear_activity.pk],
        )

    def test_it_refuses_an_unknown_direction(self):
        self.login(self.trainer)
        self.assertEqual(self.client.post(self.url, {"direction": "sideways"}).status_code, 400)

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url, "post", {"direction": "up"})
        self.assertEqual(self.order()[1], self.quiz_activity.pk)

    def test_it_hides_the_activity_from_outsiders(self):
        self.assert_outsiders_get_404(self.url, "post", {"direction": "up"})
        self.assertEqual(self.order()[1], self.quiz_activity.pk)

    def test_it_accepts_only_post(self):
        self.assert_post_only(self.url)

    def test_it_requires_login(self):
        self.assert_login_required(self.url, "post", {"direction": "up"})


class ActivityDeleteTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/activities/{self.article_activity.pk}/delete/"

    def test_it_deletes_the_activity_but_keeps_the_article(self):
        self.login(self.trainer)
        r = self.client.post(self.url)
        self.assertRedirects(
            r, f"/sessions/{self.session.pk}/#phase-before", fetch_redirect_response=False
        )
        self.assertFalse(Activity.objects.filter(pk=self.article_activity.pk).exists())
        self.assertTrue(Article.objects.filter(pk=self.article.pk).exists())
        self.assertEqual(
            [(a.pk, a.position) for a in self.session.phase_items(Phase.BEFORE)],
            [(self.quiz_activity.pk, 0), (self.unclear_activity.pk, 1)],
        )

    def test_it_returns_the_phase_partial_to_htmx(self):
        self.login(self.trainer)
        url = f"/activities/{self.quiz_activity.pk}/delete/"
        r = self.client.post(url, headers={"HX-Request": "true"})
        self.assertTemplateUsed(r, "courses/_phase.html")
        self.assertContains(r, f"/activities/{self.article_activity.pk}/edit/")
        self.assertNotContains(r, f"/activities/{self.quiz_activity.pk}/edit/")
        self.assertFalse(Activity.objects.filter(pk=self.quiz_activity.pk).exists())
        self.assertTrue(Quiz.objects.filter(pk=self.quiz.pk).exists())

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url)
        self.assertTrue(Activity.objects.filter(pk=self.article_activity.pk).exists())

    def test_it_hides_the_activity_from_outsiders(self):
        self.assert_outsiders_get_404(self.url, "post")
        self.assertTrue(Activity.objects.filter(pk=self.article_activity.pk).exists())

    def test_it_accepts_only_post(self):
        self.assert_post_only(self.url)

    def test_it_requires_login(self):
        self.assert_login_required(self.url, "post")


class QuestionFormTestCase(AuthoringTestCase):
    """The single-choice rules, through the live vote form."""

    def post(self, **data):
        self.login(self.trainer)
        url = f"/sessions/{self.session.pk}/activities/new/?phase=during&kind=live_vote"
        return self.client.post(url, {"source": "new", "text": "Q ?", **data})

    def test_it_needs_two_options(self):
        r = self.post(option_0="Seule", correct="0")
        self.assertContains(r, "A question needs at least 2 options.")

    def test_it_refuses_a_correct_mark_on_an_empty_option(self):
        r = self.post(option_0="A", option_1="B", correct="3")
        self.assertContains(r, "The option marked correct is empty.")

    def test_it_refuses_feedback_without_an_option(self):
        r = self.post(option_0="A", option_1="B", correct="0", feedback_2="Orphelin")
        self.assertContains(r, "Write the option, or remove its feedback.")

    def test_it_skips_empty_rows_and_keeps_the_correct_mark(self):
        self.post(option_0="A", option_2="", option_3="B", option_5="C", correct="3")
        question = Question.objects.exclude(pk=self.question.pk).get()
        self.assertEqual(
            [(o["text"], o["correct"]) for o in question.latest_version.options],
            [("A", False), ("B", True), ("C", False)],
        )

    def test_it_does_not_create_anything_on_error(self):
        self.post(option_0="A", option_1="B")
        self.assertEqual(Question.objects.count(), 1)


class ActivityCreatePageIdsTestCase(AuthoringTestCase):
    def test_it_gives_every_element_of_the_new_activity_pages_a_unique_id(self):
        self.login(self.trainer)
        for phase, kind in (("before", "article"), ("during", "live_vote"), ("before", "quiz")):
            with self.subTest(kind=kind):
                r = self.client.get(
                    f"/sessions/{self.session.pk}/activities/new/?phase={phase}&kind={kind}"
                )
                self.assertEqual(r.status_code, 200)
                ids = re.findall(r'\sid="([^"]+)"', r.content.decode())
                self.assertEqual([i for i in set(ids) if ids.count(i) > 1], [])
