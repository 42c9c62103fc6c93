"""Risk benchmark (issue 11). Not a test: run it by hand.

    .venv/bin/python bench/bench_risk.py [--organisations 100000] [--seed 11]

Generates, with a seeded generator, what feeds one organisation's scores (the questionnaire answers of the
default preset's index model, a red-flag index, signed pacts, 0–4 confirmed events of every kind at ages up to
three years, and the KRI values) for --organisations organisations, then times the recomputation of every
score of every organisation with the pure functions of pactplatform/risk/scoring.py (IKOrg, IEPK, IKO with
its age weights, residual risk, IRK and its band, each KRI's light and the group's), in Decimal as the site
does. Generating the inputs is not timed. Reports the wall and CPU time per organisation.
"""
import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pactplatform.risk import scoring  # noqa: E402
from pactplatform.risk.methodology import preset  # noqa: E402

TODAY = date(2026, 11, 30)
POINTS = [5, 15, 30, 40, 50, 2, 5, 10, 20]


def generate(count: int, seed: int, config: dict) -> list[tuple[dict, list, dict]]:
    rng = random.Random(seed)
    indicators = [(i["code"], i["normaliser"]["kind"]) for name in ("ikorg", "iepk")
                  for d in config["index_model"][name]["dimensions"] for i in d["indicators"]]
    kri_codes = [k["code"] for k in config["kris"]]
    out = []
    for _ in range(count):
        values = {}
        for code, kind in indicators:
            if rng.random() < 0.1:  # an unanswered question
                continue
            if kind == "likert":
                values[code] = str(rng.randint(1, 5))
            elif kind == "unit":
                values[code] = f"{rng.random():.4f}"
            else:
                values[code] = str(rng.randint(0, 5))
        events = [scoring.RealisedEvent(rng.choice(POINTS), TODAY - timedelta(days=rng.randint(0, 1100)), "e")
                  for _ in range(rng.randint(0, 4))]
        kris = {code: f"{rng.uniform(0, 30):.2f}" for code in kri_codes if rng.random() < 0.7}
        out.append((values, events, kris))
    return out


def recompute_all(inputs, config: dict) -> int:
    model = config["index_model"]
    kris = {k["code"]: k for k in config["kris"]}
    high = 0
    for values, events, kri_values in inputs:
        result = scoring.scores(model, values, events, TODAY)
        scoring.worst_light(scoring.kri_light(kris[code], value) for code, value in kri_values.items())
        high += result.band in ("high", "very_high")
    return high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--organisations", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    config = preset("standard-4x4")
    started = time.perf_counter()
    inputs = generate(args.organisations, args.seed, config)
    generated = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    high = recompute_all(inputs, config)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"organisations:        {args.organisations:,}")
    print(f"inputs generated in:  {generated:.2f} s (not timed below)")
    print(f"scores recomputed in: {elapsed:.2f} s")
    print(f"per organisation:     {elapsed / args.organisations * 1e6:.1f} µs wall, "
          f"{cpu / args.organisations * 1e6:.1f} µs CPU (on a shared machine the CPU figure is the steadier one)")
    print(f"in the high or very high band: {high:,}")


if __name__ == "__main__":
    main()
