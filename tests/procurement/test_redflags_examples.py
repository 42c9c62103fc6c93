"""Cardinal's demonstration examples give exactly their documented output (RED_FLAGS.md §7), through
the installed console script, read from ../shared beside the clone as CI has it."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pactplatform import PROJECT_ROOT

# CI has shared/ beside the clone; a git worktree sits one level deeper, so look up the ancestors.
EXAMPLES = next((parent / "shared" / "redflags-examples" for parent in PROJECT_ROOT.parents
                 if (parent / "shared" / "redflags-examples").is_dir()), PROJECT_ROOT.parent / "shared" / "redflags-examples")
CODES = ["003", "018", "024", "025", "028", "030", "035", "036", "038", "048", "058"]
SCRIPT = Path(sys.executable).parent / "pactplatform-redflags"


def _command(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=60)


def test_the_examples_are_there():
    assert {p.stem for p in (EXAMPLES / "R").glob("*.jsonl")} == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_demonstration_example_gives_its_expected_output(code):
    settings = EXAMPLES / "R" / f"{code}.ini"
    if not settings.exists():
        settings = EXAMPLES / "settings.ini"
    done = _command("indicators", "--settings", str(settings), "--no-meta", str(EXAMPLES / "R" / f"{code}.jsonl"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads((EXAMPLES / "R" / f"{code}.expected").read_text())


def test_meta_of_the_r038_example_under_every_indicator():
    done = _command("indicators", "--settings", str(EXAMPLES / "settings.ini"), str(EXAMPLES / "R" / "038.jsonl"))
    assert json.loads(done.stdout) == {
        "Buyer": {"B": {"R038": 0.5}},
        "Meta": {"R024": {"q1": None, "q3": None, "lower_fence": None},
                 "R025": {"q1": None, "q3": None, "upper_fence": None, "lower_fence": None},
                 "R038": {"Buyer_q1": 0.5, "Buyer_q3": 0.5, "Buyer_upper_fence": 0.5},
                 "R048": {"q1": None, "q3": None, "upper_fence": None},
                 "R058": {"q1": None, "q3": None, "upper_fence": None}}}


def test_stdin_map_and_count(tmp_path):
    settings = tmp_path / "s.ini"
    settings.write_text("[R024]\n[R035]\n")
    data = (EXAMPLES / "R" / "035.jsonl").read_bytes()
    done = subprocess.run([str(SCRIPT), "indicators", "--settings", str(settings), "--map", "--count", "-"],
                          input=data, capture_output=True, timeout=60)
    output = json.loads(done.stdout)
    assert output["Maps"]["ocid_tenderer_r035"] == {"F": ["V"]}
    assert set(output["Maps"]) == {"ocid_buyer_r038", "ocid_procuringentity_r038", "ocid_tenderer",
                                   "ocid_tenderer_r024", "ocid_tenderer_r028", "ocid_tenderer_r030",
                                   "ocid_tenderer_r035", "ocid_tenderer_r058"}
    assert output["Meta"] == {"R024": {"q1": None, "q3": None, "lower_fence": None}}
    assert "OCID: 1" in done.stderr.decode() and "Tenderer: 1" in done.stderr.decode()


def test_without_settings_nothing_runs(tmp_path):
    done = _command("indicators", str(EXAMPLES / "R" / "018.jsonl"))
    assert done.returncode == 0 and json.loads(done.stdout) == {"Meta": {}}


@pytest.mark.parametrize("ini", ["[R999]\n", "[R003]\nthreshold = 15 # default\n", "bogus = 1\n",
                                 "[R024]\nthreshold = high\n"])
def test_a_bad_settings_file_is_an_error(tmp_path, ini):
    settings = tmp_path / "bad.ini"
    settings.write_text(ini)
    done = _command("indicators", "--settings", str(settings), str(EXAMPLES / "R" / "018.jsonl"))
    assert done.returncode != 0 and "settings" in done.stderr and done.stdout == ""


def test_the_script_imports_no_flask():
    code = ("import sys, runpy; sys.argv=['x','indicators','-']; sys.stdin=open('/dev/null');"
            "import pactplatform.procurement.cli_redflags as c; c.main(['indicators','/dev/null']);"
            "assert 'flask' not in sys.modules and 'sqlalchemy' not in sys.modules, sorted(sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
