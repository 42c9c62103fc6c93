"""R036 Lowest bid disqualified (RED_FLAGS.md §5.9)."""
from ..common import ACTIVE, DISQUALIFIED, VALID, arr, member, number, obj, passes_price_comparison, string, \
    submitted_bids
from .base import Indicator, indicator


@indicator("R036")
class R036(Indicator):
    def fold(self, run, release, ocid):
        if not passes_price_comparison(release, self.settings.price_comparison, self.settings.no_price_comparison):
            return
        awards = arr(release.get("awards"))
        if awards is None or not any(member(award, "status") == ACTIVE for award in awards):
            return
        lowest = None
        lowest_disqualified = False
        any_valid = False
        for bid in submitted_bids(release):
            value = obj(bid.get("value"))
            amount = number(value.get("amount")) if value else None
            currency = string(value.get("currency")) if value else None
            if amount is None or currency is None or not run.currency.matches(currency):
                continue
            status = bid.get("status")
            any_valid = any_valid or status == VALID
            if lowest is None or amount < lowest:
                lowest, lowest_disqualified = amount, status == DISQUALIFIED
        if any_valid and lowest_disqualified:
            run.set("OCID", ocid, "R036", 1.0)
