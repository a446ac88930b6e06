"""Search on a cold visit, measured in headless Chromium (Debian's chromium via Playwright).

    python bench/bench_search.py SITE_DIR ["phrase"] [--expect URL_PART] [--runs N]

Serves SITE_DIR on 127.0.0.1, opens the home page in a fresh browser context (empty cache),
types the phrase into the header search box and waits for the first result. Prints the time
from navigation start to the first result, the bytes transferred in total (page, assets and
search data) and the rank of the expected result. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(base: str, phrase: str, expect: str, browser) -> dict:
    context = browser.new_context()  # a cold visitor: nothing cached
    page = context.new_page()
    sizes: list[int] = []
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    client.on("Network.loadingFinished", lambda e: sizes.append(int(e.get("encodedDataLength", 0))))
    started = time.perf_counter()
    page.goto(base)
    loaded = time.perf_counter() - started  # (the load event)
    page.click(".md-search__input")
    page.keyboard.type(phrase)
    typed = time.perf_counter() - started  # (Playwright sends each key as a message: ~20 ms a key here)
    page.wait_for_selector(".md-search-result__item")
    first = time.perf_counter() - started
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    page.wait_for_timeout(300)  # let late chunk requests finish, so bytes are counted
    context.close()
    rank = next((i + 1 for i, link in enumerate(links) if expect in link), None)
    return {"seconds": first, "loaded": loaded, "typed": typed, "bytes": sum(sizes), "requests": len(sizes),
            "rank": rank, "top": links[:3]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("phrase", nargs="?", default="harmony coefficient")
    parser.add_argument("--expect", default="o3-mini/blockskim")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    site = Path(args.site).resolve()
    if not (site / "pagefind").is_dir():
        raise SystemExit(f"{site} has no pagefind/ index: build the site first (make site)")
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        runs = [measure(base, args.phrase, args.expect, browser) for _ in range(args.runs)]
        browser.close()
    server.shutdown()
    for i, r in enumerate(runs, 1):
        print(f"run {i}: first result {r['seconds']:.2f} s (page loaded {r['loaded']:.2f} s, clicked and typed by "
              f"{r['typed']:.2f} s, result {r['seconds'] - r['typed']:.2f} s after the last key), "
              f"{r['bytes'] / 1e6:.2f} MB in {r['requests']} requests, expected result at rank {r['rank']}")
    print(f"median: {statistics.median(r['seconds'] for r in runs):.2f} s to the first result "
          f"({statistics.median(r['seconds'] - r['typed'] for r in runs):.2f} s after the last key), "
          f"{statistics.median(r['bytes'] for r in runs) / 1e6:.2f} MB transferred; top results: {runs[-1]['top']}")


if __name__ == "__main__":
    main()
