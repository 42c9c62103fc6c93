"""Definitions several indicators share (RED_FLAGS.md §1.1). Nothing is coerced: a value of the wrong
JSON type counts as missing; statuses, ids and currencies compare as exact strings."""
import math

DISQUALIFIED, VALID, ACTIVE = "disqualified", "valid", "active"


def obj(value) -> dict | None:
    return value if type(value) is dict else None


def arr(value) -> list | None:
    return value if type(value) is list else None


def string(value) -> str | None:
    return value if type(value) is str else None


def member(value, key):
    return value.get(key) if type(value) is dict else None


def number(value) -> float | None:
    """A JSON number as binary64 (bool is not a number; a literal that overflows to ±inf is absent)."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is int:
        try:
            return float(value)
        except OverflowError:
            return None
    return None


def details(release: dict) -> list | None:
    return arr(member(release.get("bids"), "details"))


def is_submitted(bid) -> bool:
    status = string(member(bid, "status"))
    return status is not None and status != "invited" and status != "withdrawn"


def submitted_bids(release: dict) -> list:
    found = details(release)
    return [bid for bid in found if is_submitted(bid)] if found else []


def final_awards(release: dict) -> tuple[list, list] | None:
    """FA: (active awards, details), or None if awards or details are missing or an award is not final."""
    awards = arr(release.get("awards"))
    bids = details(release)
    if awards is None or bids is None:
        return None
    active = []
    for award in awards:
        status = string(member(award, "status"))
        if status is None or status in ("cancelled", "unsuccessful"):
            continue
        if status == ACTIVE:
            active.append(award)
        else:
            return None
    return active, bids


def single_winner(release: dict) -> tuple[str, list] | None:
    """SW: (winner id, details) when FA passes with exactly one active award of one supplier with a string id."""
    final = final_awards(release)
    if final is None:
        return None
    active, bids = final
    if len(active) != 1:
        return None
    suppliers = arr(member(active[0], "suppliers"))
    if suppliers is None or len(suppliers) != 1:
        return None
    winner = string(member(suppliers[0], "id"))
    if winner is None:
        return None
    return winner, bids


def priced_valid_bids(bids: list):
    """(tenderer id, amount, currency) of each bid that is valid, priced and has exactly one tenderer."""
    for bid in bids:
        if type(bid) is not dict or bid.get("status") != VALID:
            continue
        value = obj(bid.get("value"))
        if value is None:
            continue
        amount = number(value.get("amount"))
        currency = string(value.get("currency"))
        tenderers = arr(bid.get("tenderers"))
        if amount is None or currency is None or tenderers is None or len(tenderers) != 1:
            continue
        tenderer = string(member(tenderers[0], "id"))
        if tenderer is not None:
            yield tenderer, amount, currency


def method_details(release: dict) -> str | None:
    return string(member(release.get("tender"), "procurementMethodDetails"))


def passes_price_comparison(release: dict, allow: frozenset, deny: frozenset) -> bool:
    """PC: with an allow list only the listed details pass; otherwise all but the denied ones."""
    details_ = method_details(release)
    if allow:
        return details_ is not None and details_ in allow
    return details_ is None or details_ not in deny


def passes_method(tender: dict, methods: frozenset) -> bool:
    """PM(S)."""
    if not methods:
        return True
    method = string(tender.get("procurementMethod"))
    return method is not None and method in methods


def tenderer_ids(bid) -> list[str]:
    tenderers = arr(member(bid, "tenderers"))
    if tenderers is None:
        return []
    return [t for t in (string(member(item, "id")) for item in tenderers) if t is not None]


def passes_release_gate(release, excluded_details: frozenset) -> str | None:
    """The release's ocid if every indicator may look at it, else None."""
    if type(release) is not dict:
        return None
    ocid = release.get("ocid")
    if type(ocid) is not str:
        return None
    tender = release.get("tender")
    if type(tender) is dict:
        if tender.get("status") == "cancelled":
            return None
        details_ = tender.get("procurementMethodDetails")
        if type(details_) is str and details_ in excluded_details:
            return None
    return ocid


class Currency:
    """The main currency C: the setting, or the first one checked (lines in order, ratio before R036)."""

    def __init__(self, setting: str | None):
        self.value = setting

    def matches(self, currency: str) -> bool:
        if self.value is None:
            self.value = currency
        return currency == self.value
