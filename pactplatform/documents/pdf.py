"""Jinja templates under templates/pdf/ rendered to PDF by WeasyPrint.

Templates get plain values, never ORM objects. The fetcher accepts only data: URIs: a PDF must
not read the server's files nor reach another host while rendering (server-side request forgery),
so images are embedded as data URIs or inline SVG and fonts come from the system (DejaVu Sans
covers Indonesian).
"""
from flask import current_app
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

TEMPLATE_FOLDER = "pdf"


class RefusedResource(ValueError):
    """A template asked for a resource outside data: URIs."""


def _fetcher() -> URLFetcher:
    # fail_on_errors: a refused URL stops the render instead of silently dropping an image.
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True, timeout=1)


def render_html(template_name: str, **values) -> str:
    if not template_name.startswith(f"{TEMPLATE_FOLDER}/"):
        template_name = f"{TEMPLATE_FOLDER}/{template_name}"
    # The app's environment (filters, gettext) without its context processors: those read the
    # request and the logged-in user, and a PDF must depend only on the values it is given
    # (it is also rendered from CLI commands, outside any request).
    return current_app.jinja_env.get_template(template_name).render(**values)


def html_to_pdf(html: str) -> bytes:
    try:
        return HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()
    except FatalURLFetchingError as error:
        # WeasyPrint's error is a BaseException, which would escape Flask's error handling.
        raise RefusedResource(str(error.__cause__ or error)) from None


def render_pdf(template_name: str, **values) -> bytes:
    """`template_name` is relative to templates/pdf/ ("pact.html"; "pdf/pact.html" also works)."""
    return html_to_pdf(render_html(template_name, **values))
