"""The `ocid_tenderer` map (only with --map, and only when R025, R038 or R048 is enabled)."""
from ..common import submitted_bids, tenderer_ids


class Tenderers:
    code = "tenderers"

    def __init__(self, settings):
        self.settings = settings

    def fold(self, run, release, ocid):
        for bid in submitted_bids(release):
            for tenderer in tenderer_ids(bid):
                run.map_add("ocid_tenderer", ocid, tenderer)

    def finalize(self, run):
        pass
