"""Build a corpus-size SYNTHETIC run folder (both planners) and print what it costs.

    python bench/bench_runs.py [CORPUS] [--steps 20] [--paper-lines 1500] [--keep DIR]

``scripts/make_sample_runs.py`` writes every Markdown trajectory of CORPUS (default
``../shared/corpus/ablationbench/trajectories``) as an LM-planner run, and the three models
AblationBench ran as agents (GPT-4o, Claude 3.5 Sonnet, Llama 3.1 405B; o3-mini's papers go
to GPT-4o) as SWE-agent runs of ``--steps`` steps each, one of which ``cat``s a paper of
``--paper-lines`` lines (~70 characters each: a real paper's LaTeX, below SWE-agent's
100,000-character observation cap). Then ``python -m generator site`` builds it, with the
corpus's Markdown exports beside it (each a duplicate of its LM run), in a temporary folder.

Printed: the folder's size, the build's wall time (and the generator's stages), the site's
size, and the largest agent page (Markdown and HTML).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

import make_sample_runs  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "ablationbench" / "trajectories"


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--paper-lines", type=int, default=1500)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-runs-"))
    try:
        started = time.perf_counter()
        made = make_sample_runs.make(work / "runs", [args.corpus], agent_steps=args.steps,
                                     paper_lines=args.paper_lines)
        trajs = list((work / "runs").rglob("*.traj"))
        print(f"run folder: {len(made)} LM runs, {len(trajs)} agent runs, {size(work / 'runs') / 1e6:.0f} MB "
              f"(made in {time.perf_counter() - started:.1f} s)")
        docs = work / "site_src"
        docs.mkdir(exist_ok=True)
        shutil.copy(REPO / "site_src" / "about.md", docs / "about.md")
        command = [sys.executable, "-m", "generator", "site", str(args.corpus), str(work / "runs"),
                   "--out", str(docs), "--site-dir", str(work / "site"), "-q", "--timings"]
        for label in ("cold", "warm (nothing changed)"):
            started = time.perf_counter()
            done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if done.returncode:
                print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
                return 1
            print(f"build + site, {label}: {seconds:.1f} s")
            for line in done.stdout.splitlines():
                if "→" in line or line.lstrip().startswith(("read", "load", "catalog", "align", "plan", "render")):
                    print("   ", line.strip())
        print(f"site: {size(work / 'site') / 1e6:.0f} MB, {sum(1 for _ in (work / 'site').rglob('*.html'))} pages")
        agent_pages = list((work / "site" / "trajectories" / "agent-planner").rglob("index.html"))
        largest = max(agent_pages, key=lambda p: p.stat().st_size)
        source = docs / largest.relative_to(work / "site").with_suffix(".md")
        print(f"largest agent page: {largest.relative_to(work / 'site')}: {largest.stat().st_size / 1e3:.0f} kB HTML, "
              f"{source.stat().st_size / 1e3:.0f} kB Markdown, {len(largest.read_text(encoding='utf-8').splitlines())} "
              "lines of HTML")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
