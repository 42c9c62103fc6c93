"""Appending: entry shape, storage, atomicity and concurrent appenders."""
import json
import threading

from sqlalchemy import func, select

from pactplatform.extensions import db
from pactplatform.ledger import merkle, operations, queries, records
from pactplatform.ledger.models import LedgerEntry, LedgerNode
from pactplatform.orgs.models import Organisation
from tests import factories

from .helpers import populate
from .test_merkle import MTH, PATH, PROOF


def _all_entries() -> list[LedgerEntry]:
    return list(db.session.execute(select(LedgerEntry).order_by(LedgerEntry.index)).scalars())


def test_entries_are_canonical_and_name_their_record(app_ctx):
    world = populate(2)
    org = world["orgs"][0]
    entry = queries.entry_for("organisation", org.id)
    assert entry is not None
    parsed = json.loads(entry.entry)
    assert set(parsed) == {"event", "index", "time", "tenant", "subject", "sha256"}
    assert parsed["event"] == "organisation.registered"
    assert parsed["subject"] == {"type": "organisation", "id": org.id}
    assert parsed["tenant"] is None
    assert parsed["time"].endswith("Z")
    assert parsed["index"] == entry.index
    assert parsed["sha256"] == records.content_sha256(records.by_name("organisation").content(org))
    assert json.dumps(parsed, sort_keys=True, separators=(",", ":"), ensure_ascii=False) == entry.entry

    membership = [e for e in _all_entries() if e.event == "membership.granted"]
    assert membership and all(json.loads(e.entry)["tenant"] == world["tenant"].id for e in membership)


def test_log_is_contiguous_and_stores_complete_subtrees(app_ctx):
    populate(5)
    entries = _all_entries()
    size = queries.tree_size()
    assert [e.index for e in entries] == list(range(size))
    leaves = [e.entry.encode() for e in entries]
    stored = db.session.execute(select(func.count()).select_from(LedgerNode)).scalar()
    assert stored == sum(size >> level for level in range(size.bit_length()))
    assert queries.current_head() == (size, MTH(leaves))
    for n in range(1, size + 1):
        assert queries.root_at(n) == MTH(leaves[:n])
        for m in range(n):
            assert queries.inclusion_proof(m, n) == PATH(m, leaves[:n])
        for m in range(1, n + 1):
            assert queries.consistency_proof(m, n) == PROOF(m, leaves[:n])


def test_an_entry_is_written_with_its_change_or_not_at_all(app_ctx):
    admin = factories.user()
    before = queries.current_head()
    organisation = Organisation(name="PT Batal", kind="firm")
    db.session.add(organisation)
    operations.append("organisation.registered", organisation)
    assert queries.tree_size() == before[0] + 1
    db.session.rollback()
    assert queries.current_head() == before
    assert db.session.execute(select(func.count()).select_from(LedgerEntry)).scalar() == before[0]
    assert admin.id is not None


def test_unregistered_subjects_are_refused(app_ctx):
    import pytest

    with pytest.raises(LookupError):
        operations.append("user.registered", factories.user())


def test_concurrent_appends_never_share_an_index(app):
    with app.app_context():
        populate(1)
        start = queries.tree_size()
        org_ids = [o.id for o in db.session.execute(select(Organisation)).scalars()]
    errors = []

    def worker():
        with app.app_context():
            try:
                for _ in range(10):
                    organisation = db.session.get(Organisation, org_ids[0])
                    operations.append("organisation.checked", organisation)
                    db.session.commit()
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with app.app_context():
        entries = _all_entries()
        assert [e.index for e in entries] == list(range(start + 40))
        assert queries.current_head()[1] == MTH([e.entry.encode() for e in entries])
        assert merkle.Frontier  # the tree is whole: every proof still resolves
        assert queries.inclusion_proof(0, start + 40)
