"""The sociale kaart of the demo gemeente: 126 fictional organisations with about 330
aanbod, covering every soort and all 13 basisfuncties. Some entries were last checked
more than a year ago (the "Te controleren" worklist), two pairs look like duplicates
(for the merge tool), and respijtzorg and educatie are missing in some kernen, so the
witte vlekken tell a story.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.orm import Session

from desktop.kaart import generate
from desktop.kaart.service import list_soorten
from desktop.store import settings

N_ORGANISATIES = 126
N_AANBOD = 330
#: Kernen where the demo has no respijtzorg (mz6) and no educatie (mz4) nearby.
GAP_WIJKEN = ("Ter Aar aan de Vliet", "Hoogeveld")
GAP_FUNCTIES = ("mz6", "mz4")


def load_demo(session: Session, ctx) -> None:
    rng = random.Random(ctx.rng.random())
    plaats = settings.gemeente_naam(session) or "Lindewaard"
    soorten = [(s.id, s.sleutel) for s in list_soorten(session)]
    wijken = [(w.id, w.naam) for w in ctx.wijken]
    rows = generate.build_rows(
        rng,
        n_org=N_ORGANISATIES,
        n_aanbod=N_AANBOD,
        soorten=soorten,
        wijken=wijken,
        today=ctx.today,
        plaats=plaats,
        stale_share=0.12,
    )
    _make_gaps(rows, wijken)
    _add_near_duplicates(rows, dict(soorten), ctx.today)
    generate.insert_rows(session, rows)
    stale = sum(1 for o in rows.organisaties if (ctx.today - o["gecontroleerd_op"]).days > 365)
    ctx.messages.append(
        f"Sociale kaart: {len(rows.organisaties)} organisaties met {len(rows.aanbod)} aanbod; "
        f"{stale} zijn langer dan een jaar niet gecontroleerd."
    )


def _make_gaps(rows: generate.KaartRows, wijken: list[tuple[int, str]]) -> None:
    """Respijtzorg and educatie only in some wijken: organisations offering them work in
    named wijken, never in the GAP_WIJKEN."""
    gap_ids = {wid for wid, naam in wijken if naam in GAP_WIJKEN}
    other = [wid for wid, naam in wijken if naam not in GAP_WIJKEN]
    if not gap_ids or not other:
        return
    gap_aanbod = {
        k["aanbod_id"]
        for k in rows.kenmerken
        if k["soort"] == "basisfunctie" and k["sleutel"] in GAP_FUNCTIES
    }
    gap_orgs = {a["organisatie_id"] for a in rows.aanbod if a["id"] in gap_aanbod}
    for org in rows.organisaties:
        if org["id"] in gap_orgs:
            org["werkgebied"] = "wijken"
    kept = [
        ow
        for ow in rows.org_wijken
        if not (ow["organisatie_id"] in gap_orgs and ow["wijk_id"] in gap_ids)
    ]
    have = {ow["organisatie_id"] for ow in kept}
    for i, oid in enumerate(sorted(gap_orgs)):
        if oid not in have:
            kept.append({"organisatie_id": oid, "wijk_id": other[i % len(other)]})
    rows.org_wijken = kept
    rows.aanbod_wijken = [
        aw
        for aw in rows.aanbod_wijken
        if not (aw["aanbod_id"] in gap_aanbod and aw["wijk_id"] in gap_ids)
    ]


def _add_near_duplicates(rows: generate.KaartRows, soorten: dict[int, str], today) -> None:
    """Two organisations entered twice in a slightly different way: one with the same
    name but "Stichting" in front, one under another name with the same phone and address."""
    next_id = max(o["id"] for o in rows.organisaties) + 1
    by_key = {}
    for org in rows.organisaties:
        by_key.setdefault(soorten.get(org["soort_id"]), org)
    variants = []
    if "vrijwilligerscentrale" in by_key:
        original = by_key["vrijwilligerscentrale"]
        variants.append((original, f"Stichting {original['naam']}", {"email": "", "website": ""}))
    if "burenhulp" in by_key:
        original = by_key["burenhulp"]
        variants.append(
            (original, "Burenhulpdienst Samen Sterk", {"email": "samensterk@burenhulp.example"})
        )
    for original, naam, extra in variants:
        dup = dict(original)
        dup.update(
            id=next_id,
            uuid=generate.new_uuid(),
            naam=naam,
            beschrijving="Dubbel ingevoerd bij de import van 2024.",
            gecontroleerd_op=today - timedelta(days=500),
            bron="import 2024",
        )
        dup.update({"website": "", **extra})
        rows.organisaties.append(dup)
        next_id += 1
