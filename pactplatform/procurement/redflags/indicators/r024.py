"""R024 Price close to winning bid (RED_FLAGS.md §5.4)."""
from .. import stats
from .base import Indicator, indicator


@indicator("R024")
class R024(Indicator):
    def finalize(self, run):
        threshold = self.settings.option("R024", "threshold")
        if threshold is None:
            q1, q3 = stats.quartiles(run.ratios.values())
            fence = stats.lower_fence(q1, q3)
            run.meta("R024", {"q1": q1, "q3": q3, "lower_fence": fence})
            if not q1 > 0:
                return
        else:
            fence = threshold
            run.meta("R024", {"lower_fence": fence})
        if not fence > 0:
            return
        for ocid, ratio in run.ratios.items():
            if ratio <= fence:
                winner, second = run.ratio_pairs[ocid]
                run.set("OCID", ocid, "R024", ratio)
                run.set("Tenderer", winner, "R024", 0.0)
                run.set("Tenderer", second, "R024", 0.0)
                run.map_add("ocid_tenderer_r024", ocid, winner)
                run.map_add("ocid_tenderer_r024", ocid, second)
