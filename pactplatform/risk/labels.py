"""Words for the risk domain's codes, in the current language."""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

BAND_LABELS = {
    "very_low": _l("Very low"),
    "low": _l("Low"),
    "medium": _l("Medium"),
    "high": _l("High"),
    "very_high": _l("Very high"),
}
OUTCOME_LABELS = {
    "allow": _l("Allow"),
    "needs_justification": _l("Allow with an officer's recorded justification"),
    "refuse": _l("Refuse"),
}
DIRECTION_LABELS = {"higher_worse": _l("Higher is worse"), "lower_worse": _l("Lower is worse")}
TYPE_LABELS = {"leading": _l("Leading"), "lagging": _l("Lagging")}
LIGHT_LABELS = {"green": _l("Green: within appetite"), "yellow": _l("Yellow: above appetite, within tolerance"),
                "red": _l("Red: beyond tolerance")}
KIND_LABELS = {
    "integrity_pact": _l("Integrity pact"),
    "certified_coalition": _l("Certified coalition"),
    "declaration": _l("Declaration"),
    "principle_initiative": _l("Principle initiative"),
}


def text(labels) -> str:
    """A configured {id, en} label in the current language."""
    if not isinstance(labels, dict):
        return str(labels or "")
    language = str(get_locale() or "id")[:2]
    return labels.get(language) or labels.get("id") or next(iter(labels.values()), "")
