/* Search with Pagefind in the site's own search box (partials/pagefind-search.html,
 * styled by assets/stylesheets/search.css).
 *
 * The index (pagefind/ at the site root) is built by the project's hook. The engine loads
 * when the page is idle; the index comes in small chunks, only those a query needs, so a
 * cold visitor downloads a few hundred KB at most. Works under any URL prefix: everything
 * is resolved from the page's base URL. A link to a page with `?search=words` opens the search
 * with those words (the 404 page's search form uses it).
 *
 * A result links to the section that matched (Pagefind's sub-results: the headings' ids, e.g.
 * #ablation-3 or #step-4), with `?highlight=words`: on arrival the section is the :target
 * (site.css) and the words are marked. Results come 20 at a time ("Show more"); filters for
 * model, planner and task are the pages' `data-pagefind-filter` values; a short one-word
 * query ranks pages holding it as a whole word first ("FID" before "Fidelity"). */
(() => {
  "use strict";
  const root = document.querySelector("[data-tj-search]");
  if (!root) return;
  const input = root.querySelector("[data-tj-search-input]");
  const list = root.querySelector("[data-tj-search-list]");
  const meta = root.querySelector("[data-tj-search-meta]");
  const toggle = document.getElementById("__search");
  const placeholder = meta.textContent;
  const base = new URL((root.dataset.tjBase || ".").replace(/\/?$/, "/"), location.href);
  const page = () => Number(root.dataset.tjPage) || 20;  // results shown at a time
  const FIRST = 5;  // shown as soon as their data is in
  const SUBS = 3;  // sections shown per result
  const EXACT = 30;  // results a short query is re-ranked among (whole word first)
  const FILTERS = [["model", "Model"], ["planner", "Planner"], ["task", "Task"]];
  const filterBox = root.querySelector("[data-tj-search-filters]");
  const more = root.querySelector("[data-tj-search-more]");
  let shown = null;  // {results, next, mine}: the current search, for "Show more"
  let engine = null;
  let attempts = 0;
  let seq = 0;

  function load() {
    if (engine) return engine;
    // a failed module load is remembered by the browser: a retry asks for another URL
    const url = new URL("pagefind/pagefind.js", base);
    if (attempts) url.searchParams.set("retry", String(attempts));
    attempts += 1;
    const loading = import(url.href).then(async (pagefind) => {
      // termSimilarity: a word of the query's length ranks above a longer word it begins
      await pagefind.options({ baseUrl: base.pathname, excerptLength: 30, ranking: { termSimilarity: 4.0 } });
      pagefind.init();
      filtersReady(pagefind);
      return pagefind;
    });
    loading.catch(() => {  // tried again on the next query (under `make serve` it may come later)
      if (engine === loading) engine = null;
      meta.textContent = "The search index is missing: build the site with `make site`.";
    });
    engine = loading;
    return engine;
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  /* Pagefind excerpts are HTML with <mark>; keep only their text and the marks. */
  function excerpt(html) {
    const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
    const p = el("span", "tj-search__excerpt");
    for (const node of doc.body.firstChild.childNodes) {
      p.append(node.nodeName === "MARK" ? el("mark", null, node.textContent) : node.textContent);
    }
    return p;
  }

  /* A result's URL with the query to mark on arrival (before the #anchor). */
  function landing(url, query) {
    const u = new URL(url, location.href);
    u.searchParams.set("highlight", query.slice(0, 100));
    return u.pathname + u.search + u.hash;
  }

  function weight(sub) {
    return (sub.weighted_locations || []).reduce((sum, l) => sum + (l.weight || 1), 0) || (sub.locations || []).length;
  }

  function marked(sub) {
    return new Set([...(sub.excerpt || "").matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1].toLowerCase())).size;
  }

  /* The sections of a page that matched (those under a heading with an id), best first: most
   * of the query's words, then the most specific (an ablation's h3 before the reasoning's
   * h2), then the most weight. */
  function sections(result) {
    const level = (sub) => Number(/^h([1-6])$/i.exec(sub.anchor.element || "")?.[1] || 0);
    return (result.sub_results || []).filter((sub) => sub.anchor && sub.anchor.id && sub.url.includes("#"))
      .map((sub, i) => [sub, marked(sub), level(sub), weight(sub), i])
      .sort((x, y) => y[1] - x[1] || y[2] - x[2] || y[3] - x[3] || x[4] - y[4])
      .slice(0, SUBS).map(([sub]) => sub);
  }

  function render(result, query) {
    const li = el("li", "tj-search__item");
    const subs = sections(result);
    const a = el("a", "tj-search__link");
    a.href = landing(subs.length ? subs[0].url : result.url, query);
    a.tabIndex = -1;  // the arrow keys move through the results (Tab leaves the search)
    a.append(el("span", "tj-search__title", result.meta.title || result.url));
    if (subs.length) a.append(el("span", "tj-search__section", "→ " + subs[0].title));
    a.append(excerpt(subs.length ? subs[0].excerpt : result.excerpt));
    li.append(a);
    if (subs.length > 1) {
      const list = el("ul", "tj-search__subs");
      for (const sub of subs.slice(1)) {
        const item = el("li");
        const link = el("a", "tj-search__link tj-search__link--sub");
        link.href = landing(sub.url, query);
        link.tabIndex = -1;
        link.append(el("span", "tj-search__section", "→ " + sub.title), excerpt(sub.excerpt));
        item.append(link);
        list.append(item);
      }
      li.append(list);
    }
    return li;
  }

  /* A short one-word query: results holding it as a whole word first, those holding it most
   * often first (Pagefind also matches it as the start of longer words: "FID" in "fidelity"),
   * among the first EXACT; the others after, in Pagefind's order. */
  async function wholeWordsFirst(results, query, mine) {
    if (!/^[\p{L}\p{N}]{1,5}$/u.test(query) || results.length < 2) return results;
    const head = results.slice(0, EXACT);
    const data = await Promise.all(head.map((r) => r.data()));
    if (mine !== seq) return results;
    const word = new RegExp(`(?<![\\p{L}\\p{N}])${query}(?![\\p{L}\\p{N}])`, "giu");
    const counts = data.map((d) => Math.min(50, ((d.content || "").match(word) || []).length));
    const order = head.map((r, i) => [r, counts[i], i]);
    const exact = order.filter((x) => x[1] > 0).sort((x, y) => y[1] - x[1] || x[2] - y[2]).map((x) => x[0]);
    const other = order.filter((x) => x[1] === 0).map((x) => x[0]);
    return [...exact, ...other, ...results.slice(EXACT)];
  }

  function selected() {
    const out = {};
    for (const select of filterBox ? filterBox.querySelectorAll("select") : []) {
      if (select.value) out[select.name] = [select.value];
    }
    return out;
  }

  /* The filter menus, from the index's values (once the engine is in). */
  async function filtersReady(pagefind) {
    if (!filterBox || filterBox.childElementCount) return;
    const all = await pagefind.filters().catch(() => ({}));
    for (const [name, label] of FILTERS) {
      const values = Object.keys(all[name] || {}).sort((x, y) => x.localeCompare(y));
      if (values.length < 2) continue;
      const wrap = el("label", "tj-search__filter");
      wrap.append(el("span", null, label));
      const select = el("select");
      select.name = name;
      select.append(new Option(`any ${label.toLowerCase()}`, ""));
      for (const v of values) select.append(new Option(`${v} (${all[name][v]})`, v));
      select.addEventListener("change", run);
      wrap.append(select);
      filterBox.append(wrap);
    }
    filterBox.hidden = !filterBox.childElementCount;
  }

  async function showMore() {
    if (!shown) return;
    const { results, mine, query } = shown;
    const batch = results.slice(shown.next, shown.next + page());
    shown.next += batch.length;
    const data = await Promise.all(batch.map((r) => r.data()));
    if (mine !== seq) return;
    list.append(...data.map((d) => render(d, query)));
    updateMore();
  }

  function updateMore() {
    if (!more) return;
    const left = shown ? shown.results.length - shown.next : 0;
    if (left <= 0 && document.activeElement === more) input.focus();  // (not lost to the page)
    more.hidden = left <= 0;
    more.textContent = `Show ${Math.min(left, page())} more (${left} left)`;
  }

  async function run() {
    const query = input.value.trim();
    const mine = ++seq;
    if (!query) {
      list.replaceChildren();
      meta.textContent = placeholder;
      shown = null;
      updateMore();
      return;
    }
    const pagefind = await load();
    const search = await pagefind.debouncedSearch(query, { filters: selected() }, 30);
    if (search === null || mine !== seq) return;  // a newer query superseded this one
    const results = await wholeWordsFirst(search.results, query, mine);
    if (mine !== seq) return;
    // the first few results as soon as their data is in, then the rest of the first batch
    const first = await Promise.all(results.slice(0, Math.min(FIRST, page())).map((r) => r.data()));
    if (mine !== seq) return;
    const n = results.length;
    meta.textContent = n === 0 ? "No matching documents" : n === 1 ? "1 matching document" : `${n} matching documents`;
    list.replaceChildren(...first.map((d) => render(d, query)));
    shown = { results, next: first.length, mine, query };
    updateMore();
    const rest = await Promise.all(results.slice(first.length, page()).map((r) => r.data()));
    if (mine !== seq) return;
    list.append(...rest.map((d) => render(d, query)));
    shown.next += rest.length;
    updateMore();
  }

  function links() { return [...list.querySelectorAll(".tj-search__link")]; }
  more?.addEventListener("click", () => { showMore(); input.focus(); });

  // Warm the engine (Pagefind's code, WebAssembly and metadata: ~180 KB, then cached) once
  // the page is idle, so a visitor's first query waits only for its own index chunks.
  // Not with Save-Data on: then it loads when the search box gets focus.
  if (!navigator.connection?.saveData) {
    const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 200));
    const warm = () => idle(() => load().catch(() => {}), { timeout: 3000 });
    if (document.readyState === "complete") warm();
    else addEventListener("load", warm, { once: true });
  }

  input.addEventListener("focus", () => { toggle.checked = true; load(); });
  input.addEventListener("input", () => {
    const query = input.value.trim();  // fetch the index chunks while the user is still typing
    if (query) load().then((pagefind) => pagefind.preload(query)).catch(() => {});
    run();
  });
  const form = root.querySelector("form");
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => setTimeout(run));
  toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); else input.blur(); });

  function close() {
    toggle.checked = false;
    input.blur();
  }
  root.querySelector("[data-tj-search-close]")?.addEventListener("click", () => {
    close();
    opener?.focus();
  });
  // the header's search button (narrow screens)
  const opener = document.querySelector("[data-tj-search-open]");
  opener?.addEventListener("click", () => {
    toggle.checked = true;
    input.focus();
  });
  // ?search=words: open the search with them
  const asked = new URLSearchParams(location.search).get("search");
  if (asked && asked.trim()) {
    input.value = asked.trim().slice(0, 200);
    toggle.checked = true;
    input.focus();
    run();
  }

  /* Arrival from a result: the words of `?highlight=` marked in the target section (or in the
   * page when there is no target), the first one scrolled to when there is no target. */
  function highlight() {
    const words = (new URLSearchParams(location.search).get("highlight") || "").toLowerCase()
      .split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1).slice(0, 8);
    const article = document.querySelector(".md-content article") || document.querySelector("article");
    if (!words.length || !article) return;
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const scope = [];
    if (target && article.contains(target)) {
      scope.push(target);
      const level = /^H([1-6])$/.exec(target.tagName)?.[1];
      if (level) {  // a heading: its section, up to the next heading of its level or above
        for (let n = target.nextElementSibling; n && !(/^H([1-6])$/.exec(n.tagName)?.[1] <= level); n = n.nextElementSibling) scope.push(n);
      }
    } else {
      scope.push(article);
    }
    // (the words are letters and digits only: nothing to escape)
    const pattern = new RegExp(`(${words.join("|")})[\\p{L}\\p{N}]*`, "giu");
    let marks = 0;
    for (const part of scope) {
      const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => node.parentElement.closest("math, script, style, mark, .headerlink, [data-pagefind-ignore]")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
      });
      const nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      for (const node of nodes) {
        const text = node.nodeValue;
        pattern.lastIndex = 0;
        if (!pattern.test(text) || marks >= 200) continue;
        pattern.lastIndex = 0;
        const out = document.createDocumentFragment();
        let pos = 0;
        for (const m of text.matchAll(pattern)) {
          out.append(text.slice(pos, m.index), el("mark", "tj-hl", m[0]));
          pos = m.index + m[0].length;
          marks += 1;
        }
        out.append(text.slice(pos));
        node.replaceWith(out);
      }
    }
    if (!target) document.querySelector("mark.tj-hl")?.scrollIntoView({ block: "center" });
  }
  highlight();

  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLElement &&
      (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName));
    if (!toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        toggle.checked = true;
        input.focus();
      }
      return;
    }
    const items = links();
    const at = items.indexOf(document.activeElement);
    if (event.target instanceof HTMLSelectElement && event.key !== "Escape" && event.key !== "Tab") return;
    if (event.key === "Tab") {  // through the input, the filters and "Show more"; then out
      const stops = [input, ...root.querySelectorAll(".tj-search__filters:not([hidden]) select, .tj-search__more:not([hidden])")];
      const from = stops.indexOf(document.activeElement);
      const to = from < 0 ? -1 : from + (event.shiftKey ? -1 : 1);
      if (to >= 0 && to < stops.length) {
        event.preventDefault();
        stops[to].focus();
        return;
      }
    }
    if (event.key === "Escape" || event.key === "Tab") {
      const back = event.key === "Escape" && opener && getComputedStyle(opener).display !== "none";
      close();
      if (back) opener.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus();
      else if (items.length) items[Math.min(next, items.length - 1)].focus();
    } else if (event.key === "Enter" && document.activeElement === input && items.length) {
      event.preventDefault();
      location.href = items[0].href;
    }
  });
})();
