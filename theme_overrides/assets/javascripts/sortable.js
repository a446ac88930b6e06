/* Sortable tables: click (or press Enter on) a column heading of a table.tj-sortable to sort
 * its rows by that column; again to reverse. A cell sorts by the data-sort value of an
 * element in it (a number) when it has one, else by its text. Without JavaScript the
 * table keeps the order it was built in. Plain ES2020, no library. */
(() => {
  "use strict";

  function key(cell) {
    const marked = cell && cell.querySelector("[data-sort]");
    if (marked) {
      const value = marked.getAttribute("data-sort");
      return value === "" ? -Infinity : Number(value);
    }
    const text = cell ? cell.textContent.trim() : "";
    const number = Number(text.replace(/,/g, ""));
    return text !== "" && !Number.isNaN(number) ? number : text.toLowerCase();
  }

  function setup(table) {
    if (table.dataset.tjSortable) return;
    table.dataset.tjSortable = "ready";
    const heads = [...table.querySelectorAll("thead th")];
    heads.forEach((th, column) => {
      th.tabIndex = 0;
      th.setAttribute("role", "button");
      th.classList.add("tj-sort");
      const sort = () => {
        const descending = th.getAttribute("aria-sort") !== "descending";
        for (const other of heads) other.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        const body = table.tBodies[0];
        const rows = [...body.rows].map((row, i) => ({ row, i, k: key(row.cells[column]) }));
        rows.sort((a, b) => {
          const x = a.k, y = b.k;
          const order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
          return (descending ? -order : order) || a.i - b.i;
        });
        body.append(...rows.map((r) => r.row));
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  function init() {
    for (const table of document.querySelectorAll("table.tj-sortable")) setup(table);
  }

  init();
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) window.document$.subscribe(init);
})();
