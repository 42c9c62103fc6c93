from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required, login_user, logout_user

from ..errors import OperationError
from ..extensions import db, limiter, login_manager
from ..web.forms import rerender
from ..web.redirects import safe_next
from . import operations
from .forms import LoginForm, RegisterForm
from .models import User

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=lambda response: response.status_code != 302)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next(url_for("web.home")))
        form.form_errors.append(_("Wrong email or password."))
        return render_template("accounts/login.html", form=form), 401
    if form.is_submitted():
        return rerender("accounts/login.html", form)
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("web.home"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = operations.register_user(form.email.data, form.name.data, form.password.data)
        except OperationError as error:
            db.session.rollback()
            return rerender("accounts/register.html", form, error)
        db.session.commit()
        login_user(user)
        flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
        return redirect(url_for("web.home"))
    if form.is_submitted():
        return rerender("accounts/register.html", form)
    return render_template("accounts/register.html", form=form)
