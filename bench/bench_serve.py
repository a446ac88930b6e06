"""Edit-to-browser latency under `make serve` (mkdocs serve --dirty + the regenerating hook).

    python bench/bench_serve.py URL SOURCE_FILE [--runs N]

With `make serve SOURCE=...` already running, opens URL (the page that shows SOURCE_FILE) in
headless Chromium, appends a unique marker word to the file's reasoning, and times how long
until the page (reloaded by MkDocs' livereload) shows it. Restores the file at the end.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("source", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    original = args.source.read_text(encoding="utf-8")
    anchor = "</div>"  # the end of the reasoning box
    if anchor not in original:
        raise SystemExit(f"{args.source}: no reasoning box to edit")
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page()
        page.goto(args.url)
        try:
            for run in range(args.runs):
                marker = f"servemarker{run}x{int(time.time())}"
                started = time.perf_counter()
                args.source.write_text(original.replace(anchor, f"\n{marker}\n{anchor}", 1), encoding="utf-8")
                page.wait_for_function(f"document.body !== null && document.body.innerText.includes('{marker}')",
                                       timeout=60_000)
                times.append(time.perf_counter() - started)
                print(f"run {run + 1}: edit visible after {times[-1]:.2f} s")
                time.sleep(1)
        finally:
            args.source.write_text(original, encoding="utf-8")
            browser.close()
    print(f"median edit-to-browser: {statistics.median(times):.2f} s over {len(times)} edits")


if __name__ == "__main__":
    main()
