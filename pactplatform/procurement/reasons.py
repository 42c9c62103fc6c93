"""Each red flag in words, for people (the codes are Cardinal's; RED_FLAGS.md §5 gives the rules)."""
from flask_babel import format_decimal, gettext as _, lazy_gettext as _l, ngettext

TITLES = {
    "R003": _l("Short submission period"),
    "R018": _l("Single bid received"),
    "R024": _l("Price close to the winning bid"),
    "R025": _l("Excessive unsuccessful bids"),
    "R028": _l("Identical bid prices"),
    "R030": _l("Late bid won"),
    "R035": _l("All bids except the winner's disqualified"),
    "R036": _l("Lowest bid disqualified"),
    "R038": _l("Excessive disqualified bids"),
    "R048": _l("Heterogeneous supplier"),
    "R058": _l("Heavily discounted winning bid"),
}


def _percent(value: float) -> str:
    return format_decimal(value * 100, format="#,##0.#")


def reason(code: str, value: float | None = None, tender_value: float | None = None) -> str:
    """Why the flag was raised, in a sentence. `value` is the flag's own value (per tender or per organisation);
    `tender_value` the tender's value of the same code, for an organisation's flag tied to a tender."""
    ratio = tender_value if tender_value is not None else value
    if code == "R003":
        return _("The submission period was shorter than the tenant's minimum: outsiders had too little time "
                 "to bid.")
    if code == "R018":
        return _("One bid only in an open procedure.")
    if code == "R024" and ratio:
        return _("A losing bid was only %(percent)s%% above the winning bid: it may have been a cover bid.",
                 percent=_percent(ratio))
    if code == "R024":
        return _("A losing bid was priced almost exactly like the winning bid: it may have been a cover bid.")
    if code == "R025" and value is not None:
        return _("This bidder won only %(percent)s%% of the tenders it bid in, far fewer than other frequent "
                 "bidders.", percent=_percent(value))
    if code == "R028":
        return _("Two different bidders offered exactly the same price.")
    if code == "R030":
        return _("A bid that arrived after the deadline won the contract.")
    if code == "R035" and tender_value is None and value:
        return ngettext("Every bid except the winner's was disqualified (%(num)d other bidder).",
                        "Every bid except the winner's was disqualified (%(num)d other bidders).", int(value))
    if code == "R035":
        return _("Every bid except the winner's was disqualified.")
    if code == "R036":
        return _("The lowest bid was disqualified while a higher valid bid remained.")
    if code == "R038" and value is not None:
        return _("An unusually high share of bids was disqualified (%(percent)s%%).", percent=_percent(value))
    if code == "R048" and value is not None:
        return _("This supplier delivers in unusually many product categories (%(count)s).",
                 count=format_decimal(value, format="#,##0"))
    if code == "R058" and ratio:
        return _("The next-lowest bid was %(percent)s%% above the winning bid: the winning price may be too low "
                 "to deliver.", percent=_percent(ratio))
    if code == "R058":
        return _("The winning bid was far below every other bid.")
    return str(TITLES.get(code, code))


# OCDS codelist values the pages show (procurementMethod, tender/bid/award/contract statuses).
CODES = {
    "open": _l("open"), "selective": _l("selective"), "limited": _l("limited"), "direct": _l("direct"),
    "planning": _l("planning"), "planned": _l("planned"), "active": _l("active"), "cancelled": _l("cancelled"),
    "unsuccessful": _l("unsuccessful"), "complete": _l("complete"), "withdrawn": _l("withdrawn"),
    "pending": _l("pending"), "valid": _l("valid"), "disqualified": _l("disqualified"), "invited": _l("invited"),
    "terminated": _l("terminated"),
}


def code_label(code: str | None) -> str:
    """A codelist value in words; a value outside the codelists is shown as published."""
    if code is None:
        return "–"
    return str(CODES.get(code, code))
