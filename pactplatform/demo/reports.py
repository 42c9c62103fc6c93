"""Demo anonymous reports (issue 13), filed and handled through the same operations as the web.

In the provincial procurement bureau (ukpbj-jateng), on the road pact: a report just filed, one whose
acknowledgement is overdue, one acknowledged with a question the reporter answered, one in review, one closed
with its reason, and one promoted to a violation case; and a report to the bureau about no action. The academic
monitor (peneliti@pusatkajian-undip.pactdemo.id) is the bureau's designated recipient and sees every report; the
bureau's admin sees counts and statuses only. The receipt of the answered report is printed at the end.
"""
from datetime import timedelta

import click
from sqlalchemy import select

from ..actions.models import CollectiveAction
from ..extensions import db
from ..monitoring import clock
from ..reports import operations as reports
from ..tenancy.scoping import tenant_scope
from .common import tenant as _tenant

ROAD_PACT = "Pakta Integritas Peningkatan Jalan Ruas Semarang–Godong"


def _file(bureau, pact, what: str, when: str, involved: str, days_ago: int, organisation_id=None, stage=""):
    return reports.file_report(bureau, pact, {"what": what, "when": when, "involved": involved, "stage": stage,
                                              "organisation_id": organisation_id},
                               now=clock.now() - timedelta(days=days_ago))


def load(users) -> None:
    bureau = _tenant("ukpbj-jateng")
    admin = users["admin@ukpbj-jateng.pactdemo.id"]
    monitor = users["pemantau@pantaupengadaan.pactdemo.id"]
    academic = users["peneliti@pusatkajian-undip.pactdemo.id"]
    now = clock.now()
    with tenant_scope(bureau.id):
        pact = db.session.scalar(select(CollectiveAction).where(CollectiveAction.title == ROAD_PACT))
        parties = {p.organisation.name: p.organisation_id for p in pact.parties}
        reports.update_settings(bureau, admin, {"acknowledge_days": 7, "feedback_days": 90, "retention_days": 90,
                                                "warning_days": 14}, [academic.id])
        _file(bureau, pact, "Ada penawar yang menerima salinan HPS sebelum pengumuman tender.", "Awal bulan ini",
              "Anggota pokja pemilihan", 2, stage="selection")
        _file(bureau, pact, "Saat pembuktian kualifikasi, seorang penawar diminta menyiapkan 'uang koordinasi'.",
              "Dua minggu lalu", "Seseorang yang mengaku utusan panitia", 10, stage="selection")
        answered, receipt = _file(
            bureau, pact, "Dua penawar memakai alamat kantor dan nomor telepon yang sama dalam dokumen penawaran.",
            "Masa pemasukan penawaran", "", 20, organisation_id=next(iter(parties.values())), stage="selection")
        reports.acknowledge(answered, monitor, now=now - timedelta(days=18))
        reports.write_to_reporter(answered, monitor, "Terima kasih. Apakah Anda memiliki salinan halaman dokumen "
                                  "yang memuat alamat tersebut?", now=now - timedelta(days=18))
        reports.reporter_writes(answered, "Ada, halaman 4 dari dokumen kualifikasi kedua penawar.",
                                now=now - timedelta(days=15))
        review, _ = _file(bureau, pact, "Material aspal yang dikirim ke lokasi tidak sesuai spesifikasi kontrak.",
                          "Bulan lalu", "Pelaksana lapangan", 40, stage="performance")
        reports.acknowledge(review, academic, now=now - timedelta(days=38))
        reports.start_review(review, academic, now=now - timedelta(days=30))
        closed, _ = _file(bureau, pact, "Pengumuman pemenang terlambat dua hari.", "Tahun lalu", "Panitia", 60)
        reports.acknowledge(closed, monitor, now=now - timedelta(days=58))
        reports.close(closed, monitor, "Keterlambatan sudah dijelaskan dalam berita acara dan tidak melanggar "
                      "ketentuan; tidak ada indikasi pelanggaran pakta.", now=now - timedelta(days=30))
        promoted, _ = _file(bureau, pact, "Penawar yang kalah menerima pembayaran dari penawar lain untuk tidak "
                            "menyanggah.", "Setelah pengumuman pemenang", "Direktur dua perusahaan penawar", 25,
                            organisation_id=list(parties.values())[-1], stage="selection")
        reports.acknowledge(promoted, monitor, now=now - timedelta(days=24))
        reports.promote(promoted, monitor, {
            "organisation_id": list(parties.values())[-1], "stage": "selection", "violation_type": "collusion",
            "severity": "major",
            "description": "Dugaan pembayaran kepada penawar lain agar tidak mengajukan sanggahan."},
            now=now - timedelta(days=20))
        _file(bureau, None, "Pejabat pengadaan menerima hadiah dari rekanan menjelang akhir tahun anggaran.",
              "Desember lalu", "Pejabat pengadaan", 4)
    click.echo(f"Demo anonymous report receipt (ukpbj-jateng, answered report): {receipt}")
