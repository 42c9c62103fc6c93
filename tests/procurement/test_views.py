"""The tender pages: an officer uploads a file and sees the flags in words; errors keep the page and save nothing."""
import io
import re

from sqlalchemy import event, func, select

from pactplatform.extensions import db
from pactplatform.procurement.models import ContractingProcess
from tests.conftest import login, post

from .ocds import compiled, disqualified_all_but_winner, jsonl


def _upload(client, data: bytes, name="tenders.jsonl"):
    return post(client, "/t/biro/tenders/import", {"file": (io.BytesIO(data), name)}, token_from="/t/biro/tenders/",
                content_type="multipart/form-data")


def test_officer_uploads_and_sees_flags_in_words(client, biro):
    login(client, biro["officer"].email)
    response = _upload(client, jsonl(disqualified_all_but_winner("ocds-x-1"), compiled("ocds-x-2", tenderers=1)))
    assert response.status_code == 302 and "/t/biro/tenders/imports/" in response.location
    report = client.get(response.location).get_data(as_text=True)
    assert 'data-testid="created">2<' in report
    index = client.get("/t/biro/tenders/").get_data(as_text=True)
    assert "Penawaran tunggal" in index  # R018's title in Indonesian, the default language
    process_id = db.session.scalar(select(ContractingProcess.id).where(ContractingProcess.ocid == "ocds-x-2")
                                   .execution_options(all_tenants=True))
    page = client.get(f"/t/biro/tenders/{process_id}").get_data(as_text=True)
    assert "Hanya satu penawaran dalam tender terbuka." in page
    post(client, "/lang/en")
    page = client.get(f"/t/biro/tenders/{process_id}").get_data(as_text=True)
    assert "One bid only in an open procedure." in page


def test_a_bad_file_lists_its_problems_keeps_the_page_and_saves_nothing(client, biro):
    login(client, biro["officer"].email)
    post(client, "/lang/en")
    response = _upload(client, jsonl(compiled("ocds-x-1")) + b"{broken\n")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "The file was not imported: 1 problem," in body and "line 2" in body and "invalid JSON" in body
    assert db.session.scalar(select(func.count(ContractingProcess.id)).execution_options(all_tenants=True)) == 0
    assert _upload(client, b"").status_code == 422
    assert _upload(client, b"\n\n").status_code == 422
    assert post(client, "/t/biro/tenders/import", {}, token_from="/t/biro/tenders/").status_code == 422


def test_a_file_over_10_mb_is_refused(client, biro, app):
    login(client, biro["officer"].email)
    app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    try:
        response = _upload(client, b" " * (10 * 1024 * 1024 + 10))
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    assert response.status_code == 413


def test_who_may_import_and_see(client, biro):
    login(client, biro["representative"].email)
    assert client.get("/t/biro/tenders/").status_code == 200
    assert "Impor berkas OCDS" not in client.get("/t/biro/tenders/").get_data(as_text=True)
    assert _upload(client, jsonl(compiled("ocds-x-1"))).status_code == 403
    assert client.get("/t/biro/tenders/settings").status_code == 403


def test_admin_edits_settings_with_errors_next_to_the_field(client, biro):
    login(client, biro["admin"].email)
    post(client, "/lang/en")
    page = client.get("/t/biro/tenders/settings").get_data(as_text=True)
    assert "[R018]" in page
    bad = post(client, "/t/biro/tenders/settings", {"ini": "[R999]\n"}, token_from="/t/biro/tenders/settings")
    assert bad.status_code == 422 and "unknown section [R999]" in bad.get_data(as_text=True)
    assert "[R999]" in bad.get_data(as_text=True)  # what was typed is kept
    good = post(client, "/t/biro/tenders/settings", {"ini": "[R018]\n"}, token_from="/t/biro/tenders/settings")
    assert good.status_code == 302
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", client.get("/t/biro/tenders/settings").get_data(as_text=True),
                         re.S).group(1)
    assert textarea.strip() == "[R018]"


def test_the_passport_shows_red_flags_to_the_public(client, biro):
    login(client, biro["officer"].email)
    _upload(client, jsonl(disqualified_all_but_winner("ocds-x-1")))
    client.post("/logout", data={})
    anonymous = client.application.test_client()
    page = anonymous.get(f"/orgs/{biro['firm_a'].id}").get_data(as_text=True)
    assert "Tanda bahaya pengadaan" in page and "ocds-x-1" in page
    assert "Semua penawaran kecuali milik pemenang digugurkan" in page


def test_the_list_pages_by_keyset_with_constant_queries(client, biro, app):
    login(client, biro["officer"].email)
    _upload(client, jsonl(*[compiled(f"ocds-x-{i}", tenderers=1) for i in range(60)]))

    def queries(path):
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            body = client.get(path).get_data(as_text=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen), body

    count_full, body = queries("/t/biro/tenders/?flagged=1")
    assert body.count('href="/t/biro/tenders/') >= 50
    after = re.search(r'after=(\d+)', body).group(1)
    count_rest, rest = queries(f"/t/biro/tenders/?flagged=1&after={after}")
    assert "ocds-x-0<" in rest and "ocds-x-59<" not in rest
    assert count_rest == count_full
