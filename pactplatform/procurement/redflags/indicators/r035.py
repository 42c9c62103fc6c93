"""R035 All except winning bid disqualified (RED_FLAGS.md §5.8)."""
from ..common import DISQUALIFIED, VALID, arr, final_awards, member, string, tenderer_ids
from .base import Indicator, indicator


@indicator("R035")
class R035(Indicator):
    def __init__(self, settings):
        super().__init__(settings)
        self.threshold = max(settings.option("R035", "threshold", 1), 1)

    def fold(self, run, release, ocid):
        final = final_awards(release)
        if final is None:
            return
        active, bids = final
        suppliers = set()
        for award in active:
            listed = arr(award.get("suppliers"))
            if listed is not None:
                suppliers.update(s for s in (string(member(item, "id")) for item in listed) if s is not None)
        valid, disqualified = set(), set()
        for bid in bids:
            status = member(bid, "status")
            if status == VALID:
                valid.update(tenderer_ids(bid))
            elif status == DISQUALIFIED:
                disqualified.update(tenderer_ids(bid))
        if len(valid) != 1 or valid != suppliers:
            return
        others = len(disqualified - valid)
        if others >= self.threshold:
            (winner,) = valid
            run.set("OCID", ocid, "R035", float(others))
            run.set("Tenderer", winner, "R035", 0.0)
            run.map_add("ocid_tenderer_r035", ocid, winner)
