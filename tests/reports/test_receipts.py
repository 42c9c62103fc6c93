"""A wrong receipt says nothing about whether a report exists, and is rate-limited per (hashed) address."""
from pactplatform.extensions import db, limiter
from pactplatform.reports import crypto
from pactplatform.reports.models import Report
from tests.reports.conftest import file_report, follow, text, token


def _body(response) -> str:
    # The page differs only by the signed form token, which is new on every page.
    import re

    return re.sub(r'value="[^"]+"', "", response.get_data(as_text=True))


def test_every_wrong_receipt_gets_the_same_answer(client, reporting):
    report, receipt = file_report(reporting, reporting["pact"])
    # Another receipt with the same index would find the row and fail the slow hash: the same answer as none.
    near = next(r for r in (f"{n:016d}" for n in range(10**6)) if r != receipt)
    answers = [follow(client, attempt) for attempt in (near, "1234 5678 9012 345", "abcd")]
    assert {a.status_code for a in answers} == {404}
    assert len({_body(a) for a in answers}) == 1
    assert "Tidak ada laporan yang terbuka dengan tanda terima ini" in text(answers[0])
    opened = follow(client, " ".join(receipt[i:i + 4] for i in range(0, 16, 4)))
    assert opened.status_code == 200 and "Laporan Anda" in text(opened)


def test_wrong_receipts_are_rate_limited_without_keeping_the_address(app, client, reporting):
    _report, receipt = file_report(reporting, reporting["pact"])
    address = {"REMOTE_ADDR": "198.51.100.77"}
    app.config["REPORT_RECEIPT_RATE_LIMIT"] = "3 per 10 minutes"
    try:
        for _ in range(3):
            assert follow(client, "0" * 16, environ_base=address).status_code == 404
        refused = follow(client, receipt, environ_base=address)
        assert refused.status_code == 429
        assert "Laporan Anda" not in text(refused)
        # Another address is not slowed down by this one's failures.
        assert follow(client, receipt, environ_base={"REMOTE_ADDR": "198.51.100.78"}).status_code == 200
        keys = [k.decode() if isinstance(k, bytes) else str(k) for k in limiter.storage.storage.keys("*")]
        assert keys and not any("198.51.100.77" in k for k in keys)
    finally:
        app.config.pop("REPORT_RECEIPT_RATE_LIMIT")


def test_the_receipt_is_stored_only_as_a_slow_hash(app_ctx, reporting):
    report, receipt = file_report(reporting, reporting["pact"])
    row = db.session.scalar(db.select(Report).execution_options(all_tenants=True))
    assert len(receipt) == 16 and receipt.isdigit()
    assert receipt.encode() not in (row.receipt_hash, row.receipt_salt) and len(row.receipt_index) == 8
    assert crypto.receipt_matches(receipt, row.receipt_salt, row.receipt_hash, row.receipt_cost)
    assert not crypto.receipt_matches(receipt[::-1], row.receipt_salt, row.receipt_hash, row.receipt_cost)
    assert len({crypto.new_receipt() for _ in range(200)}) == 200


def test_the_reporters_forms_refuse_another_sites_post_and_an_expired_token(app, client, reporting):
    url = f"/report/actions/{reporting['pact'].id}"
    data = {"what": "Suap.", "when": "Kemarin", "involved": "Panitia", "csrf_token": token(client, url)}
    assert client.post(url, data=data, headers={"Origin": "https://elsewhere.example"}).status_code == 403
    app.config["REPORT_FORM_MAX_AGE"] = -1
    try:
        expired = client.post(url, data=data)
    finally:
        app.config.pop("REPORT_FORM_MAX_AGE")
    assert expired.status_code == 422 and "Formulir ini sudah kedaluwarsa" in text(expired)
    assert db.session.scalar(db.select(db.func.count(Report.id)).execution_options(all_tenants=True)) == 0
    assert client.post(url, data={**data, "csrf_token": token(client, url)},
                       headers={"Origin": "http://localhost"}).status_code == 200
