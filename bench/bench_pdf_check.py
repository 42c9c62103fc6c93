"""PDF check benchmark (issue 9). Not a test: run it by hand.

    .venv/bin/python bench/bench_pdf_check.py [--signatures 2 5 10 20] [--repeat 3]

Builds a throw-away app (SQLite and instance folder under /tmp), signs a sample PDF with N
different keys (one incremental update each, as the signatories of one pact do), and times
signing.pdf_check.analyse on it: pyHanko validates every signature and runs its difference
analysis over every later revision, so the cost grows faster than N. An uploaded check is
rate-limited (VERIFY_RATE_LIMIT) because of this figure.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives import serialization  # noqa: E402

from pactplatform import create_app  # noqa: E402
from pactplatform.documents.pdf import render_pdf  # noqa: E402
from pactplatform.signing import ca, keys, pdf_check  # noqa: E402
from pactplatform.signing.pdf import sign_pdf  # noqa: E402

BODY = " ".join(["Para pihak berjanji tidak menawarkan, memberi atau menerima suap dalam pengadaan ini."] * 40)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signatures", type=int, nargs="+", default=[2, 5, 10, 20])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="pactplatform-bench-pdf-check-"))
    app = create_app({"INSTANCE_PATH": str(folder), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}"})
    try:
        with app.app_context():
            root = ca.root_certificate_pem()
            signers = []
            for n in range(max(args.signatures)):
                private_key = keys.generate_private_key()
                certificate = ca.issue_signer_certificate(private_key.public_key(), name=f"Penandatangan {n}",
                                                          email=f"signer{n}@example.org", user_id=n)
                signers.append((private_key, certificate.public_bytes(serialization.Encoding.PEM)))
            pdf = render_pdf("test_sample.html", title="Pakta Integritas", body=BODY)
            signed = {}
            for n, (private_key, certificate_pem) in enumerate(signers, start=1):
                pdf = sign_pdf(pdf, private_key, certificate_pem, field_name=f"Signature{n}", reason="Penyedia")
                if n in args.signatures:
                    signed[n] = pdf
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"median of {args.repeat} runs; {os.cpu_count()} CPUs, load average {load}")
            for n, data in signed.items():
                times = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    analysis = pdf_check.analyse(data, root)
                    times.append((time.perf_counter() - start) * 1000)
                assert all(s.verifies and s.trusted and s.modifications_accepted for s in analysis.signatures)
                print(f"check a PDF with {n:3d} signatures ({len(data) / 1024:5.0f} KiB): "
                      f"{statistics.median(times):8.1f} ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
