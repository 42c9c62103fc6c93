from flask import Blueprint, current_app, redirect, session

from .redirects import safe_next

bp = Blueprint("web", __name__)


@bp.post("/lang/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next("/"))
