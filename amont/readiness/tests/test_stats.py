from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from amont.readiness import stats
from amont.readiness.stats import Preparation

counts_lists = st.lists(st.integers(min_value=0, max_value=10_000), max_size=12)
options_lists = st.integers(min_value=1, max_value=6).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.integers(min_value=0, max_value=n - 1),
        st.lists(st.tuples(st.integers(min_value=-1, max_value=n), st.booleans()), max_size=60),
    )
)


def _options(n: int, correct: int) -> list[dict]:
    return [{"text": f"option {i}", "correct": i == correct} for i in range(n)]


@given(counts_lists)
def test_it_makes_shares_add_up_to_100(counts):
    result = stats.shares(counts)
    total = sum(counts)
    assert len(result) == len(counts)
    assert sum(result) == (100 if total else 0)
    for count, share in zip(counts, result, strict=True):
        exact = 100 * count / total if total else 0
        assert abs(share - exact) < 1


def test_it_breaks_ties_of_shares_by_position():
    assert stats.shares([1, 1, 1]) == [34, 33, 33]
    assert stats.shares([0, 0]) == [0, 0]
    assert stats.shares([]) == []


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_it_rounds_percent_half_up_within_bounds(part, extra):
    whole = part + extra
    result = stats.percent(part, whole)
    if whole == 0:
        assert result is None
    else:
        assert result is not None
        assert 0 <= result <= 100
        assert abs(result - 100 * part / whole) <= 0.5


def test_it_rounds_known_percents():
    assert stats.percent(1, 3) == 33
    assert stats.percent(2, 3) == 67
    assert stats.percent(1, 2) == 50
    assert stats.percent(1, 8) == 13  # 12.5 rounds up, not to the even 12
    assert stats.percent(3, 0) is None


@given(st.lists(st.integers(min_value=-3, max_value=8)), st.integers(min_value=0, max_value=6))
def test_it_counts_a_distribution_without_inventing_votes(choices, option_count):
    counts = stats.distribution(choices, option_count)
    assert len(counts) == option_count
    assert sum(counts) == sum(1 for c in choices if 0 <= c < option_count)
    assert all(count <= len(choices) for count in counts)


@given(options_lists)
def test_it_keeps_item_stats_consistent(case):
    n, correct, answers = case
    item = stats.item_stats(text="Q", options=_options(n, correct), answers=answers)
    valid = [(choice, sure) for choice, sure in answers if 0 <= choice < n]
    assert item.answered == len(valid)
    assert sum(o.count for o in item.options) == item.answered
    assert sum(o.share for o in item.options) == (100 if item.answered else 0)
    assert item.right == sum(1 for choice, _ in valid if choice == correct)
    assert item.right <= item.answered
    assert item.confident_wrong <= item.answered - item.right
    assert [o.correct for o in item.options].count(True) == 1
    for option in item.options:
        assert option.confident_wrong <= option.count
        if option.correct:
            assert option.confident_wrong == 0
    if item.answered:
        assert item.percent_right is not None
        assert 0 <= item.percent_right <= 100
    else:
        assert item.percent_right is None


def test_it_counts_confident_but_wrong_answers_per_option():
    item = stats.item_stats(
        text="Q", options=_options(3, 0), answers=[(0, True), (1, True), (1, False), (2, True)]
    )
    assert [o.count for o in item.options] == [1, 2, 1]
    assert [o.confident_wrong for o in item.options] == [0, 1, 1]
    assert item.percent_right == 25
    assert item.confident_wrong == 2
    assert [o.letter for o in item.options] == ["A", "B", "C"]


activity_sets = st.lists(
    st.tuples(st.integers(min_value=1, max_value=30), st.booleans()),
    max_size=8,
    unique_by=lambda pair: pair[0],
)


@given(activity_sets)
def test_it_expects_required_activities_or_all_of_them(activities):
    expected = stats.expected_activity_ids(activities)
    all_ids = {pk for pk, _ in activities}
    required = {pk for pk, is_required in activities if is_required}
    assert expected <= all_ids
    assert expected == (required or all_ids)


@given(activity_sets, st.sets(st.integers(min_value=1, max_value=40)))
def test_it_classifies_preparation(activities, done):
    before = {pk for pk, _ in activities}
    expected = stats.expected_activity_ids(activities)
    status = stats.preparation_status(done, before, expected)
    if not done & before:
        assert status == Preparation.NONE
    elif expected <= done:
        assert status == Preparation.FULL
    else:
        assert status == Preparation.PARTIAL
    if before and before <= done:
        assert status == Preparation.FULL


def test_it_counts_nobody_prepared_without_before_class_activity():
    assert stats.preparation_status({1}, set(), frozenset()) == Preparation.NONE


@given(st.lists(st.sampled_from(list(Preparation)), max_size=50))
def test_it_counts_preparation(statuses):
    counts = stats.count_preparation(statuses)
    assert counts.full + counts.partial + counts.none == counts.enrolled == len(statuses)
    assert counts.full <= counts.enrolled
    if counts.enrolled:
        assert counts.rate is not None
        assert 0 <= counts.rate <= 100
        assert sum(counts.shares) == 100
    else:
        assert counts.rate is None


@given(
    st.lists(st.integers(min_value=1, max_value=5), unique=True, min_size=1),
    st.lists(st.tuples(st.one_of(st.none(), st.integers(min_value=0, max_value=7)), st.booleans())),
)
def test_it_scores_objectives(objective_ids, answers):
    scores = stats.objective_scores(objective_ids, answers)
    assert [s.objective_id for s in scores] == objective_ids
    assert sum(s.answered for s in scores) <= len(answers)
    for score in scores:
        assert score.right <= score.answered
    weakest = stats.weakest_objective(scores)
    assessed = [s for s in scores if s.answered]
    if not assessed:
        assert weakest is None
    else:
        assert weakest is not None
        assert weakest.answered
        assert all(weakest.right / weakest.answered <= s.right / s.answered for s in assessed)


def test_it_picks_the_weakest_objective():
    scores = stats.objective_scores([1, 2, 3], [(1, True), (1, False), (2, False), (None, False)])
    assert [(s.right, s.answered) for s in scores] == [(1, 2), (0, 1), (0, 0)]
    weakest = stats.weakest_objective(scores)
    assert weakest is not None
    assert weakest.objective_id == 2


@given(st.lists(st.integers(min_value=0, max_value=7)))
def test_it_summarises_ratings(ratings):
    summary = stats.rating_summary(ratings)
    valid = [r for r in ratings if 1 <= r <= 5]
    assert summary.count == len(valid) == sum(summary.counts)
    assert sum(summary.shares) == (100 if valid else 0)
    if valid:
        assert summary.mean is not None
        assert 1 <= summary.mean <= 5
    else:
        assert summary.mean is None
    assert [rating for rating, _, _ in summary.rows] == [5, 4, 3, 2, 1]


def test_it_computes_the_vote_gain():
    options = _options(3, 0)
    first = stats.item_stats(text="Q", options=options, answers=[(0, False), (1, False)])
    second = stats.item_stats(text="Q", options=options, answers=[(0, False), (0, False)])
    assert stats.vote_gain(first, second) == 50
    assert stats.vote_gain(first, None) is None


def test_it_says_late_only_after_the_due_date():
    due = datetime(2030, 1, 1, tzinfo=UTC)
    assert stats.is_late(due + timedelta(seconds=1), due)
    assert not stats.is_late(due, due)
    assert not stats.is_late(due + timedelta(days=1), None)
    assert not stats.is_late(None, due)
