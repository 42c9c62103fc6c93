"""`flask tenders import`: the same operation as the upload page, with a report; a bad file fails the command."""
import json

from sqlalchemy import func, select

from pactplatform.extensions import db
from pactplatform.procurement.models import ContractingProcess, TenderFlag

from .ocds import compiled, jsonl


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model).execution_options(all_tenants=True))


def test_import_reports_and_is_idempotent(app, biro, tmp_path):
    path = tmp_path / "tenders.jsonl"
    path.write_bytes(jsonl(compiled("ocds-x-1", tenderers=1), compiled("ocds-x-2", tenderers=3)))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tenders", "import", "--tenant", "biro", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 updated, 0 unchanged" in result.output
    assert _count(ContractingProcess) == 2 and _count(TenderFlag) == 1
    again = runner.invoke(args=["tenders", "import", "--tenant", "biro", "--user", biro["officer"].email, str(path)])
    assert again.exit_code == 0 and "0 new, 0 updated, 2 unchanged" in again.output
    assert "skipped ocds-x-1 (line 1): already imported, unchanged" in again.output


def test_a_bad_file_fails_with_each_line_and_the_good_file_still_imports(app, biro, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(jsonl(compiled("ocds-x-1")) + b"{\n" + json.dumps({"ocid": 5}).encode() + b"\n")
    good = tmp_path / "good.jsonl"
    good.write_bytes(jsonl(compiled("ocds-x-9")))
    result = app.test_cli_runner().invoke(args=["tenders", "import", "--tenant", "biro", str(bad), str(good)])
    assert result.exit_code == 1
    assert "NOT IMPORTED, 2 problems" in result.output and "line 2: invalid JSON" in result.output
    assert "line 3: (release): 'id' is a required property" in result.output
    assert _count(ContractingProcess) == 1  # only the good file's process


def test_unknown_tenant_or_user(app, biro, tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(jsonl(compiled("ocds-x-1")))
    assert app.test_cli_runner().invoke(args=["tenders", "import", "--tenant", "nope", str(path)]).exit_code == 2
    refused = app.test_cli_runner().invoke(
        args=["tenders", "import", "--tenant", "biro", "--user", biro["representative"].email, str(path)])
    assert refused.exit_code == 1 and "NOT IMPORTED" in refused.output


def test_flags_command_recomputes(app, biro, tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(jsonl(compiled("ocds-x-1", tenderers=1)))
    app.test_cli_runner().invoke(args=["tenders", "import", "--tenant", "biro", str(path)])
    result = app.test_cli_runner().invoke(args=["tenders", "flags", "--tenant", "biro"])
    assert result.exit_code == 0 and "OCID: 1" in result.output
