"""Every URL, every persona: who gets the page, who gets 404 (may not know it exists),
who gets 403 (may see, may not change) and who is sent to the login page; and every
method the URL does not accept gets 405.

A new URL without an entry in TABLE fails test_it_covers_every_url."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from amont.content.actions import create_resource
from amont.content.models import Resource, ResourceType
from amont.courses.actions import add_activity, create_session
from amont.courses.models import Activity, Kind, Objective, Phase
from amont.live.actions import start_live
from amont.live.models import LiveSession
from amont.quizzes.actions import (
    add_question_to_quiz,
    create_question,
    create_quiz_activity,
    submit_attempt,
)
from amont.quizzes.models import QuestionImage, Response, VideoCue, quiz_of
from amont.test import MediaTestCase

LOGIN = "login"
OK = "ok"  # 200, or a redirect/400 for a POST that reached the view

PERSONAS = (
    "anonymous",
    "learner",
    "other_learner",
    "trainer",
    "other_trainer",
    "manager",
    "outsider_manager",
)

# Expected results per persona, in the order of PERSONAS.
STAFF_READ = (LOGIN, 404, 404, 200, 404, 200, 404)
STAFF_WRITE = (LOGIN, 404, 404, 200, 404, 403, 404)
STAFF_POST = (LOGIN, 404, 404, OK, 404, 403, 404)
LEARNER = (LOGIN, 200, 404, 404, 404, 404, 404)
# The question bank belongs to the organization: its trainers (other_trainer too) write,
# program managers read; another organization's manager sees their own bank.
BANK_READ = (LOGIN, 404, 404, 200, 200, 200, 200)
BANK_WRITE = (LOGIN, 404, 404, 200, 200, 403, 403)
BANK_POST = (LOGIN, 404, 404, OK, OK, 403, 403)
BANK_QUESTION = (LOGIN, 404, 404, 200, 200, 403, 404)
# A library item: the staff of its organization read it (another one's manager does not).
LIBRARY_ITEM = (LOGIN, 404, 404, 200, 200, 200, 404)
ANY_USER = (LOGIN, 200, 200, 200, 200, 200, 200)
PUBLIC = (200,) * 7
# Files of an organization (question images): every member, learners included.
ORG_MEMBER = (LOGIN, 200, 200, 200, 200, 200, 404)

# name: (method, path template, expectations). Paths use the BaseTestCase objects.
TABLE = {
    "home": ("get", "/", (LOGIN, 302, 302, 302, 302, 302, 302)),
    "login": ("get", "/login/", (200, 302, 302, 302, 302, 302, 302)),
    "logout": ("post", "/logout/", (302,) * 7),
    "password_reset": ("get", "/password-reset/", PUBLIC),
    "password_reset_done": ("get", "/password-reset/done/", PUBLIC),
    "password_reset_confirm": ("get", "/reset/MQ/bad-token/", PUBLIC),
    "password_reset_complete": ("get", "/reset/done/", PUBLIC),
    "set_language": ("post", "/i18n/setlang/", (302,) * 7),
    "invite_accept": ("get", "/invite/{cohort.invite_token}/", PUBLIC),
    "invite_regenerate": ("post", "/cohorts/{cohort.pk}/invite/regenerate/", STAFF_POST),
    "roster_import": ("get", "/cohorts/{cohort.pk}/roster/", STAFF_WRITE),
    # courses
    "course_list": ("get", "/courses/", ANY_USER),
    "course_create": ("get", "/courses/new/", (LOGIN, 403, 403, 200, 200, 403, 403)),
    "course_detail": ("get", "/courses/{course.pk}/", STAFF_READ),
    "course_edit": ("get", "/courses/{course.pk}/edit/", STAFF_WRITE),
    "objective_add": ("post", "/courses/{course.pk}/objectives/", STAFF_POST),
    "objective_delete": ("post", "/objectives/{objective.pk}/delete/", STAFF_POST),
    "cohort_create": ("get", "/courses/{course.pk}/cohorts/new/", STAFF_WRITE),
    "cohort_detail": ("get", "/cohorts/{cohort.pk}/", STAFF_READ),
    "session_create": ("get", "/cohorts/{cohort.pk}/sessions/new/", STAFF_WRITE),
    "session_detail": ("get", "/sessions/{session.pk}/", STAFF_READ),
    "session_edit": ("get", "/sessions/{session.pk}/edit/", STAFF_WRITE),
    "activity_create": (
        "get",
        "/sessions/{session.pk}/activities/new/?phase=before&kind=article",
        STAFF_WRITE,
    ),
    "activity_edit": ("get", "/activities/{quiz_activity.pk}/edit/", STAFF_WRITE),
    "activity_move": ("post", "/activities/{quiz_activity.pk}/move/", STAFF_POST),
    "activity_delete": ("post", "/activities/{unclear_activity.pk}/delete/", STAFF_POST),
    "quiz_edit": ("get", "/activities/{quiz_activity.pk}/quiz/", STAFF_READ),
    "quiz_question_new": (
        "get",
        "/activities/{quiz_activity.pk}/quiz/questions/new/?type=numeric",
        STAFF_WRITE,
    ),
    "quiz_question_move": (
        "post",
        "/activities/{quiz_activity.pk}/quiz/questions/{question.pk}/move/",
        STAFF_POST,
    ),
    "quiz_question_edit": (
        "get",
        "/activities/{quiz_activity.pk}/quiz/questions/{question.pk}/",
        STAFF_WRITE,
    ),
    "quiz_question_remove": (
        "post",
        "/activities/{quiz_activity.pk}/quiz/questions/{question.pk}/remove/",
        STAFF_POST,
    ),
    "quiz_grading": ("get", "/activities/{open_quiz_activity.pk}/grading/", STAFF_READ),
    "quiz_grade_response": (
        "post",
        "/activities/{open_quiz_activity.pk}/grading/{open_response.pk}/",
        STAFF_POST,
    ),
    # question bank
    "bank": ("get", "/bank/", BANK_READ),
    "bank_question_new": ("get", "/bank/questions/new/?type=cloze", BANK_WRITE),
    "bank_question_edit": ("get", "/bank/questions/{question.pk}/", BANK_QUESTION),
    "question_preview": ("post", "/bank/questions/preview/?type=single_choice", BANK_POST),
    "bank_export": ("get", "/bank/export/?format=qti", BANK_READ),
    "bank_import": ("get", "/bank/import/", BANK_WRITE),
    "question_image_upload": ("post", "/bank/images/", BANK_POST),
    "question_image": ("get", "/bank/images/{question_image.pk}/", ORG_MEMBER),
    # resource library (trainer side): the organization's staff; managers read
    "library": ("get", "/library/", BANK_READ),
    "library_resource": ("get", "/library/resources/{library_resource.pk}/", LIBRARY_ITEM),
    "library_resource_status": (
        "get",
        "/library/resources/{library_resource.pk}/status/",
        LIBRARY_ITEM,
    ),
    "library_resource_retry": (
        "post",
        "/library/resources/{library_resource.pk}/retry/",
        (LOGIN, 404, 404, OK, OK, 403, 404),
    ),
    # questions inside a video (quizzes.video)
    "video_cue_add": (
        "post",
        "/library/resources/{cue_video.pk}/cues/",
        (LOGIN, 404, 404, OK, OK, 403, 404),
    ),
    "video_cue_delete": (
        "post",
        "/library/cues/{video_cue.pk}/delete/",
        # Two personas may remove it, and the first one would leave the other nothing:
        # checked persona by persona in quizzes/tests/test_video_cues.py.
        None,
    ),
    "video_cue_answer": (
        "post",
        "/learn/activities/{cue_activity.pk}/cues/{video_cue.pk}/",
        (LOGIN, OK, 404, 404, 404, 404, 404),
    ),
    # resource player: files, tracking, and the staff's preview of the files
    "learner_resource_media": (
        "get",
        "/learn/activities/{player_activity.pk}/media/file/",
        LEARNER,
    ),
    "learner_resource_track": (
        "post",
        "/learn/activities/{player_activity.pk}/track/",
        (LOGIN, OK, 404, 404, 404, 404, 404),
    ),
    "resource_media": ("get", "/library/resources/{library_resource.pk}/media/file/", LIBRARY_ITEM),
    # learner side
    "learner_home": ("get", "/learn/", ANY_USER),
    "learner_session": ("get", "/learn/sessions/{session.pk}/", LEARNER),
    "learner_session_pack": ("get", "/learn/sessions/{session.pk}/pack.zip", LEARNER),
    # printable PDF of a session (content.paper)
    "learner_session_paper": ("get", "/learn/sessions/{session.pk}/paper.pdf", LEARNER),
    "session_paper": ("get", "/sessions/{session.pk}/paper.pdf", STAFF_READ),
    "learner_activity": ("get", "/learn/activities/{article_activity.pk}/", LEARNER),
    # offline reading (content.pwa): the worker, the manifest and the offline page are
    # the same for everyone; the list of pages to keep is each user's own
    "service_worker": ("get", "/sw.js", PUBLIC),
    "web_manifest": ("get", "/manifest.webmanifest", PUBLIC),
    "learner_offline_manifest": ("get", "/learn/offline.json", ANY_USER),
    "learner_offline_page": ("get", "/learn/offline/", PUBLIC),
    # readiness and after
    "staff_dashboard": ("get", "/dashboard/", (LOGIN, 404, 404, 200, 200, 200, 200)),
    "readiness": ("get", "/sessions/{session.pk}/readiness/", STAFF_READ),
    "session_summary": ("get", "/sessions/{session.pk}/summary/", STAFF_READ),
    # live
    "live_control": ("get", "/sessions/{session.pk}/live/", STAFF_READ),
    "live_open": ("post", "/live/{live.pk}/open/{vote_activity.pk}/", STAFF_POST),
    "live_close": ("post", "/live/{live.pk}/close/", STAFF_POST),
    "live_reveal": ("post", "/live/{live.pk}/reveal/", STAFF_POST),
    "live_end": ("post", "/live/{live.pk}/end/", STAFF_POST),
    "live_present": ("get", "/live/{live.pk}/present/", STAFF_READ),
    "live_code": ("get", "/j/", PUBLIC),
    "live_join": ("get", "/j/{live.code}", PUBLIC),
    "live_participant": ("get", "/j/{live.code}/vote/", (302,) * 7),
}


GET_POST = frozenset({"get", "post"})
ANY_METHOD = None
# A request with any of these methods that the URL does not accept answers 405. HEAD is
# left out: require_GET and require_safe differ only there.
PROBED_METHODS = ("get", "post", "put", "patch", "delete")
# What a URL accepts when it is more than its TABLE method.
ACCEPTS: dict[str, frozenset[str] | None] = {
    # Django's form views take a PUT as a POST.
    "login": frozenset({"get", "post", "put"}),
    "password_reset": frozenset({"get", "post", "put"}),
    # Django's: a bad reset link is answered before the method is looked at, and
    # set_language redirects whatever is not a POST.
    "password_reset_confirm": ANY_METHOD,
    "set_language": ANY_METHOD,
    "invite_accept": GET_POST,
    "roster_import": GET_POST,
    "course_create": GET_POST,
    "course_edit": GET_POST,
    "cohort_create": GET_POST,
    "session_create": GET_POST,
    "session_edit": GET_POST,
    "activity_create": GET_POST,
    "activity_edit": GET_POST,
    "quiz_edit": GET_POST,
    "quiz_question_new": GET_POST,
    "quiz_question_edit": GET_POST,
    "bank_question_new": GET_POST,
    "bank_question_edit": GET_POST,
    "bank_import": GET_POST,
    "library_resource": GET_POST,
    "live_control": GET_POST,
    "live_join": GET_POST,
    "live_participant": GET_POST,
}


def _url_names(resolver=None, prefix="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            names |= _url_names(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


class PermissionTableTest(MediaTestCase):
    question_image: QuestionImage
    library_resource: Resource
    cue_video: Resource
    video_cue: VideoCue
    cue_activity: Activity
    player_activity: Activity
    objective: Objective | None
    live: LiveSession
    open_quiz_activity: Activity
    open_response: Response

    # Uploaded files (question images, resources) go to the class's temporary MEDIA_ROOT.

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.question_image = QuestionImage(organization=cls.org, content_type="image/png")
        cls.question_image.file.save("permissions.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
        cls.library_resource = create_resource(
            organization=cls.org,
            type=ResourceType.DOCUMENT,
            title="Fiche méthode",
            upload=ContentFile(b"Lire, puis venir en classe.\n", name="fiche.txt"),
            detected="text/plain",
        )
        cls.cue_video = Resource.objects.create(
            organization=cls.org, type=ResourceType.VIDEO, title="Capsule", duration=60.0,
            file="resources/capsule.mp4", detected="video/mp4",
        )  # fmt: skip
        cls.video_cue = VideoCue.objects.create(
            resource=cls.cue_video, question=cls.question, at_seconds=10
        )
        cls.cue_activity = add_activity(
            session=cls.session, phase=Phase.AFTER, kind=Kind.RESOURCE, title="Capsule",
            resource=cls.cue_video,
        )  # fmt: skip
        # The resource player: a document (a real file) after class, so never locked.
        cls.player_activity = add_activity(
            session=cls.session, phase=Phase.AFTER, kind=Kind.RESOURCE, title="Fiche",
            resource=cls.library_resource,
        )  # fmt: skip
        cls.objective = cls.course.objectives.first()
        cls.live = start_live(session=cls.session)
        # An open-text answer to grade, in a session of its own: readiness and the
        # summary of `session` keep reading single-choice answers only.
        open_session = create_session(
            cohort=cls.cohort, title="Séance 2", starts_at=timezone.now() + timedelta(days=9)
        )
        cls.open_quiz_activity = create_quiz_activity(
            session=open_session, phase=Phase.BEFORE, title="Réflexion"
        )
        open_question = create_question(
            organization=cls.org, neutral={"type": "open_text", "text": "Pourquoi ?"}
        )
        add_question_to_quiz(quiz=quiz_of(cls.open_quiz_activity), question=open_question)
        version = open_question.latest_version
        assert version is not None
        attempt = submit_attempt(
            activity=cls.open_quiz_activity,
            learner=cls.learner,
            client_key="permissions",
            answers={version.pk: ("Parce que.", "")},
        )
        cls.open_response = attempt.responses.get(question_version=version)

    def _path(self, template: str) -> str:
        return template.format(**{k: getattr(self, k) for k in dir(self) if not k.startswith("_")})

    def _check(self, name: str, method: str, template: str, expected) -> None:
        path = self._path(template)
        pairs = list(zip(PERSONAS, expected, strict=True))
        # Refusals first: an allowed POST may delete the object the others are refused.
        pairs.sort(key=lambda pair: pair[1] == OK)
        for persona, want in pairs:
            with self.subTest(url=name, persona=persona):
                self.client.logout()
                if persona != "anonymous":
                    self.client.force_login(getattr(self, persona))
                response = getattr(self.client, method)(path)
                if want == LOGIN:
                    self.assertEqual(response.status_code, 302)
                    self.assertTrue(
                        response["Location"].startswith("/login/"), response["Location"]
                    )
                elif want == OK:
                    self.assertIn(response.status_code, (200, 302, 400))
                else:
                    self.assertEqual(response.status_code, want)

    def test_it_covers_every_url(self):
        self.assertEqual(_url_names() - set(TABLE), set())

    def test_it_checks_every_url_for_every_persona(self):
        for name, (method, template, expected) in TABLE.items():
            if expected is not None:
                self._check(name, method, template, expected)

    def _status_by_method(self, template: str, expected) -> dict[str, int]:
        """The status of each probed method, asked by a persona the URL lets in (the
        trainer when none gets a 200); each request's writes are rolled back."""
        allowed = [p for p, want in zip(PERSONAS, expected, strict=True) if want in (200, OK)]
        persona = allowed[0] if allowed else "trainer"
        path = self._path(template)
        statuses = {}
        for method in PROBED_METHODS:
            with transaction.atomic():
                self.client.logout()
                if persona != "anonymous":
                    self.client.force_login(getattr(self, persona))
                statuses[method] = getattr(self.client, method)(path).status_code
                transaction.set_rollback(True)
        return statuses

    def test_it_refuses_the_methods_a_url_does_not_accept(self):
        self.assertLessEqual(set(ACCEPTS), set(TABLE))
        for name, (method, template, expected) in TABLE.items():
            accepted = ACCEPTS.get(name, frozenset({method}))
            if accepted is ANY_METHOD:
                continue
            with self.subTest(url=name):
                statuses = self._status_by_method(template, expected or (None,) * len(PERSONAS))
                refused = {m: statuses[m] for m in PROBED_METHODS if m not in accepted}
                for wanted in accepted:
                    self.assertNotEqual(statuses[wanted], 405, wanted)
                self.assertEqual(refused, dict.fromkeys(refused, 405))
