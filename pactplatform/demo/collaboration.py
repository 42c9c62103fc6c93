"""Demo working arrangements of the contractors' association's certified coalition (issue 14, part B): a charter
decision signed by the chair and then superseded by a second one (so the page shows a diff), three meetings with
decisions, some done and some still open, and two survey rounds — the first closed with every member's answers,
the second still open with fewer answers than the five that show results."""
from datetime import date

from sqlalchemy import select

from ..actions.models import CollectiveAction
from ..collaboration import access
from ..collaboration import operations as collaboration
from ..extensions import db
from ..orgs.models import Representative
from ..signing import operations as signing
from ..tenancy.scoping import tenant_scope
from .common import SIGNING_PASSPHRASE
from .common import tenant as _tenant

CHAIR = "ketua@akb-jateng.pactdemo.id"
RULES = ("1. Setiap anggota hadir dalam rapat atau mengirim wakil yang berwenang.\n"
         "2. Keputusan diambil secara musyawarah; bila tidak tercapai, dengan suara terbanyak anggota yang hadir.\n"
         "3. Konflik kepentingan diungkapkan sebelum pembahasan dimulai.")
FIRST_ROUND = [
    {"discovery": 4, "definition": 4, "deliberation": 3, "determination": 3, "mutual_trust": 3,
     "mutual_understanding": 4, "internal_legitimacy": 4, "commitment": 4, "procedural_arrangements": 3,
     "leadership": 4, "knowledge": 3, "resources": 2},
    {"discovery": 3, "definition": 4, "deliberation": 4, "determination": 3, "mutual_trust": 2,
     "mutual_understanding": 3, "internal_legitimacy": 4, "commitment": 5, "procedural_arrangements": 3,
     "leadership": 4, "knowledge": 4, "resources": 2},
    {"discovery": 4, "definition": 3, "deliberation": 3, "determination": 4, "mutual_trust": 3,
     "mutual_understanding": 3, "internal_legitimacy": 5, "commitment": 4, "procedural_arrangements": 4,
     "leadership": 3, "knowledge": 3, "resources": 1},
]


def _representative(organisation_id: int):
    return db.session.scalar(select(Representative).where(Representative.organisation_id == organisation_id)
                             .order_by(Representative.id).limit(1)).user


def load(users: dict) -> None:
    association = _tenant("akb-jateng")
    chair = users[CHAIR]
    if signing.key_for(chair) is None:
        signing.create_signing_key(chair, SIGNING_PASSPHRASE)
    with tenant_scope(association.id):
        coalition = db.session.scalar(select(CollectiveAction).where(
            CollectiveAction.title == "Koalisi Kontraktor Berintegritas Jawa Tengah"))
        members = access.member_organisations(coalition)
        names = [m.name for m in members]
        first = collaboration.adopt_charter(
            coalition, chair, f"Sertifikasi anggota: {names[0]}\nWilayah Semarang Raya: {names[1 % len(names)]}",
            "Bulanan, Rabu kedua", RULES, "Setiap koordinator melaporkan kemajuan kepada rapat anggota setiap triwulan.")
        collaboration.sign_charter(coalition, first, chair, SIGNING_PASSPHRASE)
        second = collaboration.adopt_charter(
            coalition, chair, f"Sertifikasi anggota: {names[0]}\nWilayah Semarang Raya: {names[1 % len(names)]}\n"
                              f"Pelaporan dan data: {names[2 % len(names)]}",
            "Bulanan, Rabu kedua", RULES + "\n4. Notulen dibagikan kepada semua anggota paling lambat tiga hari kerja.",
            "Setiap koordinator melaporkan kemajuan kepada rapat anggota setiap triwulan.")
        collaboration.sign_charter(coalition, second, chair, SIGNING_PASSPHRASE)

        ids = [m.id for m in members]
        meetings = [
            (date(2026, 8, 12), "1. Pembukaan\n2. Rencana sertifikasi anggota\n3. Lain-lain",
             "**Hadir** seluruh anggota. Disepakati jadwal *self-assessment* sebelum akhir September.",
             [("Menyusun panduan self-assessment untuk anggota kecil", 0, date(2026, 9, 15), "done"),
              ("Mengumpulkan kebutuhan pelatihan anggota", 1, date(2026, 9, 30), "done")]),
            (date(2026, 9, 16), "1. Hasil self-assessment\n2. Kanal pelaporan permintaan suap",
             "Dibahas kanal pelaporan. Sekretariat menyiapkan formulir.\n\n- kanal surel\n- kotak saran",
             [("Menyiapkan formulir pelaporan permintaan suap", 2, date(2026, 10, 31), "open"),
              ("Mengundang auditor eksternal untuk sosialisasi", 0, date(2026, 10, 15), "dropped")]),
            (date(2026, 10, 14), "1. Evaluasi triwulan\n2. Survei kesehatan kerja sama",
             "Hasil survei putaran 1 dibahas: sumber daya adalah unsur terlemah.",
             [("Mengusulkan iuran anggota untuk pelatihan bersama", 1, date(2026, 12, 15), "open"),
              ("Menyusun laporan triwulan kepada pemerintah provinsi", 2, date(2027, 1, 15), "open")]),
        ]
        for held_on, agenda, minutes, decisions in meetings:
            meeting = collaboration.record_meeting(coalition, chair, held_on, agenda, minutes, ids)
            for text, who, due_on, status in decisions:
                item = collaboration.record_decision(coalition, meeting, chair, text, ids[who % len(ids)], due_on)
                if status != "open":
                    collaboration.set_follow_up_status(coalition, item, chair, status)

        closed = collaboration.open_round(coalition, chair)
        for index, organisation in enumerate(members):
            collaboration.answer_round(coalition, closed, _representative(organisation.id), organisation.id,
                                       FIRST_ROUND[index % len(FIRST_ROUND)])
        collaboration.close_round(coalition, closed, chair)
        current = collaboration.open_round(coalition, chair)
        for index, organisation in enumerate(members[:2]):
            collaboration.answer_round(coalition, current, _representative(organisation.id), organisation.id,
                                       {**FIRST_ROUND[index], "resources": 3})
