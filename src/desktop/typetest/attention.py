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
#: "ronde" opens the ronde ``record_id``; "stappenplan" opens the Stappenplan tab at step
#: ``record_id`` (the first step over its date).
DOEL_RONDE = "ronde"
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
                    doel=DOEL_RONDE,
                )
            )
    late = plan_service.overdue_steps(session, today)
    if late:
        nummers = ", ".join(str(w.stap.nummer) for w in late)
        items.append(
            AttentionItem(
                f"Stappenplan: {'stap' if len(late) == 1 else 'stappen'} {nummers} over de datum",
                "; ".join(
                    f"stap {w.stap.nummer} ({w.eigenaar or 'geen eigenaar'}, {w.datum:%d-%m-%Y})"
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
