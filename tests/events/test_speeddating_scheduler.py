"""The speed-dating scheduler's promises, checked over many generated evenings (hypothesis)."""

import math
import random
from collections import Counter
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from events.speeddating import Participant, make_schedule

TRADES = ["fromagerie", "menuiserie", "lunetterie", "plasturgie", "viticulture"]


@st.composite
def rooms(draw, min_size: int = 0, max_size: int = 40):
    """Participants with 0 to 2 trades each, ids not in order."""
    count = draw(st.integers(min_size, max_size))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    trades = draw(st.lists(st.sets(st.sampled_from(TRADES), max_size=2), min_size=count, max_size=count))
    return [Participant(id=i, trades=frozenset(t)) for i, t in zip(ids, trades, strict=True)]


rounds_asked = st.one_of(st.none(), st.integers(1, 15))
seeds = st.integers(0, 2**32)


def pairs_of(schedule):
    for round_ in schedule.rounds:
        for table in round_.tables:
            for a, b in combinations(table, 2):
                yield round_.number, frozenset((a, b))


def by_id(people):
    return {p.id: p for p in people}


@settings(max_examples=150, deadline=None)
@given(rooms(), st.integers(2, 4), rounds_asked, st.booleans(), seeds)
def test_two_participants_never_meet_twice(people, group_size, rounds, avoid, seed):
    schedule = make_schedule(people, group_size=group_size, rounds=rounds, avoid_same_trade=avoid, seed=seed)
    meetings = Counter(pair for _, pair in pairs_of(schedule))
    assert all(count == 1 for count in meetings.values())


@settings(max_examples=150, deadline=None)
@given(rooms(), st.integers(2, 4), rounds_asked, st.booleans(), seeds)
def test_everyone_is_seated_once_in_every_round_and_byes_only_for_an_odd_count_of_pairs(
    people, group_size, rounds, avoid, seed
):
    schedule = make_schedule(people, group_size=group_size, rounds=rounds, avoid_same_trade=avoid, seed=seed)
    everyone = sorted(p.id for p in people)
    for round_ in schedule.rounds:
        seated = [i for table in round_.tables for i in table]
        assert sorted(seated + list(round_.byes)) == everyone
        if group_size == 2:
            assert all(len(table) == 2 for table in round_.tables)
            assert len(round_.byes) == len(people) % 2
        else:
            assert round_.byes == ()
            sizes = {len(table) for table in round_.tables}
            assert max(sizes) - min(sizes) <= 1
            assert min(sizes) >= 2
    if rounds is not None:
        assert len(schedule.rounds) <= rounds


@settings(max_examples=150, deadline=None)
@given(rooms(), rounds_asked, st.booleans(), seeds)
def test_nobody_sits_out_two_rounds_in_a_row(people, rounds, avoid, seed):
    schedule = make_schedule(people, rounds=rounds, avoid_same_trade=avoid, seed=seed)
    for before, after in zip(schedule.rounds, schedule.rounds[1:], strict=False):
        assert not set(before.byes) & set(after.byes)


@settings(max_examples=150, deadline=None)
@given(rooms(), st.integers(2, 4), rounds_asked, seeds)
def test_the_same_trade_meetings_it_reports_are_exactly_those_it_seated(people, group_size, rounds, seed):
    schedule = make_schedule(people, group_size=group_size, rounds=rounds, avoid_same_trade=True, seed=seed)
    people_by_id = by_id(people)
    seated = {
        (number, pair)
        for number, pair in pairs_of(schedule)
        if people_by_id[min(pair)].shares_trade_with(people_by_id[max(pair)])
    }
    reported = {(number, frozenset((a, b))) for number, a, b in schedule.same_trade_meetings}
    assert reported == seated
    if seated:
        assert any("même métier" in note for note in schedule.notes)


@settings(max_examples=200, deadline=None)
@given(rooms(min_size=4), seeds, st.data())
def test_companies_of_the_same_trade_are_never_paired_when_the_rounds_allow_it(people, seed, data):
    # Each participant can still meet half the room in the last round (Dirac): avoidance is always possible.
    n = len(people)
    shared = max(sum(p.shares_trade_with(q) for q in people if q is not p) for p in people)
    room = n + n % 2
    bound = n - shared - math.ceil(room / 2)
    if bound < 1:
        return
    rounds = data.draw(st.integers(1, min(bound, 15)))
    schedule = make_schedule(people, rounds=rounds, avoid_same_trade=True, seed=seed)
    assert len(schedule.rounds) == rounds
    assert schedule.same_trade_meetings == ()
    people_by_id = by_id(people)
    for _, pair in pairs_of(schedule):
        a, b = (people_by_id[i] for i in pair)
        assert not a.shares_trade_with(b)


@settings(max_examples=100, deadline=None)
@given(rooms(min_size=2), seeds)
def test_without_trade_constraint_everybody_meets_everybody_exactly_once(people, seed):
    schedule = make_schedule(people, seed=seed)
    n = len(people)
    assert len(schedule.rounds) == n - 1 + n % 2
    assert {pair for _, pair in pairs_of(schedule)} == {frozenset(p) for p in combinations(by_id(people), 2)}
    byes = Counter(i for round_ in schedule.rounds for i in round_.byes)
    assert all(count == 1 for count in byes.values())  # an odd room: each sits out once in the evening


@settings(max_examples=60, deadline=None)
@given(rooms(), st.integers(2, 4), rounds_asked, st.booleans(), seeds)
def test_the_same_seed_gives_the_same_schedule_whatever_the_input_order(
    people, group_size, rounds, avoid, seed
):
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    options = {"group_size": group_size, "rounds": rounds, "avoid_same_trade": avoid, "seed": seed}
    assert make_schedule(people, **options) == make_schedule(shuffled, **options)


def test_another_seed_changes_who_meets_whom_first():
    people = [Participant(id=i) for i in range(20)]
    first_rounds = {make_schedule(people, rounds=1, seed=seed).rounds[0].tables for seed in range(5)}
    assert len(first_rounds) > 1


def test_it_says_so_when_more_rounds_are_asked_than_people_can_meet():
    people = [Participant(id=i) for i in range(5)]
    schedule = make_schedule(people, rounds=9)
    assert len(schedule.rounds) == 5
    assert "9 tours demandés, 5 possibles" in schedule.notes[0]


def test_with_an_explicit_number_of_rounds_it_pairs_same_trade_companies_rather_than_leave_them_out():
    people = [Participant.of(i, "fromagerie") for i in range(4)]
    schedule = make_schedule(people, rounds=2, avoid_same_trade=True)
    assert len(schedule.rounds) == 2
    assert len(schedule.same_trade_meetings) == 4
    assert any("Impossible d'éviter 4 rencontres" in note for note in schedule.notes)


def test_as_many_rounds_as_useful_stops_before_the_first_same_trade_pair():
    # Three cheesemakers and three joiners: each can meet the three others, no more.
    people = [Participant.of(i, "fromagerie" if i < 3 else "menuiserie") for i in range(6)]
    schedule = make_schedule(people, avoid_same_trade=True)
    assert len(schedule.rounds) == 3
    assert schedule.same_trade_meetings == ()
    assert "s'arrête après 3 tours" in schedule.notes[0]


def test_a_room_of_one_has_no_round_and_says_why():
    schedule = make_schedule([Participant(id=1)])
    assert schedule.rounds == ()
    assert "au moins deux participants" in schedule.notes[0]


def test_small_groups_of_three_meet_new_people_at_every_table():
    people = [Participant(id=i) for i in range(12)]
    schedule = make_schedule(people, group_size=3, rounds=4)
    assert len(schedule.rounds) == 4
    assert all(len(round_.tables) == 4 for round_ in schedule.rounds)


def _jura_room(count: int) -> list[Participant]:
    rng = random.Random(39)
    trades = [f"métier {i}" for i in range(15)]
    return [Participant.of(i, rng.sample(trades, rng.choice((1, 1, 2)))) for i in range(count)]


def test_120_participants_without_trades_need_no_matching_at_all():
    # The circle method is arithmetic only: n-1 rounds of n/2 tables, no graph.
    schedule = make_schedule([Participant(id=i) for i in range(120)])
    assert len(schedule.rounds) == 119
    assert schedule.matchings == 0


def test_120_participants_avoiding_trades_cost_one_matching_per_round():
    # One maximum-weight matching (O(n^3)) per round, plus the one that finds no complete round.
    schedule = make_schedule(_jura_room(120), avoid_same_trade=True, seed=7)
    assert len(schedule.rounds) >= 80
    assert schedule.same_trade_meetings == ()
    assert schedule.matchings <= len(schedule.rounds) + 1
