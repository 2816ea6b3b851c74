"""Search latency at 100,000 people: median and p95 of 200 typical queries.

    python bench/search.py [--people N] [--rebuild]

Builds (once, cached in bench/out/) a notebook of N generated people, then times
`Notebook.search.search(query)` (top 50, names first) as the people list would call it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.notebook import Notebook  # noqa: E402
from bench.generate import CITIES, FAMILY, GIVEN, LIKES, build, companies  # noqa: E402

PASSPHRASE = "benchmark passphrase"
OUT = Path(__file__).parent / "out"


def typical_queries(count: int = 200, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    orgs = companies(random.Random(42))
    makers = [
        ("name prefix", lambda: rng.choice(GIVEN)[: rng.randint(2, 4)]),
        ("full name", lambda: f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"),
        ("family name", lambda: rng.choice(FAMILY)),
        ("fact word", lambda: rng.choice(LIKES).split()[0]),
        ("company", lambda: rng.choice(orgs).split()[0]),
        ("city", lambda: rng.choice(CITIES)),
        ("phone fragment", lambda: f"{rng.randint(7000, 7999)}"),
        ("email", lambda: f"{rng.choice(GIVEN).lower()}.{rng.choice(FAMILY).lower()}"),
    ]
    return [(kind, make()) for kind, make in (makers[i % len(makers)] for i in range(count))]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"bench-{args.people}.rapport"
    if args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not path.exists():
        seconds = build(path, args.people, PASSPHRASE)
        print(f"built a notebook of {args.people:,} people in {seconds:.1f} s "
              f"({path.stat().st_size / 2**20:.0f} MiB)")

    started = time.perf_counter()
    nb = Notebook.open(path, PASSPHRASE)
    print(f"open (passphrase, key derivation included): {(time.perf_counter() - started) * 1000:.0f} ms")
    queries = typical_queries()
    for _, query in queries[:20]:  # warm the page cache, as a running app would be
        nb.search.search(query)
    timings: dict[str, list[float]] = {}
    hits = []
    for kind, query in queries:
        started = time.perf_counter()
        found = nb.search.search(query)
        timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        hits.append(len(found))
    everything = [t for values in timings.values() for t in values]
    print(f"{'query kind':<16} {'median ms':>10} {'p95 ms':>8}")
    for kind, values in timings.items():
        print(f"{kind:<16} {statistics.median(values):>10.2f} {percentile(values, 0.95):>8.2f}")
    print(f"{'ALL (200)':<16} {statistics.median(everything):>10.2f} "
          f"{percentile(everything, 0.95):>8.2f}   (mean hits per query {statistics.mean(hits):.0f})")
    nb.close()


if __name__ == "__main__":
    main()
