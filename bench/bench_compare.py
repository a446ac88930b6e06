"""Benchmark and eyeball :func:`generator.analysis.align.align` on a real corpus.

    python bench/bench_compare.py [PATH] [--show N] [--threshold T] [--paper ID ...] [--labels CSV]

PATH defaults to ``../shared/corpus/ablationbench/trajectories`` (relative to the repository
root) and is searched recursively for ``*.md``; trajectories are grouped by paper id (one plan
per model). Prints the time to align every paper (cold: first call, term caches empty; warm:
best of five more runs), group statistics, and the groups of N papers (``--show``, chosen
with a fixed seed) or of the named papers; with ``--labels`` (``tests/data/align_labels.csv``),
the pairwise precision and recall against those labels (see ``tests/data/README.md``).
Asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.analysis.align import DEFAULT_THRESHOLD, Group, align  # noqa: E402
from generator.records import Ablation  # noqa: E402
from generator.pipeline.parse import ParseError, parse  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "ablationbench" / "trajectories"
SEED = 20240601


def load(path: Path) -> dict[str, dict[str, tuple[Ablation, ...]]]:
    papers: dict[str, dict[str, tuple[Ablation, ...]]] = defaultdict(dict)
    for file in sorted(path.rglob("*.md")):
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
            parsed = parse(text, file.relative_to(path).as_posix())
        except ParseError:
            continue
        papers[parsed.paper][parsed.model] = parsed.ablations
    return dict(papers)


def show(paper: str, groups: tuple[Group, ...]) -> None:
    print(f"\n=== {paper}")
    for g in groups:
        print(f"  [{g.agreement} model{'s' if g.agreement != 1 else ''}] cohesion {g.score:.2f}  "
              f"{g.label[:72]!r}  shared: {', '.join(g.shared_terms[:6]) or '-'}")
        for m in g.members:
            a = m.ablation
            print(f"      {m.model[:12]:12} #{m.index} {a.action:8} {a.name[:36]!r} | "
                  f"{a.ablated_part[:70]!r}")


def report_labels(path: Path, labels_csv: Path, threshold: float) -> None:
    """Pairwise precision and recall against hand labels (models named by corpus folder)."""
    labels: dict[str, dict[tuple[str, int], str]] = defaultdict(dict)
    with labels_csv.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            labels[row["paper"]][(row["model"], int(row["ablation"]))] = row["group"]
    both = grouped = together = 0
    for paper, truth in sorted(labels.items()):
        plans = {}
        for file in sorted(path.glob(f"lm-planner/*/{paper}.md")):
            try:
                plans[file.parent.name] = parse(file.read_text(encoding="utf-8"), file.relative_to(path).as_posix()).ablations
            except ParseError:
                continue
        found = {(m.model, m.index): g for g, group in enumerate(align(plans, threshold=threshold))
                 for m in group.members}
        keys = sorted(k for k in truth if k in found)
        for x, a in enumerate(keys):
            for b in keys[x + 1:]:
                same, pred = truth[a] == truth[b], found[a] == found[b]
                both, grouped, together = both + (same and pred), grouped + pred, together + same
    print(f"labels ({len(labels)} papers): pairwise precision {both / max(grouped, 1):.3f} "
          f"({grouped} pairs grouped), recall {both / max(together, 1):.3f} ({together} pairs labelled)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--show", type=int, default=0, metavar="N")
    ap.add_argument("--paper", action="append", default=[])
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--labels", type=Path, help="a CSV of paper,model,ablation,group (model = corpus folder)")
    args = ap.parse_args(argv)
    if not args.path.is_dir():
        print(f"no corpus at {args.path}", file=sys.stderr)
        return 2
    papers = load(args.path)
    plans = [papers[p] for p in sorted(papers)]
    n_ablations = sum(len(a) for plan in plans for a in plan.values())

    start = time.perf_counter()
    results = [align(plan, threshold=args.threshold) for plan in plans]
    cold = time.perf_counter() - start
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        for plan in plans:
            align(plan, threshold=args.threshold)
        warm.append(time.perf_counter() - start)

    print(f"{len(plans)} papers, {n_ablations} ablations, threshold {args.threshold}")
    largest = max(plans, key=lambda p: sum(len(a) for a in p.values()))
    start = time.perf_counter()
    align(largest, threshold=args.threshold)
    one = time.perf_counter() - start
    print(f"align all papers: cold {cold * 1000:.0f} ms, warm {min(warm) * 1000:.0f} ms "
          f"(best of {len(warm)}); largest paper ({sum(len(a) for a in largest.values())} "
          f"ablations) {one * 1000:.1f} ms")
    agreement = Counter(g.agreement for gs in results for g in gs)
    multi = [g for gs in results for g in gs if g.agreement > 1]
    print("groups by number of models: "
          + ", ".join(f"{k}: {agreement[k]}" for k in sorted(agreement)))
    placed = sum(len(g.members) for g in multi)
    print(f"ablations in a group of 2+ models: {placed}/{n_ablations} ({placed / n_ablations:.0%})")
    same_model = sum(1 for g in results for gs in g
                     if max(Counter(m.model for m in gs.members).values()) > 1)
    print(f"groups holding two ablations of one model: {same_model}")

    if args.labels:
        report_labels(args.path, args.labels, args.threshold)
    chosen = list(args.paper)
    if args.show:
        rng = random.Random(SEED)
        full = [p for p in sorted(papers) if len(papers[p]) >= 5]
        chosen += rng.sample(full, min(args.show, len(full)))
    for paper in chosen:
        show(paper, align(papers[paper], threshold=args.threshold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
