"""Every write on collective actions. Each takes the tenant, the actor and the data; validates; flushes;
writes the transparency-log entry; never commits (DESIGN.md §2).

Writes that read what they change (the next version number, who already signed, who is already a
party) first lock the action's row (`_lock`), so concurrent requests are serialised and a conflict
is a Conflict (409), never a duplicate key. Every path that creates a party or a signature asks the
eligibility gates (gates.py); tests/actions/test_gate_walk.py fails when a new path does not.
"""
import base64
import json
from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import events
from ..accounts.models import User
from ..errors import Conflict, Forbidden, NotFound, OperationError, Problems
from ..extensions import db
from ..ledger.canonical import encode, iso_utc
from ..ledger.operations import append as log_event
from ..orgs.models import Organisation, Representative
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Tenant
from ..timeutil import utcnow
from ..validation import DOCUMENT_MAX_LENGTH, checked_text, required_text
from . import gates, policies, queries, text
from .models import (
    ACTIVE, CANCELLED, CLOSED, DRAFT, OPEN, ActionItem, CollectiveAction, DocumentVersion, GateJustification,
    MonitorAssignment, Party, PartyRemoval, Signature, Tender,
)

# The columns' and forms' limits (models.py, forms.py): an operation called without a form refuses the same.
TITLE_MAX_LENGTH = 300
SUMMARY_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 500
REASON_MAX_LENGTH = 2000
SECTION_MAX_LENGTH = 10000

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


class Ineligible(OperationError):
    """A gate refused, or asks for an officer's justification not recorded yet; `decision` says which."""

    def __init__(self, decision: gates.Decision, field: str | None = None):
        super().__init__(LazyString(lambda: decision.message), field=field)
        self.decision = decision


def _require(actor: User, allowed: set[str]) -> None:
    if not allowed.intersection(tenancy_queries.roles_of(actor.id)):
        raise OperationError(_l("Your role in this tenant does not allow this."))


def _lock(action: CollectiveAction) -> None:
    """Take the action's write lock, then forget what the session read before it.

    PostgreSQL: SELECT … FOR UPDATE on the action's row. SQLite ignores FOR UPDATE, so a no-op UPDATE of
    the row takes the database's write lock (the driver begins the transaction at that first write, so
    nothing read earlier is kept in a stale snapshot). After the lock every object is reloaded on next
    use, so the checks that follow see what concurrent requests committed.
    """
    db.session.flush()
    table = CollectiveAction.__table__
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.execute(update(table).where(table.c.id == action.id).values(id=table.c.id))
    else:
        connection.execute(select(table.c.id).where(table.c.id == action.id).with_for_update())
    db.session.expire_all()


# Higher domains whose writes on an action must not interleave (progress updates, coordinators) take the same lock.
lock_action = _lock


def _admit(action: CollectiveAction, organisation_id: int, purpose: str, field: str | None = None) -> gates.Decision:
    """Ask the eligibility gates; refuse unless they allow (warnings pass and are returned for display)."""
    decision = gates.evaluate(action, organisation_id, purpose)
    if not decision.allowed:
        raise Ineligible(decision, field=field)
    return decision


def _clean_sections(policy: policies.KindPolicy, sections: dict[str, list[str]]) -> dict[str, list[str]]:
    unknown = set(sections) - set(policy.sections)
    if unknown:
        raise OperationError(_l("This kind of action has no section %(name)s.", name=", ".join(sorted(unknown))))
    return {s: [checked_text(line, f"section_{s}", SECTION_MAX_LENGTH, multiline=False)
                for line in sections.get(s, []) if line.strip()] for s in policy.sections}


def _clean_tender(data: dict | None, problems: Problems) -> dict:
    """The tender of a pact; every problem with it goes to `problems`, so the form shows them all at once."""
    if not data:
        problems.add(_l("An integrity pact needs its tender."), field="tender_code")
        return {}
    cleaned = dict(data)
    for field, limit in (("code", 64), ("title", 300)):
        try:
            cleaned[field] = required_text(cleaned.get(field), f"tender_{field}", limit, multiline=False)
        except OperationError as error:
            problems.items.extend(error.field_errors)
    numbers_ok = True
    for field in ("budget_ceiling", "owner_estimate", "year"):
        value = cleaned.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            problems.add(_l("Enter a whole positive number."), field=f"tender_{field}")
            numbers_ok = False
    if numbers_ok and cleaned["owner_estimate"] > cleaned["budget_ceiling"]:
        problems.add(_l("The owner's estimate cannot exceed the budget ceiling."), field="tender_owner_estimate")
    if cleaned.get("stage", "planning") not in TENDER_STAGES:
        problems.add(_l("Unknown tender stage."), field="tender_stage")
    entity = db.session.get(Organisation, cleaned.get("procuring_entity_id") or 0)
    if entity is None:
        problems.add(_l("Choose the procuring entity."), field="tender_procuring_entity_id")
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
    problems = Problems()
    try:
        title = required_text(title, "title", TITLE_MAX_LENGTH, multiline=False)
    except OperationError as error:
        problems.items.extend(error.field_errors)
    try:
        summary = checked_text(summary, "summary", SUMMARY_MAX_LENGTH)
    except OperationError as error:
        problems.items.extend(error.field_errors)
    if starts_on and ends_on and ends_on < starts_on:
        problems.add(_l("The end date is before the start date."), field="ends_on")
    cleaned = _clean_sections(policy, sections or {})
    tender_data = _clean_tender(tender, problems) if policy.has_tender else None
    problems.raise_any()

    action = CollectiveAction(
        tenant_id=tenant.id, kind=kind, title=title, summary=summary, status=DRAFT,
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
        _add_party(action, actor, entity, policies.PROCURING_ENTITY, field="tender_procuring_entity_id")
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


def revise_document(action: CollectiveAction, actor: User, body: str, note: str = "",
                    base_version: int | None = None) -> DocumentVersion:
    """A new version of the text. The versions already signed stay as they are, with their signatures; on an
    action whose text is in force the new version is an amendment, pending until the parties sign it
    (queries.pending_amendment). `base_version` is the version the editor started from: if another version
    was saved meanwhile, the edit is a conflict rather than silently overwriting it."""
    _require(actor, MANAGERS)
    if action.status not in (DRAFT, OPEN, ACTIVE):
        raise OperationError(_l("A closed or cancelled action cannot change its text."))
    body = required_text((body or "").replace("\r\n", "\n"), "body", DOCUMENT_MAX_LENGTH) + "\n"
    note = checked_text(note, "note", NOTE_MAX_LENGTH, multiline=False)
    _lock(action)
    current = action.current_version
    if base_version is not None and current is not None and current.number != base_version:
        raise Conflict(_l("Version %(number)s was saved while you were editing version %(base)s. Read it, then "
                          "make your change again.", number=current.number, base=base_version), field="body")
    if current is not None and current.body == body:
        raise OperationError(_l("The text is unchanged."), field="body")
    return _new_version(action, actor, body, note)


def _organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id or 0)
    if organisation is None:
        raise NotFound(_l("Unknown organisation."), field="organisation_id")
    return organisation


def add_party(action: CollectiveAction, actor: User, organisation_id: int, role: str) -> Party:
    """An officer makes an organisation a party. The returned party's `admission` holds the gates' warnings."""
    _require(actor, MANAGERS)
    policy = action.policy
    if role not in policy.party_roles or role == policies.SUBCONTRACTOR:
        raise OperationError(_l("This role does not exist in this kind of action."), field="role")
    if action.status not in (DRAFT, OPEN):
        raise OperationError(_l("Parties can only be added before the action is active."))
    return _add_party(action, actor, _organisation(organisation_id), role)


def _role_label(role: str) -> str:
    return str(policies.PARTY_ROLE_LABELS[role])


def _check_party_rules(action: CollectiveAction, organisation: Organisation, role: str, parent: Party | None,
                       field: str) -> None:
    """Who may be a party (the kind's policy): one organisation once per role and never in two roles that
    conflict, no more parties in a role than the policy allows, a subcontractor other than its bidder."""
    policy = action.policy
    if parent is not None and parent.organisation_id == organisation.id:
        raise Conflict(_l("A subcontractor must be another organisation than the bidder it works for."), field=field)
    for other in action.parties:
        if other.organisation_id != organisation.id:
            continue
        if other.role == role:
            raise Conflict(_l("%(name)s already takes part in this role.", name=organisation.name), field=field)
        if policy.roles_conflict(other.role, role):
            raise Conflict(_l("%(name)s already takes part as %(role)s, which cannot be combined with %(new_role)s.",
                              name=organisation.name, role=_role_label(other.role), new_role=_role_label(role)),
                           field=field)
    limit = policy.role_limit(role)
    holders = [p.organisation.name for p in action.parties if p.role == role]
    if limit is not None and len(holders) >= limit:
        raise Conflict(_l("Only %(count)d party can hold the role %(role)s, and %(names)s already does.",
                          count=limit, role=_role_label(role), names=", ".join(holders)), field=field)


def _add_party(action, actor, organisation, role, parent: Party | None = None, invited_from: int | None = None,
               purpose: str | None = gates.ADD_PARTY, field: str = "organisation_id") -> Party:
    """The one place a Party row is made. purpose=None only where the caller has just asked the gates
    for this very act (join asks them for JOIN)."""
    parent_id = parent.id if parent is not None else None
    _lock(action)
    parent = db.session.get(Party, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        raise Conflict(_l("This party was removed meanwhile."))
    _check_party_rules(action, organisation, role, parent, field)
    admission = _admit(action, organisation.id, purpose, field=field) if purpose else None
    party = Party(tenant_id=action.tenant_id, action=action, organisation=organisation, role=role,
                  parent=parent, invited_from_action_id=invited_from, added_by_id=actor.id)
    db.session.add(party)
    db.session.flush()
    party.admission = admission
    # Not a log entry (the signature is): the organisation's representatives are told they are invited to sign.
    events.publish("party.added", party, action.tenant_id)
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


def may_remove(action: CollectiveAction, actor: User, party: Party) -> bool:
    """Managers remove any party; a bidder's representative removes its own subcontractors."""
    if MANAGERS.intersection(tenancy_queries.roles_of(actor.id)):
        return True
    return party.parent is not None and represents(actor, party.parent.organisation_id)


def remove_party(action: CollectiveAction, actor: User, party_id: int, reason: str) -> PartyRemoval:
    """Remove a party that has not signed, with the reason, logged. A party that signed stays: it can only
    withdraw, where the kind allows withdrawal."""
    party = db.session.get(Party, party_id or 0)
    if party is None or party.action_id != action.id:
        raise NotFound(_l("This party does not take part in this action."))
    if not may_remove(action, actor, party):
        raise OperationError(_l("Your role in this tenant does not allow this."))
    if action.status not in (DRAFT, OPEN, ACTIVE):
        raise OperationError(_l("A closed or cancelled action keeps its parties."))
    reason = required_text(reason, "reason", limit=2000)
    _lock(action)
    party = db.session.scalar(select(Party).where(Party.id == party_id))
    if party is None:
        raise Conflict(_l("This party was removed meanwhile."))
    name = party.organisation.name
    if party.signatures:
        if action.policy.withdrawable:
            raise Conflict(_l("%(name)s has signed: it cannot be removed, but it can withdraw its signature publicly.",
                              name=name))
        raise Conflict(_l("%(name)s has signed: a party that signed cannot be removed.", name=name))
    tender = action.tender
    if tender is not None and party.role == policies.PROCURING_ENTITY and tender.procuring_entity_id == party.organisation_id:
        raise Conflict(_l("%(name)s is the tender's procuring entity and stays a party of its pact.", name=name))
    dependants = [p.organisation.name for p in action.parties if p.parent_party_id == party.id]
    if dependants:
        raise Conflict(_l("Remove the subcontractors of %(name)s first: %(names)s.", name=name,
                          names=", ".join(dependants)))
    removal = PartyRemoval(
        tenant_id=action.tenant_id, action_id=action.id, organisation_id=party.organisation_id, role=party.role,
        parent_organisation_id=party.parent.organisation_id if party.parent else None,
        added_by_id=party.added_by_id, added_at=party.added_at, removed_by_id=actor.id,
        removed_at=utcnow().replace(microsecond=0), reason=reason,
    )
    db.session.add(removal)
    db.session.delete(party)
    db.session.flush()
    log_event("party.removed", removal, tenant_id=action.tenant_id)
    db.session.expire(action, ["parties", "removals"])
    return removal


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
        signed = {s.party_id for s in current.signatures if s.in_effect}
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
    reason = checked_text(reason, "reason", REASON_MAX_LENGTH)
    if target == CANCELLED and not reason:
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


def _check_signable(action: CollectiveAction, actor: User, party: Party) -> None:
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


def check_can_sign(action: CollectiveAction, actor: User, party: Party, purpose: str = gates.SIGN) -> gates.Decision:
    """Every reason a signature would be refused, before the passphrase is even asked; returns the gates'
    decision (its warnings are shown on the sign page)."""
    _check_signable(action, actor, party)
    return _admit(action, party.organisation_id, purpose)


def _unlock(actor: User, passphrase: str):
    from ..signing import operations as signing

    key = signing.key_for(actor)
    if key is None:
        raise OperationError(_l("Set up your signing key first."), field="passphrase")
    return key, signing.unlock(key, passphrase)


def sign(action: CollectiveAction, actor: User, party: Party, passphrase: str, version_number: int | None = None,
         purpose: str = gates.SIGN) -> Signature:
    """Sign the current version for a party: the passphrase unlocks the signer's key (the act of intent).
    `version_number` is the version the signer read; if another was saved meanwhile, nothing is signed."""
    check_can_sign(action, actor, party, purpose)
    key, private_key = _unlock(actor, passphrase)
    party_id = party.id
    _lock(action)
    party = db.session.get(Party, party_id)
    if party is None:
        raise Conflict(_l("This party was removed meanwhile."))
    # Again under the lock: a concurrent request may have signed for the party in the meantime.
    _check_signable(action, actor, party)
    return _sign(action, actor, party, key, private_key, version_number)


def _sign(action, actor, party, key, private_key, version_number: int | None) -> Signature:
    """The one place a Signature row is made; the caller has asked the gates and holds the action's lock."""
    from ..signing import operations as signing

    version = action.current_version
    if version_number is not None and version.number != version_number:
        raise Conflict(_l("The text changed while you were reading it: version %(number)s is now the one to sign. "
                          "Nothing was signed; read it and sign again.", number=version.number))
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


def join(action: CollectiveAction, actor: User, organisation_id: int, passphrase: str,
         version_number: int | None = None) -> Signature:
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
    if party is not None:
        return sign(action, actor, party, passphrase, version_number, purpose=gates.JOIN)
    if action.status not in SIGNABLE:
        raise OperationError(_l("This action is not open for signing."))
    _admit(action, organisation.id, gates.JOIN, field="organisation_id")
    key, private_key = _unlock(actor, passphrase)
    party = _add_party(action, actor, organisation, role, purpose=None)
    _check_signable(action, actor, party)
    return _sign(action, actor, party, key, private_key, version_number)


def withdraw(action: CollectiveAction, actor: User, signature: Signature, reason: str) -> Signature:
    if not action.policy.withdrawable:
        raise OperationError(_l("Signatures of this kind of action cannot be withdrawn."))
    if signature.action_id != action.id:
        raise NotFound(_l("Unknown signature."))
    if not represents(actor, signature.organisation_id):
        raise OperationError(_l("You do not represent %(name)s.", name=signature.organisation.name))
    reason = checked_text(reason, "reason", REASON_MAX_LENGTH)
    if not reason:
        raise OperationError(_l("Give the reason for withdrawing."), field="reason")
    signature_id = signature.id
    _lock(action)
    signature = db.session.get(Signature, signature_id)
    if not signature.in_effect:
        raise Conflict(_l("This endorsement was already withdrawn."))
    # An organisation withdraws its endorsement of the action, not of one version: its signatures of earlier
    # versions would otherwise keep counting it and keep an old version in force.
    standing = db.session.scalars(select(Signature).where(
        Signature.action_id == action.id, Signature.organisation_id == signature.organisation_id,
        Signature.in_effect).order_by(Signature.id)).all()
    withdrawn_at = utcnow().replace(microsecond=0)
    for each in standing:
        each.withdrawn_at, each.withdrawal_reason = withdrawn_at, reason.strip()
    db.session.flush()
    for each in standing:
        log_event("signature.withdrawn", each, tenant_id=action.tenant_id)
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
    # What the signatories stood for is the text they signed (the version in force), edits after the first
    # draft included; the lists entered at creation only fill in a section the text no longer heads.
    signed_text = text.entries_by_section(queries.published_version(action).body, action.policy.sections,
                                          tenant.default_locale)

    def entries(section: str) -> list[str]:
        return signed_text.get(section, action.items_in(section))

    # Lists of the same name carry over; the policy maps the others (an initiative's principles become the
    # coalition's charter).
    sections = {s: entries(s) for s in new_policy.sections if entries(s)}
    for source, destination in action.policy.upgrade_sections:
        if entries(source):
            sections[destination] = sections.get(destination, []) + entries(source)
    upgraded = create_action(
        tenant, actor, target, action.title, action.summary, sections=sections,
        starts_on=action.starts_on, ends_on=None if new_policy.open_ended else action.ends_on, tender=tender,
    )
    upgraded.upgraded_from_id = action.id
    signed = {s.organisation_id for s in action.signatures if s.in_effect}
    invitees = [(p.organisation, UPGRADE_ROLES[p.role]) for p in action.parties
                if p.organisation_id in signed and p.role in UPGRADE_ROLES]
    for organisation, role in invitees:
        if not any(p.organisation_id == organisation.id for p in upgraded.parties):
            _add_party(upgraded, actor, organisation, role, invited_from=action.id)
    db.session.flush()
    return upgraded


def next_purpose(action: CollectiveAction, organisation_id: int) -> str:
    """What the organisation would do next here: sign as a party, join by itself, or be added."""
    if any(p.organisation_id == organisation_id for p in action.parties):
        return gates.SIGN
    return gates.JOIN if action.policy.self_joining else gates.ADD_PARTY


def _justification_payload(action, organisation, covered: list[dict], justification: str, officer, moment) -> str:
    return encode({
        "justification": {
            "action": {"id": action.id, "kind": action.kind, "tenant": action.tenant_id},
            "organisation": {"id": organisation.id, "name": organisation.name},
            "covers": covered,
            "text": justification,
            "officer": {"id": officer.id, "name": officer.name},
            "time": iso_utc(moment),
        },
    }).decode("utf-8")


def record_justification(action: CollectiveAction, actor: User, organisation_id: int, justification: str,
                         passphrase: str) -> GateJustification:
    """An officer's justification for letting an organisation take part although a gate requires one: it
    covers the requirements pending now, is signed with the officer's key and logged. A refusal cannot be
    justified."""
    _require(actor, MANAGERS)
    if action.status not in (DRAFT, OPEN, ACTIVE):
        raise OperationError(_l("A closed or cancelled action needs no justification."))
    organisation = _organisation(organisation_id)
    justification = required_text(justification, "text", limit=2000)
    decision = gates.evaluate(action, organisation.id, next_purpose(action, organisation.id))
    if decision.refusals:
        raise Conflict(_l("A refusal cannot be justified: %(reasons)s",
                          reasons=" ".join(str(o.reason) for o in decision.refusals)), field="organisation_id")
    pending = decision.pending
    if not pending:
        raise Conflict(_l("Nothing about %(name)s needs a justification here.", name=organisation.name),
                       field="organisation_id")
    key, private_key = _unlock(actor, passphrase)
    from ..signing import operations as signing

    moment = utcnow().replace(microsecond=0)
    covered = [{"key": o.key, "gate": o.gate, "reason": str(o.reason)} for o in pending]
    payload = _justification_payload(action, organisation, covered, justification, actor, moment)
    record = GateJustification(
        tenant_id=action.tenant_id, action_id=action.id, organisation_id=organisation.id,
        covers=json.dumps(covered, sort_keys=True, ensure_ascii=False), text=justification, officer_id=actor.id,
        recorded_at=moment, payload=payload, signature=signing.sign_payload(private_key, payload.encode("utf-8")),
        certificate_pem=key.certificate_pem,
    )
    db.session.add(record)
    db.session.flush()
    log_event("gate_justification.recorded", record, tenant_id=action.tenant_id)
    db.session.expire(action, ["justifications"])
    return record


def check_justification(record: GateJustification) -> dict:
    """Re-check a recorded justification from its public parts, as an outsider would."""
    from ..signing import operations as signing

    payload = json.loads(record.payload)["justification"]
    checks = {
        "signature_valid": signing.verify_payload(record.certificate_pem, record.payload.encode("utf-8"),
                                                  record.signature),
        "certificate_trusted": signing.verify_chain(record.certificate_pem),
        "payload_matches": (payload["action"]["id"] == record.action_id
                            and payload["organisation"]["id"] == record.organisation_id
                            and payload["officer"]["id"] == record.officer_id and payload["text"] == record.text
                            and sorted(c["key"] for c in payload["covers"]) == sorted(record.keys)),
    }
    checks["ok"] = all(checks.values())
    return checks


def signature_b64(signature: Signature) -> str:
    return base64.b64encode(signature.signature).decode("ascii")
