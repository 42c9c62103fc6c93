from flask import Blueprint, current_app, redirect, render_template, session
from flask_login import current_user

from ..tenancy import queries as tenancy_queries
from .redirects import safe_next

bp = Blueprint("web", __name__)


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return render_template("web/home.html", my_tenants=[], invitations=[])
    return render_template("web/home.html", my_tenants=tenancy_queries.tenants_of(current_user),
                           invitations=tenancy_queries.invitations_for(current_user))


@bp.post("/lang/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next("/"))
