"""Typetest rondes, respondents and answers: storage, results and group analysis.

The GUI and the CLI both call these functions. They take a SQLAlchemy ``Session`` and
return plain dataclasses; validation problems a user can cause are ``UserError``s with a
Dutch message. Scoring itself is in :mod:`desktop.typetest.scoring`; the stappenplan
working document is in :mod:`desktop.typetest.plan`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import UserError
from desktop.store import changelog
from desktop.store.base import utcnow
from desktop.typetest.instrument import TYPE_CODES, Typetest, load_typetest
from desktop.typetest.models import (
    ROL_KEYS,
    ROLLEN,
    Respondent,
    TypetestAntwoord,
    TypetestRonde,
    rol_label,
)
from desktop.typetest.scoring import (
    QUESTION_NUMBERS,
    QuestionSplit,
    RondeShift,
    TypetestResult,
    disagreement,
    format_answers,
    normalise_answers,
    score_partial,
    shift,
    type_spread,
)

__all__ = [
    "ROLLEN",
    "GroepsUitslag",
    "RespondentUitslag",
    "RondeOverzicht",
    "add_respondent",
    "create_ronde",
    "delete_respondent",
    "delete_ronde",
    "get_respondent",
    "get_ronde",
    "group_result",
    "list_rondes",
    "previous_ronde",
    "respondent_result",
    "ronde_shift",
    "set_answer",
    "set_answers",
    "update_respondent",
    "update_ronde",
]

#: Colours per rol on the scorekaart (Okabe-Ito: distinguishable with colour blindness).
ROL_KLEUREN: dict[str, str] = {
    "ambtenaar": "#0072B2",
    "wethouder": "#D55E00",
    "raadslid": "#009E73",
    "steunpunt": "#CC79A7",
    "anders": "#6B6B6B",
}

NAAM_MAX = 200


# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class RondeOverzicht:
    id: int
    naam: str
    datum: date
    doel: str
    instrument_versie: str
    respondenten: int
    compleet: int


@dataclass(frozen=True)
class RespondentUitslag:
    """A respondent with their answers; ``result`` only when all 14 are answered."""

    id: int
    volgnummer: int
    naam: str
    rol: str
    answers: dict[int, str]
    instrument_versie: str
    result: TypetestResult | None
    a_even_tot_nu: int  # raw counts so far (also while incomplete)
    a_oneven_tot_nu: int

    @property
    def rol_label(self) -> str:
        return rol_label(self.rol)

    @property
    def rol_label_kort(self) -> str:
        return rol_label(self.rol, kort=True)

    @property
    def beantwoord(self) -> int:
        return len(self.answers)

    @property
    def compleet(self) -> bool:
        return self.result is not None

    @property
    def letters(self) -> str:
        """14 letters, '-' for an open question."""
        return format_answers(self.answers)

    def label(self, anoniem: bool = False, *, nummer: bool = True, kort: bool = False) -> str:
        """'3 Raadslid (Els de Vries)' or, anonymised, '3 Raadslid'."""
        text = rol_label(self.rol, kort=kort)
        if nummer:
            text = f"{self.volgnummer} {text}"
        if self.naam and not anoniem:
            text += f" ({self.naam})"
        return text


@dataclass(frozen=True)
class GroepsUitslag:
    ronde: RondeOverzicht
    respondenten: list[RespondentUitslag]
    spread: dict[str, int]
    agenda: list[QuestionSplit]  # most disagreement first
    previous: RondeOverzicht | None
    shift: RondeShift | None

    @property
    def complete(self) -> list[RespondentUitslag]:
        return [r for r in self.respondenten if r.result is not None]

    @property
    def incomplete(self) -> list[RespondentUitslag]:
        return [r for r in self.respondenten if r.result is None]

    @property
    def results(self) -> list[TypetestResult]:
        return [r.result for r in self.respondenten if r.result is not None]

    @property
    def mean_even_a(self) -> float | None:
        values = [r.even_a for r in self.results]
        return sum(values) / len(values) if values else None

    @property
    def mean_odd_a(self) -> float | None:
        values = [r.odd_a for r in self.results]
        return sum(values) / len(values) if values else None

    @property
    def most_common_types(self) -> list[str]:
        """The type code(s) most respondents have (several on a tie, none when empty)."""
        top = max(self.spread.values(), default=0)
        return [c for c in TYPE_CODES if top and self.spread[c] == top]

    def discussion_agenda(self, limit: int = 5) -> list[QuestionSplit]:
        """The questions on which the group is most divided (not unanimous), at most
        ``limit``; ties at the cut-off are kept so the list does not favour low numbers."""
        divided = [s for s in self.agenda if s.a and s.b]
        if len(divided) <= limit:
            return divided
        cut = abs(divided[limit - 1].a - divided[limit - 1].b)
        return [s for s in divided if abs(s.a - s.b) <= cut]


# --------------------------------------------------------------------------- rondes


def _clean_name(value: str, what: str, *, required: bool) -> str:
    text = " ".join((value or "").split())
    if required and not text:
        raise UserError(f"Vul {what} in.")
    if len(text) > NAAM_MAX:
        raise UserError(f"{what.capitalize()} is te lang (hoogstens {NAAM_MAX} tekens).")
    return text


def _check_date(value: date | None) -> date:
    if not isinstance(value, date):
        raise UserError("Vul een geldige datum in (dd-mm-jjjj).")
    return value


def create_ronde(
    session: Session, naam: str, datum: date, doel: str = "", *, instrument: Typetest | None = None
) -> TypetestRonde:
    """A new ronde under the current edition of the typetest."""
    test = instrument or load_typetest()
    ronde = TypetestRonde(
        naam=_clean_name(naam, "de naam van de ronde", required=True),
        datum=_check_date(datum),
        doel=(doel or "").strip(),
        instrument_versie=test.versie,
    )
    session.add(ronde)
    session.flush()
    changelog.record(session, ronde, actie="nieuw")
    return ronde


def get_ronde(session: Session, ronde_id: int) -> TypetestRonde:
    ronde = session.get(TypetestRonde, ronde_id)
    if ronde is None:
        raise UserError(f"Typetest-ronde {ronde_id} bestaat niet.")
    return ronde


def update_ronde(
    session: Session,
    ronde_id: int,
    *,
    naam: str | None = None,
    datum: date | None = None,
    doel: str | None = None,
) -> TypetestRonde:
    ronde = get_ronde(session, ronde_id)
    if naam is not None:
        ronde.naam = _clean_name(naam, "de naam van de ronde", required=True)
    if datum is not None:
        ronde.datum = _check_date(datum)
    if doel is not None:
        ronde.doel = doel.strip()
    changelog.record(session, ronde)
    session.flush()
    return ronde


def delete_ronde(session: Session, ronde_id: int) -> None:
    """Delete a ronde with its respondents and answers (a stappenplan keeps its notes)."""
    ronde = get_ronde(session, ronde_id)
    changelog.record(session, ronde, actie="verwijder")
    session.delete(ronde)
    session.flush()


def _overzicht(ronde: TypetestRonde, totaal: int, compleet: int) -> RondeOverzicht:
    return RondeOverzicht(
        ronde.id, ronde.naam, ronde.datum, ronde.doel, ronde.instrument_versie, totaal, compleet
    )


def list_rondes(session: Session) -> list[RondeOverzicht]:
    """All rondes, newest first, with the number of (complete) respondents."""
    totals = dict(
        session.execute(
            select(Respondent.ronde_id, func.count(Respondent.id)).group_by(Respondent.ronde_id)
        ).all()
    )
    complete = dict(
        session.execute(
            select(Respondent.ronde_id, func.count(Respondent.id))
            .where(Respondent.type_code.is_not(None))
            .group_by(Respondent.ronde_id)
        ).all()
    )
    rondes = session.scalars(
        select(TypetestRonde).order_by(TypetestRonde.datum.desc(), TypetestRonde.id.desc())
    )
    return [_overzicht(r, totals.get(r.id, 0), complete.get(r.id, 0)) for r in rondes]


def ronde_overzicht(session: Session, ronde_id: int) -> RondeOverzicht:
    return next(r for r in list_rondes(session) if r.id == get_ronde(session, ronde_id).id)


def previous_ronde(session: Session, ronde_id: int) -> TypetestRonde | None:
    """The most recent ronde before this one (by date, then number), if any."""
    ronde = get_ronde(session, ronde_id)
    stmt = (
        select(TypetestRonde)
        .where(
            (TypetestRonde.datum < ronde.datum)
            | ((TypetestRonde.datum == ronde.datum) & (TypetestRonde.id < ronde.id))
        )
        .order_by(TypetestRonde.datum.desc(), TypetestRonde.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


# --------------------------------------------------------------------------- respondents


def _check_rol(rol: str) -> str:
    if rol not in ROL_KEYS:
        labels = ", ".join(label.lower() for _, label in ROLLEN)
        raise UserError(f"Onbekende rol '{rol}': kies uit {labels}.")
    return rol


def add_respondent(
    session: Session, ronde_id: int, naam: str = "", rol: str = "ambtenaar"
) -> Respondent:
    ronde = get_ronde(session, ronde_id)
    volgnummer = (
        session.scalar(
            select(func.max(Respondent.volgnummer)).where(Respondent.ronde_id == ronde.id)
        )
        or 0
    ) + 1
    respondent = Respondent(
        ronde_id=ronde.id,
        volgnummer=volgnummer,
        naam=_clean_name(naam, "de naam", required=False),
        rol=_check_rol(rol),
    )
    session.add(respondent)
    session.flush()
    changelog.record(session, respondent, actie="nieuw")
    return respondent


def get_respondent(session: Session, respondent_id: int) -> Respondent:
    respondent = session.get(Respondent, respondent_id)
    if respondent is None:
        raise UserError(f"Respondent {respondent_id} bestaat niet.")
    return respondent


def update_respondent(
    session: Session, respondent_id: int, *, naam: str | None = None, rol: str | None = None
) -> Respondent:
    respondent = get_respondent(session, respondent_id)
    if naam is not None:
        respondent.naam = _clean_name(naam, "de naam", required=False)
    if rol is not None:
        respondent.rol = _check_rol(rol)
    changelog.record(session, respondent)
    session.flush()
    return respondent


def delete_respondent(session: Session, respondent_id: int) -> None:
    respondent = get_respondent(session, respondent_id)
    changelog.record(session, respondent, actie="verwijder")
    # Through the collection (delete-orphan), so the ronde in this session stays right.
    respondent.ronde.respondenten.remove(respondent)
    session.flush()


# --------------------------------------------------------------------------- answers


def _editable(respondent: Respondent, test: Typetest) -> None:
    versie = respondent.ronde.instrument_versie
    if versie != test.versie:
        raise UserError(
            f"Deze ronde is ingevuld met editie {versie} van de typetest; deze versie van "
            f"Elkaar werkt met editie {test.versie}. De antwoorden blijven bewaard zoals ze "
            "zijn, maar kunnen niet meer worden gewijzigd. Begin een nieuwe ronde."
        )


def stored_answers(respondent: Respondent, test: Typetest | None = None) -> dict[int, str]:
    """The answers as question number -> letter, found by question key."""
    instrument = test or load_typetest()
    numbers = {v.key: v.nummer for v in instrument.vragen}
    return {
        numbers.get(a.vraag_key, a.vraag_nummer): a.antwoord
        for a in respondent.antwoorden
        if a.antwoord in ("a", "b")
    }


def _rescore(respondent: Respondent, test: Typetest) -> None:
    result = score_partial(stored_answers(respondent, test), test)
    respondent.even_a = result.even_a if result else None
    respondent.odd_a = result.odd_a if result else None
    respondent.type_code = result.type if result else None


def _apply(respondent: Respondent, nummer: int, letter: str | None, test: Typetest) -> None:
    """Set or clear one answer in the respondent's collection (no flush, no rescore)."""
    vraag = test.vraag(nummer)
    existing = next((a for a in respondent.antwoorden if a.vraag_key == vraag.key), None)
    if letter is None:
        if existing is not None:
            respondent.antwoorden.remove(existing)
    elif existing is None:
        respondent.antwoorden.append(
            TypetestAntwoord(
                vraag_key=vraag.key,
                vraag_nummer=vraag.nummer,
                instrument_versie=test.versie,
                antwoord=letter,
            )
        )
    elif existing.antwoord != letter:
        existing.antwoord = letter
        existing.instrument_versie = test.versie
        existing.ingevuld_op = utcnow()


def set_answer(
    session: Session,
    respondent_id: int,
    nummer: int,
    letter: str | None,
    *,
    instrument: Typetest | None = None,
) -> RespondentUitslag:
    """Set (or with ``None`` or an empty text clear) one answer; returns the new result."""
    if letter is not None and not (isinstance(letter, str) and not letter.strip()):
        value: str | None = normalise_answers({nummer: letter})[nummer]
    else:
        normalise_answers({nummer: "a"})  # checks the question number
        value = None
    return set_answers(session, respondent_id, {nummer: value}, instrument=instrument, partial=True)


def set_answers(
    session: Session,
    respondent_id: int,
    answers: Mapping[int, str | None],
    *,
    instrument: Typetest | None = None,
    partial: bool = False,
) -> RespondentUitslag:
    """Replace the answers of a respondent: questions not in ``answers`` become open,
    unless ``partial`` (then only the given questions change; ``None`` clears one)."""
    test = instrument or load_typetest()
    given = {n: a for n, a in answers.items() if a is not None}
    normalised: dict[int, str | None] = dict(normalise_answers(given))
    for nummer, letter in answers.items():
        if letter is None:
            normalise_answers({nummer: "a"})  # checks the question number
            normalised[nummer] = None
    respondent = get_respondent(session, respondent_id)
    _editable(respondent, test)
    numbers = list(normalised) if partial else list(QUESTION_NUMBERS)
    for nummer in numbers:
        _apply(respondent, nummer, normalised.get(nummer), test)
    _rescore(respondent, test)
    session.flush()
    return respondent_result(respondent, test)


# --------------------------------------------------------------------------- results


def respondent_result(respondent: Respondent, test: Typetest | None = None) -> RespondentUitslag:
    """A respondent's answers and result.

    The result is the one stored under the respondent's own instrument version, so a
    later edition of the typetest does not change it; for the current edition it is
    recomputed from the answers.
    """
    instrument = test or load_typetest()
    answers = stored_answers(respondent, instrument)
    versie = respondent.ronde.instrument_versie
    result: TypetestResult | None
    if versie == instrument.versie:
        result = score_partial(answers, instrument)
    elif respondent.type_code and respondent.even_a is not None and respondent.odd_a is not None:
        gemeentetype = instrument.type(respondent.type_code)
        result = TypetestResult(
            respondent.even_a,
            respondent.odd_a,
            gemeentetype.beleid,
            gemeentetype.regie,
            gemeentetype.code,
            gemeentetype.naam,
        )
    else:
        result = None
    even = set(instrument.vragen_voor("beleid"))
    return RespondentUitslag(
        id=respondent.id,
        volgnummer=respondent.volgnummer,
        naam=respondent.naam,
        rol=respondent.rol,
        answers=answers,
        instrument_versie=versie,
        result=result,
        a_even_tot_nu=sum(1 for n, a in answers.items() if a == "a" and n in even),
        a_oneven_tot_nu=sum(1 for n, a in answers.items() if a == "a" and n not in even),
    )


def _load_respondents(session: Session, ronde_id: int) -> list[Respondent]:
    return list(
        session.scalars(
            select(Respondent)
            .where(Respondent.ronde_id == ronde_id)
            .options(selectinload(Respondent.antwoorden), selectinload(Respondent.ronde))
            .order_by(Respondent.volgnummer)
        )
    )


def respondent_results(session: Session, ronde_id: int) -> list[RespondentUitslag]:
    get_ronde(session, ronde_id)
    test = load_typetest()
    return [respondent_result(r, test) for r in _load_respondents(session, ronde_id)]


def ronde_shift(session: Session, previous_id: int, current_id: int) -> RondeShift:
    """Shift of the complete results between two rondes."""
    before = [r.result for r in respondent_results(session, previous_id) if r.result]
    after = [r.result for r in respondent_results(session, current_id) if r.result]
    return shift(before, after)


def group_result(
    session: Session,
    ronde_id: int,
    *,
    compare_with: int | None = None,
    default_previous: bool = True,
) -> GroepsUitslag:
    """The group result of a ronde, compared with ``compare_with`` or, when that is None
    and ``default_previous``, with the ronde before it (when there is one)."""
    respondents = respondent_results(session, ronde_id)
    overzicht = ronde_overzicht(session, ronde_id)
    complete = [r for r in respondents if r.result is not None]
    if compare_with is None and default_previous:
        earlier = previous_ronde(session, ronde_id)
        compare_with = earlier.id if earlier is not None else None
    elif compare_with == ronde_id:
        raise UserError("Kies een andere ronde om mee te vergelijken.")
    previous = ronde_overzicht(session, compare_with) if compare_with is not None else None
    return GroepsUitslag(
        ronde=overzicht,
        respondenten=respondents,
        spread=dict(type_spread(r.result for r in complete if r.result)),
        agenda=disagreement(r.answers for r in complete),
        previous=previous,
        shift=ronde_shift(session, compare_with, ronde_id) if compare_with is not None else None,
    )


def shift_sentence(sh: RondeShift) -> str:
    """One plain Dutch sentence describing how the mean position moved."""
    if not sh.current_count or not sh.previous_count:
        zonder = "deze ronde" if not sh.current_count else "de vorige ronde"
        return (
            f"Een verschuiving is nog niet te zien: {zonder} heeft nog geen respondent met "
            "een uitslag (alle 14 vragen beantwoord)."
        )
    parts = []
    if sh.delta_odd_a is not None and abs(sh.delta_odd_a) >= 0.5:
        richting = "gemeente als dirigent" if sh.delta_odd_a > 0 else "regie op afstand"
        parts.append(f"de groep is meer richting {richting} geschoven")
    if sh.delta_even_a is not None and abs(sh.delta_even_a) >= 0.5:
        richting = "smal beleid" if sh.delta_even_a > 0 else "breed beleid"
        parts.append(f"meer richting {richting}")
    if not parts:
        return (
            "De gemiddelde positie van de groep is nauwelijks veranderd "
            "(minder dan een halve vraag)."
        )
    text = " en ".join(parts)
    return text[0].upper() + text[1:] + " (gemiddeld minstens een halve vraag verschil)."
