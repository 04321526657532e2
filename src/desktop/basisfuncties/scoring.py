"""Scores of a basisfuncties meting, the comparison of two metingen, and witte vlekken
(``gap_matrix``, defined in ``desktop.basisfuncties.witte_vlekken``).

Pure functions over plain data: an instrument edition (``BasisfunctiesInstrument``) and a
mapping of item key -> status key. No Qt, no database.

Weighting (the same rule is written for users in ``basisfuncties.toml``, ``[weging]``):

* Every status has a weight, read from the instrument: aanwezig en geborgd 1,
  aanwezig 0.75, in ontwikkeling 0.25, niet aanwezig 0, onbekend 0. Niet van toepassing
  has no weight: such an item does not count at all.
* An item of the function without a status counts as onbekend.
* Per function: ``applicable`` = items that count (everything except niet van
  toepassing, so onbekend and unanswered items are included); ``score`` = sum of the
  weights / ``applicable``, between 0 and 1, or ``None`` when nothing is applicable (an
  all-n.v.t. function has no score instead of a division by zero).
  ``in_place_share`` is the plain share next to it: items aanwezig or aanwezig en
  geborgd / ``applicable``.
* Per domain (vrijwilligerswerk, mantelzorg): the mean of the scores of the chosen
  functions of that domain that have a score. Every basisfunctie weighs the same however
  many activities it lists (Respijtzorg lists 23, Educatie 3), because the source presents
  each function as one of the parts "die niet gemist kunnen worden".
* In total: the mean of the domain scores that exist, so vrijwilligerswerk (5 functions)
  and mantelzorg (8) weigh the same.

Why these weights: "aanwezig" means people can use the activity today, so it earns most of
the credit; the last quarter is for borging (policy, structural money, a fixed provider),
which the source itself asks for in Verankeren. "In ontwikkeling" helps nobody yet and gets
a small credit for work under way. "Onbekend" is not shown to be there, so it counts as
absent: the score never claims more than is known, and the count of onbekend is reported
next to it.

Status keys that the scale does not know raise a ``UserError``. Statuses of items that the
instrument edition does not contain are ignored by the scores (they belong to another
edition) and show up in ``compare`` as added or removed items.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.basisfuncties.instrument import (
    DOMAINS,
    ONBEKEND,
    Basisfunctie,
    BasisfunctiesInstrument,
    Status,
)
from desktop.basisfuncties.witte_vlekken import CellState, GapCell, GapMatrix, WijkId, gap_matrix
from desktop.errors import UserError

Statuses = Mapping[str, str]
"""Item key -> status key of one meting."""

_EPSILON = 1e-9


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class FunctionScore:
    """Score of one basisfunctie in one meting."""

    function_key: str
    domain: str
    items: int  # items of the function in the instrument edition
    applicable: int  # items that count: all but niet van toepassing
    not_applicable: int
    in_place: int  # aanwezig or aanwezig en geborgd
    unknown: int  # onbekend, unanswered items included
    unanswered: int  # items without a status (counted as onbekend)
    points: float  # sum of the weights of the applicable items
    counts: Mapping[str, int] = field(default_factory=dict)  # recorded status -> items

    @property
    def score(self) -> float | None:
        """Weighted share between 0 and 1; None when no item is applicable."""
        return self.points / self.applicable if self.applicable else None

    @property
    def in_place_share(self) -> float | None:
        """Plain share of applicable items that are there now; None when none applies."""
        return self.in_place / self.applicable if self.applicable else None


@dataclass(frozen=True)
class DomainScore:
    """Mean score of the chosen functions of a domain."""

    domain: str
    function_keys: tuple[str, ...]  # chosen functions of this domain
    scored: int  # of which with a score (not all n.v.t.)
    score: float | None


@dataclass(frozen=True)
class MetingScore:
    version: str
    functions: Mapping[str, FunctionScore]  # chosen functions, in instrument order
    domains: Mapping[str, DomainScore]  # vrijwilligerswerk, mantelzorg
    score: float | None  # mean of the domain scores that exist

    def function(self, key: str) -> FunctionScore:
        return self.functions[key]


def _status(instrument: BasisfunctiesInstrument, item_key: str, value: str) -> Status:
    if not isinstance(value, str) or not instrument.has_status(value):
        raise UserError(f"Onbekende status '{value}' bij activiteit {item_key}.")
    return instrument.status(value)


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return math.fsum(values) / len(values) if values else None


def score_function(
    instrument: BasisfunctiesInstrument, function: Basisfunctie | str, statuses: Statuses
) -> FunctionScore:
    """Score of one function from the statuses of its items."""
    if isinstance(function, str):
        function = _function(instrument, function)
    counts: Counter[str] = Counter()
    weights: list[float] = []
    unanswered = in_place = not_applicable = 0
    for item in function.items:
        value = statuses.get(item.key)
        if value is None:
            unanswered += 1
            status = instrument.status(ONBEKEND)
        else:
            status = _status(instrument, item.key, value)
            counts[status.key] += 1
        if status.weight is None:
            not_applicable += 1
            continue
        weights.append(status.weight)
        in_place += status.in_place
    return FunctionScore(
        function_key=function.key,
        domain=function.domain,
        items=len(function.items),
        applicable=len(weights),
        not_applicable=not_applicable,
        in_place=in_place,
        unknown=counts[ONBEKEND] + unanswered,
        unanswered=unanswered,
        points=math.fsum(weights),
        counts=dict(counts),
    )


def _function(instrument: BasisfunctiesInstrument, key: str) -> Basisfunctie:
    if not instrument.has_function(key):
        raise UserError(
            f"De basisfunctie '{key}' bestaat niet in versie {instrument.version} "
            "van de basisfuncties."
        )
    return instrument.function(key)


def _chosen(
    instrument: BasisfunctiesInstrument, selected: Collection[str] | None
) -> tuple[Basisfunctie, ...]:
    if selected is None:
        return instrument.functions
    for key in selected:
        _function(instrument, key)
    return tuple(f for f in instrument.functions if f.key in selected)


def score_meting(
    instrument: BasisfunctiesInstrument,
    statuses: Statuses,
    selected: Collection[str] | None = None,
) -> MetingScore:
    """Scores per function, per domain and in total.

    ``selected`` holds the keys of the basisfuncties the gemeente works on; ``None`` means
    all of them. Functions not selected are left out of the domain and total scores.
    """
    functions = {
        f.key: score_function(instrument, f, statuses) for f in _chosen(instrument, selected)
    }
    domains: dict[str, DomainScore] = {}
    for domain in DOMAINS:
        scores = [s for s in functions.values() if s.domain == domain]
        values = [s.score for s in scores if s.score is not None]
        domains[domain] = DomainScore(
            domain=domain,
            function_keys=tuple(s.function_key for s in scores),
            scored=len(values),
            score=_mean(values),
        )
    total = _mean(d.score for d in domains.values() if d.score is not None)
    return MetingScore(
        version=instrument.version, functions=functions, domains=domains, score=total
    )


# --------------------------------------------------------------------------- comparison


class Change(StrEnum):
    """How an item, function or score changed between two metingen (Dutch labels)."""

    ADDED = "toegevoegd"
    REMOVED = "verwijderd"
    SAME = "gelijk"
    BETTER = "verbeterd"
    WORSE = "verslechterd"
    CHANGED = "gewijzigd"  # different, but not better or worse (e.g. to n.v.t.)


@dataclass(frozen=True)
class MetingData:
    """One meting as plain data: its instrument edition, statuses and chosen functions."""

    instrument: BasisfunctiesInstrument
    statuses: Statuses
    selected: frozenset[str] | None = None  # None: all functions of the edition

    def __post_init__(self) -> None:
        if self.selected is not None and not isinstance(self.selected, frozenset):
            object.__setattr__(self, "selected", frozenset(self.selected))

    def has_function(self, key: str) -> bool:
        return self.instrument.has_function(key) and (self.selected is None or key in self.selected)


@dataclass(frozen=True)
class ScoreChange:
    key: str  # function key, domain key, or "totaal"
    previous: float | None
    current: float | None
    change: Change

    @property
    def delta(self) -> float | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous


@dataclass(frozen=True)
class ItemComparison:
    item_key: str
    function_key: str
    text: str  # current wording, or the previous one for a removed item
    previous_status: str | None  # None: not answered, or not in that meting
    current_status: str | None
    change: Change
    text_changed: bool = False  # the two editions word the item differently


@dataclass(frozen=True)
class FunctionComparison:
    function_key: str
    name: str
    previous: FunctionScore | None  # None: not in (or not chosen in) the previous meting
    current: FunctionScore | None
    score: ScoreChange
    items: tuple[ItemComparison, ...]

    @property
    def change(self) -> Change:
        return self.score.change


@dataclass(frozen=True)
class Comparison:
    previous_version: str
    current_version: str
    functions: tuple[FunctionComparison, ...]
    domains: tuple[ScoreChange, ...]
    total: ScoreChange

    @property
    def same_version(self) -> bool:
        return self.previous_version == self.current_version

    @property
    def items(self) -> tuple[ItemComparison, ...]:
        return tuple(i for f in self.functions for i in f.items)

    @property
    def added_items(self) -> tuple[ItemComparison, ...]:
        return tuple(i for i in self.items if i.change is Change.ADDED)

    @property
    def removed_items(self) -> tuple[ItemComparison, ...]:
        return tuple(i for i in self.items if i.change is Change.REMOVED)

    def function(self, key: str) -> FunctionComparison:
        for function in self.functions:
            if function.function_key == key:
                return function
        raise KeyError(key)

    def item(self, key: str) -> ItemComparison:
        for item in self.items:
            if item.item_key == key:
                return item
        raise KeyError(key)


def _score_change(key: str, previous: float | None, current: float | None) -> ScoreChange:
    if previous is None and current is None:
        change = Change.SAME
    elif previous is None or current is None:
        change = Change.CHANGED
    elif current - previous > _EPSILON:
        change = Change.BETTER
    elif previous - current > _EPSILON:
        change = Change.WORSE
    else:
        change = Change.SAME
    return ScoreChange(key, previous, current, change)


def _effective(meting: MetingData, item_key: str) -> Status:
    value = meting.statuses.get(item_key)
    if value is None:
        return meting.instrument.status(ONBEKEND)
    return _status(meting.instrument, item_key, value)


def _item_change(previous: Status, current: Status) -> Change:
    if previous.key == current.key:
        return Change.SAME
    if previous.weight is None or current.weight is None:
        return Change.CHANGED
    if current.weight - previous.weight > _EPSILON:
        return Change.BETTER
    if previous.weight - current.weight > _EPSILON:
        return Change.WORSE
    return Change.CHANGED


def compare(previous: MetingData, current: MetingData) -> Comparison:
    """Per function and per item (by stable key), what changed from ``previous`` to ``current``.

    The two metingen may use different instrument editions: an item or function found in
    only one of them (or chosen in only one) is reported as added or removed, and each
    side is scored with its own edition's weights.
    """
    prev_score = score_meting(previous.instrument, previous.statuses, previous.selected)
    cur_score = score_meting(current.instrument, current.statuses, current.selected)
    keys = [f.key for f in current.instrument.functions if current.has_function(f.key)]
    keys += [
        f.key
        for f in previous.instrument.functions
        if previous.has_function(f.key) and f.key not in keys
    ]
    functions = []
    for key in keys:
        in_prev, in_cur = previous.has_function(key), current.has_function(key)
        fn_prev = previous.instrument.function(key) if in_prev else None
        fn_cur = current.instrument.function(key) if in_cur else None
        s_prev = prev_score.functions[key] if in_prev else None
        s_cur = cur_score.functions[key] if in_cur else None
        if fn_prev is None:
            score = ScoreChange(key, None, s_cur.score if s_cur else None, Change.ADDED)
        elif fn_cur is None:
            score = ScoreChange(key, s_prev.score if s_prev else None, None, Change.REMOVED)
        else:
            score = _score_change(
                key, s_prev.score if s_prev else None, s_cur.score if s_cur else None
            )
        shown = fn_cur or fn_prev
        assert shown is not None  # every key comes from one of the two metingen
        functions.append(
            FunctionComparison(
                function_key=key,
                name=shown.name,
                previous=s_prev,
                current=s_cur,
                score=score,
                items=_compare_items(previous, current, fn_prev, fn_cur),
            )
        )
    domains = tuple(
        _score_change(d, prev_score.domains[d].score, cur_score.domains[d].score) for d in DOMAINS
    )
    return Comparison(
        previous_version=previous.instrument.version,
        current_version=current.instrument.version,
        functions=tuple(functions),
        domains=domains,
        total=_score_change("totaal", prev_score.score, cur_score.score),
    )


def _compare_items(
    previous: MetingData,
    current: MetingData,
    fn_prev: Basisfunctie | None,
    fn_cur: Basisfunctie | None,
) -> tuple[ItemComparison, ...]:
    prev_items = {i.key: i for i in fn_prev.items} if fn_prev else {}
    cur_items = {i.key: i for i in fn_cur.items} if fn_cur else {}
    result = []
    for key, item in cur_items.items():
        old = prev_items.get(key)
        cur_value = current.statuses.get(key)
        if cur_value is not None:
            _status(current.instrument, key, cur_value)
        if old is None:
            result.append(
                ItemComparison(key, item.function_key, item.text, None, cur_value, Change.ADDED)
            )
            continue
        prev_value = previous.statuses.get(key)
        result.append(
            ItemComparison(
                item_key=key,
                function_key=item.function_key,
                text=item.text,
                previous_status=prev_value,
                current_status=cur_value,
                change=_item_change(_effective(previous, key), _effective(current, key)),
                text_changed=old.text != item.text,
            )
        )
    for key, item in prev_items.items():
        if key not in cur_items:
            prev_value = previous.statuses.get(key)
            if prev_value is not None:
                _status(previous.instrument, key, prev_value)
            result.append(
                ItemComparison(key, item.function_key, item.text, prev_value, None, Change.REMOVED)
            )
    return tuple(result)


__all__ = [
    "CellState",
    "Change",
    "Comparison",
    "DomainScore",
    "FunctionComparison",
    "FunctionScore",
    "GapCell",
    "GapMatrix",
    "ItemComparison",
    "MetingData",
    "MetingScore",
    "ScoreChange",
    "Statuses",
    "WijkId",
    "compare",
    "gap_matrix",
    "score_function",
    "score_meting",
]
