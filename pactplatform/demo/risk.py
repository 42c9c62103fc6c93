"""Demo risk data (issue 11): a published methodology in every tenant, risk events spread over the province's
heat map, questionnaire answers for several organisations, and PT Sinar Jaya Konstruksi in the high band, so
its signature on the pending amendment of the Semarang–Godong pact asks for an officer's justification.

The scores themselves are not written here: the events and answers are, and the scores follow them when the
demo's one transaction commits (risk/events.py), as they would on the site."""
from datetime import timedelta

from ..monitoring import clock
from ..risk import operations as risk
from ..tenancy.scoping import tenant_scope
from .common import org as _org
from .common import tenant as _tenant

METHODOLOGIES = (
    ("ukpbj-jateng", "admin@ukpbj-jateng.pactdemo.id", "standard-4x4",
     "Metodologi awal: skala dan matriks 4×4 standar, KRI dan selera risiko bawaan."),
    ("akb-jateng", "ketua@akb-jateng.pactdemo.id", "impact-emphasis-4x4",
     "Asosiasi menekankan dampak: suap bernilai besar tetap tinggi walau jarang."),
    ("pbj-semarang", "admin@pbj-semarang.pactdemo.id", "kpk-5x5",
     "Mengikuti matriks 5×5 formulir titik rawan KPK."),
)

# (organisation, kind, process, description, likelihood (value or code), impact (rupiah or code), days ago)
EVENTS = (
    ("PT Sinar Jaya Konstruksi", "risk", "Pemilihan penyedia", "Komisaris berhubungan keluarga dengan anggota pokja.",
     "4", "I3", 12),
    ("PT Sinar Jaya Konstruksi", "risk", "Pelaksanaan kontrak", "Addendum volume pekerjaan tanpa justifikasi teknis.",
     "L3", 420_000_000, 40),
    ("PT Cahaya Beton Nusantara", "risk", "Pembayaran", "Penagihan termin sebelum opname lapangan.", "L1", "I2", 60),
    ("PT Graha Rancang Bangun", "risk", "Perencanaan", "Spesifikasi teknis mengarah ke satu merek.", "L2", "I3", 75),
    ("PT Lintas Marga Sejahtera", "risk", "Pemilihan penyedia", "Penawaran selalu tepat di bawah HPS.", "6", "I2", 90),
    ("CV Sumber Rejeki Teknik", "risk", "Pengadaan langsung", "Pemecahan paket untuk menghindari tender.",
     "L4", "I1", 20),
    ("Dinas Pekerjaan Umum Bina Marga dan Cipta Karya Provinsi Jawa Tengah", "risk", "Perizinan",
     "Permintaan uang pelicin untuk rekomendasi teknis.", "L2", 80_000_000, 15),
    ("Dinas Pekerjaan Umum Bina Marga dan Cipta Karya Provinsi Jawa Tengah", "audit_finding", "Pemeriksaan BPK",
     "Kelebihan pembayaran pekerjaan jalan (temuan BPK).", "L2", 120_000_000, 150),
    ("PT Nusantara Jembatan Utama", "risk", "Serah terima", "Berita acara serah terima ditandatangani sebelum selesai.",
     "L1", "I4", 200),
    ("CV Tirta Abadi Sejahtera", "risk", "Pemilihan penyedia", "Dokumen kualifikasi dipinjam dari perusahaan lain.",
     "L3", "I2", 30),
)

# Answers (1 = best … 5 = worst for vulnerability; 1 = weak … 5 = strong for controls), and KRI values.
ANSWERS = {
    "PT Sinar Jaya Konstruksi": {
        "transaction_frequency": "4", "transaction_value": "5", "discretion": "4", "complexity": "4",
        "hierarchy": "4", "intermediaries": "5", "sector": "4", "policy": "1", "risk_assessment": "1",
        "compliance_function": "1", "certification": "1", "whistleblowing": "1", "due_diligence": "1",
        "registers": "1", "sanctions_applied": "1", "losses_recovered": "1", "KRI3": "8", "KRI5": "30"},
    "PT Cahaya Beton Nusantara": {
        "transaction_frequency": "3", "transaction_value": "3", "discretion": "2", "complexity": "3",
        "hierarchy": "2", "intermediaries": "1", "sector": "3", "policy": "5", "risk_assessment": "4",
        "compliance_function": "4", "certification": "4", "whistleblowing": "4", "due_diligence": "4",
        "registers": "5", "sanctions_applied": "4", "losses_recovered": "3", "KRI3": "1", "KRI5": "5"},
    "Dinas Pekerjaan Umum Bina Marga dan Cipta Karya Provinsi Jawa Tengah": {
        "transaction_frequency": "4", "transaction_value": "5", "discretion": "4", "complexity": "4",
        "hierarchy": "3", "intermediaries": "2", "sector": "4", "policy": "4", "risk_assessment": "3",
        "compliance_function": "3", "certification": "2", "whistleblowing": "4", "due_diligence": "3",
        "registers": "3", "sanctions_applied": "3", "losses_recovered": "2", "KRI2": "1.2", "KRI3": "3",
        "KRI5": "18"},
    "PT Graha Rancang Bangun": {
        "transaction_frequency": "3", "transaction_value": "4", "discretion": "4", "complexity": "3",
        "hierarchy": "3", "intermediaries": "3", "sector": "3", "policy": "3", "risk_assessment": "2",
        "compliance_function": "2", "certification": "1", "whistleblowing": "2", "due_diligence": "2",
        "registers": "2", "sanctions_applied": "2", "losses_recovered": "2"},
}


def load(users: dict) -> None:
    today = clock.today()
    for slug, admin_email, preset, reason in METHODOLOGIES:
        tenant = _tenant(slug)
        with tenant_scope(tenant.id):
            risk.start_draft(tenant, users[admin_email], preset=preset)
            risk.publish(tenant, users[admin_email], reason, today)
    province = _tenant("ukpbj-jateng")
    officer, auditor = users["pejabat@ukpbj-jateng.pactdemo.id"], users["auditor@sertifikasi-integritas.pactdemo.id"]
    with tenant_scope(province.id):
        for name, kind, process, description, likelihood, impact, days in EVENTS:
            by = auditor if kind == "audit_finding" else officer
            placed = {}
            placed.update({"likelihood_code": likelihood} if str(likelihood).startswith("L")
                          else {"likelihood_value": likelihood})
            placed.update({"impact_code": impact} if str(impact).startswith("I") else {"impact_value": str(impact)})
            risk.record_event(province, by, _org(name).id, kind=kind, description=description, process=process,
                              occurred_on=today - timedelta(days=days), **placed)
        for name, answers in ANSWERS.items():
            risk.record_answers(province, officer, _org(name).id, answers)
