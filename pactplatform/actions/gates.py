"""Checks that higher domains add to signing (a sanction in force bars an organisation, a risk score
above the tenant's appetite…). Actions cannot import those domains, so they register here.

A gate is `gate(action, organisation_id) -> str | None`: the reason signing is refused, or None.
"""
from typing import Callable

Gate = Callable[[object, int], "str | None"]

_gates: list[Gate] = []


def register(gate: Gate) -> None:
    if gate not in _gates:
        _gates.append(gate)


def refusal(action, organisation_id: int) -> str | None:
    for gate in _gates:
        reason = gate(action, organisation_id)
        if reason:
            return reason
    return None
