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
With same-trade avoidance, each round is a maximum matching (Edmonds'
blossom algorithm) in the graph of the pairs still allowed (not met yet, no
shared trade), plus an empty seat linked to those who may sit out (not the one
who sat out the previous round). By Dirac's theorem a complete round exists as
long as every participant can still meet at least half of the room, so with
rounds <= n - c - ceil(n/2) (c: the most companies one participant shares a
trade with) no same-trade pair is ever seated.

When avoiding a same-trade pair is impossible:
- with an explicit number of rounds, the round is completed by allowing
  same-trade pairs (the fewest the matching needs: it only extends the best
  round without them), rather than leaving people out; every such pair is
  listed in `Schedule.same_trade_meetings`;
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
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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

    def table_of(self, participant_id: int) -> int | None:
        for number, table in enumerate(self.tables, start=1):
            if participant_id in table:
                return number
        return None


@dataclass(frozen=True)
class Schedule:
    rounds: tuple[Round, ...]
    group_size: int
    same_trade_meetings: tuple[tuple[int, int, int], ...] = ()  # (round number, id, id)
    notes: tuple[str, ...] = ()  # what the staff should know, in French
    # How much work the matching did (augmenting-path searches): the structural
    # measure of the algorithm's cost that the tests bound.
    searches: int = field(default=0, compare=False)
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


# --- Tables of two avoiding same-trade pairs: one maximum matching per round ---------------


class _Matcher:
    """Edmonds' blossom algorithm (maximum cardinality matching), growing a given matching."""

    def __init__(self, adjacency: list[list[int]], match: list[int]):
        self.adj = adjacency
        self.match = match
        self.n = len(adjacency)
        self.searches = 0

    def run(self) -> list[int]:
        for root in range(self.n):
            if self.match[root] == -1:
                self.searches += 1
                end = self._augmenting_path(root)
                if end != -1:
                    self._augment(end)
        return self.match

    def _augment(self, v: int) -> None:
        while v != -1:
            pv = self.parent[v]
            next_v = self.match[pv]
            self.match[v] = pv
            self.match[pv] = v
            v = next_v

    def _lca(self, a: int, b: int) -> int:
        seen = [False] * self.n
        while True:
            a = self.base[a]
            seen[a] = True
            if self.match[a] == -1:
                break
            a = self.parent[self.match[a]]
        while True:
            b = self.base[b]
            if seen[b]:
                return b
            b = self.parent[self.match[b]]

    def _mark_path(self, v: int, base: int, child: int, blossom: list[bool]) -> None:
        while self.base[v] != base:
            blossom[self.base[v]] = True
            blossom[self.base[self.match[v]]] = True
            self.parent[v] = child
            child = self.match[v]
            v = self.parent[self.match[v]]

    def _augmenting_path(self, root: int) -> int:
        n, match = self.n, self.match
        used = [False] * n
        self.parent = [-1] * n
        self.base = list(range(n))
        used[root] = True
        queue = deque([root])
        while queue:
            v = queue.popleft()
            for to in self.adj[v]:
                if self.base[v] == self.base[to] or match[v] == to:
                    continue
                if to == root or (match[to] != -1 and self.parent[match[to]] != -1):
                    current = self._lca(v, to)
                    blossom = [False] * n
                    self._mark_path(v, current, to, blossom)
                    self._mark_path(to, current, v, blossom)
                    for i in range(n):
                        if blossom[self.base[i]]:
                            self.base[i] = current
                            if not used[i]:
                                used[i] = True
                                queue.append(i)
                elif self.parent[to] == -1:
                    self.parent[to] = v
                    if match[to] == -1:
                        return to
                    used[match[to]] = True
                    queue.append(match[to])
        return -1


def _greedy(adjacency: list[list[int]], rng: random.Random) -> list[int]:
    """A quick maximal matching to start from: the fewest-options vertices first."""
    n = len(adjacency)
    match = [-1] * n
    order = list(range(n))
    rng.shuffle(order)
    order.sort(key=lambda v: len(adjacency[v]))
    for v in order:
        if match[v] != -1:
            continue
        free = [u for u in adjacency[v] if match[u] == -1]
        if free:
            u = min(free, key=lambda u: len(adjacency[u]))
            match[v], match[u] = u, v
    return match


def _pairs_by_matching(people: list[Participant], *, rounds: int | None, rng: random.Random) -> Schedule:
    n = len(people)
    odd = n % 2 == 1
    size = n + 1 if odd else n
    empty = n  # index of the empty seat when the count is odd
    limit = size - 1 if rounds is None else min(rounds, size - 1)
    met: list[set[int]] = [set() for _ in range(n)]
    conflict = [[people[a].shares_trade_with(people[b]) for b in range(n)] for a in range(n)]
    byes = [0] * n
    last_bye = -1
    result: list[Round] = []
    same_trade: list[tuple[int, int, int]] = []
    searches = 0
    stopped_for_trades = False

    def perfect(adjacency: list[list[int]], start: list[int] | None) -> list[int]:
        nonlocal searches
        matcher = _Matcher(adjacency, start if start is not None else _greedy(adjacency, rng))
        match = matcher.run()
        searches += matcher.searches
        return match

    for number in range(1, limit + 1):
        strict = [
            [b for b in range(n) if b != a and b not in met[a] and not conflict[a][b]] for a in range(n)
        ]
        loose = [[b for b in range(n) if b != a and b not in met[a]] for a in range(n)]
        if odd:
            eligible = [a for a in range(n) if a != last_bye]
            fewest = min(byes[a] for a in eligible)
            # Prefer handing the empty seat to those who sat out least; widen if that blocks the round.
            seat_options = [[a for a in eligible if byes[a] == fewest], eligible]
        else:
            seat_options = [[]]
        match = None
        for candidates in seat_options:
            attempt = perfect(_with_empty_seat(strict, candidates, odd), None)
            if -1 not in attempt:
                match = attempt
                break
        if match is None:
            if rounds is None:
                stopped_for_trades = any(loose[a] != strict[a] for a in range(n))
                break
            # Complete the best round without same-trade pairs with the fewest such pairs.
            graph_strict = _with_empty_seat(strict, seat_options[-1], odd)
            graph_loose = _with_empty_seat(loose, seat_options[-1], odd)
            attempt = perfect(graph_loose, perfect(graph_strict, None))
            if -1 in attempt:
                break
            match = attempt
        tables, round_byes = [], []
        for a in range(n):
            b = match[a]
            if b == empty and odd:
                round_byes.append(people[a].id)
            elif a < b:
                tables.append((people[a].id, people[b].id))
                met[a].add(b)
                met[b].add(a)
                if conflict[a][b]:
                    same_trade.append((number, people[a].id, people[b].id))
        last_bye = -1
        for a in range(n):
            if odd and match[a] == empty:
                byes[a] += 1
                last_bye = a
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
        searches=searches,
    )


def _with_empty_seat(adjacency: list[list[int]], candidates: list[int], odd: bool) -> list[list[int]]:
    if not odd:
        return adjacency
    empty = len(adjacency)
    allowed = set(candidates)
    graph = [
        [*neighbours, empty] if a in allowed else list(neighbours) for a, neighbours in enumerate(adjacency)
    ]
    graph.append(list(candidates))
    return graph


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
