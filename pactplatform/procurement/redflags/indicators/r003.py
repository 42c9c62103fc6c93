"""R003 Short submission period (RED_FLAGS.md §5.1)."""
from .. import rfc3339
from ..common import obj, passes_method, string
from .base import Indicator, indicator

DEFAULT_THRESHOLD = 15


@indicator("R003")
class R003(Indicator):
    def __init__(self, settings):
        super().__init__(settings)
        self.threshold = settings.option("R003", "threshold", DEFAULT_THRESHOLD)
        self.methods = settings.option("R003", "procurement_methods", frozenset())
        self.by_details = settings.r003_method_details

    def fold(self, run, release, ocid):
        tender = obj(release.get("tender"))
        if tender is None or not passes_method(tender, self.methods):
            return
        period = obj(tender.get("tenderPeriod"))
        if period is None:
            return
        start, end = string(period.get("startDate")), string(period.get("endDate"))
        if start is None or end is None:
            return
        start_ns, end_ns = rfc3339.parse(start), rfc3339.parse(end)
        if start_ns is None or end_ns is None:
            return
        details = string(tender.get("procurementMethodDetails"))
        threshold = self.by_details.get(details, self.threshold) if details is not None else self.threshold
        if rfc3339.whole_days(start_ns, end_ns) < threshold:
            run.set("OCID", ocid, "R003", 1.0)
