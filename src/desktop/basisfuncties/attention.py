"""'Aandacht nodig' on the Start page: actions of the actieplan past their date, and a
reminder when the last meting is more than two years old (or there is none yet while
the sociale kaart is being filled)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop.attention import AttentionItem
from desktop.basisfuncties import service

REPEAT_YEARS = 2
#: ``doel`` values the Basisfuncties section knows (``BasisfunctiesSection.open_target``):
#: "actieplan" opens the Actieplan tab with action ``record_id`` selected; "meting" opens
#: the Metingen tab with meting ``record_id``.
DOEL_ACTIEPLAN = "actieplan"
DOEL_METING = "meting"
DOEL_VERVOLGMETING = "vervolgmeting"  # that meting selected, cursor on "Nieuwe meting"


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def attention_items(session: Session, today: date | None = None) -> list[AttentionItem]:
    today = today or date.today()
    items: list[AttentionItem] = []
    late = service.overdue_acties(session, today)
    if late:
        items.append(
            AttentionItem(
                f"Actieplan basisfuncties: {len(late)} "
                + ("actie is" if len(late) == 1 else "acties zijn")
                + " over de datum",
                "; ".join(
                    f"{a.omschrijving} ({a.eigenaar or 'geen eigenaar'}, {a.datum:%d-%m-%Y})"
                    for a in late[:3]
                    if a.datum
                )
                + (" …" if len(late) > 3 else ""),
                "waarschuwing",
                "basisfuncties",
                late[0].id,
                len(late),
                doel=DOEL_ACTIEPLAN,
            )
        )
    latest = service.latest_meting(session)
    if latest is not None and latest.datum < _years_before(today, REPEAT_YEARS):
        items.append(
            AttentionItem(
                "De laatste meting van de basisfuncties is ouder dan twee jaar",
                f"{service.soort_label(latest.soort)} van {latest.datum:%d-%m-%Y}. Start een "
                "vervolgmeting: die begint met de antwoorden van de vorige.",
                "info",
                "basisfuncties",
                latest.id,
                doel=DOEL_VERVOLGMETING,
            )
        )
    return items
