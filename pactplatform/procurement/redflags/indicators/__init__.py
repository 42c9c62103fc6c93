"""One module per indicator. Each defines a class with `fold(run, release, ocid)` (one release that
passed the release gate) and `finalize(run)` (after the last line), and registers it under its code."""
from . import r003, r018, r024, r025, r028, r030, r035, r036, r038, r048, r058, ratio, tenderers  # noqa: F401
from .base import INDICATORS

__all__ = ["INDICATORS"]
