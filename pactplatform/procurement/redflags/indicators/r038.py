"""R038 Excessive disqualified bids (RED_FLAGS.md §5.10)."""
from .. import stats
from ..common import DISQUALIFIED, arr, member, string, submitted_bids, tenderer_ids
from .base import Indicator, indicator

GROUPS = ("Buyer", "ProcuringEntity", "Tenderer")


@indicator("R038")
class R038(Indicator):
    def __init__(self, settings):
        super().__init__(settings)
        self.fractions: dict[str, dict[str, list[int]]] = {group: {} for group in GROUPS}

    def _add(self, group: str, key: str, numerator: int, denominator: int) -> None:
        fraction = self.fractions[group].setdefault(key, [0, 0])
        fraction[0] += numerator
        fraction[1] += denominator

    def fold(self, run, release, ocid):
        bids = submitted_bids(release)
        if not bids:
            return
        disqualified = 0
        for bid in bids:
            is_disqualified = bid.get("status") == DISQUALIFIED
            disqualified += is_disqualified
            if arr(bid.get("tenderers")) is not None:
                for tenderer in tenderer_ids(bid):  # a tenderer listed twice counts twice
                    self._add("Tenderer", tenderer, int(is_disqualified), 1)
        buyer = string(member(release.get("buyer"), "id"))
        entity = string(member(member(release.get("tender"), "procuringEntity"), "id"))
        if buyer is not None:
            self._add("Buyer", buyer, disqualified, len(bids))
            if disqualified:
                run.map_set("ocid_buyer_r038", ocid, buyer)
        if entity is not None:
            self._add("ProcuringEntity", entity, disqualified, len(bids))
            if disqualified:
                run.map_set("ocid_procuringentity_r038", ocid, entity)

    def finalize(self, run):
        threshold = self.settings.option("R038", "threshold")
        minimum_processes = self.settings.option("R038", "minimum_contracting_processes", 2)
        minimum_bids = self.settings.option("R038", "minimum_submitted_bids", 2)
        meta = {}
        for group in GROUPS:
            minimum = minimum_bids if group == "Tenderer" else minimum_processes
            eligible = {key: n / d for key, (n, d) in self.fractions[group].items() if d >= minimum}
            if not eligible:
                continue
            if threshold is None:
                q1, q3 = stats.quartiles(eligible.values())
                fence = stats.upper_fence(q1, q3)
                meta.update({f"{group}_q1": q1, f"{group}_q3": q3, f"{group}_upper_fence": fence})
            else:
                fence = threshold
                meta[f"{group}_upper_fence"] = fence
            if not fence > 0:
                continue
            for key, ratio in eligible.items():
                if ratio >= fence:
                    run.set(group, key, "R038", ratio)
        if meta:
            run.meta("R038", meta)
