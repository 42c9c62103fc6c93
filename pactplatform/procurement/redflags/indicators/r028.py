"""R028 Identical bid prices (RED_FLAGS.md §5.6)."""
from ..common import arr, number, obj, passes_price_comparison, string, submitted_bids, tenderer_ids
from .base import Indicator, indicator


@indicator("R028")
class R028(Indicator):
    def fold(self, run, release, ocid):
        if not passes_price_comparison(release, self.settings.price_comparison, self.settings.no_price_comparison):
            return
        seen: dict[tuple[float, str], frozenset] = {}
        for bid in submitted_bids(release):
            if arr(bid.get("tenderers")) is None:
                continue
            value = obj(bid.get("value"))
            amount = number(value.get("amount")) if value else None
            currency = string(value.get("currency")) if value else None
            if amount is None or currency is None:
                continue
            ids = frozenset(tenderer_ids(bid))
            if not ids:
                continue
            key = (amount, currency)
            previous = seen.get(key)
            if previous is not None and previous != ids:
                run.set("OCID", ocid, "R028", 1.0)
                for tenderer in previous | ids:
                    run.set("Tenderer", tenderer, "R028", 1.0)
                    run.map_add("ocid_tenderer_r028", ocid, tenderer)
            seen[key] = ids
