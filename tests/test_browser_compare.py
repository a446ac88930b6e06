"""The comparison views in a real browser: the paper matrix on a phone, the per-ablation index
(per-ablation facets, models AND, URL state, CSV of what is shown) and its pages without
JavaScript. Same server, browser and checks as tests/test_browser.py (its fixtures)."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from tests.test_browser import CHROMIUM, browser_page, site, sync_api, web  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing")]

PAPER = "papers/apt/"  # two models in the samples


def _context(page, **kw):
    return page.context.browser.new_context(service_workers="block", **kw)


def test_paper_matrix_on_a_phone_scrolls_in_its_box_not_the_page(browser_page, tmp_path):
    page, rec, base = browser_page
    for scheme in ("light", "dark"):
        context = _context(page, viewport={"width": 390, "height": 844}, color_scheme=scheme, device_scale_factor=2)
        try:
            phone = context.new_page()
            phone.goto(base + PAPER + "#side-by-side")
            box = phone.locator(".tj-matrix-scroll")
            box.wait_for()
            sizes = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert sizes[0] <= sizes[1], f"the page itself scrolls sideways: {sizes}"
            heads = phone.locator("table.tj-matrix thead th[scope=col]").all_inner_texts()
            assert len(heads) == 3 and heads[0].startswith("What is ablated")
            # no badge clipped by its cell; the first column stays in view when the matrix scrolls
            clipped = phone.evaluate("""() => [...document.querySelectorAll('table.tj-matrix .tj-cell')].filter((a) => {
                const cell = a.closest('td').getBoundingClientRect(), r = a.getBoundingClientRect();
                return r.right > cell.right + 1 || r.left < cell.left - 1; }).length""")
            assert clipped == 0
            first = phone.locator("table.tj-matrix tbody th[scope=row]").first
            left = first.bounding_box()["x"]
            box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
            assert abs(first.bounding_box()["x"] - left) < 1
            gaps = phone.locator("table.tj-matrix td.tj-empty")
            if gaps.count():
                assert re.match(r"—\s*not proposed by ", gaps.first.inner_text()) or "not proposed by" in gaps.first.text_content()
            phone.screenshot(path=str(tmp_path / f"matrix-phone-{scheme}.png"), full_page=True)
            # each plan's reasoning is one click away, on the page
            fold = phone.locator("details.tj-plan-reasoning:has(.tj-reasoning[data-tj-from])").first
            fold.locator("summary").click()
            assert fold.evaluate("d => d.open")
            # ...fetched from its trajectory page, the same text as there
            slot = fold.locator(".tj-reasoning--loaded")
            slot.wait_for()
            source = fold.locator(".tj-reasoning").get_attribute("data-tj-from")
            there = context.new_page()
            there.goto(urljoin(phone.url, source))
            assert slot.inner_text().strip() == there.locator("article .tj-reasoning").inner_text().strip() != ""
            there.close()
            # a badge opens its ablation in its trajectory
            target = phone.locator("table.tj-matrix a.tj-cell").first.get_attribute("href")
            assert re.search(r"/trajectories/.+#ablation-\d+$", target)
        finally:
            context.close()


# --- the per-ablation index ---------------------------------------------------------------------

def _fixture() -> dict:
    """Three plans: one with a REMOVE measured by accuracy and a REPLACE measured by FID (one
    of each, never both), one with a REMOVE measured by FID, one on another paper."""
    return {
        "kind": "ablations", "models": ["Alpha", "Beta"], "planners": ["lm-planner"],
        "tasks": ["AuthorAblation"], "actions": ["REMOVE", "REPLACE", "ADD", "other"],
        "papers": [["Paper One", "papers/apt/", 0, [0, 1], "one"], ["Paper Two", "papers/blockskim/", -1, [0], "two"]],
        "plans": [[0, 0, 0, "trajectories/lm-planner/o3-mini/apt/"],
                  [0, 1, 0, "trajectories/lm-planner/llama-31-405b-instruct/apt/"],
                  [1, 0, 0, "trajectories/lm-planner/o3-mini/blockskim/"]],
        "rows": [[0, 1, "REMOVE", 0, "Drop gate", "the gate", ["Accuracy"], ["accuracy"], -1],
                 [0, 2, "REPLACE", 1, "Swap loss", "the loss", ["FID"], ["fid"], -1],
                 [1, 1, "REMOVE", 0, "No gate", "gate", ["FID (↓)", "Fidelity"], ["fid", "fidelity"], -1],
                 [1, 2, "ADD", 2, "=HYPERLINK(\"x\")", "a, \"quoted\" part", ["F1-score"], ["f1"], -1],
                 [2, 1, "REMOVE", 0, "Other paper", "x", ["Motion fidelity"], ["motion fidelity"], -1]],
        "metrics": [["fid", "FID", 2]], "aliases": {"f1 measure": "f1"},
    }


def _ready(page):
    page.wait_for_selector(".tj-facets[data-tj-ready='ready']:not([hidden])")


def _names(page) -> list[str]:
    return page.locator("table.tj-facets__table tbody tr td:nth-child(5)").all_inner_texts()


def test_ablation_facets_are_per_ablation_url_state_and_csv(web, tmp_path):
    page, base = web
    data = _fixture()
    pattern = re.compile(r".*/data/index/ablations\.json$")
    page.route(pattern, lambda r: r.fulfill(status=200, content_type="application/json", body=json.dumps(data)))
    try:
        page.goto(base + "ablations/?metric=fid&action=REMOVE&utm=kept")
        _ready(page)
        # both, on one ablation: not "Drop gate" (REMOVE, accuracy) with "Swap loss" (REPLACE, FID)
        assert _names(page) == ["No gate"]
        assert page.locator(".tj-facets__count").inner_text() == "1 of 5 ablations"
        assert page.locator("table[data-tj-index=ablations]").is_hidden()
        assert page.get_by_label("Metric").input_value() == "fid"
        # whole words of a key: fid never matches "fidelity" / "motion fidelity"
        page.get_by_label("Action", exact=True).select_option("")
        assert _names(page) == ["Swap loss", "No gate"]
        # spellings are keyed: "F1 score" finds F1-score
        page.get_by_label("Metric").fill("F1 score")
        assert _names(page) == ['=HYPERLINK("x")']
        page.get_by_label("Metric").fill("")
        # models: any of them, or only papers every selected one planned
        page.get_by_label("Alpha", exact=True).check()
        assert _names(page) == ["Drop gate", "Swap loss", "Other paper"]
        page.get_by_label("Beta", exact=True).check()
        page.get_by_label("only papers every selected model planned").check()
        assert _names(page) == ["Drop gate", "Swap loss", "No gate", '=HYPERLINK("x")']
        assert parse_qs(urlsplit(page.url).query) == {"model": ["Alpha", "Beta"], "models": ["all"], "utm": ["kept"]}
        page.get_by_label("only papers every selected model planned").uncheck()
        page.get_by_label("Beta", exact=True).uncheck()
        page.get_by_label("Alpha", exact=True).uncheck()
        page.get_by_label(re.compile("shared papers only")).check()
        assert "Other paper" not in _names(page) and len(_names(page)) == 4
        # sorting by a column, kept in the URL and restored
        page.get_by_role("button", name="Ablation", exact=True).click()
        page.get_by_role("button", name="Ablation", exact=True).click()
        assert _names(page) == sorted(_names(page), key=str.casefold, reverse=True)
        url = page.url
        assert parse_qs(urlsplit(url).query)["sort"] == ["name"] and parse_qs(urlsplit(url).query)["order"] == ["desc"]
        page.goto(url)
        _ready(page)
        assert page.get_by_label(re.compile("shared papers only")).is_checked()
        shown = _names(page)
        # the CSV of what is shown: these rows, this order, spreadsheet-safe
        with page.expect_download() as info:
            page.get_by_role("button", name=re.compile(r"^Download CSV")).click()
        text = (tmp_path / "a.csv")
        info.value.save_as(text)
        table = list(csv.DictReader(io.StringIO(text.read_text(encoding="utf-8-sig"))))
        assert [r["name"] for r in table] == [("'" + n if n.startswith("=") else n) for n in shown]
        assert {r["paper"] for r in table} == {"one"}
        row = next(r for r in table if r["name"].startswith("'="))
        assert row["ablated_part"] == 'a, "quoted" part' and row["metric_keys"] == "f1"
        assert row["url"].endswith("trajectories/lm-planner/llama-31-405b-instruct/apt/#ablation-2")
        page.get_by_role("button", name="Clear filters").click()
        assert page.locator("table[data-tj-index=ablations]").is_visible()
        assert parse_qs(urlsplit(page.url).query) == {"utm": ["kept"]}
    finally:
        page.unroute(pattern)


def test_ablation_index_on_the_samples_matches_its_data(web, site):
    page, base = web
    data = json.loads((site[1] / "data" / "index" / "ablations.json").read_text(encoding="utf-8"))
    page.goto(base + "ablations/")
    _ready(page)
    total = len(data["rows"])
    assert page.locator(".tj-facets__count").inner_text() == f"{total} of {total} ablations"
    assert page.locator("table[data-tj-index=ablations] tbody tr").count() == total  # (one page here)
    remove = [r for r in data["rows"] if r[3] == 0]
    page.get_by_label("Action", exact=True).select_option("REMOVE")
    assert page.locator(".tj-facets__count").inner_text() == f"{len(remove)} of {total} ablations"
    link = page.locator("table.tj-facets__table tbody tr").first.locator("td:nth-child(5) a")
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(r".*#ablation-\d+$"))
    assert page.locator(f"h3#{href.rsplit('#', 1)[1]}").is_visible()


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    """The samples built with index pages of 10 rows, served: several pages of ablations."""
    from generator import layout
    from generator.build import build
    from generator.config import BuildConfig
    from tests.conftest import SAMPLES, mkdocs_build

    root = tmp_path_factory.mktemp("paged")
    saved = layout.INDEX_PAGE_SIZE
    layout.INDEX_PAGE_SIZE = 10
    try:
        build(BuildConfig(sources=(SAMPLES,), out=root / "site_src"))
    finally:
        layout.INDEX_PAGE_SIZE = saved
    mkdocs_build(root / "site_src", root / "site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_ablation_pages_without_javascript_are_plain_linked_pages(browser_page, paged_site):
    page, _, _ = browser_page
    context = _context(page, java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(paged_site + "ablations/")
        assert plain.locator(".tj-facets").is_hidden()
        rows = plain.locator("table[data-tj-index=ablations] tbody tr")
        assert rows.count() == 10
        names = set(rows.locator("td:nth-child(5)").all_inner_texts())
        pager = plain.locator("nav.tj-pager").first
        numbers = pager.get_by_role("link").all_inner_texts()
        assert numbers and numbers[0] == "2"
        seen = len(names)
        for n in numbers:
            plain.goto(paged_site + "ablations/")
            plain.locator("nav.tj-pager").first.get_by_role("link", name=n, exact=True).click()
            plain.wait_for_url(re.compile(rf".*/ablations/page-{n}/$"))
            here = plain.locator("table[data-tj-index=ablations] tbody tr")
            assert 1 <= here.count() <= 10
            seen += here.count()
        assert seen == len(json.loads(urlopen_text(paged_site + "data/index/ablations.json"))["rows"])
    finally:
        context.close()


def urlopen_text(url: str) -> str:
    from urllib.request import urlopen

    with urlopen(url) as response:  # noqa: S310 - 127.0.0.1
        return response.read().decode("utf-8")
