"""The signed text: Markdown rendered safely, its hash, the first draft drawn from the action's lists, diffs."""
import difflib
import hashlib
import re

from flask_babel import force_locale
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import Markup

from .policies import SECTION_LABELS

# CommonMark with raw HTML disabled: any <script> or <b> in the text is shown as text, never run.
# markdown-it also refuses javascript:, vbscript: and file: links.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})


def render_markdown(body: str) -> Markup:
    return Markup(_markdown.render(body))


def sha256_of(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def rupiah(amount: int) -> str:
    """Rupiah the Indonesian way: Rp 1.250.000.000."""
    return "Rp " + f"{amount:,}".replace(",", ".")


def first_draft(title: str, summary: str, sections: dict[str, list[str]], tender: dict | None, locale: str) -> str:
    """The first version of the document, drawn from what the author entered, in the tenant's language."""
    with force_locale(locale):
        lines = [f"# {title}", ""]
        if summary:
            lines += [summary, ""]
        if tender:
            facts = [
                (_("Tender code"), tender["code"]),
                (_("Tender title"), tender["title"]),
                (_("Procuring entity"), tender["procuring_entity_name"]),
                (_("Budget ceiling"), rupiah(tender["budget_ceiling"])),
                (_("Owner estimate"), rupiah(tender["owner_estimate"])),
                (_("Year"), tender["year"]),
            ]
            lines += ["## " + _("Tender"), ""] + [f"- {label}: {value}" for label, value in facts] + [""]
        for section, entries in sections.items():
            if entries:
                lines += [f"## {SECTION_LABELS[section]}", ""]
                lines += [f"{number}. {entry}" for number, entry in enumerate(entries, start=1)]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_LIST_MARKER = re.compile(r"^(?:\d+[.)]|[-*+])\s+")


def entries_by_section(body: str, sections: tuple[str, ...], locale: str) -> dict[str, list[str]]:
    """The lists as the text now says them: the reverse of first_draft, for the sections whose heading
    (in the tenant's language) the text still has. Edits made to the text after the first draft are in it;
    a section whose heading was renamed or removed is left out, for the caller to decide."""
    with force_locale(locale):
        headings = {f"## {SECTION_LABELS[section]}".casefold(): section for section in sections}
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            section = headings.get(" ".join(stripped.split()).casefold())
            current = found.setdefault(section, []) if section else None
        elif current is not None and stripped:
            marker = _LIST_MARKER.match(stripped)
            if marker or not current or not line[:1].isspace():
                current.append(stripped[marker.end():] if marker else stripped)
            else:  # an indented line continues the entry above it
                current[-1] += " " + stripped
    return found


def diff_lines(old: str, new: str, context: int | None = None) -> list[tuple[str, str]]:
    """(kind, line) pairs where kind is 'same', 'added' or 'removed'. With `context`, only the changed lines
    and that many unchanged lines around each change are kept; ('gap', '') stands for the lines left out."""
    kinds = {" ": "same", "+": "added", "-": "removed"}
    lines = [
        (kinds[line[0]], line[2:])
        for line in difflib.ndiff(old.splitlines(), new.splitlines())
        if line[:1] in kinds
    ]
    if context is None:
        return lines
    changed = [i for i, (kind, _) in enumerate(lines) if kind != "same"]
    keep = {j for i in changed for j in range(i - context, i + context + 1)}
    shown: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        if i in keep:
            shown.append(line)
        elif not shown or shown[-1][0] != "gap":
            shown.append(("gap", ""))
    return shown
