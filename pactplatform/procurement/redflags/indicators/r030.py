"""R030 Late bid won (RED_FLAGS.md §5.7)."""
from ..common import ACTIVE, VALID, arr, details, member, string, tenderer_ids
from .base import Indicator, indicator


@indicator("R030")
class R030(Indicator):
    def fold(self, run, release, ocid):
        end = string(member(member(release.get("tender"), "tenderPeriod"), "endDate"))
        awards = arr(release.get("awards"))
        bids = details(release)
        if end is None or awards is None or bids is None:
            return
        suppliers = set()
        for award in awards:
            if member(award, "status") != ACTIVE:
                continue
            listed = arr(award.get("suppliers"))
            if listed is not None:
                suppliers.update(s for s in (string(member(item, "id")) for item in listed) if s is not None)
        for bid in bids:
            if member(bid, "status") != VALID:
                continue
            date = string(bid.get("date"))
            # Cardinal compares the strings, not the instants (RED_FLAGS.md §6.5).
            if date is None or arr(bid.get("tenderers")) is None or not date > end:
                continue
            for tenderer in tenderer_ids(bid):
                if tenderer in suppliers:
                    run.set("OCID", ocid, "R030", 1.0)
                    run.set("Tenderer", tenderer, "R030", 1.0)
                    run.map_add("ocid_tenderer_r030", ocid, tenderer)
