"""Notification kinds: what each one is called on the preferences page and how its text reads.

A registry (DESIGN.md §2: "notification kinds"): a domain above may add its own kinds with register(). The
text is rendered when read, in the reader's language, from the row's params (names and dates kept as they
were when the event happened)."""
from dataclasses import dataclass
from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # lazy string: the preferences page
    text: Callable[[dict], str]


_kinds: dict[str, Kind] = {}


def register(name: str, label, text: Callable[[dict], str]) -> None:
    _kinds[name] = Kind(name, label, text)


def get(name: str) -> Kind | None:
    return _kinds.get(name)


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def render(name: str, params: dict) -> str:
    kind = _kinds.get(name)
    if kind is None:
        return name
    try:
        return kind.text(params)
    except KeyError:  # params of an older shape: say at least what kind of news it is
        return str(kind.label)


PARTY_INVITED = "party_invited"
RESIGN_NEEDED = "resign_needed"
CASE_NOTIFIED = "case_notified"
DEADLINE_SOON = "deadline_soon"
DEADLINE_OVERDUE = "deadline_overdue"
CASE_DECIDED = "case_decided"
SANCTION_DECIDED = "sanction_decided"
SANCTION_IN_FORCE = "sanction_in_force"
AUDIT_ASSIGNED = "audit_assigned"
CHANGES_REQUESTED = "changes_requested"
RENEWAL_OPEN = "renewal_open"
CERTIFICATE_EXPIRED = "certificate_expired"
REPORT_FILED = "report_filed"
REPORT_REPLY = "report_reply"
REPORT_RETENTION = "report_retention_warning"
FOLLOWED = "followed_change"


def _translated(p: dict, *names: str) -> dict:
    """Labels are stored in English (subscriber.english) and shown in the reader's language."""
    return {**p, **{n: _(p[n]) for n in names if p.get(n)}}


def _deadline(p: dict) -> str:
    if p.get("what") == "objection":
        return _("The objection window against sanction %(decree)s closes on %(due)s.", **p)
    return _("The answer of %(organisation)s to the case on %(action)s is due on %(due)s.", **p)


def _overdue(p: dict) -> str:
    return _("The answer of %(organisation)s to the case on %(action)s was due on %(due)s and is overdue.", **p)


def _followed(p: dict) -> str:
    change = p.get("change")
    if change == "signed":
        return _("%(organisation)s signed %(action)s.", **p)
    if change == "sanctioned":
        return _("%(organisation)s was sanctioned: %(sanction)s (%(action)s).", **_translated(p, "sanction"))
    if change == "certified":
        return _("%(organisation)s was certified: %(scheme)s, certificate %(number)s.", **p)
    if change == "sanction_expired":
        return _("Sanction %(decree)s (%(sanction)s) against %(organisation)s has ended.", **_translated(p, "sanction"))
    if change == "expired":
        return _("Certificate %(number)s of %(organisation)s expired.", **p)
    return _("%(organisation)s changed.", **p)


register(PARTY_INVITED, _l("Invited to sign"),
         lambda p: _("%(organisation)s was invited to sign %(action)s.", **p))
register(RESIGN_NEEDED, _l("A new version to re-sign"),
         lambda p: _("%(action)s has a new version (%(version)s): %(organisation)s signed an earlier one and "
                     "should sign this one.", **p))
register(CASE_NOTIFIED, _l("A case notified to your organisation"),
         lambda p: _("A violation case on %(action)s was notified to %(organisation)s; answer by %(due)s.", **p))
register(DEADLINE_SOON, _l("A deadline in 3 days"), _deadline)
register(DEADLINE_OVERDUE, _l("A deadline passed"), _overdue)
register(CASE_DECIDED, _l("A decision on a case"),
         lambda p: _("The case against %(organisation)s on %(action)s was decided: %(decision)s.",
                     **_translated(p, "decision")))
register(SANCTION_DECIDED, _l("A sanction against your organisation"),
         lambda p: _("Sanction %(decree)s (%(sanction)s) was decided against %(organisation)s; an objection may "
                     "be filed until %(due)s.", **_translated(p, "sanction")))
register(SANCTION_IN_FORCE, _l("A sanction in force"),
         lambda p: _("Sanction %(decree)s (%(sanction)s) against %(organisation)s is in force from %(due)s.",
                     **_translated(p, "sanction")))
register(AUDIT_ASSIGNED, _l("An audit assigned to you"),
         lambda p: _("You were assigned to audit the application of %(organisation)s (%(scheme)s).", **p))
register(CHANGES_REQUESTED, _l("Changes requested on an application"),
         lambda p: _("The auditor asks %(organisation)s for changes to its application (%(scheme)s) by %(due)s.",
                     **p))
register(RENEWAL_OPEN, _l("A certificate's renewal window opens"),
         lambda p: _("Certificate %(number)s of %(organisation)s expires on %(expires)s: renewal is open from "
                     "%(due)s.", **p))
register(CERTIFICATE_EXPIRED, _l("A certificate expired"),
         lambda p: _("Certificate %(number)s of %(organisation)s expired on %(due)s.", **p))
register(REPORT_FILED, _l("A new anonymous report"), lambda p: _("A new anonymous report was filed."))
register(REPORT_REPLY, _l("A reporter's reply"), lambda p: _("A reporter replied to an anonymous report."))
register(REPORT_RETENTION, _l("A report's content is about to be deleted"),
         lambda p: _("The content of a closed anonymous report will be deleted soon (retention period)."))
register(FOLLOWED, _l("News of what you follow"), _followed)
