"""What a tenant tells people by e-mail (through accounts.notices, the platform's one mailer)."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from ..accounts import notices as mail
from ..accounts import queries as account_queries
from .roles import LABELS


def invitation(invitation) -> None:
    """Tell the address about the offer, in the language of its account if it has one, else the tenant's."""
    account = account_queries.user_by_email(invitation.email)
    locale = (account.locale if account is not None else None) or invitation.tenant.default_locale
    link = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/"
    with force_locale(locale):
        inviter = invitation.invited_by.name if invitation.invited_by is not None else _("An administrator")
        roles = ", ".join(str(LABELS[role]) for role in invitation.role_list)
        mail.send(invitation.email, _("Invitation to join %(tenant)s", tenant=invitation.tenant.name), _(
            "%(inviter)s invites you to join %(tenant)s on PactPlatform as: %(roles)s.\n\n"
            "Log in (or create an account with this address and confirm it) to accept or decline the "
            "invitation on your home page:\n\n%(link)s\n\nNothing changes until you accept.",
            inviter=inviter, tenant=invitation.tenant.name, roles=roles, link=link,
        ))
