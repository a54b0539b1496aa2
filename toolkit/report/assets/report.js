// Parallax report: sortable tables and the events filter. Text from the records is only ever set as text.
"use strict";

function cellValue(row, index, numeric) {
  const cell = row.cells[index];
  const value = cell ? cell.textContent.trim() : "";
  if (!numeric) return value.toLowerCase();
  const number = parseFloat(value.replace(/[^0-9.\-]/g, ""));
  return Number.isNaN(number) ? -Infinity : number;
}

function sortBy(table, index, header) {
  const numeric = header.dataset.type === "number";
  const ascending = header.getAttribute("aria-sort") !== "ascending";
  for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
  header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
    return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
  });
  for (const row of rows) body.appendChild(row);
}

function makeSortable(table) {
  Array.from(table.tHead.rows[0].cells).forEach((header, index) => {
    const button = document.createElement("button");
    button.type = "button";
    while (header.firstChild) button.appendChild(header.firstChild);
    button.title = "Sort by this column";
    header.appendChild(button);
    button.addEventListener("click", () => sortBy(table, index, header));
  });
}

function eventRow(item) {
  const [href, title, start, outlets, articles, propositions, shared, spots] = item;
  const row = document.createElement("tr");
  const first = document.createElement("td");
  const link = document.createElement("a");
  link.href = href;
  link.textContent = title;
  first.appendChild(link);
  row.appendChild(first);
  for (const [value, numeric] of [[start || "undated", false], [outlets, false], [articles, true], [propositions, true], [shared, true], [spots, false]]) {
    const cell = document.createElement("td");
    cell.textContent = String(value);
    if (numeric) cell.className = "num";
    row.appendChild(cell);
  }
  return row;
}

function setUpFilter(form) {
  const input = form.querySelector("#q");
  const spots = form.querySelector("#spots");
  const count = form.querySelector("#count");
  const table = document.querySelector("table[data-sortable]");
  if (!input || !table) return;
  const body = table.tBodies[0];
  const original = Array.from(body.rows);
  let loading = null;
  function load() {
    if (window.PARALLAX_EVENTS) return Promise.resolve();
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = form.dataset.events;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }
  function apply() {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length && !spots.checked) {
      body.replaceChildren(...original);
      count.textContent = "";
      return;
    }
    load().then(() => {
      const found = window.PARALLAX_EVENTS.filter((item) => {
        const haystack = (item[1] + " " + item[3]).toLowerCase();
        return words.every((word) => haystack.includes(word)) && (!spots.checked || item[7]);
      });
      body.replaceChildren(...found.slice(0, 500).map(eventRow));
      const noun = found.length === 1 ? "event matches" : "events match";
      count.textContent = found.length > 500 ? `${found.length} ${noun}; the first 500 are shown` : `${found.length} ${noun}`;
    }, () => { count.textContent = "The list of all events could not be loaded."; });
  }
  form.addEventListener("submit", (event) => event.preventDefault());
  input.addEventListener("input", apply);
  spots.addEventListener("change", apply);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
  document.querySelectorAll("form.filter[data-events]").forEach(setUpFilter);
});
