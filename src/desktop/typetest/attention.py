"""'Aandacht nodig' on the Start page: unfinished respondents, overdue stappenplan steps,
and a reminder to repeat the typetest after a year."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.attention import AttentionItem
from desktop.typetest import plan as plan_service
from desktop.typetest.models import Respondent, TypetestRonde

#: ``doel`` values the Typetest section knows (``TypetestSection.open_target``):
#: "ronde" opens the ronde ``record_id`` with the cursor on the first open answer;
#: "herhalen" opens it with the cursor on "Nieuwe ronde"; "stappenplan" opens the
#: Stappenplan tab at step ``record_id`` (the first step over its date), cursor on Status.
DOEL_RONDE = "ronde"
DOEL_HERHALEN = "herhalen"  # the ronde list, with the cursor on "Nieuwe ronde"
DOEL_STAPPENPLAN = "stappenplan"
RECENT_DAYS = 180
REPEAT_DAYS = 365


def attention_items(session: Session, today: date | None = None) -> list[AttentionItem]:
    today = today or date.today()
    items: list[AttentionItem] = []
    latest = session.scalars(
        select(TypetestRonde).order_by(TypetestRonde.datum.desc(), TypetestRonde.id.desc())
    ).first()
    if latest is not None:
        if today - latest.datum <= timedelta(days=RECENT_DAYS):
            open_count = (
                session.scalar(
                    select(func.count(Respondent.id)).where(
                        Respondent.ronde_id == latest.id, Respondent.type_code.is_(None)
                    )
                )
                or 0
            )
            if open_count:
                wie = "respondent heeft" if open_count == 1 else "respondenten hebben"
                items.append(
                    AttentionItem(
                        f"Typetest '{latest.naam}': {open_count} {wie} nog niet alle "
                        "vragen beantwoord",
                        "Zonder alle 14 antwoorden is er geen uitslag en telt de respondent "
                        "niet mee in de groepsuitslag.",
                        "info",
                        "typetest",
                        latest.id,
                        open_count,
                        doel=DOEL_RONDE,
                    )
                )
        elif today - latest.datum > timedelta(days=REPEAT_DAYS):
            items.append(
                AttentionItem(
                    "De laatste typetest is meer dan een jaar geleden",
                    "Herhaal de typetest om te zien of de visie is verschoven.",
                    "info",
                    "typetest",
                    latest.id,
                    doel=DOEL_HERHALEN,
                )
            )
    late = plan_service.overdue_steps(session, today)
    if late:
        if len(late) == 1:
            w = late[0]
            titel = f"Stappenplan: stap {w.stap.nummer} ‘{_kort(w.stap.titel)}’ is over de datum"
        else:
            titel = (
                f"Stappenplan: stappen {_join([str(w.stap.nummer) for w in late])} zijn over "
                f"de datum (eerst: ‘{_kort(late[0].stap.titel)}’)"
            )
        items.append(
            AttentionItem(
                titel,
                "; ".join(
                    f"stap {w.stap.nummer} {w.stap.titel.rstrip('.')} "
                    f"({w.eigenaar or 'nog geen eigenaar'}, gepland op {w.datum:%d-%m-%Y})"
                    for w in late
                    if w.datum
                ),
                "waarschuwing",
                "typetest",
                late[0].stap.nummer,
                len(late),
                doel=DOEL_STAPPENPLAN,
            )
        )
    return items


def _kort(titel: str, limit: int = 60) -> str:
    """A step title for a one-line item: without its closing full stop, at most ``limit``."""
    titel = titel.rstrip(".").strip()
    return titel if len(titel) <= limit else titel[: limit - 1].rstrip() + "…"


def _join(parts: list[str]) -> str:
    """'3', '3 en 6', '3, 5 en 6'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
