"""Every reader, on the built sample site in Chromium: WCAG 2.2 AA as axe-core checks it, the
keyboard, the target of a link, phones.

- axe-core (tests/vendor/axe.min.js, 4.14.1, MPL-2.0: tests/vendor/axe-LICENSE) finds no
  serious or critical violation on the key pages, light and dark, desktop and phone, with
  the search open and closed.
- Tab walks through each page with no invisible stop and a visible focus at every stop.
- ``#ablation-3`` (any anchor we generate) is highlighted and the table of contents marks it.
- At 390×844 no page overflows sideways, nothing is clipped outside a box that scrolls,
  index rows give the title the full width, chart text is 12 px or more.
- The search box looks the same when Zensical builds the pages (its CSS lacks Material's
  search rules: ours are our own).

Screenshots (phone, light and dark) go to each test's ``tmp_path``. Skipped without
/usr/bin/chromium or Playwright.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_publish import serve

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "tests" / "vendor" / "axe.min.js"
PREFIX = "/ablation-trajectories/"
TRAJECTORY = "trajectories/lm-planner/o3-mini/blockskim/"  # 5 ablations
PAPER = "papers/reformer-a-deep-learning-model-for-runtime-selection-of-convolution-kernels/"  # 3 models
PAGES = ["", "papers/", PAPER, TRAJECTORY, "models/o3-mini/", "models/", "trajectories/", "report/", "about/"]
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")


@pytest.fixture(scope="module")
def base(sample_site):
    with serve(sample_site[1], PREFIX) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            yield b
        finally:
            b.close()


def new_page(browser, scheme: str, viewport: dict):
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce",
                                  is_mobile=phone, has_touch=phone, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def visit(page, url: str):
    """Load a page and wait until it is drawn (the facets too)."""
    page.goto(url, wait_until="load")
    if page.locator(".tj-facets").count():
        page.wait_for_selector(".tj-facets[data-tj-ready='ready']", state="attached")


def open_search(page, query: str = "ablation"):
    opener = page.locator("[data-tj-search-open]")
    if opener.is_visible():
        opener.click()
    else:
        page.keyboard.press("/")
    page.keyboard.type(query)
    page.locator(".tj-search__link").first.wait_for()


def serious(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


# ------------------------------------------------------------------------------------------------
# axe-core


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_no_serious_or_critical_violation(browser, base, scheme, viewport, tmp_path):
    """Each key page, then two with the search open; on a phone also how they fit (see
    check_phone_layout) and a screenshot of each."""
    page = new_page(browser, scheme, viewport)
    found = {}
    try:
        for url in PAGES:
            visit(page, base + url)
            assert page.locator("body").get_attribute("data-md-color-scheme") == (
                "slate" if scheme == "dark" else "default")
            if viewport is PHONE:
                check_phone_layout(page, url, scheme, tmp_path)
            found[url or "home"] = serious(page)
        for url in ("", TRAJECTORY):  # and with the search open, results shown
            visit(page, base + url)
            open_search(page)
            found[f"{url or 'home'} (search open)"] = serious(page)
    finally:
        page.context.close()
    problems = {k: v for k, v in found.items() if v}
    assert not problems, json.dumps(problems, indent=1)


# ------------------------------------------------------------------------------------------------
# Keyboard

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // the palette toggle's hidden radio buttons show their focus on its visible label
  const shown = el.matches('.md-option') ? el.parentElement.querySelector('label:not([hidden])') : el;
  const r = shown.getBoundingClientRect();
  let visible = r.width > 0 && r.height > 0;
  for (let n = shown; n && visible; n = n.parentElement) {
    const s = getComputedStyle(n);
    if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) visible = false;
  }
  const inView = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  const s = getComputedStyle(shown);
  let ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  if (shown.namespaceURI === 'http://www.w3.org/2000/svg') {  // a chart's link: its shape is outlined
    const shape = shown.querySelector('rect, path');
    ring = !!shape && getComputedStyle(shape).stroke !== 'none' && parseFloat(getComputedStyle(shape).strokeWidth) > 0;
  }
  const classes = typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '';
  return {what: el.tagName + classes
                + ' ' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30),
          visible, inView, ring};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_keyboard_walk_has_no_invisible_stop_and_a_visible_focus(browser, base, viewport):
    page = new_page(browser, "dark", viewport)
    bad = []
    try:
        for url in ("", TRAJECTORY, "papers/"):
            visit(page, base + url)
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")  # the end states
            seen = []
            for _ in range(45):
                page.keyboard.press("Tab")
                state = page.evaluate(FOCUS_STATE)
                if state is None:
                    continue
                seen.append(state["what"])
                if not (state["visible"] and state["inView"] and state["ring"]):
                    bad.append((url or "home", state))
            assert any(s.startswith("INPUT.md-option") for s in seen), seen  # the palette toggle
            if url == "":
                assert any(s.startswith("INPUT.tj-search__input") for s in seen) == (viewport is DESKTOP), seen
                assert not any("tj-search__output" in s or "tj-search__list" in s for s in seen), seen
        if viewport is PHONE:  # the navigation drawer: a button opens it, Escape closes it
            visit(page, base + TRAJECTORY)
            menu = page.get_by_role("button", name="Navigation")
            menu.focus()
            page.keyboard.press("Enter")
            assert menu.get_attribute("aria-expanded") == "true"
            state = page.evaluate(FOCUS_STATE)
            assert state["what"].startswith("A.md-nav__link") and state["visible"] and state["inView"], state
            page.keyboard.press("Tab")
            assert page.evaluate(FOCUS_STATE)["visible"]
            page.keyboard.press("Escape")
            assert not page.locator("#__drawer").is_checked()
            assert menu.evaluate("e => e === document.activeElement")
    finally:
        page.context.close()
    assert not bad, bad


def test_search_button_opens_a_named_dialog_from_the_keyboard_on_a_phone(browser, base):
    page = new_page(browser, "light", PHONE)
    try:
        visit(page, base)
        opener = page.get_by_role("button", name="Search", exact=True)
        opener.focus()
        page.keyboard.press("Enter")
        box = page.get_by_role("searchbox", name="Search")
        assert box.evaluate("e => e === document.activeElement")
        dialog = page.get_by_role("dialog", name="Search")
        assert dialog.count() == 1
        assert page.locator(".tj-search__inner").bounding_box()["width"] == PHONE["width"]  # the whole screen
        page.keyboard.type("harmony coefficient")
        page.locator(".tj-search__link").first.wait_for()
        page.keyboard.press("Escape")
        assert not page.locator("#__search").is_checked()
        assert opener.evaluate("e => e === document.activeElement")  # focus back where it was
        page.get_by_role("button", name="Search", exact=True).click()
        page.get_by_role("button", name="Close search").click()
        assert not page.locator("#__search").is_checked() and page.locator(".tj-search__inner").is_hidden()
    finally:
        page.context.close()


# ------------------------------------------------------------------------------------------------
# The target of a link


def test_target_is_highlighted_and_the_toc_marks_it(browser, base, tmp_path):
    page = new_page(browser, "light", DESKTOP)
    try:
        visit(page, base + TRAJECTORY + "#ablation-3")
        page.wait_for_function("document.querySelector('.tj-toc-target') !== null")
        styles = page.evaluate("""() => [...document.querySelectorAll('h3[id^=ablation-]')].map(h => {
            const s = getComputedStyle(h), next = getComputedStyle(h.nextElementSibling);
            return [h.id, s.borderLeftWidth, s.backgroundColor, next.borderLeftWidth];
        })""")
        marked = [row for row in styles if row[1] != "0px"]
        assert [row[0] for row in marked] == ["ablation-3"], styles
        assert marked[0][2] != "rgba(0, 0, 0, 0)" and marked[0][3] != "0px"  # the heading and its block
        links = page.locator(".md-nav--secondary a.tj-toc-target")
        assert links.count() == 1 and links.get_attribute("href").endswith("#ablation-3")
        colours = page.evaluate("""() => [...document.querySelectorAll('.md-nav--secondary a.md-nav__link')]
            .map(a => [a.hash, getComputedStyle(a).color])""")
        target = dict(colours)["#ablation-3"]
        assert [h for h, c in colours if c == target] == ["#ablation-3"], colours
        page.screenshot(path=str(tmp_path / "target.png"))
        page.wait_for_timeout(700)  # (the jump to the target scrolled too: that scroll is not the reader's)
        page.mouse.wheel(0, -400)  # the reader scrolls on: the theme's own marking again
        page.wait_for_function("document.querySelector('.tj-toc-target') === null")

        visit(page, base + PAPER)
        first, second = page.evaluate("() => [...document.querySelectorAll('[id^=group-]:not([id$=-members])')].map(h => h.id)")[:2]
        visit(page, base + PAPER + "#" + second)
        assert page.locator("#" + second).evaluate("e => getComputedStyle(e).borderLeftWidth") != "0px"
        assert page.locator("#" + first).evaluate("e => getComputedStyle(e).borderLeftWidth") == "0px"
    finally:
        page.context.close()


# ------------------------------------------------------------------------------------------------
# Phones

LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (n) => { for (; n && n !== document.body; n = n.parentElement) {
    if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(n).overflowX)) return true; } return false; };
  const clipped = [...document.querySelectorAll('article *')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.right > width + 1 || r.left < -1); })
    .filter(e => !scrolls(e.parentElement))
    .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 20));
  const charts = [...document.querySelectorAll('svg.tj-chart')].map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
  });
  const article = document.querySelector('article').getBoundingClientRect().width;
  const titles = [...document.querySelectorAll('table.tj-index tbody tr td:first-child')]
    .map(td => td.getBoundingClientRect().width / article);
  return {overflow: document.documentElement.scrollWidth - width, clipped, charts, titles};
}"""


def check_phone_layout(page, url: str, scheme: str, tmp_path: Path):
    """At 390 px: no sideways overflow, nothing clipped outside a box that scrolls, chart text
    of 12 px or more, index rows whose title has the full width under a sticky header."""
    shot = tmp_path / f"{(url.strip('/') or 'home').replace('/', '_')}-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    got = page.evaluate(LAYOUT)
    assert got["overflow"] <= 0, (url, got)
    assert not got["clipped"], (url, got["clipped"][:5])
    assert all(size >= 11.9 for size in got["charts"]), (url, got["charts"])
    assert all(share >= 0.9 for share in got["titles"]), (url, got["titles"][:5])  # a row: the title first
    if url in ("papers/", "trajectories/"):
        assert got["titles"], url
        header = page.locator("table.tj-index[data-tj-index] thead")
        assert header.evaluate("e => getComputedStyle(e).position") == "sticky"


def test_wide_boxes_scroll_from_the_keyboard_while_they_overflow(browser, base):
    page = new_page(browser, "light", PHONE)
    try:
        visit(page, base)  # the coverage chart scrolls in its own box, which the keyboard can reach
        figure = page.locator("figure.tj-figure").first
        assert figure.evaluate("e => e.scrollWidth > e.clientWidth")
        assert figure.get_attribute("tabindex") == "0" and figure.get_attribute("aria-label")
        page.set_viewport_size(DESKTOP)
        page.wait_for_function("!document.querySelector('figure.tj-figure').hasAttribute('tabindex')")
    finally:
        page.context.close()


# ------------------------------------------------------------------------------------------------
# Zensical builds the same pages: the search box is ours there too


def test_search_box_is_styled_when_zensical_builds_the_site(sample_site, browser, tmp_path):
    zensical = shutil.which("zensical") or str(Path(sys.executable).parent / "zensical")
    if not Path(zensical).is_file():
        pytest.skip("zensical is not installed")
    docs, _ = sample_site
    shutil.copytree(docs, tmp_path / "docs")
    shutil.copytree(REPO / "theme_overrides", tmp_path / "theme_overrides")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    lines, skip = [], False
    for line in config.splitlines():  # the same configuration without the MkDocs hook
        if line.startswith("hooks:"):
            skip = True
            continue
        if skip and line.startswith("  - "):
            continue
        skip = False
        lines.append("docs_dir: docs" if line.startswith("docs_dir:") else line)
    (tmp_path / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run([zensical, "build", "-c", "-f", "mkdocs.yml"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    site = tmp_path / "site"
    assert 'data-tj-404' in (site / "404.html").read_text(encoding="utf-8")
    with serve(site, PREFIX) as url:
        for viewport in (DESKTOP, PHONE):
            page = new_page(browser, "light", viewport)
            try:
                visit(page, url)
                form = page.locator(".tj-search__form")
                if viewport is DESKTOP:
                    assert form.is_visible() and form.evaluate("e => getComputedStyle(e).display") == "flex"
                    assert 150 < form.bounding_box()["width"] < 300  # a box in the header
                    assert page.locator(".tj-search__output").is_hidden()
                    page.keyboard.press("/")
                else:
                    assert form.is_hidden() and page.locator("[data-tj-search-open]").is_visible()
                    page.locator("[data-tj-search-open]").click()
                assert page.locator(".tj-search__output").is_visible()
                assert page.get_by_role("dialog", name="Search").count() == 1
                page.screenshot(path=str(tmp_path / f"zensical-search-{viewport['width']}.png"))
            finally:
                page.context.close()
