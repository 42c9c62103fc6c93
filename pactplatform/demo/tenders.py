"""A deterministic generator of Indonesian-style OCDS compiled releases (one JSON object per process).

Seeded, so the demo and the benchmark always get the same file. The demo's buyers and firms take part
(matched by NPWP and NIB); a few more buyers and firms are named only in the data and are created by the
import. Most tenders are ordinary; some carry what the red flags look for: one bid only, a short
submission period, every bid but the winner's disqualified, the lowest bid disqualified, a cover bid
just above the winner, identical prices, a late bid that won, a winner far below the others.
"""
import json
import random
from datetime import datetime, timedelta, timezone
from typing import Iterator

from .foundation import ORGANISATIONS

OCID_PREFIX = "ocds-pactdemo"
JAKARTA = timezone(timedelta(hours=7))

_DEMO_FIRMS = [(name, nib, npwp) for name, kind, nib, npwp, *_ in ORGANISATIONS if kind == "firm"]
_DEMO_BUYERS = [(name, npwp) for name, kind, nib, npwp, *_ in ORGANISATIONS if kind == "public_body"]
_MORE_BUYERS = [
    ("Dinas Kesehatan Provinsi Jawa Tengah", "003456789526000"),
    ("RSUD Dr. Moewardi Surakarta", "004567890527000"),
    ("Dinas Perhubungan Kota Semarang", "005678901528000"),
]
_PREFIXES = ["PT", "CV", "PT", "CV", "PT"]
_WORDS = ["Karya", "Mandiri", "Sejahtera", "Abadi", "Jaya", "Utama", "Persada", "Bangun", "Makmur", "Sentosa",
          "Teknik", "Nusantara", "Cipta", "Graha", "Mulia", "Prima", "Sarana", "Tama", "Lestari", "Harapan"]
_WORKS = [("Rehabilitasi jalan ruas", "45233142"), ("Pembangunan jembatan", "45221111"),
          ("Normalisasi saluran drainase", "45232452"), ("Pembangunan gedung", "45210000"),
          ("Pengadaan alat kesehatan", "33100000"), ("Pengadaan komputer", "30213000"),
          ("Jasa konsultansi perencanaan", "71240000"), ("Pengadaan obat-obatan", "33600000"),
          ("Pemeliharaan jaringan air minum", "45232150"), ("Pengadaan kendaraan operasional", "34110000")]
_PLACES = ["Semarang", "Surakarta", "Magelang", "Kudus", "Purwokerto", "Pekalongan", "Tegal", "Salatiga",
           "Boyolali", "Klaten", "Demak", "Kendal"]
# (procurementMethod, procurementMethodDetails, share)
_METHODS = [("open", "Tender", 0.62), ("selective", "Seleksi", 0.14), ("limited", "Penunjukan Langsung", 0.09),
            ("direct", "Pengadaan Langsung", 0.09), ("limited", "E-Purchasing", 0.06)]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def firms(count: int, seed: int = 11) -> list[tuple[str, str, str]]:
    """The demo's firms, then `count - len(demo)` more with their own NIB and NPWP."""
    rng = random.Random(seed)
    found = list(_DEMO_FIRMS)
    names = {name for name, *_ in found}
    while len(found) < count:
        name = f"{rng.choice(_PREFIXES)} {rng.choice(_WORDS)} {rng.choice(_WORDS)} {rng.choice(_PLACES)}"
        if name in names:
            continue
        names.add(name)
        found.append((name, "8" + _digits(rng, 12), "09" + _digits(rng, 13)))
    return found


def _party(name: str, npwp: str, roles: list[str], nib: str | None = None) -> dict:
    party = {"id": f"ID-NPWP-{npwp}", "name": name, "identifier": {"scheme": "ID-NPWP", "id": npwp},
             "roles": roles}
    if nib:
        party["additionalIdentifiers"] = [{"scheme": "ID-NIB", "id": nib}]
    return party


def _iso(moment: datetime) -> str:
    return moment.astimezone(JAKARTA).isoformat()


def releases(count: int, seed: int = 2026, firm_count: int = 40, buyers: list | None = None) -> Iterator[dict]:
    """`count` compiled releases. Every 8th tender or so carries one of the red-flag patterns."""
    rng = random.Random(seed)
    pool = firms(firm_count)
    all_buyers = buyers if buyers is not None else _DEMO_BUYERS + _MORE_BUYERS
    start = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)
    for number in range(count):
        buyer_name, buyer_npwp = all_buyers[number % len(all_buyers)]
        method, details = _method(rng)
        work, code = rng.choice(_WORKS)
        place = rng.choice(_PLACES)
        ocid = f"{OCID_PREFIX}-{2025 + number // 5000}-{number:06d}"
        published = start + timedelta(hours=7 * number + rng.randrange(6))
        pattern = rng.choices(["normal", "single", "short", "all_disqualified", "lowest_disqualified", "cover",
                               "identical", "late", "lemon"], weights=[60, 9, 8, 5, 4, 5, 3, 3, 3])[0]
        days = rng.randrange(3, 11) if pattern == "short" else rng.randrange(15, 36)
        period_end = published + timedelta(days=days)
        estimate = rng.randrange(150, 9000) * 1_000_000
        bidders = 1 if pattern == "single" or method == "direct" else rng.randrange(2, 7)
        chosen = rng.sample(pool, bidders)
        prices = sorted(int(estimate * rng.uniform(0.82, 0.99)) // 1000 * 1000 for _ in chosen)
        statuses = ["valid"] * bidders
        if pattern == "cover" and bidders > 1:
            prices[1] = prices[0] + prices[0] // 400  # 0.25 % above the winner
        if pattern == "lemon" and bidders > 1:
            prices[0] = int(prices[1] * 0.45) // 1000 * 1000
        if pattern == "identical" and bidders > 2:
            prices[2] = prices[1]
        winner = 0
        if pattern == "all_disqualified" and bidders > 1:
            winner = bidders - 1  # the most expensive bid wins once every other one is thrown out
            statuses = ["disqualified"] * bidders
            statuses[winner] = "valid"
        if pattern == "lowest_disqualified" and bidders > 1:
            statuses[0] = "disqualified"
            winner = 1
        bid_dates = [period_end - timedelta(hours=rng.randrange(2, 48)) for _ in chosen]
        if pattern == "late":
            bid_dates[winner] = period_end + timedelta(hours=rng.randrange(1, 20))
        parties = [_party(buyer_name, buyer_npwp, ["buyer", "procuringEntity"])]
        bids = []
        for index, (name, nib, npwp) in enumerate(chosen):
            roles = ["tenderer"] + (["supplier"] if index == winner else [])
            parties.append(_party(name, npwp, roles, nib))
            bids.append({"id": f"{ocid}-bid-{index + 1}", "status": statuses[index], "date": _iso(bid_dates[index]),
                         "tenderers": [{"id": f"ID-NPWP-{npwp}", "name": name}],
                         "value": {"amount": prices[index], "currency": "IDR"}})
        winner_name, _nib, winner_npwp = chosen[winner]
        title = f"{work} {place} Tahun Anggaran {published.year}"
        award_date = period_end + timedelta(days=rng.randrange(7, 21))
        items = [{"id": "1", "description": title, "classification": {"scheme": "CPV", "id": code}}]
        release = {
            "ocid": ocid, "id": f"{ocid}-{_iso(award_date)}", "date": _iso(award_date), "tag": ["compiled"],
            "initiationType": "tender", "language": "id",
            "parties": parties,
            "buyer": {"id": f"ID-NPWP-{buyer_npwp}", "name": buyer_name},
            "tender": {
                "id": f"{number + 10000}", "title": title, "status": "complete",
                "procuringEntity": {"id": f"ID-NPWP-{buyer_npwp}", "name": buyer_name},
                "procurementMethod": method, "procurementMethodDetails": details,
                "mainProcurementCategory": "works" if code.startswith("45") else "goods",
                "value": {"amount": estimate, "currency": "IDR"}, "items": items,
                "tenderPeriod": {"startDate": _iso(published), "endDate": _iso(period_end)},
                "numberOfTenderers": bidders,
            },
            "bids": {"details": bids},
            "awards": [{"id": f"{ocid}-award-1", "status": "active", "date": _iso(award_date),
                        "value": {"amount": prices[winner], "currency": "IDR"},
                        "suppliers": [{"id": f"ID-NPWP-{winner_npwp}", "name": winner_name}], "items": items}],
            "contracts": [{"id": f"{ocid}-contract-1", "awardID": f"{ocid}-award-1", "status": "active",
                           "value": {"amount": prices[winner], "currency": "IDR"},
                           "dateSigned": _iso(award_date + timedelta(days=rng.randrange(3, 14)))}],
        }
        yield release


def _method(rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    for method, details, share in _METHODS:
        if roll < share:
            return method, details
        roll -= share
    return _METHODS[0][0], _METHODS[0][1]


def jsonl(count: int, seed: int = 2026, **options) -> bytes:
    """The releases as JSON Lines."""
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in releases(count, seed, **options))
