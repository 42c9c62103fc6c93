"""The addresses printed in documents (links and QR codes in PDFs).

They come from the PUBLIC_BASE_URL setting, never from the request that happened to render the PDF:
a signed PDF is kept for years and must point at the public site, whoever triggered its rendering
(a signer behind a proxy, the demo loader, a CLI command) and whatever Host header they sent.
`make run` sets it to the address it serves on; production sets it to the site's public address.
"""
from flask import current_app


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/" + path.lstrip("/")
