"""R048 Heterogeneous supplier (RED_FLAGS.md §5.11)."""
from .. import stats
from ..common import ACTIVE, arr, member, string
from .base import Indicator, indicator


@indicator("R048")
class R048(Indicator):
    def __init__(self, settings):
        super().__init__(settings)
        self.digits = settings.option("R048", "digits", 2)
        self.codes: dict[str, set[str]] = {}
        self.processes: dict[str, int] = {}

    def fold(self, run, release, ocid):
        awards = arr(release.get("awards"))
        if awards is None:
            return
        counted = set()
        for award in awards:
            if member(award, "status") != ACTIVE:
                continue
            items, suppliers = arr(award.get("items")), arr(award.get("suppliers"))
            if items is None or suppliers is None or len(suppliers) != 1:
                continue
            supplier = string(member(suppliers[0], "id"))
            if supplier is None:
                continue
            for item in items:
                code = string(member(member(item, "classification"), "id"))
                if code is None:
                    continue
                self.codes.setdefault(supplier, set()).add(code[:self.digits])
                if supplier not in counted:
                    counted.add(supplier)
                    self.processes[supplier] = self.processes.get(supplier, 0) + 1

    def finalize(self, run):
        minimum = self.settings.option("R048", "minimum_contracting_processes", 20)
        varieties = {s: len(self.codes[s]) for s, n in self.processes.items() if n >= minimum}
        threshold = self.settings.option("R048", "threshold")
        if threshold is None:
            q1, q3 = stats.quartiles(float(v) for v in varieties.values())
            fence = stats.upper_fence(q1, q3)
            run.meta("R048", {"q1": q1, "q3": q3, "upper_fence": fence})
        else:
            fence = float(threshold)
            run.meta("R048", {"upper_fence": fence})
        for supplier, variety in varieties.items():
            if variety >= fence:
                run.set("Tenderer", supplier, "R048", float(variety))
