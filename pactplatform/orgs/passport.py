"""The integrity passport gathers what higher domains know of an organisation (signatures, sanctions,
certificates, risk). Those domains register a section here, so orgs never imports them."""
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Section:
    template: str
    load: Callable[[Any], Any]  # organisation -> what the template shows as `items`


_sections: list[Section] = []


def register_section(template: str, load: Callable[[Any], Any]) -> None:
    if all(section.template != template for section in _sections):
        _sections.append(Section(template, load))


def sections_for(organisation) -> list[tuple[str, Any]]:
    return [(section.template, section.load(organisation)) for section in _sections]
