import itertools
import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amont.content.intervals import (
    EPSILON,
    MAX_SEGMENTS_PER_BATCH,
    CompletionRule,
    accept_segments,
    add,
    fraction_watched,
    is_complete,
    merge,
    parse_batch,
    sanitize_position,
    sanitize_segment,
    watched_seconds,
)

WATCH_80 = CompletionRule("watched_fraction", 0.8)


def _play(*segments, duration=600.0):
    """Segments as the server adds them, one batch after another."""
    watched = []
    for start, end in segments:
        segment = sanitize_segment(start, end, duration, max_segment=duration)
        if segment:
            watched = add(watched, *segment)
    return watched


# Watching.


def test_it_counts_a_seek_as_two_stretches():
    # Play 0-10, seek to 50, play 50-60.
    watched = _play((0, 10), (50, 60))

    assert watched == [(0, 10), (50, 60)]
    assert watched_seconds(watched, 600) == 20


def test_it_counts_a_replay_once():
    watched = _play((0, 10), (0, 10), (2, 8))

    assert watched == [(0, 10)]
    assert watched_seconds(watched, 600) == 10


def test_it_counts_a_partial_replay_by_its_new_part():
    assert watched_seconds(_play((0, 10), (5, 15)), 600) == 15


def test_it_does_not_count_skipping_to_the_end_as_watching():
    watched = _play((0, 2), (598, 600))

    assert watched_seconds(watched, 600) == 4
    assert fraction_watched(watched, 600) == pytest.approx(4 / 600)
    assert not is_complete(WATCH_80, intervals=watched, duration=600)


def test_it_completes_at_80_percent_watched_in_any_order():
    watched = _play((300, 480), (0, 150), (150, 300))

    assert watched == [(0, 480)]
    assert is_complete(WATCH_80, intervals=watched, duration=600)
    assert not is_complete(WATCH_80, intervals=_play((0, 479)), duration=600)


def test_it_joins_stretches_a_few_frames_apart_but_not_more():
    assert merge([(0, 10), (10.2, 20)]) == [(0, 20)]
    assert merge([(0, 10), (10 + EPSILON + 0.01, 20)]) == [(0, 10), (10 + EPSILON + 0.01, 20)]
    assert merge([(0, 10), (10, 20)], epsilon=0) == [(0, 20)]  # touching


def test_it_drops_empty_reversed_and_broken_pairs_when_merging():
    assert merge([(5, 5), (9, 3), (math.nan, 4), (1, math.inf), [1], (1, 2)]) == [(1, 2)]
    assert merge([]) == []


def test_it_counts_only_within_the_media():
    watched = [(-5, 3), (590, 700)]

    assert watched_seconds(watched, 600) == 13
    assert watched_seconds(watched) == 113  # unknown duration: no upper bound
    assert watched_seconds([(0, 900)], 600) == 600
    assert fraction_watched([(0, 900)], 600) == 1


@pytest.mark.parametrize("duration", [None, 0, -1, math.nan, math.inf])
def test_it_never_completes_a_watched_fraction_without_a_duration(duration):
    assert fraction_watched([(0, 10)], duration) == 0
    assert not is_complete(WATCH_80, intervals=[(0, 10)], duration=duration)


# What a client sends.


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 10, (0, 10)),
        (590, 605, (590, 600)),  # the browser's duration is a few frames longer
        (-1, 5, None),
        (5, 3, None),
        (5, 5, None),
        (600, 610, None),
        (math.nan, 5, None),
        (0, math.inf, None),
        ("0", 5, None),
        (True, 5, None),
        (None, 5, None),
        (0, 30, None),  # longer than the batch allows
    ],
)
def test_it_sanitizes_a_segment(start, end, expected):
    assert sanitize_segment(start, end, 600, max_segment=20) == expected


def test_it_refuses_rather_than_clamps_a_segment_too_long_for_its_batch():
    # The client claims 0-600 s in a batch sent 10 s after the previous one.
    assert sanitize_segment(0, 600, 600, max_segment=10 * 2) is None


def test_it_keeps_the_end_of_a_segment_when_the_duration_is_unknown():
    assert sanitize_segment(0, 12.5, None, max_segment=20) == (0, 12.5)


def test_it_accepts_segments_up_to_the_budget():
    segments = [[0, 10], [10, 20], ["x", 3], [1], [20, 30], [30, 40]]

    assert accept_segments(segments, duration=600, budget=25) == [(0, 10), (10, 20)]
    assert len(accept_segments(segments, duration=600, budget=1000)) == 4
    assert accept_segments([[0, 600]], duration=600, budget=1000) == []  # too long


def test_it_sanitizes_the_resume_position():
    assert sanitize_position(42.5, 600) == 42.5
    assert sanitize_position(-3, 600) == 0
    assert sanitize_position(601, 600) == 600
    assert sanitize_position(None, 600) is None
    assert sanitize_position(math.nan, 600) is None


def test_it_parses_the_batch_the_client_sends():
    raw = json.dumps(
        {
            "batch": "0b5c7f0e-6a8d-4f4e-9c1e-3a1f0d2b9e11",
            "segments": [[0, 10.25], [12, 15], ["a", 1], [1, 2, 3], 4],
            "position": 15,
        }
    )

    batch = parse_batch(raw)

    assert batch is not None
    assert batch.id == "0b5c7f0e-6a8d-4f4e-9c1e-3a1f0d2b9e11"
    assert batch.segments == [(0, 10.25), (12, 15)]
    assert batch.position == 15


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not json",
        "[]",
        '{"segments": [], "position": 0}',
        '{"batch": "", "segments": []}',
        '{"batch": "a b", "segments": []}',
        '{"batch": "' + "a" * 65 + '", "segments": []}',
        '{"batch": 12, "segments": []}',
        '{"batch": "abc", "segments": {}}',
        '{"batch": "abc"}',
        json.dumps({"batch": "abc", "segments": [[0, 1]] * (MAX_SEGMENTS_PER_BATCH + 1)}),
        json.dumps({"batch": "abc", "segments": [], "pad": "x" * 20_000}),
    ],
)
def test_it_refuses_what_is_not_a_batch(raw):
    assert parse_batch(raw) is None


def test_it_reads_a_batch_without_position_or_with_nan():
    assert parse_batch('{"batch": "abc", "segments": []}').position is None
    assert parse_batch('{"batch": "abc", "segments": [[0, NaN]], "position": NaN}') == (
        parse_batch('{"batch": "abc", "segments": []}')
    )


# Completion rules.


def test_it_completes_an_opened_rule_once_opened():
    rule = CompletionRule("opened")

    assert is_complete(rule, opened=True)
    assert not is_complete(rule, opened=False, intervals=[(0, 100)], duration=100)


def test_it_completes_a_time_spent_rule_at_its_threshold():
    rule = CompletionRule("time_spent", 120)

    assert is_complete(rule, opened=True, seconds_spent=120)
    assert not is_complete(rule, opened=True, seconds_spent=119.5)


def test_it_completes_a_fraction_exactly_at_its_threshold():
    assert is_complete(WATCH_80, intervals=[(0, 480)], duration=600)
    assert is_complete(CompletionRule("watched_fraction", 1), intervals=[(0, 600)], duration=600)


@pytest.mark.parametrize(
    ("kind", "threshold"),
    [
        ("watched", 0.8),
        ("watched_fraction", 0),
        ("watched_fraction", 80),
        ("watched_fraction", math.nan),
        ("time_spent", -1),
    ],
)
def test_it_refuses_a_meaningless_rule(kind, threshold):
    with pytest.raises(ValueError):
        CompletionRule(kind, threshold)


# Properties.

times = st.floats(min_value=0, max_value=1000, allow_nan=False)
pairs = st.tuples(times, times)  # reversed and empty pairs included
interval_lists = st.lists(pairs, max_size=30)
# Endpoints on a 0.1 s grid, so that a 0.05 s grid measures their union exactly.
tenths = st.integers(min_value=0, max_value=1000).map(lambda n: n / 10)
tenth_lists = st.lists(st.tuples(tenths, tenths), max_size=20)


def _grid_measure(intervals, step=0.05, end=100.0):
    """The union's length, naively: the cells of [0, end] whose middle it covers."""
    covered = bytearray(round(end / step))
    for start, stop in intervals:
        first = max(0, math.floor(start / step) - 1)
        for cell in range(first, min(len(covered), math.ceil(stop / step) + 1)):
            if start <= (cell + 0.5) * step < stop:
                covered[cell] = 1
    return sum(covered) * step


@given(interval_lists)
def test_it_merges_idempotently_into_sorted_disjoint_intervals(intervals):
    merged = merge(intervals)

    assert merge(merged) == merged
    for start, end in merged:
        assert start < end
    for (_, end), (start, _) in itertools.pairwise(merged):
        assert start > end + EPSILON


@given(st.data(), interval_lists)
def test_it_merges_regardless_of_order(data, intervals):
    shuffled = data.draw(st.permutations(intervals))

    assert merge(shuffled) == merge(intervals)


@given(interval_lists, st.floats(min_value=0.1, max_value=2000, allow_nan=False))
def test_it_never_counts_more_than_the_duration(intervals, duration):
    seconds = watched_seconds(intervals, duration)

    assert 0 <= seconds <= duration
    assert 0 <= fraction_watched(intervals, duration) <= 1


@given(interval_lists, pairs, st.one_of(st.none(), st.floats(min_value=1, max_value=2000)))
def test_it_never_counts_less_after_adding_a_segment(intervals, segment, duration):
    watched = merge(intervals)

    assert watched_seconds(add(watched, *segment), duration) >= watched_seconds(watched, duration)


@given(tenth_lists)
def test_it_measures_the_union_like_a_fine_grid(intervals):
    grid = _grid_measure(intervals)

    assert watched_seconds(merge(intervals, epsilon=0)) == pytest.approx(grid, abs=1e-6)
    assert watched_seconds(intervals) == pytest.approx(grid, abs=1e-6)
    # Closing gaps shorter than EPSILON adds at most EPSILON per gap closed.
    merged = watched_seconds(merge(intervals))
    assert grid - 1e-6 <= merged <= grid + EPSILON * len(intervals) + 1e-6


@given(interval_lists, st.floats(min_value=1, max_value=2000))
def test_it_measures_any_floats_close_to_a_grid(intervals, duration):
    step = 0.5
    clipped = [(min(a, duration), min(b, duration)) for a, b in intervals]
    grid = _grid_measure(clipped, step=step, end=math.ceil(duration / step) * step)

    # Each interval's two ends can each be off by up to one cell.
    tolerance = 2 * step * len(intervals) + 1e-6
    assert watched_seconds(intervals, duration) == pytest.approx(grid, abs=tolerance)


@given(
    st.lists(st.tuples(st.one_of(times, st.just(math.nan), st.just(-1.0)), times), max_size=20),
    st.floats(min_value=1, max_value=1000),
    st.floats(min_value=1, max_value=100),
)
def test_it_only_lets_through_segments_within_the_media_and_the_limit(
    segments, duration, max_segment
):
    for start, end in segments:
        segment = sanitize_segment(start, end, duration, max_segment=max_segment)
        if segment is not None:
            assert 0 <= segment[0] < segment[1] <= duration
            assert segment[1] - segment[0] <= max_segment


@given(st.lists(st.tuples(times, times), max_size=30), st.floats(min_value=0, max_value=500))
def test_it_never_accepts_more_than_the_budget(segments, budget):
    accepted = accept_segments(segments, duration=1000, max_segment=60, budget=budget)

    assert sum(end - start for start, end in accepted) <= budget + 1e-9


# Optional fields: time spent on a document's page, a linked video's reported length.


def test_it_reads_the_time_spent_and_the_reported_duration():
    batch = parse_batch('{"batch": "abc", "segments": [], "spent": 14.5, "duration": 212}')
    assert (batch.spent, batch.duration) == (14.5, 212.0)
    assert parse_batch('{"batch": "abc", "segments": [], "spent": 0}').spent == 0.0


@pytest.mark.parametrize("value", ["-1", "NaN", "Infinity", '"12"', "true", "null", "[3]", "-0.5"])
def test_it_drops_a_time_spent_that_is_not_a_time(value):
    batch = parse_batch('{"batch": "abc", "segments": [], "spent": ' + value + "}")
    assert batch is not None
    assert batch.spent is None


@pytest.mark.parametrize("value", ["0", "-3", "86401", "1e9", "NaN", '"60"', "false"])
def test_it_drops_a_reported_duration_out_of_range(value):
    batch = parse_batch('{"batch": "abc", "segments": [], "duration": ' + value + "}")
    assert batch is not None
    assert batch.duration is None


def test_it_keeps_a_day_long_reported_duration():
    assert parse_batch('{"batch": "abc", "segments": [], "duration": 86400}').duration == 86400
