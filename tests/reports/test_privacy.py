"""A filed report leaves no client address (nor user agent) anywhere the app writes: the database, the instance
folder, the logs (a real gunicorn process' access log too); and what the reporter wrote is encrypted at rest."""
import io
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import text as sql

from pactplatform.extensions import db
from pactplatform.web.access_log import DevServerAddressFilter
from tests.conftest import login, post
from tests.monitoring_fixtures import PNG
from tests.reports.conftest import file_on_page, follow, token

ADDRESS, FORWARDED, AGENT = "203.0.113.199", "198.51.100.231", "PelaporBrowser/9.9 (unik)"
IDENTIFYING = (ADDRESS, FORWARDED, AGENT)
ENVIRON = {"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": FORWARDED, "HTTP_USER_AGENT": AGENT}


def _raw_rows():
    """Every value of every table, as the database returns it (no ORM, no decryption)."""
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sql(f'SELECT * FROM "{table.name}"')):
            for value in row:
                yield table.name, value


def _found(needles, haystack_values) -> list:
    hits = []
    for table, value in haystack_values:
        raw = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode("utf-8")
        hits += [(table, n) for n in needles if n.encode("utf-8") in raw]
    return hits


def test_a_filed_and_followed_report_stores_no_address_anywhere(app, instance_dir, client, reporting, caplog):
    caplog.set_level(logging.DEBUG)
    client.environ_base.update(ENVIRON)
    response, receipt = file_on_page(client, reporting["pact"], files=[(io.BytesIO(PNG), "foto.png")])
    assert response.status_code == 200
    assert follow(client, receipt).status_code == 200
    assert client.post("/report/reply", data={"receipt": receipt, "message": "Tambahan.",
                                              "csrf_token": token(client, "/report/")}).status_code == 200
    assert follow(client, "9" * 16).status_code == 404  # a failed receipt, counted by the rate limit
    db.session.commit()

    assert _found(IDENTIFYING, _raw_rows()) == []
    for path in Path(instance_dir).rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not [n for n in IDENTIFYING if n.encode() in content], path
    assert not [n for n in IDENTIFYING if n in caplog.text]
    # The check can fail: a member's log-in from the same address is recorded as it always was (by the limiter).
    assert _found((receipt,), _raw_rows()) == []


def test_content_and_messages_are_encrypted_at_rest(app, client, reporting):
    secret = "RAHASIA-suap-Rp-250-juta"
    marked_png = PNG + b"PENANDA-BERKAS"
    response, receipt = file_on_page(client, reporting["pact"], what=f"{secret} di ruang rapat", when="Minggu-lalu-unik",
                                     involved="Pak-Bendahara-unik", files=[(io.BytesIO(marked_png), "nama-berkas-unik.png")])
    assert response.status_code == 200
    client.post("/report/reply", data={"receipt": receipt, "message": "Balasan-pelapor-unik",
                                       "csrf_token": token(client, "/report/")})
    from pactplatform.reports.models import Report

    report = db.session.scalar(db.select(Report).execution_options(all_tenants=True))
    monitor = app.test_client()
    login(monitor, reporting["monitor"].email)
    url = f"/t/biro/reports/{report.id}"
    post(monitor, f"{url}/message", {"message": "Pertanyaan-pemantau-unik"}, token_from=url)
    post(monitor, f"{url}/close", {"reason": "Alasan-penutupan-unik"}, token_from=url)
    db.session.commit()

    plain = (secret, "Minggu-lalu-unik", "Pak-Bendahara-unik", "nama-berkas-unik", "PENANDA-BERKAS",
             "Balasan-pelapor-unik", "Pertanyaan-pemantau-unik", "Alasan-penutupan-unik")
    assert _found(plain, _raw_rows()) == []
    page = monitor.get(url).get_data(as_text=True)  # and the recipients still read all of it
    assert all(p in page for p in plain if p != "PENANDA-BERKAS")


def test_the_dev_server_log_line_of_a_report_route_loses_its_address():
    def line(path):
        record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - [30/Nov/2026 10:00:00] "%s" 200 -',
                                   (ADDRESS, f"POST {path} HTTP/1.1"), None)
        DevServerAddressFilter().filter(record)
        return record.getMessage()

    assert ADDRESS not in line("/report/follow") and "/report/follow" in line("/report/follow")
    assert ADDRESS in line("/login")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_real_gunicorn_access_log_keeps_no_reporter_address(app, tmp_path, reporting):
    """gunicorn as `make run` starts it (the logger class), on the test database; a report filed over HTTP."""
    port, log, pact_id = _free_port(), tmp_path / "access.log", reporting["pact"].id
    env = {**os.environ, "PACTPLATFORM_INSTANCE_PATH": str(tmp_path / "instance"),
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "RATELIMIT_STORAGE_URI": "memory://",
           "SESSION_COOKIE_SECURE": "0"}
    errors = (tmp_path / "gunicorn.err").open("wb")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", str(log), "--access-logformat",
         '%(h)s %({x-forwarded-for}i)s "%(a)s" "%(r)s" %(s)s',
         "--logger-class", "pactplatform.web.access_log.AnonymousRoutesLogger", "pactplatform:create_app()"],
        env=env, stdout=subprocess.DEVNULL, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    headers = {"X-Forwarded-For": FORWARDED, "User-Agent": AGENT}
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + "/static/css/app.css", timeout=1) as ready:
                    ready.read()
                break
            except OSError:
                time.sleep(0.1)
        form_url = f"{base}/report/actions/{pact_id}"
        with urllib.request.urlopen(urllib.request.Request(form_url, headers=headers)) as response:
            page = response.read().decode()
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"what": "Lewat gunicorn.", "when": "Kemarin", "involved": "Panitia",
                                       "csrf_token": csrf}).encode()
        with urllib.request.urlopen(urllib.request.Request(form_url, data=data, headers=headers)) as filed:
            assert filed.status == 200 and "Set-Cookie" not in filed.headers
            assert 'data-testid="receipt"' in filed.read().decode()
        with urllib.request.urlopen(urllib.request.Request(base + "/static/css/app.css", headers=headers)) as other:
            other.read()
    finally:
        server.terminate()
        server.wait(timeout=10)
        errors.close()
    lines = log.read_text().splitlines()
    reports = [line for line in lines if '"GET /report/' in line or '"POST /report/' in line]
    others = [line for line in lines if "/static/" in line]
    assert len(reports) == 2 and others
    for line in reports:
        assert "127.0.0.1" not in line and FORWARDED not in line and AGENT not in line, line
    assert "127.0.0.1" in others[-1] and FORWARDED in others[-1]  # other routes are logged as before
    for path in (tmp_path / "instance").rglob("*"):
        if path.is_file():
            assert not [n for n in IDENTIFYING + ("127.0.0.1",) if n.encode() in path.read_bytes()], path
