"""The business speed-dating scheduler: a pure function, no database.

Given the participants (an id and the trades of their company), the size of the
tables and the number of rounds, `make_schedule` returns the rounds and, in each
round, who sits at which table. What it guarantees:

- two participants meet at most once in the whole evening (at a table of two
  or in a small group);
- tables of two: every participant is seated in every round, except one
  participant per round when the count is odd (the "bye"), and nobody sits
  out two rounds in a row;
- small groups: everybody is seated in every round (tables of `group_size`,
  one more or one fewer when the count does not divide);
- with `avoid_same_trade`, two companies sharing a trade are not seated
  together when the scheduler can avoid it (see below);
- the same participants, options and seed give the same schedule, and the
  seed shuffles the seating order so that a regeneration is not a copy.

How it works. Tables of two without trade constraint: the round-robin "circle
method" on a shuffled seating order (one empty seat when the count is odd):
up to n-1 rounds (n rounded up to even) where everybody meets everybody
exactly once and each participant sits out at most once in the evening.
With same-trade avoidance, each round is a maximum-weight matching
(networkx's `max_weight_matching`, Edmonds' blossom algorithm) among the
maximum-cardinality ones, in the graph of the pairs still allowed (not met
yet), plus an empty seat linked to those who may sit out (not the one who sat
out the previous round); the weights make a same-trade table the last resort
and hand the empty seat to those who sat out least. By Dirac's theorem a
complete round without a same-trade pair exists as long as every participant
can still meet at least half of the room, so with rounds <= n - c - ceil(n/2)
(c: the most companies one participant shares a trade with) no same-trade pair
is ever seated.

When avoiding a same-trade pair is impossible:
- with an explicit number of rounds, the round is completed by allowing
  same-trade pairs (the fewest possible in that round), rather than leaving
  people out; every such pair is listed in `Schedule.same_trade_meetings`;
- with "as many rounds as useful" (rounds=None), the evening stops at the last
  round without a same-trade pair.
In both cases, when no complete round is possible any more (everybody has met
everybody it may meet), the schedule has fewer rounds than asked and
`Schedule.notes` says why, in French.
Small groups come from a bounded search (a few shuffled attempts per round): the same
rules, but the evening ends at the first round that cannot be built.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Building one round of small groups: shuffled attempts, each a search of bounded steps.
GROUP_ATTEMPTS = 4
GROUP_SEARCH_STEPS = 4_000
GROUP_RESTARTS = 8


@dataclass(frozen=True)
class Participant:
    id: int
    trades: frozenset[str] = frozenset()

    @classmethod
    def of(cls, id: int, trades: str | Iterable[str] | None = None) -> Participant:
        if trades is None:
            return cls(id)
        if isinstance(trades, str):
            return cls(id, frozenset([trades]))
        return cls(id, frozenset(trades))

    def shares_trade_with(self, other: Participant) -> bool:
        return bool(self.trades & other.trades)


@dataclass(frozen=True)
class Round:
    number: int  # 1, 2, ...
    tables: tuple[tuple[int, ...], ...]  # tables[0] is table 1: the ids seated there
    byes: tuple[int, ...] = ()  # who sits out this round


@dataclass(frozen=True)
class Schedule:
    rounds: tuple[Round, ...]
    group_size: int
    same_trade_meetings: tuple[tuple[int, int, int], ...] = ()  # (round number, id, id)
    notes: tuple[str, ...] = ()  # what the staff should know, in French
    # How many maximum-weight matchings the evening took (one per round tried): the structural
    # measure of the algorithm's cost that the tests bound.
    matchings: int = field(default=0, compare=False)
    complete: bool = field(default=True, compare=False)  # every round asked (or possible) was built


def make_schedule(
    participants: Sequence[Participant],
    *,
    group_size: int = 2,
    rounds: int | None = None,
    avoid_same_trade: bool = False,
    seed: int = 0,
) -> Schedule:
    """The rounds of a speed-dating evening (see the module's docstring for the guarantees)."""
    if group_size < 2:
        raise ValueError("group_size must be at least 2")
    if rounds is not None and rounds < 1:
        raise ValueError("rounds must be at least 1 (or None for as many as useful)")
    ids = [p.id for p in participants]
    if len(set(ids)) != len(ids):
        raise ValueError("participant ids must be unique")
    people = sorted(participants, key=lambda p: p.id)  # the input order does not matter, the seed does
    if len(people) < 2:
        return Schedule(
            rounds=(),
            group_size=group_size,
            notes=(_("Il faut au moins deux participants confirmés pour organiser des rencontres."),),
        )
    rng = random.Random(seed)  # noqa: S311 - a seating order, not a secret
    rng.shuffle(people)
    if group_size == 2:
        conflicts = avoid_same_trade and any(
            a.shares_trade_with(b) for i, a in enumerate(people) for b in people[i + 1 :]
        )
        if conflicts:
            return _pairs_by_matching(people, rounds=rounds, rng=rng)
        return _pairs_by_circle(people, rounds=rounds)
    return _groups(people, group_size=group_size, rounds=rounds, avoid_same_trade=avoid_same_trade, rng=rng)


def _fewer_rounds_note(asked: int | None, made: int) -> tuple[str, ...]:
    if asked is None or made >= asked:
        return ()
    return (
        ngettext(
            "%(asked)s tours demandés, %(made)s seul possible : au-delà, des participants "
            "se retrouveraient une seconde fois ou resteraient sans table.",
            "%(asked)s tours demandés, %(made)s possibles : au-delà, des participants "
            "se retrouveraient une seconde fois ou resteraient sans table.",
            made,
        )
        % {"asked": asked, "made": made},
    )


# --- Tables of two, no trade constraint: the circle method ---------------------------------


def _pairs_by_circle(people: list[Participant], *, rounds: int | None) -> Schedule:
    seats: list[int | None] = [p.id for p in people]
    if len(seats) % 2:
        seats.append(None)  # the empty seat: whoever faces it sits out
    size = len(seats)
    available = size - 1
    count = available if rounds is None else min(rounds, available)
    result = []
    for number in range(1, count + 1):
        # seats[0] stays; the others turn one place each round.
        turn = number - 1
        ring = seats[1:]
        ring = ring[-turn:] + ring[:-turn] if turn else ring
        order = [seats[0], *ring]
        tables, byes = [], []
        for i in range(size // 2):
            a, b = order[i], order[size - 1 - i]
            if a is None or b is None:
                byes.append(b if a is None else a)
            else:
                tables.append((a, b))
        result.append(Round(number=number, tables=tuple(tables), byes=tuple(byes)))
    return Schedule(rounds=tuple(result), group_size=2, notes=_fewer_rounds_note(rounds, count))


# --- Tables of two avoiding same-trade pairs: one maximum-weight matching per round ----------

# Edge weights of a round's graph, integers so that networkx computes exactly. Every complete round
# has the same number of tables, so the heaviest complete round has the fewest same-trade tables
# (each costs 2) and, among those, hands the empty seat to someone who sat out least (a cost of 1).
PAIR_WEIGHT = 4
SAME_TRADE_PAIR_WEIGHT = 2
EMPTY_SEAT_WEIGHT = 4
EMPTY_SEAT_AGAIN_WEIGHT = 3


def _pairs_by_matching(people: list[Participant], *, rounds: int | None, rng: random.Random) -> Schedule:
    n = len(people)
    odd = n % 2 == 1
    size = n + 1 if odd else n
    empty = n  # the node of the empty seat when the count is odd
    limit = size - 1 if rounds is None else min(rounds, size - 1)
    met: list[set[int]] = [set() for _ in range(n)]
    conflict = [[people[a].shares_trade_with(people[b]) for b in range(n)] for a in range(n)]
    byes = [0] * n
    last_bye = -1
    result: list[Round] = []
    same_trade: list[tuple[int, int, int]] = []
    matchings = 0
    stopped_for_trades = False

    for number in range(1, limit + 1):
        graph = nx.Graph()
        graph.add_nodes_from(range(size))
        for a in range(n):
            for b in range(a + 1, n):
                if b in met[a]:
                    continue
                if not conflict[a][b]:
                    graph.add_edge(a, b, weight=PAIR_WEIGHT)
                elif rounds is not None:
                    # Only to complete a round asked for: "as many as useful" stops before these.
                    graph.add_edge(a, b, weight=SAME_TRADE_PAIR_WEIGHT)
        if odd:
            eligible = [a for a in range(n) if a != last_bye]  # nobody sits out two rounds in a row
            fewest = min(byes[a] for a in eligible)
            for a in eligible:
                graph.add_edge(
                    a, empty, weight=EMPTY_SEAT_WEIGHT if byes[a] == fewest else EMPTY_SEAT_AGAIN_WEIGHT
                )
        matching = nx.max_weight_matching(graph, maxcardinality=True)
        matchings += 1
        if 2 * len(matching) < size:  # no complete round is left
            if rounds is None:
                stopped_for_trades = any(
                    conflict[a][b] and b not in met[a] for a in range(n) for b in range(a + 1, n)
                )
            break
        partner = {}
        for a, b in matching:
            partner[a], partner[b] = b, a
        tables, round_byes = [], []
        last_bye = -1
        for a in range(n):
            b = partner[a]
            if b == empty:
                round_byes.append(people[a].id)
                byes[a] += 1
                last_bye = a
            elif a < b:
                tables.append((people[a].id, people[b].id))
                met[a].add(b)
                met[b].add(a)
                if conflict[a][b]:
                    same_trade.append((number, people[a].id, people[b].id))
        rng.shuffle(tables)
        result.append(Round(number=number, tables=tuple(tables), byes=tuple(round_byes)))

    notes = list(_fewer_rounds_note(rounds, len(result)))
    if rounds is None and stopped_for_trades and not result:
        notes.append(_("Aucun tour possible sans faire se rencontrer des entreprises du même métier."))
    elif rounds is None and stopped_for_trades:
        notes.append(
            _(
                "La soirée s'arrête après %(count)s tours : au-delà, il faudrait faire se rencontrer "
                "des entreprises du même métier."
            )
            % {"count": len(result)}
        )
    if same_trade:
        notes.append(
            ngettext(
                "Impossible d'éviter %(count)s rencontre entre entreprises du même métier "
                "sans laisser quelqu'un sans table.",
                "Impossible d'éviter %(count)s rencontres entre entreprises du même métier "
                "sans laisser quelqu'un sans table.",
                len(same_trade),
            )
            % {"count": len(same_trade)}
        )
    return Schedule(
        rounds=tuple(result),
        group_size=2,
        same_trade_meetings=tuple(same_trade),
        notes=tuple(notes),
        matchings=matchings,
    )


# --- Small groups: greedy with shuffled attempts -------------------------------------------


def _table_sizes(n: int, group_size: int) -> list[int]:
    tables = max(1, round(n / group_size))
    base, extra = divmod(n, tables)
    return [base + 1] * extra + [base] * (tables - extra)


def _groups(
    people: list[Participant],
    *,
    group_size: int,
    rounds: int | None,
    avoid_same_trade: bool,
    rng: random.Random,
) -> Schedule:
    # Rounds are built one after the other, and early choices can block a later round:
    # start over a few times and keep the evening with the most rounds.
    best: Schedule | None = None
    for restart in range(GROUP_RESTARTS):
        schedule = _groups_once(
            people, group_size=group_size, rounds=rounds, avoid_same_trade=avoid_same_trade, rng=rng
        )
        if best is None or (len(schedule.rounds), -len(schedule.same_trade_meetings)) > (
            len(best.rounds),
            -len(best.same_trade_meetings),
        ):
            best = schedule
        if schedule.complete and (not schedule.same_trade_meetings or restart):
            break
    return best


def _groups_once(
    people: list[Participant],
    *,
    group_size: int,
    rounds: int | None,
    avoid_same_trade: bool,
    rng: random.Random,
) -> Schedule:
    n = len(people)
    sizes = _table_sizes(n, group_size)
    # Bit masks: "met[a] & table" tells at once whether a has met anyone at the table.
    met = [0] * n
    trade_mask = [0] * n
    if avoid_same_trade:
        for a in range(n):
            for b in range(n):
                if a != b and people[a].shares_trade_with(people[b]):
                    trade_mask[a] |= 1 << b
    # Everybody meets at least (smallest table - 1) new people a round.
    ceiling = (n - 1) // max(1, min(sizes) - 1)
    limit = ceiling if rounds is None else min(rounds, ceiling)
    result: list[Round] = []
    same_trade: list[tuple[int, int, int]] = []
    strict_possible = avoid_same_trade  # once a round needs same-trade tables, later ones will too
    for number in range(1, limit + 1):
        tables = None
        for strict in (True, False) if strict_possible else (False,):
            if avoid_same_trade and not strict and rounds is None:
                break  # as many as useful: no round with same-trade tables
            for _attempt in range(GROUP_ATTEMPTS):
                tables = _try_group_round(n, sizes, met, trade_mask if strict else None, rng)
                if tables is not None:
                    break
            if tables is not None:
                break
            strict_possible = False
        if tables is None:
            break
        for table in tables:
            mask = sum(1 << a for a in table)
            for a in table:
                met[a] |= mask & ~(1 << a)
            for i, a in enumerate(table):
                for b in table[i + 1 :]:
                    if avoid_same_trade and people[a].shares_trade_with(people[b]):
                        same_trade.append((number, people[a].id, people[b].id))
        result.append(
            Round(number=number, tables=tuple(tuple(people[a].id for a in table) for table in tables))
        )
    notes = list(_fewer_rounds_note(rounds, len(result)))
    if same_trade:
        notes.append(
            ngettext(
                "Impossible d'éviter %(count)s rencontre entre entreprises du même métier.",
                "Impossible d'éviter %(count)s rencontres entre entreprises du même métier.",
                len(same_trade),
            )
            % {"count": len(same_trade)}
        )
    return Schedule(
        rounds=tuple(result),
        group_size=group_size,
        same_trade_meetings=tuple(same_trade),
        notes=tuple(notes),
        complete=len(result) == limit,
    )


def _try_group_round(
    n: int, sizes: list[int], met: list[int], trade_mask: list[int] | None, rng: random.Random
) -> list[list[int]] | None:
    """One round of tables where nobody has met anyone at their table, or None if this attempt fails.

    A depth-first search with a bounded number of steps: the most constrained people are
    seated first, and an empty table is only tried once (empty tables of a size are alike).
    """
    order = list(range(n))
    rng.shuffle(order)
    order.sort(key=lambda a: -(met[a].bit_count()))  # stable: the shuffle breaks ties
    excluded = [met[a] | (trade_mask[a] if trade_mask else 0) for a in range(n)]
    tables: list[list[int]] = [[] for _ in sizes]
    blocked = [0] * len(sizes)
    budget = [GROUP_SEARCH_STEPS]

    def place(k: int) -> bool:
        if k == n:
            return True
        budget[0] -= 1
        if budget[0] < 0:
            return False
        a = order[k]
        tried_empty: set[int] = set()
        for t, table in enumerate(tables):
            if len(table) >= sizes[t] or (blocked[t] >> a) & 1:
                continue
            if not table:
                if sizes[t] in tried_empty:
                    continue
                tried_empty.add(sizes[t])
            saved = blocked[t]
            table.append(a)
            blocked[t] = saved | excluded[a]
            if place(k + 1):
                return True
            table.pop()
            blocked[t] = saved
        return False

    return tables if place(0) else None
