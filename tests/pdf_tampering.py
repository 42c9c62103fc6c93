"""Real tampering of signed PDFs, as someone holding a copy could do it (used by the verification tests).

Each function takes the bytes of a signed PDF and returns a changed copy; none of them touches a
signature, so every signature still verifies over the bytes it covers, which is the whole point.
"""
import re
from io import BytesIO

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

FORGED_ESTIMATE = "HPS DIUBAH: Rp 99.000.000.000"


def _first_page(writer: IncrementalPdfFileWriter):
    return writer.root["/Pages"]["/Kids"][0].get_object()


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def add_visible_annotation(data: bytes, text: str = FORGED_ESTIMATE) -> bytes:
    """An unsigned incremental update adding a visible FreeText annotation on page 1."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    annotation = writer.add_object(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"),
        pdf_name("/Subtype"): pdf_name("/FreeText"),
        pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(n) for n in (60, 700, 520, 740)]),
        pdf_name("/Contents"): pdf_string(text),
        pdf_name("/DA"): pdf_string("/Helv 16 Tf 1 0 0 rg"),
        pdf_name("/F"): generic.NumberObject(4),  # printed
    }))
    page = _first_page(writer)
    annotations = page.get("/Annots")
    if annotations is None:
        page[pdf_name("/Annots")] = generic.ArrayObject([annotation])
    else:
        annotations.get_object().append(annotation)
    writer.update_container(page)
    return _written(writer)


def replace_first_page_text(data: bytes, text: str = FORGED_ESTIMATE) -> bytes:
    """An unsigned incremental update replacing page 1's content stream with other text."""
    writer = IncrementalPdfFileWriter(BytesIO(data))
    page = _first_page(writer)
    font = writer.add_object(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Font"), pdf_name("/Subtype"): pdf_name("/Type1"),
        pdf_name("/BaseFont"): pdf_name("/Helvetica"),
    }))
    page[pdf_name("/Resources")] = generic.DictionaryObject({
        pdf_name("/Font"): generic.DictionaryObject({pdf_name("/F1"): font})})
    page[pdf_name("/Contents")] = writer.add_object(
        generic.StreamObject(stream_data=f"BT /F1 20 Tf 60 720 Td ({text}) Tj ET".encode("latin-1")))
    writer.update_container(page)
    return _written(writer)


def append_bytes(data: bytes, extra: bytes = b"\n% HPS DIUBAH\n") -> bytes:
    return data + extra


def flip_signed_byte(data: bytes) -> bytes:
    """One bit changed in the middle of a stream's data in the first revision, which every signature
    covers: the file still parses, only the signed digest no longer matches."""
    first_revision = data[:data.index(b"%%EOF")]
    for match in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", first_revision):
        if int(match.group(1)) > 200:
            position = match.end() + int(match.group(1)) // 2
            changed = bytearray(data)
            changed[position] ^= 0x01
            return bytes(changed)
    raise AssertionError("no stream long enough to change in the first revision")
