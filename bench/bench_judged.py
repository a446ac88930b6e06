"""What judge verdicts cost a corpus-size build: SYNTHETIC verdicts for the real corpus.

    python bench/bench_judged.py [CORPUS] [--tasks tasks.csv] [--rounds N] [--keep DIR]

Fabricates (scripts/make_sample_judgments.py::fabricate, deterministic, labelled synthetic)
ground truth and majority-vote verdicts for every corpus trajectory whose paper has a task in
tasks.csv, plus a second judge of the author task (a reported duplicate) and agent-planner
evaluations with no trajectory (reported orphans); then times the cold generate step
(`python -m generator build`, no cache) with and without them, alternating, and one full
`python -m generator site` with them (site size). Prints numbers; asserts nothing. The
fabricated files are written to a temporary folder and never published.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "ablationbench" / "trajectories"


def fabricator():
    spec = importlib.util.spec_from_file_location("make_sample_judgments", REPO / "scripts" / "make_sample_judgments.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def size(folder: Path) -> tuple[int, int]:
    files = [f for f in folder.rglob("*") if f.is_file()]
    return len(files), sum(f.stat().st_size for f in files)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--tasks", type=Path, default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_args()
    tasks_csv = args.tasks or args.corpus.parent / "tasks.csv"
    if not args.corpus.is_dir() or not tasks_csv.is_file():
        sys.exit(f"need the corpus and its tasks.csv ({args.corpus}, {tasks_csv})")
    work = Path(tempfile.mkdtemp(prefix="bench-judged-"))
    try:
        fab = fabricator()
        started = time.perf_counter()
        trajectories = fab.load(args.corpus)
        tasks = {row["paper"]: row["task"] for row in csv.DictReader(tasks_csv.open(encoding="utf-8"))}
        judged = work / "judged"
        counts = fab.fabricate(trajectories, tasks, judged, second_judge=True, orphan=True, unplanned=True,
                               title="{} (synthetic)")
        files, nbytes = size(judged)
        print(f"fabricated (SYNTHETIC) verdicts: {counts['judged']} judged plans on {counts['papers']} papers, "
              f"{files} files, {nbytes / 1e6:.1f} MB, in {time.perf_counter() - started:.1f} s")
        meta = ["--metadata", str(tasks_csv)]
        times: dict[str, list[float]] = {"plain": [], "judged": []}
        for _ in range(args.rounds):
            for label, sources in (("plain", [args.corpus]), ("judged", [args.corpus, judged])):
                out = work / f"out-{label}"
                shutil.rmtree(out, ignore_errors=True)
                times[label].append(run([PY, "-m", "generator", "build", *map(str, sources), *meta,
                                         "--out", str(out)], REPO))
        for label, values in times.items():
            print(f"generate, cold, {label:6}: median {statistics.median(values):.2f} s "
                  f"(runs: {', '.join(f'{v:.2f}' for v in values)})")
        docs, site = work / "site_src", work / "site"
        docs.mkdir()
        shutil.copy(REPO / "site_src" / "about.md", docs / "about.md")
        t = run([PY, "-m", "generator", "site", str(args.corpus), str(judged), *meta, "--out", str(docs),
                 "--site-dir", str(site)], REPO)
        files, nbytes = size(site)
        print(f"site (generate + mkdocs build --strict + search), judged: {t:.2f} s; "
              f"site {files} files, {nbytes / 1e6:.1f} MB")
        for name in ("data/leaderboard.json", "data/papers.json", "leaderboard/index.html",
                     "data/trajectories.json.gz", "data/index/trajectories.json"):
            f = site / name
            if f.exists():
                print(f"  {name}: {f.stat().st_size / 1e3:.1f} kB")
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
