"""Demo collective actions of each kind, signed for real by the demo users through the same operations."""
from datetime import date

from ..actions import operations as actions
from ..actions import policies
from ..signing import operations as signing
from ..tenancy.scoping import tenant_scope
from .common import SIGNING_PASSPHRASE, org as _org, tenant as _tenant

SIGNERS = [
    "pejabat@ukpbj-jateng.pactdemo.id", "kadis@dpubm-jateng.pactdemo.id", "direktur@cahayabeton.pactdemo.id",
    "direktur@sinarjaya.pactdemo.id", "direktur@mitrakarya.pactdemo.id", "direktur@bumirekayasa.pactdemo.id",
    "direktur@anugerahteknik.pactdemo.id",
]


def _sign_all(action, users, signers: dict[str, str]) -> None:
    """signers: organisation name -> email of the person who signs for it."""
    for party in list(action.parties):
        email = signers.get(party.organisation.name)
        if email:
            actions.sign(action, users[email], party, SIGNING_PASSPHRASE)


def load(users: dict) -> None:
    for email in SIGNERS:
        signing.create_signing_key(users[email], SIGNING_PASSPHRASE)

    cahaya, sinar, mitra = _org("PT Cahaya Beton Nusantara"), _org("PT Sinar Jaya Konstruksi"), _org("CV Mitra Karya Mandiri")
    bumi, anugerah = _org("PT Bumi Rekayasa Persada"), _org("PT Anugerah Teknik Semarang")
    dpu = _org("Dinas Pekerjaan Umum Bina Marga dan Cipta Karya Provinsi Jawa Tengah")
    signers = {
        cahaya.name: "direktur@cahayabeton.pactdemo.id", sinar.name: "direktur@sinarjaya.pactdemo.id",
        mitra.name: "direktur@mitrakarya.pactdemo.id", bumi.name: "direktur@bumirekayasa.pactdemo.id",
        anugerah.name: "direktur@anugerahteknik.pactdemo.id", dpu.name: "kadis@dpubm-jateng.pactdemo.id",
    }

    bureau = _tenant("ukpbj-jateng")
    officer = users["pejabat@ukpbj-jateng.pactdemo.id"]
    admin = users["admin@ukpbj-jateng.pactdemo.id"]
    with tenant_scope(bureau.id):
        declaration = actions.create_action(
            bureau, officer, policies.DECLARATION, "Deklarasi Antikorupsi Rehabilitasi Jembatan Kali Garang",
            "Para pihak dalam proyek rehabilitasi jembatan menyatakan batas perilaku yang dapat dan tidak dapat diterima.",
            sections={
                "acceptable": ["Jamuan makan sederhana dalam rapat resmi yang tercatat",
                               "Pertanyaan tertulis kepada pokja melalui kanal resmi"],
                "unacceptable": ["Memberi atau menerima hadiah, uang atau fasilitas terkait pekerjaan",
                                 "Mengatur harga atau membagi paket bersama peserta lain",
                                 "Pertemuan tidak resmi dengan pokja selama masa pemilihan"],
                "risks": ["Tahun lalu ada dugaan pinjam bendera pada paket serupa",
                          "Nilai HPS disusun dari satu penawaran harga saja"],
            },
            starts_on=date(2026, 3, 1), ends_on=date(2026, 12, 31),
        )
        for organisation in (dpu, cahaya, sinar):
            actions.add_party(declaration, officer, organisation.id, policies.PARTICIPANT)
        actions.change_status(declaration, officer, "open")
        _sign_all(declaration, users, signers)
        actions.change_status(declaration, officer, "active")
        bridge = actions.upgrade(declaration, officer, tender={
            "code": "10234567", "title": "Rehabilitasi Jembatan Kali Garang", "procuring_entity_id": dpu.id,
            "budget_ceiling": 8_500_000_000, "owner_estimate": 8_120_000_000, "year": 2026, "stage": "planning",
        })
        # An invited signatory that will not bid leaves the draft pact before signing, with the reason on record.
        invited = next(p for p in bridge.parties if p.organisation_id == sinar.id)
        actions.remove_party(bridge, officer, invited.id,
                             "PT Sinar Jaya Konstruksi menyatakan tidak akan mendaftar pada tender 10234567.")

        pact = actions.create_action(
            bureau, officer, policies.INTEGRITY_PACT, "Pakta Integritas Peningkatan Jalan Ruas Semarang–Godong",
            "Hak dan kewajiban Dinas PU Bina Marga dan setiap peserta tender, dipantau pemantau independen.",
            sections={
                "obligations_procuring_entity": ["Mengumumkan HPS dan jadwal secara terbuka",
                                                 "Menolak setiap pemberian dari peserta dan melaporkannya"],
                "obligations_bidder": ["Tidak memberi suap, gratifikasi atau komisi dalam bentuk apa pun",
                                       "Tidak bersekongkol dengan peserta lain",
                                       "Mengungkapkan seluruh agen dan imbalannya",
                                       "Mengikat subkontraktor pada kewajiban yang sama"],
                "obligations_subcontractor": ["Tunduk pada seluruh kewajiban penyedia dalam pakta ini"],
                "sanctions": ["Teguran tertulis", "Gugur dari tender", "Pemutusan kontrak",
                              "Masuk daftar hitam selama 2 tahun"],
            },
            starts_on=date(2026, 6, 1), ends_on=date(2027, 12, 31),
            tender={"code": "10298765", "title": "Peningkatan Jalan Ruas Semarang–Godong", "procuring_entity_id": dpu.id,
                    "budget_ceiling": 24_750_000_000, "owner_estimate": 23_980_000_000, "year": 2026,
                    "stage": "selection"},
        )
        for organisation in (cahaya, sinar, mitra, bumi):
            actions.add_party(pact, officer, organisation.id, policies.BIDDER)
        actions.assign_monitor(pact, admin, users["pemantau@pantaupengadaan.pactdemo.id"].id)
        actions.assign_monitor(pact, admin, users["peneliti@pusatkajian-undip.pactdemo.id"].id)
        bidder = next(p for p in pact.parties if p.organisation_id == cahaya.id)
        actions.add_subcontractor(pact, users["direktur@cahayabeton.pactdemo.id"], bidder, anugerah.id)
        actions.change_status(pact, officer, "open")
        _sign_all(pact, users, signers)
        actions.change_status(pact, officer, "active")
        # An amendment to the pact in force: pending (beside version 1, which stays in force and in the public
        # PDF) until every party signs it; two have so far.
        actions.revise_document(
            pact, officer, pact.current_version.body + "\n## Adendum 1\n\n"
            "1. Setiap penyedia menyampaikan laporan bulanan penggunaan subkontraktor kepada pemantau independen.\n",
            "Adendum 1: laporan bulanan subkontraktor", base_version=1)
        for organisation in (dpu, cahaya):
            actions.sign(pact, users[signers[organisation.name]], next(
                p for p in pact.parties if p.organisation_id == organisation.id), SIGNING_PASSPHRASE)

    association = _tenant("akb-jateng")
    chair = users["ketua@akb-jateng.pactdemo.id"]
    with tenant_scope(association.id):
        initiative = actions.create_action(
            association, chair, policies.PRINCIPLE_INITIATIVE, "Kode Etik Kontraktor Bersih Jawa Tengah",
            "Prinsip bersama anggota asosiasi dan tuntutan kepada pemerintah daerah.",
            sections={
                "principles": ["Kami tidak memberi suap atau gratifikasi kepada pejabat mana pun",
                               "Kami menolak pinjam bendera dan pengaturan pemenang",
                               "Kami melatih karyawan dan mitra tentang antikorupsi"],
                "demands": ["Umumkan seluruh rencana umum pengadaan tepat waktu",
                            "Bayar termin tepat waktu tanpa 'uang pelicin'",
                            "Lindungi pelapor pelanggaran dari pembalasan"],
            },
        )
        actions.change_status(initiative, chair, "open")
        for organisation in (cahaya, sinar, mitra):
            actions.join(initiative, users[signers[organisation.name]], organisation.id, SIGNING_PASSPHRASE)
        actions.change_status(initiative, chair, "active")
        withdrawn = next(s for s in initiative.signatures if s.organisation_id == mitra.id)
        actions.withdraw(initiative, users[signers[mitra.name]], withdrawn,
                         "Perusahaan sedang direstrukturisasi; akan bergabung kembali setelah audit internal.")

        coalition = actions.create_action(
            association, chair, policies.CERTIFIED_COALITION, "Koalisi Kontraktor Berintegritas Jawa Tengah",
            "Keanggotaan jangka panjang: anggota diaudit auditor eksternal dan menerima label sertifikasi.",
            sections={"charter": ["Menerapkan sistem manajemen antikorupsi yang dapat diaudit",
                                  "Bersedia diaudit oleh auditor eksternal setiap tahun",
                                  "Melaporkan setiap permintaan suap kepada sekretariat koalisi"]},
        )
        actions.change_status(coalition, chair, "open")
        for organisation in (cahaya, sinar):
            actions.join(coalition, users[signers[organisation.name]], organisation.id, SIGNING_PASSPHRASE)
