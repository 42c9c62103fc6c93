"""Demo monitoring and sanctions, built through the same operations as the web (issue 4).

On the province's road pact: a confirmed collusion case and a blacklisting in force against CV Mitra
Karya Mandiri, a confirmed case and a debarment in its objection window against PT Bumi Rekayasa
Persada, a case awaiting an answer, and a signed monitoring report. On an older, closed pact: an
expired debarment. And a city procurement unit that honours the province's sanctions, where CV Mitra
Karya Mandiri is refused when it tries to sign (log in as direktur@mitrakarya.pactdemo.id).
"""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from ..actions import operations as actions
from ..actions import policies
from ..actions.models import CollectiveAction
from ..extensions import db
from ..monitoring import clock
from ..monitoring import operations as monitoring
from ..sanctions import operations as sanctions
from ..signing import operations as signing
from ..tenancy import operations as tenancy
from ..tenancy.scoping import tenant_scope
from .common import SIGNING_PASSPHRASE, org as _org, person, tenant as _tenant

CITY_PEOPLE = [
    ("admin@pbj-semarang.pactdemo.id", "Ratna Kusumawati", "id"),
    ("pokja@pbj-semarang.pactdemo.id", "Eko Prasetyo", "id"),
]
MONITORS = ["pemantau@pantaupengadaan.pactdemo.id", "peneliti@pusatkajian-undip.pactdemo.id"]
LEGAL_BASIS = ("Peraturan Presiden Nomor 16 Tahun 2018 jo. Nomor 12 Tahun 2021 Pasal 78; "
               "Peraturan LKPP Nomor 4 Tahun 2021 tentang Pembinaan Pelaku Usaha PBJ")
UNIT = "Biro Pengadaan Barang dan Jasa Setda Provinsi Jawa Tengah"


def _at(day: date, hour: int = 2) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def _case(tenant, monitor, pact, organisation, data, reported: date, files=()):
    return monitoring.log_case(tenant, monitor, pact, {**data, "organisation_id": organisation.id}, list(files),
                               now=_at(reported))


def _confirmed(tenant, monitor, respondent, pact, organisation, data, reported: date, answer: str | None, reason: str,
               passphrase: str):
    case = _case(tenant, monitor, pact, organisation, data, reported)
    monitoring.notify(case, monitor, reported + timedelta(days=14), "Mohon tanggapan tertulis beserta dokumen pendukung.",
                      now=_at(reported + timedelta(days=1)))
    if answer:
        monitoring.answer(case, respondent, answer, now=_at(reported + timedelta(days=8)))
    monitoring.decide(case, monitor, "confirmed", reason, passphrase, now=_at(reported + timedelta(days=16)))
    return case


def _sanction(tenant, officer, admin, case, data: dict, decided_on: date):
    sanction = sanctions.propose(tenant, officer, case, {"legal_basis": LEGAL_BASIS, "issuing_unit": UNIT, **data},
                                 now=_at(decided_on - timedelta(days=3)))
    sanctions.decide(tenant, admin, sanction, "Sesuai usulan pejabat pengadaan.", today=decided_on,
                     now=_at(decided_on))
    return sanction


def load(users: dict) -> None:
    for email in MONITORS:
        if signing.key_for(users[email]) is None:
            signing.create_signing_key(users[email], SIGNING_PASSPHRASE)
    for email, name, locale in CITY_PEOPLE:
        users[email] = person(email, name, locale)

    bureau = _tenant("ukpbj-jateng")
    admin, officer = users["admin@ukpbj-jateng.pactdemo.id"], users["pejabat@ukpbj-jateng.pactdemo.id"]
    monitor = users["pemantau@pantaupengadaan.pactdemo.id"]
    mitra, bumi, sinar = _org("CV Mitra Karya Mandiri"), _org("PT Bumi Rekayasa Persada"), _org("PT Sinar Jaya Konstruksi")
    lintas, tirta = _org("PT Lintas Marga Sejahtera"), _org("CV Tirta Abadi Sejahtera")
    dpu = _org("Dinas Pekerjaan Umum Bina Marga dan Cipta Karya Provinsi Jawa Tengah")
    today = clock.today()

    with tenant_scope(bureau.id):
        pact = db.session.scalar(select(CollectiveAction).where(
            CollectiveAction.title == "Pakta Integritas Peningkatan Jalan Ruas Semarang–Godong"))
        collusion = _confirmed(
            bureau, monitor, users["direktur@mitrakarya.pactdemo.id"], pact, mitra,
            {"stage": "selection", "violation_type": "collusion", "severity": "major",
             "description": "Dokumen penawaran CV Mitra Karya Mandiri dan satu peserta lain memuat analisa harga satuan "
                            "yang identik, termasuk salah ketik yang sama, dan diunggah dari alamat IP yang sama."},
            date(2026, 7, 20), "Kesamaan dokumen terjadi karena memakai konsultan estimasi yang sama; tidak ada kesepakatan harga.",
            "Kesamaan analisa harga, salah ketik dan alamat IP menunjukkan penyusunan penawaran bersama. "
            "Pelanggaran kewajiban penyedia butir 2 (tidak bersekongkol).", SIGNING_PASSPHRASE)
        _sanction(bureau, officer, admin, collusion, {
            "kind": "blacklisting", "decree_number": "027/SK-DH/UKPBJ-JTG/IX/2026",
            "grounds": "Persekongkolan dalam penyusunan penawaran tender 10298765 (kasus pelanggaran terkonfirmasi).",
            "starts_on": date(2026, 9, 8), "ends_on": None, "years": 2}, date(2026, 9, 1))

        fees = _confirmed(
            bureau, monitor, users["direktur@bumirekayasa.pactdemo.id"], pact, bumi,
            {"stage": "selection", "violation_type": "undisclosed_agent_fees", "severity": "major",
             "description": "PT Bumi Rekayasa Persada membayar 'biaya pendampingan' kepada perantara yang tidak "
                            "diungkapkan dalam pernyataan agen, sebesar 2% dari nilai penawaran."},
            today - timedelta(days=30), "Pembayaran tersebut adalah jasa konsultan hukum biasa.",
            "Perantara tidak memiliki izin konsultan dan menerima pembayaran bergantung pada kemenangan tender.",
            SIGNING_PASSPHRASE)
        _sanction(bureau, officer, admin, fees, {
            "kind": "debarment", "decree_number": f"041/SK-LT/UKPBJ-JTG/{today.year}",
            "grounds": "Imbalan agen yang tidak diungkapkan dalam tender 10298765.",
            "starts_on": today, "ends_on": today + timedelta(days=365)}, today - timedelta(days=2))

        pending = _case(bureau, monitor, pact, sinar,
                        {"stage": "selection", "violation_type": "conflict_of_interest", "severity": "minor",
                         "description": "Seorang komisaris PT Sinar Jaya Konstruksi adalah ipar anggota pokja pemilihan."},
                        today - timedelta(days=3))
        monitoring.notify(pending, monitor, today + timedelta(days=10), "Mohon penjelasan hubungan keluarga tersebut.",
                          now=_at(today - timedelta(days=2)))
        monitoring.publish_report(bureau, monitor, pact, {
            "kind": "periodic", "title": "Laporan Pemantauan Triwulan III 2026",
            "period_start": date(2026, 6, 1), "period_end": date(2026, 8, 31),
            "body": "## Ringkasan\n\nPemantau menelaah dokumen pemilihan, berita acara dan penawaran seluruh peserta.\n\n"
                    "## Temuan\n\n1. Kesamaan dokumen penawaran dua peserta: pelanggaran terkonfirmasi, diusulkan "
                    "masuk daftar hitam.\n2. Jadwal dan HPS diumumkan tepat waktu.\n\n## Rekomendasi\n\n"
                    "Pokja memeriksa metadata berkas penawaran pada setiap tender.",
        }, SIGNING_PASSPHRASE, now=_at(date(2026, 9, 5)))

        drainage = actions.create_action(
            bureau, officer, policies.INTEGRITY_PACT, "Pakta Integritas Normalisasi Saluran Drainase Kawasan Wijayakusuma",
            "Pakta integritas tender drainase tahun anggaran 2024.",
            sections={"obligations_bidder": ["Tidak memberi suap atau gratifikasi", "Tidak memalsukan dokumen"]},
            starts_on=date(2024, 6, 1), ends_on=date(2024, 12, 31),
            tender={"code": "10187654", "title": "Normalisasi Saluran Drainase Kawasan Wijayakusuma",
                    "procuring_entity_id": dpu.id, "budget_ceiling": 3_200_000_000, "owner_estimate": 3_050_000_000,
                    "year": 2024, "stage": "selection"})
        for organisation in (lintas, tirta):
            actions.add_party(drainage, officer, organisation.id, policies.BIDDER)
        actions.assign_monitor(drainage, admin, monitor.id)
        actions.change_status(drainage, officer, "open")
        forged = _confirmed(
            bureau, monitor, None, drainage, lintas,
            {"stage": "selection", "violation_type": "falsified_documents", "severity": "critical",
             "description": "Sertifikat badan usaha yang dilampirkan tidak terdaftar pada LPJK."},
            date(2024, 10, 1), None, "Penyedia tidak menjawab hingga batas waktu; LPJK menyatakan sertifikat tidak pernah diterbitkan.",
            SIGNING_PASSPHRASE)
        _sanction(bureau, officer, admin, forged, {
            "kind": "debarment", "decree_number": "112/SK-LT/UKPBJ-JTG/X/2024",
            "grounds": "Pemalsuan sertifikat badan usaha dalam tender 10187654.",
            "starts_on": date(2024, 11, 4), "ends_on": date(2025, 11, 4)}, date(2024, 10, 28))
        actions.change_status(drainage, officer, "closed")

    city = tenancy.create_tenant(users["admin@pbj-semarang.pactdemo.id"], "Bagian Pengadaan Barang/Jasa Setda Kota Semarang",
                                 "pbj-semarang", "Unit pengadaan kota; menghormati sanksi yang dijatuhkan Biro Pengadaan Provinsi.")
    city_admin, city_officer = users["admin@pbj-semarang.pactdemo.id"], users["pokja@pbj-semarang.pactdemo.id"]
    school_board = _org("Dinas Pendidikan dan Kebudayaan Kota Semarang")
    with tenant_scope(city.id):
        for email, roles in {"pokja@pbj-semarang.pactdemo.id": ["officer"],
                             "pemantau@pantaupengadaan.pactdemo.id": ["monitor"],
                             "direktur@mitrakarya.pactdemo.id": ["representative"],
                             "direktur@cahayabeton.pactdemo.id": ["representative"]}.items():
            tenancy.add_member(city, city_admin, email, roles)
        sanctions.set_honour(city, city_admin, "list", [bureau.id])
        school = actions.create_action(
            city, city_officer, policies.INTEGRITY_PACT, "Pakta Integritas Pembangunan Gedung SMP Negeri 45 Semarang",
            "Dinas Pendidikan dan setiap peserta tender pembangunan gedung sekolah.",
            sections={"obligations_bidder": ["Tidak memberi suap, gratifikasi atau komisi",
                                             "Tidak bersekongkol dengan peserta lain"]},
            starts_on=date(2026, 11, 1), ends_on=date(2027, 12, 31),
            tender={"code": "20261145", "title": "Pembangunan Gedung SMP Negeri 45 Semarang",
                    "procuring_entity_id": school_board.id, "budget_ceiling": 6_400_000_000,
                    "owner_estimate": 6_150_000_000, "year": 2026, "stage": "selection"})
        for organisation in (mitra, _org("PT Cahaya Beton Nusantara")):
            actions.add_party(school, city_officer, organisation.id, policies.BIDDER)
        actions.assign_monitor(school, city_admin, monitor.id)
        actions.change_status(school, city_officer, "open")
