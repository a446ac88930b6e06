"""Search on a cold visit, measured in headless Chromium (Debian's chromium via Playwright).

    python bench/bench_search.py SITE_DIR ["phrase"] [--expect URL_PART] [--runs N]

Serves SITE_DIR on 127.0.0.1, opens the home page in a fresh browser context (empty cache),
enters the phrase into the header search box and waits for the first result. Prints the time
from navigation start to the first result, the bytes transferred in total (page, assets and
search data) and the rank of the expected result. Prints numbers; asserts nothing.

Each run is two visits: one types the phrase key by key (Playwright sends each key as a
message, ~20-30 ms a key here, so typing 19 characters takes about half a second of the
total), one pastes it (one input event: the site's own time, page load plus search).
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


def measure(base: str, phrase: str, expect: str, browser, paste: bool = False) -> dict:
    context = browser.new_context()  # a cold visitor: nothing cached
    page = context.new_page()
    sizes: list[int] = []
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    client.on("Network.loadingFinished", lambda e: sizes.append(int(e.get("encodedDataLength", 0))))
    started = time.perf_counter()
    page.goto(base)
    loaded = time.perf_counter() - started  # (the load event)
    page.click(".tj-search__input")
    if paste:
        page.keyboard.insert_text(phrase)  # one input event, as a paste
    else:
        page.keyboard.type(phrase)  # (Playwright sends each key as a message: ~20-30 ms a key here)
    typed = time.perf_counter() - started
    page.wait_for_selector(".tj-search__item")
    first = time.perf_counter() - started
    links = page.eval_on_selector_all(".tj-search__link", "els => els.map(e => e.href)")
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
        runs = {mode: [] for mode in ("typed", "pasted")}
        for _ in range(args.runs):  # (alternately)
            for mode, found in runs.items():
                found.append(measure(base, args.phrase, args.expect, browser, paste=mode == "pasted"))
        browser.close()
    server.shutdown()
    for mode, found in runs.items():
        for i, r in enumerate(found, 1):
            print(f"{mode} run {i}: first result {r['seconds']:.2f} s (page loaded {r['loaded']:.2f} s, clicked and "
                  f"{mode} by {r['typed']:.2f} s, result {r['seconds'] - r['typed']:.2f} s after that), "
                  f"{r['bytes'] / 1e6:.2f} MB in {r['requests']} requests, expected result at rank {r['rank']}")
    for mode, found in runs.items():
        print(f"median, {mode}: {statistics.median(r['seconds'] for r in found):.2f} s to the first result "
              f"({statistics.median(r['seconds'] - r['typed'] for r in found):.2f} s after the phrase was in), "
              f"{statistics.median(r['bytes'] for r in found) / 1e6:.2f} MB transferred; top results: {found[-1]['top']}")


if __name__ == "__main__":
    main()
