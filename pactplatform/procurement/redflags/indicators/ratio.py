"""The second-lowest-bid ratio that R024 and R058 share (RED_FLAGS.md §5.3). Runs once, before R003…,
whenever either is enabled, so the main currency is taken here first."""
from ..common import passes_price_comparison, priced_valid_bids, single_winner


class SecondLowestBidRatio:
    code = "ratio"

    def __init__(self, settings):
        self.settings = settings

    def fold(self, run, release, ocid):
        if not passes_price_comparison(release, self.settings.price_comparison, self.settings.no_price_comparison):
            return
        won = single_winner(release)
        if won is None:
            return
        winner, bids = won
        winning = second = None
        second_id = None
        for tenderer, amount, currency in priced_valid_bids(bids):
            if not run.currency.matches(currency):
                continue
            if tenderer == winner:
                if winning is None or amount < winning:
                    winning = amount
            elif second is None or amount < second:
                second, second_id = amount, tenderer
        if winning is None or second is None or second < winning:
            return
        try:
            ratio = (second - winning) / winning
        except ZeroDivisionError:  # binary64 semantics, as in Rust
            ratio = float("nan") if second == winning else float("inf")
        run.ratios[ocid] = ratio
        run.ratio_pairs[ocid] = (winner, second_id)

    def finalize(self, run):
        pass
