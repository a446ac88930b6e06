"""`make bench`: full-build speed and size against the naive floor, incremental runs, scaling.

    python bench/bench_build.py [CORPUS] [--rounds N] [--scales 1,3,10] [--keep DIR]

(a) the floor: the raw files in a minimal Material site whose nav lists only the home page;
(b) our full pipeline as `make site` runs it: `python -m generator site` (cold, no cache):
generate + `mkdocs build --strict` + Pagefind in one process. Alternates A B A B and prints
medians, the ratio, site sizes, peak memory, the generate stage alone (`python -m generator
build`, cold) and the largest page. Then: regeneration with no change and after
editing one trajectory, and the full build on synthetic 1×/3×/10× corpora (the corpus
replicated under renamed models and papers). Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
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
FLOOR_YML = "site_name: floor\ntheme:\n  name: material\nnav:\n  - Home: index.md\n"


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, stdout) of a command; raises if it fails.

    Also keeps, in ``LAST``, its CPU time (user + system, all its processes) and the time
    the virtual machine's host took from this machine's CPUs meanwhile ("steal", Linux):
    on a shared host the same build varies by a second; these say why."""
    out = tempfile.NamedTemporaryFile(delete=False)
    settle()
    steal = _steal()
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", out.name, *cmd], cwd=cwd, env=ENV,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    peak, user, system = Path(out.name).read_text().split()[-3:]
    os.unlink(out.name)
    LAST.update(cpu=float(user) + float(system), steal=_steal() - steal)
    return seconds, int(peak) // 1024, done.stdout


LAST: dict[str, float] = {}


def _steal() -> float:
    """Seconds of CPU time the host has taken from this machine since it started (0 if unknown)."""
    try:
        with open("/proc/stat") as f:
            return int(f.readline().split()[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def cpu_note() -> str:
    return f"cpu {LAST['cpu']:.2f} s, steal {LAST['steal']:.2f} s"


def settle() -> None:
    """Before a timed run: what earlier runs wrote goes to disk first, so that its writeback
    (kernel time on both cores) falls in no one's measurement."""
    os.sync()
    time.sleep(0.5)


def creation_probe(folder: Path, n: int = 1000) -> float:
    """Microseconds to create one empty file in ``folder`` (kept until the end, like every
    file of the bench). On an ext4 file system without a journal this is several times
    higher for minutes after many files were deleted anywhere on it; builds create
    thousands of files, so their times follow."""
    folder.mkdir(parents=True)
    os.sync()
    started = time.perf_counter()
    for i in range(n):
        os.close(os.open(folder / f"f{i}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    return (time.perf_counter() - started) / n * 1e6


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def largest_page(site: Path) -> tuple[str, float]:
    f = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    return f.relative_to(site).as_posix(), f.stat().st_size / 1e3


def floor_build(corpus: Path, work: Path) -> tuple[float, int, Path]:
    root = work / "floor"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(corpus, root / "docs")
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(FLOOR_YML)
    seconds, peak, _ = timed([PY, "-m", "mkdocs", "build", "-q"], cwd=root)
    return seconds, peak, root / "site"


def our_build(corpus: Path, work: Path, metadata: list[Path]) -> dict:
    """`make site`'s command: generate + `mkdocs build --strict` (+ Pagefind) in one process."""
    docs, site = work / "ours" / "site_src", work / "ours" / "site"
    shutil.rmtree(work / "ours", ignore_errors=True)
    docs.mkdir(parents=True)
    shutil.copy(REPO / "site_src" / "about.md", docs / "about.md")
    meta = [a for m in metadata for a in ("--metadata", str(m))]
    total, peak, out = timed([PY, "-m", "generator", "site", str(corpus), "--out", str(docs), "--site-dir", str(site),
                              "--config", str(REPO / "mkdocs.yml"), "-q", *meta], cwd=REPO)
    generate = float(re.search(r" in ([\d.]+) s \(", out).group(1))  # the generator's own summary line
    return {"generate": generate, "mkdocs": total - generate, "total": total, "peak": peak, "docs": docs, "site": site}


def generate_alone(corpus: Path, work: Path, metadata: list[Path]) -> tuple[float, str]:
    """The generate stage by itself, cold (`python -m generator build`, a fresh output folder):
    (wall seconds, where they went: start-up and imports, then the build's own stages)."""
    docs = work / "gen-alone"
    shutil.rmtree(docs, ignore_errors=True)
    meta = [a for m in metadata for a in ("--metadata", str(m))]
    seconds, _, out = timed([PY, "-m", "generator", "build", str(corpus), "--out", str(docs), "-q", "--timings",
                             *meta], cwd=REPO)
    build = float(re.search(r" in ([\d.]+) s \(", out).group(1))
    stages = re.search(r"^stages: (.*)$", out, re.M).group(1)
    return seconds, f"start-up, imports and exit {seconds - build:.2f} s, {stages}"


def regenerate(corpus: Path, docs: Path, metadata: list[Path]) -> tuple[float, str]:
    meta = [a for m in metadata for a in ("--metadata", str(m))]
    done = subprocess.run([PY, "-m", "generator", "build", str(corpus), "--out", str(docs), *meta, "-q"],
                          cwd=REPO, env=ENV, capture_output=True, text=True)
    m = re.search(r"(\d+) written, (\d+) unchanged, (\d+) removed in ([\d.]+) s", done.stdout)
    return (float(m.group(4)), f"{m.group(1)} written, {m.group(3)} removed") if m else (float("nan"), done.stdout)


def replicate(corpus: Path, dest: Path, times: int) -> Path:
    """The corpus `times` over: copy k renames every model and paper id (heading and path)."""
    shutil.rmtree(dest, ignore_errors=True)
    heading = re.compile(r"^# ([^/\n]+)/([^/\n]+)/(.+)$", re.M)
    for k in range(times):
        for f in corpus.rglob("*.md"):
            rel = f.relative_to(corpus)
            text = f.read_text(encoding="utf-8")
            if k:
                text = heading.sub(lambda m: f"# {m.group(1)}/{m.group(2)}-r{k}/{m.group(3)}-r{k}", text, count=1)
                rel = rel.parent.parent / f"{rel.parent.name}-r{k}" / f"{rel.stem}-r{k}.md"
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / rel).write_text(text, encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(REPO.parent / "shared/corpus/ablationbench/trajectories"))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--scales", default="1,3,10")
    parser.add_argument("--keep", help="work folder to keep (default: a temporary one)")
    parser.add_argument("--work", help="where the temporary work folder goes (e.g. /dev/shm for a RAM disk)")
    args = parser.parse_args()
    corpus = Path(args.corpus).resolve()
    if not corpus.is_dir():
        raise SystemExit(f"corpus not found: {corpus} (give a folder of trajectory files)")
    tasks = corpus.parent / "tasks.csv"
    metadata = [tasks] if tasks.is_file() else []
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-build-", dir=args.work))
    work.mkdir(parents=True, exist_ok=True)
    files = sum(1 for f in corpus.rglob("*") if f.is_file())
    print(f"corpus: {corpus} ({files} files, {size_mb(corpus):.1f} MB); {os.cpu_count()} cores; work in {work}")

    # the generator's bytecode, as `make install` compiles it (pip does so for a non-editable
    # install): otherwise, with PYTHONDONTWRITEBYTECODE set, every run compiles its sources
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "generator")], check=True)

    floors, ours, alone = [], [], []
    for i in range(args.rounds):
        # a fresh folder per round, nothing deleted until the end: on this machine's file
        # system, creating files is slow for a minute after many were deleted
        probe = creation_probe(work / f"round{i + 1}" / "probe")
        print(f"  round {i + 1}   file creation here: {probe:.0f} µs per file")
        seconds, peak, floor_site = floor_build(corpus, work / f"round{i + 1}")
        floors.append((seconds, peak))
        print(f"  round {i + 1} A floor: {seconds:6.2f} s  peak {peak} MB  ({cpu_note()})")
        run = our_build(corpus, work / f"round{i + 1}", metadata)
        ours.append(run)
        print(f"  round {i + 1} B ours:  {run['total']:6.2f} s  (generate {run['generate']:.2f} s, then "
              f"start-up + mkdocs + search {run['mkdocs']:.2f} s)  peak {run['peak']} MB  ({cpu_note()})")
        seconds, split = generate_alone(corpus, work / f"round{i + 1}", metadata)
        alone.append(seconds)
        print(f"  round {i + 1}   generate alone (cold, own process): {seconds:.2f} s  ({cpu_note()})\n"
              f"                 {split}")
    floor_s = statistics.median(s for s, _ in floors)
    our_s = statistics.median(r["total"] for r in ours)
    gen_s = statistics.median(alone)
    last = ours[-1]
    page, kb = largest_page(last["site"])
    print()
    print("| | floor (raw files, minimal nav) | ours (generate + build + search) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| full build, median of {args.rounds} | {floor_s:.2f} s | {our_s:.2f} s | {our_s / floor_s:.2f}× |")
    print(f"| site size | {size_mb(floor_site):.1f} MB | {size_mb(last['site']):.1f} MB | "
          f"{size_mb(last['site']) / size_mb(floor_site):.2f}× |")
    print(f"| peak memory | {max(p for _, p in floors)} MB | {max(r['peak'] for r in ours)} MB | |")
    print(f"| generate stage alone (cold, own process, median) | | {gen_s:.2f} s | |")
    print(f"| largest page | | {kb:.0f} kB ({page}) | |")

    print("\nincremental regeneration (generate stage, warm cache):")
    seconds, what = regenerate(corpus, last["docs"], metadata)
    print(f"  no change:            {seconds:.2f} s, {what}")
    edited = work / "edited"
    shutil.rmtree(edited, ignore_errors=True)
    shutil.copytree(corpus, edited)
    regenerate(edited, last["docs"], metadata)  # same content, new source folder: warms the cache
    victim = sorted(edited.rglob("*.md"))[len(files and sorted(edited.rglob('*.md'))) // 2]
    victim.write_text(victim.read_text(encoding="utf-8").replace("\n- **Action**", "\n- **Action**", 1)
                      + "\n<!-- edited -->\n", encoding="utf-8")
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("ablation", "ABLATION", 1), encoding="utf-8")
    seconds, what = regenerate(edited, last["docs"], metadata)
    print(f"  one trajectory edited: {seconds:.2f} s, {what}  ({victim.relative_to(edited)})")

    print("\nscaling (our full build on the corpus replicated under renamed models and papers):")
    print("| scale | files | generate | then mkdocs + search | total | per 1k files | site | largest page |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for scale in (int(s) for s in args.scales.split(",") if s):
        source = corpus if scale == 1 else replicate(corpus, work / f"x{scale}", scale)
        n = sum(1 for _ in source.rglob("*.md"))
        run = our_build(source, work / f"run{scale}", metadata)
        page, kb = largest_page(run["site"])
        print(f"| {scale}× | {n} | {run['generate']:.2f} s | {run['mkdocs']:.2f} s | {run['total']:.2f} s | "
              f"{run['total'] / n * 1000:.2f} s | {size_mb(run['site']):.0f} MB | {kb:.0f} kB |")
        # (nothing deleted before the next scale: see creation_probe)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
