/* Facets for the papers and trajectories indexes: filter in the browser, state in the URL.
 *
 * An index page holds a static table (the no-JavaScript view, paginated) and an empty
 * <div class="tj-facets" data-tj-facets="<root>data/index/<kind>.json" data-tj-root="<root>"
 * hidden>. This script loads that JSON (format: generator/indexes.py::facet_data), shows
 * filter controls in the div and, while any filter is set, replaces the static table and its
 * pagers with a filtered table rendered from memory (100 rows, then "Show more").
 *
 * URL query string (kept with history.replaceState; a shared URL restores the view):
 *   model=<model name>   repeatable; a row matches if any of its models is selected
 *   planner=<planner id> rows with a trajectory by that planner (when the data has several)
 *   task=<task name>     or "unknown" for rows without a task
 *   action=REMOVE|REPLACE|ADD|other   rows with an ablation of that action
 *   metric=<text>        substring of one of that ablation's metric keys (case-insensitive)
 *   q=<words>            every word in the title or the ablation names (case-insensitive)
 * Per ablation: with rows that list their ablations (b), action, metric and the words not
 * in the title must all hold for ONE ablation (metric=fid&action=REMOVE: an ablation that is
 * both), and a trajectory row then lists the ablations that matched, linked to #ablation-N.
 *   f1min=, f1max=       (data with scores) rows with a judged F1 in [f1min, f1max]
 *   verdict=matched|unmatched|judged|unjudged   (data with scores) rows with a proposal the
 *                        judge matched / did not match; judged or not judged at all
 * e.g. ?model=GPT-4o&model=o3-mini&task=AuthorAblation&action=REMOVE&metric=accuracy&q=pruning
 * Names are matched case-insensitively; unknown values are ignored. Other query parameters
 * and the #fragment are kept.
 *
 * Papers rows may also carry w (trajectory URL per model) and v (ablations per model), both
 * in the order of m: the model names then link to the trajectories.
 *
 * Plain ES2020, no library; data only ever goes into the page through textContent. */
(() => {
  "use strict";
  const PAGE = 100;  // rows drawn at once (then "Show more"): keeps each keystroke a few ms
  const KEYS = ["model", "planner", "task", "action", "metric", "q", "f1min", "f1max", "verdict"];
  const VERDICTS = [["matched", "with a matched proposal"], ["unmatched", "with an unmatched proposal"],
    ["judged", "judged"], ["unjudged", "not judged"]];

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === true) node.setAttribute(k, "");
      else if (v !== false && v != null) node.setAttribute(k, String(v));
    }
    if (text != null) node.textContent = text;
    return node;
  }

  /* Case-, accent- and space-insensitive form of a text, for matching. */
  function fold(text) {
    return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  /* Like generator/indexes.py::metric_key (trailing punctuation dropped). */
  function metricKey(text) {
    return String(text).toLowerCase().replace(/\s+/g, " ").replace(/^[ .;:]+|[ .;:]+$/g, "");
  }

  function setup(box) {
    if (box.dataset.tjReady) return;
    box.dataset.tjReady = "loading";
    fetch(box.dataset.tjFacets, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${response.url}`);
        return response.json();
      })
      .then((data) => build(box, data))
      .catch((error) => {
        // The static table stays: it is the whole index without JavaScript too.
        box.dataset.tjReady = "failed";
        console.warn("Facets unavailable:", error.message);
      });
  }

  function build(box, data) {
    const kind = data.kind === "papers" ? "papers" : "trajectories";
    const noun = kind === "papers" ? ["paper", "papers"] : ["trajectory", "trajectories"];
    const root = box.dataset.tjRoot || "./";
    const models = data.models || [];
    const tasks = data.tasks || [];
    const planners = data.planners || [];
    const actions = data.actions || ["REMOVE", "REPLACE", "ADD", "other"];
    const rows = (data.rows || []).map((r) => ({
      ...r,
      hay: fold(`${r.t} ${r.s || ""}`),
      metrics: String(r.x || ""),
    }));
    const hasUnknownTask = rows.some((r) => r.k < 0);
    const article = box.closest("article") || document;
    const table = article.querySelector(`table.tj-index[data-tj-index="${kind}"]`) ||
      article.querySelector("table.tj-index[data-tj-index]");
    const pagers = [...article.querySelectorAll("nav.tj-pager")];
    const uid = `tj-facets-${kind}`;

    /* ---- controls ---- */
    const form = el("form", { class: "tj-facets__form", role: "search", "aria-label": `Filter ${noun[1]}` });
    form.addEventListener("submit", (event) => event.preventDefault());

    const modelBox = el("fieldset", { class: "tj-facets__field tj-facets__models" });
    modelBox.append(el("legend", null, "Model"));
    const modelList = el("div", { class: "tj-facets__checks" });
    const modelChecks = models.map((name, i) => {
      const input = el("input", { type: "checkbox", id: `${uid}-model-${i}`, value: String(i) });
      const label = el("label", { for: input.id, class: "tj-facets__check" });
      label.append(input, document.createTextNode(" "), el("span", null, name));
      modelList.append(label);
      return input;
    });
    modelBox.append(modelList);

    function field(label, control, extra) {
      const wrap = el("div", { class: `tj-facets__field ${extra || ""}`.trim() });
      wrap.append(el("label", { for: control.id }, label), control);
      return wrap;
    }

    const taskSelect = el("select", { id: `${uid}-task` });
    taskSelect.append(el("option", { value: "" }, "Any task"));
    tasks.forEach((t, i) => taskSelect.append(el("option", { value: String(i) }, t)));
    if (hasUnknownTask) taskSelect.append(el("option", { value: "-1" }, "unknown"));

    const plannerSelect = el("select", { id: `${uid}-planner` });
    plannerSelect.append(el("option", { value: "" }, "Any planner"));
    planners.forEach((p, i) => plannerSelect.append(el("option", { value: String(i) }, p)));

    const actionSelect = el("select", { id: `${uid}-action` });
    actionSelect.append(el("option", { value: "" }, "Any action"));
    actions.forEach((a, i) => actionSelect.append(el("option", { value: String(i) }, a)));

    const metricList = el("datalist", { id: `${uid}-metrics` });
    for (const m of data.metrics || []) metricList.append(el("option", { value: m }));
    const metricInput = el("input", {
      type: "search", id: `${uid}-metric`, list: metricList.id, placeholder: "e.g. accuracy",
      autocomplete: "off", spellcheck: "false",
    });

    const textInput = el("input", {
      type: "search", id: `${uid}-q`, placeholder: "Words in titles and ablation names",
      autocomplete: "off", spellcheck: "false",
    });

    const scored = data.scores === true;
    const f1Min = el("input", { type: "number", id: `${uid}-f1min`, min: "0", max: "1", step: "0.05", placeholder: "0" });
    const f1Max = el("input", { type: "number", id: `${uid}-f1max`, min: "0", max: "1", step: "0.05", placeholder: "1" });
    const verdictSelect = el("select", { id: `${uid}-verdict` });
    verdictSelect.append(el("option", { value: "" }, "Any"));
    for (const [value, label] of VERDICTS) verdictSelect.append(el("option", { value }, label));

    const clear = el("button",
      { type: "button", class: "md-button tj-facets__clear", "aria-label": "Clear filters" }, "Clear");
    const count = el("p",
      { class: "tj-facets__count", role: "status", "aria-live": "polite", "aria-atomic": "true" });

    const controls = el("div", { class: "tj-facets__controls" });
    controls.append(
      field("Title or ablation name", textInput, "tj-facets__text"),
      field("Metric", metricInput, "tj-facets__metric"),
      field("Action", actionSelect),
    );
    // A task filter is offered when the data has tasks, a planner filter when it has several.
    if (planners.length > 1) controls.append(field("Planner", plannerSelect));
    if (tasks.length) controls.append(field("Benchmark task", taskSelect));
    if (scored) {
      controls.append(field("F1 at least", f1Min, "tj-facets__score"), field("F1 at most", f1Max, "tj-facets__score"),
        field("Judge's verdict", verdictSelect));
    }
    if (models.length) form.append(modelBox);
    form.append(controls, metricList);
    const bar = el("div", { class: "tj-facets__bar" });
    bar.append(count, clear);
    form.append(bar);

    /* ---- filtered view ---- */
    const results = el("div", { class: "tj-facets__results", hidden: true });
    const wrap = el("div", { class: "tj-facets__scroll" });
    const out = el("table", { class: `tj-index tj-index--${kind} tj-facets__table` });
    const head = el("tr");
    const columns = kind === "papers"
      ? [["Paper"], ["Task"], ["Models"], ["Ablations", "tj-num"]]
      : [["Paper"], ["Model"], ["Planner"], ["Task"], ["Ablations", "tj-num"], ["Actions"], ...(scored ? [["F1", "tj-num"]] : [])];
    for (const [name, cls] of columns) head.append(el("th", { class: cls, scope: "col" }, name));
    const thead = el("thead");
    thead.append(head);
    const tbody = el("tbody");
    out.append(thead, tbody);
    wrap.append(out);
    const empty = el("p", { class: "tj-facets__empty", hidden: true }, `No ${noun[1]} match these filters.`);
    const more = el("button", { type: "button", class: "md-button tj-facets__more", hidden: true }, "Show more");
    results.append(wrap, empty, more);

    box.replaceChildren(form);
    (table || box).after(results);

    /* ---- state ---- */
    function href(url) {
      // Only links inside the site: data URLs are relative to the site root.
      const target = new URL(root + url, document.baseURI);
      return target.origin === location.origin ? root + url : "#";
    }

    function read() {
      const words = fold(textInput.value).split(" ").filter(Boolean);
      return {
        models: new Set(modelChecks.filter((c) => c.checked).map((c) => Number(c.value))),
        task: tasks.length && taskSelect.value !== "" ? Number(taskSelect.value) : null,
        planner: planners.length > 1 && plannerSelect.value !== "" ? Number(plannerSelect.value) : -1,
        action: actionSelect.value === "" ? -1 : Number(actionSelect.value),
        metric: metricKey(metricInput.value),
        words,
        f1min: scored && f1Min.value !== "" ? Number(f1Min.value) : null,
        f1max: scored && f1Max.value !== "" ? Number(f1Max.value) : null,
        verdict: scored ? verdictSelect.value : "",
      };
    }

    function active(f) {
      return f.models.size > 0 || f.planner >= 0 || f.task !== null || f.action >= 0 || f.metric !== "" || f.words.length > 0 ||
        f.f1min !== null || f.f1max !== null || f.verdict !== "";
    }

    /* The ablations of a row (b) that pass the per-ablation filters by themselves: the action,
     * the metric and the words not already in the title (names in b[2], when given). */
    function hits(r, f) {
      const title = fold(r.t);
      const words = f.words.filter((w) => !title.includes(w));
      const out = [];
      (r.b || []).forEach((b, i) => {
        if (f.action >= 0 && b[0] !== f.action) return;
        if (f.metric && !String(b[1]).split("|").some((k) => k.includes(f.metric))) return;
        if (words.length && b.length > 2 && !words.every((w) => fold(b[2]).includes(w))) return;
        out.push(i);
      });
      return out;
    }

    function perAblation(f) { return f.action >= 0 || f.metric !== ""; }

    function matches(r, f) {
      if (f.models.size && !r.m.some((i) => f.models.has(i))) return false;
      if (f.planner >= 0 && !(r.p || []).includes(f.planner)) return false;
      if (f.task !== null && r.k !== f.task) return false;
      for (const w of f.words) if (!r.hay.includes(w)) return false;
      if (Array.isArray(r.b)) {
        const needWords = f.words.some((w) => !fold(r.t).includes(w)) && r.b.some((b) => b.length > 2);
        if (perAblation(f) || needWords) {
          r.hits = hits(r, f);
          if (!r.hits.length) return false;
        } else r.hits = null;
      } else {
        if (f.action >= 0 && !(r.a[f.action] > 0)) return false;
        if (f.metric && !r.metrics.includes(f.metric)) return false;
      }
      if (f.f1min !== null || f.f1max !== null) {
        const lo = f.f1min === null ? -Infinity : f.f1min;
        const hi = f.f1max === null ? Infinity : f.f1max;
        if (!(r.f || []).some((x) => x >= lo - 1e-9 && x <= hi + 1e-9)) return false;
      }
      const g = r.g || [0, 0];
      if (f.verdict === "matched" && !(g[0] > 0)) return false;
      if (f.verdict === "unmatched" && !(g[1] > 0)) return false;
      if (f.verdict === "judged" && !(r.f || []).length) return false;
      if (f.verdict === "unjudged" && (r.f || []).length) return false;
      return true;
    }

    function writeUrl(f) {
      const url = new URL(location.href);
      for (const key of KEYS) url.searchParams.delete(key);
      for (const i of [...f.models].sort((a, b) => a - b)) url.searchParams.append("model", models[i]);
      if (f.planner >= 0) url.searchParams.set("planner", planners[f.planner]);
      if (f.task !== null) url.searchParams.set("task", f.task < 0 ? "unknown" : tasks[f.task]);
      if (f.action >= 0) url.searchParams.set("action", actions[f.action]);
      if (metricInput.value.trim()) url.searchParams.set("metric", metricInput.value.trim());
      if (textInput.value.trim()) url.searchParams.set("q", textInput.value.trim());
      if (f.f1min !== null) url.searchParams.set("f1min", String(f.f1min));
      if (f.f1max !== null) url.searchParams.set("f1max", String(f.f1max));
      if (f.verdict) url.searchParams.set("verdict", f.verdict);
      const next = url.pathname + url.search + url.hash;
      if (next !== location.pathname + location.search + location.hash) {
        history.replaceState(history.state, "", next);
      }
    }

    function restore() {
      const params = new URLSearchParams(location.search);
      const lower = (s) => s.toLowerCase();
      const wanted = new Set(params.getAll("model").map(lower));
      modelChecks.forEach((c, i) => { c.checked = wanted.has(lower(models[i])); });
      const task = params.get("task");
      taskSelect.value = "";
      if (task != null) {
        const i = tasks.findIndex((t) => lower(t) === lower(task));
        if (i >= 0) taskSelect.value = String(i);
        else if (lower(task) === "unknown" && hasUnknownTask) taskSelect.value = "-1";
      }
      const planner = params.get("planner");
      const pi = planner == null ? -1 : planners.findIndex((x) => lower(x) === lower(planner));
      plannerSelect.value = pi >= 0 ? String(pi) : "";
      const action = params.get("action");
      const a = action == null ? -1 : actions.findIndex((x) => lower(x) === lower(action));
      actionSelect.value = a >= 0 ? String(a) : "";
      metricInput.value = params.get("metric") || "";
      textInput.value = params.get("q") || "";
      const number = (key) => {
        const v = params.get(key);
        return v !== null && v !== "" && !Number.isNaN(Number(v)) ? v : "";
      };
      f1Min.value = number("f1min");
      f1Max.value = number("f1max");
      const v = params.get("verdict");
      verdictSelect.value = VERDICTS.some(([value]) => value === v) ? v : "";
    }

    let matched = [];
    let shown = 0;

    function row(r) {
      const tr = el("tr");
      const title = el("td");
      title.append(el("a", { href: href(r.u) }, r.t));
      const task = r.k >= 0 && r.k < tasks.length ? tasks[r.k] : "—";
      const names = r.m.map((i) => models[i]).filter(Boolean);
      const plannerOf = (j) => (Array.isArray(r.p) && planners[r.p[j]]) || "";
      if (kind === "papers") {
        // Optional per-model trajectory URLs (w) and ablation counts (v), in the order of m.
        const cell = el("td");
        const several = planners.length > 1;
        names.forEach((name, j) => {
          if (j) cell.append(", ");
          const who = several && plannerOf(j) ? `${name} (${plannerOf(j).replace(/-planner$/, "")})` : name;
          const label = Array.isArray(r.v) && r.v[j] != null ? `${who} (${r.v[j]})` : who;
          cell.append(Array.isArray(r.w) && r.w[j] ? el("a", { href: href(r.w[j]) }, label) : label);
        });
        if (!names.length) cell.textContent = "—";
        tr.append(title, el("td", null, task), cell, el("td", { class: "tj-num" }, String(r.n)));
      } else {
        const acts = el("td");
        actions.forEach((a, i) => {
          const n = r.a[i] || 0;
          if (!n) return;
          if (acts.childNodes.length) acts.append(" ");
          acts.append(el("span", { class: `tj-action tj-action--${a.toLowerCase()}` }, a), `\u00a0${n}`);
        });
        if (r.hits && r.hits.length) {
          // which ablations matched: their names, linked to #ablation-N in the trajectory
          const list = el("span", { class: "tj-facets__matches" });
          list.append(r.hits.length === 1 ? "Matching ablation: " : `Matching ablations (${r.hits.length}): `);
          for (const i of r.hits) {
            const b = r.b[i];
            list.append(el("a", { href: `${href(r.u)}#ablation-${i + 1}` }, `${i + 1}. ${b.length > 2 ? b[2] : ""}`.trim()));
          }
          title.append(list);
        }
        tr.append(title, el("td", null, names.join(", ") || "—"), el("td", null, plannerOf(0) || "—"), el("td", null, task),
          el("td", { class: "tj-num" }, String(r.n)), acts);
        if (scored) tr.append(el("td", { class: "tj-num" }, (r.f || []).length ? Number(r.f[0]).toFixed(2) : "—"));
      }
      return tr;
    }

    function showMore() {
      const next = matched.slice(shown, shown + PAGE);
      const frag = document.createDocumentFragment();
      // built once, then reused (a row that lists its matching ablations: built again)
      for (const r of next) frag.append(r.hits ? row(r) : r.node || (r.node = row(r)));
      tbody.append(frag);
      shown += next.length;
      const left = matched.length - shown;
      more.hidden = left <= 0;
      more.textContent = left > PAGE ? `Show ${PAGE} more (${left} not shown)` : `Show the last ${left}`;
    }

    let wasOn = null;

    function same(a, b) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
      return true;
    }

    function render() {
      const f = read();
      const on = active(f);
      const before = matched;
      matched = on ? rows.filter((r) => matches(r, f)) : rows;
      const total = rows.length;
      count.textContent = `${matched.length} of ${total} ${total === 1 ? noun[0] : noun[1]}`;
      if (on === wasOn && (!on || same(before, matched)) && !matched.some((r) => r.hits)) {
        matched = before;  // nothing to redraw (e.g. one more letter, same rows)
        return f;
      }
      wasOn = on;
      clear.disabled = !on;
      box.classList.toggle("tj-facets--active", on);
      if (table) table.hidden = on;
      for (const p of pagers) p.hidden = on;
      results.hidden = !on;
      tbody.replaceChildren();
      shown = 0;
      if (on) {
        wrap.hidden = matched.length === 0;
        empty.hidden = matched.length !== 0;
        showMore();
      }
      return f;
    }

    function update() { writeUrl(render()); }

    form.addEventListener("input", update);
    form.addEventListener("change", update);
    more.addEventListener("click", showMore);
    clear.addEventListener("click", () => {
      for (const c of modelChecks) c.checked = false;
      taskSelect.value = "";
      plannerSelect.value = "";
      actionSelect.value = "";
      metricInput.value = "";
      textInput.value = "";
      f1Min.value = "";
      f1Max.value = "";
      verdictSelect.value = "";
      update();
      textInput.focus();
    });

    restore();
    const initial = render();
    if (active(initial) || KEYS.some((k) => new URLSearchParams(location.search).has(k))) writeUrl(initial);
    box.hidden = false;
    box.dataset.tjReady = "ready";
  }

  function init() {
    for (const box of document.querySelectorAll(".tj-facets[data-tj-facets]")) setup(box);
  }

  init();
  // With Material's instant navigation, pages are swapped without reloading this script.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(init);
})();
