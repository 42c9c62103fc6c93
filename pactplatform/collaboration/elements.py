"""The frame of collaborative governance the health survey asks about: three parts of collaboration dynamics,
four elements each (GLOSSARY.md). The keys are the answer table's columns, so they never change."""
from flask_babel import lazy_gettext as _l

PARTS: dict[str, tuple[str, ...]] = {
    "principled_engagement": ("discovery", "definition", "deliberation", "determination"),
    "shared_motivation": ("mutual_trust", "mutual_understanding", "internal_legitimacy", "commitment"),
    "capacity_for_joint_action": ("procedural_arrangements", "leadership", "knowledge", "resources"),
}
ELEMENTS: tuple[str, ...] = tuple(element for elements in PARTS.values() for element in elements)
PART_OF = {element: part for part, elements in PARTS.items() for element in elements}

PART_LABELS = {
    "principled_engagement": _l("Principled engagement"),
    "shared_motivation": _l("Shared motivation"),
    "capacity_for_joint_action": _l("Capacity for joint action"),
}
ELEMENT_LABELS = {
    "discovery": _l("Discovery"),
    "definition": _l("Definition"),
    "deliberation": _l("Deliberation"),
    "determination": _l("Determination"),
    "mutual_trust": _l("Mutual trust"),
    "mutual_understanding": _l("Mutual understanding"),
    "internal_legitimacy": _l("Internal legitimacy"),
    "commitment": _l("Commitment"),
    "procedural_arrangements": _l("Procedural and institutional arrangements"),
    "leadership": _l("Leadership"),
    "knowledge": _l("Knowledge"),
    "resources": _l("Resources"),
}

SCORES = (1, 2, 3, 4, 5)
# Below this many answers a round shows only its count: fewer answer sets would let members guess who said what.
ANONYMITY_THRESHOLD = 5
