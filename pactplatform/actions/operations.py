"""Every write on collective actions. Each takes the tenant, the actor and the data; validates; flushes;
writes the transparency-log entry; never commits (DESIGN.md §2)."""
import base64
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..errors import Conflict, Forbidden, NotFound, OperationError
from ..extensions import db
from ..ledger.canonical import encode, iso_utc
from ..ledger.operations import append as log_event
from ..orgs.models import Organisation, Representative
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Tenant
from ..timeutil import utcnow
from . import gates, policies, text
from .models import (
    ACTIVE, CANCELLED, CLOSED, DRAFT, OPEN, ActionItem, CollectiveAction, DocumentVersion, MonitorAssignment, Party,
    Signature, Tender,
)

MANAGERS = {tenant_roles.ADMIN, tenant_roles.OFFICER}
SIGNABLE = {OPEN, ACTIVE}
TENDER_STAGES = ("planning", "selection", "contracting", "performance")

# Who may move an action from one status to the next.
TRANSITIONS = {
    (DRAFT, OPEN): MANAGERS,
    (OPEN, ACTIVE): MANAGERS,
    (ACTIVE, CLOSED): MANAGERS,
    (OPEN, CLOSED): MANAGERS,
    (DRAFT, CANCELLED): {tenant_roles.ADMIN},
    (OPEN, CANCELLED): {tenant_roles.ADMIN},
    (ACTIVE, CANCELLED): {tenant_roles.ADMIN},
}


def _require(actor: User, allowed: set[str]) -> None:
    if not allowed.intersection(tenancy_queries.roles_of(actor.id)):
        raise OperationError(_l("Your role in this tenant does not allow this."))


def _clean_sections(policy: policies.KindPolicy, sections: dict[str, list[str]]) -> dict[str, list[str]]:
    unknown = set(sections) - set(policy.sections)
    if unknown:
        raise OperationError(_l("This kind of action has no section %(name)s.", name=", ".join(sorted(unknown))))
    return {s: [line.strip() for line in sections.get(s, []) if line.strip()] for s in policy.sections}


def _clean_tender(data: dict | None) -> dict:
    if not data:
        raise OperationError(_l("An integrity pact needs its tender."), field="tender_code")
    cleaned = dict(data)
    for field in ("code", "title"):
        cleaned[field] = (cleaned.get(field) or "").strip()
        if not cleaned[field]:
            raise OperationError(_l("This field is required."), field=f"tender_{field}")
    for field in ("budget_ceiling", "owner_estimate", "year"):
        value = cleaned.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise OperationError(_l("Enter a whole positive number."), field=f"tender_{field}" if field != "year" else "tender_year")
    if cleaned["owner_estimate"] > cleaned["budget_ceiling"]:
        raise OperationError(_l("The owner's estimate cannot exceed the budget ceiling."), field="tender_owner_estimate")
    if cleaned.get("stage", "planning") not in TENDER_STAGES:
        raise OperationError(_l("Unknown tender stage."), field="tender_stage")
    entity = db.session.get(Organisation, cleaned.get("procuring_entity_id") or 0)
    if entity is None:
        raise OperationError(_l("Choose the procuring entity."), field="tender_procuring_entity_id")
    cleaned["procuring_entity"] = entity
    return cleaned


def create_action(
    tenant: Tenant, actor: User, kind: str, title: str, summary: str = "", sections: dict | None = None,
    starts_on: date | None = None, ends_on: date | None = None, tender: dict | None = None,
) -> CollectiveAction:
    _require(actor, MANAGERS)
    if kind not in policies.POLICIES:
        raise OperationError(_l("Choose one of the four kinds of action."), field="kind")
    policy = policies.policy_for(kind)
    title = (title or "").strip()
    if not title:
        raise OperationError(_l("This field is required."), field="title")
    if starts_on and ends_on and ends_on < starts_on:
        raise OperationError(_l("The end date is before the start date."), field="ends_on")
    cleaned = _clean_sections(policy, sections or {})
    tender_data = _clean_tender(tender) if policy.has_tender else None

    action = CollectiveAction(
        tenant_id=tenant.id, kind=kind, title=title, summary=(summary or "").strip(), status=DRAFT,
        starts_on=starts_on, ends_on=ends_on, created_by_id=actor.id,
    )
    db.session.add(action)
    db.session.flush()
    for section, entries in cleaned.items():
        for position, entry in enumerate(entries):
            action.items.append(ActionItem(tenant_id=tenant.id, section=section, position=position, text=entry))
    if tender_data:
        entity = tender_data["procuring_entity"]
        db.session.add(Tender(
            tenant_id=tenant.id, action=action, code=tender_data["code"], title=tender_data["title"],
            procuring_entity_id=entity.id, budget_ceiling=tender_data["budget_ceiling"],
            owner_estimate=tender_data["owner_estimate"], year=tender_data["year"],
            stage=tender_data.get("stage", "planning"),
        ))
        db.session.add(Party(tenant_id=tenant.id, action=action, organisation=entity,
                             role=policies.PROCURING_ENTITY, added_by_id=actor.id))
        tender_data = {**tender_data, "procuring_entity_name": entity.name}
    body = text.first_draft(title, action.summary, cleaned, tender_data, tenant.default_locale)
    _new_version(action, actor, body, note="")
    db.session.flush()
    return action


def _new_version(action: CollectiveAction, actor: User, body: str, note: str) -> DocumentVersion:
    number = (action.current_version.number + 1) if action.versions else 1
    version = DocumentVersion(
        tenant_id=action.tenant_id, action_id=action.id, number=number, body=body, sha256=text.sha256_of(body),
        note=note.strip(), created_by_id=actor.id,
    )
    action.versions.append(version)
    db.session.flush()
    log_event("document_version.created", version, tenant_id=action.tenant_id)
    return version


def revise_document(action: CollectiveAction, actor: User, body: str, note: str = "") -> DocumentVersion:
    """A new version of the text. The versions already signed stay as they are, with their signatures."""
    _require(actor, MANAGERS)
    if action.status not in (DRAFT, OPEN, ACTIVE):
        raise OperationError(_l("A closed or cancelled action cannot change its text."))
    body = body.replace("\r\n", "\n").strip() + "\n"
    if not body.strip():
        raise OperationError(_l("This field is required."), field="body")
    current = action.current_version
    if current is not None and current.body == body:
        raise OperationError(_l("The text is unchanged."), field="body")
    return _new_version(action, actor, body, note)


def _organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id or 0)
    if organisation is None:
        raise NotFound(_l("Unknown organisation."), field="organisation_id")
    return organisation


def add_party(action: CollectiveAction, actor: User, organisation_id: int, role: str) -> Party:
    _require(actor, MANAGERS)
    policy = action.policy
    if role not in policy.party_roles or role == policies.SUBCONTRACTOR:
        raise OperationError(_l("This role does not exist in this kind of action."), field="role")
    if action.status not in (DRAFT, OPEN):
        raise OperationError(_l("Parties can only be added before the action is active."))
    return _add_party(action, actor, _organisation(organisation_id), role)


def _add_party(action, actor, organisation, role, parent: Party | None = None, invited_from: int | None = None) -> Party:
    exists = db.session.scalar(select(Party.id).where(
        Party.action_id == action.id, Party.organisation_id == organisation.id, Party.role == role))
    if exists is not None:
        raise Conflict(_l("%(name)s already takes part in this role.", name=organisation.name), field="organisation_id")
    party = Party(tenant_id=action.tenant_id, action=action, organisation=organisation, role=role,
                  parent=parent, invited_from_action_id=invited_from, added_by_id=actor.id)
    db.session.add(party)
    db.session.flush()
    return party


def represents(user: User, organisation_id: int) -> bool:
    return db.session.scalar(select(Representative.id).where(
        Representative.user_id == user.id, Representative.organisation_id == organisation_id)) is not None


def add_subcontractor(action: CollectiveAction, actor: User, bidder: Party, organisation_id: int) -> Party:
    """A bidder names its subcontractors; they sign the pact too."""
    if policies.SUBCONTRACTOR not in action.policy.party_roles or bidder.role != policies.BIDDER:
        raise OperationError(_l("Only a bidder of an integrity pact can add subcontractors."))
    if not represents(actor, bidder.organisation_id):
        raise OperationError(_l("Only a representative of the bidder can add its subcontractors."))
    if action.status not in (DRAFT, OPEN):
        raise OperationError(_l("Parties can only be added before the action is active."))
    return _add_party(action, actor, _organisation(organisation_id), policies.SUBCONTRACTOR, parent=bidder)


def assign_monitor(action: CollectiveAction, actor: User, user_id: int) -> MonitorAssignment:
    _require(actor, {tenant_roles.ADMIN})
    if not action.policy.requires_monitor:
        raise OperationError(_l("This kind of action has no monitor."))
    if tenant_roles.MONITOR not in tenancy_queries.roles_of(user_id):
        raise OperationError(_l("Only a member with the monitor role can be assigned."), field="user_id")
    if any(m.user_id == user_id for m in action.monitors):
        raise Conflict(_l("This monitor is already assigned."), field="user_id")
    assignment = MonitorAssignment(tenant_id=action.tenant_id, action_id=action.id, user_id=user_id)
    action.monitors.append(assignment)
    db.session.flush()
    return assignment


def _check_ready(action: CollectiveAction, target: str) -> None:
    policy = action.policy
    if target == OPEN:
        if policy.requires_monitor and not action.monitors:
            raise OperationError(_l("Assign at least one independent monitor before opening the action."))
        if not policy.self_joining and not action.parties:
            raise OperationError(_l("Add the parties before opening the action."))
        if policy.has_tender and not any(p.role == policies.BIDDER for p in action.parties):
            raise OperationError(_l("Add at least one bidder before opening the pact."))
    if target == ACTIVE:
        current = action.current_version
        signed = {s.party_id for s in current.signatures if s.withdrawn_at is None}
        if policy.self_joining:
            if not signed:
                raise OperationError(_l("Nobody has signed yet."))
        else:
            waiting = [p.organisation.name for p in action.parties if p.id not in signed]
            if waiting:
                raise OperationError(_l("Still waiting for the signature of: %(names)s.", names=", ".join(waiting)))


def change_status(action: CollectiveAction, actor: User, target: str, reason: str = "") -> CollectiveAction:
    allowed = TRANSITIONS.get((action.status, target))
    if allowed is None:
        raise OperationError(_l("An action cannot go from %(old)s to %(new)s.", old=action.status, new=target))
    _require(actor, allowed)
    if target == CANCELLED and not reason.strip():
        raise OperationError(_l("Give the reason for cancelling."), field="reason")
    _check_ready(action, target)
    action.status = target
    action.status_reason = reason.strip()
    db.session.flush()
    return action


def _payload(action: CollectiveAction, version: DocumentVersion, party: Party, signer: User, moment) -> str:
    return encode({
        "action": {"id": action.id, "kind": action.kind, "tenant": action.tenant_id},
        "document": {"version": version.number, "sha256": version.sha256},
        "organisation": {"id": party.organisation_id, "name": party.organisation.name},
        "role": party.role,
        "signer": {"id": signer.id, "name": signer.name},
        "time": iso_utc(moment),
    }).decode("utf-8")


def check_can_sign(action: CollectiveAction, actor: User, party: Party) -> None:
    """Every reason a signature would be refused, before the passphrase is even asked."""
    if action.status not in SIGNABLE:
        raise OperationError(_l("This action is not open for signing."))
    if party.action_id != action.id:
        raise NotFound(_l("This party does not take part in this action."))
    if not represents(actor, party.organisation_id):
        raise Forbidden(_l("You do not represent %(name)s.", name=party.organisation.name))
    needed = action.policy.tenant_role_to_sign(party.role)
    if needed not in tenancy_queries.roles_of(actor.id):
        raise OperationError(_l("Signing for this party needs the role: %(role)s.", role=tenant_roles.LABELS[needed]))
    version = action.current_version
    if any(s.party_id == party.id for s in version.signatures):
        raise Conflict(_l("%(name)s has already signed this version.", name=party.organisation.name))
    reason = gates.refusal(action, party.organisation_id)
    if reason:
        raise OperationError(reason)


def sign(action: CollectiveAction, actor: User, party: Party, passphrase: str) -> Signature:
    """Sign the current version for a party: the passphrase unlocks the signer's key (the act of intent)."""
    from ..signing import operations as signing

    check_can_sign(action, actor, party)
    key = signing.key_for(actor)
    if key is None:
        raise OperationError(_l("Set up your signing key first."), field="passphrase")
    private_key = signing.unlock(key, passphrase)
    version = action.current_version
    moment = utcnow().replace(microsecond=0)
    payload = _payload(action, version, party, actor, moment)
    # Set through the relationships, so the action's, the party's and the version's lists see it at once.
    signature = Signature(
        tenant_id=action.tenant_id, action=action, party=party, version=version,
        organisation_id=party.organisation_id, signer=actor, role=party.role, signed_at=moment,
        payload=payload, signature=signing.sign_payload(private_key, payload.encode("utf-8")),
        certificate_pem=key.certificate_pem,
    )
    db.session.add(signature)
    db.session.flush()
    log_event("signature.created", signature, tenant_id=action.tenant_id)
    from . import pdf

    pdf.add_signature(action, version, signature, private_key)
    return signature


def join(action: CollectiveAction, actor: User, organisation_id: int, passphrase: str) -> Signature:
    """Endorse an initiative or join a coalition on behalf of one's organisation, in one act."""
    policy = action.policy
    if not policy.self_joining:
        raise OperationError(_l("Parties of this action are invited by the tenant."))
    organisation = _organisation(organisation_id)
    if not represents(actor, organisation.id):
        raise OperationError(_l("You do not represent %(name)s.", name=organisation.name), field="organisation_id")
    role = policy.self_joining_roles[0]
    party = db.session.scalar(select(Party).where(
        Party.action_id == action.id, Party.organisation_id == organisation.id, Party.role == role))
    if party is None:
        if action.status not in SIGNABLE:
            raise OperationError(_l("This action is not open for signing."))
        party = _add_party(action, actor, organisation, role)
    return sign(action, actor, party, passphrase)


def withdraw(action: CollectiveAction, actor: User, signature: Signature, reason: str) -> Signature:
    if not action.policy.withdrawable:
        raise OperationError(_l("Signatures of this kind of action cannot be withdrawn."))
    if signature.action_id != action.id:
        raise NotFound(_l("Unknown signature."))
    if not represents(actor, signature.organisation_id):
        raise OperationError(_l("You do not represent %(name)s.", name=signature.organisation.name))
    if signature.withdrawn_at is not None:
        raise Conflict(_l("This endorsement was already withdrawn."))
    if not reason.strip():
        raise OperationError(_l("Give the reason for withdrawing."), field="reason")
    signature.withdrawn_at = utcnow().replace(microsecond=0)
    signature.withdrawal_reason = reason.strip()
    db.session.flush()
    log_event("signature.withdrawn", signature, tenant_id=action.tenant_id)
    return signature


UPGRADE_ROLES = {
    policies.PARTICIPANT: policies.BIDDER,
    policies.ENDORSER: policies.MEMBER,
}


def upgrade(action: CollectiveAction, actor: User, tender: dict | None = None) -> CollectiveAction:
    """Grow a soft commitment into a hard one; the old signatories are invited to sign the new text."""
    target = action.policy.upgrade_to
    if target is None:
        raise OperationError(_l("This kind of action cannot be upgraded."))
    if action.status in (DRAFT, CANCELLED):
        raise OperationError(_l("Only an action that was opened can be upgraded."))
    tenant = db.session.get(Tenant, action.tenant_id)
    new_policy = policies.policy_for(target)
    sections = {s: action.items_in(s) for s in new_policy.sections if action.items_in(s)}
    if target == policies.INTEGRITY_PACT:
        sections["obligations_bidder"] = action.items_in("unacceptable")
    upgraded = create_action(
        tenant, actor, target, action.title, action.summary, sections=sections,
        starts_on=action.starts_on, ends_on=None if new_policy.open_ended else action.ends_on, tender=tender,
    )
    upgraded.upgraded_from_id = action.id
    signed = {s.organisation_id: s for s in action.signatures if s.withdrawn_at is None}
    for party in action.parties:
        if party.organisation_id in signed and party.role in UPGRADE_ROLES:
            role = UPGRADE_ROLES[party.role]
            if not any(p.organisation_id == party.organisation_id for p in upgraded.parties):
                _add_party(upgraded, actor, party.organisation, role, invited_from=action.id)
    db.session.flush()
    return upgraded


def signature_b64(signature: Signature) -> str:
    return base64.b64encode(signature.signature).decode("ascii")
