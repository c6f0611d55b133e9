"""The helpers the authoring views will call (courses/access.py); the views' own tests go
through HTTP."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from amont.courses.access import access_objective, access_trainer_organizations
from amont.test import BaseTestCase


class AccessObjectiveTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.objective = self.course.objectives.first()

    def test_it_gives_the_objective_to_the_course_staff(self):
        self.assertEqual(
            access_objective(self.trainer, self.objective.pk, write=True), self.objective
        )
        self.assertEqual(access_objective(self.manager, self.objective.pk), self.objective)

    def test_it_is_read_only_for_a_manager(self):
        with self.assertRaises(PermissionDenied):
            access_objective(self.manager, self.objective.pk, write=True)

    def test_it_404s_for_outsiders_and_unknown_ids(self):
        for user in (self.other_trainer, self.learner, self.outsider_manager):
            with self.subTest(user=user.email), self.assertRaises(Http404):
                access_objective(user, self.objective.pk)
        with self.assertRaises(Http404):
            access_objective(self.trainer, 999999)


class AccessTrainerOrganizationsTestCase(BaseTestCase):
    def test_it_lists_where_the_user_teaches(self):
        self.assertEqual(list(access_trainer_organizations(self.trainer)), [self.org])

    def test_it_is_forbidden_to_whoever_teaches_nowhere(self):
        for user in (self.manager, self.learner):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                access_trainer_organizations(user)
