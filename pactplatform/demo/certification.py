"""Demo certification, built through the same operations as the web (issue 10).

In the contractors' association (akb-jateng), the coalition certification scheme, whose declaration is
joining the association's certified coalition, with firms at every stage: declared, self-assessed,
under audit with changes requested, granted, refused, one suspended
by the province's blacklisting (which the association honours), one expired, and one in its renewal
window with the renewal declared. In the provincial procurement bureau (ukpbj-jateng), a Zona Integritas
programme with public work units: one unit holding Menuju WBK and then Menuju WBBM, one under audit,
one self-assessed, one declared. Benefits: in the province, a unit holding Menuju WBK or better needs no
officer's justification a risk band would ask for, and both tenants show the certificate as a badge.
The auditor (auditor@sertifikasi-integritas.pactdemo.id) has work waiting: a unit under audit to
recommend, and a firm's answer to a change request.
"""
from datetime import date, datetime
from decimal import Decimal

from ..actions.models import CollectiveAction
from ..certification import operations as certification
from ..certification import schemes
from ..extensions import db
from ..orgs import operations as orgs
from ..sanctions import operations as sanctions
from ..signing import operations as signing
from ..tenancy import operations as tenancy
from ..tenancy.scoping import tenant_scope
from .common import SIGNING_PASSPHRASE as P
from .common import org as _org
from .common import person
from .common import tenant as _tenant

AUDITOR = "auditor@sertifikasi-integritas.pactdemo.id"
GOOD = {"A1": "yes", "A2": "yes", "A3": "A", "B1": "yes", "B2": "A", "B3": "A", "C1": "A", "C2": "A", "C3": "yes",
        "C4": "yes", "C5": "A", "C6": "B", "D1": "A", "D2": "90", "D3": "yes", "E1": "95", "E2": "yes", "F1": "A",
        "F2": "A", "F3": "yes", "G1": "yes", "G2": "B", "G3": "yes"}
FAIR = {**GOOD, "A3": "B", "B3": "B", "C2": "B", "C3": "no", "C6": "C", "D2": "60", "E1": "85", "E2": "no",
        "F2": "B", "G2": "C"}
WEAK = {**FAIR, "C4": "no", "D1": "B", "F1": "B"}
UNITS = [
    # name, NPWP, address, head's email, head's name
    ("Dinas Penanaman Modal dan PTSP Provinsi Jawa Tengah", "091111111530000", "Jl. Mgr. Soegijopranoto No. 1, Semarang",
     "kadis@dpmptsp-jateng.pactdemo.id", "Ratih Kusumaningrum"),
    ("Badan Pendapatan Daerah Provinsi Jawa Tengah", "092222222531000", "Jl. Pemuda No. 1, Semarang",
     "kaban@bapenda-jateng.pactdemo.id", "Drs. Wibowo Santoso"),
    ("RSUD Dr. Moewardi Provinsi Jawa Tengah", "093333333532000", "Jl. Kolonel Sutarto No. 132, Surakarta",
     "direktur@rsmoewardi.pactdemo.id", "dr. Laksmi Handayani"),
    ("Dinas Komunikasi dan Informatika Provinsi Jawa Tengah", "094444444533000", "Jl. Menteri Supeno No. 2, Semarang",
     "kadis@diskominfo-jateng.pactdemo.id", "Riena Retnaningrum"),
]


def _at(day: str, hour: int = 3) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour)


def _key(user) -> None:
    if signing.key_for(user) is None:
        signing.create_signing_key(user, P)


def _zi_answers(definition: dict, shares: dict[str, int], ipak: str, ck: str, ipkp: str) -> dict:
    """Each pengungkit half at its share of the weight (as the worked example of CERTIFICATION.md)."""
    answers = {"IPAK": ipak, "CK": ck, "IPKP": ipkp}
    for area in definition["areas"]:
        if area.get("component") != "pengungkit":
            continue
        share = Decimal(shares[area["area_group"]]) / 100
        first, second, third = area["criteria"]
        answers[first["code"]] = str((share - Decimal("0.6")) / Decimal("0.4") * 100)
        for criterion in (second, third):
            answers[criterion["code"]] = "yes" if criterion["type"] == "yes_no" else "A"
    return answers


def _run(tenant, scheme, organisation, rep, admin, auditor, until: str, days: dict[str, str], answers: dict,
         audit_answers: dict | None = None, level: str | None = None, renews=None, scope: str = "",
         region: str = "Jawa Tengah"):
    """One application through the process up to `until`, each step on its demo day."""
    application = certification.declare(tenant, rep, scheme, organisation.id, P, scope=scope, region=region,
                                        renews_certificate_id=renews.id if renews else None,
                                        now=_at(days["declared"]))
    steps = ["declared", "self_assessed", "submitted", "assigned", "under_audit", "changes_requested",
             "resubmitted", "recommended", "decided"]
    reached = steps[:steps.index(until) + 1]
    if "changes" not in days:  # this one went straight from audit to recommendation
        reached = [step for step in reached if step not in ("changes_requested", "resubmitted")]
    if "self_assessed" in reached:
        certification.self_assess(application, rep, answers, now=_at(days["self_assessed"]))
    if "submitted" in reached:
        certification.submit(application, rep, now=_at(days["submitted"]))
    if "assigned" in reached:
        certification.assign_auditor(tenant, admin, application, auditor.id, now=_at(days["submitted"], 6))
    if "under_audit" in reached:
        certification.sign_no_conflict(application, auditor, P, now=_at(days["audit"]))
        certification.audit(application, auditor, audit_answers or answers,
                            findings={code: "Bukti diperiksa di lokasi." for code in list(answers)[:2]},
                            now=_at(days["audit"], 5))
    if "changes_requested" in reached:
        certification.request_changes(application, auditor, "Lengkapi notulen tinjauan manajemen (G2) dan register "
                                      "hadiah (C1) tahun berjalan.", date.fromisoformat(days["changes_due"]),
                                      now=_at(days["changes"]))
    if "resubmitted" in reached:
        certification.submit(application, rep, now=_at(days["resubmitted"]))
    if "recommended" in reached:
        certification.recommend(application, auditor, "Bukti lengkap dan sesuai; sistem berjalan efektif.", P,
                                now=_at(days["recommended"]))
    if "decided" in reached:
        grant = level is not None
        certification.decide(tenant, admin, application, grant, level,
                             "" if grant else "Larangan uang pelicin belum ditetapkan dan uji tuntas mitra belum "
                             "menyeluruh.", P, now=_at(days["decided"]))
    return application


def _certificate(application):
    from ..certification.models import Certificate

    return db.session.scalar(db.select(Certificate).where(Certificate.application_id == application.id))


def _coalition(users: dict) -> None:
    association = _tenant("akb-jateng")
    chair, auditor = users["ketua@akb-jateng.pactdemo.id"], users[AUDITOR]
    committee = users["direktur@sinarjaya.pactdemo.id"]  # an admin of the association who decides
    with tenant_scope(association.id):
        tenancy.set_roles(association, chair, chair.id, ["admin", "representative"])
        for email in ("direktur@bumirekayasa.pactdemo.id", "direktur@anugerahteknik.pactdemo.id"):
            tenancy.add_member(association, chair, email, ["representative"])
        coalition = db.session.scalar(db.select(CollectiveAction).where(
            CollectiveAction.title == "Koalisi Kontraktor Berintegritas Jawa Tengah"))
        scheme = certification.create_scheme(association, chair, schemes.COALITION,
                                             "Sertifikasi Kontraktor Berintegritas", action_id=coalition.id,
                                             now=_at("2023-01-09"))
        certification.publish(scheme, chair, now=_at("2023-01-10"))
        rep = {
            "cahaya": users["direktur@cahayabeton.pactdemo.id"], "sinar": committee,
            "mitra": users["direktur@mitrakarya.pactdemo.id"], "bumi": users["direktur@bumirekayasa.pactdemo.id"],
            "anugerah": users["direktur@anugerahteknik.pactdemo.id"],
        }
        run = lambda name, who, until, days, answers, **kw: _run(  # noqa: E731
            association, scheme, _org(name), who, committee, auditor, until, days, answers, **kw)
        expired = run("PT Lintas Marga Sejahtera", chair, "decided", {
            "declared": "2023-02-01", "self_assessed": "2023-03-01", "submitted": "2023-03-15", "audit": "2023-04-10",
            "recommended": "2023-04-20", "decided": "2023-05-02"}, FAIR, level="certified", region="Surakarta")
        in_window = run("PT Nusantara Jembatan Utama", chair, "decided", {
            "declared": "2023-09-01", "self_assessed": "2023-10-02", "submitted": "2023-10-16",
            "audit": "2023-11-20", "recommended": "2023-12-04", "decided": "2024-01-15"}, GOOD,
            level="certified_advanced", region="Semarang")
        run("PT Nusantara Jembatan Utama", chair, "declared", {"declared": "2026-11-02"}, GOOD,
            renews=_certificate(in_window), region="Semarang")
        run("PT Cahaya Beton Nusantara", rep["cahaya"], "decided", {
            "declared": "2024-11-04", "self_assessed": "2024-12-02", "submitted": "2024-12-16", "audit": "2025-01-13",
            "changes": "2025-01-14", "changes_due": "2025-02-14", "resubmitted": "2025-02-03",
            "recommended": "2025-02-10", "decided": "2025-02-24"}, GOOD, level="certified_advanced",
            scope="Konstruksi jalan dan jembatan", region="Semarang")
        mitra = run("CV Mitra Karya Mandiri", rep["mitra"], "decided", {
            "declared": "2025-03-03", "self_assessed": "2025-03-31", "submitted": "2025-04-14", "audit": "2025-05-05",
            "recommended": "2025-05-19", "decided": "2025-06-02"}, FAIR, level="certified", region="Magelang")
        run("CV Tirta Abadi Sejahtera", chair, "decided", {
            "declared": "2025-09-01", "self_assessed": "2025-10-01", "submitted": "2025-10-15", "audit": "2025-11-10",
            "recommended": "2025-11-24", "decided": "2025-12-08"}, WEAK, level=None, region="Purwokerto")
        run("PT Bumi Rekayasa Persada", rep["bumi"], "changes_requested", {
            "declared": "2026-05-04", "self_assessed": "2026-06-01", "submitted": "2026-06-15", "audit": "2026-07-13",
            "changes": "2026-11-16", "changes_due": "2027-01-15"}, FAIR, region="Semarang")
        run("PT Anugerah Teknik Semarang", rep["anugerah"], "self_assessed", {
            "declared": "2026-08-03", "self_assessed": "2026-09-07"}, FAIR, region="Semarang")
        run("PT Sinar Jaya Konstruksi", rep["sinar"], "declared", {"declared": "2026-10-05"}, GOOD,
            region="Surakarta")
        # The association honours the province's debarments and blacklistings: CV Mitra Karya Mandiri's
        # blacklisting there suspends its certificate for as long as it is in force.
        sanctions.set_honour(association, chair, "list", [_tenant("ukpbj-jateng").id])
        # A member's valid certificate shows as a badge beside it in the coalition's lists.
        certification.set_benefits(association, chair, [
            {"scheme_id": scheme.id, "min_level": "certified", "benefits": ["badge"]}])
        assert _certificate(mitra) is not None


def _zona_integritas(users: dict) -> None:
    bureau = _tenant("ukpbj-jateng")
    admin, auditor = users["admin@ukpbj-jateng.pactdemo.id"], users[AUDITOR]
    heads = {}
    for name, npwp, address, email, head_name in UNITS:
        head = users[email] = person(email, head_name, "id")
        _key(head)
        orgs.register_organisation(head, name, "public_body", None, npwp, address, "Pemerintah daerah",
                                   title="Kepala")
        heads[name] = head
    with tenant_scope(bureau.id):
        for email in heads.values():
            tenancy.add_member(bureau, admin, email.email, ["representative"])
        scheme = certification.create_scheme(bureau, admin, schemes.ZONA_INTEGRITAS,
                                             "Zona Integritas Pemerintah Provinsi Jawa Tengah", now=_at("2024-01-08"))
        certification.publish(scheme, admin, now=_at("2024-01-09"))
        definition = scheme.published.definition
        wbbm = _zi_answers(definition, {"MP": 90, "PT": 90, "PP": 90, "AK": 85, "SDM": 80, "PW": 80}, "3.72", "A", "3.65")
        wbk = _zi_answers(definition, {"MP": 80, "PT": 75, "PP": 80, "AK": 70, "SDM": 75, "PW": 70}, "3.64", "B", "3.40")
        short = _zi_answers(definition, {"MP": 70, "PT": 65, "PP": 70, "AK": 60, "SDM": 65, "PW": 60}, "3.30", "C", "3.10")
        run = lambda name, until, days, answers, **kw: _run(  # noqa: E731
            bureau, scheme, _org(name), heads[name], admin, auditor, until, days, answers, **kw)
        names = [unit[0] for unit in UNITS]
        run(names[0], "decided", {"declared": "2024-02-01", "self_assessed": "2024-03-04", "submitted": "2024-05-02",
                                  "audit": "2024-08-12", "recommended": "2024-09-16", "decided": "2024-11-11"},
            wbk, level="wbk", scope="Pelayanan perizinan terpadu satu pintu", region="Semarang")
        run(names[0], "decided", {"declared": "2026-01-12", "self_assessed": "2026-03-02", "submitted": "2026-05-04",
                                  "audit": "2026-07-13", "recommended": "2026-08-17", "decided": "2026-09-21"},
            wbbm, level="wbbm", scope="Pelayanan perizinan terpadu satu pintu", region="Semarang")
        run(names[2], "under_audit", {"declared": "2026-01-19", "self_assessed": "2026-03-09",
                                      "submitted": "2026-05-11", "audit": "2026-11-09"}, short, region="Surakarta")
        run(names[1], "self_assessed", {"declared": "2026-09-14", "self_assessed": "2026-11-02"}, wbk,
            region="Semarang")
        run(names[3], "declared", {"declared": "2026-10-12"}, short, region="Semarang")
        # In the province's pacts, a unit holding Menuju WBK (or better) needs no officer's justification where a
        # risk band would ask for one, and shows its predicate beside its name.
        certification.set_benefits(bureau, admin, [
            {"scheme_id": scheme.id, "min_level": "wbk", "benefits": ["badge", "waive_justification"]}])


def load(users: dict) -> None:
    for email in ("ketua@akb-jateng.pactdemo.id", "admin@ukpbj-jateng.pactdemo.id", AUDITOR,
                  "direktur@sinarjaya.pactdemo.id", "direktur@bumirekayasa.pactdemo.id",
                  "direktur@anugerahteknik.pactdemo.id"):
        _key(users[email])
    _coalition(users)
    _zona_integritas(users)
