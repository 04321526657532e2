"""The HTML of a mantelzorger's dossier in the detail pane of the section."""

from __future__ import annotations

from html import escape

from desktop.mantelzorg import service


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
    if m.plannen:
        p = m.plannen[0]
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
