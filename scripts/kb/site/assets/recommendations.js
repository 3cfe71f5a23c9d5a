// Filters and sortable columns for the recommendations table. The table is complete without this
// script; it only hides rows and reorders them. No request leaves the page.
(() => {
  // biome-ignore lint/suspicious/noRedundantUseStrict: a classic script (not a module), so not strict without it
  "use strict";

  var table = document.getElementById("kb-rec-table");
  var form = document.getElementById("kb-rec-filters");
  var count = document.getElementById("kb-rec-count");
  var none = document.getElementById("kb-rec-none");
  if (!table || !form || !count) return;

  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var collator = new Intl.Collator("en-GB", { numeric: true, sensitivity: "base" });

  function matches(row, select) {
    var wanted = select.value;
    if (!wanted) return true;
    var name = select.getAttribute("data-filter");
    var value = row.getAttribute(`data-${name}`) || "";
    return select.hasAttribute("data-many") ? value.split(" ").indexOf(wanted) !== -1 : value === wanted;
  }

  function applyFilters() {
    var shown = 0;
    rows.forEach((row) => {
      var visible = selects.every((select) => matches(row, select));
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = shown === rows.length
      ? `Showing all ${rows.length} recommendations.`
      : `Showing ${shown} of ${rows.length} recommendations.`;
    if (none) none.hidden = shown !== 0;
    rememberFilters();
  }

  // The filters live in the address (?status=open&level=local), so a filtered view can be shared.
  function rememberFilters() {
    var params = new URLSearchParams();
    selects.forEach((select) => { if (select.value) params.set(select.name, select.value); });
    var query = params.toString();
    history.replaceState(null, "", query ? `?${query}${location.hash}` : location.pathname + location.hash);
  }

  function restoreFilters() {
    var params = new URLSearchParams(location.search);
    selects.forEach((select) => {
      var value = params.get(select.name);
      if (value && select.querySelector(`option[value="${CSS.escape(value)}"]`)) select.value = value;
    });
  }

  function sortValue(row, index) {
    var cell = row.cells[index];
    return cell.getAttribute("data-sort-value") || cell.textContent.trim();
  }

  function sortBy(header, index) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    headers.forEach((other) => { other.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort((a, b) => {
      var order = collator.compare(sortValue(a, index), sortValue(b, index));
      return ascending ? order : -order;
    });
    rows.forEach((row) => { body.appendChild(row); });
  }

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach((header, index) => {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "kb-rec-sort";
    button.textContent = header.textContent;
    button.setAttribute("aria-describedby", "kb-rec-sort-help");
    button.addEventListener("click", () => { sortBy(header, index); });
    header.textContent = "";
    header.appendChild(button);
  });
  var help = document.createElement("p");
  help.id = "kb-rec-sort-help";
  help.className = "kb-rec-sort-help";
  help.textContent = "Select a column heading to sort by it; select it again to reverse the order.";
  table.parentNode.parentNode.insertBefore(help, table.parentNode);

  selects.forEach((select) => { select.addEventListener("change", applyFilters); });
  form.addEventListener("reset", () => { setTimeout(applyFilters, 0); });
  form.addEventListener("submit", (event) => { event.preventDefault(); });
  form.hidden = false;
  restoreFilters();
  applyFilters();
})();
