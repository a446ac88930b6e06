/* Search with Pagefind in the site's own search box (partials/pagefind-search.html,
 * styled by assets/stylesheets/search.css).
 *
 * The index (pagefind/ at the site root) is built by the project's hook. The engine loads
 * when the page is idle; the index comes in small chunks, only those a query needs, so a
 * cold visitor downloads a few hundred KB at most. Works under any URL prefix: everything
 * is resolved from the page's base URL. A link to a page with `?search=words` opens the search
 * with those words (the 404 page's search form uses it). */
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
  const LIMIT = 20;
  const FIRST = 5;
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
      await pagefind.options({ baseUrl: base.pathname, excerptLength: 30 });
      pagefind.init();
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

  function render(result) {
    const li = el("li", "tj-search__item");
    const a = el("a", "tj-search__link");
    a.href = result.url;
    a.tabIndex = -1;  // the arrow keys move through the results (Tab leaves the search)
    a.append(el("span", "tj-search__title", result.meta.title || result.url));
    a.append(excerpt(result.excerpt));
    li.append(a);
    return li;
  }

  async function run() {
    const query = input.value.trim();
    const mine = ++seq;
    if (!query) {
      list.replaceChildren();
      meta.textContent = placeholder;
      return;
    }
    const pagefind = await load();
    const search = await pagefind.debouncedSearch(query, {}, 30);
    if (search === null || mine !== seq) return;  // a newer query superseded this one
    // the first few results as soon as their data is in, then the rest
    const first = await Promise.all(search.results.slice(0, FIRST).map((r) => r.data()));
    if (mine !== seq) return;
    const n = search.results.length;
    meta.textContent = n === 0 ? "No matching documents"
      : n === 1 ? "1 matching document"
      : `${n} matching documents${n > LIMIT ? ` (first ${LIMIT} shown)` : ""}`;
    list.replaceChildren(...first.map(render));
    const rest = await Promise.all(search.results.slice(FIRST, LIMIT).map((r) => r.data()));
    if (mine !== seq) return;
    list.append(...rest.map(render));
  }

  function links() { return [...list.querySelectorAll(".tj-search__link")]; }

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
