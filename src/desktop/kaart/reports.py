"""Printed sociale kaart: the Wegwijzer booklet, the organisatie-fiche and a selectie
voor een inwoner.

    elkaar report wegwijzer --db DB --out F.pdf [--indeling soort|basisfunctie|wijk]
    elkaar report organisatie --db DB --id ID --out F.pdf
    elkaar report selectie --db DB --ids 3,8,12 --notitie "..." --out F.pdf

The wegwijzer leaves out organisations marked "niet publiceren", archived or opgeheven
ones and stopped aanbod. Its alphabetical index ("Register") lists the page of every
organisation; page numbers count the cover, like the footer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)

from desktop.errors import UserError
from desktop.kaart.export import load_organisaties
from desktop.kaart.models import Aanbod, Organisatie
from desktop.kaart.report_blocks import _MEASURING, _Anchor, _Frozen, _Lines, _Pages
from desktop.kaart.search_index import org_is_gemeente_wide
from desktop.kaart.service import basisfunctie_labels, doelgroep_labels
from desktop.rapporten import fonts
from desktop.rapporten.catalogue import Report, ReportOption, register
from desktop.rapporten.document import Heading, build_pdf
from desktop.rapporten.gemeente import report_context
from desktop.rapporten.progress import check_cancel, report_progress
from desktop.rapporten.styles import esc, get_styles, para

INDELINGEN = ("soort", "basisfunctie", "wijk")


# --------------------------------------------------------------------------- register


def _sort_key(text: str) -> str:
    from desktop.kaart.text import fold

    return fold(text)


# --------------------------------------------------------------------------- blocks


def _contact_lines(org: Organisatie) -> list[str]:
    lines = []
    adres = " ".join(p for p in (org.straat, org.huisnummer) if p)
    plaats = " ".join(p for p in (org.postcode, org.plaats) if p)
    if adres or plaats:
        lines.append(", ".join(p for p in (adres, plaats) if p))
    for label, value in (
        ("Telefoon", org.telefoon),
        ("E-mail", org.email),
        ("Website", org.website),
    ):
        if value:
            lines.append(f"{label}: {value}")
    for c in org.contactpersonen:
        bits = [c.naam + (f" ({c.functie})" if c.functie else "")]
        bits += [b for b in (c.telefoon, c.email) if b]
        lines.append("Contactpersoon: " + ", ".join(bits))
    return lines


def _aanbod_block(a: Aanbod, *, plain: bool = False) -> list[Flowable]:
    st = get_styles()
    out: list[Flowable] = [Paragraph(f"<b>{esc(a.naam)}</b>", st["Tekst"])]
    if a.beschrijving:
        out.append(para(a.beschrijving, "Tekst"))
    details = []
    if a.keys("doelgroep"):
        labels = doelgroep_labels()
        details.append(("Voor wie", ", ".join(labels.get(k, k) for k in a.keys("doelgroep"))))
    if a.kosten:
        details.append(("Kosten" if not plain else "Wat kost het", a.kosten))
    if a.aanmelden:
        details.append(("Aanmelden" if not plain else "Hoe meldt u zich aan", a.aanmelden))
    if a.openingstijden:
        details.append(("Wanneer" if plain else "Bereikbaar", a.openingstijden))
    if a.wijken:
        details.append(("Waar", ", ".join(w.naam for w in a.wijken)))
    if not plain and a.keys("basisfunctie"):
        bf = basisfunctie_labels()
        details.append(
            ("Basisfuncties", ", ".join(f"{k} {bf.get(k, '')}" for k in a.keys("basisfunctie")))
        )
    for label, value in details:
        out.append(Paragraph(f"<i>{esc(label)}:</i> {esc(value)}", st["Klein"]))
    out.append(Spacer(1, 2 * mm))
    return out


def _org_block(
    org: Organisatie, aanbod: Sequence[Aanbod], register: _Pages | None = None
) -> list[Flowable]:
    st = get_styles()
    head: list[Flowable] = []
    if register is not None:
        head.append(_Anchor(register, org.naam))
    head.append(Paragraph(esc(org.naam), st["Kop3"]))
    if org.soort:
        head.append(Paragraph(esc(org.soort.naam), st["Klein"]))
    if org.beschrijving:
        head.append(para(org.beschrijving, "Tekst"))
    for line in _contact_lines(org):
        head.append(Paragraph(esc(line), st["Klein"]))
    head.append(Spacer(1, 2 * mm))
    blocks = [KeepTogether(head)]
    for a in aanbod:
        blocks.append(KeepTogether(_aanbod_block(a)))
    blocks.append(Spacer(1, 3 * mm))
    return blocks


def _fast_org_block(org: Organisatie, aanbod: Sequence[Aanbod], register: _Pages) -> list[Flowable]:
    items = [(org.naam, "naam", 0.0, None)]
    if org.soort:
        items.append((org.soort.naam, "klein", 0.0, None))
    if org.beschrijving:
        items.append((org.beschrijving, "tekst", 0.0, None))
    items += [(line, "klein", 0.0, None) for line in _contact_lines(org)]
    keep = len(items)
    labels = doelgroep_labels()
    for a in aanbod:
        items.append(("• " + a.naam, "aanbod", 6.0, None))
        if a.beschrijving:
            items.append((a.beschrijving, "tekst", 14.0, None))
        details = []
        if a.keys("doelgroep"):
            details.append("Voor wie: " + ", ".join(labels.get(k, k) for k in a.keys("doelgroep")))
        if a.kosten:
            details.append("Kosten: " + a.kosten)
        if a.aanmelden:
            details.append("Aanmelden: " + a.aanmelden)
        if a.openingstijden:
            details.append("Wanneer: " + a.openingstijden)
        if details:
            items.append(("   ".join(details), "label", 14.0, None))
    if len(items) > keep:  # the organisation's heading with the start of its first aanbod
        keep = min(len(items), keep + 2)
    return [_Anchor(register, org.naam), _Lines(items, keep=keep, space_after=7)]


def _publishable(org: Organisatie) -> bool:
    return (
        not org.niet_publiceren
        and org.gearchiveerd_op is None
        and org.samengevoegd_in_id is None
        and org.status != "opgeheven"
    )


def _live_aanbod(org: Organisatie) -> list[Aanbod]:
    return sorted(
        (a for a in org.aanbod if a.gearchiveerd_op is None and a.status != "gestopt"),
        key=lambda a: _sort_key(a.naam),
    )


def _groups(
    orgs: Sequence[Organisatie], indeling: str
) -> list[tuple[str, list[tuple[Organisatie, list[Aanbod]]]]]:
    """(heading, [(org, aanbod to show)]) in reading order."""
    groups: dict[str, list[tuple[Organisatie, list[Aanbod]]]] = defaultdict(list)
    order: dict[str, Any] = {}
    if indeling == "soort":
        for org in orgs:
            soort = org.soort
            title = soort.naam if soort else "Overige organisaties"
            order[title] = (soort.volgorde if soort else 10_000, title)
            groups[title].append((org, _live_aanbod(org)))
    elif indeling == "basisfunctie":
        labels = basisfunctie_labels()
        for i, (key, label) in enumerate(labels.items()):
            order[f"{key} {label}"] = (i, key)
        for org in orgs:
            live = _live_aanbod(org)
            for key, label in labels.items():
                mine = [a for a in live if key in a.keys("basisfunctie")]
                if mine:
                    groups[f"{key} {label}"].append((org, mine))
    elif indeling == "wijk":
        for org in orgs:
            live = _live_aanbod(org)
            wijken = {w.naam: w for w in org.wijken}
            for a in live:
                for w in a.wijken:
                    wijken.setdefault(w.naam, w)
            if org_is_gemeente_wide(org.werkgebied, bool(wijken)):  # as the wijk filter
                title = "In de hele gemeente en daarbuiten"
                order[title] = (-1, title)
                groups[title].append((org, live))
                continue
            for naam, w in wijken.items():
                order[naam] = (w.volgorde, naam)
                mine = [a for a in live if not a.wijken or any(x.naam == naam for x in a.wijken)]
                groups[naam].append((org, mine))
    else:
        raise UserError(f"Onbekende indeling '{indeling}': kies soort, basisfunctie of wijk.")
    result = []
    for title in sorted(groups, key=lambda t: order.get(t, (0, t))):
        members = sorted(groups[title], key=lambda p: _sort_key(p[0].naam))
        result.append((title, members))
    return result


# --------------------------------------------------------------------------- reports


def _load_light(session) -> list[Any]:
    """Publishable organisations with their aanbod as light objects (Core queries; the
    ORM would spend seconds on 1 000 organisations with 4 000 aanbod)."""
    from types import SimpleNamespace as NS

    from sqlalchemy import select

    from desktop.kaart.models import (
        AanbodKenmerk,
        Contactpersoon,
        Soort,
        aanbod_wijk,
        organisatie_wijk,
    )
    from desktop.store.models import Wijk

    wijken = {
        w.id: NS(naam=w.naam, volgorde=w.volgorde, soort=w.soort)
        for w in session.scalars(select(Wijk))
    }
    soorten = {s.id: NS(naam=s.naam, volgorde=s.volgorde) for s in session.scalars(select(Soort))}
    O = Organisatie  # noqa: N806, E741
    orgs = {}
    for row in session.execute(
        select(O.id, O.naam, O.soort_id, O.beschrijving, O.straat, O.huisnummer, O.postcode, O.plaats,
               O.telefoon, O.email, O.website, O.werkgebied).where(
            O.gearchiveerd_op.is_(None), O.samengevoegd_in_id.is_(None), O.niet_publiceren.is_(False),
            O.status != "opgeheven")
    ):  # fmt: skip
        orgs[row.id] = NS(
            id=row.id, naam=row.naam, soort=soorten.get(row.soort_id), beschrijving=row.beschrijving,
            straat=row.straat, huisnummer=row.huisnummer, postcode=row.postcode, plaats=row.plaats,
            telefoon=row.telefoon, email=row.email, website=row.website, werkgebied=row.werkgebied,
            wijken=[], contactpersonen=[], aanbod=[],
        )  # fmt: skip
    for oid, wid in session.execute(
        select(organisatie_wijk.c.organisatie_id, organisatie_wijk.c.wijk_id)
    ):
        if oid in orgs and wid in wijken:
            orgs[oid].wijken.append(wijken[wid])
    C = Contactpersoon  # noqa: N806
    for c in session.execute(
        select(C.organisatie_id, C.naam, C.functie, C.telefoon, C.email).order_by(C.id)
    ):
        if c.organisatie_id in orgs:
            orgs[c.organisatie_id].contactpersonen.append(c)
    A = Aanbod  # noqa: N806
    aanbod = {}
    for a in session.execute(
        select(A.id, A.organisatie_id, A.naam, A.beschrijving, A.kosten, A.aanmelden, A.openingstijden,
               A.status).where(A.gearchiveerd_op.is_(None), A.status != "gestopt")
    ):  # fmt: skip
        if a.organisatie_id in orgs:
            item = NS(id=a.id, naam=a.naam, beschrijving=a.beschrijving, kosten=a.kosten, aanmelden=a.aanmelden,
                      openingstijden=a.openingstijden, status=a.status, gearchiveerd_op=None, wijken=[],
                      _keys={"doelgroep": [], "basisfunctie": [], "prestatieveld": []})  # fmt: skip
            item.keys = item._keys.__getitem__
            aanbod[a.id] = item
            orgs[a.organisatie_id].aanbod.append(item)
    K = AanbodKenmerk  # noqa: N806
    for aid, soort, sleutel in session.execute(
        select(K.aanbod_id, K.soort, K.sleutel).order_by(K.sleutel)
    ):
        if aid in aanbod:
            aanbod[aid]._keys[soort].append(sleutel)
    for aid, wid in session.execute(select(aanbod_wijk.c.aanbod_id, aanbod_wijk.c.wijk_id)):
        if aid in aanbod and wid in wijken:
            aanbod[aid].wijken.append(wijken[wid])
    return sorted(orgs.values(), key=lambda o: (_sort_key(o.naam), o.id))


def _wegwijzer_story(orgs, groups, pages: _Pages, measuring: bool, body=None) -> list[Flowable]:
    st = get_styles()

    def num(key: str) -> str:
        return "000" if measuring else str(pages.first(key) or "")

    toc_items = [("Over deze wegwijzer", "toc", 0.0, num("§over"))]
    toc_items += [(title, "toc", 0.0, num("§" + title)) for title, _m in groups]
    toc_items.append(("Register", "toc", 0.0, num("§register")))
    story: list[Flowable] = [
        Heading("Inhoud", 1),
        _Lines(toc_items, keep=0, space_after=0),
        PageBreak(),
        Heading("Over deze wegwijzer", 1),
        _Anchor(pages, "§over"),
        para(
            "In deze wegwijzer staan de organisaties in onze gemeente die inwoners, "
            "mantelzorgers en vrijwilligers ondersteunen, met wat zij aanbieden en hoe u "
            "hen bereikt. Achterin staat een register van alle organisaties op naam.",
            "Tekst",
        ),
        para(
            "Er staat 1 organisatie in."
            if len(orgs) == 1
            else f"Er staan {len(orgs)} organisaties in.",
            "Tekst",
        ),
        PageBreak(),
    ]
    if body is None:
        body = _body(groups, pages)
    story += body
    register_items = []
    for name in sorted(
        (n for n in pages.pages if not n.startswith("§")), key=lambda n: (_sort_key(n), n)
    ):
        nums = "000" if measuring else ", ".join(str(p) for p in sorted(pages.pages[name]))
        register_items.append((name, "register", 0.0, nums))
    story += [
        PageBreak(),
        Heading("Register", 1),
        _Anchor(pages, "§register"),
        Paragraph("Organisaties op alfabet, met het nummer van de pagina.", st["Klein"]),
        Spacer(1, 3 * mm),
        _Lines(register_items or [("", "register", 0.0, None)], keep=0, space_after=0),
    ]
    return story


def _count_left_out(session) -> int:
    """Organisations on the kaart (not in the prullenbak) that the wegwijzer leaves out."""
    from sqlalchemy import func, select

    O = Organisatie  # noqa: N806, E741
    return session.scalar(
        select(func.count(O.id)).where(O.gearchiveerd_op.is_(None), O.samengevoegd_in_id.is_(None))
    )


def _empty_wegwijzer_story(left_out: int) -> list[Flowable]:
    if left_out:
        why = (
            f"Op de sociale kaart staan {left_out} organisaties, maar die zijn opgeheven of "
            "hebben het vinkje <i>niet publiceren</i>."
            if left_out != 1
            else "Op de sociale kaart staat 1 organisatie, maar die is opgeheven of heeft het "
            "vinkje <i>niet publiceren</i>."
        )
    else:
        why = "De sociale kaart is nog leeg."
    return [
        Heading("Over deze wegwijzer", 1),
        para("Er staan nog geen organisaties in deze wegwijzer.", "Tekst"),
        Paragraph(why, get_styles()["Tekst"]),
        para(
            "Voeg organisaties toe in Elkaar bij Sociale kaart (Nieuwe organisatie of "
            "Importeren…) en maak de wegwijzer daarna opnieuw.",
            "Tekst",
        ),
    ]


def _body(groups, pages: _Pages) -> list[Flowable]:
    body: list[Flowable] = []
    for title, members in groups:
        head: list[Flowable] = [Heading(title, 1), _Anchor(pages, "§" + title)]
        for i, (org, aanbod) in enumerate(members):
            block = _fast_org_block(org, aanbod, pages)
            if i == 0:  # a heading never stays behind alone at the bottom of a page
                body.append(KeepTogether(head + block))
            else:
                body += block
    return body


def build_wegwijzer(store, options: dict[str, Any], out: Path, progress=None, cancel=None) -> None:
    """Two builds: the first only lays out (nothing is drawn) to learn the page of every
    heading and organisation, the second draws the booklet with the contents and the
    register filled in. Both have the same layout, so the numbers are exact."""
    import tempfile

    indeling = options.get("indeling") or "soort"
    if indeling not in INDELINGEN:
        raise UserError(f"Onbekende indeling '{indeling}': kies soort, basisfunctie of wijk.")
    report_progress(progress, 0, 0, "Gegevens ophalen")
    with store.session() as session:
        orgs = _load_light(session)
        groups = _groups(orgs, indeling)
        titles = {
            "soort": "per soort organisatie",
            "basisfunctie": "per basisfunctie",
            "wijk": "per wijk en kern",
        }
        ctx = report_context(
            store, "Wegwijzer sociale kaart", f"Organisaties en aanbod {titles[indeling]}"
        )
        check_cancel(cancel)
        if not orgs:  # one short page instead of an empty contents, body and register
            left_out = _count_left_out(session)
            story = _empty_wegwijzer_story(left_out)
            build_pdf(
                out, ctx, story, progress=progress, cancel=cancel, cover=True, title_block=False
            )
            return
        pages = _Pages()
        # the register lists every organisation: make sure each has a key before measuring
        for _t, members in groups:
            for org, _a in members:
                pages.pages.setdefault(org.naam, [])
        report_progress(progress, 0, 0, "Pagina's indelen")
        token = _MEASURING.set(True)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                body = _body(groups, pages)
                measure = _wegwijzer_story(orgs, groups, pages, measuring=True, body=body)
                build_pdf(
                    Path(tmp) / "maat.pdf",
                    ctx,
                    measure,
                    cancel=cancel,
                    cover=True,
                    title_block=False,
                )
        finally:
            _MEASURING.reset(token)
        check_cancel(cancel)
        final = _Pages()
        final.pages = {k: list(v) for k, v in pages.pages.items()}
        story = _wegwijzer_story(orgs, groups, _Frozen(final), measuring=False)
        build_pdf(out, ctx, story, progress=progress, cancel=cancel, cover=True, title_block=False)


def build_organisatie(
    store, options: dict[str, Any], out: Path, progress=None, cancel=None
) -> None:
    org_id = options.get("id")
    with store.session() as session:
        found = load_organisaties(session, [int(org_id)]) if org_id else []
        if not found:
            raise UserError(f"Organisatie {org_id} bestaat niet.")
        org = found[0]
        ctx = report_context(
            store, org.naam, org.soort.naam if org.soort else "Organisatie op de sociale kaart"
        )
        st = get_styles()
        story: list[Flowable] = []
        if org.beschrijving:
            story.append(para(org.beschrijving, "Tekst"))
        for line in _contact_lines(org):
            story.append(Paragraph(esc(line), st["Tekst"]))
        extra = [
            (
                "Werkgebied",
                org.werkgebied
                + (": " + ", ".join(w.naam for w in org.wijken) if org.wijken else ""),
            ),
            ("Status", org.status),
            (
                "Laatst gecontroleerd",
                org.gecontroleerd_op.strftime("%d-%m-%Y") if org.gecontroleerd_op else "nog nooit",
            ),
        ]
        from desktop.rapporten.styles import key_value_table

        story += [Spacer(1, 4 * mm), key_value_table(extra), Spacer(1, 4 * mm)]
        live = _live_aanbod(org)
        story.append(Heading(f"Aanbod ({len(live)})", 2))
        if not live:
            story.append(para("Er is geen aanbod vastgelegd.", "Tekst"))
        for a in live:
            story.append(KeepTogether(_aanbod_block(a)))
        build_pdf(out, ctx, story, progress=progress, cancel=cancel)


def parse_ids(text: Any) -> list[int]:
    if text is None:
        return []
    if isinstance(text, list | tuple):
        return [int(x) for x in text]
    ids = []
    for part in str(text).replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise UserError(f"'{part}' is geen nummer van een organisatie.")
        ids.append(int(part))
    return ids


def build_selectie(store, options: dict[str, Any], out: Path, progress=None, cancel=None) -> None:
    """A short, plain-language list for one inwoner: organisations (and optionally
    specific aanbod) plus a note. ``ids``: organisation ids; ``aanbod_ids``: aanbod ids
    (their organisation is included)."""
    org_ids = parse_ids(options.get("ids"))
    aanbod_ids = set(parse_ids(options.get("aanbod_ids")))
    notitie = (options.get("notitie") or "").strip()
    with store.session() as session:
        if aanbod_ids:
            from sqlalchemy import select

            for oid in session.scalars(
                select(Aanbod.organisatie_id).where(Aanbod.id.in_(aanbod_ids))
            ):
                if oid not in org_ids:
                    org_ids.append(oid)
        orgs = load_organisaties(session, org_ids)
        missing = [str(i) for i in org_ids if i not in {o.id for o in orgs}]
        if missing:
            what = (
                f"Er is geen organisatie met nummer {missing[0]}."
                if len(missing) == 1
                else f"Er zijn geen organisaties met de nummers {', '.join(missing)}."
            )
            raise UserError(what + " De nummers staan in de kolom Nr. van de Sociale kaart.")
        if not orgs:
            raise UserError("Kies ten minste één organisatie of aanbod voor de selectie.")
        ctx = report_context(store, "Voor u uitgezocht", "Organisaties die u verder kunnen helpen")
        st = get_styles()
        story: list[Flowable] = []
        if notitie:
            story += [para(notitie, "Tekst"), Spacer(1, 4 * mm)]
        story.append(
            para(
                "Hieronder staan organisaties die u kunnen helpen. Bel of mail gerust: zij weten de weg.",
                "Tekst",
            )
        )
        story.append(Spacer(1, 3 * mm))
        for org in orgs:
            chosen = [a for a in _live_aanbod(org) if a.id in aanbod_ids]
            head = [Paragraph(esc(org.naam), st["Kop2"])]
            if org.beschrijving and not chosen:
                head.append(para(org.beschrijving, "Tekst"))
            for line in _contact_lines(org):
                head.append(Paragraph(esc(line), st["Tekst"]))
            if not chosen and _live_aanbod(org):
                names = ", ".join(a.naam for a in _live_aanbod(org))
                head.append(Paragraph(f"<i>Wat zij bieden:</i> {esc(names)}", st["Tekst"]))
            head.append(Spacer(1, 2 * mm))
            story.append(
                KeepTogether(head + [f for a in chosen for f in _aanbod_block(a, plain=True)])
            )
        build_pdf(out, ctx, story, progress=progress, cancel=cancel)


def _organisatie_choices(store) -> list[tuple[int, str]]:
    from sqlalchemy import select

    with store.session() as session:
        rows = session.execute(
            select(Organisatie.id, Organisatie.naam)
            .where(Organisatie.gearchiveerd_op.is_(None), Organisatie.samengevoegd_in_id.is_(None))
            .order_by(Organisatie.naam)
        ).all()
    return [(oid, f"{naam} ({oid})") for oid, naam in rows]


register(
    Report(
        key="wegwijzer",
        title="Wegwijzer sociale kaart",
        description=(
            "Boekje met alle organisaties en hun aanbod, ingedeeld naar soort, basisfunctie of "
            "wijk, met inhoudsopgave, contactgegevens en een register op naam."
        ),
        options=[
            ReportOption(
                "indeling",
                "Indeling",
                "choice",
                choices=INDELINGEN,
                default="soort",
                help="soort, basisfunctie of wijk",
            )
        ],
        build=build_wegwijzer,
    )
)

register(
    Report(
        key="organisatie",
        title="Organisatie-fiche",
        description="Eén organisatie van de sociale kaart met al haar aanbod en contactgegevens.",
        options=[
            ReportOption(
                "id",
                "Organisatie",
                "int",
                choices=_organisatie_choices,  # type: ignore[arg-type]
                required=True,
                help="nummer van de organisatie",
            )
        ],
        build=build_organisatie,
    )
)

register(
    Report(
        key="selectie",
        title="Selectie voor een inwoner",
        description=(
            "Een paar organisaties uit de sociale kaart met een persoonlijke notitie, in gewone "
            "taal. Vul de nummers in uit de kolom Nr. van de Sociale kaart (het nummer staat "
            "ook boven de gegevens van een organisatie). Of kies de organisaties op de Sociale "
            "kaart zelf: selecteer ze in de lijst en klik op Selectie voor een inwoner…"
        ),
        options=[
            ReportOption(
                "ids",
                "Organisaties (kolom Nr., met komma's)",
                "str",
                required=True,
                help="de nummers uit de kolom Nr. van de Sociale kaart, bijvoorbeeld 3,8,12",
            ),
            ReportOption("notitie", "Notitie voor de inwoner", "str", help="vrije tekst bovenaan"),
        ],
        build=build_selectie,
    )
)

_ = fonts  # registered by build_pdf
