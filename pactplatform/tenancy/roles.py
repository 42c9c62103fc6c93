"""The roles a membership can carry in a tenant (DESIGN.md §1)."""
from flask_babel import lazy_gettext as _l

ADMIN = "admin"
OFFICER = "officer"
REPRESENTATIVE = "representative"
MONITOR = "monitor"
AUDITOR = "auditor"

ROLES = (ADMIN, OFFICER, REPRESENTATIVE, MONITOR, AUDITOR)

LABELS = {
    ADMIN: _l("Administrator"),
    OFFICER: _l("Procurement officer"),
    REPRESENTATIVE: _l("Organisation representative"),
    MONITOR: _l("Independent monitor"),
    AUDITOR: _l("Auditor"),
}
