"""R018 Single bid received (RED_FLAGS.md §5.2)."""
from ..common import obj, passes_method
from .base import Indicator, indicator

DEFAULT_METHODS = frozenset({"open", "selective"})


@indicator("R018")
class R018(Indicator):
    def __init__(self, settings):
        super().__init__(settings)
        self.methods = settings.option("R018", "procurement_methods", DEFAULT_METHODS)

    def fold(self, run, release, ocid):
        tender = obj(release.get("tender"))
        if tender is None or not passes_method(tender, self.methods):
            return
        tenderers = tender.get("numberOfTenderers")
        # Only the integer literal 1 (Cardinal reads it as u64): not 1.0, 1e0, "1" or true.
        if type(tenderers) is int and tenderers == 1:
            run.set("OCID", ocid, "R018", 1.0)
