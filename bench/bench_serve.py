"""Edit-to-browser latency under `make serve` (mkdocs serve --dirty + the regenerating hook).

    python bench/bench_serve.py [CORPUS] [--runs N] [--file REL_PATH] [--port P]

Copies CORPUS (default: the real one) to a temporary folder, generates it, and starts
`python -m generator serve` on it the way `make serve` does (so the
source folder is watched and regenerated). Then opens the trajectory page of one file in
headless Chromium, appends a unique marker word to the file's reasoning, and times how
long until the page (reloaded by MkDocs' livereload) shows it. Between edits it waits for
the search index, rebuilt in the background after each edit, and for the server to go
quiet, as a person reading the page would. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO.parent / "shared/corpus/ablationbench/trajectories"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def config_for(work: Path) -> Path:
    """The project's mkdocs.yml with its folders made absolute and docs in ``work``."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for old, new in (("docs_dir: site_src", f"docs_dir: {work / 'site_src'}"),
                     ("site_dir: site", f"site_dir: {work / 'site'}"),
                     ("custom_dir: theme_overrides", f"custom_dir: {REPO / 'theme_overrides'}"),
                     ("- generator/mkdocs_site/hook.py", f"- {REPO / 'generator/mkdocs_site/hook.py'}")):
        if old not in text:
            raise SystemExit(f"mkdocs.yml has no '{old}': update bench_serve.py")
        text = text.replace(old, new, 1)
    path = work / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


class Server:
    """`mkdocs serve` in the background; its log lines are collected."""

    def __init__(self, config: Path, sources: Path, metadata: list[Path], port: int):
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.lines: list[tuple[float, str]] = []
        docs = config.parent / "site_src"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(sources), *(a for m in metadata for a in ("--metadata", str(m))),
             "--out", str(docs), "-q", "--config", str(config), "-a", f"127.0.0.1:{port}"], cwd=REPO, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append((time.perf_counter(), line.rstrip()))

    def wait_for(self, pattern: str, since: int = 0, timeout: float = 300) -> str:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for _, line in self.lines[since:]:
                if re.search(pattern, line):
                    return line
            if self.proc.poll() is not None:
                raise SystemExit("mkdocs serve stopped:\n" + "\n".join(l for _, l in self.lines[-20:]))
            time.sleep(0.05)
        raise SystemExit(f"timed out waiting for {pattern!r}")

    def quiet(self, seconds: float = 2.0, timeout: float = 120) -> None:
        """Wait until nothing was logged for ``seconds``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            last = self.lines[-1][0] if self.lines else 0
            if time.perf_counter() - last > seconds:
                return
            time.sleep(0.1)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", default="lm-planner/o3-mini/blockskim.md",
                        help="the source file to edit, relative to CORPUS")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--verbose", action="store_true", help="print the server's log of each edit")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / args.file).is_file():
        raise SystemExit(f"{corpus / args.file} not found: give a corpus folder (and --file in it)")
    metadata = [m for m in [corpus.parent / "tasks.csv"] if m.is_file()]
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    sources = work / "sources"
    shutil.copytree(corpus, sources)
    (work / "site_src").mkdir()
    shutil.copy(REPO / "site_src" / "about.md", work / "site_src" / "about.md")
    meta = [a for m in metadata for a in ("--metadata", str(m))]
    subprocess.run([sys.executable, "-m", "generator", "build", str(sources), "--out", str(work / "site_src"),
                    "-q", *meta], cwd=REPO, check=True)
    port = args.port or free_port()
    server = Server(config_for(work), sources, metadata, port)
    source = sources / args.file
    original = source.read_text(encoding="utf-8")
    anchor = "</div>"  # the end of the reasoning box
    if anchor not in original:
        raise SystemExit(f"{source}: no reasoning box to edit")
    times: list[float] = []
    try:
        server.wait_for(r"Serving on")
        server.wait_for(r"Search index:")
        server.quiet()
        url = f"http://127.0.0.1:{port}/" + page_of(work / "site_src", args.file)
        print(f"{len(list(sources.rglob('*.md')))} source files; serving {url}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            page.goto(url)
            for run in range(args.runs):
                marker = f"servemarker{run}x{int(time.time())}"
                mark = len(server.lines)
                started = time.perf_counter()
                source.write_text(original.replace(anchor, f"\n{marker}\n{anchor}", 1), encoding="utf-8")
                page.wait_for_function(f"document.body !== null && document.body.innerText.includes('{marker}')",
                                       timeout=60_000, polling=20)
                times.append(time.perf_counter() - started)
                regen = server.wait_for(r"Regenerated", since=mark, timeout=5)
                server.wait_for(r"Search index:", since=mark, timeout=120)
                searchable = time.perf_counter() - started
                print(f"run {run + 1}: edit visible after {times[-1]:.2f} s, in search after {searchable:.1f} s"
                      f"  ({regen.split(' - ', 1)[-1]})")
                server.quiet()
                if args.verbose:
                    for at, line in server.lines[mark:]:
                        print(f"    {at - started:6.2f} s  {line.split(' - ', 1)[-1][:100]}")
            browser.close()
    finally:
        source.write_text(original, encoding="utf-8")
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"median edit-to-browser: {statistics.median(times):.2f} s over {len(times)} edits "
          f"(min {min(times):.2f}, max {max(times):.2f})")


def page_of(docs: Path, source: str) -> str:
    """The URL path of the trajectory page generated from ``source``."""
    for page in docs.glob("trajectories/**/index.md"):
        if f"<code>{source}</code>" in page.read_text(encoding="utf-8"):
            return page.parent.relative_to(docs).as_posix() + "/"
    raise SystemExit(f"no page shows {source}")


if __name__ == "__main__":
    main()
