"""The demo's people, tenants with their members, and organisations (accounts, tenancy, orgs)."""
from ..orgs import operations as orgs
from ..tenancy import operations as tenancy
from ..tenancy.scoping import tenant_scope
from .common import person

# email, name, locale
PEOPLE = [
    ("admin@ukpbj-jateng.pactdemo.id", "Sri Wahyuni", "id"),
    ("pejabat@ukpbj-jateng.pactdemo.id", "Bambang Setiawan", "id"),
    ("pokja@ukpbj-jateng.pactdemo.id", "Nur Aini Rahmawati", "id"),
    ("pemantau@pantaupengadaan.pactdemo.id", "Dewi Lestari", "id"),
    ("peneliti@pusatkajian-undip.pactdemo.id", "Arief Budiman", "en"),
    ("auditor@sertifikasi-integritas.pactdemo.id", "Hendra Gunawan", "id"),
    ("ketua@akb-jateng.pactdemo.id", "Rudi Hartono", "id"),
    ("direktur@cahayabeton.pactdemo.id", "Agus Santoso", "id"),
    ("direktur@sinarjaya.pactdemo.id", "Yuliana Putri", "id"),
    ("direktur@mitrakarya.pactdemo.id", "Fajar Nugroho", "id"),
    ("direktur@bumirekayasa.pactdemo.id", "Siti Marlina", "id"),
    ("kadis@dpubm-jateng.pactdemo.id", "Ir. Joko Prasetyo", "id"),
    ("direktur@anugerahteknik.pactdemo.id", "Bayu Pratama", "id"),
]

TENANTS = [
    (
        "ukpbj-jateng",
        "Biro Pengadaan Barang dan Jasa Provinsi Jawa Tengah",
        "Unit kerja pengadaan provinsi: menjalankan pakta integritas untuk setiap tender konstruksi.",
        "admin@ukpbj-jateng.pactdemo.id",
        {
            "pejabat@ukpbj-jateng.pactdemo.id": ["officer"],
            "pokja@ukpbj-jateng.pactdemo.id": ["officer"],
            "pemantau@pantaupengadaan.pactdemo.id": ["monitor"],
            "peneliti@pusatkajian-undip.pactdemo.id": ["monitor"],
            "auditor@sertifikasi-integritas.pactdemo.id": ["auditor"],
            "direktur@cahayabeton.pactdemo.id": ["representative"],
            "direktur@sinarjaya.pactdemo.id": ["representative"],
            "direktur@mitrakarya.pactdemo.id": ["representative"],
            "direktur@bumirekayasa.pactdemo.id": ["representative"],
            "kadis@dpubm-jateng.pactdemo.id": ["representative", "officer"],
            "direktur@anugerahteknik.pactdemo.id": ["representative"],
        },
    ),
    (
        "akb-jateng",
        "Asosiasi Kontraktor Berintegritas Jawa Tengah",
        "Koalisi bisnis konstruksi: kode etik bersama dan sertifikasi anggota oleh auditor independen.",
        "ketua@akb-jateng.pactdemo.id",
        {
            "auditor@sertifikasi-integritas.pactdemo.id": ["auditor"],
            "pemantau@pantaupengadaan.pactdemo.id": ["monitor"],
            "direktur@cahayabeton.pactdemo.id": ["representative"],
            "direktur@sinarjaya.pactdemo.id": ["representative", "admin"],
            "direktur@mitrakarya.pactdemo.id": ["representative"],
        },
    ),
]

# name, kind, NIB, NPWP (15 digits), sector, address, representative email (None: the association chair)
ORGANISATIONS = [
    ("PT Cahaya Beton Nusantara", "firm", "9120301234567", "017345678512000", "Konstruksi jalan dan jembatan",
     "Jl. Pemuda No. 118, Semarang", "direktur@cahayabeton.pactdemo.id"),
    ("PT Sinar Jaya Konstruksi", "firm", "8120107654321", "024567891503000", "Konstruksi gedung",
     "Jl. Ahmad Yani No. 45, Surakarta", "direktur@sinarjaya.pactdemo.id"),
    ("CV Mitra Karya Mandiri", "firm", "9120405551234", "031234567526000", "Pekerjaan sipil dan drainase",
     "Jl. Diponegoro No. 7, Magelang", "direktur@mitrakarya.pactdemo.id"),
    ("PT Bumi Rekayasa Persada", "firm", "8120509876543", "042345678517000", "Konsultan perencanaan",
     "Jl. Pandanaran No. 60, Semarang", "direktur@bumirekayasa.pactdemo.id"),
    ("PT Anugerah Teknik Semarang", "firm", "9120612345098", "053456789518000", "Mekanikal dan elektrikal",
     "Jl. Majapahit No. 210, Semarang", "direktur@anugerahteknik.pactdemo.id"),
    ("CV Tirta Abadi Sejahtera", "firm", "8120723456109", "064567890519000", "Air minum dan sanitasi",
     "Jl. Sudirman No. 33, Purwokerto", None),
    ("PT Lintas Marga Sejahtera", "firm", "9120834567210", "075678901520000", "Konstruksi jalan",
     "Jl. Slamet Riyadi No. 301, Surakarta", None),
    ("PT Graha Rancang Bangun", "firm", "8120945678321", "086789012521000", "Desain dan bangun",
     "Jl. Gajah Mada No. 12, Semarang", None),
    ("CV Sumber Rejeki Teknik", "firm", "9121056789432", "097890123522000", "Pengadaan alat berat",
     "Jl. Veteran No. 5, Kudus", None),
    ("PT Nusantara Jembatan Utama", "firm", "8121167890543", "018901234523000", "Jembatan baja",
     "Jl. Kaligawe Km 4, Semarang", None),
    ("Dinas Pekerjaan Umum Bina Marga dan Cipta Karya Provinsi Jawa Tengah", "public_body", None,
     "001234567524000", "Pemerintah daerah", "Jl. Madukoro Blok AA-BB, Semarang", "kadis@dpubm-jateng.pactdemo.id"),
    ("Dinas Pendidikan dan Kebudayaan Kota Semarang", "public_body", None, "002345678525000",
     "Pemerintah daerah", "Jl. Dr. Wahidin No. 118, Semarang", None),
]


def load(users: dict) -> None:
    """Fills `users` (email -> User) for the loaders that follow."""
    users.update({email: person(email, name, locale) for email, name, locale in PEOPLE})
    for slug, name, description, admin_email, members in TENANTS:
        tenant = tenancy.create_tenant(users[admin_email], name, slug, description)
        with tenant_scope(tenant.id):
            for email, roles in members.items():
                tenancy.add_member(tenant, users[admin_email], email, roles)
    chair = users["ketua@akb-jateng.pactdemo.id"]
    for name, kind, nib, npwp, sector, address, rep_email in ORGANISATIONS:
        representative = users[rep_email] if rep_email else chair
        orgs.register_organisation(representative, name, kind, nib, npwp, address, sector, title="Direktur")
