"""Scoring of the typetest and comparison of the respondents of a ronde.

The scorekaart of bijlage 2 (seed 000, regel 1259-1274): count the a answers on the even
questions and on the odd questions. Even questions: 4-7 times a is smal beleid, 0-3 breed
beleid. Odd questions: 4-7 times a is gemeente als dirigent, 0-3 regie op afstand. The
axis combination gives the type (I smal/dirigent, II breed/dirigent, III smal/op afstand,
IV breed/op afstand). Which question counts for which axis, the threshold and the type per
combination come from the instrument file, so a later edition is a data change.

Answers are a mapping from question number (1-14) to "a" or "b".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from desktop.errors import UserError
from desktop.typetest.instrument import (
    QUESTION_COUNT,
    TYPE_CODES,
    Beleid,
    GemeenteType,
    Regie,
    TypeCode,
    Typetest,
    load_typetest,
)

Antwoord = Literal["a", "b"]
QUESTION_NUMBERS: tuple[int, ...] = tuple(range(1, QUESTION_COUNT + 1))
JSON_KEYS: tuple[str, ...] = ("even_a", "odd_a", "beleid", "regie", "type", "naam")


@dataclass(frozen=True)
class TypetestResult:
    """The result of one complete answer set. ``even_a``/``odd_a`` are the raw counts."""

    even_a: int
    odd_a: int
    beleid: Beleid
    regie: Regie
    type: TypeCode
    naam: str

    def to_json_dict(self) -> dict[str, int | str]:
        """Exactly the keys of the CLI contract: even_a, odd_a, beleid, regie, type, naam."""
        return {
            "even_a": self.even_a,
            "odd_a": self.odd_a,
            "beleid": self.beleid,
            "regie": self.regie,
            "type": self.type,
            "naam": self.naam,
        }

    def gemeentetype(self, instrument: Typetest | None = None) -> GemeenteType:
        """The type with its description, for showing the result."""
        return (instrument or load_typetest()).type(self.type)

    @property
    def near_boundary(self) -> bool:
        """True when a count is 3 or 4: one answer more or less would change the axis.

        The handreiking stresses that the types are extremes and that combinations occur;
        a view can use this to say that the respondent is close to a neighbouring type.
        """
        return self.even_a in (3, 4) or self.odd_a in (3, 4)


# --------------------------------------------------------------------------- parsing


# Between answers a user may type spaces, commas, semicolons, full stops, slashes or bars
# ("a, b, a" or "a/b/a"); a dash, question mark or underscore marks a question left open
# (format_answers writes "-" for it), so a pasted export names the open question.
SEPARATORS = frozenset(",;./|")
OPEN_MARKS = frozenset("-?_")
_NUMBERED_RE = re.compile(r"\s*(?:(\d{1,2})\s*[.:)=]?\s*([abAB?_-])\s*[,;/|]?\s*)+", re.ASCII)
_NUMBERED_PAIR_RE = re.compile(r"(\d{1,2})\s*[.:)=]?\s*([abAB?_-])", re.ASCII)


def parse_answers(text: str) -> dict[int, str]:
    """Read 14 answers from text such as ``"ABAB ABAB abab ab"`` or ``"1a 2b ... 14a"``.

    Letters a and b in any case, one per question in order; spaces, commas, semicolons,
    full stops, slashes and bars between them are ignored. The keys 1 and 2 of the grid
    stand for a and b when the whole input is 14 such digits ("12121212121212"). Numbered answers ("1a, 2b",
    "1: a", "1. A") may come in any order. Anything else, a question left open ("-", "?")
    or a number of answers other than 14 is a UserError with a Dutch message that says
    what is wrong and where.
    """
    if _NUMBERED_RE.fullmatch(text) and any(c.isdigit() for c in text):
        return _parse_numbered(text)
    digits = _digit_answers(text)
    if digits is not None:
        return digits
    letters: list[str] = []
    invalid: list[tuple[int, str]] = []
    open_questions: list[int] = []
    for position, char in enumerate(text, start=1):
        if char in "aAbB":
            letters.append(char.lower())
        elif char in OPEN_MARKS:
            letters.append("-")
            open_questions.append(len(letters))
        elif not (char.isspace() or char in SEPARATORS):
            invalid.append((position, char))
    if invalid:
        position, char = invalid[0]
        if not letters and all(c.isdigit() for _, c in invalid):
            # typed as the keys 1 and 2: point at the digit that is neither
            invalid = [(p, c) for p, c in invalid if c not in "12"]
            position, char = invalid[0]
        message = (
            f"Ongeldig teken {_describe(char)} op positie {position}: "
            "gebruik alleen de letters a en b (spaties en komma's mogen)."
        )
        if any(c in "12" for _, c in invalid):
            message += (
                f" Cijfers mogen alleen als het hele antwoord uit {QUESTION_COUNT} cijfers "
                "1 (= a) en 2 (= b) bestaat."
            )
        if len(invalid) > 1:
            message += f" Er staan {len(invalid)} ongeldige tekens in de invoer."
        raise UserError(message)
    if not letters:
        raise UserError(
            f"Geen antwoorden gevonden: geef {QUESTION_COUNT} letters a of b op, "
            "één per vraag, bijvoorbeeld ABABABABABABAB."
        )
    if len(letters) != QUESTION_COUNT:
        found = "1 antwoord" if len(letters) == 1 else f"{len(letters)} antwoorden"
        difference = len(letters) - QUESTION_COUNT
        if difference < 0:
            hint = f"er {'ontbreekt 1 antwoord' if difference == -1 else f'ontbreken {-difference} antwoorden'}"
        else:
            hint = f"er {'is 1 antwoord' if difference == 1 else f'zijn {difference} antwoorden'} te veel"
        raise UserError(
            f"Er zijn {found} gevonden, maar de typetest heeft {QUESTION_COUNT} vragen "
            f"({hint}): geef precies {QUESTION_COUNT} letters a of b op, één per vraag."
        )
    if open_questions:
        raise _open_error(open_questions)
    return dict(zip(QUESTION_NUMBERS, letters, strict=True))


def _digit_answers(text: str) -> dict[int, str] | None:
    """Answers typed as the keys 1 (a) and 2 (b), as in the grid: "12121212121212".

    Only when the whole input is digits 1 and 2 (with the usual separators); numbered
    answers ("1a 2b") are read before this. Returns None for any other input.
    """
    chars = [c for c in text if not (c.isspace() or c in SEPARATORS)]
    if not chars or any(c not in "12" for c in chars):
        return None
    if len(chars) != QUESTION_COUNT:
        found = "is 1 cijfer" if len(chars) == 1 else f"zijn {len(chars)} cijfers"
        raise UserError(
            f"Er {found} gevonden, maar de typetest heeft {QUESTION_COUNT} vragen: "
            f"geef precies {QUESTION_COUNT} antwoorden op, één per vraag (a of 1, b of 2)."
        )
    return dict(zip(QUESTION_NUMBERS, ("a" if c == "1" else "b" for c in chars), strict=True))


def _parse_numbered(text: str) -> dict[int, str]:
    """Answers written with their question numbers: "1a 2b", "1: a, 2: b", "3. B"."""
    answers: dict[int, str] = {}
    open_questions: list[int] = []
    for match in _NUMBERED_PAIR_RE.finditer(text):
        number, letter = int(match[1]), match[2].lower()
        if number not in QUESTION_NUMBERS:
            raise UserError(
                f"Onbekende vraag {number} op positie {match.start(1) + 1}: de typetest "
                f"heeft de vragen 1 tot en met {QUESTION_COUNT}."
            )
        if number in answers:
            raise UserError(
                f"Vraag {number} staat er twee keer in (op positie {match.start(1) + 1} "
                "opnieuw): geef per vraag één antwoord."
            )
        answers[number] = letter
        if letter in OPEN_MARKS:
            open_questions.append(number)
    missing = [n for n in QUESTION_NUMBERS if n not in answers]
    if missing:
        raise UserError(
            f"Er zijn {len(answers)} van de {QUESTION_COUNT} vragen beantwoord; "
            f"{'ontbreekt' if len(missing) == 1 else 'ontbreken'}: vraag "
            + _join_numbers(missing)
            + "."
        )
    if open_questions:
        raise _open_error(sorted(open_questions))
    return {n: answers[n] for n in QUESTION_NUMBERS}


def _open_error(numbers: list[int]) -> UserError:
    which = "Vraag " + _join_numbers(numbers)
    verb = "is" if len(numbers) == 1 else "zijn"
    return UserError(
        f"{which} {verb} niet beantwoord (open gelaten met '-' of '?'): een uitslag is er "
        f"pas als alle {QUESTION_COUNT} vragen met a of b beantwoord zijn."
    )


def _describe(char: str) -> str:
    """A readable description of a character for an error message."""
    return f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"


def format_answers(answers: Mapping[int, str]) -> str:
    """Answers as 14 letters, '-' for an unanswered question (for export and display)."""
    normalised = normalise_answers(answers)
    return "".join(normalised.get(n, "-") for n in QUESTION_NUMBERS)


def normalise_answers(answers: Mapping[int, str]) -> dict[int, Antwoord]:
    """Check question numbers and letters; return lower-case answers (may be incomplete).

    Raises UserError for a question number outside 1-14 or an answer other than a/b.
    """
    result: dict[int, Antwoord] = {}
    for number, answer in answers.items():
        if (
            isinstance(number, bool)
            or not isinstance(number, int)
            or number not in QUESTION_NUMBERS
        ):
            raise UserError(
                f"Onbekende vraag {number!r}: de typetest heeft de vragen 1 tot en met "
                f"{QUESTION_COUNT}."
            )
        letter = answer.strip().lower() if isinstance(answer, str) else None
        if letter not in ("a", "b"):
            raise UserError(f"Ongeldig antwoord {answer!r} bij vraag {number}: kies a of b.")
        result[number] = letter
    return result


def is_complete(answers: Mapping[int, str]) -> bool:
    """True when all 14 questions have a valid answer."""
    return len(normalise_answers(answers)) == QUESTION_COUNT


# --------------------------------------------------------------------------- scoring


def score(answers: Mapping[int, str], instrument: Typetest | None = None) -> TypetestResult:
    """Score a complete answer set. Raises UserError when answers are missing or invalid."""
    result = score_partial(answers, instrument)
    if result is None:
        missing = [n for n in QUESTION_NUMBERS if n not in answers]
        raise UserError(
            "De typetest is nog niet volledig ingevuld: een uitslag is er pas als alle "
            f"{QUESTION_COUNT} vragen beantwoord zijn. Nog open: vraag "
            + _join_numbers(missing)
            + "."
        )
    return result


def score_partial(
    answers: Mapping[int, str], instrument: Typetest | None = None
) -> TypetestResult | None:
    """Like :func:`score`, but None while questions are unanswered (for live display).

    Invalid question numbers or letters still raise UserError.
    """
    normalised = normalise_answers(answers)
    if len(normalised) != QUESTION_COUNT:
        return None
    test = instrument or load_typetest()
    threshold = test.scorekaart.drempel
    even_a = sum(normalised[n] == "a" for n in test.vragen_voor("beleid"))
    odd_a = sum(normalised[n] == "a" for n in test.vragen_voor("regie"))
    beleid: Beleid = "smal" if even_a >= threshold else "breed"
    regie: Regie = "dirigent" if odd_a >= threshold else "op afstand"
    gemeentetype = test.type_voor(beleid, regie)
    return TypetestResult(even_a, odd_a, beleid, regie, gemeentetype.code, gemeentetype.naam)


def _join_numbers(numbers: list[int]) -> str:
    text = [str(n) for n in numbers]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " en " + text[-1]


# --------------------------------------------------------------------------- group analysis


@dataclass(frozen=True)
class QuestionSplit:
    """How the complete respondents of a ronde answered one question."""

    nummer: int
    a: int
    b: int

    @property
    def total(self) -> int:
        return self.a + self.b

    @property
    def share_a(self) -> float:
        return self.a / self.total if self.total else 0.0

    @property
    def imbalance(self) -> float:
        """0.0 for an even split (most disagreement), 1.0 when everyone agrees."""
        return abs(self.a - self.b) / self.total if self.total else 1.0


def disagreement(answer_sets: Iterable[Mapping[int, str]]) -> list[QuestionSplit]:
    """Per question the number of a and b answers among the complete answer sets.

    Sorted by split nearest to half first (ties by question number): the agenda for the
    discussion the handreiking asks for. Incomplete answer sets are left out; an empty
    list when there is no complete answer set. Invalid answers raise UserError.
    """
    complete = [s for s in map(normalise_answers, answer_sets) if len(s) == QUESTION_COUNT]
    if not complete:
        return []
    splits = []
    for number in QUESTION_NUMBERS:
        a = sum(s[number] == "a" for s in complete)
        splits.append(QuestionSplit(number, a, len(complete) - a))
    return sorted(splits, key=lambda s: (abs(s.a - s.b), s.nummer))


def type_spread(results: Iterable[TypetestResult]) -> dict[TypeCode, int]:
    """Number of results per type, always with all four types in the order I-IV."""
    counts = Counter(r.type for r in results)
    return {code: counts.get(code, 0) for code in TYPE_CODES}


@dataclass(frozen=True)
class RondeShift:
    """Comparison of two rondes (e.g. a year apart). Means are None for an empty ronde."""

    previous_count: int
    current_count: int
    previous_mean_even_a: float | None
    current_mean_even_a: float | None
    previous_mean_odd_a: float | None
    current_mean_odd_a: float | None
    previous_spread: dict[TypeCode, int]
    current_spread: dict[TypeCode, int]

    @property
    def delta_even_a(self) -> float | None:
        """Change in mean even_a; positive = towards smal beleid."""
        return _delta(self.previous_mean_even_a, self.current_mean_even_a)

    @property
    def delta_odd_a(self) -> float | None:
        """Change in mean odd_a; positive = towards gemeente als dirigent."""
        return _delta(self.previous_mean_odd_a, self.current_mean_odd_a)

    @property
    def spread_delta(self) -> dict[TypeCode, int]:
        """Change in the number of respondents per type (current minus previous)."""
        return {c: self.current_spread[c] - self.previous_spread[c] for c in TYPE_CODES}


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _delta(previous: float | None, current: float | None) -> float | None:
    return None if previous is None or current is None else current - previous


def shift(
    previous_results: Iterable[TypetestResult], current_results: Iterable[TypetestResult]
) -> RondeShift:
    """Compare the results of an earlier ronde with those of a later one."""
    previous = list(previous_results)
    current = list(current_results)
    return RondeShift(
        previous_count=len(previous),
        current_count=len(current),
        previous_mean_even_a=_mean([r.even_a for r in previous]),
        current_mean_even_a=_mean([r.even_a for r in current]),
        previous_mean_odd_a=_mean([r.odd_a for r in previous]),
        current_mean_odd_a=_mean([r.odd_a for r in current]),
        previous_spread=type_spread(previous),
        current_spread=type_spread(current),
    )
