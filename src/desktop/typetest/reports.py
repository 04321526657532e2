"""Reports: the typetest-rapport of a ronde and the plan-van-aanpak outline.

Both are in the report catalogue, so the Rapporten section and
``elkaar report typetest --db DB --ronde ID --out FILE.pdf`` come from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.rapporten.catalogue import Report, ReportOption, register
from desktop.rapporten.document import Heading, build_pdf
from desktop.rapporten.formatting import format_date, format_number, format_percent
from desktop.rapporten.gemeente import report_context
from desktop.rapporten.styles import (
    CONTENT_WIDTH,
    bullet_list,
    key_value_table,
    make_table,
    para,
)
from desktop.typetest import plan as plan_service
from desktop.typetest import service
from desktop.typetest.charts import scorekaart_drawing
from desktop.typetest.instrument import TYPE_CODES, load_typetest
from desktop.typetest.scoring import QUESTION_NUMBERS

BRON = (
    "Bron van de typetest: Wmo en vrijwillige inzet, een handreiking voor gemeenten "
    "(DSP-groep, 2007), bijlage 2. Vragen, typen en discussievragen zijn letterlijk "
    "overgenomen."
)


#: Above this many dots the chart gets no legend line per respondent (it would not fit
#: on a page); the answers table lists every number.
LEGEND_MAX = 24


def rol_key():
    """'Kleur per rol' with a coloured dot per rol."""
    from reportlab.platypus import Paragraph

    from desktop.rapporten.styles import esc, get_styles
    from desktop.typetest.models import ROLLEN
    from desktop.typetest.service import ROL_KLEUREN

    parts = [
        f'<font color="{ROL_KLEUREN[key]}">●</font>&nbsp;{esc(label)}' for key, label in ROLLEN
    ]
    return Paragraph("Kleur per rol: " + " &nbsp; ".join(parts), get_styles()["Klein"])


def ronde_choices(store: Any) -> list[tuple[int, str]]:
    """(id, label) of every ronde, newest first (for the report form)."""
    with store.session() as session:
        return [
            (r.id, f"{r.id}: {r.naam} ({format_date(r.datum)})")
            for r in service.list_rondes(session)
        ]


def _signed(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    text = format_number(abs(value), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


# --------------------------------------------------------------------------- typetest


def typetest_story(store: Any, ronde_id: int, *, anoniem: bool, vergelijk: int | None):
    test = load_typetest()
    with store.session() as session:
        group = service.group_result(session, ronde_id, compare_with=vergelijk)
    ronde = group.ronde
    story: list[Any] = [
        key_value_table(
            [
                ("Ronde", f"{ronde.id}: {ronde.naam}"),
                ("Datum", format_date(ronde.datum)),
                ("Doel", ronde.doel or "(niet ingevuld)"),
                ("Respondenten", respondenten_text(ronde.respondenten, ronde.compleet)),
                ("Typetest", f"{test.titel}, editie {ronde.instrument_versie}"),
            ]
        ),
        Heading(test.scorekaart.kop, 1),
    ]
    if group.complete:
        legend = len(group.complete) <= LEGEND_MAX
        story.append(scorekaart_drawing(group.respondenten, anoniem=anoniem, legend=legend))
        story.append(rol_key())
        if not legend:
            story.append(
                para(
                    "De nummers in de stippen zijn de nummers in de tabel 'Antwoorden per "
                    "respondent'.",
                    "Klein",
                )
            )
        story.append(para(test.scorekaart.regel, "Klein"))
    elif not group.respondenten:
        story.append(
            para(
                "Deze ronde heeft nog geen respondenten. Voeg ze toe bij Typetest, tabblad "
                "Rondes (Respondent toevoegen), en laat ze de 14 vragen beantwoorden; daarna "
                "staat hier de scorekaart met een stip per respondent.",
                "Toelichting",
            )
        )
    else:
        story.append(
            para(
                "Nog geen respondent heeft alle 14 vragen beantwoord; een plaats op de "
                "scorekaart is er pas met alle antwoorden.",
                "Toelichting",
            )
        )
    if group.incomplete:
        story.append(
            para(
                "Niet in de scorekaart (nog niet alle vragen beantwoord): "
                + ", ".join(f"{r.label(anoniem)} ({r.beantwoord} van 14)" for r in group.incomplete)
                + ".",
                "Klein",
            )
        )

    # Spread over the types, with the descriptions of the types that occur.
    story.append(Heading("De typen in de groep", 1))
    total = len(group.complete)
    if not total:
        story.append(
            para(
                "Nog geen uitslag: de typen volgen zodra een respondent alle vragen heeft "
                "beantwoord.",
                "Toelichting",
            )
        )
    story.append(
        make_table(
            ["Type", "Naam", "Beleid", "Regie", "Aantal", "Aandeel"],
            [
                [
                    code,
                    test.type(code).naam,
                    test.type(code).beleid,
                    test.type(code).regie,
                    group.spread[code],
                    format_percent(group.spread[code] / total) if total else "–",
                ]
                for code in TYPE_CODES
            ],
            col_widths=[1, 4, 1.5, 1.8, 1.2, 1.3],
        )
    )
    if total == 1 and group.mean_even_a is not None and group.mean_odd_a is not None:
        story.append(
            para(
                f"De respondent koos {format_number(group.mean_even_a, 0)} keer a bij de even "
                f"vragen en {format_number(group.mean_odd_a, 0)} keer a bij de oneven vragen."
            )
        )
    elif group.mean_even_a is not None and group.mean_odd_a is not None:
        story.append(
            para(
                f"Gemiddeld koos de groep {format_number(group.mean_even_a, 1)} keer a bij de "
                f"even vragen en {format_number(group.mean_odd_a, 1)} keer a bij de oneven "
                "vragen."
            )
        )
    for code in TYPE_CODES:
        if group.spread[code]:
            t = test.type(code)
            story.append(Heading(t.kop, 2))
            story.append(para(t.beschrijving))

    # Disagreement agenda.
    story.append(Heading("Agenda voor het gesprek: waarover verschilt de groep?", 1))
    agenda = group.discussion_agenda()
    if agenda:
        story.append(
            para(
                "De vragen waarop de antwoorden het meest verdeeld zijn (a en b het dichtst bij "
                "half om half), het eerst genoemd. Vragen waarop iedereen hetzelfde antwoordde "
                "staan er niet bij."
            )
        )
        rows = []
        for split in agenda:
            vraag = test.vraag(split.nummer)
            rows.append(
                [
                    split.nummer,
                    f"{vraag.tekst}\na. {vraag.a}\nb. {vraag.b}",
                    split.a,
                    split.b,
                ]
            )
        story.append(make_table(["Vraag", "Tekst", "a", "b"], rows, col_widths=[1, 9, 0.8, 0.8]))
    else:
        story.append(para(no_agenda_text(len(group.complete)), "Toelichting"))

    # Shift vs an earlier ronde.
    if group.shift is not None and group.previous is not None:
        sh = group.shift
        story.append(Heading(f"Verschuiving ten opzichte van '{group.previous.naam}'", 1))
        story.append(
            make_table(
                ["", group.previous.naam, ronde.naam, "Verschil"],
                [
                    ["Respondenten met uitslag", sh.previous_count, sh.current_count, ""],
                    [
                        "Gemiddeld a bij even vragen (smal)",
                        format_number(sh.previous_mean_even_a, 1)
                        if sh.previous_mean_even_a is not None
                        else "–",
                        format_number(sh.current_mean_even_a, 1)
                        if sh.current_mean_even_a is not None
                        else "–",
                        _signed(sh.delta_even_a),
                    ],
                    [
                        "Gemiddeld a bij oneven vragen (dirigent)",
                        format_number(sh.previous_mean_odd_a, 1)
                        if sh.previous_mean_odd_a is not None
                        else "–",
                        format_number(sh.current_mean_odd_a, 1)
                        if sh.current_mean_odd_a is not None
                        else "–",
                        _signed(sh.delta_odd_a),
                    ],
                    *[
                        [
                            f"Type {c} {test.type(c).naam}",
                            sh.previous_spread[c],
                            sh.current_spread[c],
                            _signed(sh.spread_delta[c], 0),
                        ]
                        for c in TYPE_CODES
                    ],
                ],
                col_widths=[5, 2.5, 2.5, 1.5],
            )
        )
        story.append(para(service.shift_sentence(sh), "Tekst"))

    # Discussion questions (verbatim).
    it = test.interpretatie
    story.append(Heading(it.kop, 1))
    story.append(para(it.tekst))
    story.append(bullet_list(it.discussievragen))
    story.append(para(it.slot, "Klein"))

    # Answers per respondent.
    story.append(Heading("Antwoorden per respondent", 1))
    if group.respondenten:
        story.append(answers_table(group.respondenten, anoniem=anoniem))
        story.append(
            para(
                "Even en Oneven: aantal keer a bij de even en de oneven vragen. "
                "– = nog niet beantwoord.",
                "Klein",
            )
        )
    else:
        story.append(para("Nog geen respondenten in deze ronde.", "Toelichting"))
    if anoniem:
        story.append(para("Anoniem: namen van respondenten zijn weggelaten.", "Klein"))
    story.append(para(BRON, "Klein"))
    return ronde, story


def respondenten_text(count: int, complete: int) -> str:
    """'3, waarvan 2 alle vragen beantwoordden'; true for none and for one."""
    if count == 0:
        return "nog geen"
    if count == 1:
        return "1, die " + (
            "alle vragen beantwoordde" if complete else "nog niet alle vragen beantwoordde"
        )
    if complete == count:
        return f"{count}, die allemaal alle vragen beantwoordden"
    if complete == 0:
        return f"{count}, van wie nog niemand alle vragen beantwoordde"
    verb = "beantwoordde" if complete == 1 else "beantwoordden"
    return f"{count}, van wie {complete} alle vragen {verb}"


def no_agenda_text(complete: int) -> str:
    """Why there is no disagreement agenda, for 0, 1 or more complete tests."""
    if complete == 0:
        return (
            "Nog geen agenda: zodra minstens twee respondenten alle vragen hebben "
            "beantwoord, staan hier de vragen waarover zij verschillen."
        )
    if complete == 1:
        return (
            "Er is pas één volledig ingevulde test. Verschillen binnen de groep zijn er pas "
            "te zien vanaf twee respondenten met alle antwoorden."
        )
    return (
        f"Alle {complete} respondenten gaven op elke vraag hetzelfde antwoord: de groep "
        "verschilt op geen enkele vraag."
    )


def answers_table(respondents, *, anoniem: bool):
    """One row per respondent with the 14 answers in narrow, centred columns."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table

    from desktop.rapporten.styles import esc, get_styles, table_style

    st = get_styles()
    head = st["TabelKop"]
    cell = st["TabelCel"]
    small_head = ParagraphStyle("TTKop", parent=head, fontSize=7.5, leading=9, alignment=TA_CENTER)
    small = ParagraphStyle("TTCel", parent=cell, fontSize=8, leading=10, alignment=TA_CENTER)

    cell = ParagraphStyle("TTTekst", parent=cell, fontSize=8, leading=10)

    def p(text: object, style=cell) -> Paragraph:
        return Paragraph(esc(text), style)

    headers = [p("Nr", head), p("Rol", head)] + ([] if anoniem else [p("Naam", head)])
    headers += [p(n, small_head) for n in QUESTION_NUMBERS]
    headers += [p("Even", small_head), p("Oneven", small_head), p("Type", small_head)]
    data = [headers]
    for r in respondents:
        row = [p(r.volgnummer), p(r.rol_label_kort)] + ([] if anoniem else [p(r.naam or "–")])
        row += [p(r.answers.get(n, "–"), small) for n in QUESTION_NUMBERS]
        if r.result:
            row += [p(r.result.even_a, small), p(r.result.odd_a, small), p(r.result.type, small)]
        else:
            row += [p(r.a_even_tot_nu, small), p(r.a_oneven_tot_nu, small), p("–", small)]
        data.append(row)
    name_w = 0 if anoniem else 66
    rol_w = 94
    q_w = 15
    fixed = 20 + rol_w + name_w + 14 * q_w + 28 + 36 + 28
    widths = [20, rol_w] + ([name_w] if not anoniem else []) + [q_w] * 14 + [28, 36, 28]
    widths[1] += max(0, CONTENT_WIDTH - fixed)
    style = table_style()
    first_q = 3 if not anoniem else 2
    style.add("LEFTPADDING", (first_q, 0), (-1, -1), 1)
    style.add("RIGHTPADDING", (first_q, 0), (-1, -1), 1)
    return Table(data, colWidths=widths, style=style, repeatRows=1, hAlign="LEFT")


def build_typetest(
    store: Any, options: dict[str, Any], out: Path, progress=None, cancel=None
) -> Path:
    ronde_id = options.get("ronde")
    if ronde_id in (None, ""):
        from desktop.errors import UserError

        with store.session() as session:
            if not service.list_rondes(session):
                raise UserError(
                    "Er is nog geen typetest-ronde. Begin er een bij Typetest, tabblad Rondes "
                    "(Nieuwe ronde); daarna kan dit rapport worden gemaakt."
                )
        raise UserError("Kies een typetest-ronde (--ronde).")
    _, story = typetest_story(
        store,
        int(ronde_id),
        anoniem=bool(options.get("anoniem")),
        vergelijk=int(options["vergelijk"]) if options.get("vergelijk") else None,
    )
    with store.session() as session:
        ronde = service.get_ronde(session, int(ronde_id))
        subtitle = f"{ronde.naam}, {format_date(ronde.datum)}"
    ctx = report_context(store, "Typetest Wmo en vrijwillige inzet", subtitle)
    return build_pdf(out, ctx, story, progress=progress, cancel=cancel)


# --------------------------------------------------------------------------- plan van aanpak


def plan_story(store: Any) -> list[Any]:
    from desktop.typetest.instrument import load_stappenplan, load_thema_checklist, load_vijf_s

    test = load_typetest()
    stappenplan = load_stappenplan()
    with store.session() as session:
        plan = plan_service.current_plan(session)
        overzicht = plan_service.plan_overzicht(session, plan.id)
        group = service.group_result(session, overzicht.ronde_id) if overzicht.ronde_id else None
    story: list[Any] = [para(stappenplan.inleiding)]
    story.append(Heading("Startpunt: de typetest", 1))
    if group is None:
        story.append(
            para("Er is nog geen typetest-ronde gekozen als startpunt van stap 1.", "Toelichting")
        )
    else:
        story.append(para(startpunt_text(group)))
    voortgang = overzicht.voortgang
    story.append(Heading("Voortgang", 1))
    story.append(
        para(
            f"{voortgang['klaar']} van de 9 stappen klaar, {voortgang['bezig']} bezig, "
            f"{voortgang['niet begonnen']} niet begonnen."
        )
    )
    story.append(
        make_table(
            ["Stap", "Titel", "Status", "Eigenaar", "Datum"],
            [
                [
                    w.stap.nummer,
                    w.stap.titel,
                    w.status,
                    w.eigenaar or "–",
                    format_date(w.datum) if w.datum else "–",
                ]
                for w in overzicht.stappen
            ],
            col_widths=[1.2, 7, 1.9, 2.6, 1.9],
        )
    )
    for w in overzicht.stappen:
        story.append(Heading(f"Stap {w.stap.nummer}: {w.stap.titel}", 2))
        line = f"Status: {w.status}"
        if w.eigenaar:
            line += f" · eigenaar: {w.eigenaar}"
        if w.datum:
            line += f" · datum: {format_date(w.datum)}"
        story.append(para(line, "Kop3"))
        story.append(para(w.notities or "Nog geen aantekeningen.", "Toelichting"))
        if w.stap.nummer == 1 and group is not None:
            story.append(para(startpunt_text(group), "Klein"))
        if w.stap.vragen:
            story.append(para("Vragen", "Kop3"))
            story.append(bullet_list(w.stap.vragen))
        if w.stap.aandachtspunten:
            story.append(para("Aandachtspunten", "Kop3"))
            story.append(bullet_list(w.stap.aandachtspunten))
    vijf_s = load_vijf_s()
    story.append(Heading(vijf_s.titel, 1))
    story.append(
        make_table(
            ["S", "Omschrijving", "Aantekeningen"],
            [[s.s.kop, s.s.definitie, s.notities or "–"] for s in overzicht.s_en],
            col_widths=[2, 4, 6],
        )
    )
    checklist = load_thema_checklist()
    story.append(Heading(checklist.titel, 1))
    story.append(
        make_table(
            ["Thema", "Besproken", "Aantekeningen"],
            [
                [
                    f"{t.thema.nummer}. {t.thema.titel}",
                    "ja" if t.afgevinkt else "nee",
                    "\n".join(x for x in (t.keuze, t.notities) if x) or "–",
                ]
                for t in overzicht.themas
            ],
            col_widths=[4, 2.2, 6.5],
        )
    )
    story.append(
        para(
            "Bron van het stappenplan, de 5 S-en en de checklist: Wmo en vrijwillige inzet, "
            "een handreiking voor gemeenten (DSP-groep, 2007), hoofdstuk 2, 3 en 6. "
            f"Typetest: {test.titel}.",
            "Klein",
        )
    )
    return story


def startpunt_text(group: service.GroepsUitslag) -> str:
    test = load_typetest()
    ronde = group.ronde
    text = f"Typetest-ronde '{ronde.naam}' ({format_date(ronde.datum)}): "
    if not group.respondenten:
        return text + "nog geen respondenten."
    if not group.complete:
        return text + "nog geen volledig ingevulde test."
    codes = group.most_common_types
    names = " en ".join(f"type {c} '{test.type(c).naam}'" for c in codes)
    n = len(group.complete)
    if n == 1:
        return text + f"1 respondent met een uitslag: {names}."
    if len(codes) == 1 and group.spread[codes[0]] == n:
        return text + f"alle {n} respondenten kwamen uit op {names}."
    if len(codes) > 1:
        return text + (
            f"{n} respondenten; evenveel ({group.spread[codes[0]]} van {n}) kwamen uit op {names}."
        )
    return text + (
        f"{n} respondenten; de meesten kwamen uit op {names} ({group.spread[codes[0]]} van {n})."
    )


def build_plan(store: Any, options: dict[str, Any], out: Path, progress=None, cancel=None) -> Path:
    story = plan_story(store)
    with store.session() as session:
        naam = plan_service.current_plan(session).naam
    ctx = report_context(store, "Plan van aanpak", naam)
    return build_pdf(out, ctx, story, progress=progress, cancel=cancel)


register(
    Report(
        key="typetest",
        title="Typetest: groepsuitslag",
        description=(
            "Scorekaart met alle respondenten, de typen in de groep met hun beschrijving, "
            "de vragen waarover de groep verschilt, de discussievragen en de antwoorden "
            "per respondent (ook anoniem)."
        ),
        options=[
            ReportOption(
                "ronde",
                "Typetest-ronde",
                "int",
                choices=ronde_choices,  # type: ignore[arg-type]
                required=True,
                help="nummer van de ronde",
            ),
            ReportOption(
                "vergelijk",
                "Vergelijken met",
                "int",
                choices=ronde_choices,  # type: ignore[arg-type]
                help="nummer van een andere ronde; leeg of (geen): de ronde ervoor",
            ),
            ReportOption("anoniem", "Anoniem (zonder namen)", "bool", default=False),
        ],
        build=build_typetest,
    )
)

register(
    Report(
        key="plan-van-aanpak",
        title="Plan van aanpak (stappenplan)",
        description=(
            "Het stappenplan als werkdocument: per stap status, eigenaar, datum en "
            "aantekeningen met de vragen en aandachtspunten, de 5 S-en en de checklist "
            "belangrijke thema's."
        ),
        options=[],
        build=build_plan,
    )
)
