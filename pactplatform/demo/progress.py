"""Demo goals, progress and small wins (issue 14, part A), built through the same operations as the web.

In the contractors' association (akb-jateng): the clean-contractors initiative and the certified coalition
each set a goal with two indicators and report several months of progress, one of them with a setback
explained in its note. The initiative's training target is met (a small win written by the update that met
it) and the coalition's coordinators mark the opening of a shared reporting channel (a second small win).
PT Cahaya Beton Nusantara is named coordinator of the initiative. In the province, the road pact reports on
its subcontracting duty, answered for by CV Mitra Karya Mandiri. With the risk questionnaires, signatures and
sanctions of the other loaders, the passports then show every stage: PT Cahaya Beton Nusantara and PT Sinar
Jaya Konstruksi at collective action, CV Mitra Karya Mandiri at external (it reports in public, but its
blacklisting is in force), the province's public works office at internal (assessed and signed, nothing
published yet).
"""
from datetime import datetime, timedelta

from sqlalchemy import select

from ..actions.models import CollectiveAction
from ..extensions import db
from ..monitoring import clock
from ..progress import operations as progress
from ..risk import operations as risk
from ..tenancy.scoping import tenant_scope
from .common import org as _org
from .common import tenant as _tenant

CAHAYA, SINAR, MITRA = "PT Cahaya Beton Nusantara", "PT Sinar Jaya Konstruksi", "CV Mitra Karya Mandiri"
REPRESENTATIVES = {CAHAYA: "direktur@cahayabeton.pactdemo.id", SINAR: "direktur@sinarjaya.pactdemo.id",
                   MITRA: "direktur@mitrakarya.pactdemo.id"}
ROAD_PACT = "Pakta Integritas Peningkatan Jalan Ruas Semarang–Godong"
# CV Mitra Karya Mandiri's own risk questionnaire, recorded by the province (a blacklisted firm is assessed too).
MITRA_ANSWERS = {"transaction_frequency": "4", "transaction_value": "4", "discretion": "4", "complexity": "3",
                 "hierarchy": "3", "intermediaries": "4", "sector": "4", "policy": "2", "risk_assessment": "2",
                 "compliance_function": "1", "certification": "1", "whistleblowing": "2", "due_diligence": "2",
                 "registers": "2", "sanctions_applied": "1", "losses_recovered": "1"}

# action title -> (goal id/en, [(indicator fields, [(days ago, value, note)])])
PLANS = {
    "Kode Etik Kontraktor Bersih Jawa Tengah": (
        ("Anggota menerapkan kode etik di setiap proyek", "Members apply the code of conduct on every project"), [
            ({"name_id": "Karyawan anggota yang dilatih antikorupsi", "name_en": "Members' staff trained in anti-corruption",
              "unit": "orang", "unit_type": "count", "baseline": "0", "target": "1200", "direction": "up",
              "due": 60, "organisation": CAHAYA, "region": "Kota Semarang"},
             [(150, "150", "Angkatan pertama"), (120, "380", ""), (90, "610", ""), (60, "840", ""),
              (20, "1210", "Target terlampaui pada pelatihan gabungan")]),
            ({"name_id": "Termin dibayar tepat waktu", "name_en": "Progress payments made on time", "unit": "%",
              "unit_type": "percent", "baseline": "45", "target": "90", "direction": "up", "due": 200,
              "organisation": SINAR, "region": "Jawa Tengah"},
             [(140, "48", ""), (110, "55", ""), (80, "61", ""),
              (50, "58", "Mundur: dua termin tertahan menunggu audit APBD-P"), (15, "66", "")]),
        ]),
    "Koalisi Kontraktor Berintegritas Jawa Tengah": (
        ("Setiap laporan dugaan suap ditindaklanjuti", "Every reported bribe request is followed up"), [
            ({"name_id": "Laporan dugaan suap yang ditindaklanjuti", "name_en": "Reported bribe requests followed up",
              "unit": "kasus", "unit_type": "count", "baseline": "0", "target": "16377", "direction": "up",
              "due": 240, "organisation": CAHAYA, "region": "Jawa Tengah"},
             [(130, "2100", ""), (100, "4800", ""), (70, "7300", ""), (25, "9085", "Per minggu II bulan ini")]),
            ({"name_id": "Rata-rata hari penyelesaian laporan", "name_en": "Average days to resolve a report",
              "unit": "hari", "unit_type": "decimal", "baseline": "60", "target": "21", "direction": "down",
              "due": 240, "organisation": SINAR, "region": ""},
             [(125, "55", ""), (95, "47.5", ""), (65, "39", ""), (30, "33", "")]),
        ]),
}


def _at(days_ago: int) -> datetime:
    return (clock.now() - timedelta(days=days_ago)).replace(microsecond=0)


def _road_pact(users: dict, today) -> None:
    """The province's road pact reports on its subcontracting duty; CV Mitra Karya Mandiri answers for its part
    while its blacklisting is in force, which keeps it at the external stage."""
    province = _tenant("ukpbj-jateng")
    officer = users["pejabat@ukpbj-jateng.pactdemo.id"]
    mitra = _org(MITRA)
    with tenant_scope(province.id):
        risk.record_answers(province, officer, mitra.id, MITRA_ANSWERS, now=_at(40))
        pact = db.session.scalar(select(CollectiveAction).where(CollectiveAction.title == ROAD_PACT))
        goal = progress.create_goal(pact, officer, "Subkontrak dilaporkan terbuka", "Subcontracting reported openly")
        indicator = progress.create_indicator(pact, officer, {
            "goal_id": goal.id, "name_id": "Laporan bulanan subkontraktor yang disampaikan",
            "name_en": "Monthly subcontractor reports submitted", "unit": "laporan", "unit_type": "count",
            "baseline": "0", "target": "12", "direction": "up", "due_on": today + timedelta(days=300),
            "organisation_id": mitra.id, "region": "Kabupaten Demak"})
        for days_ago, value in ((95, "1"), (65, "2"), (35, "3")):
            progress.post_update(pact, indicator, users[REPRESENTATIVES[MITRA]], value,
                                 today - timedelta(days=days_ago), "", now=_at(days_ago))


def load(users: dict) -> None:
    _road_pact(users, clock.today())
    association = _tenant("akb-jateng")
    chair = users["ketua@akb-jateng.pactdemo.id"]
    today = clock.today()
    with tenant_scope(association.id):
        actions = {a.title: a for a in db.session.scalars(select(CollectiveAction).where(
            CollectiveAction.title.in_(PLANS)))}
        initiative = actions["Kode Etik Kontraktor Bersih Jawa Tengah"]
        progress.name_coordinator(initiative, chair, _org(CAHAYA).id, now=_at(160))
        for title, ((goal_id, goal_en), indicators) in PLANS.items():
            action = actions[title]
            goal = progress.create_goal(action, chair, goal_id, goal_en)
            for fields, updates in indicators:
                organisation = _org(fields["organisation"])
                indicator = progress.create_indicator(action, chair, {
                    **{k: v for k, v in fields.items() if k not in ("due", "organisation")},
                    "goal_id": goal.id, "due_on": today + timedelta(days=fields["due"]),
                    "organisation_id": organisation.id})
                reporter = users[REPRESENTATIVES[fields["organisation"]]]
                for days_ago, value, note in updates:
                    progress.post_update(action, indicator, reporter, value, today - timedelta(days=days_ago), note,
                                         now=_at(days_ago))
        progress.mark_win(actions["Koalisi Kontraktor Berintegritas Jawa Tengah"], chair, {
            "title": "Kanal pelaporan bersama koalisi dibuka",
            "description": "Anggota dan mitra kini melapor permintaan suap lewat satu kanal yang dipantau sekretariat.",
            "achieved_on": today - timedelta(days=45), "organisation_id": _org(CAHAYA).id}, now=_at(44))
