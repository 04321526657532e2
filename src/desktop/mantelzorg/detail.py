"""The HTML of a mantelzorger's dossier in the detail pane of the section."""

from __future__ import annotations

from html import escape

from desktop.mantelzorg import service
from desktop.mantelzorg.plannen import current_plan


def _esc(text: object) -> str:
    return escape(str(text or ""))


def dossier_html(m, mz) -> str:
    """The dossier in the detail pane (the caller has logged the view)."""
    html = [f"<h2>{_esc(m.naam)} <small>({m.id})</small></h2>"]
    html.append(
        "<p>"
        + "<br>".join(
            _esc(x)
            for x in (
                m.adres,
                " ".join(p for p in (m.postcode, m.plaats) if p),
                m.wijk.naam if m.wijk else "",
                m.telefoon,
                m.email,
                f"geboren {service.format_day(m.geboortedatum)}" if m.geboortedatum else "",
            )
            if x
        )
        + "</p>"
    )
    html.append("<h3>Zorgt voor</h3><ul>")
    for r in m.relaties:
        rel = (
            f"mantelzorger is {mz.relation_phrase(r.relatie)}" if r.relatie else "relatie onbekend"
        )
        uren = f", {r.uren_per_week:g} uur per week" if r.uren_per_week is not None else ""
        html.append(f"<li>{_esc(r.zorgvrager.naam)} — {_esc(rel)}{_esc(uren)}</li>")
    html.append("</ul><h3>Gesprekken</h3><ul>")
    for g in m.gesprekken:
        html.append(
            f"<li>{service.format_day(g.datum)} — {_esc(g.soort)}"
            + (f", belasting {g.belasting}/10" if g.belasting is not None else "")
            + "</li>"
        )
    html.append("</ul><h3>Ondersteuningsplan</h3>")
    p = current_plan(m.plannen)
    if p is not None:
        html.append(
            "<ul>"
            + "".join(f"<li>{'✔ ' if a.klaar else ''}{_esc(a.wat)}</li>" for a in p.afspraken)
        )
        html.append(
            "".join(f"<li>Verwezen: {_esc(v.omschrijving)}</li>" for v in p.verwijzingen) + "</ul>"
        )
        if p.vervolgdatum:
            html.append(
                f"<p>Vervolg: {service.format_day(p.vervolgdatum)}{' (gedaan)' if p.vervolg_gedaan else ''}</p>"
            )
    else:
        html.append("<p>Nog geen plan.</p>")
    html.append(
        f"<p><small>Toestemming {service.format_day(m.toestemming_datum)} ({_esc(m.toestemming_hoe)}, "
        f"{_esc(m.toestemming_door)}). Laatste contact {service.format_day(m.laatste_contact)}.</small></p>"
    )
    return "".join(html)


def gesprek_rows(m, drafts) -> list[tuple[str, tuple[str, int]]]:
    """The lines of the Gesprekken tab: this mantelzorger's unfinished drafts first, then
    the gesprekken, newest first; each with ("concept" | "gesprek", id)."""
    rows: list[tuple[str, tuple[str, int]]] = []
    for d in drafts:
        if d.mantelzorger_id != m.id:
            continue
        what = "correctie van een gesprek" if d.gesprek_id else "nieuw gesprek"
        when = d.bijgewerkt_op.astimezone().strftime("%d-%m-%Y %H:%M")
        rows.append(
            (f"Concept ({what}), niet afgemaakt — laatst bewaard {when}", ("concept", d.id))
        )
    for g in m.gesprekken:
        parts = [service.format_day(g.datum), g.soort]
        if g.zorgvrager is not None:
            parts.append(f"over {g.zorgvrager.naam}")
        if g.belasting is not None:
            parts.append(f"belasting {g.belasting}/10")
        besproken = sum(1 for v in g.vraaggebieden if v.besproken)
        parts.append(f"{besproken} vraaggebied{'' if besproken == 1 else 'en'} besproken")
        rows.append((" — ".join(parts), ("gesprek", g.id)))
    return rows


def plan_tab_html(plan) -> str:
    """The latest ondersteuningsplan with its follow-up, for the Plan tab."""
    if plan is None:
        return (
            "<p>Nog geen ondersteuningsplan. Het plan wordt gemaakt aan het eind van een "
            "gesprek ('Gesprek starten').</p>"
        )
    html = [f"<h3>Ondersteuningsplan van {service.format_day(plan.datum)}</h3>"]
    if plan.vervolgdatum:
        late = not plan.vervolg_gedaan and plan.vervolgdatum < service.today()
        state = "gedaan" if plan.vervolg_gedaan else ("te laat" if late else "nog te doen")
        html.append(
            f"<p><b>Vervolgcontact: {service.format_day(plan.vervolgdatum)} ({state})</b></p>"
        )
    else:
        html.append("<p>Geen vervolgcontact afgesproken.</p>")
    if plan.toelichting:
        html.append(f"<p>{_esc(plan.toelichting)}</p>")
    html.append("<h4>Afspraken</h4>")
    if plan.afspraken:
        html.append("<ul>")
        for a in plan.afspraken:
            extra = ", ".join(
                p for p in (a.wie, service.format_day(a.wanneer) if a.wanneer else "") if p
            )
            html.append(
                f"<li>{'✔ ' if a.klaar else ''}{_esc(a.wat)}"
                + (f" ({_esc(extra)})" if extra else "")
                + "</li>"
            )
        html.append("</ul>")
    else:
        html.append("<p>Geen afspraken.</p>")
    html.append("<h4>Verwijzingen</h4>")
    if plan.verwijzingen:
        html.append(
            "<ul>"
            + "".join(f"<li>{_esc(v.omschrijving)}</li>" for v in plan.verwijzingen)
            + "</ul>"
        )
    else:
        html.append("<p>Geen verwijzingen.</p>")
    return "".join(html)
