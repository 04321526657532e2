"""Reports of the mantelzorg feature.

* ``ondersteuningsplan``: for the mantelzorger, in plain language: what we agreed, who
  does what and when, and how to reach the organisations we referred to. Personal data:
  needs an encrypted store. The audit log says what happened to it, by
  ``catalogue.current_purpose()``: "bekeken" (preview in the window), "opgeslagen als
  bestand" (saved, or made on the command line) or "afgedrukt"; it is logged once the
  PDF is made, so a failed or cancelled build is not logged as handed out.
* ``jaaroverzicht``: anonymous figures for the gemeente (Wmo prestatieveld 4) with charts;
  groups smaller than 5 are suppressed (``statistiek``). Option ``xlsx``: also write the
  same tables to an Excel file (``elkaar report jaaroverzicht ... --xlsx OUT``), or use
  ``elkaar export jaaroverzicht``.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.rapporten.catalogue import Report, ReportOption, current_purpose, register


def _mantelzorger_choices(store) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from desktop.mantelzorg.models import Mantelzorger
    from desktop.mantelzorg.service import is_encrypted

    with store.session() as session:
        if not is_encrypted(session):
            return []
        rows = session.execute(
            select(Mantelzorger.id, Mantelzorger.naam).order_by(Mantelzorger.naam)
        )
        return [(mid, f"{naam} ({mid})") for mid, naam in rows]


def _year_choices(store) -> list[tuple[int, str]]:
    from desktop.mantelzorg import statistiek

    with store.session() as session:
        years = statistiek.available_years(session)
    this = date.today().year
    if this not in years:
        years = [this, *years]
    return [(y, str(y)) for y in years]


# --------------------------------------------------------------------------- plan


def build_ondersteuningsplan(
    store, options: dict[str, Any], out: Path, progress=None, cancel=None
) -> Path:
    from reportlab.platypus import Paragraph

    from desktop.mantelzorg import plannen, service
    from desktop.privacy import audit
    from desktop.rapporten.document import Heading, build_pdf
    from desktop.rapporten.gemeente import report_context
    from desktop.rapporten.styles import get_styles, make_table, para

    mid = options.get("mantelzorger")
    if mid in (None, ""):
        raise UserError("Kies de mantelzorger voor wie het plan is.")
    with store.session() as session:
        service.require_encrypted(session)
        m = service.get(session, int(mid), log_view=False)
        plan = plannen.latest_plan(session, m.id)
        if plan is None:
            raise UserError(f"Er is nog geen ondersteuningsplan voor {m.naam}.")
        naam = m.naam
        afspraken = [
            (a.wat, a.wie or "", service.format_day(a.wanneer), "klaar" if a.klaar else "")
            for a in plan.afspraken
        ]
        orgs = []
        for v in plan.verwijzingen:
            details = plannen.contact_details(session, v.aanbod_id)
            orgs.append((v, details))
        plan_datum, vervolg = plan.datum, plan.vervolgdatum
        toelichting = plan.toelichting
        plan_id = plan.id
    from desktop.basisfuncties.instrument import load_basisfuncties

    bf = load_basisfuncties()
    ctx = report_context(store, "Uw ondersteuningsplan", f"Voor {naam}")
    story: list[Any] = [
        para(
            f"Beste {naam.split()[0]}, op {service.format_day(plan_datum)} hebben we samen "
            "gesproken over hoe het met u gaat en wat u kan helpen. Hieronder staat wat we "
            "hebben afgesproken."
        )
    ]
    if toelichting:
        story.append(para(toelichting))
    story.append(Heading("Wat we hebben afgesproken", 1))
    if afspraken:
        story.append(
            make_table(["Wat", "Wie", "Wanneer", ""], afspraken, col_widths=[5, 2, 1.6, 1])
        )
    else:
        story.append(para("We hebben geen afspraken vastgelegd."))
    story.append(Heading("Organisaties die u kunnen helpen", 1))
    if not orgs:
        story.append(para("We hebben u niet naar een organisatie verwezen."))
    for v, d in orgs:
        title = d.get("organisatie") or v.omschrijving
        story.append(Heading(title, 2))
        lines = []
        if d.get("aanbod"):
            lines.append(f"<b>Wat:</b> {_esc(d['aanbod'])}")
        if v.basisfunctie and bf.has_function(v.basisfunctie):
            lines.append(f"<b>Waarvoor:</b> {_esc(bf.function(v.basisfunctie).name)}")
        for key, label in (
            ("telefoon", "Telefoon"),
            ("email", "E-mail"),
            ("website", "Website"),
            ("adres", "Adres"),
            ("openingstijden", "Wanneer"),
            ("aanmelden", "Aanmelden"),
            ("kosten", "Kosten"),
        ):
            if d.get(key):
                lines.append(f"<b>{label}:</b> {_esc(d[key])}")
        if v.toelichting:
            lines.append(_esc(v.toelichting))
        story.append(Paragraph("<br/>".join(lines) or _esc(v.omschrijving), get_styles()["Tekst"]))
    story.append(Heading("Hoe verder", 1))
    if vervolg and vervolg >= date.today():  # a date already past is no promise
        story.append(
            para(
                f"Rond {service.format_day(vervolg)} nemen we weer contact met u op om te horen "
                "hoe het gaat. Eerder iets nodig? Neem gerust contact op."
            )
        )
    else:
        story.append(para("Heeft u vragen of gaat het anders dan gehoopt? Neem gerust contact op."))
    result = build_pdf(out, ctx, story, progress=progress, cancel=cancel)
    actie, wat = PURPOSE_AUDIT.get(current_purpose(), PURPOSE_AUDIT["opslaan"])
    with store.session() as session:
        audit.log(session, actie, service.SOORT, int(mid), f"ondersteuningsplan {plan_id} {wat}")
    return result


#: report purpose -> (audit actie, what the description says happened)
PURPOSE_AUDIT: dict[str, tuple[str, str]] = {
    "bekijken": ("bekijk", "bekeken (voorbeeld in het venster)"),
    "opslaan": ("export", "opgeslagen als bestand"),
    "afdrukken": ("print", "afgedrukt"),
}


def _esc(text: str) -> str:
    from desktop.rapporten.styles import esc

    return esc(text)


# --------------------------------------------------------------------------- jaaroverzicht


def _overview(store, jaar: int):
    from desktop.mantelzorg import statistiek

    with store.session() as session:
        return statistiek.build(session, jaar)


def _cell(n: int | None) -> str | int:
    return "< 5" if n is None else n


def build_jaaroverzicht(
    store, options: dict[str, Any], out: Path, progress=None, cancel=None
) -> Path:
    from desktop.mantelzorg.statistiek import THRESHOLD
    from desktop.rapporten.charts import bar_chart
    from desktop.rapporten.document import Heading, build_pdf
    from desktop.rapporten.gemeente import report_context
    from desktop.rapporten.styles import key_value_table, make_table, para

    jaar = int(options.get("jaar") or date.today().year)
    o = _overview(store, jaar)
    ctx = report_context(
        store,
        "Jaaroverzicht mantelzorgondersteuning",
        f"{jaar} — anonieme cijfers (Wmo-prestatieveld 4)",
    )
    story: list[Any] = [
        para(
            f"Dit overzicht telt de mantelzorgers met wie in {jaar} contact was (aanmelding, "
            "gesprek of ondersteuningsplan). Het bevat geen namen. Groepen van minder dan "
            f"{THRESHOLD} mensen staan als '< {THRESHOLD}', zodat niemand herkenbaar is; waar "
            "dat nodig is, is ook een tweede getal verborgen zodat het niet terug te rekenen is."
        )
    ]
    if o.te_klein:
        story.append(
            para(
                f"In {jaar} zijn minder dan {THRESHOLD} mantelzorgers geteld: er worden geen cijfers getoond."
            )
        )
    else:
        story.append(
            key_value_table(
                [
                    ("Mantelzorgers", str(o.mantelzorgers)),
                    ("Gesprekken", str(o.gesprekken)),
                    ("Verwijzingen naar de sociale kaart", str(o.verwijzingen)),
                ]
            )
        )
        for t in o.tabellen:
            story.append(Heading(t.titel, 1))
            if t.toelichting:
                story.append(para(t.toelichting))
            visible = [(label, n) for label, n in t.rijen if n is not None and n > 0]
            if len(visible) >= 2:
                story.append(
                    bar_chart(
                        [label for label, _ in visible],
                        [n for _, n in visible],
                        horizontal=True,
                        height=max(60, 16 * len(visible) + 30),
                    )
                )
            story.append(
                make_table(
                    [t.titel, "Aantal " + t.eenheid],
                    [(label, _cell(n)) for label, n in t.rijen] or [("(geen)", 0)],
                    col_widths=[4, 1.3],
                )
            )
    xlsx = Path(options["xlsx"]) if options.get("xlsx") else None
    if xlsx is not None:  # check the second target first: both files or neither
        folder = xlsx.expanduser().absolute().parent
        if not _can_write_in(folder):
            raise UserError(
                f"In de map {folder} kan het Excel-bestand niet worden opgeslagen. "
                "Er is niets opgeslagen."
            )
    result = build_pdf(out, ctx, story, progress=progress, cancel=cancel)
    if xlsx is not None:
        write_jaaroverzicht_xlsx(store, jaar, xlsx, overview=o)
    return result


def _can_write_in(folder: Path) -> bool:
    """Try it: permission bits say little (root, network shares, /proc)."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".elkaar-", suffix=".tmp"):
            return True
    except OSError:
        return False


def write_jaaroverzicht_xlsx(store, jaar: int, out: Path, *, overview=None) -> Path:
    from desktop.mantelzorg.statistiek import THRESHOLD
    from desktop.rapporten.excel import SheetSpec, write_workbook

    o = overview or _overview(store, jaar)
    if o.te_klein:
        sheets = [
            SheetSpec(
                "Samenvatting",
                ["Jaar", "Toelichting"],
                [[jaar, f"Minder dan {THRESHOLD} mantelzorgers: geen cijfers."]],
            )
        ]
    else:
        sheets = [
            SheetSpec(
                "Samenvatting",
                ["Jaar", "Mantelzorgers", "Gesprekken", "Verwijzingen"],
                [[jaar, o.mantelzorgers, o.gesprekken, o.verwijzingen]],
            )
        ]
        taken: set[str] = set()
        for t in o.tabellen:
            title = t.titel[:31]
            while title in taken:
                title = title[:29] + str(len(taken))
            taken.add(title)
            sheets.append(
                SheetSpec(
                    title,
                    [t.titel, "Aantal " + t.eenheid],
                    [[label, _cell(n)] for label, n in t.rijen],
                )
            )
    return write_workbook(
        out,
        sheets,
        info=[
            f"Jaaroverzicht mantelzorgondersteuning {jaar}: anonieme aantallen.",
            f"Aantallen van 1 tot en met {THRESHOLD - 1} staan als '< {THRESHOLD}' "
            "(niemand mag herkenbaar zijn).",
            "Waar iedereen in precies één rij valt, is bij één verborgen getal ook een tweede verborgen.",
        ],
    )


register(
    Report(
        key="ondersteuningsplan",
        title="Ondersteuningsplan (voor de mantelzorger)",
        description="Het laatste ondersteuningsplan in eenvoudige taal, met de afspraken en "
        "de contactgegevens van de organisaties.",
        options=[
            ReportOption(
                "mantelzorger",
                "Mantelzorger",
                "int",
                choices=_mantelzorger_choices,  # type: ignore[arg-type]
                required=True,
                help="nummer van de mantelzorger",
            )
        ],
        build=build_ondersteuningsplan,
        needs_encrypted=True,
    )
)

register(
    Report(
        key="jaaroverzicht",
        title="Jaaroverzicht mantelzorgondersteuning",
        description="Anonieme aantallen per wijk, leeftijd, relatie, uren, vraaggebied, "
        "risicogroep en verwijzing, met grafieken. Groepen kleiner dan 5 worden niet getoond.",
        options=[
            ReportOption(
                "jaar",
                "Jaar",
                "year",
                choices=_year_choices,  # type: ignore[arg-type]
                default=date.today().year,
                help="kalenderjaar",
            ),
            ReportOption("xlsx", "Ook als Excel-bestand", "path", help="pad van een .xlsx-bestand"),
        ],
        build=build_jaaroverzicht,
    )
)
