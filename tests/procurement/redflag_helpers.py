"""Running the console script's code path on JSON Lines built in a test."""
import io
import json

from pactplatform.procurement.redflags import jsonl
from pactplatform.procurement.redflags.run import dumps, run
from pactplatform.procurement.redflags.settings import Settings


def lines(*releases) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in releases)


def indicators(data: bytes | list, ini: str, meta: bool = False, mapping: bool = False) -> dict:
    if isinstance(data, list):
        data = lines(*data)
    # Through the same JSON text the console script prints (NaN becomes null).
    return json.loads(dumps(run(jsonl.values(io.BytesIO(data)), Settings.from_ini(ini), mapping=mapping).output(meta=meta)))


def bid(tenderer, amount=None, status="valid", currency="IDR", **extra):
    found = {"status": status, "tenderers": [{"id": tenderer}] if tenderer is not None else []}
    if amount is not None:
        found["value"] = {"amount": amount, "currency": currency}
    found.update(extra)
    return found


def release(ocid, bids=None, awards=None, **extra):
    found = {"ocid": ocid}
    if bids is not None:
        found["bids"] = {"details": bids}
    if awards is not None:
        found["awards"] = awards
    found.update(extra)
    return found


def won_by(*suppliers, status="active", **extra):
    return {"status": status, "suppliers": [{"id": s} for s in suppliers], **extra}
