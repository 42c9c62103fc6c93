"""What the search index stores and what a query is turned into: the same normalisation on both sides, so
"PT. Sinar Mas Tbk", "sinar mas" and "SINAR-MAS" meet.

Legal forms are removed by `fingerprints` (the OpenSanctions name normaliser: PT, CV, Ltd, …); the
Indonesian forms it keeps as words (Tbk for a listed company, Persero/Perum for a state-owned one) are
dropped as the same kind of noise, so a query with or without them finds the firm.
"""
import re

import fingerprints

from ..orgs import identifiers

# Indonesian legal-form words fingerprints' type list does not cover (checked with fingerprints 1.3).
_EXTRA_LEGAL_FORMS = frozenset({"tbk", "persero", "perum", "perumda", "persekutuan", "komanditer"})
_WORD = re.compile(r"[0-9a-z]+")
_DIGIT_RUN = re.compile(r"^[0-9][0-9 .\-/]*[0-9]$")
MIN_IDENTIFIER_DIGITS = 4


def words(text: str) -> list[str]:
    """Lower-case ASCII words of a name, legal forms removed."""
    cleaned = fingerprints.generate(fingerprints.remove_types(text or ""), keep_order=True) or ""
    # Only ASCII letters and digits reach the text index's query syntax (FTS5 MATCH, to_tsquery).
    return [word for word in _WORD.findall(cleaned) if word not in _EXTRA_LEGAL_FORMS]


def name_key(text: str) -> str:
    return " ".join(words(text))


def trigrams(text: str) -> list[str]:
    """Three-letter pieces of each word ("sinar" → sin ina nar; a short word stands for itself): what
    survives a typo, so the SQLite index can find a misspelt name (PostgreSQL uses pg_trgm instead)."""
    grams = []
    for word in words(text):
        grams.extend(word[i:i + 3] for i in range(max(len(word) - 2, 1)))
    return list(dict.fromkeys(grams))


def similarity(a: str, b: str) -> float:
    """pg_trgm's measure, approximately: shared trigrams over all trigrams."""
    left, right = set(trigrams(a)), set(trigrams(b))
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def identifier_digits(query: str) -> str | None:
    """A NIB, NPWP or code typed raw or formatted ("01.234.567.8-901.000") as its digits, else None."""
    query = (query or "").strip()
    if not _DIGIT_RUN.match(query):
        return None
    found = re.sub(r"[^0-9]", "", query)
    return found if len(found) >= MIN_IDENTIFIER_DIGITS else None


def code_token(code: str) -> str:
    """A tender code or certificate number as one searchable token ("SPSE-2025/014" → spse2025014)."""
    return re.sub(r"[^0-9a-z]", "", (code or "").lower())


def identifier_tokens(*values: str | None) -> list[str]:
    tokens = []
    for value in values:
        if value:
            digits = identifiers.digits(value)
            tokens.append(digits if digits.isdigit() else code_token(value))
    return [token for token in tokens if token]
