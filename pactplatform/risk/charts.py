"""Charts drawn on the server as SVG, readable without JavaScript. Each chart is decorative for screen readers
(role="img" with a title); the page puts a data table with the same numbers beside it."""
from decimal import Decimal

from markupsafe import Markup, escape

CELL, GAP, LABEL = 64, 2, 40


def heat_map(rows: list[dict], columns: list[str], title: str, ink) -> Markup:
    """rows: [{"code": likelihood code, "cells": [{"colour", "count", "level"}]}], highest likelihood first."""
    width = LABEL + len(columns) * (CELL + GAP)
    height = len(rows) * (CELL + GAP) + LABEL
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="heat-map" role="img" aria-labelledby="hm-title" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
             f'<title id="hm-title">{escape(title)}</title>']
    for r, row in enumerate(rows):
        y = r * (CELL + GAP)
        parts.append(f'<text x="{LABEL - 6}" y="{y + CELL / 2 + 5}" text-anchor="end" font-size="13">'
                     f'{escape(row["code"])}</text>')
        for c, cell in enumerate(row["cells"]):
            x = LABEL + c * (CELL + GAP)
            parts.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{escape(cell["colour"])}">'
                         f'<title>{escape(cell["level"])}: {cell["count"]}</title></rect>')
            parts.append(f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 6}" text-anchor="middle" font-size="18" '
                         f'font-weight="bold" fill="{ink(cell["colour"])}">{cell["count"]}</text>')
    y = len(rows) * (CELL + GAP) + 20
    for c, code in enumerate(columns):
        parts.append(f'<text x="{LABEL + c * (CELL + GAP) + CELL / 2}" y="{y}" text-anchor="middle" font-size="13">'
                     f'{escape(code)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def trend(points: list[tuple[str, Decimal]], title: str, bands: tuple[Decimal, ...] = (Decimal(20), Decimal(40),
          Decimal(60), Decimal(80))) -> Markup:
    """A line of IRK values (0–100) over time: points [(date label, value)], oldest first."""
    width, height, left, bottom, top = 560, 220, 36, 30, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" aria-labelledby="tr-title" '
             f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
             f'<title id="tr-title">{escape(title)}</title>']

    def y_of(value) -> float:
        return top + plot_h * (1 - float(value) / 100)

    for mark in (0, *bands, 100):
        y = y_of(mark)
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{mark}</text>')
    if points:
        step = plot_w / max(len(points) - 1, 1)
        coords = [(left + i * step, y_of(v)) for i, (_label, v) in enumerate(points)]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="#1a4d8f" stroke-width="2"/>')
        for (x, y), (label, value) in zip(coords, points):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#1a4d8f"><title>{escape(label)}: {value}'
                         f'</title></circle>')
        parts.append(f'<text x="{left}" y="{height - 8}" font-size="11">{escape(points[0][0])}</text>')
        if len(points) > 1:
            parts.append(f'<text x="{width - 10}" y="{height - 8}" text-anchor="end" font-size="11">'
                         f'{escape(points[-1][0])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
