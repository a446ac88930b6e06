"""The built sample site in a real browser (Playwright on Debian's Chromium), as a person uses it.

Serves the bundled samples (built with --strict by the ``sample_site`` fixture) on 127.0.0.1
under a project-site prefix, as GitHub Pages would, and drives one Chromium for the whole
module: clicking through home → papers → paper → trajectory, content tabs, the facets on both
indexes (expected counts computed here from ``data/index/*.json``), shared filtered URLs,
Pagefind search in the header box, the dark-mode toggle and keyboard use. Every test also
checks that the page logged no console error, threw no error and asked nothing of any host
but 127.0.0.1. Screenshots go to each test's ``tmp_path``.

Skipped when /usr/bin/chromium (CI installs Debian's ``chromium``) or Playwright is missing.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
PREFIX = "/ablation-trajectories/"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright is not installed (pip install -e '.[test]')")

BLOCKSKIM_O3 = "trajectories/lm-planner/o3-mini/blockskim/"


# ------------------------------------------------------------------------------------------------
# Server, browser, page


@pytest.fixture(scope="module")
def site(sample_site):
    """(base URL, site_dir): the sample site served by a threaded http.server under PREFIX."""
    _, site_dir = sample_site

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site_dir), **kwargs)

        def log_message(self, format, *args):  # noqa: A002 - quiet
            pass

        def translate_path(self, path):
            path = urlsplit(path).path
            if not path.startswith(PREFIX):
                return str(site_dir / "__outside_the_prefix__")
            return super().translate_path("/" + path[len(PREFIX):])

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", site_dir
    finally:
        server.shutdown()
        server.server_close()


class Recorder:
    """Everything a page did that a test may want to complain about."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []

    def clear(self):
        for bucket in (self.console_errors, self.page_errors, self.requests, self.foreign, self.failed):
            bucket.clear()

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"page error: {m}" for m in self.page_errors]
                + [f"request to another host: {u}" for u in self.foreign]
                + [f"failed request: {u}" for u in self.failed])


@pytest.fixture(scope="module")
def browser_page(site):
    """One Chromium, one context and one page for the module; foreign requests are aborted."""
    base, _ = site
    rec = Recorder()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light",
                                      reduced_motion="reduce", service_workers="block")

        def route(r):
            url = r.request.url
            if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname != "127.0.0.1":
                rec.foreign.append(url)
                r.abort()
            else:
                r.continue_()

        context.route("**/*", route)
        context.on("request", lambda req: rec.requests.append(req.url))
        context.on("response", lambda res: res.status >= 400 and rec.failed.append(f"{res.status} {res.url}"))
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda m: m.type == "error" and rec.console_errors.append(f"{m.text} ({m.location})"))
        page.on("pageerror", lambda e: rec.page_errors.append(str(e)))
        try:
            yield page, rec, base
        finally:
            context.close()
            browser.close()


@pytest.fixture
def web(browser_page):
    """The shared page, checked after each test for errors and requests to other hosts."""
    page, rec, base = browser_page
    rec.clear()
    yield page, base
    problems = rec.problems()
    hosts = {urlsplit(u).hostname for u in rec.requests if urlsplit(u).scheme in ("http", "https")}
    assert hosts <= {"127.0.0.1"}, f"requests to other hosts: {sorted(hosts)}"
    assert not problems, "\n".join(problems)


def shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def facets_ready(page):
    page.wait_for_selector(".tj-facets[data-tj-ready='ready']:not([hidden])")


# ------------------------------------------------------------------------------------------------
# Expected facet results, computed from the published data the same way the page must


def load_index(site_dir: Path, kind: str) -> dict:
    return json.loads((site_dir / "data" / "index" / f"{kind}.json").read_text(encoding="utf-8"))


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def expected(data: dict, models=(), task=None, action=None, metric="", q="", planner=None) -> list[dict]:
    """The rows a filter must keep: any selected model, the planner, the task; every word in
    the title or the names; and, per ablation when rows list theirs (``b``), ONE ablation with
    the action, the metric as a substring of one of its keys and the words not in the title
    in its name (rows without ``b``: anywhere in the row)."""
    wanted = {data["models"].index(m) for m in models}
    words = fold(q).split()
    metric = " ".join(metric.lower().split()).strip(" .;:")
    act = data["actions"].index(action) if action is not None else None
    out = []
    for r in data["rows"]:
        if wanted and not wanted & set(r["m"]):
            continue
        if planner is not None and data["planners"].index(planner) not in r["p"]:
            continue
        if task is not None and r["k"] != (-1 if task == "unknown" else data["tasks"].index(task)):
            continue
        hay = fold(f"{r['t']} {r['s']}")
        if not all(w in hay for w in words):
            continue
        if "b" in r:
            rest = [w for w in words if w not in fold(r["t"])]
            per = act is not None or metric or (rest and any(len(b) > 2 for b in r["b"]))
            if per and not any((act is None or b[0] == act) and (not metric or any(metric in k for k in b[1].split("|")))
                               and (len(b) < 3 or all(w in fold(b[2]) for w in rest)) for b in r["b"]):
                continue
        else:
            if act is not None and not r["a"][act] > 0:
                continue
            if metric and metric not in r["x"]:
                continue
        out.append(r)
    return out


def partial(data: dict, candidates, make) -> tuple:
    """The first candidate whose filter keeps some rows but not all (so the count changes)."""
    total = len(data["rows"])
    for c in candidates:
        n = len(expected(data, **make(c)))
        if 0 < n < total:
            return c, n
    pytest.fail(f"no candidate in {list(candidates)} filters {data['kind']} partially")


def count_text(page) -> str:
    return page.locator(".tj-facets__count").inner_text().strip()


def assert_filtered(page, data: dict, rows: list[dict]):
    noun = "papers" if data["kind"] == "papers" else "trajectories"
    sync_api.expect(page.locator(".tj-facets__count")).to_have_text(f"{len(rows)} of {len(data['rows'])} {noun}")
    static = page.locator("table.tj-index[data-tj-index]")
    table = page.locator("table.tj-facets__table")
    assert static.is_hidden()
    assert page.locator("nav.tj-pager:visible").count() == 0
    if rows:
        assert table.is_visible()
        titles = table.locator("tbody tr td:first-child > a").all_inner_texts()
        assert titles == [r["t"] for r in rows][: len(titles)]
        assert len(titles) == len(rows) or 50 <= len(titles) <= 300, "draw all rows, or a few hundred"
    else:
        assert page.get_by_text(f"No {noun} match these filters.").is_visible()


def heading(page) -> str:
    return page.locator("article h1").first.inner_text().replace("\u00b6", "").strip()


def focused(locator) -> bool:
    return locator.evaluate("e => e === document.activeElement")


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# ------------------------------------------------------------------------------------------------
# Tests


def test_click_through_home_papers_paper_trajectory(web, tmp_path):
    page, base = web
    page.goto(base)
    assert heading(page) == "AblationBench trajectories"
    shot(page, tmp_path, "home")

    page.locator(".md-sidebar--primary").get_by_role("link", name="Papers", exact=True).click()
    page.wait_for_url(base + "papers/")
    assert heading(page) == "Papers"

    page.locator("table[data-tj-index='papers']").get_by_role("link", name="blockskim", exact=True).click()
    page.wait_for_url(base + "papers/blockskim/")
    assert "blockskim" in heading(page)
    shot(page, tmp_path, "paper")

    page.locator("article").get_by_role("link", name=re.compile("reasoning")).first.click()
    page.wait_for_url(base + BLOCKSKIM_O3)
    assert page.locator("article h1").first.is_visible()
    shot(page, tmp_path, "trajectory")


def test_paper_comparison_entry_opens_the_ablation(web, tmp_path):
    """Each model's ablation in a paper's comparison links to that ablation in its trajectory."""
    page, base = web
    page.goto(base + "papers/reformer-a-deep-learning-model-for-runtime-selection-of-convolution-kernels/")
    entries = page.locator("article .tj-group .tj-members > li")
    assert entries.count() >= 2
    first = entries.first
    assert first.locator(".tj-action").count() == 1 and first.locator("strong").inner_text().strip()
    shot(page, tmp_path, "paper-comparison")
    link = first.locator("a").first
    target = link.get_attribute("href")
    assert re.search(r"#ablation-\d+$", target)
    link.click()
    page.wait_for_url(re.compile(r".*/trajectories/.*#ablation-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"h3#{anchor}").is_visible()


def test_facets_trajectories(web, site, tmp_path):
    page, base = web
    data = load_index(site[1], "trajectories")
    total = len(data["rows"])
    page.goto(base + "trajectories/")
    facets_ready(page)
    assert count_text(page) == f"{total} of {total} trajectories"
    assert page.locator("table.tj-index[data-tj-index]").is_visible()
    shot(page, tmp_path, "trajectories")

    # model: a row matches if any selected model planned it
    model, _ = partial(data, data["models"], lambda m: {"models": [m]})
    page.get_by_label(model, exact=True).check()
    assert_filtered(page, data, expected(data, models=[model]))
    assert query(page) == {"model": [model]}
    others = [m for m in data["models"] if m != model]
    page.get_by_label(others[0], exact=True).check()
    assert_filtered(page, data, expected(data, models=[model, others[0]]))
    page.get_by_label(others[0], exact=True).uncheck()

    # + action (AND): rows with at least one ablation of that action
    action, _ = partial(data, data["actions"], lambda a: {"action": a})
    page.get_by_label("Action", exact=True).select_option(action)
    assert_filtered(page, data, expected(data, models=[model], action=action))
    page.get_by_label(model, exact=True).uncheck()
    assert_filtered(page, data, expected(data, action=action))
    page.get_by_label("Action", exact=True).select_option("")

    # metric: substring of a metric key, offered in a datalist
    datalist = page.locator(f"datalist#{page.get_by_label('Metric').get_attribute('list')}")
    assert datalist.locator("option").count() == len(data["metrics"])
    metric, _ = partial(data, data["metrics"], lambda m: {"metric": m})
    page.get_by_label("Metric").fill(metric.upper())
    assert_filtered(page, data, expected(data, metric=metric))
    page.get_by_label("Metric").fill("accura")
    assert_filtered(page, data, expected(data, metric="accura"))
    page.get_by_label("Metric").fill("")

    # text: every word, in the title or the ablation names, any case
    words = sorted({w for r in data["rows"] for w in fold(r["s"]).split() if len(w) > 4})
    word, _ = partial(data, words, lambda w: {"q": w})
    page.get_by_label("Title or ablation name").fill(word.upper())
    assert_filtered(page, data, expected(data, q=word))
    page.get_by_label("Title or ablation name").fill(f"{word} zzzznotaword")
    assert_filtered(page, data, [])
    page.get_by_label("Title or ablation name").fill("")
    assert count_text(page) == f"{total} of {total} trajectories"
    assert page.locator("table.tj-index[data-tj-index]").is_visible()
    assert page.locator(".tj-facets__results").is_hidden()
    assert query(page) == {}


def test_facets_papers_filter_and_follow(web, site, tmp_path):
    page, base = web
    data = load_index(site[1], "papers")
    page.goto(base + "papers/")
    facets_ready(page)
    model, _ = partial(data, data["models"], lambda m: {"models": [m]})
    page.get_by_label(model, exact=True).check()
    action = next(a for a in data["actions"] if expected(data, models=[model], action=a))
    page.get_by_label("Action", exact=True).select_option(action)
    rows = expected(data, models=[model], action=action)
    assert_filtered(page, data, rows)
    # papers list their models by name
    first = page.locator("table.tj-facets__table tbody tr").first
    names = [data["models"][i] for i in rows[0]["m"]]
    if "v" in rows[0]:  # with per-model links, each name carries its number of ablations
        names = [f"{n} ({v})" for n, v in zip(names, rows[0]["v"])]
    assert first.locator("td").nth(2).inner_text() == ", ".join(names)
    assert query(page) == {"model": [model], "action": [action]}
    shot(page, tmp_path, "papers-filtered")
    # the filtered links are resolved against the site root
    first.get_by_role("link").first.click()
    page.wait_for_url(base + rows[0]["u"])
    page.go_back()
    facets_ready(page)
    assert_filtered(page, data, rows)


def test_shared_url_restores_filtered_view_and_clear_restores_table(web, site):
    page, base = web
    data = load_index(site[1], "papers")
    total = len(data["rows"])
    models = data["models"][:2]
    metric = next(m for m in data["metrics"] if expected(data, models=models, metric=m))
    shared = [*(("model", m) for m in models), ("metric", metric), ("utm", "kept")]
    page.goto(base + "papers/?" + urlencode(shared) + "#top")
    facets_ready(page)
    for m in data["models"]:
        assert page.get_by_label(m, exact=True).is_checked() == (m in models)
    assert page.get_by_label("Metric").input_value() == metric
    assert_filtered(page, data, expected(data, models=models, metric=metric))
    model = models[0]

    page.get_by_role("button", name="Clear filters").click()
    assert count_text(page) == f"{total} of {total} papers"
    assert page.locator("table.tj-index[data-tj-index='papers']").is_visible()
    assert page.locator(".tj-facets__results").is_hidden()
    assert not page.get_by_label(model, exact=True).is_checked()
    assert query(page) == {"utm": ["kept"]} and urlsplit(page.url).fragment == "top"

    # unknown values are ignored, a task filter is offered only when the data has tasks
    page.goto(base + "trajectories/?model=no-such-model&action=bogus")
    facets_ready(page)
    n = len(load_index(site[1], "trajectories")["rows"])
    assert count_text(page) == f"{n} of {n} trajectories"
    assert page.get_by_label("Benchmark task").count() == (1 if data["tasks"] else 0)


def test_facets_many_rows_are_instant_and_paged(web, site):
    """A corpus-sized index (5,000 rows): filtering stays instant, some rows then "Show more"."""
    page, base = web
    data = load_index(site[1], "trajectories")
    big = dict(data, rows=[dict(r, t=f"{r['t']} {i}") for i in range(1000) for r in data["rows"]])
    pattern = re.compile(r".*/data/index/trajectories\.json$")
    page.route(pattern, lambda r: r.fulfill(status=200, content_type="application/json", body=json.dumps(big)))
    try:
        page.goto(base + "trajectories/?action=REMOVE")
        facets_ready(page)
        rows = expected(big, action="REMOVE")
        assert count_text(page) == f"{len(rows)} of {len(big['rows'])} trajectories"
        body = page.locator("table.tj-facets__table tbody tr")
        first = body.count()
        assert 50 <= first <= 300 < len(rows)
        more = re.compile(rf"^Show {first} more \({len(rows) - first} not shown\)")
        page.get_by_role("button", name=more).click()
        assert body.count() == 2 * first
        titles = body.locator("td:first-child > a").all_inner_texts()
        assert titles == [r["t"] for r in rows][: 2 * first]
        # each query changes the rows shown; time the filtering, the redraw and its layout
        queries = [fold(r["t"]).split()[0] for r in data["rows"]] + ["ablation", "remove", "ablation 1"]
        ms = page.evaluate("""(queries) => {
            const input = document.querySelector('.tj-facets input[type=search]');
            const t = performance.now();
            for (const v of queries) {
                input.value = v;
                input.dispatchEvent(new Event('input', {bubbles: true}));
                document.body.offsetHeight;  // force the layout now
            }
            return (performance.now() - t) / queries.length;
        }""", queries)
        print(f"{ms:.1f} ms per keystroke over {len(big['rows'])} rows")
        assert ms < 150, f"a keystroke took {ms:.1f} ms over {len(big['rows'])} rows"
    finally:
        page.unroute(pattern)


def test_papers_link_models_when_the_data_has_their_trajectories(web, site):
    """Optional papers-row fields w (trajectory URL per model) and v (ablations per model)."""
    page, base = web
    papers, trajectories = load_index(site[1], "papers"), load_index(site[1], "trajectories")
    by_key = {(r["t"], r["m"][0]): r for r in trajectories["rows"]}
    rows = [dict(r, w=[by_key[r["t"], m]["u"] for m in r["m"]], v=[by_key[r["t"], m]["n"] for m in r["m"]])
            for r in papers["rows"]]
    pattern = re.compile(r".*/data/index/papers\.json$")
    page.route(pattern, lambda r: r.fulfill(status=200, content_type="application/json",
                                            body=json.dumps(dict(papers, rows=rows))))
    try:
        page.goto(base + "papers/?" + urlencode({"q": rows[0]["t"]}))
        facets_ready(page)
        cell = page.locator("table.tj-facets__table tbody tr").first.locator("td").nth(2)
        names = [f"{papers['models'][m]} ({n})" for m, n in zip(rows[0]["m"], rows[0]["v"])]
        assert cell.get_by_role("link").all_inner_texts() == names
        cell.get_by_role("link").last.click()
        page.wait_for_url(base + rows[0]["w"][-1])
    finally:
        page.unroute(pattern)


def test_search_harmony_coefficient(web, tmp_path):
    page, base = web
    page.goto(base)
    box = page.get_by_role("searchbox", name="Search")
    box.click()
    assert focused(box)
    assert page.locator("#__search").is_checked()
    box.fill("harmony coefficient")
    links = page.locator(".tj-search__link")
    links.first.wait_for()
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(3, links.count()))]
    landing = [h for h in hrefs if urlsplit(h).path.rstrip("/").endswith(BLOCKSKIM_O3.rstrip("/"))]
    assert landing, hrefs
    # the result goes to the ablation that matched (Pagefind's sub-result), words to mark on arrival
    parts = urlsplit(landing[0])
    assert re.fullmatch(r"ablation-\d+", parts.fragment) and "highlight=harmony+coefficient" in parts.query, landing
    shot(page, tmp_path, "search")
    links.nth(hrefs.index(landing[0])).click()
    page.wait_for_url(re.compile(re.escape(BLOCKSKIM_O3) + r"\?highlight=.*#ablation-\d+$"))
    target = page.locator(f"#{parts.fragment}")
    assert "harmony" in target.inner_text().lower() or "harmony" in target.locator("xpath=following-sibling::*[1]").inner_text().lower()
    assert target.evaluate("e => getComputedStyle(e).borderLeftWidth") != "0px"  # the :target style
    marks = page.locator("mark.tj-hl")
    assert marks.count() >= 2 and {m.lower() for m in marks.all_inner_texts()} >= {"harmony", "coefficient"}
    # marked in the target's section only
    assert page.evaluate(f"""() => [...document.querySelectorAll('mark.tj-hl')].every(m => {{
        const article = document.querySelector('.md-content article');
        let n = m;
        while (n.parentElement !== article) n = n.parentElement;
        while (n && !/^H[1-6]$/.test(n.tagName)) n = n.previousElementSibling;
        return n && n.id === '{parts.fragment}'; }})""")
    shot(page, tmp_path, "search-landed")


def test_search_shows_more_and_filters_by_model(web, tmp_path):
    page, base = web
    page.goto(base)
    page.evaluate("document.querySelector('[data-tj-search]').dataset.tjPage = '2'")
    box = page.get_by_role("searchbox", name="Search")
    box.click()
    box.fill("ablation")
    items = page.locator(".tj-search__list > li")
    more = page.locator("[data-tj-search-more]")
    more.wait_for()
    total = int(re.search(r"(\d+) matching", page.locator("[data-tj-search-meta]").inner_text()).group(1))
    assert total > 4 and items.count() == 2 and "more" in more.inner_text()
    more.click()
    sync_api.expect(items).to_have_count(4)
    assert focused(box)
    # the filters: the models of the index, each narrowing the results to its pages
    select = page.locator(".tj-search__filters select[name=model]")
    options = select.locator("option").all_inner_texts()
    assert options[0].startswith("any") and len(options) >= 3
    model = select.locator("option").nth(1).get_attribute("value")
    select.select_option(model)
    sync_api.expect(page.locator("[data-tj-search-meta]")).not_to_contain_text(f"{total} matching")
    titles = page.locator(".tj-search__title").all_inner_texts()
    assert titles and all(model in t or "all models" in t for t in titles), (model, titles)
    shot(page, tmp_path, "search-filtered")


def test_search_engine_warms_when_idle_unless_save_data(browser_page):
    """A cold visitor's first query should not wait for Pagefind's code: it loads once the
    page is idle, except with Save-Data on, when it waits for the search box."""
    page, _, base = browser_page
    for save_data in (False, True):
        context = page.context.browser.new_context(service_workers="block")
        if save_data:
            context.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
        requests: list[str] = []
        context.on("request", lambda r: requests.append(urlsplit(r.url).path))
        try:
            visit = context.new_page()
            visit.goto(base)
            # an idle callback queued now runs after the page's own (queued at its load event)
            visit.evaluate("new Promise((done) => requestIdleCallback(() => setTimeout(done, 300), {timeout: 5000}))")
            wasm = [p for p in requests if p.endswith(".pagefind")]
            if save_data:
                assert not wasm and not any(p.endswith("pagefind.js") for p in requests), requests
                with visit.expect_request(lambda r: r.url.endswith(".pagefind")):
                    visit.get_by_role("searchbox", name="Search").click()
            else:
                if not wasm:  # (the import may still be on its way)
                    with visit.expect_request(lambda r: r.url.endswith(".pagefind"), timeout=10_000):
                        pass
                assert visit.evaluate("document.activeElement === document.body")  # nothing was clicked
        finally:
            context.close()


def test_search_works_once_a_missing_index_appears(browser_page):
    """A failed load is not kept: under `make serve` the index may appear after the page."""
    page, _, base = browser_page
    context = page.context.browser.new_context(service_workers="block")
    missing = [True]
    context.route("**/pagefind/pagefind.js", lambda r: r.abort() if missing[0] else r.continue_())
    try:
        visit = context.new_page()
        visit.goto(base)
        box = visit.get_by_role("searchbox", name="Search")
        box.click()
        box.fill("harmony")
        sync_api.expect(visit.locator("[data-tj-search-meta]")).to_contain_text("The search index is missing")
        missing[0] = False
        box.fill("harmony coefficient")
        visit.locator(".tj-search__link").first.wait_for()
    finally:
        context.close()


def test_dark_mode_toggle(web, site, tmp_path):
    page, base = web
    model = load_index(site[1], "papers")["models"][0]
    page.goto(base + "papers/?" + urlencode({"model": model, "action": "REMOVE"}))
    facets_ready(page)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("label[title='Switch to dark mode']").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    input_bg = "getComputedStyle(document.querySelector('.tj-facets input[type=search]')).backgroundColor"
    bg = page.evaluate(input_bg)
    shot(page, tmp_path, "dark")
    page.locator("label[title='Switch to light mode']").click()
    assert body.get_attribute("data-md-color-scheme") == "default"
    assert bg != page.evaluate(input_bg)


def test_tab_out_of_search_box_closes_it(web):
    page, base = web
    page.goto(base)
    search = page.get_by_role("searchbox", name="Search")
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(search):
            break
    assert focused(search)
    sync_api.expect(page.locator("#__search")).to_be_checked()  # (search.js may still be starting)
    search.fill("ablation")
    page.locator(".tj-search__link").first.wait_for()
    page.locator(".tj-search__filters select").first.wait_for()
    page.wait_for_load_state("networkidle")  # (every result's data in: the list is settled)
    stops = page.locator(".tj-search__filters select, .tj-search__more:not([hidden])").count()
    seen = []
    for _ in range(stops):  # the filters (and "Show more") are on the way out
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.tagName"))
        assert page.locator("#__search").is_checked()
    assert "SELECT" in seen and set(seen) <= {"SELECT", "BUTTON"}
    page.keyboard.press("Tab")
    assert not page.locator("#__search").is_checked()


def test_keyboard(web, site):
    page, base = web
    page.goto(base)
    # Tab reaches the navigation and the page's own links
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(
            "(() => { const a = document.activeElement; return [a.tagName, (a.textContent || '').trim(), "
            "a.closest('.md-sidebar--primary') ? 'nav' : a.closest('article') ? 'main' : ''] })()"))
    assert ["A", "Papers", "nav"] in reached, reached
    assert ["A", "Browse papers", "main"] in reached, reached

    # "/" opens search, Escape closes it
    page.goto(base)
    search = page.get_by_role("searchbox", name="Search")
    page.keyboard.press("/")
    assert focused(search)
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert not focused(search)

    # arrow keys move through the results
    page.keyboard.press("/")
    page.keyboard.type("ablation")
    links = page.locator(".tj-search__link")
    links.nth(1).wait_for()
    page.keyboard.press("ArrowDown")
    assert links.nth(0).evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowDown")
    assert links.nth(1).evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowUp")
    assert links.nth(0).evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowUp")
    assert focused(search)
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()

    # the facets work from the keyboard: Space ticks a model, Tab moves on, the count follows
    data = load_index(site[1], "trajectories")
    total = len(data["rows"])
    page.goto(base + "trajectories/")
    facets_ready(page)
    first = page.get_by_label(data["models"][0], exact=True)
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()
    assert count_text(page) == f"{len(expected(data, models=data['models'][:1]))} of {total} trajectories"
    page.keyboard.press("Space")
    assert not first.is_checked()
    text = page.get_by_label("Title or ablation name")
    for _ in data["models"]:
        page.keyboard.press("Tab")
    assert focused(text)
    page.keyboard.type("zzzz s/f")  # "s", "f" and "/" are text here, not the search shortcut
    assert text.input_value() == "zzzz s/f"
    assert not page.locator("#__search").is_checked()
    assert count_text(page) == f"0 of {total} trajectories"
    assert page.locator(".tj-facets__count").get_attribute("aria-live") == "polite"
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page.get_by_role("button", name="Clear filters")):
            break
    page.keyboard.press("Enter")
    assert count_text(page) == f"{total} of {total} trajectories"
    assert focused(text) and text.input_value() == ""
    assert page.locator("table.tj-index[data-tj-index]").is_visible()
