from amont.live.actions import cast_vote, join_live, open_vote
from amont.live.queries import vote_results
from amont.live.tests.base import LiveTestCase
from amont.quizzes.actions import edit_question


class VoteResultsTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        open_vote(live=self.live, activity=self.vote_activity)

    def vote(self, participant, choice):
        cast_vote(
            participant=participant,
            activity=self.vote_activity,
            choice=choice,
            client_id=f"{participant.pk}-{choice}",
        )

    def test_it_counts_votes_per_option(self):
        others = [join_live(live=self.live, pseudonym=name) for name in ("A", "B", "C")]
        self.vote(self.participant, 0)
        self.vote(others[0], 0)
        self.vote(others[1], 1)
        with self.assertNumQueries(2):
            results = vote_results(live=self.live, activity=self.vote_activity)
        self.assertEqual(results.question, "Qu'est-ce qui fait s'évaporer l'eau des océans ?")
        self.assertEqual(
            [(o.label, o.text, o.count, o.percent, o.correct) for o in results.options],
            [
                ("A", "La chaleur du soleil", 2, 67, True),
                ("B", "Le vent seul", 1, 33, False),
                ("C", "La lune", 0, 0, False),
            ],
        )
        self.assertEqual((results.voters, results.participants), (3, 4))

    def test_it_counts_a_replaced_vote_once(self):
        self.vote(self.participant, 0)
        self.vote(self.participant, 2)
        results = vote_results(live=self.live, activity=self.vote_activity)
        self.assertEqual([o.count for o in results.options], [0, 0, 1])
        self.assertEqual(results.voters, 1)

    def test_it_shows_zeros_before_the_first_vote(self):
        results = vote_results(live=self.live, activity=self.vote_activity)
        self.assertEqual([(o.count, o.percent) for o in results.options], [(0, 0)] * 3)
        self.assertEqual((results.voters, results.participants), (0, 1))

    def test_it_uses_the_latest_version_of_the_question(self):
        edit_question(
            question=self.question,
            text="Vrai ou faux ?",
            options=[{"text": "Vrai", "correct": True}, {"text": "Faux"}],
        )
        results = vote_results(live=self.live, activity=self.vote_activity)
        self.assertEqual(results.question, "Vrai ou faux ?")
        self.assertEqual([o.text for o in results.options], ["Vrai", "Faux"])

    def test_it_counts_rounds_apart(self):
        cast_vote(
            participant=self.participant,
            activity=self.vote_activity,
            choice=1,
            client_id="round-2",
            round=2,
        )
        self.assertEqual(vote_results(live=self.live, activity=self.vote_activity).voters, 0)
        second = vote_results(live=self.live, activity=self.vote_activity, round=2)
        self.assertEqual([o.count for o in second.options], [0, 1, 0])
