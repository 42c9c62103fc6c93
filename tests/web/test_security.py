from pactplatform import create_app


def test_security_headers_on_every_page(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_session_cookie_is_secure_and_http_only_by_default(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_secret_key_is_generated_into_the_instance_folder_once(tmp_path):
    first = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    second = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Kami tidak menemukan halaman itu" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_the_sqlite_database_is_created_readable_by_its_owner_alone(tmp_path):
    """Like the keys beside it (0600), not with the process's umask (0644 before)."""
    import os

    from sqlalchemy import text

    from pactplatform.extensions import db

    previous = os.umask(0o022)
    try:
        app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
        with app.app_context():
            db.session.execute(text("CREATE TABLE probe (x INTEGER)"))
            db.session.commit()
            db.engine.dispose()
    finally:
        os.umask(previous)
    database = tmp_path / "instance" / "pactplatform.db"
    assert database.stat().st_size > 0
    assert database.stat().st_mode & 0o777 == 0o600


def test_an_existing_database_in_the_instance_folder_is_tightened(tmp_path):
    database = tmp_path / "pactplatform.db"
    database.touch(mode=0o644)
    database.chmod(0o644)
    create_app({"INSTANCE_PATH": str(tmp_path)})
    assert database.stat().st_mode & 0o777 == 0o600
