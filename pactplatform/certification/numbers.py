"""Certificate numbers: PREFIX/YEAR/SEQUENCE (CAC/2026/000123, ZI-WBK/2026/000001), readable and unique per
tenant. The prefix comes from the scheme's data (the level's `number_prefix`, else the scheme's), checked
before a version is published; the URL converter matches exactly what can be issued."""
import re

from ..web.converters import PatternConverter

PREFIX = r"[A-Z][A-Z0-9-]{0,15}"
PREFIX_PATTERN = re.compile(PREFIX)
NUMBER = PREFIX + r"/[0-9]{4}/[0-9]{6}"


class CertificateNumberConverter(PatternConverter):
    regex = NUMBER
    max_length = 28
    example = "CAC/2026/000001"


def register(app) -> None:
    """Before the certification routes are added (rules look their converter up when they are bound)."""
    app.url_map.converters["certificate_number"] = CertificateNumberConverter
