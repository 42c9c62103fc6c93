"""The standalone verifier against a live server: accepts, remembers, then catches a rewrite."""
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from pactplatform.extensions import db
from pactplatform.ledger import verifier
from tests import factories

from .helpers import populate


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def run(base_url: str, state: Path, capsys) -> tuple[int, str]:
    code = verifier.main([base_url, "--state", str(state), "--no-progress", "--samples", "4"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_verifier_accepts_a_growing_log_and_catches_a_rewrite(app, live_server, tmp_path, capsys):
    state = tmp_path / "verify.json"
    with app.app_context():
        world = populate(3)
        admin_id = world["admin"].id

    code, output = run(live_server, state, capsys)
    assert code == 0, output
    assert "signature valid" in output and "OK: the log verifies" in output
    assert state.exists()

    with app.app_context():
        from pactplatform.accounts.models import User

        factories.organisation(db.session.get(User, admin_id))
    code, output = run(live_server, state, capsys)
    assert code == 0, output
    assert "consistent with the tree head seen before" in output

    # Rewrite history coherently inside the database: entry, leaf and every node above it,
    # and the state. Only a remembered tree head can tell.
    with app.app_context():
        _rewrite_entry(0)
    code, output = run(live_server, state, capsys)
    assert code == 1, output
    assert "VERIFICATION FAILED" in output
    assert "history was rewritten" in output


def test_verifier_catches_a_shrunk_log(app, live_server, tmp_path, capsys):
    state = tmp_path / "verify.json"
    with app.app_context():
        populate(2)
    assert run(live_server, state, capsys)[0] == 0
    with app.app_context():
        db.session.execute(text("DELETE FROM ledger_tree_heads"))
        size = db.session.execute(text("SELECT size FROM ledger_state")).scalar()
        _truncate_to(size - 1)
    code, output = run(live_server, state, capsys)
    assert code == 1
    assert "the log shrank" in output


def test_verifier_detects_a_bad_signature(app, live_server, tmp_path, capsys):
    with app.app_context():
        populate(1)
    assert run(live_server, tmp_path / "s.json", capsys)[0] == 0
    with app.app_context():
        db.session.execute(text("UPDATE ledger_tree_heads SET timestamp = timestamp + 1"))
        db.session.commit()
    code, output = run(live_server, tmp_path / "s.json", capsys)
    assert code == 1 and "signature is not valid" in output


def _rebuild(entries: list[str]) -> None:
    from pactplatform.ledger import merkle
    from pactplatform.ledger.models import LedgerNode, LedgerState

    tree = merkle.MemoryTree()
    for entry in entries:
        tree.append(entry.encode())
    db.session.execute(LedgerNode.__table__.delete())
    db.session.execute(LedgerNode.__table__.insert(),
                       [{"level": l, "idx": i, "hash": h} for (l, i), h in tree.nodes.items()])
    state = db.session.get(LedgerState, 1)
    state.size, state.frontier = tree.size, tree.frontier.to_bytes()
    db.session.execute(text("DELETE FROM ledger_tree_heads"))
    db.session.commit()


def _entries() -> list[str]:
    return list(db.session.execute(text('SELECT entry FROM ledger_entries ORDER BY "index"')).scalars())


def _rewrite_entry(index: int) -> None:
    db.session.execute(text("UPDATE ledger_entries SET entry = REPLACE(entry, '\"event\":\"', '\"event\":\"x') "
                            "WHERE \"index\" = :i"), {"i": index})
    _rebuild(_entries())


def _truncate_to(size: int) -> None:
    db.session.execute(text('DELETE FROM ledger_entries WHERE "index" >= :n'), {"n": size})
    _rebuild(_entries())


def test_verifier_needs_no_flask_or_database(tmp_path):
    """verifier.py with merkle.py and canonical.py imports with Flask and SQLAlchemy unavailable."""
    ledger = Path(verifier.__file__).parent
    package = tmp_path / "standalone"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("verifier.py", "merkle.py", "canonical.py"):
        (package / name).write_text((ledger / name).read_text())
    script = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {"flask", "sqlalchemy", "apiflask", "pactplatform", "werkzeug"}:
                    raise ImportError("blocked: " + name)
        sys.meta_path.insert(0, Block())
        import standalone.verifier as v
        assert callable(v.main)
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
