"""The registry of indicator classes, in Cardinal's order (which decides who sets the main currency first)."""
INDICATORS: dict[str, type] = {}


def indicator(code: str):
    def register(cls):
        cls.code = code
        INDICATORS[code] = cls
        return cls

    return register


class Indicator:
    code = ""

    def __init__(self, settings):
        self.settings = settings

    def fold(self, run, release: dict, ocid: str) -> None:
        pass

    def finalize(self, run) -> None:
        pass
