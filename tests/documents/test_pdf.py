import base64
import io
import subprocess

import pytest
from PIL import Image

from pactplatform.documents.pdf import RefusedResource, render_pdf
from pactplatform.documents.qr import qr_svg

INDONESIAN = "Pakta Integritas: kami berjanji tidak menawarkan suap — “Rp 1.500.000” ± 5 % · Sabang–Merauke"


def poppler(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                          capture_output=True, text=True, check=True, timeout=30).stdout


def png_data_uri() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_a_template_renders_to_a_pdf_with_its_text_and_embedded_dejavu(app_ctx, tmp_path):
    pdf = render_pdf("test_sample.html", title="Judul", body=INDONESIAN,
                     signatories=[{"name": "Siti Rahayu", "role": "Penyedia"}])
    assert pdf.startswith(b"%PDF-")
    text = poppler("pdftotext", pdf, tmp_path)
    assert "".join(INDONESIAN.split()) in "".join(text.split())  # wherever the lines break
    assert "Siti Rahayu" in text
    fonts = poppler("pdffonts", pdf, tmp_path)
    assert "DejaVu-Sans" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:]), fonts  # every font embedded


def test_the_template_may_be_named_with_or_without_its_folder(app_ctx, tmp_path):
    text = poppler("pdftotext", render_pdf("pdf/test_sample.html", title="Judul", body="isi"), tmp_path)
    assert "Judul" in text


def test_values_are_escaped(app_ctx, tmp_path):
    pdf = render_pdf("test_sample.html", title="T", body='<img src="file:///etc/passwd">')
    assert '<img src="file:///etc/passwd">' in poppler("pdftotext", pdf, tmp_path)


def test_data_uri_images_are_embedded(app_ctx, tmp_path):
    pdf = render_pdf("test_sample.html", title="T", body="B", image_uri=png_data_uri())
    assert len(poppler("pdfimages", pdf, tmp_path, "-list").splitlines()) == 3  # header, rule, one image


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x.png",
    "https://example.org/x.png",
    "ftp://example.org/x.png",
])
def test_anything_but_a_data_uri_is_refused(app_ctx, url):
    with pytest.raises(RefusedResource):
        render_pdf("test_sample.html", title="T", body="B", image_uri=url)


@pytest.mark.parametrize("url", ["/etc/passwd", "x.png", "../instance/signing_ca_key.pem"])
def test_relative_urls_resolve_to_nothing(app_ctx, tmp_path, url):
    # No base URL, so WeasyPrint has nothing to resolve them against: skipped, never read.
    pdf = render_pdf("test_sample.html", title="T", body="B", image_uri=url)
    assert len(poppler("pdfimages", pdf, tmp_path, "-list").splitlines()) == 2


def test_a_qr_code_is_inline_svg_and_renders(app_ctx, tmp_path):
    url = "https://pakta.example.org/verify/actions/42"
    svg = qr_svg(url)
    assert svg.startswith("<svg") and "<path" in svg
    pdf = render_pdf("test_sample.html", title="T", body="B", qr=svg, verify_url=url)
    assert url in poppler("pdftotext", pdf, tmp_path)
    # The code's dark modules reach the page: rasterise it and look for black pixels.
    (tmp_path / "doc.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", "-singlefile", str(tmp_path / "doc.pdf"),
                    str(tmp_path / "page")], check=True, timeout=30)
    page = Image.open(tmp_path / "page.png").convert("L")
    assert sum(page.histogram()[:40]) > 200
