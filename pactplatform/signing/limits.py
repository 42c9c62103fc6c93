"""One budget of wrong signing passphrases per user, shared by every page that asks for one
(signing an action, joining, signing a monitor's decision or report)."""
from flask import current_app
from flask_login import current_user

from ..extensions import limiter


def _limit() -> str:
    return current_app.config.get("SIGNING_RATE_LIMIT", "5 per 5 minutes")


def _failed(response) -> bool:
    # A refused passphrase answers 401; an invalid form 422. Successes redirect and cost nothing.
    return response.status_code in (401, 422)


passphrase_attempts = limiter.shared_limit(
    _limit, scope="signing-passphrase", key_func=lambda: f"user:{current_user.id}",
    methods=["POST"], deduct_when=_failed,
)


def _verification_limit() -> str:
    return current_app.config.get("VERIFY_RATE_LIMIT", "20 per minute")


# Checking an uploaded PDF costs real work (every signature, every revision): one budget per client
# address for the upload pages and the API operation together.
pdf_checks = limiter.shared_limit(_verification_limit, scope="pdf-verification", methods=["POST"])
