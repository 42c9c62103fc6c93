"""QR codes as inline SVG: WeasyPrint draws inline SVG itself, with no resource to fetch."""
import segno
from markupsafe import Markup


def qr_svg(url: str, *, scale: int = 4, title: str | None = None) -> Markup:
    """An <svg> element for a template; Markup so Jinja inserts it unescaped."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=scale, border=2, dark="#000", light="#fff", title=title, omitsize=False)
    return Markup(svg)
