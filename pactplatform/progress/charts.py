"""An indicator's trend: the progress (0–100 %) each update stood for, drawn with the risk domain's server-side
SVG trend line (no JavaScript); the page puts the same numbers in a table beside it."""
from decimal import Decimal

from flask_babel import format_date
from markupsafe import Markup

from ..risk.charts import trend
from .queries import IndicatorProgress

QUARTERS = (Decimal(25), Decimal(50), Decimal(75))


def progress_trend(progress: IndicatorProgress, title: str) -> Markup:
    return trend([(format_date(update.recorded_on, "medium"), percent) for update, percent in progress.points],
                 title, bands=QUARTERS)
