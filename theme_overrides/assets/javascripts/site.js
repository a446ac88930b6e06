/* Small aids on every page (assets/stylesheets/site.css has their look):
 *
 * - The table of contents marks the target of the URL (#ablation-3), not the last heading
 *   the page could scroll to (the theme marks what is at the top of the window, and a target
 *   near the end of a page never gets there), until the reader scrolls on.
 * - A box that scrolls sideways (a wide table, a chart on a phone) can be scrolled from the
 *   keyboard: it takes the focus, with a name, only while it overflows.
 */
(() => {
  "use strict";

  let marked = [];
  let since = 0;

  function unmark() {
    for (const link of marked) link.classList.remove("tj-toc-target");
    marked = [];
  }

  function markTarget() {
    unmark();
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id || !document.getElementById(id)) return;
    const links = [...document.querySelectorAll(".md-nav--secondary a.md-nav__link")]
      .filter((a) => a.hash && decodeURIComponent(a.hash.slice(1)) === id);
    for (const link of links) {
      link.classList.add("tj-toc-target");
      const wrap = link.closest(".md-sidebar__scrollwrap");
      if (wrap) {  // bring it into view in the sidebar, without scrolling the page
        const top = link.getBoundingClientRect().top - wrap.getBoundingClientRect().top + wrap.scrollTop;
        if (top < wrap.scrollTop || top > wrap.scrollTop + wrap.clientHeight - 24) {
          wrap.scrollTop = Math.max(0, top - wrap.clientHeight / 3);
        }
      }
    }
    marked = links;
    since = performance.now();
  }

  // the jump to the target scrolls too: only a later scroll is the reader's
  addEventListener("scroll", () => {
    if (marked.length && performance.now() - since > 600) unmark();
  }, { passive: true });
  addEventListener("hashchange", markTarget);
  if (document.readyState === "complete") markTarget();
  else addEventListener("load", markTarget, { once: true });

  const SCROLLERS = ".md-typeset table.tj-table, .md-typeset table.tj-index, .md-typeset figure.tj-figure, .md-typeset .tj-charts, .md-typeset .tj-facets__scroll";

  function focusable() {
    pending = 0;
    for (const box of document.querySelectorAll(SCROLLERS)) {
      const wide = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible";
      if (wide && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.dataset.tjScroll = "";
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          const name = box.querySelector("caption, title")?.textContent?.trim();
          box.setAttribute("aria-label", name ? `${name} (scrolls sideways)` : "Scrolls sideways");
          box.dataset.tjScroll = "named";
        }
      } else if (!wide && box.dataset.tjScroll !== undefined) {
        box.removeAttribute("tabindex");
        if (box.dataset.tjScroll === "named") box.removeAttribute("aria-label");
        delete box.dataset.tjScroll;
      }
    }
  }
  let pending = 0;
  function later() {
    if (!pending) pending = requestAnimationFrame(focusable);
  }
  addEventListener("resize", later);
  // tables drawn later (the facets' filtered view) too
  const content = document.querySelector(".md-content");
  if (content) new MutationObserver(later).observe(content, { childList: true, subtree: true, attributes: true, attributeFilter: ["hidden"] });
  if (document.readyState === "loading") addEventListener("DOMContentLoaded", focusable, { once: true });
  else focusable();
})();

/* The navigation drawer (narrow screens) from the keyboard: its button opens it and moves the
 * focus in; Escape closes it and gives the focus back. */
(() => {
  "use strict";
  const drawer = document.getElementById("__drawer");
  const button = document.querySelector("[data-tj-drawer-open]");
  if (!drawer || !button) return;
  function set(open) {
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change"));
    button.setAttribute("aria-expanded", String(open));
  }
  button.addEventListener("click", () => {
    set(true);
    document.querySelector(".md-sidebar--primary .md-nav__link[href]")?.focus();
  });
  drawer.addEventListener("change", () => button.setAttribute("aria-expanded", String(drawer.checked)));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drawer.checked) {
      set(false);
      button.focus();
    }
  });
})();

/* A paper page's folded reasoning (generator/pages/matrix.py): the text is on the plan's
 * trajectory page, fetched from there (same site) the first time the fold opens, so the
 * paper page does not carry a second copy. Until then, and if the fetch fails (a page
 * opened from disk), the fold holds a link to the reasoning on the trajectory page. */
(() => {
  "use strict";
  async function fill(slot) {
    if (slot.dataset.tjLoaded !== undefined) return;
    slot.dataset.tjLoaded = "";
    const from = new URL(slot.dataset.tjFrom, location.href);
    try {
      const response = await fetch(from);
      if (!response.ok) throw new Error(String(response.status));
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const text = page.querySelector("article .tj-reasoning");
      if (!text) throw new Error("no reasoning on the page");
      for (const link of text.querySelectorAll("a[href]")) {  // (links relative to their page)
        link.setAttribute("href", new URL(link.getAttribute("href"), from).href);
      }
      slot.replaceChildren(...[...text.childNodes].map((node) => document.importNode(node, true)));
      slot.classList.add("tj-reasoning--loaded");
    } catch (error) {
      delete slot.dataset.tjLoaded;  // (the link stays; opening the fold again retries)
    }
  }
  function opened(details) {
    const slot = details.open && details.querySelector(".tj-reasoning[data-tj-from]");
    if (slot) fill(slot);
  }
  document.addEventListener("toggle", (event) => {
    if (event.target instanceof HTMLDetailsElement) opened(event.target);
  }, true);
  for (const details of document.querySelectorAll("details.tj-plan-reasoning[open]")) opened(details);
})();
