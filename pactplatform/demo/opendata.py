"""Demo open data (issue 12): the province's register of suppliers, imported in bulk as an admin would
upload it (orgs/importer.py), so the directory holds firms that have not signed anything yet and the
import's log entries sit beside the rest. The export files themselves are made at the first download."""
import io

REGISTER = """name,kind,nib,npwp,sector,address
PT Mitra Bangun Kendal,firm,9120304050601,01.234.567.8-501.000,Konstruksi,"Jl. Soekarno-Hatta 12, Kendal"
CV Tirta Sejahtera Demak,firm,9120304050602,01.234.567.8-502.000,Pengadaan air bersih,"Jl. Sultan Fatah 3, Demak"
PT Rekayasa Data Nusantara,firm,9120304050603,01.234.567.8-503.000,Teknologi informasi,"Jl. Pemuda 150, Semarang"
PT Konsultan Tata Ruang Jawa,firm,9120304050604,01.234.567.8-504.000,Konsultan perencanaan,"Jl. Pandanaran 20, Semarang"
Dinas Perumahan dan Kawasan Permukiman Kabupaten Kendal,public_body,,00.987.654.3-501.000,Pemerintahan,Kendal
"""


def load(users: dict) -> None:
    from ..orgs import importer

    admin = users["admin@ukpbj-jateng.pactdemo.id"]
    report = importer.Report()
    importer.import_organisations(admin, importer.read_rows(io.StringIO(REGISTER, newline=""), report), report)
    if report.skipped:
        raise RuntimeError(f"the demo register has invalid rows: {report.skipped}")
