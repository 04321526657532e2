"""Search over the sociale kaart: one search box over names, aanbod, descriptions,
contact names and places.

One interface, two engines:

* SQLite: FTS5 tables ``fts_kaart_organisatie`` (rowid = organisatie.id) and
  ``fts_kaart_aanbod`` (rowid = aanbod.id), created in migration k002. Text is folded
  (``text.fold``: case, diacritics, ligatures) before it is stored and the query is
  folded the same way, so "cliente" finds "cliënten". Every query word is a prefix
  ("zorg" finds "zorgcafe"); words are AND-ed. Ranking is bm25 with the name column
  weighted highest, so a match in the name comes before a match in a description.
* Other databases (PostgreSQL): the same folded text in the ordinary table
  ``kaart_zoekindex``, searched with ILIKE on word starts and ranked by where the words
  occur (name first).

The service keeps the index in sync: call ``reindex(session, organisatie_ids)`` after
every change (the kaart services and the importer do), ``rebuild_index`` after bulk
work. Facet filters (soort, wijk, doelgroep, basisfunctie, status, te controleren,
archived) are plain SQL on the kaart tables and work the same on both engines.

Wijk filter and "hele gemeente": an organisation whose werkgebied is landelijk or regio,
or that names no wijk at all (neither itself nor in its aanbod), works in the whole
gemeente. It is found under every wijk, with ``SearchHit.hele_gemeente`` set so the list
can say so (``search_index.org_is_gemeente_wide`` has the rule and its reasons). Aanbod
without wijken of its own follows its organisation; aanbod with wijken is found under
those wijken and its organisation's wijken.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import (
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from desktop.kaart.models import (
    Aanbod,
    AanbodKenmerk,
    Organisatie,
    Soort,
    ZoekIndex,
    aanbod_wijk,
    organisatie_wijk,
)
from desktop.kaart.search_index import (
    _FRESH_CHECKED,
    _WIJK_FINGERPRINT,
    _WORD,
    GEMEENTE_TOKEN,
    WIDER_THAN_GEMEENTE,
    _is_sqlite,
    _tok,
    _wijk_fingerprint,
    rebuild_index,
    reindex,
)
from desktop.kaart.text import fold
from desktop.store import settings

__all__ = [
    "CONTROLE_MAANDEN",
    "SearchFilters",
    "SearchHit",
    "controle_cutoff",
    "controle_maanden",
    "query_words",
    "rebuild_index",
    "reindex",
    "search",
]

#: Setting: months after which an organisation is "te controleren" (default 12).
CONTROLE_MAANDEN = "kaart.controle_maanden"
DEFAULT_CONTROLE_MAANDEN = 12

Level = Literal["organisatie", "aanbod"]

_ORG_WEIGHTS = (10.0, 4.0, 1.0, 2.0, 2.0, 0.0)  # naam, aanbod, tekst, contact, plaats, facet
_AANBOD_WEIGHTS = (
    10.0,
    5.0,
    1.0,
    1.0,
    2.0,
    0.0,
)  # naam, organisatie, tekst, contact, plaats, facet


@dataclass
class SearchFilters:
    """Facets; empty tuples mean "no filter". Within a facet the values are OR-ed,
    facets are AND-ed. ``doelgroepen`` includes narrower doelgroepen (a filter on
    "mantelzorgers" finds aanbod for "jonge mantelzorgers")."""

    soort_ids: Sequence[int] = ()
    wijk_ids: Sequence[int] = ()
    doelgroepen: Sequence[str] = ()
    basisfuncties: Sequence[str] = ()
    statussen: Sequence[str] = ()
    te_controleren: bool = False
    include_archived: bool = False

    def is_empty(self) -> bool:
        return not (
            self.soort_ids
            or self.wijk_ids
            or self.doelgroepen
            or self.basisfuncties
            or self.statussen
            or self.te_controleren
            or self.include_archived
        )


@dataclass(frozen=True)
class SearchHit:
    organisatie_id: int
    organisatie_naam: str
    aanbod_id: int | None
    aanbod_naam: str | None
    soort: str
    plaats: str
    score: float
    #: Found under a wijk filter because it works in the whole gemeente (not because it
    #: names the wijk); see ``search_index.org_is_gemeente_wide``.
    hele_gemeente: bool = False


# --------------------------------------------------------------------------- settings


def controle_maanden(session: Session) -> int:
    raw = settings.get(session, CONTROLE_MAANDEN)
    try:
        value = int(raw) if raw else DEFAULT_CONTROLE_MAANDEN
    except ValueError:
        value = DEFAULT_CONTROLE_MAANDEN
    return max(1, min(value, 120))


def _months_back(day: date, months: int) -> date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, 28)  # pragma: no cover


def controle_cutoff(session: Session, today: date | None = None) -> date:
    """Organisations checked before this date (or never) are "te controleren"."""
    return _months_back(today or date.today(), controle_maanden(session))


# --------------------------------------------------------------------------- query


def query_words(query: str) -> list[str]:
    """The folded words of a query ("Cliënt-raad" -> ["client", "raad"])."""
    return _WORD.findall(fold(query or ""))[:12]


def _fts_query(words: list[str]) -> str:
    return " ".join(f'"{w}"*' for w in words)


def _expand_doelgroepen(keys: Iterable[str]) -> list[str]:
    from desktop.kaart.taxonomy import load_doelgroepen

    try:
        tax = load_doelgroepen()
    except Exception:  # pragma: no cover - packaging error; filter on the keys as given
        return list(keys)
    out: list[str] = []
    todo = list(keys)
    while todo:
        key = todo.pop()
        if key in out:
            continue
        out.append(key)
        if key in tax:
            todo.extend(d.key for d in tax.children(key))
    return out


def _kenmerk_exists(aanbod_id_col: Any, soort: str, keys: Sequence[str]) -> Any:
    return exists().where(
        AanbodKenmerk.aanbod_id == aanbod_id_col,
        AanbodKenmerk.soort == soort,
        AanbodKenmerk.sleutel.in_(list(keys)),
    )


def _conditions(session: Session, f: SearchFilters, level: Level) -> list[Any]:
    O = Organisatie  # noqa: N806, E741
    A = Aanbod  # noqa: N806
    conds: list[Any] = []
    if not f.include_archived:
        conds.append(O.gearchiveerd_op.is_(None))
        conds.append(O.samengevoegd_in_id.is_(None))
        if level == "aanbod":
            conds.append(A.gearchiveerd_op.is_(None))
    if f.soort_ids:
        conds.append(O.soort_id.in_(list(f.soort_ids)))
    if f.statussen:
        target = A.status if level == "aanbod" else O.status
        conds.append(target.in_(list(f.statussen)))
    if f.te_controleren:
        cutoff = controle_cutoff(session)
        conds.append(or_(O.gecontroleerd_op.is_(None), O.gecontroleerd_op < cutoff))
    wijken = list(f.wijk_ids)
    doelgroepen = _expand_doelgroepen(f.doelgroepen) if f.doelgroepen else []
    basis = list(f.basisfuncties)
    org_wijk = exists().where(
        organisatie_wijk.c.organisatie_id == O.id, organisatie_wijk.c.wijk_id.in_(wijken)
    )
    wide = _gemeente_wide(O)
    if level == "aanbod":
        if wijken:
            conds.append(
                or_(
                    exists().where(
                        aanbod_wijk.c.aanbod_id == A.id, aanbod_wijk.c.wijk_id.in_(wijken)
                    ),
                    org_wijk,
                    and_(wide, ~exists().where(aanbod_wijk.c.aanbod_id == A.id)),
                )
            )
        if doelgroepen:
            conds.append(_kenmerk_exists(A.id, "doelgroep", doelgroepen))
        if basis:
            conds.append(_kenmerk_exists(A.id, "basisfunctie", basis))
        return conds
    if wijken:
        a2 = Aanbod.__table__.alias("a_w")
        conds.append(
            or_(
                org_wijk,
                exists()
                .select_from(a2.join(aanbod_wijk, aanbod_wijk.c.aanbod_id == a2.c.id))
                .where(
                    a2.c.organisatie_id == O.id,
                    a2.c.gearchiveerd_op.is_(None),
                    aanbod_wijk.c.wijk_id.in_(wijken),
                ),
                wide,
            )
        )
    for soort, keys in (("doelgroep", doelgroepen), ("basisfunctie", basis)):
        if keys:
            a3 = Aanbod.__table__.alias(f"a_{soort}")
            k3 = AanbodKenmerk.__table__.alias(f"k_{soort}")
            conds.append(
                exists()
                .select_from(a3.join(k3, k3.c.aanbod_id == a3.c.id))
                .where(
                    a3.c.organisatie_id == O.id,
                    a3.c.gearchiveerd_op.is_(None),
                    k3.c.soort == soort,
                    k3.c.sleutel.in_(keys),
                )
            )
    return conds


def _gemeente_wide(O: Any) -> Any:  # noqa: N803, E741
    """SQL twin of ``search_index.org_is_gemeente_wide`` for the organisation ``O``."""
    a = Aanbod.__table__.alias("a_heel")
    any_aanbod_wijk = (
        exists()
        .select_from(a.join(aanbod_wijk, aanbod_wijk.c.aanbod_id == a.c.id))
        .where(a.c.organisatie_id == O.id, a.c.gearchiveerd_op.is_(None))
    )
    return or_(
        O.werkgebied.in_(WIDER_THAN_GEMEENTE),
        and_(~exists().where(organisatie_wijk.c.organisatie_id == O.id), ~any_aanbod_wijk),
    )


def _mark_gemeente_wide(session: Session, hits: list[SearchHit], level: Level) -> list[SearchHit]:
    """Set ``hele_gemeente`` on the hits that work in the whole gemeente."""
    from dataclasses import replace

    if not hits:
        return hits
    org_ids = sorted({h.organisatie_id for h in hits})
    wide: set[int] = set()
    for i in range(0, len(org_ids), 500):
        chunk = org_ids[i : i + 500]
        wide.update(
            session.scalars(
                select(Organisatie.id).where(Organisatie.id.in_(chunk), _gemeente_wide(Organisatie))
            )
        )
    limited: set[int] = set()
    if level == "aanbod":
        aids = [h.aanbod_id for h in hits if h.aanbod_id is not None]
        for i in range(0, len(aids), 500):
            limited.update(
                session.scalars(
                    select(aanbod_wijk.c.aanbod_id).where(
                        aanbod_wijk.c.aanbod_id.in_(aids[i : i + 500])
                    )
                )
            )
    return [
        replace(h, hele_gemeente=h.organisatie_id in wide and h.aanbod_id not in limited)
        for h in hits
    ]


def search(
    session: Session,
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = 200,
    level: Level = "organisatie",
    offset: int = 0,
) -> list[SearchHit]:
    """Organisations (or aanbod, ``level="aanbod"``) matching ``query`` and the facets,
    best match first; without query words, everything that passes the filters in
    alphabetical order. ``offset`` skips that many results (paging a long list; with
    one or two letters typed, the first page is the only one)."""
    if level not in ("organisatie", "aanbod"):
        raise ValueError(f"unknown level {level!r}")
    f = filters or SearchFilters()
    words = query_words(query)
    limit = max(1, int(limit))
    if _is_sqlite(session):
        return _sqlite_search(session, words, f, limit, level, max(0, int(offset)))
    conds = _conditions(session, f, level)
    soort_naam = func.coalesce(Soort.naam, "")
    if level == "aanbod":
        cols: list[Any] = [Organisatie.id, Organisatie.naam, Aanbod.id, Aanbod.naam]
        base = Aanbod.__table__.join(Organisatie.__table__, Organisatie.id == Aanbod.organisatie_id)
        name_order = [func.lower(Aanbod.naam), func.lower(Organisatie.naam), Aanbod.id]
    else:
        cols = [Organisatie.id, Organisatie.naam, literal(None), literal(None)]
        base = Organisatie.__table__
        name_order = [func.lower(Organisatie.naam), Organisatie.id]
    base = base.outerjoin(Soort.__table__, Soort.id == Organisatie.soort_id)
    cols += [soort_naam, Organisatie.plaats]
    if not words:
        stmt = select(*cols, literal(0.0)).select_from(base).where(*conds)
        stmt = stmt.order_by(*name_order).limit(limit).offset(max(0, int(offset)))
    else:
        stmt = _like_statement(
            cols, base, conds, words, level, name_order, limit, max(0, int(offset))
        )
    hits = [_hit(row, 1.0) for row in session.execute(stmt)]
    return _mark_gemeente_wide(session, hits, level) if f.wijk_ids else hits


def _hit(row: Sequence[Any], sign: float) -> SearchHit:
    return SearchHit(
        organisatie_id=row[0],
        organisatie_naam=row[1],
        aanbod_id=row[2],
        aanbod_naam=row[3],
        soort=row[4] or "",
        plaats=row[5] or "",
        score=sign * float(row[6] or 0.0),
        hele_gemeente=bool(row[7]) if len(row) > 7 else False,
    )


# ---- SQLite: FTS5

#: Up to this many matches are ranked with bm25; beyond it (one or two letters typed)
#: name matches come first, then the rest, each alphabetically, read in index order so
#: the cost stays flat.
BM25_MAX_MATCHES = 800


def _ints(values: Iterable[Any]) -> str:
    return ",".join(str(int(v)) for v in values) or "NULL"


def _any(tokens: Iterable[str]) -> str:
    toks = sorted(set(tokens))
    return toks[0] if len(toks) == 1 else "(" + " OR ".join(toks) + ")"


def _fts_facets(f: SearchFilters) -> list[str]:
    """Facets as FTS5 expressions on the ``facet`` column (AND-ed by the caller)."""
    parts: list[str] = []
    if f.soort_ids:
        parts.append(_any(_tok("so", int(i)) for i in f.soort_ids))
    if f.statussen:
        parts.append(_any(_tok("st", st) for st in f.statussen))
    if f.wijk_ids:
        parts.append(_any(_tok("wk", int(i)) for i in f.wijk_ids))  # wide ones have all
    if f.doelgroepen:
        parts.append(_any(_tok("dg", k) for k in _expand_doelgroepen(f.doelgroepen)))
    if f.basisfuncties:
        parts.append(_any(_tok("bf", k) for k in f.basisfuncties))
    return parts


_FRESH_INTERVAL = 5.0  # seconds


def _ensure_wijken_fresh(session: Session) -> None:
    """Wijk ids are facet tokens in the index; after a wijk merge or removal elsewhere
    in the application the index is rebuilt once. Checked at most every few seconds."""
    import time

    bind = session.get_bind()
    now = time.monotonic()
    if now - _FRESH_CHECKED.get(id(bind), -1e9) < _FRESH_INTERVAL:
        return
    current = _wijk_fingerprint(session)
    if settings.get(session, _WIJK_FINGERPRINT) != current:
        rebuild_index(session)
    _FRESH_CHECKED[id(bind)] = now


def _sqlite_search(
    session: Session, words: list[str], f: SearchFilters, limit: int, level: Level, offset: int = 0
) -> list[SearchHit]:
    params: dict[str, Any] = {}
    conds: list[str] = []
    if not f.include_archived:
        conds.append("o.gearchiveerd_op IS NULL AND o.samengevoegd_in_id IS NULL")
        if level == "aanbod":
            conds.append("a.gearchiveerd_op IS NULL")
    if f.te_controleren:
        params["cutoff"] = controle_cutoff(session).isoformat()
        conds.append("(o.gecontroleerd_op IS NULL OR o.gecontroleerd_op < :cutoff)")
    if f.wijk_ids:
        _ensure_wijken_fresh(session)
    facets = _fts_facets(f)
    if level == "aanbod":
        fts, weights = "fts_kaart_aanbod", _AANBOD_WEIGHTS
        text_cols = "{naam organisatie tekst contact plaats}"
        select_sql = "SELECT o.id, o.naam, a.id, a.naam, s.naam, o.plaats"
        tables = "aanbod a {hint} JOIN organisatie o ON o.id = a.organisatie_id"
        hint, order = "INDEXED BY ix_aanbod_naam", "a.naam, a.id"
        join_fts = f"aanbod a ON a.id = {fts}.rowid JOIN organisatie o ON o.id = a.organisatie_id"
    else:
        fts, weights = "fts_kaart_organisatie", _ORG_WEIGHTS
        text_cols = "{naam aanbod tekst contact plaats}"
        select_sql = "SELECT o.id, o.naam, NULL, NULL, s.naam, o.plaats"
        tables = "organisatie o {hint}"
        hint, order = "INDEXED BY ix_organisatie_naam", "o.naam, o.id"
        join_fts = f"organisatie o ON o.id = {fts}.rowid"
    soort_join = " LEFT JOIN soort s ON s.id = o.soort_id"
    # under a wijk filter: is the hit there because it works in the whole gemeente?
    wide = f", instr(' ' || {fts}.facet || ' ', ' {GEMEENTE_TOKEN} ') > 0" if f.wijk_ids else ""

    def ordered(extra: list[str], n: int, score: float) -> list[SearchHit]:
        where = " AND ".join(conds + extra) or "1"
        sql = (
            f"{select_sql}, {score} FROM {tables.format(hint=hint)}{soort_join} "
            f"WHERE {where} ORDER BY {order} LIMIT {int(n)} OFFSET {offset}"
        )
        return [_hit(r, 1.0) for r in session.execute(text(sql), params)]

    if not words and not facets:
        return ordered([], limit, 0.0)
    match_parts = []
    if words:
        match_parts.append(f"{text_cols} : ({_fts_query(words)})")
    if facets:
        match_parts.append("facet : (" + " AND ".join(facets) + ")")
    params["q"] = " AND ".join(match_parts)
    cap = BM25_MAX_MATCHES + 1
    total = session.execute(
        text(f"SELECT count(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH :q LIMIT {cap})"), params
    ).scalar()
    if not total:
        return []
    if total <= BM25_MAX_MATCHES:
        where = " AND ".join([f"{fts} MATCH :q", *conds])
        if words:
            weight_sql = ", ".join(str(w) for w in weights)
            rank, sign = f"bm25({fts}, {weight_sql})", -1.0
        else:
            rank, sign = "0.0", 1.0
        sql = (
            f"{select_sql}, {rank} AS r{wide} FROM {fts} JOIN {join_fts}{soort_join} "
            f"WHERE {where} ORDER BY r, {order} LIMIT {limit} OFFSET {offset}"
        )
        return [_hit(r, sign) for r in session.execute(text(sql), params)]
    # Many matches (one or two letters typed, or a broad facet): ranking them all would
    # cost time proportional to the matches. Instead take them in tiers -- name starts
    # with the query, a name word starts with it, anything else -- each read in index
    # order until the list is full, so the cost stays proportional to ``limit``.
    if offset:
        return []
    tiers: list[tuple[str, float]] = []
    if words:
        # name tiers use the name tokens in the facet column: their doclists hold only
        # the records whose *name* has the word, so these tiers stay cheap
        rest = match_parts[1:]
        first = 'facet : "xi' + words[0] + '"*'
        every = "facet : (" + " AND ".join(f'"xn{w}"*' for w in words) + ")"
        tiers.append((" AND ".join([first, every, *rest]), 3.0))
        tiers.append((" AND ".join([every, *rest]), 2.0))
    tiers.append((params["q"], 1.0))
    hits: list[SearchHit] = []
    seen: set[int] = set()
    for i, (expr, score) in enumerate(tiers):
        params[f"t{i}"] = expr
        exclude = f" AND {fts}.rowid NOT IN ({_ints(seen)})" if seen else ""
        where = " AND ".join([f"{fts} MATCH :t{i}", *conds])
        sql = (
            f"{select_sql}, {score}{wide} FROM {fts} JOIN {join_fts}{soort_join} "
            f"WHERE {where}{exclude} LIMIT {limit - len(hits)}"
        )
        tier = [_hit(r, 1.0) for r in session.execute(text(sql), params)]
        tier.sort(
            key=lambda h: (fold(h.aanbod_naam or h.organisatie_naam), fold(h.organisatie_naam))
        )
        hits += tier
        seen.update(h.aanbod_id if level == "aanbod" else h.organisatie_id for h in tier)
        if len(hits) >= limit:
            break
    return hits


def _like_statement(cols, base, conds, words, level, name_order, limit, offset=0):
    """The portable twin: ILIKE on word starts in the folded ``kaart_zoekindex``."""
    Z = ZoekIndex  # noqa: N806
    key = Aanbod.id if level == "aanbod" else Organisatie.id
    soort = "a" if level == "aanbod" else "o"
    joined = base.join(Z.__table__, and_(Z.record_id == key, Z.soort == soort))
    word_conds = []
    score_terms = []
    for w in words:
        in_name = or_(Z.naam.ilike(f"{w}%"), Z.naam.ilike(f"% {w}%"))
        in_text = or_(Z.tekst.ilike(f"{w}%"), Z.tekst.ilike(f"% {w}%"))
        word_conds.append(or_(in_name, in_text))
        score_terms.append(case((Z.naam.ilike(f"{w}%"), 12.0), (in_name, 10.0), else_=1.0))
    score = score_terms[0]
    for term in score_terms[1:]:
        score = score + term
    return (
        select(*cols, score)
        .select_from(joined)
        .where(*word_conds, *conds)
        .order_by(score.desc(), *name_order)
        .limit(limit)
        .offset(offset)
    )
