from amont.live.actions import close_vote, end_live, join_live, open_vote, reveal, start_live
from amont.live.models import LiveSession, LiveState, LiveVote, Participant
from amont.live.tests.base import LiveTestCase


class LiveControlTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/sessions/{self.session.pk}/live/"

    def test_it_sends_anonymous_visitors_to_login(self):
        for method in (self.client.get, self.client.post):
            response = method(self.url)
            self.assertRedirects(
                response, "/login/?next=" + self.url, fetch_redirect_response=False
            )

    def test_it_hides_the_page_from_outsiders(self):
        for user in (self.outsider_manager, self.other_trainer, self.learner):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
            self.assertEqual(self.client.post(self.url).status_code, 404)

    def test_it_shows_the_join_code_and_questions_to_the_trainer(self):
        self.login(self.trainer)
        response = self.client.get(self.url)
        self.assertContains(response, self.live.code)
        self.assertContains(response, f"http://testserver/j/{self.live.code}")
        self.assertContains(response, "<svg")
        self.assertContains(response, self.vote_activity.title)
        self.assertContains(response, f"/live/{self.live.pk}/open/{self.vote_activity.pk}/")
        self.assertContains(response, f"/live/{self.live.pk}/end/")
        self.assertContains(response, f"/live/{self.live.pk}/present/")
        self.assertContains(response, f"/ws/live/{self.live.code}/presenter/")
        self.assertNotContains(response, self.quiz_activity.title)

    def test_it_lets_the_manager_look_without_buttons(self):
        self.login(self.manager)
        response = self.client.get(self.url)
        self.assertContains(response, self.live.code)
        self.assertNotContains(response, f"/live/{self.live.pk}/open/")
        self.assertNotContains(response, f"/live/{self.live.pk}/end/")

    def test_it_forbids_the_manager_to_start(self):
        end_live(live=self.live)
        self.login(self.manager)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertFalse(LiveSession.objects.filter(ended_at__isnull=True).exists())

    def test_it_starts_a_live_session(self):
        end_live(live=self.live)
        self.login(self.trainer)
        response = self.client.get(self.url)
        self.assertContains(response, "Start a live session")
        response = self.client.post(self.url)
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        live = LiveSession.objects.get(ended_at__isnull=True)
        self.assertEqual(live.session, self.session)
        self.assertContains(self.client.get(self.url), live.code)

    def test_it_does_not_start_a_second_live_session(self):
        self.login(self.trainer)
        self.client.post(self.url)
        self.assertEqual(LiveSession.objects.get(), self.live)

    def test_it_refuses_other_methods(self):
        self.login(self.trainer)
        self.assertEqual(self.client.put(self.url).status_code, 405)


class LiveActionViewsTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        self.control = f"/sessions/{self.session.pk}/live/"
        self.open_url = f"/live/{self.live.pk}/open/{self.vote_activity.pk}/"

    def urls(self):
        base = f"/live/{self.live.pk}/"
        return [self.open_url, base + "close/", base + "reveal/", base + "end/"]

    def test_it_sends_anonymous_visitors_to_login(self):
        for url in self.urls():
            response = self.client.post(url)
            self.assertRedirects(response, "/login/?next=" + url, fetch_redirect_response=False)

    def test_it_accepts_only_post(self):
        self.login(self.trainer)
        for url in self.urls():
            self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(LiveSession.objects.get().state, LiveState.WAITING)

    def test_it_hides_the_live_session_from_outsiders(self):
        for user in (self.outsider_manager, self.other_trainer, self.learner):
            self.login(user)
            for url in self.urls():
                self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(LiveSession.objects.get().state, LiveState.WAITING)

    def test_it_forbids_the_manager(self):
        self.login(self.manager)
        for url in self.urls():
            self.assertEqual(self.client.post(url).status_code, 403)
        self.assertEqual(LiveSession.objects.get().state, LiveState.WAITING)

    def test_it_runs_a_question_from_open_to_reveal(self):
        self.login(self.trainer)
        base = f"/live/{self.live.pk}/"
        for url, state in (
            (self.open_url, LiveState.VOTING),
            (base + "close/", LiveState.CLOSED),
            (base + "reveal/", LiveState.REVEALED),
            (base + "end/", LiveState.ENDED),
        ):
            response = self.client.post(url)
            self.assertRedirects(response, self.control, fetch_redirect_response=False)
            live = LiveSession.objects.get()
            self.assertEqual(live.state, state)
        self.assertEqual(live.current_activity, self.vote_activity)
        self.assertIsNotNone(live.ended_at)

    def test_it_shows_an_error_for_a_refused_step(self):
        self.login(self.trainer)
        response = self.client.post(f"/live/{self.live.pk}/reveal/", follow=True)
        self.assertContains(response, "There is no question to reveal.")
        self.assertEqual(LiveSession.objects.get().state, LiveState.WAITING)

    def test_it_opens_only_live_votes(self):
        self.login(self.trainer)
        url = f"/live/{self.live.pk}/open/{self.quiz_activity.pk}/"
        response = self.client.post(url, follow=True)
        self.assertContains(response, "This activity is not a live vote of this session.")
        self.assertEqual(LiveSession.objects.get().state, LiveState.WAITING)

    def test_it_opens_no_activity_of_another_session(self):
        other_live = start_live(session=self.other_session)
        self.login(self.trainer)
        url = f"/live/{other_live.pk}/open/{self.vote_activity.pk}/"
        self.assertEqual(self.client.post(url).status_code, 404)
        self.login(self.other_trainer)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(LiveSession.objects.get(pk=other_live.pk).state, LiveState.WAITING)


class LivePresentTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/live/{self.live.pk}/present/"

    def test_it_sends_anonymous_visitors_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)

    def test_it_hides_the_projector_from_outsiders(self):
        for user in (self.outsider_manager, self.other_trainer, self.learner):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_shows_the_code_and_the_results(self):
        open_vote(live=self.live, activity=self.vote_activity)
        for user in (self.trainer, self.manager):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, self.live.code)
            self.assertContains(response, "<svg")
            self.assertContains(response, "La chaleur du soleil")
            self.assertContains(response, 'data-voters="0"')
            self.assertContains(response, f"/ws/live/{self.live.code}/presenter/")
            self.assertContains(response, "js/live-present.js")

    def test_it_keeps_the_right_answer_for_the_reveal(self):
        open_vote(live=self.live, activity=self.vote_activity)
        self.login(self.trainer)
        self.assertNotContains(self.client.get(self.url), "Right answer")
        close_vote(live=self.live)
        self.client.post(f"/live/{self.live.pk}/reveal/")
        self.assertContains(self.client.get(self.url), "Right answer")

    def test_it_refuses_post(self):
        self.login(self.trainer)
        self.assertEqual(self.client.post(self.url).status_code, 405)


class LiveJoinTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/j/{self.live.code}"
        self.vote_url = f"/j/{self.live.code}/vote/"

    def test_it_asks_an_anonymous_visitor_for_a_pseudonym(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'name="pseudonym"')
        self.assertContains(response, self.live.code)

    def test_it_joins_with_a_pseudonym(self):
        response = self.client.post(self.url, {"pseudonym": "Camille"})
        self.assertRedirects(response, self.vote_url, fetch_redirect_response=False)
        participant = Participant.objects.get(pseudonym="Camille")
        self.assertIsNone(participant.user)
        cookie = response.cookies[f"amont_live_{self.live.code}"]
        self.assertTrue(cookie.value.startswith(participant.token + ":"))  # signed
        self.assertTrue(cookie["httponly"])
        # Coming back to the link later goes straight to the vote.
        self.assertRedirects(
            self.client.get(self.url), self.vote_url, fetch_redirect_response=False
        )
        self.assertEqual(Participant.objects.filter(live=self.live).count(), 2)

    def test_it_asks_again_for_an_empty_pseudonym(self):
        response = self.client.post(self.url, {"pseudonym": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This field is required.")
        self.assertEqual(Participant.objects.filter(live=self.live).count(), 1)

    def test_it_joins_a_logged_in_learner_with_their_account(self):
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertContains(response, "Join as Léa")
        self.assertNotContains(response, 'name="pseudonym"')
        self.assertFalse(Participant.objects.filter(user=self.learner).exists())
        response = self.client.post(self.url)
        self.assertRedirects(response, self.vote_url, fetch_redirect_response=False)
        self.client.post(self.url)
        self.assertRedirects(
            self.client.get(self.url), self.vote_url, fetch_redirect_response=False
        )
        self.assertEqual(Participant.objects.filter(live=self.live, user=self.learner).count(), 1)

    def test_it_finds_the_participant_of_a_logged_in_learner_on_another_phone(self):
        participant = join_live(live=self.live, user=self.learner)
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertRedirects(response, self.vote_url, fetch_redirect_response=False)
        page = self.client.get(self.vote_url)
        self.assertContains(page, f"token={participant.token}")

    def test_it_accepts_the_code_in_any_case_and_with_a_slash(self):
        for url in (f"/j/{self.live.code.lower()}", f"/j/{self.live.code}/"):
            response = self.client.post(url, {"pseudonym": "Camille"})
            self.assertRedirects(response, self.vote_url, fetch_redirect_response=False)

    def test_it_helps_with_an_unknown_code(self):
        response = self.client.get("/j/ZZZZZZ")
        self.assertContains(response, "No live session has the code ZZZZZZ.", status_code=404)
        self.assertContains(response, 'name="code"', status_code=404)

    def test_it_turns_away_newcomers_once_ended(self):
        end_live(live=self.live)
        self.assertContains(self.client.get(self.url), "This live session has ended.")
        response = self.client.post(self.url, {"pseudonym": "Late"})
        self.assertContains(response, "This live session has ended.")
        self.assertFalse(Participant.objects.filter(pseudonym="Late").exists())
        self.login(self.learner)
        self.assertContains(self.client.post(self.url), "This live session has ended.")
        self.assertFalse(Participant.objects.filter(user=self.learner).exists())

    def test_it_redirects_a_typed_code(self):
        response = self.client.get("/j/", {"code": f" {self.live.code.lower()} "})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)

    def test_it_asks_for_the_code(self):
        response = self.client.get("/j/")
        self.assertContains(response, 'name="code"')
        self.assertContains(self.client.get("/j/", {"code": "-"}), "Type the code shown")

    def test_it_refuses_other_methods(self):
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertEqual(self.client.post("/j/").status_code, 405)


class LiveParticipantTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/j/{self.live.code}/vote/"
        self.client.post(f"/j/{self.live.code}", {"pseudonym": "Camille"})
        self.me = Participant.objects.get(pseudonym="Camille")

    def post_vote(self, choice=1, client_id="no-js-1", activity=None):
        return self.client.post(
            self.url,
            {
                "activity": activity or self.vote_activity.pk,
                "choice": choice,
                "client_id": client_id,
            },
        )

    def test_it_sends_a_stranger_to_the_join_form(self):
        self.client.cookies.clear()
        response = self.client.get(self.url)
        self.assertRedirects(response, f"/j/{self.live.code}", fetch_redirect_response=False)
        self.post_vote()
        self.assertFalse(LiveVote.objects.exists())

    def test_it_ignores_a_forged_cookie(self):
        self.client.cookies[f"amont_live_{self.live.code}"] = self.participant.token
        response = self.client.get(self.url)
        self.assertRedirects(response, f"/j/{self.live.code}", fetch_redirect_response=False)

    def test_it_waits_for_the_question(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Waiting for the next question")
        self.assertContains(response, 'aria-live="polite"')
        self.assertContains(response, f"/ws/live/{self.live.code}/?token={self.me.token}")
        self.assertContains(response, "js/live-vote.js")

    def test_it_is_a_light_page(self):
        open_vote(live=self.live, activity=self.vote_activity)
        response = self.client.get(self.url)
        self.assertContains(response, "La chaleur du soleil")
        self.assertLess(len(response.content), 30_000)
        self.assertNotContains(response, "htmx")

    def test_it_stores_one_vote_without_javascript(self):
        open_vote(live=self.live, activity=self.vote_activity)
        page = self.client.get(self.url)
        self.assertContains(page, 'name="choice" value="2"')
        self.assertContains(page, 'name="client_id"')
        response = self.post_vote(choice=2, client_id="no-js-1")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.post_vote(choice=2, client_id="no-js-1")  # a double submit
        vote = LiveVote.objects.get()
        self.assertEqual((vote.participant, vote.choice), (self.me, 2))
        self.assertContains(self.client.get(self.url), "Vote received: C. La lune")

    def test_it_changes_a_vote_without_javascript(self):
        open_vote(live=self.live, activity=self.vote_activity)
        self.post_vote(choice=2, client_id="first")
        self.post_vote(choice=0, client_id="second")
        self.assertEqual(LiveVote.objects.get().choice, 0)

    def test_it_explains_a_refused_vote(self):
        open_vote(live=self.live, activity=self.vote_activity)
        close_vote(live=self.live)
        response = self.client.post(
            self.url,
            {"activity": self.vote_activity.pk, "choice": 1, "client_id": "late"},
            follow=True,
        )
        self.assertContains(response, "Voting is not open for this question.")
        self.assertContains(response, "You did not vote on this question.")
        self.assertFalse(LiveVote.objects.exists())

    def test_it_refuses_a_vote_for_another_activity(self):
        open_vote(live=self.live, activity=self.vote_activity)
        response = self.post_vote(activity=self.quiz_activity.pk)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(LiveVote.objects.exists())

    def test_it_refuses_a_malformed_vote(self):
        open_vote(live=self.live, activity=self.vote_activity)
        response = self.client.post(self.url, {"choice": "x"}, follow=True)
        self.assertContains(response, "This vote could not be stored.")
        self.assertFalse(LiveVote.objects.exists())

    def test_it_reveals_the_right_answer(self):
        open_vote(live=self.live, activity=self.vote_activity)
        self.post_vote(choice=1)
        reveal(live=self.live)
        response = self.client.get(self.url)
        self.assertContains(response, "The right answer: A. La chaleur du soleil")
        self.assertContains(response, "Your vote: B. Le vent seul")
        self.assertContains(response, "Le vent aide.")

    def test_it_says_when_the_live_session_ended(self):
        end_live(live=self.live)
        self.assertContains(self.client.get(self.url), "This live session has ended.")

    def test_it_sends_a_learner_who_has_not_joined_to_the_join_page(self):
        self.client.cookies.clear()
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertRedirects(response, f"/j/{self.live.code}", fetch_redirect_response=False)
        self.assertFalse(Participant.objects.filter(user=self.learner).exists())

    def test_it_hides_unknown_codes(self):
        response = self.client.get("/j/ZZZZZZ/vote/")
        self.assertEqual(response.status_code, 404)

    def test_it_refuses_other_methods(self):
        self.assertEqual(self.client.put(self.url).status_code, 405)
