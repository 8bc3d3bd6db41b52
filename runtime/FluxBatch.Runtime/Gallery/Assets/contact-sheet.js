// Renders the contact sheet from the JSON in #sheet-data. Every value reaches the page through textContent,
// setAttribute or a property, never through innerHTML, so a prompt or value cannot become markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sheet-data").textContent);
  var axes = data.axes;
  var rowSelect = document.getElementById("row-axis");
  var columnSelect = document.getElementById("col-axis");
  var filterBox = document.getElementById("filters");
  var sheet = document.getElementById("sheet");
  var NONE = "";
  var filters = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function axisIndex(name) {
    for (var i = 0; i < axes.length; i++) if (axes[i].name === name) return i;
    return -1;
  }

  function fillAxisSelect(select, chosen) {
    // defaultSelected too, so the choice is also in the markup (a saved or dumped page keeps it).
    var wanted = axisIndex(chosen) >= 0 ? chosen : NONE;
    select.appendChild(new Option("(none)", NONE, wanted === NONE, wanted === NONE));
    axes.forEach(function (axis) { select.appendChild(new Option(axis.name, axis.name, axis.name === wanted, axis.name === wanted)); });
  }

  function tooltip(job) {
    var lines = job.params.concat(job.details).map(function (p) { return p[0] + " = " + p[1]; });
    lines.push("status = " + job.label);
    if (job.reason) lines.push("reason = " + job.reason);
    lines.push("job = " + job.id);
    return lines.join("\n");
  }

  function jobView(job) {
    var box = el("div", job.status === "done" ? "job" : "job empty");
    box.setAttribute("data-status", job.status);
    box.setAttribute("data-index", String(job.index));
    box.title = tooltip(job);
    if (job.status === "done") {
      var imageLink = el("a");
      imageLink.href = job.image;
      var img = el("img");
      img.loading = "lazy";
      img.src = job.image;
      img.alt = job.params.map(function (p) { return p[0] + "=" + p[1]; }).join(", ");
      imageLink.appendChild(img);
      box.appendChild(imageLink);
    } else {
      var placeholder = el("div", "placeholder");
      placeholder.appendChild(el("span", "status-label", job.label));
      if (job.reason) placeholder.appendChild(el("span", "reason", job.reason));
      box.appendChild(placeholder);
    }
    if (job.status === "done") {
      var links = el("div", "links");
      var full = el("a", "image-link", "image");
      full.href = job.image;
      links.appendChild(full);
      var sidecar = el("a", "sidecar-link", "json");
      sidecar.href = job.sidecar;
      links.appendChild(sidecar);
      box.appendChild(links);
    }
    return box;
  }

  // Section key: the job's value on each axis that is neither rows nor columns, in axis order.
  function sectionOf(job, others) {
    return others.map(function (a) { return job.v[a]; });
  }

  function compareKeys(a, b) {
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  }

  function renderFilters(others) {
    filterBox.textContent = "";
    others.forEach(function (a) {
      var axis = axes[a];
      var label = el("label", "filter-label", axis.name + " ");
      var select = el("select", "filter");
      select.setAttribute("data-axis", axis.name);
      select.appendChild(new Option("all", "all"));
      axis.values.forEach(function (value, i) { select.appendChild(new Option(value, String(i))); });
      select.value = filters[axis.name] || "all";
      select.addEventListener("change", function () { filters[axis.name] = select.value; render(); });
      label.appendChild(select);
      filterBox.appendChild(label);
    });
  }

  function passesFilters(job, others) {
    return others.every(function (a) {
      var wanted = filters[axes[a].name];
      return !wanted || wanted === "all" || job.v[a] === Number(wanted);
    });
  }

  function renderSection(key, jobs, rowAxis, columnAxis, others) {
    var section = el("section", "sheet-section");
    var label = others.map(function (a, i) { return axes[a].name + " = " + axes[a].values[key[i]]; }).join(" · ");
    section.setAttribute("data-section", label);
    if (label) section.appendChild(el("h2", "section-label", label));
    var rowValues = rowAxis >= 0 ? axes[rowAxis].values : [""];
    var columnValues = columnAxis >= 0 ? axes[columnAxis].values : [""];
    var cells = {};
    jobs.forEach(function (job) {
      var k = (rowAxis >= 0 ? job.v[rowAxis] : 0) + ":" + (columnAxis >= 0 ? job.v[columnAxis] : 0);
      (cells[k] = cells[k] || []).push(job);
    });

    var table = el("table", "grid");
    var head = el("tr");
    var corner = el("th", "corner",
      (rowAxis >= 0 ? axes[rowAxis].name : "") + (rowAxis >= 0 && columnAxis >= 0 ? " \u2193 / " : "") + (columnAxis >= 0 ? axes[columnAxis].name + " \u2192" : ""));
    head.appendChild(corner);
    columnValues.forEach(function (value) {
      var th = el("th", "col-label", columnAxis >= 0 ? value : "");
      th.setAttribute("scope", "col");
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);

    var body = el("tbody");
    rowValues.forEach(function (rowValue, r) {
      var tr = el("tr");
      var th = el("th", "row-label", rowAxis >= 0 ? rowValue : "");
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      columnValues.forEach(function (_, c) {
        var here = cells[r + ":" + c];
        var td = el("td", here ? "cell" : "cell absent");
        if (here) here.forEach(function (job) { td.appendChild(jobView(job)); });
        else td.textContent = "\u2014"; // no job has this combination (excluded, or not in the sweep)
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    section.appendChild(table);
    return section;
  }

  function render() {
    var rowAxis = axisIndex(rowSelect.value);
    var columnAxis = axisIndex(columnSelect.value);
    if (columnAxis === rowAxis) columnAxis = -1;
    var others = [];
    for (var a = 0; a < axes.length; a++) if (a !== rowAxis && a !== columnAxis) others.push(a);
    renderFilters(others);

    var groups = {};
    var keys = [];
    data.jobs.forEach(function (job) {
      if (!passesFilters(job, others)) return;
      var key = sectionOf(job, others);
      var id = key.join(",");
      if (!groups[id]) { groups[id] = { key: key, jobs: [] }; keys.push(id); }
      groups[id].jobs.push(job);
    });
    keys.sort(function (x, y) { return compareKeys(groups[x].key, groups[y].key); });

    sheet.textContent = "";
    keys.forEach(function (id) {
      sheet.appendChild(renderSection(groups[id].key, groups[id].jobs, rowAxis, columnAxis, others));
    });
    document.body.setAttribute("data-rendered", "true");
  }

  // The chosen axes live in the address (#rows=seed&columns=guidance), so a view can be bookmarked or shared.
  function fromHash() {
    var chosen = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2) chosen[decodeURIComponent(parts[0])] = decodeURIComponent(parts[1]);
    });
    return chosen;
  }

  function toHash() {
    var hash = "#rows=" + encodeURIComponent(rowSelect.value) + "&columns=" + encodeURIComponent(columnSelect.value);
    if (history.replaceState) history.replaceState(null, "", hash);
  }

  function onAxisChange() { toHash(); render(); }

  var chosen = fromHash();
  fillAxisSelect(rowSelect, "rows" in chosen ? chosen.rows : data.rows);
  fillAxisSelect(columnSelect, "columns" in chosen ? chosen.columns : data.columns);
  rowSelect.addEventListener("change", onAxisChange);
  columnSelect.addEventListener("change", onAxisChange);
  render();
})();
