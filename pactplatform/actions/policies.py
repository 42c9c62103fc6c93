"""One policy object per kind of collective action: the rest of the code asks the policy, never the kind.

The four kinds run from soft to hard commitment (DESIGN.md §1). A policy answers: which party roles
exist and who signs for them, who may be a party (how many of a role, which roles one organisation
cannot hold together), whether a monitor is required, whether violations and sanctions apply and what
a sanction in force means for signing, whether certification follows, whether the action is
open-ended, which lists its document is drawn from, which version is in force, and what it can be
upgraded into (and how its lists carry over).
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .gates import REFUSE, WARN

DECLARATION = "declaration"
PRINCIPLE_INITIATIVE = "principle_initiative"
INTEGRITY_PACT = "integrity_pact"
CERTIFIED_COALITION = "certified_coalition"

# Party roles
PARTICIPANT = "participant"
ENDORSER = "endorser"
PROCURING_ENTITY = "procuring_entity"
BIDDER = "bidder"
SUBCONTRACTOR = "subcontractor"
MEMBER = "member"

PARTY_ROLE_LABELS = {
    PARTICIPANT: _l("Party"),
    ENDORSER: _l("Endorser"),
    PROCURING_ENTITY: _l("Procuring entity"),
    BIDDER: _l("Bidder"),
    SUBCONTRACTOR: _l("Subcontractor"),
    MEMBER: _l("Member"),
}

SECTION_LABELS = {
    "acceptable": _l("Acceptable conduct"),
    "unacceptable": _l("Unacceptable conduct"),
    "risks": _l("Past problems and foreseeable risks"),
    "principles": _l("Principles"),
    "demands": _l("Demands to government"),
    "obligations_procuring_entity": _l("Obligations of the procuring entity"),
    "obligations_bidder": _l("Obligations of each bidder"),
    "obligations_subcontractor": _l("Obligations of each subcontractor"),
    "sanctions": _l("Sanctions agreed in advance"),
    "charter": _l("Charter commitments"),
}


# Which document version is in force (the one public pages and the public PDF show).
EVERY_PARTY = "every_party"  # the latest version signed by every party: a change is an amendment until all re-sign
ANY_SIGNATORY = "any_signatory"  # the latest version with at least one signature not withdrawn


@dataclass(frozen=True)
class KindPolicy:
    kind: str
    label: object
    description: object
    party_roles: tuple[str, ...]
    # Party roles whose organisations join by themselves (endorse, join), not invited by an officer.
    self_joining_roles: tuple[str, ...]
    sections: tuple[str, ...]
    requires_monitor: bool
    violations_allowed: bool
    sanctions_allowed: bool
    certification: bool
    open_ended: bool
    has_tender: bool
    withdrawable: bool
    upgrade_to: str | None
    sign_verb: object
    # Who may be a party: at most this many parties per role (roles not named are unlimited)…
    role_limits: tuple[tuple[str, int], ...] = ()
    # …and pairs of roles one organisation cannot hold in the same action.
    conflicting_roles: tuple[tuple[str, str], ...] = ()
    # What a debarment or blacklisting in force means when the organisation signs or joins (gates level).
    sanction_bar: str = REFUSE
    in_force_rule: str = EVERY_PARTY
    # On upgrade, the lists of this action that become lists of the new one: (from section, to section).
    upgrade_sections: tuple[tuple[str, str], ...] = ()
    # Whether coordinators may set shared goals with indicators and progress (pactplatform/progress).
    goals: bool = True
    # What a signature on it says of the signer for its stage (progress/stage.py): an anti-corruption
    # declaration or policy adopted for its own house, and/or membership of a collective action.
    declares_policy: bool = False
    collective: bool = False

    @property
    def self_joining(self) -> bool:
        return bool(self.self_joining_roles)

    def tenant_role_to_sign(self, party_role: str) -> str:
        """The tenant role a signer needs: officers sign for the procuring entity, representatives for the rest."""
        return "officer" if party_role == PROCURING_ENTITY else "representative"

    def role_limit(self, role: str) -> int | None:
        return dict(self.role_limits).get(role)

    def roles_conflict(self, first: str, second: str) -> bool:
        return (first, second) in self.conflicting_roles or (second, first) in self.conflicting_roles


POLICIES: dict[str, KindPolicy] = {
    DECLARATION: KindPolicy(
        kind=DECLARATION,
        label=_l("Anti-corruption declaration"),
        description=_l("One project, tender or recruitment: the parties draw the line between acceptable and unacceptable conduct and sign it publicly. Nobody monitors it."),
        party_roles=(PARTICIPANT,),
        self_joining_roles=(),
        sections=("acceptable", "unacceptable", "risks"),
        requires_monitor=False, violations_allowed=False, sanctions_allowed=False, certification=False,
        open_ended=False, has_tender=False, withdrawable=False, upgrade_to=INTEGRITY_PACT,
        sign_verb=_l("Sign"),
        # A soft, unmonitored commitment: a sanction in force is shown beside the signature, not a bar.
        sanction_bar=WARN, goals=False, declares_policy=True,
        # What the parties called unacceptable becomes what every bidder is bound not to do.
        upgrade_sections=(("unacceptable", "obligations_bidder"),),
    ),
    PRINCIPLE_INITIATIVE: KindPolicy(
        kind=PRINCIPLE_INITIATIVE,
        label=_l("Principle-based initiative"),
        description=_l("A code of conduct that organisations endorse, voicing demands to government. Open-ended; an endorsement can be withdrawn publicly."),
        party_roles=(ENDORSER,),
        self_joining_roles=(ENDORSER,),
        sections=("principles", "demands"),
        requires_monitor=False, violations_allowed=False, sanctions_allowed=False, certification=False,
        open_ended=True, has_tender=False, withdrawable=True, upgrade_to=CERTIFIED_COALITION,
        sign_verb=_l("Endorse"),
        sanction_bar=WARN, in_force_rule=ANY_SIGNATORY, declares_policy=True, collective=True,
        # The principles the endorsers stood for are what the coalition's members commit to.
        upgrade_sections=(("principles", "charter"),),
    ),
    INTEGRITY_PACT: KindPolicy(
        kind=INTEGRITY_PACT,
        label=_l("Integrity pact"),
        description=_l("Rights and obligations between the procuring entity and every bidder of one tender, watched by an independent monitor, with sanctions agreed in advance."),
        party_roles=(PROCURING_ENTITY, BIDDER, SUBCONTRACTOR),
        self_joining_roles=(),
        sections=("obligations_procuring_entity", "obligations_bidder", "obligations_subcontractor", "sanctions"),
        requires_monitor=True, violations_allowed=True, sanctions_allowed=True, certification=False,
        open_ended=False, has_tender=True, withdrawable=False, upgrade_to=None,
        sign_verb=_l("Sign"),
        role_limits=((PROCURING_ENTITY, 1),),
        # The buyer cannot bid or subcontract on its own tender, and a subcontractor is another firm than
        # every bidder (its own included): one firm in both roles could sign twice and bid against itself.
        conflicting_roles=((PROCURING_ENTITY, BIDDER), (PROCURING_ENTITY, SUBCONTRACTOR), (BIDDER, SUBCONTRACTOR)),
        # Each party's signed pact is its written anti-corruption statement (surat pernyataan pakta integritas).
        sanction_bar=REFUSE, declares_policy=True, collective=True,
    ),
    CERTIFIED_COALITION: KindPolicy(
        kind=CERTIFIED_COALITION,
        label=_l("Certified coalition"),
        description=_l("Long-term membership: organisations join by signing the charter; members are audited and certified."),
        party_roles=(MEMBER,),
        self_joining_roles=(MEMBER,),
        sections=("charter",),
        requires_monitor=False, violations_allowed=False, sanctions_allowed=False, certification=True,
        open_ended=True, has_tender=False, withdrawable=False, upgrade_to=None,
        sign_verb=_l("Join"),
        # A coalition certifies its members' integrity: a barred firm cannot join it.
        sanction_bar=REFUSE, in_force_rule=ANY_SIGNATORY, collective=True,
    ),
}

KINDS = tuple(POLICIES)


def policy_for(kind: str) -> KindPolicy:
    return POLICIES[kind]
