"""The charter decision's PDF, with one PAdES signature per coordinator added as they sign (the same
incremental signing as an action's text, signing/pdf.py)."""
import json

from flask_babel import force_locale

from ..actions.models import CollectiveAction
from ..actions.text import render_markdown
from ..documents.pdf import render_pdf
from ..extensions import db
from ..signing.pdf import sign_pdf
from ..tenancy.models import Tenant
from .models import Charter, CharterSignature


def _values(action: CollectiveAction, charter: Charter, tenant_name: str) -> dict:
    """Plain values only: templates never see ORM objects (DESIGN.md §2, PDFs)."""
    return {"title": action.title, "tenant_name": tenant_name, "number": charter.number, "sha256": charter.sha256,
            "body_html": render_markdown(charter.body),
            "coordinators": [c["organisation"] for c in json.loads(charter.coordinators_json)]}


def render_unsigned(action: CollectiveAction, charter: Charter) -> bytes:
    tenant = db.session.get(Tenant, action.tenant_id)
    with force_locale(tenant.default_locale):
        return render_pdf("pdf/charter.html", **_values(action, charter, tenant.name))


def add_signature(action: CollectiveAction, charter: Charter, signature: CharterSignature, private_key) -> None:
    """The caller holds the action's lock, so two coordinators never overwrite each other's signature."""
    current = charter.pdf if charter.pdf is not None else render_unsigned(action, charter)
    charter.pdf = sign_pdf(current, private_key, signature.certificate_pem, field_name=f"Charter{signature.id}",
                           reason=f"Charter decision {charter.number}", signer_name=signature.signer.name)
    db.session.flush()
