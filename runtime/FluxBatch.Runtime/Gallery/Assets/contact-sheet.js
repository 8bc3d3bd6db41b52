// Draws the contact sheet (or the compare page) from the JSON in #sheet-data: the grid, the lightbox, the charts,
// the picks. Every value reaches the page through textContent, setAttribute or a property, never through innerHTML,
// so a prompt or value cannot become markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sheet-data").textContent);
  var axes = data.axes;
  var compare = data.mode === "compare";
  var rowSelect = document.getElementById("row-axis");
  var columnSelect = document.getElementById("col-axis");
  var filterBox = document.getElementById("filters");
  var sheet = document.getElementById("sheet");
  var lightbox = document.getElementById("lightbox");
  var lightboxContent = document.getElementById("lightbox-content");
  var SVG = "http://www.w3.org/2000/svg";
  var NONE = "";
  var filters = {};
  var layout = { cells: {}, rowAxis: -1, columnAxis: -1, others: [] };
  var current = null; // the item the lightbox shows

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function axisIndex(name) {
    for (var i = 0; i < axes.length; i++) if (axes[i].name === name) return i;
    return -1;
  }

  function seconds(value) { return value === null || value === undefined ? "" : value.toFixed(value < 10 ? 2 : 1) + " s"; }
  function money(value) { return "$" + value.toFixed(value !== 0 && value < 0.1 ? 4 : 2); }
  function costText(side) { return side.cost === null ? "~" + money(side.est) + " est." : money(side.cost); }

  // ---- picks: stars kept in localStorage under the run's key, exported as YAML for the next manifest ----
  var storageKey = "fluxbatch:picks:" + data.key;
  var picks = loadPicks();

  function loadPicks() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || "[]");
      return Array.isArray(saved) ? saved.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (e) {
      return []; // storage off (private mode): picks last as long as the page
    }
  }

  function savePicks() {
    try { window.localStorage.setItem(storageKey, JSON.stringify(picks)); } catch (e) { /* see loadPicks */ }
  }

  function isPicked(item) { return picks.indexOf(item.id) >= 0; }

  function togglePick(item) {
    var at = picks.indexOf(item.id);
    if (at >= 0) picks.splice(at, 1); else picks.push(item.id);
    savePicks();
    var stars = document.querySelectorAll(".star");
    for (var i = 0; i < stars.length; i++) {
      var on = picks.indexOf(stars[i].getAttribute("data-id")) >= 0;
      stars[i].setAttribute("aria-pressed", on ? "true" : "false");
      stars[i].textContent = on ? "\u2605" : "\u2606";
    }
    showPicks();
  }

  function pickedItems() {
    return data.items.filter(isPicked).sort(function (x, y) { return picks.indexOf(x.id) - picks.indexOf(y.id); });
  }

  // A YAML scalar: request fields keep their numbers and booleans bare, everything else is a double-quoted string
  // (JSON's escapes are YAML's), so a value with ':' '#' or quotes reads back as the same text.
  function scalar(text, manifestKey) {
    if (manifestKey === "request" && /^(-?\d+(\.\d+)?|true|false)$/.test(text)) return text;
    return JSON.stringify(text);
  }

  function valuesOf(item, kinds) {
    var out = [];
    axes.forEach(function (axis, a) {
      var value = axis.values[item.v[a]];
      if (kinds.indexOf(axis.manifest) >= 0 && value !== "(unset)") out.push([axis.name, scalar(value, axis.manifest)]);
    });
    return out;
  }

  function picksYaml() {
    var chosen = pickedItems();
    if (chosen.length === 0) return "";
    var lines = ["# " + chosen.length + " pick" + (chosen.length === 1 ? "" : "s") + " from " + data.runs.join(" vs ") + " (exported from its contact sheet).",
      "# `defaults` makes the first pick the next manifest's setting; `sweep.include` runs exactly these cells."];
    var defaults = valuesOf(chosen[0], ["request"]);
    if (defaults.length > 0) {
      lines.push("defaults:");
      defaults.forEach(function (p) { lines.push("  " + p[0] + ": " + p[1]); });
    }
    var seeds = [];
    chosen.forEach(function (item) { if (item.seed !== null && seeds.indexOf(item.seed) < 0) seeds.push(item.seed); });
    if (seeds.length > 1)
      lines.push("# the picks have different seeds (" + seeds.join(", ") + "): `seed` runs one of them in every cell; this keeps the first.");
    if (seeds.length > 0) lines.push("seed: " + seeds[0]);
    lines.push("sweep:", "  include:");
    chosen.forEach(function (item) {
      var entry = valuesOf(item, ["request", "var"]).map(function (p) { return p[0] + ": " + p[1]; });
      lines.push("    - { " + entry.join(", ") + " }" + (item.seed !== null ? "  # seed " + item.seed : ""));
    });
    return lines.join("\n") + "\n";
  }

  function showPicks() {
    var count = picks.filter(function (id) { return data.items.some(function (i) { return i.id === id; }); }).length;
    document.getElementById("pick-count").textContent = count + " pick" + (count === 1 ? "" : "s");
    document.getElementById("export-picks").disabled = count === 0;
    var box = document.getElementById("picks-box");
    box.hidden = count === 0;
    document.getElementById("picks-yaml").textContent = picksYaml();
  }

  function exportPicks() {
    var yaml = picksYaml();
    if (!yaml) return;
    var link = el("a");
    link.href = URL.createObjectURL(new Blob([yaml], { type: "application/yaml" }));
    link.download = "picks.yaml";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  // ---- the grid ----
  function fillAxisSelect(select, chosen) {
    // defaultSelected too, so the choice is also in the markup (a saved or dumped page keeps it).
    var wanted = axisIndex(chosen) >= 0 ? chosen : NONE;
    select.appendChild(new Option("(none)", NONE, wanted === NONE, wanted === NONE));
    axes.forEach(function (axis) { select.appendChild(new Option(axis.name, axis.name, axis.name === wanted, axis.name === wanted)); });
  }

  function tooltip(item, side) {
    var lines = item.params.map(function (p) { return p[0] + " = " + p[1]; });
    if (item.seed !== null) lines.push("seed = " + item.seed);
    lines.push("status = " + side.label);
    if (side.reason) lines.push("reason = " + side.reason);
    if (side.scores) lines.push("text fidelity = " + scoreText(side.scores.text) + " (" + side.scores.status + ")", "sharpness = " + side.scores.sharp, "colourfulness = " + side.scores.colour);
    lines.push("job = " + side.id);
    return lines.join("\n");
  }

  function sideView(item, side, run) {
    var box = el("div", compare ? "side" : "");
    if (!side) {
      box.className += " missing";
      box.appendChild(el("div", "placeholder", "not in run " + run));
      return box;
    }
    if (compare) box.setAttribute("data-run", run);
    box.setAttribute("data-status", side.status);
    box.title = tooltip(item, side);
    if (side.status === "done") {
      var open = el("button", "thumb");
      open.type = "button";
      var img = el("img");
      img.loading = "lazy";
      img.src = side.image;
      img.alt = item.params.map(function (p) { return p[0] + "=" + p[1]; }).join(", ");
      open.appendChild(img);
      open.addEventListener("click", function () { openLightbox(item); });
      box.appendChild(open);
    } else {
      var placeholder = el("button", "placeholder");
      placeholder.type = "button";
      placeholder.appendChild(el("span", "status-label", side.label));
      if (side.reason) placeholder.appendChild(el("span", "reason", side.reason));
      placeholder.addEventListener("click", function () { openLightbox(item); });
      box.appendChild(placeholder);
    }
    var facts = el("div", "facts");
    if (compare) facts.appendChild(el("span", "run-name", run));
    if (side.gen !== null) facts.appendChild(el("span", "gen", seconds(side.gen)));
    if (side.status === "done" || side.cost !== null) facts.appendChild(el("span", "cost", costText(side)));
    box.appendChild(facts);
    if (side.scores) box.appendChild(scoreFacts(side.scores));
    if (side.status === "done") {
      var links = el("div", "links");
      var full = el("a", "image-link", "image");
      full.href = side.image;
      links.appendChild(full);
      var sidecar = el("a", "sidecar-link", "json");
      sidecar.href = side.sidecar;
      links.appendChild(sidecar);
      box.appendChild(links);
    }
    return box;
  }

  function itemView(item) {
    var first = item.sides[0] || item.sides[1];
    var box = el("div", compare ? "job pair" : (first.status === "done" ? "job" : "job empty"));
    box.setAttribute("data-index", String(item.index));
    box.setAttribute("data-id", item.id);
    if (!compare) {
      box.setAttribute("data-status", first.status);
      box.title = tooltip(item, first);
    }
    var top = el("div", "cell-head");
    top.appendChild(el("span", "seed", item.seed !== null ? "seed " + item.seed : "no seed"));
    var star = el("button", "star", isPicked(item) ? "\u2605" : "\u2606");
    star.type = "button";
    star.setAttribute("data-id", item.id);
    star.setAttribute("aria-pressed", isPicked(item) ? "true" : "false");
    star.setAttribute("aria-label", "pick");
    star.addEventListener("click", function () { togglePick(item); });
    top.appendChild(star);
    box.appendChild(top);
    if (compare) {
      var both = el("div", "sides");
      both.appendChild(sideView(item, item.sides[0], "A"));
      both.appendChild(sideView(item, item.sides[1], "B"));
      box.appendChild(both);
    } else {
      var only = sideView(item, first, "");
      while (only.firstChild) box.appendChild(only.firstChild);
    }
    return box;
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

  function passesFilters(item, others) { return passesScoreFilter(item) && passesAxisFilters(item, others); }

  function passesAxisFilters(item, others) {
    return others.every(function (a) {
      var wanted = filters[axes[a].name];
      return !wanted || wanted === "all" || item.v[a] === Number(wanted);
    });
  }

  function position(item) {
    return {
      section: layout.others.map(function (a) { return item.v[a]; }).join(","),
      r: layout.rowAxis >= 0 ? item.v[layout.rowAxis] : 0,
      c: layout.columnAxis >= 0 ? item.v[layout.columnAxis] : 0,
    };
  }

  function renderSection(key, items, rowAxis, columnAxis, others) {
    var section = el("section", "sheet-section");
    var label = others.map(function (a, i) { return axes[a].name + " = " + axes[a].values[key[i]]; }).join(" \u00b7 ");
    section.setAttribute("data-section", label);
    if (label) section.appendChild(el("h2", "section-label", label));
    var rowValues = rowAxis >= 0 ? axes[rowAxis].values : [""];
    var columnValues = columnAxis >= 0 ? axes[columnAxis].values : [""];
    var sectionId = key.join(",");

    var table = el("table", "grid");
    var thead = el("thead");
    // The axes by name: the columns' above their values, the rows' above theirs.
    if (columnAxis >= 0) {
      var names = el("tr");
      names.appendChild(el("th", "corner"));
      var columnName = el("th", "col-axis", axes[columnAxis].name + " \u2192");
      columnName.colSpan = columnValues.length;
      names.appendChild(columnName);
      thead.appendChild(names);
    }
    var head = el("tr");
    head.appendChild(el("th", "row-axis", rowAxis >= 0 ? axes[rowAxis].name + " \u2193" : ""));
    columnValues.forEach(function (value) {
      var th = el("th", "col-label", columnAxis >= 0 ? value : "");
      th.setAttribute("scope", "col");
      head.appendChild(th);
    });
    thead.appendChild(head);
    table.appendChild(thead);

    var body = el("tbody");
    rowValues.forEach(function (rowValue, r) {
      var tr = el("tr");
      var th = el("th", "row-label", rowAxis >= 0 ? rowValue : "");
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      columnValues.forEach(function (_, c) {
        var here = layout.cells[sectionId + "|" + r + "|" + c];
        var td = el("td", here ? "cell" : "cell absent");
        if (here) here.forEach(function (item) { td.appendChild(itemView(item)); });
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
    layout = { cells: {}, rowAxis: rowAxis, columnAxis: columnAxis, others: others };

    var groups = {};
    var keys = [];
    data.items.forEach(function (item) {
      if (!passesFilters(item, others)) return;
      var key = others.map(function (o) { return item.v[o]; });
      var id = key.join(",");
      if (!groups[id]) { groups[id] = { key: key, items: [] }; keys.push(id); }
      groups[id].items.push(item);
      var at = position(item);
      var cell = at.section + "|" + at.r + "|" + at.c;
      (layout.cells[cell] = layout.cells[cell] || []).push(item);
    });
    keys.sort(function (x, y) { return compareKeys(groups[x].key, groups[y].key); });

    sheet.textContent = "";
    if (sortBy()) sheet.appendChild(renderRanked(keys.reduce(function (all, id) { return all.concat(groups[id].items); }, [])));
    else keys.forEach(function (id) {
      sheet.appendChild(renderSection(groups[id].key, groups[id].items, rowAxis, columnAxis, others));
    });
    if (!compare) renderHeatmap(rowAxis, columnAxis, others);
    if (current && !passesFilters(current, others)) closeLightbox();
    else if (current) openLightbox(current);
    document.body.setAttribute("data-rendered", "true");
  }

  // ---- the lightbox: the full image(s), the prompt, every parameter; arrows move along the grid ----
  function factsTable(item, side) {
    var table = el("table", "params");
    function row(name, value) {
      var tr = el("tr");
      tr.appendChild(el("th", null, name));
      tr.appendChild(el("td", null, value));
      table.appendChild(tr);
    }
    item.params.forEach(function (p) { row(p[0], p[1]); });
    row("seed", item.seed !== null ? item.seed : "none");
    if (side) {
      // The request's fields, except those the parameters above already gave (a swept steps is both).
      side.request.forEach(function (p) {
        if (!item.params.some(function (q) { return q[0] === p[0]; })) row(p[0], p[1]);
      });
      row("status", side.label + (side.reason ? ": " + side.reason : ""));
      row("generation time", side.gen !== null ? seconds(side.gen) : "unknown");
      row("cost", side.cost !== null ? money(side.cost) : "not reported");
      row("estimate", money(side.est));
      if (side.task) row("task id", side.task);
      row("job id", side.id);
    }
    return table;
  }

  function openLightbox(item) {
    current = item;
    lightboxContent.textContent = "";
    lightbox.setAttribute("data-index", String(item.index));
    lightbox.setAttribute("data-id", item.id);
    var title = el("h2", "lightbox-title", item.params.filter(function (p) {
      return axisIndex(p[0]) >= 0;
    }).map(function (p) { return p[0] + " " + p[1]; }).concat(item.seed !== null ? ["seed " + item.seed] : []).join(" \u00b7 "));
    lightboxContent.appendChild(title);
    var sides = el("div", "lightbox-sides");
    item.sides.forEach(function (side, s) {
      var column = el("div", "lightbox-side");
      if (compare) column.appendChild(el("h3", null, (s === 0 ? "A: " : "B: ") + data.runs[s]));
      if (side && side.status === "done") {
        var img = el("img", "lightbox-image");
        img.src = side.image;
        img.alt = title.textContent;
        column.appendChild(img);
      } else {
        column.appendChild(el("div", "placeholder", side ? side.label : "not in this run"));
      }
      if (side) {
        column.appendChild(el("p", "prompt", side.prompt));
        column.appendChild(factsTable(item, side));
      }
      sides.appendChild(column);
    });
    lightboxContent.appendChild(sides);
    lightbox.hidden = false;
    document.getElementById("lightbox-close").focus();
  }

  function closeLightbox() {
    current = null;
    lightbox.hidden = true;
    lightbox.removeAttribute("data-index");
    if (pendingReload) location.reload();
  }

  // The next item along the rows (dr) or columns (dc) in the same section, skipping combinations the sweep lacks.
  function neighbour(item, dr, dc) {
    var at = position(item);
    var rows = layout.rowAxis >= 0 ? axes[layout.rowAxis].values.length : 1;
    var columns = layout.columnAxis >= 0 ? axes[layout.columnAxis].values.length : 1;
    var r = at.r + dr, c = at.c + dc;
    while (r >= 0 && r < rows && c >= 0 && c < columns) {
      var here = layout.cells[at.section + "|" + r + "|" + c];
      if (here && here.length) return here[0];
      r += dr; c += dc;
    }
    return null;
  }

  document.addEventListener("keydown", function (event) {
    if (!current) return;
    var moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    if (event.key === "Escape") { closeLightbox(); event.preventDefault(); return; }
    var move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    var next = neighbour(current, move[0], move[1]);
    if (next) openLightbox(next);
  });
  document.getElementById("lightbox-close").addEventListener("click", closeLightbox);
  lightbox.addEventListener("click", function (event) { if (event.target === lightbox) closeLightbox(); });

  // ---- scores (docs/scoring.md): on each cell, a heat map over the chosen axes, sort, filter, best per column ----
  var sortSelect = document.getElementById("sort-by");
  var minTextInput = document.getElementById("min-text");

  function scoreText(value) { return value === null || value === undefined ? "\u2013" : value.toFixed(2); }

  function hasScores() { return data.items.some(function (item) { return item.sides[0] && item.sides[0].scores; }); }

  function scoreFacts(scores) {
    var box = el("div", "scores");
    var text = el("span", "text-score", "text " + scoreText(scores.text));
    text.setAttribute("data-value", scores.text === null ? "" : String(scores.text));
    if (scores.text === null) text.title = scores.status.replace(/_/g, " ");
    else if (scores.worst !== null && scores.worst !== scores.text) text.title = "worst string " + scoreText(scores.worst);
    box.appendChild(text);
    box.appendChild(el("span", "sharp-score", "sharp " + Math.round(scores.sharp)));
    box.appendChild(el("span", "colour-score", "colour " + Math.round(scores.colour)));
    return box;
  }

  // The value an item is ranked by: its (first run's) score, or null when it has none.
  function scoreOf(item, measure) {
    var side = item.sides[0];
    if (!side || !side.scores) return null;
    var value = side.scores[measure];
    return value === null || value === undefined ? null : value;
  }

  function sortBy() { return sortSelect && !compare ? sortSelect.value : ""; }

  function minText() {
    var value = minTextInput ? parseFloat(minTextInput.value) : NaN;
    return isNaN(value) ? 0 : value;
  }

  function passesScoreFilter(item) {
    var floor = minText();
    if (floor <= 0 || compare) return true;
    var text = scoreOf(item, "text");
    return text !== null && text >= floor;
  }

  // Sorted: one flat list, best first; images without the score last, in plan order.
  function renderRanked(items) {
    var measure = sortBy();
    var names = { text: "text fidelity", sharp: "sharpness", colour: "colourfulness" };
    var ranked = items.slice().sort(function (x, y) {
      var a = scoreOf(x, measure), b = scoreOf(y, measure);
      if (a === null || b === null) return a === null && b === null ? x.index - y.index : (a === null ? 1 : -1);
      return b - a || x.index - y.index;
    });
    var section = el("section", "sheet-section ranked");
    section.setAttribute("data-section", "ranked by " + names[measure]);
    section.appendChild(el("h2", "section-label", "ranked by " + names[measure] + ", best first"));
    var list = el("ol", "ranked-list");
    ranked.forEach(function (item) {
      var entry = el("li");
      entry.appendChild(el("span", "rank-values", item.params.filter(function (p) {
        return axes.some(function (a) { return a.name === p[0]; });
      }).map(function (p) { return p[0] + " " + p[1]; }).join(" \u00b7 ")));
      entry.appendChild(itemView(item));
      list.appendChild(entry);
    });
    section.appendChild(list);
    return section;
  }

  // Mean text fidelity per (row value, column value) over the images shown (seeds and the other axes pooled),
  // with their spread (min to max): the sweep's answer at a glance.
  function renderHeatmap(rowAxis, columnAxis, others) {
    var box = document.getElementById("heatmap");
    if (!box) return;
    box.textContent = "";
    if (!hasScores()) { box.hidden = true; return; }
    var rowValues = rowAxis >= 0 ? axes[rowAxis].values : [""];
    var columnValues = columnAxis >= 0 ? axes[columnAxis].values : [""];
    var cells = {};
    data.items.forEach(function (item) {
      var text = scoreOf(item, "text");
      if (text === null || !passesAxisFilters(item, others)) return;
      var key = (rowAxis >= 0 ? item.v[rowAxis] : 0) + "|" + (columnAxis >= 0 ? item.v[columnAxis] : 0);
      (cells[key] = cells[key] || []).push(text);
    });
    var title = "mean text fidelity" + (rowAxis >= 0 ? " by " + axes[rowAxis].name : "") +
      (columnAxis >= 0 ? (rowAxis >= 0 ? " \u00d7 " : " by ") + axes[columnAxis].name : "") + " (min\u2013max over seeds and other axes)";
    box.appendChild(el("h2", null, "Text fidelity"));
    var cw = 86, ch = 44, left = 90, top = 34;
    var width = left + cw * columnValues.length + 8, height = top + ch * rowValues.length + 8;
    var figure = el("figure", "chart heatmap");
    var map = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img" });
    label(map, left - 6, 14, rowAxis >= 0 ? axes[rowAxis].name + " \u2193" : "", "end");
    label(map, left + cw * columnValues.length / 2, 14, columnAxis >= 0 ? axes[columnAxis].name + " \u2192" : "");
    columnValues.forEach(function (value, c) { label(map, left + cw * (c + 0.5), top - 6, value); });
    rowValues.forEach(function (value, r) {
      label(map, left - 6, top + ch * (r + 0.5) + 4, value, "end");
      columnValues.forEach(function (_, c) {
        var values = cells[r + "|" + c];
        var x = left + cw * c, y = top + ch * r;
        if (!values) {
          map.appendChild(svg("rect", { x: x + 1, y: y + 1, width: cw - 2, height: ch - 2, "class": "heat-empty" }));
          return;
        }
        var mean = values.reduce(function (sum, v) { return sum + v; }, 0) / values.length;
        var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
        var rect = svg("rect", {
          x: x + 1, y: y + 1, width: cw - 2, height: ch - 2, "class": "heat-cell", fill: heatColour(mean),
          "data-row": rowValues[r], "data-col": columnValues[c], "data-mean": mean.toFixed(4), "data-min": low, "data-max": high, "data-count": values.length,
        });
        var tip = svg("title", {});
        tip.textContent = "mean " + mean.toFixed(3) + ", " + low.toFixed(2) + " to " + high.toFixed(2) + " (" + values.length + " images)";
        rect.appendChild(tip);
        map.appendChild(rect);
        var dark = mean > 0.55;
        var meanText = svg("text", { x: x + cw / 2, y: y + 20, "text-anchor": "middle", "class": "heat-mean" + (dark ? " on-dark" : "") });
        meanText.textContent = mean.toFixed(2);
        map.appendChild(meanText);
        var spread = svg("text", { x: x + cw / 2, y: y + 35, "text-anchor": "middle", "class": "heat-spread" + (dark ? " on-dark" : "") });
        spread.textContent = low.toFixed(2) + "\u2013" + high.toFixed(2);
        map.appendChild(spread);
      });
    });
    figure.appendChild(map);
    figure.appendChild(el("figcaption", null, title));
    box.appendChild(figure);
    box.hidden = false;
  }

  // 0 pale, 1 deep green: lightness falls from 96% to 28%.
  function heatColour(mean) {
    var v = Math.max(0, Math.min(1, mean));
    return "hsl(140, 45%, " + (96 - 68 * v).toFixed(1) + "%)";
  }

  // "Best per column": for each section and column of the grid as shown, pick the image with the highest text
  // fidelity (sharpness breaks ties); earlier picks are kept.
  function pickBestPerColumn() {
    var best = {};
    Object.keys(layout.cells).forEach(function (cell) {
      var parts = cell.split("|");
      var column = parts[0] + "|" + parts[2];
      layout.cells[cell].forEach(function (item) {
        var text = scoreOf(item, "text");
        if (text === null) return;
        var sharp = scoreOf(item, "sharp") || 0;
        var held = best[column];
        if (!held || text > held.text || (text === held.text && sharp > held.sharp)) best[column] = { item: item, text: text, sharp: sharp };
      });
    });
    Object.keys(best).forEach(function (column) { if (!isPicked(best[column].item)) togglePick(best[column].item); });
  }

  function wireScoreControls() {
    var controls = document.getElementById("score-controls");
    if (!controls) return;
    controls.hidden = compare || !hasScores();
    if (controls.hidden) return;
    sortSelect.addEventListener("change", render);
    minTextInput.addEventListener("input", render);
    document.getElementById("pick-best").addEventListener("click", pickBestPerColumn);
  }

  // ---- charts (the sheet): time and cost by each axis's values (median and range), and spend over the run ----
  function svg(tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, String(attributes[name])); });
    return node;
  }

  function median(values) {
    var sorted = values.slice().sort(function (x, y) { return x - y; });
    var mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  var W = 320, H = 170, L = 52, R = 12, T = 12, B = 40;

  function frame(title, measure, axisName) {
    var figure = el("figure", "chart");
    figure.setAttribute("data-measure", measure);
    if (axisName !== undefined) figure.setAttribute("data-axis", axisName);
    var box = svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img" });
    box.appendChild(svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, "class": "axis-line" }));
    box.appendChild(svg("line", { x1: L, y1: T, x2: L, y2: H - B, "class": "axis-line" }));
    figure.appendChild(box);
    figure.appendChild(el("figcaption", null, title));
    return { figure: figure, svg: box };
  }

  function label(box, x, y, text, anchor) {
    var node = svg("text", { x: x, y: y, "text-anchor": anchor || "middle", "class": "tick" });
    node.textContent = text;
    box.appendChild(node);
  }

  function yScale(box, max, format) {
    var top = max > 0 ? max : 1;
    label(box, L - 4, T + 4, format(top), "end");
    label(box, L - 4, H - B + 4, format(0), "end");
    return function (value) { return H - B - (value / top) * (H - B - T); };
  }

  // One point per axis value with data: the median as a dot, the range (min to max) as a line through it.
  function byAxisChart(axis, a, measure, valueOf, format) {
    var groups = axis.values.map(function () { return []; });
    doneSides().forEach(function (pair) {
      var value = valueOf(pair.side);
      if (value !== null && value !== undefined) groups[pair.item.v[a]].push(value);
    });
    var chart = frame(({ time: "generation time", cost: "cost", text: "text fidelity" })[measure] + " by " + axis.name + " (median, range)", measure, axis.name);
    var max = 0;
    groups.forEach(function (g) { g.forEach(function (v) { if (v > max) max = v; }); });
    var y = yScale(chart.svg, max, format);
    var step = (W - L - R) / axis.values.length;
    axis.values.forEach(function (value, i) {
      var x = L + step * (i + 0.5);
      label(chart.svg, x, H - B + 14, value.length > 10 ? value.slice(0, 9) + "\u2026" : value);
      var g = groups[i];
      if (g.length === 0) return;
      var low = Math.min.apply(null, g), high = Math.max.apply(null, g), mid = median(g);
      chart.svg.appendChild(svg("line", { x1: x, x2: x, y1: y(low), y2: y(high), "class": "range" }));
      var dot = svg("circle", { cx: x, cy: y(mid), r: 4, "class": "median", "data-value": value, "data-median": mid, "data-count": g.length });
      var tip = svg("title", {});
      tip.textContent = axis.name + " " + value + ": median " + format(mid) + ", " + format(low) + " to " + format(high) + " (" + g.length + " jobs)";
      dot.appendChild(tip);
      chart.svg.appendChild(dot);
    });
    return chart.figure;
  }

  // Cumulative spend against seconds since the run's first submit: one point per job that cost something.
  function spendChart() {
    var spent = [];
    data.items.forEach(function (item) {
      var side = item.sides[0];
      if (side && side.charged > 0 && side.submitted !== null) spent.push(side);
    });
    spent.sort(function (x, y) { return x.submitted - y.submitted; });
    var chart = frame("spend over the run's time (each dot a job; from its submit)", "spend");
    if (spent.length === 0) return chart.figure;
    var start = spent[0].submitted;
    var end = spent[spent.length - 1].submitted;
    var total = spent.reduce(function (sum, s) { return sum + s.charged; }, 0);
    var span = Math.max(end - start, 1);
    var y = yScale(chart.svg, total, money);
    label(chart.svg, L, H - B + 14, "0 s");
    label(chart.svg, W - R, H - B + 14, ((end - start) / 1000).toFixed(1) + " s", "end");
    var sum = 0, points = [];
    spent.forEach(function (side) {
      sum += side.charged;
      var x = L + ((side.submitted - start) / span) * (W - L - R);
      points.push(x.toFixed(1) + "," + y(sum).toFixed(1));
      chart.svg.appendChild(svg("circle", { cx: x, cy: y(sum), r: 2.5, "class": "spend", "data-job": side.id }));
    });
    chart.svg.insertBefore(svg("polyline", { points: points.join(" "), "class": "spend-line" }), chart.svg.firstChild.nextSibling);
    return chart.figure;
  }

  function doneSides() {
    var out = [];
    data.items.forEach(function (item) {
      var side = item.sides[0];
      if (side && side.status === "done") out.push({ item: item, side: side });
    });
    return out;
  }

  function renderCharts() {
    var box = document.getElementById("charts");
    box.textContent = "";
    box.appendChild(el("h2", null, "Time and money"));
    var grid = el("div", "chart-grid");
    axes.forEach(function (axis, a) {
      grid.appendChild(byAxisChart(axis, a, "time", function (s) { return s.gen; }, function (v) { return v.toFixed(1) + " s"; }));
      grid.appendChild(byAxisChart(axis, a, "cost", function (s) { return s.charged; }, money));
    });
    grid.appendChild(spendChart());
    box.appendChild(grid);
    if (hasScores()) {
      box.appendChild(el("h2", null, "Text fidelity"));
      var text = el("div", "chart-grid");
      axes.forEach(function (axis, a) {
        text.appendChild(byAxisChart(axis, a, "text", function (s) { return s.scores ? s.scores.text : null; }, function (v) { return v.toFixed(2); }));
      });
      box.appendChild(text);
    }
    box.hidden = false;
  }

  // ---- the compare page's table: time and cost per cell for both runs ----
  function renderCompareTable() {
    var box = document.getElementById("compare");
    box.textContent = "";
    box.appendChild(el("h2", null, "Time and cost per cell"));
    var table = el("table", "compare-table");
    var head = el("tr");
    axes.map(function (a) { return a.name; }).concat(["seed", "A time", "A cost", "B time", "B cost"])
      .forEach(function (name) { head.appendChild(el("th", null, name)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    data.items.forEach(function (item) {
      var tr = el("tr");
      tr.setAttribute("data-id", item.id);
      axes.forEach(function (axis, a) { tr.appendChild(el("td", null, axis.values[item.v[a]])); });
      tr.appendChild(el("td", null, item.seed !== null ? item.seed : ""));
      item.sides.forEach(function (side, s) {
        tr.appendChild(el("td", "time " + (s === 0 ? "a" : "b"), side ? (side.gen !== null ? seconds(side.gen) : side.label) : "\u2014"));
        tr.appendChild(el("td", "cost " + (s === 0 ? "a" : "b"), side ? (side.status === "done" || side.cost !== null ? costText(side) : "") : "\u2014"));
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    box.hidden = false;
  }

  // ---- live: while the run is going the page reloads itself (not while the lightbox is open) ----
  var pendingReload = false;
  if (typeof data.refresh === "number" && data.refresh > 0) {
    document.body.setAttribute("data-live", "true");
    window.setTimeout(function () {
      if (current) pendingReload = true; else location.reload();
    }, data.refresh * 1000);
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
  document.getElementById("export-picks").addEventListener("click", exportPicks);
  wireScoreControls();
  if (compare) renderCompareTable(); else renderCharts();
  render();
  showPicks();
})();
