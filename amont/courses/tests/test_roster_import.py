from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from amont.accounts.actions import create_user
from amont.accounts.models import Membership, Role, User
from amont.accounts.tests.base import AccountsTestCase
from amont.courses.actions import import_roster
from amont.courses.models import Enrollment
from amont.courses.roster import MAX_BYTES, MAX_ROWS, parse_roster

ROSTER = """nom;courriel
Léa;LEARNER@example.org
Olivier;other-learner@example.org
Nina Simon;nina@example.org
Paul Durand;Paul.Durand@Example.org
"""


class RosterImportPermissionTestCase(AccountsTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/cohorts/{self.cohort.pk}/roster/"

    def test_it_sends_anonymous_visitors_to_login(self):
        for method in (self.client.get, self.client.post):
            response = method(self.url)
            self.assertRedirects(
                response, "/login/?next=" + self.url, fetch_redirect_response=False
            )

    def test_it_shows_the_form_to_the_trainer(self):
        self.login(self.trainer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, '<label for="id_file">CSV file:</label>', html=True)
        self.assertContains(response, '<label for="id_text">Or paste the list:</label>', html=True)

    def test_it_is_forbidden_to_a_manager(self):
        self.login(self.manager)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, {"text": ROSTER}).status_code, 403)
        self.assertFalse(User.objects.filter(email="nina@example.org").exists())

    def test_it_404s_for_outsiders(self):
        for user in (self.other_trainer, self.learner, self.outsider_manager):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
            self.assertEqual(self.client.post(self.url, {"text": ROSTER}).status_code, 404)
        self.assertEqual(self.client.get("/cohorts/999999/roster/").status_code, 404)
        self.assertFalse(User.objects.filter(email="nina@example.org").exists())

    def test_it_405s_on_other_methods(self):
        self.login(self.trainer)
        self.assertEqual(self.client.put(self.url).status_code, 405)


class RosterImportTestCase(AccountsTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/cohorts/{self.cohort.pk}/roster/"
        self.login(self.trainer)

    def enrolled(self) -> set[str]:
        return set(
            Enrollment.objects.filter(cohort=self.cohort).values_list("learner__email", flat=True)
        )

    def test_it_imports_pasted_text(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"text": ROSTER})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(
            self.enrolled(),
            {
                "learner@example.org",
                "other-learner@example.org",
                "nina@example.org",
                "paul.durand@example.org",
            },
        )
        nina = User.objects.get(email="nina@example.org")
        self.assertEqual(nina.full_name, "Nina Simon")
        self.assertFalse(nina.has_usable_password())
        self.assertEqual(
            Membership.objects.get(user=nina, organization=self.org).role, Role.LEARNER
        )
        # An existing account keeps its name and password.
        self.other_learner.refresh_from_db()
        self.assertEqual(self.other_learner.full_name, "")
        self.assertTrue(self.other_learner.has_usable_password())

        (message,) = get_messages(response.wsgi_request)
        self.assertIn("2 accounts created", str(message))
        self.assertIn("1 existing account enrolled", str(message))
        self.assertIn("1 already in the cohort", str(message))

        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["nina@example.org", "paul.durand@example.org"]
        )
        body = next(m for m in mail.outbox if m.to == ["nina@example.org"]).body
        self.assertIn("Hello Nina Simon,", body)
        self.assertIn("Le cycle de l'eau", body)

    def test_it_sends_the_emails_only_after_commit(self):
        with self.captureOnCommitCallbacks() as callbacks:
            self.client.post(self.url, {"text": ROSTER})
        self.assertEqual(mail.outbox, [])
        self.assertEqual(len(callbacks), 1)
        callbacks[0]()
        self.assertEqual(len(mail.outbox), 2)

    def test_it_emails_a_link_that_sets_the_password(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url, {"text": "Nina;nina@example.org"})
        self.client.logout()
        path = self.reset_path(mail.outbox[0])
        set_password_path = self.client.get(path)["Location"]
        response = self.client.post(
            set_password_path,
            {"new_password1": "blue heron 1987", "new_password2": "blue heron 1987"},
        )
        self.assertRedirects(response, "/reset/done/", fetch_redirect_response=False)
        self.assertTrue(
            User.objects.get(email="nina@example.org").check_password("blue heron 1987")
        )

    def test_it_imports_an_uploaded_file_with_a_bom(self):
        upload = SimpleUploadedFile(
            "classe.csv",
            "\ufeffPrénom,Nom,E-mail\r\nNina,Simon,nina@example.org\r\n".encode(),
            content_type="text/csv",
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"file": upload})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(User.objects.get(email="nina@example.org").full_name, "Nina Simon")
        self.assertIn("nina@example.org", self.enrolled())

    def test_it_imports_nothing_when_a_line_is_wrong(self):
        text = ROSTER + "Pierre;pierre.example.org\n"
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {"text": text})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Line 6: “pierre.example.org” is not a valid email address.")
        self.assertContains(response, "Nothing was imported")
        self.assertContains(response, 'aria-describedby="id_text_error"')
        self.assertFalse(User.objects.filter(email="nina@example.org").exists())
        self.assertEqual(self.enrolled(), {"learner@example.org"})
        self.assertEqual(mail.outbox, [])

    def test_it_lists_every_error_with_its_line(self):
        text = "a@example.org\nb@example.org;x;y\nbad\na@example.org\nNina;\n;\n"
        response = self.client.post(self.url, {"text": text})
        for line in (
            "Line 2: Too many columns",
            "Line 3: “bad”",
            "Line 4: a@example.org is already on line 1",
            "Line 5: Missing email",
        ):
            self.assertContains(response, line)
        self.assertFalse(User.objects.filter(email="a@example.org").exists())

    def test_it_rejects_a_file_that_is_not_utf8_text(self):
        for content in ("Léa;lea@example.org\n".encode("latin-1"), b"\x89PNG\r\n\x1a\n\x00\x00"):
            upload = SimpleUploadedFile("classe.csv", content, content_type="text/csv")
            response = self.client.post(self.url, {"file": upload})
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.context["form"].has_error("file", "not_text"))
            self.assertContains(response, "CSV UTF-8")
        self.assertFalse(User.objects.filter(email="lea@example.org").exists())

    def test_it_rejects_a_file_too_large(self):
        upload = SimpleUploadedFile("classe.csv", b"a" * (MAX_BYTES + 1), content_type="text/csv")
        response = self.client.post(self.url, {"file": upload})
        self.assertTrue(response.context["form"].has_error("file", "too_large"))

    def test_it_rejects_too_many_rows(self):
        text = "".join(f"l{i}@example.org\n" for i in range(MAX_ROWS + 1))
        response = self.client.post(self.url, {"text": text})
        self.assertContains(response, f"Line {MAX_ROWS + 1}: Too many rows")
        self.assertFalse(User.objects.filter(email="l0@example.org").exists())

    def test_it_asks_for_a_file_or_a_text(self):
        response = self.client.post(self.url, {"text": "  \n"})
        self.assertTrue(response.context["form"].has_error("__all__", "empty"))
        upload = SimpleUploadedFile("classe.csv", b"a@example.org\n", content_type="text/csv")
        response = self.client.post(self.url, {"text": "b@example.org", "file": upload})
        self.assertTrue(response.context["form"].has_error("__all__", "both"))
        self.assertFalse(User.objects.filter(email__in=["a@example.org", "b@example.org"]).exists())

    def test_it_says_when_the_list_has_only_a_header(self):
        response = self.client.post(self.url, {"text": "nom;courriel\n"})
        self.assertContains(response, "The list has no learners.")


class ImportRosterActionTestCase(AccountsTestCase):
    def test_it_is_idempotent(self):
        rows = parse_roster(ROSTER).rows
        with self.captureOnCommitCallbacks(execute=True):
            first = import_roster(cohort=self.cohort, rows=rows)
        with self.captureOnCommitCallbacks(execute=True):
            second = import_roster(cohort=self.cohort, rows=rows)
        self.assertEqual(
            (len(first.created), len(first.enrolled), len(first.already_enrolled)), (2, 1, 1)
        )
        self.assertEqual(
            (len(second.created), len(second.enrolled), len(second.already_enrolled)), (0, 0, 4)
        )
        self.assertEqual(Enrollment.objects.filter(cohort=self.cohort).count(), 4)
        # The two learners without a password yet get their link again.
        self.assertEqual(len(mail.outbox), 4)

    def test_it_matches_existing_accounts_whatever_the_case(self):
        user = create_user(email="mixed@example.org", password="x")
        User.objects.filter(pk=user.pk).update(email="Mixed@Example.org")
        result = import_roster(cohort=self.cohort, rows=parse_roster("mixed@example.org").rows)
        self.assertEqual(result.enrolled, [User.objects.get(pk=user.pk)])
        self.assertEqual(User.objects.filter(email__iexact="mixed@example.org").count(), 1)

    def test_it_keeps_staff_roles(self):
        import_roster(cohort=self.cohort, rows=parse_roster("other-trainer@example.org").rows)
        self.assertTrue(
            Enrollment.objects.filter(cohort=self.cohort, learner=self.other_trainer).exists()
        )
        self.assertEqual(
            Membership.objects.get(user=self.other_trainer, organization=self.org).role,
            Role.TRAINER,
        )

    def test_it_skips_the_email_of_whoever_set_a_password_meanwhile(self):
        with self.captureOnCommitCallbacks() as callbacks:
            import_roster(cohort=self.cohort, rows=parse_roster("nina@example.org").rows)
        nina = User.objects.get(email="nina@example.org")
        nina.set_password("blue heron 1987")
        nina.save(update_fields=["password"])
        callbacks[0]()
        self.assertEqual(mail.outbox, [])
