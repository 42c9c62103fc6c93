"""Small, schema-valid OCDS releases for tests: exactly the parts each test needs."""
import json

NPWP_PUBLIC = "001234567524001"
NIB_A, NPWP_A = "9120000000101", "010000000000101"
NIB_B, NPWP_B = "9120000000102", "010000000000102"


def party(ocds_id, name, roles, npwp=None, nib=None):
    found = {"id": ocds_id, "name": name, "roles": roles}
    if npwp:
        found["identifier"] = {"scheme": "ID-NPWP", "id": npwp}
    if nib:
        found["additionalIdentifiers"] = [{"scheme": "ID-NIB", "id": nib}]
    return found


def compiled(ocid, *, tenderers=1, method="open", days=20, bids=None, awards=None, title="Jalan Desa", amount=1_000_000,
             buyer=("B", "Dinas PU", NPWP_PUBLIC), extra_parties=(), **tender):
    """A compiled release: a buyer, a tender with its period, and optionally bids and awards."""
    buyer_id, buyer_name, buyer_npwp = buyer
    release = {
        "ocid": ocid, "id": f"{ocid}-1", "date": "2026-01-31T00:00:00Z", "tag": ["compiled"], "initiationType": "tender",
        "parties": [party(buyer_id, buyer_name, ["buyer", "procuringEntity"], buyer_npwp), *extra_parties],
        "buyer": {"id": buyer_id, "name": buyer_name},
        "tender": {"id": ocid, "title": title, "status": "complete", "procurementMethod": method,
                   "procuringEntity": {"id": buyer_id, "name": buyer_name},
                   "value": {"amount": amount, "currency": "IDR"}, "numberOfTenderers": tenderers,
                   "tenderPeriod": {"startDate": "2026-01-01T00:00:00+07:00",
                                    "endDate": f"2026-01-{1 + days:02d}T00:00:00+07:00"}, **tender},
    }
    if bids is not None:
        release["bids"] = {"details": bids}
    if awards is not None:
        release["awards"] = awards
    return release


def firm_parties():
    return (party("A", "PT Alpha", ["tenderer", "supplier"], NPWP_A, NIB_A),
            party("Bx", "PT Beta", ["tenderer"], NPWP_B, NIB_B))


def disqualified_all_but_winner(ocid):
    """Two bidders: B's (lower) bid disqualified, A wins: R035 and R036, with a contract."""
    release = compiled(ocid, tenderers=2, extra_parties=firm_parties(), bids=[
        {"id": "1", "status": "valid", "tenderers": [{"id": "A", "name": "PT Alpha"}],
         "value": {"amount": 900, "currency": "IDR"}},
        {"id": "2", "status": "disqualified", "tenderers": [{"id": "Bx", "name": "PT Beta"}],
         "value": {"amount": 800, "currency": "IDR"}},
    ], awards=[{"id": "1", "status": "active", "suppliers": [{"id": "A", "name": "PT Alpha"}],
                "value": {"amount": 900, "currency": "IDR"}}])
    return _with_contract(release)


def _with_contract(release):
    release["contracts"] = [{"id": "c1", "awardID": "1", "status": "active", "value": {"amount": 900, "currency": "IDR"},
                             "dateSigned": "2026-02-10T00:00:00+07:00"}]
    return release


def jsonl(*releases) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in releases)
