"""The survey's trend per part, drawn on the server as SVG (like risk/charts.py): one line per element over the
rounds whose results are shown, on the 1–5 scale. The page puts a data table with the same numbers beside it."""
from decimal import Decimal

from markupsafe import Markup, escape

COLOURS = ("#1a4d8f", "#b3261e", "#1b7a3a", "#7a4b00")
DASHES = ("", "6 3", "2 3", "8 3 2 3")  # told apart without colour too


def part_trend(rounds: list[str], series: list[tuple[str, list[Decimal]]], title: str, chart_id: str) -> Markup:
    """rounds: labels, oldest first; series: (element label, a mean per round)."""
    width, left, bottom, top, right, legend = 560, 30, 30, 10, 10, 18 * len(series)
    height = 200 + legend
    plot_w, plot_h = width - left - right, height - legend - bottom - top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="trend" role="img" aria-labelledby="{chart_id}" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
             f'<title id="{chart_id}">{escape(title)}</title>']

    def y_of(value) -> float:
        return top + plot_h * (1 - (float(value) - 1) / 4)

    for mark in range(1, 6):
        y = y_of(mark)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{mark}</text>')
    step = plot_w / max(len(rounds) - 1, 1)
    for index, label in enumerate(rounds):
        parts.append(f'<text x="{left + index * step:.1f}" y="{height - legend - 8}" text-anchor="middle" font-size="11">'
                     f'{escape(label)}</text>')
    for number, (name, values) in enumerate(series):
        colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
        coords = [(left + i * step, y_of(v)) for i, v in enumerate(values)]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" '
                         f'stroke-dasharray="{dash}"/>')
        key_y = height - legend + 18 * number + 12
        parts.append(f'<line x1="{left}" x2="{left + 30}" y1="{key_y - 4}" y2="{key_y - 4}" stroke="{colour}" '
                     f'stroke-width="2" stroke-dasharray="{dash}"/><text x="{left + 36}" y="{key_y}" font-size="11">'
                     f'{escape(name)}</text>')
        for (x, y), value in zip(coords, values):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>{escape(name)}: {value}'
                         f'</title></circle>')
    parts.append("</svg>")
    return Markup("".join(parts))
