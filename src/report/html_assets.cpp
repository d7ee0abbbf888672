// SPDX-License-Identifier: MIT
#include "report/html_assets.h"

namespace mlstack::report {

const std::string_view k_html_style = R"css(
:root { --fg: #1d232a; --muted: #5b6672; --line: #d8dee4; --bg: #ffffff; --panel: #f6f8fa; --link: #0a58ca;
        --error: #b42318; --warning: #9a6700; --note: #0b6e99; --mark: #fff3bf; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header { padding: 18px 28px 10px; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { font-size: 22px; margin: 0 0 6px; }
main { padding: 8px 28px 40px; max-width: 1400px; }
a { color: var(--link); }
code, pre { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; }
.counts { margin: 4px 0; color: var(--muted); }
.counts b.error { color: var(--error); } .counts b.warning { color: var(--warning); } .counts b.info { color: var(--note); }
nav.toc ol { margin: 6px 0 0; padding-left: 20px; columns: 2; max-width: 760px; }
.controls { margin-top: 8px; display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.controls button, .controls label { font: inherit; font-size: 13px; }
.controls button { border: 1px solid var(--line); background: var(--bg); border-radius: 5px; padding: 2px 10px; cursor: pointer; }
section { margin-top: 18px; }
details > summary { cursor: pointer; list-style: revert; }
details > summary > h2, details > summary > h3, details > summary > h4, details > summary > h5 { display: inline; }
h2 { font-size: 19px; border-bottom: 1px solid var(--line); padding-bottom: 3px; }
h3 { font-size: 16px; } h4 { font-size: 14.5px; } h5 { font-size: 13.5px; }
details.sub { margin: 12px 0 0 4px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; }
.table-wrap { overflow-x: auto; margin: 8px 0; }
table.data { border-collapse: collapse; font-size: 13px; min-width: 40%; }
table.data th, table.data td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
table.data th { background: var(--panel); position: sticky; top: 0; }
table.data td.num, table.data th.num { text-align: right; }
table.data tr:target, table.data tr.flash { background: var(--mark); }
table.data th.sortable { cursor: pointer; user-select: none; }
table.data th[aria-sort="ascending"]::after { content: " \25B2"; }
table.data th[aria-sort="descending"]::after { content: " \25BC"; }
a.flag { text-decoration: none; font-size: 11px; margin-right: 4px; }
a.flag.error { color: var(--error); } a.flag.warning { color: var(--warning); } a.flag.info { color: var(--note); }
input.filter { font: inherit; font-size: 12.5px; padding: 2px 6px; margin: 6px 0 0; width: 260px; }
figure.graph { margin: 10px 0; }
figure.graph svg { max-width: 100%; height: auto; }
figure.graph figcaption { color: var(--muted); font-size: 12.5px; }
svg a:hover polygon, svg a:hover ellipse { fill: var(--mark); }
ol.findings { padding-left: 26px; }
ol.findings > li { margin: 8px 0; padding: 6px 10px; border-left: 4px solid var(--line); background: var(--panel); }
ol.findings > li.error { border-left-color: var(--error); }
ol.findings > li.warning { border-left-color: var(--warning); }
ol.findings > li.info { border-left-color: var(--note); }
ol.findings > li:target, ol.findings > li.flash { background: var(--mark); }
.sev { font-weight: 600; text-transform: uppercase; font-size: 11px; letter-spacing: .03em; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--note); }
ol.findings ul { margin: 4px 0 0; padding-left: 18px; color: var(--fg); }
ol.findings .label { color: var(--muted); }
.hidden-by-filter { display: none; }
@media print { details > summary { list-style: none; } .controls, input.filter { display: none; } }
)css";

const std::string_view k_html_script = R"js(
(function () {
  "use strict";
  function openTo(el) {
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
  }
  function flash(el) {
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1600);
  }
  function goTo(hash) {
    if (!hash || hash.length < 2) return;
    var el = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!el) return;
    openTo(el);
    el.scrollIntoView({ block: "center" });
    flash(el);
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a") : null;
    if (!a) return;
    var href = a.getAttribute("href") || a.getAttribute("xlink:href") || "";
    if (href.charAt(0) !== "#") return;
    ev.preventDefault();
    history.replaceState(null, "", href);
    goTo(href);
  });
  window.addEventListener("hashchange", function () { goTo(location.hash); });

  function cellValue(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }
  function sortTable(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var numeric = rows.every(function (r) { var v = cellValue(r, index); return v === "" || v === "-" || !isNaN(Number(v)); });
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = numeric ? (Number(x) || 0) - (Number(y) || 0) : x.localeCompare(y, undefined, { numeric: true });
      return ascending ? order : -order;
    });
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.data"), function (table) {
    var head = table.tHead ? table.tHead.rows[0] : null;
    if (head) {
      Array.prototype.forEach.call(head.cells, function (th, index) {
        th.classList.add("sortable");
        th.title = "Sort by " + th.textContent;
        th.addEventListener("click", function () { sortTable(table, index, th); });
      });
    }
    var body = table.tBodies[0];
    if (!body || body.rows.length < 6) return;
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filter";
    input.placeholder = "Filter " + body.rows.length + " rows";
    input.setAttribute("aria-label", "Filter rows");
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      Array.prototype.forEach.call(body.rows, function (r) {
        r.classList.toggle("hidden-by-filter", needle !== "" && r.textContent.toLowerCase().indexOf(needle) < 0);
      });
    });
    table.parentNode.parentNode.insertBefore(input, table.parentNode);
  });

  var controls = document.querySelector(".controls");
  if (controls) {
    controls.hidden = false;
    controls.querySelector("[data-fold=close]").addEventListener("click", function () {
      Array.prototype.forEach.call(document.querySelectorAll("main details"), function (d) { d.open = false; });
    });
    controls.querySelector("[data-fold=open]").addEventListener("click", function () {
      Array.prototype.forEach.call(document.querySelectorAll("main details"), function (d) { d.open = true; });
    });
    Array.prototype.forEach.call(controls.querySelectorAll("input[data-severity]"), function (box) {
      box.addEventListener("change", function () {
        var severity = box.getAttribute("data-severity");
        Array.prototype.forEach.call(document.querySelectorAll("ol.findings > li." + severity), function (li) {
          li.classList.toggle("hidden-by-filter", !box.checked);
        });
      });
    });
  }
  document.documentElement.setAttribute("data-script", "ready");
  goTo(location.hash);
})();
)js";

}  // namespace mlstack::report
