"""Start page items of the sociale kaart: entries to check, possible duplicates. Their
``doel`` names the list ``KaartSection.open_target`` opens (``DOEL_TE_CONTROLEREN``,
``DOEL_DUBBEL``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.attention import AttentionItem
from desktop.kaart import duplicates, search, service

DOEL_TE_CONTROLEREN = "te_controleren"
DOEL_DUBBEL = "dubbel"


def attention_items(session: Session) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    n = service.te_controleren_count(session)
    if n:
        maanden = search.controle_maanden(session)
        items.append(
            AttentionItem(
                f"{n} organisatie{'s' if n != 1 else ''} op de sociale kaart te controleren",
                f"Langer dan {maanden} maanden niet gecontroleerd. Open de lijst 'Te controleren' "
                "en zet na een controle een vinkje met 'Gecontroleerd'.",
                "waarschuwing" if n >= 10 else "info",
                "kaart",
                aantal=n,
                doel=DOEL_TE_CONTROLEREN,
            )
        )
    groups = duplicates.duplicate_groups(session)
    if groups:
        g = len(groups)
        items.append(
            AttentionItem(
                f"{g} mogelijk dubbele organisatie{'s' if g != 1 else ''} op de sociale kaart",
                "Organisaties met dezelfde naam, hetzelfde adres, telefoonnummer of dezelfde "
                "website. Voeg ze samen via Sociale kaart, Dubbele organisaties.",
                "info",
                "kaart",
                aantal=g,
                doel=DOEL_DUBBEL,
            )
        )
    return items
