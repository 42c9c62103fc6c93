"""The twelve survey statements: shipped in statements.json (id and en); a tenant's own version overrides."""
import json
from functools import cache
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from .models import SurveyTemplateVersion

LANGUAGES = ("id", "en")


@cache
def shipped() -> dict[str, dict[str, str]]:
    return json.loads((Path(__file__).parent / "statements.json").read_text(encoding="utf-8"))


def latest_version() -> SurveyTemplateVersion | None:
    """The current tenant's latest wording."""
    return db.session.scalar(select(SurveyTemplateVersion).order_by(SurveyTemplateVersion.number.desc()).limit(1))


def current() -> dict[str, dict[str, str]]:
    version = latest_version()
    return version.statements if version is not None else shipped()


def wording(statements: dict, element: str, locale: str) -> str:
    texts = statements[element]
    return texts.get(locale) or texts["id"]
