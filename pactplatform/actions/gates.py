"""Eligibility: may this organisation take part in this action, for this purpose? One mechanism, asked
wherever it matters: when a party is added, when a sign or join button is drawn, and by every operation
that creates a party or a signature (tests/actions/test_gate_walk.py keeps that list complete).

Higher domains (sanctions, risk, certification…) cannot be imported by actions, so each registers a
*gate* here at start-up. Asked about (action, organisation, purpose), a gate answers outcomes, each with
a level, a translated reason and the record it rests on (its basis):

- ALLOW: nothing to say;
- WARN: shown to whoever adds, signs or joins, and beside the party, but it stops nothing;
- NEEDS_JUSTIFICATION: allowed only once an officer has recorded a justification (signed with the
  officer's key and logged: actions.models.GateJustification) naming that outcome, or once a waiver
  lifts it;
- REFUSE: not allowed, with the reason shown; nothing lifts a refusal;
- WAIVE: a benefit (e.g. a valid certificate) that lifts the justification another gate requires.

`evaluate` combines every gate's outcomes into a Decision: a refusal wins; a justification requirement
is met by a waiver or a recorded justification; warnings are kept for display.
"""
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from flask_babel import gettext as _

# Purposes: what the organisation is about to do.
ADD_PARTY = "add_party"  # an officer (or a bidder, for its subcontractors) makes it a party
SIGN = "sign"  # it signs a version of the text as a party
JOIN = "join"  # it endorses or joins by itself: a membership and a signature in one act
PURPOSES = (ADD_PARTY, SIGN, JOIN)

# Levels, weakest first.
ALLOW, WARN, NEEDS_JUSTIFICATION, REFUSE = "allow", "warn", "needs_justification", "refuse"
WAIVE = "waive"
LEVELS = (ALLOW, WARN, NEEDS_JUSTIFICATION, REFUSE, WAIVE)


@dataclass(frozen=True)
class Basis:
    """The record an outcome rests on: a ledger subject (type and id), what users call it, and
    optionally the endpoint of its page (url_for(endpoint, **dict(url_values)))."""

    type: str
    id: int
    label: str
    endpoint: str | None = None
    url_values: tuple[tuple[str, object], ...] = ()

    @property
    def url(self) -> str | None:
        if self.endpoint is None:
            return None
        from flask import url_for

        return url_for(self.endpoint, **dict(self.url_values))


@dataclass(frozen=True)
class Outcome:
    level: str
    reason: object  # a (lazy) translated message, resolved when shown
    basis: Basis | None = None
    # May the public pages show it? (A sanction in force is public; a private risk score is not.)
    public: bool = False
    # For WAIVE: the gates whose justification requirement it lifts (empty: every gate's).
    waives: frozenset[str] = frozenset()
    gate: str = ""  # filled in by the registry

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"unknown eligibility level {self.level!r}")

    @property
    def key(self) -> str:
        """What a recorded justification names: the gate and the record, so a new record needs a new one."""
        if self.basis is None:
            return self.gate
        return f"{self.gate}:{self.basis.type}:{self.basis.id}"


@dataclass(frozen=True)
class Decision:
    organisation_id: int
    purpose: str
    outcomes: tuple[Outcome, ...] = ()
    justified: frozenset[str] = frozenset()  # keys covered by a recorded justification

    def _at(self, level: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.level == level]

    @property
    def refusals(self) -> list[Outcome]:
        return self._at(REFUSE)

    @property
    def warnings(self) -> list[Outcome]:
        return self._at(WARN)

    @property
    def waivers(self) -> list[Outcome]:
        return self._at(WAIVE)

    @property
    def requirements(self) -> list[Outcome]:
        return self._at(NEEDS_JUSTIFICATION)

    def waiver_for(self, requirement: Outcome) -> Outcome | None:
        return next((w for w in self.waivers if not w.waives or requirement.gate in w.waives), None)

    @property
    def unused_waivers(self) -> list[Outcome]:
        """Waivers that lifted no requirement here: shown as what they are (e.g. a certificate's badge)."""
        used = [self.waiver_for(o) for o in self.requirements]
        return [w for w in self.waivers if not any(w is u for u in used)]

    @property
    def pending(self) -> list[Outcome]:
        """Requirements neither waived nor justified yet."""
        return [o for o in self.requirements if self.waiver_for(o) is None and o.key not in self.justified]

    @property
    def level(self) -> str:
        if self.refusals:
            return REFUSE
        if self.pending:
            return NEEDS_JUSTIFICATION
        if self.warnings:
            return WARN
        return ALLOW

    @property
    def allowed(self) -> bool:
        return self.level in (ALLOW, WARN)

    @property
    def blocking(self) -> list[Outcome]:
        return self.refusals or self.pending

    @property
    def message(self) -> str:
        """Why it is not allowed, in the current language (empty when allowed)."""
        if self.refusals:
            return " ".join(str(o.reason) for o in self.refusals)
        return " ".join(_("%(reason)s An officer's recorded justification is needed first.", reason=str(o.reason))
                        for o in self.pending)

    def public(self) -> "Decision":
        """Only what the public pages may show."""
        return replace(self, outcomes=tuple(o for o in self.outcomes if o.public))


Check = Callable[[object, int, str], "Iterable[Outcome] | Outcome | None"]
CheckMany = Callable[[object, list[int], str], "dict[int, Iterable[Outcome]]"]


@dataclass(frozen=True)
class Gate:
    name: str
    check: Check  # (action, organisation_id, purpose) -> outcomes
    # Optional: the same for many organisations in one go (a page listing every party or candidate).
    check_many: CheckMany | None = None
    purposes: tuple[str, ...] = field(default=PURPOSES)


_gates: dict[str, Gate] = {}


def register(name: str, check: Check, check_many: CheckMany | None = None,
             purposes: tuple[str, ...] = PURPOSES) -> None:
    """Add a gate (at start-up). Registering a name again replaces that gate."""
    unknown = set(purposes) - set(PURPOSES)
    if unknown:
        raise ValueError(f"unknown purposes {sorted(unknown)}")
    _gates[name] = Gate(name, check, check_many, tuple(purposes))


def unregister(name: str) -> None:
    """For tests that register a throwaway gate."""
    _gates.pop(name, None)


def registered() -> list[str]:
    return list(_gates)


def _as_list(answer) -> list[Outcome]:
    if answer is None:
        return []
    if isinstance(answer, Outcome):
        return [answer]
    return list(answer)


def _named(gate: Gate, outcomes) -> tuple[Outcome, ...]:
    return tuple(replace(o, gate=gate.name) for o in _as_list(outcomes) if o.level != ALLOW)


def evaluate(action, organisation_id: int, purpose: str) -> Decision:
    return evaluate_many(action, [organisation_id], purpose)[organisation_id]


def evaluate_many(action, organisation_ids: list[int], purpose: str) -> dict[int, Decision]:
    """One Decision per organisation; gates that can answer for many at once are asked once."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    ids = list(dict.fromkeys(organisation_ids))
    found: dict[int, list[Outcome]] = {i: [] for i in ids}
    for gate in list(_gates.values()):
        if purpose not in gate.purposes or not ids:
            continue
        if gate.check_many is not None:
            answers = gate.check_many(action, ids, purpose)
            for organisation_id in ids:
                found[organisation_id].extend(_named(gate, answers.get(organisation_id)))
        else:
            for organisation_id in ids:
                found[organisation_id].extend(_named(gate, gate.check(action, organisation_id, purpose)))
    needing = [i for i, outcomes in found.items() if any(o.level == NEEDS_JUSTIFICATION for o in outcomes)]
    justified = _justified_keys(action, needing) if needing else {}
    return {
        i: Decision(i, purpose, tuple(found[i]), frozenset(justified.get(i, ()))) for i in ids
    }


def _justified_keys(action, organisation_ids: list[int]) -> dict[int, set[str]]:
    from .queries import justified_keys

    return justified_keys(action, organisation_ids)
