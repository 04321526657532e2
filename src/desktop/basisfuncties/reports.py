"""Reports: the basisfuncties-rapport of a meting and the witte-vlekken rapport.

Both are in the report catalogue, so the Rapporten section and
``elkaar report basisfuncties --db DB --meting ID --out FILE.pdf`` and
``elkaar report witte-vlekken --db DB --out FILE.pdf`` come from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from desktop.basisfuncties import service
from desktop.basisfuncties.dekking import WitteVlekken
from desktop.basisfuncties.scoring import Change
from desktop.basisfuncties.weergave import (
    CELL_COLOURS,
    CHANGE_MARKS,
    cell_text,
    delta_points,
    has_any_offer,
    percent,
    vlekken_summary,
)
from desktop.errors import UserError
from desktop.rapporten.catalogue import Report, ReportOption, register
from desktop.rapporten.charts import CycleSegment, bar_chart, cycle_diagram
from desktop.rapporten.document import Heading, build_pdf
from desktop.rapporten.formatting import format_date
from desktop.rapporten.gemeente import report_context
from desktop.rapporten.styles import (
    bullet_list,
    esc,
    get_styles,
    key_value_table,
    make_table,
    para,
)


def rich(text: str, style: str = "Tekst") -> Any:
    """A paragraph with <b> markup; escape the dynamic parts with ``esc``."""
    return Paragraph(text, get_styles()[style])


BRON = (
    "Bron van de basisfuncties: de notities 'Basisfuncties lokale ondersteuning "
    "vrijwilligerswerk' en 'Basisfuncties lokale ondersteuning mantelzorg' (VNG, NOV en "
    "Mezzo, 2008). Definities en activiteiten zijn letterlijk overgenomen."
)


def meting_choices(store: Any) -> list[tuple[int, str]]:
    """(id, label) of every meting, newest first (for the report form)."""
    with store.session() as session:
        return [
            (m.id, f"{m.id}: {m.label} ({service.domeinen_label(m.domeinen).lower()})")
            for m in service.list_metingen(session)
        ]


def _meting_id(raw: Any, store: Any, *, required: bool) -> int | None:
    if raw in (None, ""):
        if not required:
            with store.session() as session:
                latest = service.latest_meting(session)
                return latest.id if latest else None
        with store.session() as session:
            if service.latest_meting(session) is None:
                raise UserError(
                    "Er is nog geen meting van de basisfuncties. Begin er een bij "
                    "Basisfuncties, tabblad Metingen (Nieuwe meting); daarna kan dit rapport "
                    "worden gemaakt."
                )
        raise UserError("Kies een meting (--meting NUMMER).")
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise UserError(f"'{raw}' is geen nummer van een meting.") from None


# --------------------------------------------------------------------------- matrix


def matrix_table(vlekken: WitteVlekken) -> Any:
    """The witte-vlekken matrix as a table: a row per wijk, a column per basisfunctie
    (its code, so any number of wijken fits the page), colour and text in every cell."""
    headers = ["Wijk of kern"] + [f.code for f in vlekken.functions]
    rows = []
    for w, naam in vlekken.wijken:
        rows.append(
            [naam] + [cell_text(vlekken.cell(f.key, w), short=True) for f in vlekken.functions]
        )
    table = make_table(
        headers,
        rows,
        col_widths=[2.4] + [1.0] * len(vlekken.functions),
        numeric_cols=[],
        zebra=False,
        empty_text="Nog geen wijken of kernen ingevuld.",
    )
    for r, (w, _) in enumerate(vlekken.wijken, start=1):
        for c, f in enumerate(vlekken.functions, start=1):
            fill = CELL_COLOURS[vlekken.cell(f.key, w).state]
            table.setStyle([("BACKGROUND", (c, r), (c, r), colors.HexColor(fill))])
    return table


def matrix_block(vlekken: WitteVlekken) -> list[Any]:
    """The matrix with its key and legend; nothing without wijken (the summary says why)."""
    if not vlekken.wijken:
        return []
    return [matrix_table(vlekken), function_key_text(vlekken), matrix_legend()]


def function_key_text(vlekken: WitteVlekken) -> Any:
    return para(
        "Basisfuncties: " + "; ".join(f"{f.code} {f.name}" for f in vlekken.functions) + ".",
        "Klein",
    )


def matrix_legend() -> Any:
    return rich(
        "In elke cel staat het aantal organisaties met aanbod voor die basisfunctie in die "
        "wijk of kern. <b>0</b> (rood) = witte vlek: geen aanbod; 1 (geel) = één aanbieder; "
        "2 of meer (groen) = meerdere aanbieders; <b>n.g.</b> (grijs) = de gemeente werkt "
        "niet aan deze basisfunctie. Bronnen: aanbod op de sociale kaart dat met de "
        "basisfunctie is gemarkeerd en de wijk bedient (ook via een werkgebied 'gemeente', "
        "'regio' of 'landelijk'), en de uitvoerders van activiteiten die in de meting "
        "aanwezig zijn.",
        "Klein",
    )


# --------------------------------------------------------------------------- basisfuncties


def basisfuncties_story(store: Any, meting_id: int) -> tuple[list[Any], str]:
    with store.session() as session:
        meting = service.get_meting(session, meting_id)
        instrument = service.instrument_for(meting)
        score = service.score_of(meting)
        vergelijking = service.comparison(session, meting_id)
        vlekken = service.witte_vlekken(session, meting_id)
        acties = service.list_acties(session)
        stored = service.answers(session, meting_id)
        label = f"{service.soort_label(meting.soort)} van {format_date(meting.datum)}"
        info = [
            ("Meting", f"{meting.id}: {label}"),
            ("Basisfuncties", service.domeinen_label(meting.domeinen)),
            ("Ingevuld door", meting.ingevuld_door or "(niet ingevuld)"),
            ("Checklist", f"{instrument.title}, versie {meting.instrument_versie}"),
        ]
        if vergelijking is not None:
            vorige = vergelijking[0]
            info.append(
                (
                    "Vorige meting",
                    f"{vorige.id}: {service.soort_label(vorige.soort)} van "
                    f"{format_date(vorige.datum)} (versie {vorige.instrument_versie})",
                )
            )
    comp = vergelijking[1] if vergelijking else None
    story: list[Any] = [key_value_table(info)]

    # Scores
    story.append(Heading("Scores per basisfunctie", 1))
    total_items = sum(fs.items for fs in score.functions.values())
    answered = sum(
        1
        for k, a in stored.items()
        if a.status and k.split(".")[0] in score.functions and instrument.has_item(k)
    )
    if not answered:
        story.append(
            para(
                f"Deze meting is nog niet ingevuld: geen van de {total_items} activiteiten "
                "heeft een status. Vul de meting in bij Basisfuncties, tabblad Metingen; "
                "daarna staan hier de scores per basisfunctie.",
                "Toelichting",
            )
        )
    else:
        story.extend(_score_block(instrument, score, comp))
        if answered < total_items:
            open_items = total_items - answered
            story.append(
                para(
                    f"Nog {open_items} van de {total_items} activiteiten "
                    f"{'heeft' if open_items == 1 else 'hebben'} geen status; die tellen "
                    "als onbekend.",
                    "Klein",
                )
            )
    _rest_of_basisfuncties_story(
        story, instrument, score, comp, stored, vlekken, acties, answered=bool(answered)
    )
    return story, label


def _score_block(instrument: Any, score: Any, comp: Any) -> list[Any]:
    story: list[Any] = []
    parts = []
    for domain, ds in score.domains.items():
        if ds.function_keys:
            parts.append(f"{instrument.domain(domain).name.lower()} <b>{percent(ds.score)}</b>")
    story.append(
        rich(
            f"Totaalscore <b>{percent(score.score)}</b> ({', '.join(parts)})."
            + (
                f" Bij de vorige meting was dat {percent(comp.total.previous)}."
                if comp is not None
                else ""
            )
        )
    )
    labels = [
        f"{instrument.function(k).code} {instrument.function(k).short_name}"
        for k in score.functions
    ]
    current = [None if s.score is None else s.score * 100 for s in score.functions.values()]
    if comp is not None:
        previous = []
        for k in score.functions:
            fc = next((f for f in comp.functions if f.function_key == k), None)
            prev = fc.score.previous if fc is not None else None
            previous.append(None if prev is None else prev * 100)
        chart = bar_chart(
            labels,
            [previous, current],
            horizontal=True,
            series_names=["Vorige meting", "Deze meting"],
            colours=["#9AA8B8", "#1F4E79"],
            value_max=100,
            value_format=lambda v: f"{round(v)}%",
            title="Score per basisfunctie (0–100%)",
            height=20 * len(labels) + 60,
        )
    else:
        chart = bar_chart(
            labels,
            current,
            horizontal=True,
            colours=["#1F4E79"],
            value_max=100,
            value_format=lambda v: f"{round(v)}%",
            title="Score per basisfunctie (0–100%)",
            height=20 * len(labels) + 60,
        )
    story.append(chart)
    rows = []
    for k, fs in score.functions.items():
        f = instrument.function(k)
        prev = "–"
        change = "–"
        if comp is not None:
            fc = next((x for x in comp.functions if x.function_key == k), None)
            if fc is not None:
                prev = percent(fc.score.previous) if fc.score.previous is not None else "–"
                change = delta_points(fc.score.previous, fc.score.current)
        rows.append(
            [
                f"{f.code} {f.name}",
                percent(fs.score),
                percent(fs.in_place_share),
                f"{fs.applicable} van {fs.items}",
                str(fs.unknown),
                prev,
                change,
            ]
        )
    story.append(
        make_table(
            ["Basisfunctie", "Score", "Aanwezig", "Telt mee", "Onbekend", "Vorige", "Verschil"],
            rows,
            col_widths=[3.7, 1.2, 1.7, 1.5, 1.7, 1.3, 1.4],
            numeric_cols=[1, 2, 4, 5, 6],
        )
    )
    story.append(para("Hoe de score wordt berekend: " + instrument.weighting, "Klein"))
    return story


def _rest_of_basisfuncties_story(
    story: list[Any],
    instrument: Any,
    score: Any,
    comp: Any,
    stored: dict[str, Any],
    vlekken: WitteVlekken,
    acties: list[Any],
    *,
    answered: bool,
) -> None:
    # Cycle (only with answers: an empty meting has no scores to draw) of the five vrijwilligerswerk functions
    vw = [k for k in score.functions if score.functions[k].domain == "vrijwilligerswerk"]
    if vw and answered:
        story.append(Heading("De cyclus van de vijf basisfuncties vrijwilligerswerk", 1))
        segments = []
        for f in instrument.functions_in("vrijwilligerswerk"):
            fs = score.functions.get(f.key)
            value = None if fs is None or fs.score is None else fs.score * 100
            segments.append(
                CycleSegment(
                    f"{f.code} {f.short_name}",
                    value,
                    value_text=(
                        "n.g." if fs is None else percent(fs.score).replace("geen score", "–")
                    ),
                )
            )
        story.append(
            cycle_diagram(
                segments,
                score_min=0,
                score_max=100,
                center_label="Lokale ondersteuning vrijwilligerswerk",
                height=95 * mm,
            )
        )
        story.append(
            para(
                "De vijf basisfuncties vormen samen een cyclus: ontwikkelingen vertalen naar "
                "beleid, vraag en aanbod verbinden, organisaties versterken, vrijwilligerswerk "
                "verbreiden en de ondersteuning verankeren. De kleur en het getal geven de "
                "score van deze meting; grijs = geen score of niet gekozen (n.g.).",
                "Klein",
            )
        )

    # Comparison per item
    if comp is not None:
        story.append(Heading("Vergelijking met de vorige meting", 1))
        better = sum(1 for i in comp.items if i.change is Change.BETTER)
        worse = sum(1 for i in comp.items if i.change is Change.WORSE)
        text = (
            f"Sinds de vorige meting zijn {better} activiteiten verbeterd en {worse} verslechterd."
        )
        if not comp.same_version:
            text += (
                f" De vorige meting gebruikte versie {comp.previous_version} van de checklist, "
                f"deze versie {comp.current_version}: {len(comp.added_items)} activiteiten zijn "
                f"nieuw en {len(comp.removed_items)} vervallen."
            )
        story.append(para(text))
        changed = [i for i in comp.items if i.change not in (Change.SAME,)]
        rows = []
        for i in changed:
            prev = instrument_status_name(instrument, i.previous_status)
            cur = instrument_status_name(instrument, i.current_status)
            rows.append([i.item_key, i.text, prev, cur, CHANGE_MARKS[i.change]])
        story.append(
            make_table(
                ["Sleutel", "Activiteit", "Vorige", "Nu", "Verandering"],
                rows,
                col_widths=[1.2, 6.0, 2.0, 2.0, 2.0],
                empty_text="Geen veranderingen per activiteit.",
            )
        )

    # Ambities
    ambities = [(k, a) for k, a in stored.items() if a.heeft_ambitie and instrument.has_item(k)]
    if ambities:
        story.append(Heading("Ambities voor de volgende periode", 1))
        order = {"hoog": 0, "middel": 1, "laag": 2, "": 3}
        ambities.sort(key=lambda ka: (order.get(ka[1].prioriteit, 3), ka[0]))
        story.append(
            make_table(
                ["Activiteit", "Prioriteit", "Streefdatum"],
                [
                    [
                        f"{k} {instrument.item(k).text}",
                        a.prioriteit or "–",
                        format_date(a.streefdatum) if a.streefdatum else "–",
                    ]
                    for k, a in ambities
                ],
                col_widths=[8, 1.6, 1.8],
            )
        )

    # Witte vlekken
    story.append(Heading("Witte vlekken: basisfuncties per wijk", 1))
    story.append(para(vlekken_summary(vlekken)))
    uncovered = vlekken.matrix.uncovered_functions()
    if uncovered and has_any_offer(vlekken):
        codes = [vlekken.function(k).code for k in uncovered]
        story.append(
            para(
                f"{codes[0]} heeft in geen enkele wijk aanbod."
                if len(codes) == 1
                else f"{', '.join(codes[:-1])} en {codes[-1]} hebben in geen enkele wijk aanbod."
            )
        )
    story.extend(matrix_block(vlekken))

    # Actieplan
    story.append(Heading("Actieplan", 1))
    story.append(actieplan_table(acties))
    story.append(para(BRON, "Klein"))


def instrument_status_name(instrument: Any, key: str | None) -> str:
    if key is None:
        return "–"
    return instrument.status(key).name if instrument.has_status(key) else key


def actieplan_table(acties: list[Any]) -> Any:
    return make_table(
        ["Basisfunctie", "Actie", "Eigenaar", "Datum", "Status"],
        [
            [
                a.functie,
                a.omschrijving,
                a.eigenaar or "–",
                format_date(a.datum) if a.datum else "–",
                a.status,
            ]
            for a in acties
        ],
        col_widths=[2.5, 4.9, 3.0, 1.9, 1.2],
        empty_text="Nog geen acties in het actieplan.",
    )


def build_basisfuncties(
    store: Any, options: dict[str, Any], out: Path, progress=None, cancel=None
) -> Path:
    meting_id = _meting_id(options.get("meting"), store, required=True)
    assert meting_id is not None
    story, label = basisfuncties_story(store, meting_id)
    ctx = report_context(store, "Basisfuncties vrijwilligerswerk en mantelzorg", label)
    return build_pdf(out, ctx, story, progress=progress, cancel=cancel)


# --------------------------------------------------------------------------- witte vlekken


def witte_vlekken_story(store: Any, meting_id: int | None) -> tuple[list[Any], str]:
    with store.session() as session:
        vlekken = service.witte_vlekken(session, meting_id)
        if meting_id is not None:
            meting = service.get_meting(session, meting_id)
            label = (
                f"Met {service.soort_label(meting.soort).lower()} van {format_date(meting.datum)}"
            )
        else:
            label = "Alleen de sociale kaart"
    story: list[Any] = [
        para(
            "Een witte vlek is een basisfunctie waarvoor in een wijk of kern geen aanbod te "
            "vinden is. Dit overzicht combineert de sociale kaart met "
            + (
                "de uitvoerders uit de meting."
                if meting_id
                else f"alle {len(vlekken.functions)} basisfuncties."
            )
        ),
        para(vlekken_summary(vlekken)),
    ]
    if not vlekken.wijken:
        return story, label
    story.append(Heading("Matrix basisfuncties per wijk", 1))
    story.extend(matrix_block(vlekken))
    gaps = vlekken.matrix.gaps()
    if not gaps or not has_any_offer(vlekken):
        # nothing to look up per gap: either none, or nothing on offer anywhere
        return story, label
    story.append(Heading("Per witte vlek: wat er in de buurt is", 1))
    for f in vlekken.functions:
        row_gaps = [c for c in gaps if c.function_key == f.key]
        if not row_gaps:
            continue
        story.append(Heading(f"{f.code} {f.name}", 2))
        wijk_namen = ", ".join(vlekken.wijk_naam(c.wijk_id) for c in row_gaps)  # type: ignore[arg-type]
        story.append(rich(f"Geen aanbod in: <b>{esc(wijk_namen)}</b>."))
        nearby = service.nearby_offer(vlekken, f.key, row_gaps[0].wijk_id)  # type: ignore[arg-type]
        if nearby:
            story.append(
                bullet_list([f"{naam} (in {', '.join(wijken)})" for naam, wijken in nearby[:12]])
            )
        else:
            story.append(para("Ook in andere wijken is hiervoor niets te vinden.", "Toelichting"))
    return story, label


def build_witte_vlekken(
    store: Any, options: dict[str, Any], out: Path, progress=None, cancel=None
) -> Path:
    meting_id = _meting_id(options.get("meting"), store, required=False)
    story, label = witte_vlekken_story(store, meting_id)
    ctx = report_context(store, "Witte vlekken in de lokale ondersteuning", label)
    return build_pdf(out, ctx, story, progress=progress, cancel=cancel)


register(
    Report(
        key="basisfuncties",
        title="Basisfuncties: meting",
        description=(
            "Voor de raad of een adviesgesprek: scores per basisfunctie, de cyclus van de "
            "vijf basisfuncties vrijwilligerswerk, de vergelijking met de vorige meting, de "
            "witte vlekken per wijk en het actieplan."
        ),
        options=[
            ReportOption(
                "meting",
                "Meting",
                "int",
                choices=meting_choices,  # type: ignore[arg-type]
                required=True,
                help="nummer van de meting",
            )
        ],
        build=build_basisfuncties,
    )
)

register(
    Report(
        key="witte-vlekken",
        title="Witte vlekken per wijk",
        description=(
            "Matrix van de basisfuncties per wijk uit de sociale kaart en de meting, en per "
            "witte vlek het aanbod in andere wijken."
        ),
        options=[
            ReportOption(
                "meting",
                "Meting",
                "int",
                choices=meting_choices,  # type: ignore[arg-type]
                help="nummer van de meting (standaard: de laatste)",
            )
        ],
        build=build_witte_vlekken,
    )
)
