/* The per-ablation index: filter, sort and export one row per proposed ablation.
 *
 * The page holds static tables (the no-JavaScript view, one page of at most 1,000 rows, with
 * a plain pager) and an empty <div class="tj-facets" data-tj-ablations="<root>data/index/
 * ablations.json" data-tj-root="<root>" hidden>. This script loads that JSON (format:
 * generator/pages/ablations.py::data), shows the controls and, while any filter or a sort is
 * set, replaces the static table and its pagers with the matching rows of the WHOLE index
 * (100 drawn at once, then "Show more"); "Download CSV" saves every matching row.
 *
 * Facets are per ablation: a row is kept when that one ablation passes every filter.
 * URL query string (history.replaceState; a shared URL restores the view):
 *   model=<name>      repeatable: ablations by any of these models, or with
 *   models=all        only on papers EVERY selected model planned
 *   shared=1          only papers every model of the index planned
 *   planner=<id>      task=<name>|unknown      action=REMOVE|REPLACE|ADD|other
 *   metric=<text>     the words of a metric key, whole words (fid matches "fid", "clean
 *                     fid", "fid@10k", never "fidelity"); spellings are keyed as the
 *                     generator keys them ("F1-score" is f1)
 *   q=<words>         every word in the paper title, the name or the ablated part
 *   verdict=matched|unmatched|unjudged   (data with scores)
 *   sort=paper|model|planner|action|name|part|metrics|verdict, order=asc|desc
 * Unknown values are ignored; other parameters and the #fragment are kept.
 * Plain ES2020, no library; data only ever reaches the page through textContent. */
(() => {
  "use strict";
  const PAGE = 100;
  const KEYS = ["model", "models", "shared", "planner", "task", "action", "metric", "q", "verdict", "sort", "order"];
  const COLUMNS = [["paper", "Paper"], ["model", "Model"], ["planner", "Planner"], ["action", "Action"],
    ["name", "Ablation"], ["part", "Ablated part"], ["metrics", "Metrics"]];
  const VERDICTS = [["matched", "matched by the judge"], ["unmatched", "not matched"], ["unjudged", "not judged"]];

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === true) node.setAttribute(k, "");
      else if (v !== false && v != null) node.setAttribute(k, String(v));
    }
    if (text != null) node.textContent = text;
    return node;
  }

  function fold(text) {
    return String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  /* The key of a typed metric, as generator/analysis/vocabulary.py::metric_key makes it (its
   * main rules: case, separators, wrappers, trailing punctuation and units, "score", @k, a
   * number joined to its word, the aliases). */
  function metricKey(text, aliases) {
    let s = String(text).normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
    for (let i = 0; i < 4; i++) {
      const before = s;
      s = s.replace(/[.,;:!?]+$/, "").trim().replace(/^[*_`"']+|[*_`"']+$/g, "").trim()
        .replace(/\s*(?:[(\[]\s*(?:%|↑|↓|(?:higher|lower) is better)\s*[)\]]|%|↑|↓)$/, "");
      if (s === before) break;
    }
    s = s.replace(/[-_/\s]+/g, " ").trim().replace(/\s*@\s*/g, "@")
      .replace(/\b(recall|precision|hits|pass|ndcg|r|p|acc|accuracy) at (\d+)\b/g, "$1@$2")
      .replace(/\b([a-z]+) (\d+)\b/g, "$1$2");
    const words = s.split(" ");
    if (words.length > 1 && words[words.length - 1] === "score") s = words.slice(0, -1).join(" ");
    const at = s.indexOf("@");
    const head = at < 0 ? s : s.slice(0, at);
    const key = Object.prototype.hasOwnProperty.call(aliases, head) ? aliases[head] : head;
    return at < 0 ? key : key + s.slice(at);
  }

  const tokens = (key) => key.split(/[\s@]+/).filter(Boolean);

  /* Whether the words of `want` (a key's tokens) appear, whole and in order, in `key`. */
  function keyHas(key, want) {
    const have = tokens(key);
    outer: for (let i = 0; i + want.length <= have.length; i++) {
      for (let j = 0; j < want.length; j++) if (have[i + j] !== want[j]) continue outer;
      return true;
    }
    return false;
  }

  function csvCell(value) {
    let s = Array.isArray(value) ? value.join(" | ") : String(value ?? "");
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;  // never a formula in a spreadsheet
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }

  function setup(box) {
    if (box.dataset.tjReady) return;
    box.dataset.tjReady = "loading";
    fetch(box.dataset.tjAblations, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${response.url}`);
        return response.json();
      })
      .then((data) => build(box, data))
      .catch((error) => {
        box.dataset.tjReady = "failed";
        console.warn("Ablation facets unavailable:", error.message);
      });
  }

  function build(box, data) {
    const root = box.dataset.tjRoot || "./";
    const models = data.models || [], planners = data.planners || [], tasks = data.tasks || [];
    const actions = data.actions || ["REMOVE", "REPLACE", "ADD", "other"];
    const papers = data.papers || [], plans = data.plans || [], aliases = data.aliases || {};
    const scored = data.scores === true;
    const everyModel = (p) => p[3].length === models.length;
    const rows = (data.rows || []).map((r, i) => {
      const plan = plans[r[0]] || [0, 0, 0, ""];
      const paper = papers[plan[0]] || ["", "", -1, [], ""];
      return {
        i, plan, paper, n: r[1], action: r[2], kind: r[3], name: r[4], part: r[5], metrics: r[6] || [],
        keys: r[7] || [], verdict: r[8], hay: fold(`${paper[0]} ${r[4]} ${r[5]}`),
      };
    });
    const article = box.closest("article") || document;
    const statics = [...article.querySelectorAll(".tj-abl-scroll")];
    const pagers = [...article.querySelectorAll("nav.tj-pager")];
    const uid = "tj-abl";

    const form = el("form", { class: "tj-facets__form", role: "search", "aria-label": "Filter ablations" });
    form.addEventListener("submit", (event) => event.preventDefault());
    const modelBox = el("fieldset", { class: "tj-facets__field tj-facets__models" });
    modelBox.append(el("legend", null, "Model"));
    const modelList = el("div", { class: "tj-facets__checks" });
    const modelChecks = models.map((name, i) => {
      const input = el("input", { type: "checkbox", id: `${uid}-model-${i}`, value: String(i) });
      const label = el("label", { for: input.id, class: "tj-facets__check" });
      label.append(input, " ", el("span", null, name));
      modelList.append(label);
      return input;
    });
    const allModels = el("input", { type: "checkbox", id: `${uid}-models-all` });
    const allLabel = el("label", { for: allModels.id, class: "tj-abl-mode" });
    allLabel.append(allModels, " ", el("span", null, "only papers every selected model planned"));
    const shared = el("input", { type: "checkbox", id: `${uid}-shared` });
    const sharedLabel = el("label", { for: shared.id, class: "tj-abl-mode" });
    const sharedCount = papers.filter(everyModel).length;
    sharedLabel.append(shared, " ", el("span", null, `shared papers only (the ${sharedCount} every model planned)`));
    const modes = el("div", { class: "tj-abl-modes" });
    modes.append(allLabel, sharedLabel);
    modelBox.append(modelList, modes);

    function field(label, control, extra) {
      const wrap = el("div", { class: `tj-facets__field ${extra || ""}`.trim() });
      wrap.append(el("label", { for: control.id }, label), control);
      return wrap;
    }
    function select(id, any, options) {
      const s = el("select", { id: `${uid}-${id}` });
      s.append(el("option", { value: "" }, any));
      for (const [value, label] of options) s.append(el("option", { value }, label));
      return s;
    }
    const plannerSelect = select("planner", "Any planner", planners.map((p, i) => [String(i), p]));
    const hasUnknownTask = papers.some((p) => p[2] < 0);
    const taskSelect = select("task", "Any task",
      [...tasks.map((t, i) => [String(i), t]), ...(hasUnknownTask ? [["-1", "unknown"]] : [])]);
    const actionSelect = select("action", "Any action", actions.map((a, i) => [String(i), a]));
    const verdictSelect = select("verdict", "Any", VERDICTS);
    const metricList = el("datalist", { id: `${uid}-metrics` });
    for (const [key, label] of data.metrics || []) metricList.append(el("option", { value: key }, label));
    const metricInput = el("input", { type: "search", id: `${uid}-metric`, list: metricList.id,
      placeholder: "e.g. fid", autocomplete: "off", spellcheck: "false" });
    const textInput = el("input", { type: "search", id: `${uid}-q`, placeholder: "Words in titles, names, parts",
      autocomplete: "off", spellcheck: "false" });
    const controls = el("div", { class: "tj-facets__controls" });
    controls.append(field("Words", textInput, "tj-facets__text"), field("Metric", metricInput, "tj-facets__metric"),
      field("Action", actionSelect));
    if (planners.length > 1) controls.append(field("Planner", plannerSelect));
    if (tasks.length) controls.append(field("Benchmark task", taskSelect));
    if (scored) controls.append(field("Judge's verdict", verdictSelect));
    const clear = el("button", { type: "button", class: "md-button tj-facets__clear", "aria-label": "Clear filters" }, "Clear");
    const download = el("button", { type: "button", class: "md-button tj-abl-download" }, "Download CSV");
    const count = el("p", { class: "tj-facets__count", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    if (models.length) form.append(modelBox);
    form.append(controls, metricList);
    const bar = el("div", { class: "tj-facets__bar" });
    bar.append(count, download, clear);
    form.append(bar);

    /* the view drawn from memory */
    let sortKey = "", sortOrder = "asc";
    const results = el("div", { class: "tj-facets__results", hidden: true });
    const wrap = el("div", { class: "tj-abl-live" });
    const table = el("table", { class: "tj-abl tj-facets__table" });
    const headRow = el("tr");
    const columns = scored ? [...COLUMNS, ["verdict", "Judge"]] : COLUMNS;
    const heads = columns.map(([key, label]) => {
      const th = el("th", { scope: "col", "data-key": key });
      const button = el("button", { type: "button" }, label);
      button.addEventListener("click", () => {
        const same = sortKey === key;
        sortKey = key;
        sortOrder = same && sortOrder === "asc" ? "desc" : "asc";
        update();
      });
      th.append(button);
      headRow.append(th);
      return th;
    });
    const thead = el("thead");
    thead.append(headRow);
    const tbody = el("tbody");
    table.append(thead, tbody);
    wrap.append(table);
    const empty = el("p", { class: "tj-facets__empty", hidden: true }, "No ablations match these filters.");
    const more = el("button", { type: "button", class: "md-button tj-facets__more", hidden: true }, "Show more");
    results.append(wrap, empty, more);
    box.replaceChildren(form);
    (statics[statics.length - 1] || box).after(results);

    function href(url) {
      const target = new URL(root + url, document.baseURI);
      return target.origin === location.origin ? root + url : "#";
    }

    function read() {
      const metric = metricInput.value.trim() ? tokens(metricKey(metricInput.value, aliases)) : [];
      return {
        models: new Set(modelChecks.filter((c) => c.checked).map((c) => Number(c.value))),
        all: allModels.checked, shared: shared.checked,
        planner: plannerSelect.value === "" ? -1 : Number(plannerSelect.value),
        task: taskSelect.value === "" ? null : Number(taskSelect.value),
        action: actionSelect.value === "" ? -1 : Number(actionSelect.value),
        metric, words: fold(textInput.value).split(" ").filter(Boolean),
        verdict: scored ? verdictSelect.value : "",
      };
    }

    function active(f) {
      return f.models.size > 0 || f.shared || f.planner >= 0 || f.task !== null || f.action >= 0 ||
        f.metric.length > 0 || f.words.length > 0 || f.verdict !== "" || sortKey !== "";
    }

    function matches(r, f) {
      const [, model, planner] = r.plan;
      if (f.models.size) {
        if (!f.models.has(model)) return false;
        if (f.all) for (const m of f.models) if (!r.paper[3].includes(m)) return false;
      }
      if (f.shared && !everyModel(r.paper)) return false;
      if (f.planner >= 0 && planner !== f.planner) return false;
      if (f.task !== null && r.paper[2] !== f.task) return false;
      if (f.action >= 0 && r.kind !== f.action) return false;
      if (f.metric.length && !r.keys.some((k) => keyHas(k, f.metric))) return false;
      for (const w of f.words) if (!r.hay.includes(w)) return false;
      if (f.verdict === "matched" && r.verdict !== 1) return false;
      if (f.verdict === "unmatched" && r.verdict !== 0) return false;
      if (f.verdict === "unjudged" && r.verdict !== -1) return false;
      return true;
    }

    const sortValue = {
      paper: (r) => fold(r.paper[0]), model: (r) => fold(models[r.plan[1]] || ""),
      planner: (r) => planners[r.plan[2]] || "", action: (r) => r.action, name: (r) => fold(r.name),
      part: (r) => fold(r.part), metrics: (r) => r.keys.join(" | "), verdict: (r) => r.verdict,
    };

    function sorted(list) {
      if (!sortKey || !sortValue[sortKey]) return list;
      const value = sortValue[sortKey];
      const sign = sortOrder === "desc" ? -1 : 1;
      return list.map((r) => [value(r), r]).sort((a, b) => (a[0] < b[0] ? -sign : a[0] > b[0] ? sign : a[1].i - b[1].i))
        .map((x) => x[1]);
    }

    function writeUrl(f) {
      const url = new URL(location.href);
      for (const key of KEYS) url.searchParams.delete(key);
      for (const i of [...f.models].sort((a, b) => a - b)) url.searchParams.append("model", models[i]);
      if (f.all) url.searchParams.set("models", "all");
      if (f.shared) url.searchParams.set("shared", "1");
      if (f.planner >= 0) url.searchParams.set("planner", planners[f.planner]);
      if (f.task !== null) url.searchParams.set("task", f.task < 0 ? "unknown" : tasks[f.task]);
      if (f.action >= 0) url.searchParams.set("action", actions[f.action]);
      if (metricInput.value.trim()) url.searchParams.set("metric", metricInput.value.trim());
      if (textInput.value.trim()) url.searchParams.set("q", textInput.value.trim());
      if (f.verdict) url.searchParams.set("verdict", f.verdict);
      if (sortKey) {
        url.searchParams.set("sort", sortKey);
        url.searchParams.set("order", sortOrder);
      }
      const next = url.pathname + url.search + url.hash;
      if (next !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", next);
    }

    function restore() {
      const params = new URLSearchParams(location.search);
      const lower = (s) => String(s).toLowerCase();
      const wanted = new Set(params.getAll("model").map(lower));
      modelChecks.forEach((c, i) => { c.checked = wanted.has(lower(models[i])); });
      allModels.checked = lower(params.get("models") || "") === "all";
      shared.checked = params.get("shared") === "1";
      const pick = (selectEl, names, value) => {
        const i = value == null ? -1 : names.findIndex((x) => lower(x) === lower(value));
        selectEl.value = i >= 0 ? String(i) : "";
      };
      pick(plannerSelect, planners, params.get("planner"));
      pick(taskSelect, tasks, params.get("task"));
      if (lower(params.get("task") || "") === "unknown" && hasUnknownTask) taskSelect.value = "-1";
      pick(actionSelect, actions, params.get("action"));
      metricInput.value = params.get("metric") || "";
      textInput.value = params.get("q") || "";
      const v = params.get("verdict");
      verdictSelect.value = VERDICTS.some(([value]) => value === v) ? v : "";
      const s = params.get("sort");
      sortKey = columns.some(([key]) => key === s) ? s : "";
      sortOrder = params.get("order") === "desc" ? "desc" : "asc";
    }

    let matched = [], shown = 0;

    function row(r) {
      const tr = el("tr");
      const paper = el("td");
      paper.append(el("a", { href: href(r.paper[1]) }, r.paper[0]));
      const action = el("td");
      action.append(el("span", { class: `tj-action tj-action--${String(r.action || "none").toLowerCase().replace(/[^a-z0-9]+/g, "-")}` },
        r.action || "no action"));
      const name = el("td");
      name.append(el("a", { href: `${href(r.plan[3])}#ablation-${r.n}` }, r.name || "(untitled)"));
      const metrics = el("td", { class: "tj-abl-metrics" }, r.metrics.join(" · "));
      tr.append(paper, el("td", null, models[r.plan[1]] || ""), el("td", null, planners[r.plan[2]] || ""), action, name,
        el("td", { class: "tj-abl-part" }, r.part), metrics);
      if (scored) tr.append(el("td", null, r.verdict === 1 ? "✓ matched" : r.verdict === 0 ? "✗ unmatched" : "—"));
      return tr;
    }

    function showMore() {
      const next = matched.slice(shown, shown + PAGE);
      const frag = document.createDocumentFragment();
      for (const r of next) frag.append(r.node || (r.node = row(r)));
      tbody.append(frag);
      shown += next.length;
      const left = matched.length - shown;
      more.hidden = left <= 0;
      more.textContent = left > PAGE ? `Show ${PAGE} more (${left} not shown)` : `Show the last ${left}`;
    }

    function render() {
      const f = read();
      const on = active(f);
      matched = on ? sorted(rows.filter((r) => matches(r, f))) : rows;
      count.textContent = `${matched.length} of ${rows.length} ablations`;
      download.textContent = `Download CSV (${matched.length})`;
      clear.disabled = !on;
      box.classList.toggle("tj-facets--active", on);
      for (const s of statics) s.hidden = on;
      for (const p of pagers) p.hidden = on;
      results.hidden = !on;
      for (const th of heads) {
        if (th.dataset.key === sortKey) th.setAttribute("aria-sort", sortOrder === "desc" ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      }
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

    function csv() {
      const head = ["paper", "paper_title", "task", "model", "planner", "index", "action", "name", "ablated_part",
        "metrics", "metric_keys", ...(scored ? ["verdict"] : []), "url"];
      const lines = [head.join(",")];
      const base = new URL(root, document.baseURI);
      for (const r of matched) {
        const cells = [r.paper[4], r.paper[0],
          r.paper[2] >= 0 ? tasks[r.paper[2]] : "", models[r.plan[1]] || "", planners[r.plan[2]] || "", r.n, r.action,
          r.name, r.part, r.metrics, r.keys,
          ...(scored ? [r.verdict === 1 ? "matched" : r.verdict === 0 ? "unmatched" : ""] : []),
          new URL(`${r.plan[3]}#ablation-${r.n}`, base).href];
        lines.push(cells.map(csvCell).join(","));
      }
      return lines.join("\n") + "\n";
    }

    download.addEventListener("click", () => {
      const blob = new Blob(["\ufeff" + csv()], { type: "text/csv;charset=utf-8" });
      const link = el("a", { href: URL.createObjectURL(blob), download: "ablations.csv", hidden: true });
      document.body.append(link);
      link.click();
      setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    });
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    more.addEventListener("click", showMore);
    clear.addEventListener("click", () => {
      for (const c of [...modelChecks, allModels, shared]) c.checked = false;
      for (const s of [plannerSelect, taskSelect, actionSelect, verdictSelect]) s.value = "";
      metricInput.value = "";
      textInput.value = "";
      sortKey = "";
      update();
      textInput.focus();
    });

    restore();
    const initial = render();
    if (KEYS.some((k) => new URLSearchParams(location.search).has(k))) writeUrl(initial);
    box.hidden = false;
    box.dataset.tjReady = "ready";
  }

  function init() {
    for (const box of document.querySelectorAll(".tj-facets[data-tj-ablations]")) setup(box);
  }

  init();
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(init);
})();
