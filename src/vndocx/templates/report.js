/* vndocx task register: sorting, filters, and jumps between tasks and their source text. No dependencies. */
(function () {
  "use strict";
  var table = document.getElementById("tasks");
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var headers = table.tHead.rows[0].cells;
  var owner = document.getElementById("f-owner");
  var withCo = document.getElementById("f-co");
  var month = document.getElementById("f-month");
  var state = document.getElementById("f-state");
  var search = document.getElementById("f-text");
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var filters = document.getElementById("filters");
  var collator = new Intl.Collator("vi", { numeric: true, sensitivity: "base" });

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  var info = rows.map(function (row) {
    return {
      owner: row.getAttribute("data-owner"),
      co: JSON.parse(row.getAttribute("data-co") || "[]"),
      month: row.getAttribute("data-month"),
      state: " " + row.getAttribute("data-state") + " ",
      text: fold(row.textContent)
    };
  });

  function apply() {
    var o = owner.value, m = month.value, st = state.value, q = fold(search.value.trim());
    var n = 0;
    rows.forEach(function (row, i) {
      var r = info[i];
      var ok = !o || r.owner === o || (withCo.checked && r.co.indexOf(o) >= 0);
      if (ok && m) ok = r.month === m;
      if (ok && st) ok = r.state.indexOf(" " + st + " ") >= 0;
      if (ok && q) ok = r.text.indexOf(q) >= 0;
      row.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = n + " / " + rows.length + " nhiệm vụ";
    empty.hidden = n > 0;
  }

  [owner, withCo, month, state].forEach(function (el) { el.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  document.getElementById("f-reset").addEventListener("click", function () {
    owner.value = month.value = state.value = search.value = "";
    withCo.checked = false;
    apply();
  });

  // Cells with an empty key or a data-last attribute (no date) go last in both directions.
  function sortKey(row, col) {
    var cell = row.cells[col];
    var key = cell.getAttribute("data-sort");
    if (key === null) key = cell.textContent.trim();
    return { key: key, last: key === "" ? 2 : cell.hasAttribute("data-last") ? 1 : 0 };
  }

  function sortBy(col) {
    var th = headers[col];
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var numeric = th.getAttribute("data-type") === "num";
    Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var order = rows.map(function (row, i) { var k = sortKey(row, col); k.row = row; k.i = i; return k; });
    order.sort(function (a, b) {
      if (a.last !== b.last) return a.last - b.last;
      var r = numeric ? parseFloat(a.key) - parseFloat(b.key) : collator.compare(a.key, b.key);
      return (a.last ? r : r * dir) || a.i - b.i;
    });
    rows = order.map(function (x) { return x.row; });
    info = order.map(function (x) { return info[x.i]; });
    rows.forEach(function (row) { tbody.appendChild(row); });
  }

  Array.prototype.forEach.call(headers, function (th, col) {
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(col); });
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(col); }
    });
  });

  document.querySelectorAll(".cards button[data-state]").forEach(function (b) {
    b.addEventListener("click", function () {
      state.value = b.getAttribute("data-state");
      apply();
      table.scrollIntoView({ block: "start" });
    });
  });
  document.querySelectorAll(".owner-link").forEach(function (b) {
    b.addEventListener("click", function () {
      owner.value = b.getAttribute("data-owner");
      apply();
      table.scrollIntoView({ block: "start" });
    });
  });

  // Closed <details> do not open for every browser's anchor jump: open them, then scroll and flash.
  function reveal(id) {
    var el = id && document.getElementById(id);
    if (!el) return;
    if (el.hidden) { owner.value = month.value = state.value = search.value = ""; apply(); }
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
    var crop = document.getElementById("crop-" + id);  // the page crop beside a task's passage
    if (crop) crop.hidden = false;
    el.scrollIntoView({ block: "center" });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href^='#']");
    if (!a) return;
    e.preventDefault();
    var id = decodeURIComponent(a.getAttribute("href").slice(1));
    history.pushState(null, "", "#" + id);
    reveal(id);
  });
  window.addEventListener("hashchange", function () { reveal(decodeURIComponent(location.hash.slice(1))); });

  function stickOffset() {
    document.documentElement.style.setProperty("--filters-h", filters.offsetHeight + "px");
  }
  window.addEventListener("resize", stickOffset);
  stickOffset();
  apply();
  if (location.hash) reveal(decodeURIComponent(location.hash.slice(1)));
}());
