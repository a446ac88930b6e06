"""What one hostile file costs: a whole site build (generator, MkDocs with our hook, Pagefind).

    python bench/bench_hostile.py [CASE ...]

Cases: ``plan-2000``, ``plan-5000``, ``plan-100000`` (one plan with that many similar
ablations, beside the bundled samples: its paper's page groups them), ``nested-100000``
(100,000 nested ``<b>`` in a reasoning trace), ``big-16mib`` (a 16 MiB reasoning trace, the
largest file read). Prints, for each, the wall time and peak memory (RSS, this process and
its children) of ``python -m generator site`` in a fresh process. Asserts nothing.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def plan(n: int) -> str:
    blocks = "".join(f"### Remove dropout {i}\n- **Ablated Part**: dropout in encoder block {i % 7}\n"
                     f"- **Action**: REMOVE\n- **Metrics**: accuracy\n\n" for i in range(n))
    return ("# lm-planner/gpt-4o/apt\n\n<div class=\"trajectory-box\">\n<h2>🧠 Reasoning Trace</h2>\n\nWhy.\n</div>\n\n"
            f"<div class=\"trajectory-box\">\n<h2>📋 Ablation Plan</h2>\n\n{blocks}</div>\n")


def reasoning(text: str) -> str:
    return ("# lm-planner/gpt-4o/apt\n\n<div class=\"trajectory-box\">\n<h2>🧠 Reasoning Trace</h2>\n\n"
            f"{text}\n</div>\n\n<div class=\"trajectory-box\">\n<h2>📋 Ablation Plan</h2>\n\n"
            "### A\n- **Ablated Part**: x\n- **Action**: REMOVE\n- **Metrics**: acc\n</div>\n")


CASES = {
    "plan-2000": lambda: plan(2000),
    "plan-5000": lambda: plan(5000),
    "plan-100000": lambda: plan(100_000),
    "nested-100000": lambda: reasoning("<b>" * 100_000 + "deep" + "</b>" * 100_000),
    "big-16mib": lambda: reasoning(("word " * 200 + "\n\n") * 16_000)[: 16 * 2**20 - 200],
}


def run(case: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT / "samples", src)
        (src / "hostile.md").write_text(CASES[case](), encoding="utf-8")
        size = (src / "hostile.md").stat().st_size
        (Path(tmp) / "docs").mkdir()
        shutil.copy(ROOT / "site_src" / "about.md", Path(tmp) / "docs" / "about.md")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "generator", "site", str(src), "--out", f"{tmp}/docs",
                               "--site-dir", f"{tmp}/site", "-q"], cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        status = "ok" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[-200:]}"
        print(f"{case:15} {size / 2**20:7.1f} MiB  {seconds:6.1f} s  peak RSS {peak:6.0f} MiB  {status}")


if __name__ == "__main__":
    for name in sys.argv[1:] or CASES:
        run(name)
