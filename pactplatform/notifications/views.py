"""The notification centre, the preferences page, follow buttons (outside tenants: a person's own), and a
tenant admin's webhooks (under /t/<slug>/). Thin views: parse, one operation, commit once, render or redirect."""
import json

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import OperationError
from ..extensions import db
from ..tenancy import roles
from ..web.forms import attach_error, rerender
from ..web.tenant import member_required
from . import kinds, links, operations, queries, webhooks
from .forms import CHANNEL_LABELS, ButtonForm, WebhookForm, preferences_form
from .models import TARGET_TYPES

bp = Blueprint("notifications", __name__)
tenant_bp = Blueprint("webhooks", __name__, url_prefix="/t/<tenant_slug>/webhooks")


@bp.app_template_global("unread_notifications")
def unread_notifications() -> int:
    return queries.unread_count(current_user.id) if current_user.is_authenticated else 0


@bp.app_template_global("is_following")
def is_following(target_type: str, target_id: int) -> bool:
    return current_user.is_authenticated and queries.follows(current_user.id, target_type, target_id)


@bp.app_template_global("notification_text")
def notification_text(notification) -> str:
    return kinds.render(notification.kind, json.loads(notification.params))


@bp.app_template_global("notification_link")
def notification_link(notification) -> str | None:
    return links.path_of(json.loads(notification.params).get("link"))


def _before() -> int | None:
    raw = request.args.get("before", "")
    return int(raw) if raw.isdigit() and len(raw) <= 10 else None


@bp.get("/notifications")
@login_required
def centre():
    rows, next_key = queries.page(current_user.id, _before())
    return render_template("notifications/centre.html", notifications=rows, next_key=next_key, form=ButtonForm())


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    if not ButtonForm().validate_on_submit():
        abort(400)
    row = operations.mark_read(current_user, notification_id)
    if row is None:
        abort(404)
    db.session.commit()
    target = notification_link(row) if request.form.get("open") else None
    return redirect(target or url_for("notifications.centre"))


@bp.post("/notifications/read-all")
@login_required
def read_all():
    if not ButtonForm().validate_on_submit():
        abort(400)
    operations.mark_all_read(current_user)
    db.session.commit()
    flash(_("Every notification is marked as read."), "success")
    return redirect(url_for("notifications.centre"))


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = preferences_form(queries.preferences(current_user.id))
    if form.validate_on_submit():
        choices = {kind.name: getattr(form, kind.name).data for kind in kinds.all_kinds()}
        try:
            operations.set_preferences(current_user, choices)
        except OperationError as error:
            db.session.rollback()
            return rerender("notifications/preferences.html", form, error, kinds=kinds.all_kinds())
        db.session.commit()
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    if form.is_submitted():
        return rerender("notifications/preferences.html", form, kinds=kinds.all_kinds())
    return render_template("notifications/preferences.html", form=form, kinds=kinds.all_kinds(),
                           channel_labels=CHANNEL_LABELS)


def _safe_next(default: str) -> str:
    target = request.form.get("next", "")
    # A path on this site only: "//host" and "/\\host" are other sites to a browser.
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else default


@bp.post("/follow/<target_type>/<int:target_id>")
@login_required
def follow(target_type: str, target_id: int):
    if target_type not in TARGET_TYPES or not operations.target_exists(target_type, target_id):
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    operations.follow(current_user, target_type, target_id)
    db.session.commit()
    flash(_("You follow it now: its public changes will appear in your notifications."), "success")
    return redirect(_safe_next(url_for("notifications.centre")))


@bp.post("/unfollow/<target_type>/<int:target_id>")
@login_required
def unfollow(target_type: str, target_id: int):
    if target_type not in TARGET_TYPES:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    operations.unfollow(current_user, target_type, target_id)
    db.session.commit()
    flash(_("You no longer follow it."), "success")
    return redirect(_safe_next(url_for("notifications.centre")))


# Webhooks (tenant admins) -----------------------------------------------------------------------------------

def _webhook_page(form, status=200):
    return render_template("notifications/webhooks.html", form=form, webhooks=queries.webhooks(),
                           families=webhooks.FAMILIES, headers=_headers()), status


def _headers() -> dict:
    return {"signature": webhooks.SIGNATURE_HEADER, "timestamp": webhooks.TIMESTAMP_HEADER,
            "delivery": webhooks.DELIVERY_HEADER, "event": webhooks.EVENT_HEADER}


@tenant_bp.route("/", methods=["GET", "POST"])
@member_required(roles.ADMIN)
def index():
    form = WebhookForm()
    if form.validate_on_submit():
        try:
            hook = webhooks.register(g.tenant, current_user, form.url.data, form.kinds.data or [])
        except OperationError as error:
            db.session.rollback()
            attach_error(form, error)
            return _webhook_page(form, error.status)
        db.session.commit()
        flash(_("The webhook is registered. Its secret is shown on its page."), "success")
        return redirect(url_for("webhooks.show", webhook_id=hook.id))
    return _webhook_page(form, 422 if form.is_submitted() else 200)


def _hook(webhook_id: int):
    hook = queries.webhook(webhook_id)
    if hook is None:
        abort(404)
    return hook


@tenant_bp.get("/<int:webhook_id>")
@member_required(roles.ADMIN)
def show(webhook_id: int):
    hook = _hook(webhook_id)
    return render_template("notifications/webhook.html", webhook=hook, deliveries=queries.deliveries(hook.id),
                           families=webhooks.FAMILIES, headers=_headers(), form=ButtonForm())


@tenant_bp.post("/<int:webhook_id>/remove")
@member_required(roles.ADMIN)
def remove(webhook_id: int):
    hook = _hook(webhook_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    webhooks.remove(hook)
    db.session.commit()
    flash(_("The webhook is removed; nothing more is sent to it."), "success")
    return redirect(url_for("webhooks.index"))


@tenant_bp.post("/<int:webhook_id>/deliveries/<int:delivery_id>/replay")
@member_required(roles.ADMIN)
def replay(webhook_id: int, delivery_id: int):
    hook = _hook(webhook_id)
    delivery = queries.delivery(hook.id, delivery_id)
    if delivery is None:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    webhooks.replay(delivery)
    db.session.commit()
    flash(_("The delivery will be sent again (with the same delivery id) at the worker's next pass."), "success")
    return redirect(url_for("webhooks.show", webhook_id=hook.id))
