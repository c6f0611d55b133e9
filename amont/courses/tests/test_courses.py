from datetime import timedelta

from django.utils import timezone

from amont.accounts.actions import add_member, create_organization, create_user
from amont.accounts.models import Role
from amont.courses.actions import add_objective, create_cohort, create_session
from amont.courses.models import Course, Objective
from amont.courses.tests.base import AuthoringTestCase
from amont.test import PASSWORD


class CourseListTestCase(AuthoringTestCase):
    url = "/courses/"

    def test_it_lists_the_trainers_courses_with_cohorts_and_next_session(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, "Le cycle de l&#x27;eau")
        self.assertContains(r, "5e B")
        self.assertContains(r, "Séance 1 — évaporation")
        self.assertContains(r, f'href="/sessions/{self.session.pk}/"')
        self.assertNotContains(r, "Droit des contrats")
        self.assertContains(r, 'href="/courses/new/"')

    def test_it_shows_the_next_upcoming_session_not_a_past_one(self):
        create_session(
            cohort=self.cohort,
            title="Séance 0 passée",
            starts_at=timezone.now() - timedelta(days=1),
        )
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertNotContains(r, "Séance 0 passée")
        self.assertContains(r, "Séance 1 — évaporation")

    def test_it_lists_every_course_of_the_organization_for_the_manager(self):
        self.login(self.manager)
        r = self.client.get(self.url)
        self.assertContains(r, "Le cycle de l&#x27;eau")
        self.assertContains(r, "Droit des contrats")
        self.assertNotContains(r, 'href="/courses/new/"')

    def test_it_shows_nothing_to_a_learner_or_an_outsider(self):
        for user in (self.learner, self.outsider_manager):
            self.login(user)
            r = self.client.get(self.url)
            self.assertEqual(r.status_code, 200)
            self.assertNotContains(r, "Le cycle de l&#x27;eau")
            self.assertNotContains(r, 'href="/courses/new/"')

    def test_it_runs_a_fixed_number_of_queries(self):
        self.login(self.manager)
        with self.assertNumQueries(8):
            self.client.get(self.url)
        for number in range(3):
            cohort = create_cohort(course=self.course, name=f"Groupe {number}")
            create_session(
                cohort=cohort, title="S", starts_at=timezone.now() + timedelta(days=number + 1)
            )
        with self.assertNumQueries(8):
            r = self.client.get(self.url)
        self.assertContains(r, "Groupe 2")

    def test_it_requires_login(self):
        self.assert_login_required(self.url)


class CourseCreateTestCase(AuthoringTestCase):
    url = "/courses/new/"

    def test_it_shows_the_form_without_organization_for_a_single_organization(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, 'name="title"')
        self.assertNotContains(r, 'name="organization"')

    def test_it_creates_a_course_with_its_objectives(self):
        self.login(self.trainer)
        r = self.client.post(
            self.url,
            {
                "title": "La photosynthèse",
                "description": "Cycle 4",
                "objectives": "Nommer les besoins d'une plante\n\n  Expliquer le rôle de la lumière  \n",
            },
        )
        course = Course.objects.get(title="La photosynthèse")
        self.assertRedirects(r, f"/courses/{course.pk}/", fetch_redirect_response=False)
        self.assertEqual(course.organization, self.org)
        self.assertEqual(course.description, "Cycle 4")
        self.assertEqual(list(course.trainers.all()), [self.trainer])
        self.assertEqual(
            [(o.code, o.title) for o in course.objectives.all()],
            [("O1", "Nommer les besoins d'une plante"), ("O2", "Expliquer le rôle de la lumière")],
        )

    def test_it_asks_for_the_organization_when_the_trainer_has_several(self):
        second = create_organization(name="Centre de formation")
        add_member(organization=second, user=self.trainer, role=Role.TRAINER)
        outsider_org = self.other_org
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, 'name="organization"')
        self.assertContains(r, "Centre de formation")
        self.assertNotContains(r, outsider_org.name)

        r = self.client.post(self.url, {"title": "Vente", "organization": outsider_org.pk})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Course.objects.filter(title="Vente").exists())

        r = self.client.post(self.url, {"title": "Vente", "organization": second.pk})
        self.assertEqual(Course.objects.get(title="Vente").organization, second)

    def test_it_rejects_an_empty_title(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"title": "", "objectives": "Un"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'aria-invalid="true"')
        self.assertEqual(Course.objects.count(), 2)

    def test_it_forbids_managers_and_learners(self):
        for user in (self.manager, self.learner, self.outsider_manager):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, {"title": "X"}).status_code, 403)
        self.assertFalse(Course.objects.filter(title="X").exists())

    def test_it_requires_login(self):
        self.assert_login_required(self.url)


class CourseDetailTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/courses/{self.course.pk}/"

    def test_it_shows_objectives_cohorts_and_trainers(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, "Décrire les états de l&#x27;eau")
        self.assertContains(r, f'href="/cohorts/{self.cohort.pk}/"')
        self.assertContains(r, "trainer@example.org")
        self.assertContains(r, f'href="/courses/{self.course.pk}/cohorts/new/"')
        self.assertContains(r, f'action="/courses/{self.course.pk}/objectives/"')

    def test_it_is_read_only_for_the_manager(self):
        self.login(self.manager)
        r = self.client.get(self.url)
        self.assertContains(r, "Décrire les états de l&#x27;eau")
        self.assertNotContains(r, "/cohorts/new/")
        self.assertNotContains(r, "/objectives/")
        self.assertNotContains(r, "/edit/")

    def test_it_hides_the_course_from_outsiders(self):
        self.assert_outsiders_get_404(self.url)

    def test_it_returns_404_for_a_missing_course(self):
        self.login(self.trainer)
        self.assertEqual(self.client.get("/courses/999999/").status_code, 404)

    def test_it_requires_login(self):
        self.assert_login_required(self.url)


class CourseEditTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/courses/{self.course.pk}/edit/"

    def test_it_shows_the_current_values(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, 'value="Le cycle de l&#x27;eau"')

    def test_it_saves_title_and_description(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"title": "L'eau", "description": "5e"})
        self.assertRedirects(r, f"/courses/{self.course.pk}/", fetch_redirect_response=False)
        self.course.refresh_from_db()
        self.assertEqual((self.course.title, self.course.description), ("L'eau", "5e"))

    def test_it_rejects_an_empty_title(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"title": ""})
        self.assertEqual(r.status_code, 200)
        self.course.refresh_from_db()
        self.assertEqual(self.course.title, "Le cycle de l'eau")

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url, "get")
        self.assert_manager_forbidden(self.url, "post", {"title": "Piraté"})
        self.course.refresh_from_db()
        self.assertEqual(self.course.title, "Le cycle de l'eau")

    def test_it_hides_the_course_from_outsiders(self):
        self.assert_outsiders_get_404(self.url)
        self.assert_outsiders_get_404(self.url, "post", {"title": "Piraté"})

    def test_it_requires_login(self):
        self.assert_login_required(self.url)


class ObjectiveAddTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/courses/{self.course.pk}/objectives/"

    def test_it_adds_an_objective_with_the_next_code(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"title": "Schématiser le cycle"})
        self.assertRedirects(
            r, f"/courses/{self.course.pk}/#objectives", fetch_redirect_response=False
        )
        objective = self.course.objectives.last()
        self.assertEqual((objective.code, objective.title), ("O3", "Schématiser le cycle"))
        self.assertEqual(objective.position, 2)

    def test_it_keeps_a_code_given_by_the_trainer(self):
        self.login(self.trainer)
        self.client.post(self.url, {"title": "Schématiser", "code": "C1"})
        self.assertTrue(self.course.objectives.filter(code="C1", title="Schématiser").exists())

    def test_it_skips_a_code_already_used(self):
        add_objective(course=self.course, title="Extra", code="O3")
        self.login(self.trainer)
        self.client.post(self.url, {"title": "Nouveau"})
        self.assertEqual(self.course.objectives.get(title="Nouveau").code, "O4")

    def test_it_shows_the_error_of_an_empty_objective(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"title": ""})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'aria-invalid="true"')
        self.assertEqual(self.course.objectives.count(), 2)

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url, "post", {"title": "X"})
        self.assertEqual(self.course.objectives.count(), 2)

    def test_it_hides_the_course_from_outsiders(self):
        self.assert_outsiders_get_404(self.url, "post", {"title": "X"})
        self.assertEqual(self.course.objectives.count(), 2)

    def test_it_accepts_only_post(self):
        self.assert_post_only(self.url)

    def test_it_requires_login(self):
        self.assert_login_required(self.url, "post", {"title": "X"})


class ObjectiveDeleteTestCase(AuthoringTestCase):
    def setUp(self):
        self.objective = self.course.objectives.first()
        self.url = f"/objectives/{self.objective.pk}/delete/"

    def test_it_deletes_the_objective_and_unlinks_sessions(self):
        self.login(self.trainer)
        r = self.client.post(self.url)
        self.assertRedirects(
            r, f"/courses/{self.course.pk}/#objectives", fetch_redirect_response=False
        )
        self.assertFalse(Objective.objects.filter(pk=self.objective.pk).exists())
        self.assertEqual(self.session.objectives.count(), 1)

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url)
        self.assertTrue(Objective.objects.filter(pk=self.objective.pk).exists())

    def test_it_hides_the_objective_from_outsiders(self):
        self.assert_outsiders_get_404(self.url, "post")
        self.assertTrue(Objective.objects.filter(pk=self.objective.pk).exists())

    def test_it_returns_404_for_a_missing_objective(self):
        self.login(self.trainer)
        self.assertEqual(self.client.post("/objectives/999999/delete/").status_code, 404)

    def test_it_accepts_only_post(self):
        self.assert_post_only(self.url)

    def test_it_requires_login(self):
        self.assert_login_required(self.url, "post")


class CourseCreateByNewTrainerTestCase(AuthoringTestCase):
    def test_it_lets_a_new_trainer_start_from_an_empty_list(self):
        newcomer = create_user(email="new@example.org", password=PASSWORD)
        add_member(organization=self.org, user=newcomer, role=Role.TRAINER)
        self.login(newcomer)
        r = self.client.get("/courses/")
        self.assertContains(r, 'href="/courses/new/"')
        self.client.post("/courses/new/", {"title": "Gestion de projet"})
        course = Course.objects.get(title="Gestion de projet")
        self.assertEqual(course.objectives.count(), 0)
        self.assertTrue(course.trainers.filter(pk=newcomer.pk).exists())
