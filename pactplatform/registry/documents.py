"""What the index holds for each kind of record: plain column values, built from plain values (the sync hook
and the migration's backfill both call these), never from lazy loads."""
from . import normalise
from .models import ACTION, CERTIFICATE, ORGANISATION


def _grams(*names: str) -> str:
    found = []
    for name in names:
        found.extend(normalise.trigrams(name))
    return " ".join(dict.fromkeys(found))


def organisation(org_id: int, name: str, nib: str | None, npwp: str | None, sector: str, kind: str,
                 former_names: list[str]) -> dict:
    former = [n for n in former_names if n and n != name]
    words = [normalise.name_key(name), *(normalise.name_key(n) for n in former),
             *normalise.identifier_tokens(nib, npwp)]
    return {"kind": ORGANISATION, "ref_id": org_id, "tenant_id": None, "status": kind, "sector": sector or "",
            "region": "", "title": name[:300], "name_key": normalise.name_key(name)[:300],
            "words": " ".join(w for w in words if w), "grams": _grams(name, *former),
            "former_names": "\n".join(former)}


def action(action_id: int, tenant_id: int, title: str, status: str, tender_code: str | None,
           region: str = "") -> dict:
    words = [normalise.name_key(title), *normalise.identifier_tokens(tender_code)]
    if tender_code:
        words.append(" ".join(normalise.words(tender_code)))
    return {"kind": ACTION, "ref_id": action_id, "tenant_id": tenant_id, "status": status, "sector": "",
            "region": region or "", "title": title[:300], "name_key": normalise.name_key(title)[:300],
            "words": " ".join(w for w in words if w), "grams": _grams(title), "former_names": ""}


def certificate(certificate_id: int, tenant_id: int, number: str, level: str, region: str,
                organisation_name: str) -> dict:
    words = [*normalise.identifier_tokens(number), " ".join(normalise.words(number)),
             normalise.name_key(organisation_name)]
    return {"kind": CERTIFICATE, "ref_id": certificate_id, "tenant_id": tenant_id, "status": level or "",
            "sector": "", "region": region or "", "title": f"{number} · {organisation_name}"[:300],
            "name_key": normalise.name_key(organisation_name)[:300],
            "words": " ".join(w for w in words if w), "grams": _grams(organisation_name), "former_names": ""}
