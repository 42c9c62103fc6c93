"""PactPlatform: collective action against corruption, as a multi-tenant Flask application.

Imports stay inside create_app(): the standalone verifier (pactplatform.ledger.verifier) lives in
this package and must run without Flask or a database.
"""
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None):
    from apiflask import APIFlask

    from . import config as config_module
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .instance import private_sqlite_database, secret_key

    # APIFlask is a Flask subclass that also publishes the OpenAPI document of /api/v1/.
    app = APIFlask(
        __name__,
        title="PactPlatform API",
        version="1",
        spec_path="/api/v1/openapi.json",
        docs_path=None,
        json_errors=False,
        instance_relative_config=True,
        instance_path=(test_config or {}).get("INSTANCE_PATH") or os.environ.get("PACTPLATFORM_INSTANCE_PATH"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(config_module.DEFAULTS)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "pactplatform.db")
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(config_module.from_environment())
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = config_module.normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = config_module.engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(app.instance_path)
    private_sqlite_database(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path)
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is not set: rate limits (log-in attempts among them) are kept in this "
            "process's memory, so each worker counts on its own. Set it to redis://host:6379 in production."
        )
        app.config["RATELIMIT_STORAGE_URI"] = "memory://"

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from .web import i18n

    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)

    from . import models  # noqa: F401  (registers every table on the metadata)
    from .tenancy import scoping

    scoping.install(db)

    from .web import register as register_web

    register_web(app)

    from .accounts.views import bp as accounts_bp
    from .orgs.views import bp as orgs_bp
    from .tenancy.views import bp as tenancy_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(tenancy_bp)
    app.register_blueprint(orgs_bp)
    from .orgs.import_views import bp as orgs_import_bp

    app.register_blueprint(orgs_import_bp)

    from .actions.api import bp as actions_api_bp
    from .actions.public_views import bp as public_actions_bp
    from .actions.views import bp as actions_bp
    from .signing.views import bp as signing_bp

    app.register_blueprint(signing_bp)
    app.register_blueprint(actions_bp)
    app.register_blueprint(public_actions_bp)
    app.register_blueprint(actions_api_bp)
    from .monitoring.public_views import bp as public_monitoring_bp
    from .monitoring.views import bp as monitoring_bp
    from .sanctions.api import bp as sanctions_api_bp
    from .sanctions.public_views import bp as blacklist_bp
    from .sanctions.views import bp as sanctions_bp  # registers the sanctions signing gate

    app.register_blueprint(monitoring_bp)
    app.register_blueprint(public_monitoring_bp)
    app.register_blueprint(sanctions_bp)
    app.register_blueprint(blacklist_bp)
    app.register_blueprint(sanctions_api_bp)
    from .procurement.views import bp as procurement_bp

    app.register_blueprint(procurement_bp)
    from .risk import events as risk_events
    from .risk.views import bp as risk_bp

    risk_events.install()
    app.register_blueprint(risk_bp)
    from .certification import numbers as certificate_numbers
    from .certification import verification as _certificate_finder  # noqa: F401  (registers the PDF finder)

    certificate_numbers.register(app)
    from .certification.api import bp as certification_api_bp
    from .certification.public_views import bp as public_certificates_bp
    from .certification.views import bp as certification_bp  # registers the benefits gate and passport section

    app.register_blueprint(certification_bp)
    app.register_blueprint(public_certificates_bp)
    app.register_blueprint(certification_api_bp)
    from .progress.api import bp as progress_api_bp
    from .progress.views import bp as progress_bp  # registers the stage passport section and the panels' helpers

    app.register_blueprint(progress_bp)
    app.register_blueprint(progress_api_bp)

    from .reports import anonymity as report_anonymity
    from .reports.public_views import bp as public_reports_bp
    from .reports.views import bp as reports_bp
    from .web.access_log import install_dev_server_filter

    report_anonymity.install(app)
    install_dev_server_filter()
    app.register_blueprint(reports_bp)
    app.register_blueprint(public_reports_bp)

    from .collaboration.views import bp as collaboration_bp  # registers the action page's collaboration panel

    app.register_blueprint(collaboration_bp)
    from .ledger.views import bp as ledger_bp
    app.register_blueprint(ledger_bp)
    from .notifications import subscriber as notification_subscriber
    from .notifications.views import bp as notifications_bp
    from .notifications.views import tenant_bp as webhooks_bp

    notification_subscriber.install()
    app.register_blueprint(notifications_bp)
    app.register_blueprint(webhooks_bp)
    from .registry import sync as registry_sync
    from .registry.api import bp as registry_api_bp
    from .registry.views import bp as registry_bp

    registry_sync.install()
    app.register_blueprint(registry_bp)
    app.register_blueprint(registry_api_bp)
    from .opendata.api import bp as opendata_api_bp
    from .opendata.records import register_builtin as register_builtin_exports
    from .opendata.views import bp as opendata_bp

    register_builtin_exports()
    from .registry.exports import register as register_registry_exports

    register_registry_exports()
    app.register_blueprint(opendata_bp)
    app.register_blueprint(opendata_api_bp)

    from .cli import register as register_cli

    register_cli(app)
    return app
