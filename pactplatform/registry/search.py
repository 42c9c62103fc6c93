"""Search over every register, in one module whose text index is chosen by the database's dialect:

- SQLite: the FTS5 table `search_fts` over search_entries (kept by triggers the migration creates); every
  query word is a prefix; typo tolerance from the trigram column `grams` (an OR of the query's trigrams,
  ranked by bm25, then kept when most of the query's trigrams are there).
- PostgreSQL: a GIN index on to_tsvector('simple', words) with prefix tsqueries, and pg_trgm's GIN index on
  name_key for typo tolerance (word_similarity, `<%`).

Either way a query is an index probe: an exact or prefix match first, the fuzzy match only when that finds
nothing. A NIB, NPWP, tender code or certificate number typed raw or formatted is matched as its digits.
The candidate list is bounded (CANDIDATES), so facets and filters work on at most that many rows.
"""
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from sqlalchemy import bindparam, select, text

from ..extensions import db
from . import normalise
from .models import SearchEntry

CANDIDATES = 500
FUZZY_CANDIDATES = 200
FUZZY_THRESHOLD = 0.5
MAX_QUERY_LENGTH = 200
FACETS = ("kind", "tenant_id", "status", "sector", "region")

# Index objects that live outside the models (Alembic must not diff them): see migrations 0013_registry.
DATABASE_ONLY = frozenset({"search_fts", "search_fts_data", "search_fts_idx", "search_fts_docsize",
                           "search_fts_config", "search_fts_content", "ix_search_entries_words_fts",
                           "ix_search_entries_name_trgm"})


@dataclass
class Hit:
    id: int
    kind: str
    ref_id: int
    tenant_id: int | None
    status: str
    sector: str
    region: str
    title: str
    highlighted: Markup = Markup("")
    by_identifier: bool = False


@dataclass
class Result:
    query: str
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict] = field(default_factory=dict)
    fuzzy: bool = False
    by_identifier: bool = False
    truncated: bool = False


# A one-letter prefix would walk a large part of the index: such a word must match whole.
MIN_PREFIX = 2


def _fts_words(tokens: list[str]) -> str:
    return "{words} : (" + " AND ".join(f'"{t}"*' if len(t) >= MIN_PREFIX else f'"{t}"' for t in tokens) + ")"


def _sqlite_ids(query: str, tokens: list[str], digits: str | None) -> tuple[list[int], bool]:
    session = db.session
    if digits or tokens:
        expression = _fts_words([digits]) if digits else _fts_words(tokens)
        ids = list(session.scalars(text("SELECT rowid FROM search_fts WHERE search_fts MATCH :q ORDER BY rank "
                                        "LIMIT :n"), {"q": expression, "n": CANDIDATES + 1}))
        if ids or digits:
            return ids, False
    grams = normalise.trigrams(query)
    if not grams:
        return [], False
    expression = "{grams} : (" + " OR ".join(f'"{g}"' for g in grams) + ")"
    rows = session.execute(text("SELECT e.id, e.grams FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid "
                                "WHERE search_fts MATCH :q ORDER BY rank LIMIT :n"),
                           {"q": expression, "n": FUZZY_CANDIDATES}).all()
    wanted = set(grams)
    return [row.id for row in rows if len(wanted & set(row.grams.split())) / len(wanted) >= FUZZY_THRESHOLD], True


def _postgres_ids(query: str, tokens: list[str], digits: str | None) -> tuple[list[int], bool]:
    session = db.session
    if digits or tokens:
        tsquery = f"{digits}:*" if digits else " & ".join(f"{t}:*" if len(t) >= MIN_PREFIX else t for t in tokens)
        ids = list(session.scalars(text(
            "SELECT id FROM search_entries WHERE to_tsvector('simple', words) @@ to_tsquery('simple', :q) "
            "ORDER BY length(name_key), id LIMIT :n"), {"q": tsquery, "n": CANDIDATES + 1}))
        if ids or digits:
            return ids, False
    key = " ".join(tokens)
    if not key:
        return [], False
    ids = list(session.scalars(text(
        "SELECT id FROM search_entries WHERE :q <% name_key ORDER BY word_similarity(:q, name_key) DESC, id "
        "LIMIT :n"), {"q": key, "n": FUZZY_CANDIDATES}))
    return ids, True


def _highlight(title: str, tokens: list[str], fuzzy: bool) -> Markup:
    """The title with the words that matched in <mark>; everything else escaped."""
    parts = []
    for piece in re.split(r"(\w+)", title):
        key = normalise.name_key(piece) if piece and piece[0].isalnum() else ""
        matched = bool(key) and any(key.startswith(t) or (fuzzy and normalise.similarity(key, t) >= 0.3)
                                    for t in tokens)
        parts.append(Markup("<mark>%s</mark>") % piece if matched else escape(piece))
    return Markup("").join(parts)


def search(query: str, kind: str | None = None, tenant_id: int | None = None, status: str | None = None,
           sector: str | None = None, region: str | None = None, limit: int = 20) -> Result:
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    result = Result(query)
    if not query:
        return result
    digits = normalise.identifier_digits(query)
    tokens = [] if digits else normalise.words(query)
    finder = _postgres_ids if db.session.get_bind().dialect.name == "postgresql" else _sqlite_ids
    ids, result.fuzzy = finder(query, tokens, digits)
    result.by_identifier = digits is not None
    result.truncated = len(ids) > CANDIDATES
    ids = ids[:CANDIDATES]
    if not ids:
        return result
    columns = [SearchEntry.id, SearchEntry.kind, SearchEntry.ref_id, SearchEntry.tenant_id, SearchEntry.status,
               SearchEntry.sector, SearchEntry.region, SearchEntry.title]
    rows = {row.id: row for row in db.session.execute(
        select(*columns).where(SearchEntry.id.in_(bindparam("ids", expanding=True))), {"ids": ids})}
    candidates = [Hit(**rows[i]._asdict()) for i in ids if i in rows]
    wanted = {"kind": kind, "tenant_id": tenant_id, "status": status, "sector": sector, "region": region}
    for name in FACETS:
        # Each facet counts the candidates that pass the other filters, so a chosen value shows its siblings.
        counts: dict = {}
        for hit in candidates:
            if all(value is None or getattr(hit, other) == value for other, value in wanted.items() if other != name):
                value = getattr(hit, name)
                if value not in (None, ""):
                    counts[value] = counts.get(value, 0) + 1
        result.facets[name] = dict(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))
    chosen = [hit for hit in candidates
              if all(value is None or getattr(hit, name) == value for name, value in wanted.items())]
    for hit in chosen[:limit]:
        hit.by_identifier = result.by_identifier
        hit.highlighted = escape(hit.title) if digits else _highlight(hit.title, tokens, result.fuzzy)
    result.hits = chosen[:limit]
    return result


def matching_ids(query: str, kind: str) -> list[int] | None:
    """The ids of one kind's records matching a query (a register's ?q=), best first; None for no query."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return None
    return [hit.ref_id for hit in search(query, kind=kind, limit=CANDIDATES).hits]
