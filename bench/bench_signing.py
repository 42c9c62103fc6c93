"""Signing benchmark (issue 3). Not a test: run it by hand.

    .venv/bin/python bench/bench_signing.py [--scrypt-n 32768] [--signatures 10] [--repeat 5]

Builds a throw-away app (SQLite and instance folder under /tmp) and times, through the real code:
creating a signer key (scrypt at the production cost), unlocking it and signing a payload,
rendering a small PDF, and rendering a PDF then adding --signatures PAdES signatures with as many
different keys, one incremental update each, as signatories of one pact would.
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

from pactplatform import create_app  # noqa: E402
from pactplatform.accounts.models import User  # noqa: E402
from pactplatform.documents.pdf import render_pdf  # noqa: E402
from pactplatform.documents.qr import qr_svg  # noqa: E402
from pactplatform.extensions import db  # noqa: E402
from pactplatform.signing import operations as signing  # noqa: E402
from pactplatform.signing.ca import root_certificate_pem  # noqa: E402
from pactplatform.signing.pdf import sign_pdf  # noqa: E402

PASSPHRASE = "kopi tubruk tanpa gula"
BODY = " ".join(["Para pihak berjanji tidak menawarkan, memberi atau menerima suap dalam pengadaan ini."] * 40)


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in ms over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def render_sample(signatories: int = 0) -> bytes:
    url = "https://pakta.example.org/verify/actions/1"
    return render_pdf(
        "test_sample.html", title="Pakta Integritas", body=BODY, qr=qr_svg(url), verify_url=url,
        signatories=[{"name": f"Penandatangan {n}", "role": "Penyedia"} for n in range(signatories)],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scrypt-n", type=int, default=signing.DEFAULT_SCRYPT_N)
    parser.add_argument("--signatures", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="pactplatform-bench-signing-"))
    app = create_app({
        "INSTANCE_PATH": str(folder),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
        "SIGNING_SCRYPT_N": args.scrypt_n,
    })
    try:
        with app.app_context():
            db.create_all()
            root_certificate_pem()  # the CA is generated outside the timings
            users = [User(email=f"signer{n}@example.org", name=f"Penandatangan {n}", password_hash="-")
                     for n in range(max(args.signatures, args.repeat))]
            db.session.add_all(users)
            db.session.flush()
            created = iter(users)

            create_ms, _ = timed(lambda: signing.create_signing_key(next(created), PASSPHRASE), args.repeat)
            key_list = [signing.key_for(u) or signing.create_signing_key(u, PASSPHRASE) for u in users]
            payload = signing.encode_payload({"document": {"sha256": "ab" * 32}, "role": "bidder"})
            sign_ms, signature = timed(lambda: signing.sign_payload(signing.unlock(key_list[0], PASSPHRASE), payload),
                                       args.repeat)
            assert signing.verify_payload(key_list[0].certificate_pem, payload, signature)
            verify_ms, _ = timed(lambda: signing.verify_payload(key_list[0].certificate_pem, payload, signature)
                                 and signing.verify_chain(key_list[0].certificate_pem), args.repeat)
            render_sample()  # fonts and WeasyPrint's caches warm up once per process
            render_ms, small = timed(render_sample, args.repeat)

            # Keys are unlocked up front: the figure is the PDF work, the scrypt cost is above.
            unlocked = [(signing.unlock(k, PASSPHRASE), k.certificate_pem) for k in key_list[:args.signatures]]
            per_signature: list[float] = []

            def render_and_sign() -> bytes:
                per_signature.clear()
                pdf = render_sample(args.signatures)
                for n, (private_key, certificate_pem) in enumerate(unlocked, start=1):
                    start = time.perf_counter()
                    pdf = sign_pdf(pdf, private_key, certificate_pem, field_name=f"Signature{n}",
                                   reason="Penyedia: PT Contoh", signer_name=f"Penandatangan {n}")
                    per_signature.append((time.perf_counter() - start) * 1000)
                return pdf

            full_ms, signed = timed(render_and_sign, max(1, args.repeat // 2))
            db.session.rollback()

        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"scrypt N={args.scrypt_n}, r=8, p=1; median of {args.repeat} runs;"
              f" {os.cpu_count()} CPUs, load average {load}")
        print(f"create a signing key (P-256 + certificate + scrypt + AES-GCM): {create_ms:8.1f} ms")
        print(f"unlock (scrypt + AES-GCM) and sign a payload:                    {sign_ms:8.1f} ms")
        print(f"verify a payload signature and its chain:                        {verify_ms:8.1f} ms")
        print(f"render a small PDF (text, QR code):                               {render_ms:8.1f} ms"
              f"  ({len(small) / 1024:.0f} KiB)")
        print(f"render + {args.signatures} PAdES signatures, {args.signatures} keys:"
              f"{' ' * (32 - len(str(args.signatures)) * 2)}{full_ms:8.1f} ms  ({len(signed) / 1024:.0f} KiB)")
        print(f"  signature 1: {per_signature[0]:.1f} ms, signature {len(per_signature)}: {per_signature[-1]:.1f} ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
