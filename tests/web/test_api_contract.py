"""The public API keeps the contract its OpenAPI document states: schemathesis, with every check, over every
operation of /api/v1/openapi.json, in-process against the app with real data, finds nothing.

The engine is the one `st run --checks all` drives (examples, coverage, fuzzing and stateful phases, positive
and negative data), with a fixed seed and deterministic generation so a failure reproduces; the number of
examples per operation is bounded so the run stays well under a minute.
"""
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events
from schemathesis.generation import GenerationMode

from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.monitoring_fixtures import make_case
from tests.sanctions.helpers import decided

SEED = 20261130
MAX_EXAMPLES = 25


@pytest.fixture
def published(app, monitored, bureau):
    """A signed pact with a confirmed case and a decided sanction, so every 200 path has something to show."""
    from pactplatform.actions import operations

    with tenant_scope(bureau["tenant"].id):
        operations.sign(monitored, bureau["signer_a"], party_of(monitored, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    sanction = decided(bureau, monitored)
    case_b = make_case(bureau, monitored, organisation=bureau["firm_b"], until="confirmed")
    decided(bureau, monitored, case_b, decree_number="SK-002/2026", kind="debarment", ends_on=sanction.starts_on.replace(year=2027))
    return {"action": monitored, "sanction": sanction}


def _config() -> SchemathesisConfig:
    config = SchemathesisConfig()
    config.update(seed=SEED, max_failures=None)
    project = config.projects.override
    project.update(workers=1)
    project.checks.update(included_check_names=["all"])
    project.generation.update(modes=list(GenerationMode), max_examples=MAX_EXAMPLES, deterministic=True,
                              database="none")
    return config


def _run(app) -> tuple[list[str], list[str], set[str]]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=_config())
    failures, errors, tested = [], [], set()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            tested.add(event.recorder.label)
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE:
                        info = check.failure_info
                        failures.append(f"{event.recorder.label}: {check.name}: {info.failure.title}\n"
                                        f"{info.failure.message}\n{info.code_sample}")
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            errors.append(repr(getattr(event, "value", None) or getattr(event, "exception", None)))
    return failures, errors, tested


def test_schemathesis_with_every_check_finds_no_failure(app, published):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    operations = {f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item}
    failures, errors, tested = _run(app)
    assert not errors, "\n".join(errors)
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(dict.fromkeys(failures))
    # Every documented operation was exercised, so a new one is covered without being listed here.
    assert operations <= tested, operations - tested
