"""R058 Heavily discounted bid (RED_FLAGS.md §5.12)."""
from .. import stats
from .base import Indicator, indicator


@indicator("R058")
class R058(Indicator):
    def finalize(self, run):
        threshold = self.settings.option("R058", "threshold")
        if threshold is None:
            q1, q3 = stats.quartiles(run.ratios.values())
            fence = stats.upper_fence(q1, q3)
            run.meta("R058", {"q1": q1, "q3": q3, "upper_fence": fence})
        else:
            fence = threshold
            run.meta("R058", {"upper_fence": fence})
        if not fence > 0:
            return
        for ocid, ratio in run.ratios.items():
            if ratio >= fence:
                winner, _second = run.ratio_pairs[ocid]
                run.set("OCID", ocid, "R058", ratio)
                run.set("Tenderer", winner, "R058", 0.0)
                run.map_add("ocid_tenderer_r058", ocid, winner)
