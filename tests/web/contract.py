"""schemathesis' engine, as `st run --checks all` drives it, in-process against a Flask app: every phase
(examples, coverage, fuzzing, stateful), positive and negative data, a fixed seed and deterministic
generation so a failure reproduces, and a bounded number of examples per operation."""
import schemathesis
from schemathesis.config import OperationConfig, OperationsConfig, SchemathesisConfig
from schemathesis.engine import Status, events
from schemathesis.generation import GenerationMode

SEED = 20261130
MAX_EXAMPLES = 25


# A file body goes on the wire as it is: schemathesis knows octet-stream and images, not PDF.
schemathesis.serializer.alias("application/pdf", "application/octet-stream")


# Operations that take a file: JSON Schema can say "binary", not "a PDF that can be read", so the
# fuzzer's schema-valid bytes are rightly refused with the documented 422 (unprocessable content).
FILE_BODIES = [r"^/api/v1/.*/verify$"]


def _file_bodies() -> OperationsConfig:
    return OperationsConfig(operations=[
        OperationConfig.from_dict({"include-path-regex": pattern, "checks": {"positive_data_acceptance": {
            "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]}}})
        for pattern in FILE_BODIES])


def _config(max_examples: int) -> SchemathesisConfig:
    config = SchemathesisConfig()
    config.update(seed=SEED, max_failures=None)
    project = config.projects.override
    project.update(workers=1)
    project.checks.update(included_check_names=["all"])
    project.generation.update(modes=list(GenerationMode), max_examples=max_examples, deterministic=True,
                              database="none")
    return config


def run_schemathesis(app, path_regex: str | None = None,
                     max_examples: int = MAX_EXAMPLES) -> tuple[list[str], list[str], set[str]]:
    """Failures, errors and the operations tested, of one run over the app's document (or the paths that
    match `path_regex`)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=_config(max_examples))
    if path_regex:
        schema = schema.include(path_regex=path_regex)
    schema.config.operations = _file_bodies()
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
