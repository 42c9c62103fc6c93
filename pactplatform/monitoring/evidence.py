"""Evidence files are checked by what they contain, not by their name: only PDF, PNG and JPEG, at most 5 MB."""
import re
import unicodedata

from flask_babel import lazy_gettext as _l

from ..errors import OperationError

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
MAX_FILES = 10

# (content type, extension, magic bytes at the start of the file)
SIGNATURES = (
    ("application/pdf", "pdf", b"%PDF-"),
    ("image/png", "png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", "jpg", b"\xff\xd8\xff"),
)


def sniff(data: bytes) -> tuple[str, str] | None:
    for content_type, extension, magic in SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    return None


def safe_filename(name: str, extension: str) -> str:
    """A display name without paths or control characters, ending with the extension of its real type."""
    name = unicodedata.normalize("NFKC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\- ]+", "_", stem).strip(" ._")[:120] or "evidence"
    return f"{stem}.{extension}"


def check(filename: str, data: bytes) -> tuple[str, str]:
    """(content type, safe filename), or an OperationError on the `evidence` field."""
    if not data:
        raise OperationError(_l("The file %(name)s is empty.", name=filename or "?"), field="evidence")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise OperationError(
            _l("The file %(name)s is larger than 5 MB.", name=filename or "?"), field="evidence")
    found = sniff(data)
    if found is None:
        raise OperationError(
            _l("The file %(name)s is not a PDF, PNG or JPEG file.", name=filename or "?"), field="evidence")
    content_type, extension = found
    return content_type, safe_filename(filename, extension)
