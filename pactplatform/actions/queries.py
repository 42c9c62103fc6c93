from sqlalchemy import false, func, or_, select, true
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..orgs.models import Organisation, Representative
from ..tenancy import scoping
from ..web import keyset
from ..tenancy.models import Membership, Tenant
from ..tenancy import roles as tenant_roles
from . import policies
from .models import DRAFT, CollectiveAction, DocumentVersion, GateJustification, MonitorAssignment, Party, Signature

PUBLIC = {"all_tenants": True}  # public pages read published (non-draft) actions of every tenant


def _visible_to(viewer, roles: frozenset[str]):
    """Which of the tenant's actions a member sees. Admins and officers run them all; representatives
    and auditors see the published ones and those their organisations take part in; a monitor sees
    only the actions assigned to them (a monitor of another pact sees nothing of it)."""
    if roles & {tenant_roles.ADMIN, tenant_roles.OFFICER}:
        return true()
    seen = []
    if roles & {tenant_roles.REPRESENTATIVE, tenant_roles.AUDITOR}:
        seen.append(CollectiveAction.status != DRAFT)
    if tenant_roles.REPRESENTATIVE in roles:
        seen.append(CollectiveAction.id.in_(
            select(Party.action_id).join(Representative, Representative.organisation_id == Party.organisation_id)
            .where(Representative.user_id == viewer.id)))
    if tenant_roles.MONITOR in roles:
        seen.append(CollectiveAction.id.in_(
            select(MonitorAssignment.action_id).where(MonitorAssignment.user_id == viewer.id)))
    return or_(*seen) if seen else false()


def tenant_actions(viewer, roles: frozenset[str]) -> list[CollectiveAction]:
    return list(db.session.scalars(
        select(CollectiveAction).where(_visible_to(viewer, roles)).order_by(CollectiveAction.created_at.desc())))


def tenant_action(action_id: int, viewer, roles: frozenset[str]) -> CollectiveAction | None:
    return db.session.scalar(
        select(CollectiveAction).where(CollectiveAction.id == action_id, _visible_to(viewer, roles)))


def public_action(action_id: int) -> CollectiveAction | None:
    """A published action; the rest of the request then reads within its tenant, as a tenant page would."""
    action = db.session.scalar(
        select(CollectiveAction)
        .where(CollectiveAction.id == action_id, CollectiveAction.status != DRAFT)
        # The page and its JSON twin name every party and check each version's signers: loaded here in a
        # fixed number of queries, not one per party or per version.
        .options(selectinload(CollectiveAction.parties).selectinload(Party.organisation),
                 selectinload(CollectiveAction.versions).selectinload(DocumentVersion.signatures))
        .execution_options(**PUBLIC)
    )
    if action is not None:
        scoping.set_request_tenant(action.tenant_id)
    return action


# The registry's text index answers ?q= (title, tender code); it sits above actions and registers itself here.
_text_search = []


def provide_text_search(search) -> None:
    """search(query) -> ids of published actions matching the query, best first (at most a few hundred)."""
    _text_search[:] = [search]


PUBLIC_NEWEST = keyset.Sort((CollectiveAction.id,), descending=True)


def public_actions_page(kind: str | None = None, status: str | None = None, q: str = "", after: str | None = None,
                        per_page: int = 20) -> tuple[list[CollectiveAction], str | None]:
    """The public register of actions, newest first, by keyset (raises keyset.BadCursor for a foreign cursor)."""
    query = select(CollectiveAction).where(CollectiveAction.status != DRAFT).execution_options(**PUBLIC)
    if kind:
        query = query.where(CollectiveAction.kind == kind)
    if status:
        query = query.where(CollectiveAction.status == status)
    if q.strip() and _text_search:
        query = query.where(CollectiveAction.id.in_(_text_search[0](q)))
    return keyset.page(db.session, query, PUBLIC_NEWEST, lambda a: [a.id], after, (int,), per_page)


def all_public_actions(kind: str | None = None, status: str | None = None, q: str = "", batch: int = 500):
    """Every action of the filter, newest first, a keyset batch at a time (a download streams them)."""
    after = None
    while True:
        rows, after = public_actions_page(kind, status, q, after, batch)
        yield rows
        if after is None:
            return


def tenants_by_id(tenant_ids) -> dict[int, Tenant]:
    """The tenants a page of rows names, in one query."""
    ids = set(tenant_ids)
    return {t.id: t for t in db.session.scalars(select(Tenant).where(Tenant.id.in_(ids)))} if ids else {}


def tenant_of(action: CollectiveAction) -> Tenant:
    return db.session.get(Tenant, action.tenant_id)


def public_signature(signature_id: int) -> Signature | None:
    signature = db.session.scalar(select(Signature).where(Signature.id == signature_id).execution_options(**PUBLIC))
    if signature is None or signature.action.status == DRAFT:
        return None
    scoping.set_request_tenant(signature.tenant_id)
    return signature


PASSPORT_SIGNATURES = 100


def signatures_of_organisation(organisation_id: int, limit: int = PASSPORT_SIGNATURES) -> list[Signature]:
    """The latest actions an organisation signed or endorsed, across tenants (published data only), with
    their action and version loaded at once: a firm with 10,000 signatures shows its latest `limit` (the
    rest through /api/v1/organisations/<id> and the action pages)."""
    return list(db.session.scalars(
        select(Signature)
        .join(CollectiveAction, Signature.action_id == CollectiveAction.id)
        .where(Signature.organisation_id == organisation_id, CollectiveAction.status != DRAFT)
        .order_by(Signature.signed_at.desc(), Signature.id.desc()).limit(limit)
        .options(selectinload(Signature.action), selectinload(Signature.version))
        .execution_options(**PUBLIC)
    ))


def my_parties(user, action: CollectiveAction) -> list[Party]:
    """The parties of this action the user may sign for (they represent the organisation)."""
    represented = set(db.session.scalars(select(Representative.organisation_id).where(Representative.user_id == user.id)))
    return [p for p in action.parties if p.organisation_id in represented]


def my_organisations(user) -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).join(Representative).where(Representative.user_id == user.id).order_by(Organisation.name)))


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def members_with_role(role: str):
    from ..accounts.models import User

    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id).where(Membership.role == role).order_by(User.name)))


def signatures_of_organisation_id(organisation) -> list[Signature]:
    return signatures_of_organisation(organisation.id)


def signatory_counts(action_ids: list[int], public: bool = False) -> dict[int, int]:
    """How many organisations stand behind each action: those with a signature not withdrawn (on any version).
    One query for a whole page of actions."""
    if not action_ids:
        return {}
    query = (select(Signature.action_id, func.count(func.distinct(Signature.organisation_id)))
             .where(Signature.action_id.in_(action_ids), Signature.in_effect)
             .group_by(Signature.action_id))
    if public:
        query = query.execution_options(**PUBLIC)
    return dict(db.session.execute(query).all())


# Which version is in force ------------------------------------------------------------------------

def _active_signers(version: DocumentVersion) -> set[int]:
    return {s.party_id for s in version.signatures if s.in_effect}


def version_in_force(action: CollectiveAction) -> DocumentVersion | None:
    """The latest version that binds, by the kind's rule: signed by every party (a pact, a declaration), or
    by at least one signatory whose signature is not withdrawn (an initiative, a coalition)."""
    required = {p.id for p in action.parties}
    for version in reversed(action.versions):
        signed = _active_signers(version)
        if action.policy.in_force_rule == policies.EVERY_PARTY:
            if required and required <= signed:
                return version
        elif signed:
            return version
    return None


def pending_amendment(action: CollectiveAction) -> DocumentVersion | None:
    """A newer version than the one in force, not yet signed as the rule needs: shown beside it, never instead."""
    in_force = version_in_force(action)
    current = action.current_version
    if in_force is None or current is None or current.number <= in_force.number:
        return None
    return current


def published_version(action: CollectiveAction) -> DocumentVersion:
    """What the public page and the public PDF show: the version in force, or, while nothing is in force
    yet, the version being signed."""
    return version_in_force(action) or action.current_version


def justified_keys(action: CollectiveAction, organisation_ids: list[int]) -> dict[int, set[str]]:
    """The gate outcomes an officer has justified, per organisation (actions/gates.py)."""
    keys: dict[int, set[str]] = {}
    rows = db.session.scalars(select(GateJustification).where(
        GateJustification.action_id == action.id, GateJustification.organisation_id.in_(organisation_ids)))
    for justification in rows:
        keys.setdefault(justification.organisation_id, set()).update(justification.keys)
    return keys


def party_candidates(action: CollectiveAction) -> list[Organisation]:
    """Organisations that could still be made a party: not yet one in any role."""
    taken = {p.organisation_id for p in action.parties}
    return [o for o in organisations() if o.id not in taken]
