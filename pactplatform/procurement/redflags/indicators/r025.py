"""R025 Excessive unsuccessful bids (RED_FLAGS.md §5.5)."""
from .. import stats
from ..common import VALID, arr, member, single_winner, string
from .base import Indicator, indicator

DEFAULT_PERCENTILE = 75


@indicator("R025")
class R025(Indicator):
    def __init__(self, settings):
        super().__init__(settings)
        self.wins: dict[str, int] = {}
        self.processes: dict[str, int] = {}

    def fold(self, run, release, ocid):
        won = single_winner(release)
        if won is None:
            return
        winner, bids = won
        seen = set()
        for bid in bids:
            if member(bid, "status") != VALID:
                continue
            tenderers = arr(bid.get("tenderers"))
            if tenderers is None or len(tenderers) != 1:
                continue
            tenderer = string(member(tenderers[0], "id"))
            if tenderer is not None:
                seen.add(tenderer)
        for tenderer in seen:
            self.processes[tenderer] = self.processes.get(tenderer, 0) + 1
            self.wins[tenderer] = self.wins.get(tenderer, 0) + (tenderer == winner)

    def finalize(self, run):
        percentile = self.settings.option("R025", "percentile", DEFAULT_PERCENTILE)
        upper = stats.quantile([float(n) for n in self.processes.values()], percentile / 100.0)
        ratios = {t: self.wins[t] / self.processes[t] for t in self.processes}
        threshold = self.settings.option("R025", "threshold")
        if threshold is None:
            q1, q3 = stats.quartiles(ratios.values())
            lower = stats.lower_fence(q1, q3)
            run.meta("R025", {"q1": q1, "q3": q3, "upper_fence": upper, "lower_fence": lower})
            if not q1 > 0:
                return
        else:
            lower = threshold
            run.meta("R025", {"upper_fence": upper, "lower_fence": lower})
        if not lower > 0:
            return
        for tenderer, ratio in ratios.items():
            if self.processes[tenderer] >= upper and ratio <= lower:
                run.set("Tenderer", tenderer, "R025", ratio)
