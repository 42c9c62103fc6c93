"""Reading OCDS files into compiled releases, streaming, with a problem per bad line (no Flask, no database).

Accepted: compiled releases as JSON Lines (a line may also hold a release or record package), and a
release package or record package as one JSON document. Release packages are merged into compiled
releases by `ocdsmerge`; a record's `compiledRelease` is used as published, else its releases are merged.
Every release is checked against the OCDS 1.1.4 release schema: `fastjsonschema` (the schema compiled
into Python, about ten times quicker) decides, and `jsonschema` names the most relevant error of a release
that fails.

`read(stream)` yields Item(where, release) in file order and records problems; the caller writes nothing
if `reader.problems` is non-empty at the end (all or nothing per file).
"""
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import BinaryIO, Iterator

import fastjsonschema
import jsonschema
import ocdsmerge

from ..orgs import identifiers
from .redflags import jsonl, rfc3339
from .redflags.common import number

JSON_LINES, RELEASE_PACKAGE, RECORD_PACKAGE = "jsonl", "release_package", "record_package"
MAX_PROBLEMS = 100

# The OCDS identifier schemes this platform reads for Indonesian business and tax numbers. org-id.guide
# has no list for Indonesia yet, so the platform uses ID-NIB and ID-NPWP, in `identifier`,
# `additionalIdentifiers` or as the prefix of a party's `id` (e.g. "ID-NPWP-017345678512000").
NIB_SCHEME, NPWP_SCHEME = "ID-NIB", "ID-NPWP"
PUBLIC_ROLES = {"buyer", "procuringEntity", "payer", "funder"}
ROLE_NAMES = {"buyer": "buyer", "procuringEntity": "procuring_entity", "tenderer": "tenderer", "supplier": "supplier"}


@dataclass(frozen=True)
class Problem:
    where: str  # "line 12", "releases[3]", "records[0]", "file"
    message: str


@dataclass(frozen=True)
class Item:
    where: str
    release: dict


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return resources.files("pactplatform.procurement").joinpath("schema/release-schema-1.1.4.json").read_text("utf-8")


def release_schema() -> dict:
    """A fresh copy each time: fastjsonschema writes into the schema it compiles."""
    return json.loads(_schema_text())


@lru_cache(maxsize=1)
def _validator():
    return jsonschema.Draft4Validator(release_schema())


# jsonschema checks no format unless asked to; the compiled check must not either (OCDS dates are
# checked where they are used).
_NO_FORMATS = {name: (lambda value: True) for name in ("date-time", "uri", "email", "date", "uri-reference")}


@lru_cache(maxsize=1)
def _compiled():
    schema = release_schema()

    def local_only(uri: str) -> dict:  # the schema's own id is a URL: resolve it here, never on the network
        if uri.split("#")[0] == schema.get("id"):
            return schema
        raise ValueError(f"no network access for {uri}")

    return fastjsonschema.compile(schema, formats=_NO_FORMATS, handlers={"http": local_only, "https": local_only})


@lru_cache(maxsize=1)
def _merger():
    # Without its "id" (a URL), the schema's "#/definitions/…" references resolve within the document
    # instead of over the network.
    local = {key: value for key, value in release_schema().items() if key != "id"}
    return ocdsmerge.Merger(schema=local)


def schema_problem(release) -> str | None:
    """The most relevant schema error, as 'path: message', or None if the release is valid."""
    try:
        _compiled()(release)
        return None
    except fastjsonschema.JsonSchemaValueException as fast_error:
        error = jsonschema.exceptions.best_match(_validator().iter_errors(release))
        if error is None:  # the two validators disagree only on corner cases: report the compiled one's
            return f"{fast_error.path or '(release)'}: {fast_error.message}"
    path = "/".join(str(part) for part in error.absolute_path)
    return f"{path or '(release)'}: {error.message}"


class HashingReader(io.RawIOBase):
    """Passes bytes through and keeps their SHA-256 and count (the import record names the file it read)."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        self.sha256.update(data)
        self.size += len(data)
        buffer[:len(data)] = data
        return len(data)


@dataclass
class Reader:
    stream: BinaryIO
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    file_format: str = JSON_LINES

    def problem(self, where: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(where, message))

    def __post_init__(self):
        self.hashing = HashingReader(self.stream)

    @property
    def sha256(self) -> str:
        return self.hashing.sha256.hexdigest()

    def __iter__(self) -> Iterator[Item]:
        buffered = io.BufferedReader(self.hashing, buffer_size=1 << 16)
        lines = jsonl.raw_lines(buffered)
        first_number, first = 0, None
        for first_number, raw in enumerate(lines, start=1):
            if raw.strip():
                first = raw
                break
        if first is None:
            self.problem("file", "the file holds no OCDS data")
            return
        try:
            value = jsonl.parse(first)
        except jsonl.InvalidLine:
            # Not one JSON value per line: one (pretty-printed) document.
            yield from self._document(first_number, first, lines)
            return
        yield from self._value(f"line {first_number}", value)
        for number_, raw in enumerate(lines, start=first_number + 1):
            try:
                value = jsonl.parse(raw)
            except jsonl.InvalidLine as error:
                self.problem(f"line {number_}", str(error))
                continue
            if value is not None:
                yield from self._value(f"line {number_}", value)

    def _document(self, first_number: int, first: bytes, lines) -> Iterator[Item]:
        text = b"\n".join([first, *lines])
        try:
            value = jsonl.parse(text.replace(b"\r\n", b"\n").replace(b"\n", b" "))
        except jsonl.InvalidLine as error:
            self.problem(f"line {first_number}", f"neither JSON Lines nor one JSON document: {error}")
            return
        if type(value) is not dict or not ("releases" in value or "records" in value):
            self.problem("file", "a JSON document must be a release package or a record package")
            return
        yield from self._value("file", value)

    def _value(self, where: str, value) -> Iterator[Item]:
        if type(value) is not dict:
            self.problem(where, "not a JSON object")
            return
        if "releases" in value and "ocid" not in value:
            self.file_format = RELEASE_PACKAGE
            yield from self._release_package(where, value)
        elif "records" in value and "ocid" not in value:
            self.file_format = RECORD_PACKAGE
            yield from self._record_package(where, value)
        else:
            problem = schema_problem(value)
            if problem:
                self.problem(where, problem)
                return
            yield Item(where, value)

    def _release_package(self, where: str, package: dict) -> Iterator[Item]:
        releases = package.get("releases")
        if type(releases) is not list:
            self.problem(where, "releases: a release package needs a list of releases")
            return
        by_ocid: dict[str, list[dict]] = {}
        compiled: dict[str, dict] = {}
        for index, release in enumerate(releases):
            place = f"{where}, releases[{index}]" if where != "file" else f"releases[{index}]"
            problem = schema_problem(release) if type(release) is dict else "not a JSON object"
            if problem:
                self.problem(place, problem)
                continue
            tags = release.get("tag") or []
            if "compiled" in tags:
                compiled[release["ocid"]] = release
            else:
                by_ocid.setdefault(release["ocid"], []).append(release)
        for ocid, group in by_ocid.items():
            merged = self._merge(where, ocid, group)
            if merged is not None:
                compiled[ocid] = merged
        for ocid, release in compiled.items():
            yield Item(where, release)

    def _record_package(self, where: str, package: dict) -> Iterator[Item]:
        records = package.get("records")
        if type(records) is not list:
            self.problem(where, "records: a record package needs a list of records")
            return
        for index, record in enumerate(records):
            place = f"{where}, records[{index}]" if where != "file" else f"records[{index}]"
            if type(record) is not dict:
                self.problem(place, "not a JSON object")
                continue
            compiled = record.get("compiledRelease")
            if type(compiled) is dict:
                problem = schema_problem(compiled)
                if problem:
                    self.problem(f"{place}, compiledRelease", problem)
                    continue
                yield Item(place, compiled)
                continue
            releases = record.get("releases")
            full = [r for r in releases if type(r) is dict and "date" in r and "tag" in r] if type(releases) is list else []
            if not full:
                self.problem(place, "the record has neither a compiledRelease nor full releases to merge")
                continue
            problems = [schema_problem(r) for r in full]
            if any(problems):
                self.problem(place, next(p for p in problems if p))
                continue
            merged = self._merge(place, record.get("ocid"), full)
            if merged is not None:
                yield Item(place, merged)

    def _merge(self, where: str, ocid, releases: list[dict]) -> dict | None:
        try:
            return _merger().create_compiled_release(releases)
        except (ocdsmerge.exceptions.OCDSMergeError, TypeError, ValueError) as error:
            self.problem(where, f"the releases of {ocid} cannot be merged: {error}")
            return None


# Extraction: the columns the platform keeps of a compiled release -----------------------------------

def whole_units(value) -> int | None:
    """An OCDS amount as an integer in whole units (rupiah), rounded half up; None if not a finite number."""
    amount = number(value)
    if amount is None:
        return None
    try:
        exact = Decimal(repr(value)) if type(value) is float else Decimal(value)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError):
        return None


def _text(value, limit: int) -> str | None:
    return value[:limit] if type(value) is str else None


def _money(holder) -> tuple[int | None, str | None]:
    value = holder.get("value") if type(holder) is dict else None
    if type(value) is not dict:
        return None, None
    return whole_units(value.get("amount")), _text(value.get("currency"), 8)


def utc(text) -> datetime | None:
    """An RFC 3339 time as naive UTC (how times are stored), or None if it does not parse."""
    if type(text) is not str:
        return None
    instant = rfc3339.parse(text)
    if instant is None:
        return None
    seconds, nanos = instant
    try:  # rfc3339 counts seconds from day 0, the day before 0001-01-01
        return datetime(1, 1, 1) + timedelta(days=-1, seconds=seconds, microseconds=min(nanos, 999_999_999) // 1000)
    except OverflowError:
        return None


def party_identifiers(party: dict) -> tuple[str | None, str | None]:
    """(NIB, NPWP) of an OCDS party, from its identifiers or its id, when well-formed."""
    found = {NIB_SCHEME: None, NPWP_SCHEME: None}
    candidates = []
    for identifier in [party.get("identifier"), *(party.get("additionalIdentifiers") or [])]:
        if type(identifier) is dict and type(identifier.get("scheme")) is str:
            candidates.append((identifier["scheme"], identifier.get("id")))
    party_id = party.get("id")
    if type(party_id) is str:
        for scheme in (NIB_SCHEME, NPWP_SCHEME):
            if party_id.startswith(scheme + "-"):
                candidates.append((scheme, party_id[len(scheme) + 1:]))
    for scheme, value in candidates:
        if scheme not in found or found[scheme] is not None or type(value) not in (str, int):
            continue
        digits = identifiers.digits(str(value))
        valid = identifiers.is_valid_nib(digits) if scheme == NIB_SCHEME else identifiers.is_valid_npwp(digits)
        if valid:
            found[scheme] = digits
    return found[NIB_SCHEME], found[NPWP_SCHEME]


@dataclass
class PartyData:
    ocds_id: str
    name: str
    roles: set[str]
    nib: str | None
    npwp: str | None

    @property
    def public(self) -> bool:
        return bool(self.roles & {"buyer", "procuring_entity"})


@dataclass
class ProcessData:
    ocid: str
    columns: dict
    parties: dict[str, PartyData]
    bids: list[dict]
    awards: list[dict]
    contracts: list[dict]


def _reference_id(reference) -> str | None:
    if type(reference) is not dict:
        return None
    value = reference.get("id")
    return str(value) if type(value) in (str, int) and type(value) is not bool else None


def extract(release: dict) -> ProcessData:
    tender = release.get("tender") if type(release.get("tender")) is dict else {}
    parties: dict[str, PartyData] = {}

    def party(reference, role: str | None) -> str | None:
        ocds_id = _reference_id(reference)
        if ocds_id is None:
            return None
        found = parties.get(ocds_id)
        if found is None:
            name = _text(reference.get("name"), 500) or ocds_id
            found = parties[ocds_id] = PartyData(ocds_id, name, set(), None, None)
        if role:
            found.roles.add(role)
        return ocds_id

    for item in release.get("parties") or []:
        ocds_id = _reference_id(item)
        if ocds_id is None:
            continue
        nib, npwp = party_identifiers(item)
        roles = {ROLE_NAMES[r] for r in item.get("roles") or [] if r in ROLE_NAMES}
        if any(r in PUBLIC_ROLES for r in item.get("roles") or [] if type(r) is str):
            roles.add("public")
        parties[ocds_id] = PartyData(ocds_id, _text(item.get("name"), 500) or ocds_id, roles, nib, npwp)
    buyer = party(release.get("buyer"), "buyer")
    entity = party(tender.get("procuringEntity"), "procuring_entity")
    bids = []
    details = (release.get("bids") or {}).get("details") if type(release.get("bids")) is dict else None
    for bid in details if type(details) is list else []:
        if type(bid) is not dict:
            continue
        tenderers = [party(t, "tenderer") for t in bid.get("tenderers") or []]
        amount, currency = _money(bid)
        bids.append({"ocds_id": _reference_id(bid), "status": _text(bid.get("status"), 64), "amount": amount,
                     "currency": currency, "submitted": _text(bid.get("date"), 64),
                     "party": next((t for t in tenderers if t), None)})
    awards = []
    for award in release.get("awards") or []:
        if type(award) is not dict:
            continue
        suppliers = [party(s, "supplier") for s in award.get("suppliers") or []]
        amount, currency = _money(award)
        awards.append({"ocds_id": _reference_id(award), "status": _text(award.get("status"), 64), "amount": amount,
                       "currency": currency, "party": next((s for s in suppliers if s), None)})
    contracts = []
    for contract in release.get("contracts") or []:
        if type(contract) is not dict:
            continue
        amount, currency = _money(contract)
        contracts.append({"ocds_id": _reference_id(contract), "award_ocds_id": _reference_id({"id": contract.get("awardID")}),
                          "status": _text(contract.get("status"), 64), "amount": amount, "currency": currency,
                          "date_signed": _text(contract.get("dateSigned"), 64)})
    for data in parties.values():
        if "public" in data.roles:
            data.roles.discard("public")
            data.roles.add("public_body")
    amount, currency = _money(tender)
    if amount is None:
        active = [a for a in awards if a["status"] == "active" and a["amount"] is not None]
        if active:
            amount, currency = sum(a["amount"] for a in active), active[0]["currency"]
    period = tender.get("tenderPeriod") if type(tender.get("tenderPeriod")) is dict else {}
    tenderers = tender.get("numberOfTenderers")
    columns = {
        "title": _text(tender.get("title"), 500) or "",
        "status": _text(tender.get("status"), 64),
        "procurement_method": _text(tender.get("procurementMethod"), 64),
        "procurement_method_details": _text(tender.get("procurementMethodDetails"), 255),
        "amount": amount,
        "currency": currency,
        "number_of_tenderers": tenderers if type(tenderers) is int and 0 <= tenderers < 2**31 else None,
        "tender_start": utc(period.get("startDate")),
        "tender_end": utc(period.get("endDate")),
        "release_date": _text(release.get("date"), 64),
    }
    columns["buyer_ocds_id"], columns["procuring_entity_ocds_id"] = buyer, entity
    return ProcessData(release["ocid"], columns, parties, bids, awards, contracts)


def canonical(release: dict) -> tuple[str, str]:
    """The stored text of a release and its SHA-256 (the same release always gives the same text)."""
    text = json.dumps(release, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()
