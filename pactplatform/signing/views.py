from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import OperationError
from ..extensions import db
from ..web.forms import attach_error
from ..web.redirects import safe_next
from . import operations
from .forms import SigningKeyForm

bp = Blueprint("signing", __name__)


@bp.route("/account/signing-key", methods=["GET", "POST"])
@login_required
def signing_key():
    key = operations.key_for(current_user)
    form = SigningKeyForm()
    if key is None and form.validate_on_submit():
        try:
            operations.create_signing_key(current_user, form.passphrase.data)
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return render_template("signing/key.html", form=form, key=None), error.status
        db.session.commit()
        flash(_("Your signing key is ready. Keep your passphrase safe: it is asked at every signature."), "success")
        return redirect(safe_next(url_for("signing.signing_key")))
    status = 422 if form.is_submitted() and key is None else 200
    return render_template("signing/key.html", form=form, key=key,
                           subject=_subject(key.certificate_pem) if key else None), status


def _subject(certificate_pem: str) -> str:
    from cryptography import x509

    return x509.load_pem_x509_certificate(certificate_pem.encode("ascii")).subject.rfc4514_string()
