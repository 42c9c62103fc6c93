from flask import Blueprint, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from ..errors import OperationError
from ..extensions import db, login_manager
from ..web.forms import attach_error, rerender
from ..web.redirects import safe_next
from . import limits, operations
from .forms import ChangePasswordForm, ConfirmEmailForm, LoginForm, RegisterForm
from .models import User

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session names the user *and* their session generation: a session from before a logout or a
    password change names an old generation and is no session at all."""
    user_id, _sep, generation = session_id.partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_generation != int(generation):
        return None
    return user


def _start_session(user: User) -> None:
    login_user(user)
    # A CSRF token seen before the log-in (on a shared computer, in a page's cache) is worth nothing after it.
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)


@bp.route("/login", methods=["GET", "POST"])
@limits.login_per_address
@limits.login_per_account
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = operations.authenticate(form.email.data, form.password.data)
        except OperationError as error:
            return rerender("accounts/login.html", form, error)
        if user is not None:
            _start_session(user)
            return redirect(safe_next(url_for("registry.home")))
        form.form_errors.append(_("Wrong email or password."))
        return render_template("accounts/login.html", form=form), 401
    if form.is_submitted():
        return rerender("accounts/login.html", form)
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    operations.end_sessions(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash(_("You are logged out, on this device and every other."), "info")
    return redirect(url_for("registry.home"))


@bp.route("/register", methods=["GET", "POST"])
@limits.registrations
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            operations.request_registration(form.email.data, form.name.data, form.password.data)
        except OperationError as error:
            db.session.rollback()
            return rerender("accounts/register.html", form, error)
        try:
            db.session.commit()
        except IntegrityError:  # the same address registered at the same moment: the answer stays the same
            db.session.rollback()
        return render_template("accounts/check_email.html", email=operations.normalise_email(form.email.data))
    if form.is_submitted():
        return rerender("accounts/register.html", form)
    return render_template("accounts/register.html", form=form)


@bp.route("/confirm-email/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    form = ConfirmEmailForm()
    try:
        user = operations.user_for_verification(token)
    except OperationError as error:
        return render_template("accounts/confirm_email.html", form=form, error=error), 404
    if form.validate_on_submit():
        operations.confirm_email(token)
        db.session.commit()
        flash(_("Your email address is confirmed. You can log in now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/confirm_email.html", form=form, account=user, error=None)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(user)
    if form.validate_on_submit():
        try:
            operations.change_password(user, form.current_password.data, form.password.data)
        except OperationError as error:
            db.session.rollback()
            return rerender("accounts/password.html", form, error)
        db.session.commit()
        _start_session(user)  # this session takes the new generation; every other one has ended
        flash(_("Your password is changed. Every other session of your account has been logged out."), "success")
        return redirect(url_for("registry.home"))
    if form.is_submitted():
        return rerender("accounts/password.html", form)
    return render_template("accounts/password.html", form=form)
