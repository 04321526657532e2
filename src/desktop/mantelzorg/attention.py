"""Start page items: follow-ups due or overdue, records past the bewaartermijn, drafts.

Each item names where Enter takes the user (``doel``, see ``views.DOELEN``): the plan
tab of the mantelzorger whose follow-up is first, the gesprekken tab with the draft, or
the bewaartermijn review."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.attention import AttentionItem
from desktop.mantelzorg import gesprekken, plannen
from desktop.mantelzorg.service import is_encrypted


def attention_items(session: Session) -> list[AttentionItem]:
    if not is_encrypted(session):
        return []
    from desktop.privacy import retention

    items: list[AttentionItem] = []
    due = plannen.followups_due(session, within_days=7)
    overdue = [f for f in due if f.overdue]
    if overdue:
        first = overdue[0]
        items.append(
            AttentionItem(
                f"{len(overdue)} vervolgafspraak/-afspraken met mantelzorgers te laat",
                f"Oudste: {first.naam}, gepland op {first.vervolgdatum:%d-%m-%Y}",
                "urgent",
                "mantelzorg",
                first.mantelzorger_id,
                len(overdue),
                doel="plan",
            )
        )
    coming = [f for f in due if not f.overdue]
    if coming:
        first = coming[0]
        items.append(
            AttentionItem(
                f"{len(coming)} vervolgcontact(en) met mantelzorgers deze week",
                f"Eerste: {first.naam} op {first.vervolgdatum:%d-%m-%Y}",
                "waarschuwing",
                "mantelzorg",
                first.mantelzorger_id,
                len(coming),
                doel="plan",
            )
        )
    past = retention.review_list(session)
    if past:
        items.append(
            AttentionItem(
                f"{len(past)} mantelzorgdossier(s) voorbij de bewaartermijn",
                "Bekijk de lijst en wis ze na controle (Mantelzorgers > Bewaartermijn).",
                "waarschuwing",
                "mantelzorg",
                None,
                len(past),
                doel="bewaartermijn",
            )
        )
    drafts = gesprekken.open_drafts(session)
    if drafts:
        items.append(
            AttentionItem(
                f"{len(drafts)} gesprek(ken) niet afgemaakt",
                f"Concept van {drafts[0].mantelzorger_naam}: open het om verder te gaan.",
                "info",
                "mantelzorg",
                drafts[0].mantelzorger_id,
                len(drafts),
                doel="gesprekken",
            )
        )
    return items
