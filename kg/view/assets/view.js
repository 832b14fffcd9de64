// The samverkan-kg view. Every string from the data reaches the DOM through textContent only.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f77b4", "#aec7e8", "#ffbb78", "#98df8a", "#d62728", "#c5b0d5", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22"];
  var SHAPE_POINTS = {
    square: "2,2 12,2 12,12 2,12", diamond: "7,1 13,7 7,13 1,7", triangle: "7,1 13,13 1,13",
    triangleDown: "1,1 13,1 7,13", star: "7,1 8.8,5.2 13,5.5 9.8,8.4 10.8,13 7,10.6 3.2,13 4.2,8.4 1,5.5 5.2,5.2",
    hexagon: "4,1.5 10,1.5 13,7 10,12.5 4,12.5 1,7"
  };
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function norm(text) { return String(text).normalize("NFC").toLocaleLowerCase("sv"); }
  function swatch(colour, shape) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14");
    var mark;
    if (SHAPE_POINTS[shape]) {
      mark = document.createElementNS(SVG, "polygon");
      mark.setAttribute("points", SHAPE_POINTS[shape]);
    } else {
      mark = document.createElementNS(SVG, "circle");
      mark.setAttribute("cx", "7"); mark.setAttribute("cy", "7"); mark.setAttribute("r", "6");
    }
    mark.setAttribute("fill", colour); mark.setAttribute("stroke", "#444");
    svg.appendChild(mark);
    return svg;
  }

  var styles = {};
  data.classes.forEach(function (c) { styles[c.name] = c; });
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var communityIndex = {};
  (data.communities || []).forEach(function (c, i) { communityIndex[c.id] = i; });
  var outgoing = {}, incoming = {};
  data.edges.forEach(function (e) {
    (outgoing[e.from] = outgoing[e.from] || []).push(e);
    (incoming[e.to] = incoming[e.to] || []).push(e);
  });
  var searchIndex = data.nodes.map(function (n) {
    return {node: n, keys: [n.name].concat(n.aliases).map(norm)};
  });

  var byCommunity = false;
  function communityKey(n) { return n.community === null ? "" : n.community; }
  function colourOf(n) {
    if (!byCommunity) { return styles[n.cls].color; }
    var index = communityIndex[communityKey(n)];
    return index === undefined ? "#d0d0d0" : PALETTE[index % PALETTE.length];
  }
  function visNode(n) {
    var c = colourOf(n);
    return {id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, shape: styles[n.cls].shape,
      color: {background: c, border: "#444444", highlight: {background: c, border: "#000000"},
        hover: {background: c, border: "#000000"}}};
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {id: e.id, from: e.from, to: e.to, label: e.label};
  }));
  var big = data.nodes.length > 400;
  var options = {
    autoResize: true,
    physics: {enabled: false},
    layout: {improvedLayout: false, randomSeed: 1},
    interaction: {hover: true, tooltipDelay: 86400000, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      navigationButtons: false, keyboard: false},
    nodes: {font: {size: 14, face: "sans-serif", multi: false}, borderWidth: 1},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, smooth: false, width: 1,
      font: {size: 10, align: "middle", color: "#555555", strokeWidth: 3, multi: false},
      color: {color: "#a8a8a8", highlight: "#333333", hover: "#333333"}}
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  network.once("afterDrawing", function () {
    window.kgStable = performance.now();
    document.body.setAttribute("data-stable", "true");
  });
  network.fit({animation: false});
  window.network = network;

  // Header: counts and, for a trimmed graph, what was left out.
  var total = data.total;
  document.getElementById("kg-summary").textContent = data.nodes.length + " nodes, " + data.edges.length +
    " relations" + (data.omitted ? " shown (of " + total.nodes + " nodes, " + total.edges + " relations)" : "");
  if (data.omitted) {
    var note = document.getElementById("kg-note");
    note.appendChild(el("span", "Large graph: this view shows the " + data.nodes.length + " most central of " +
      total.nodes + " nodes (the threshold is " + data.omitted.max_nodes + "). Left out: " +
      data.omitted.nodes + " nodes and " + data.omitted.edges + " relations. To see them all, run "));
    note.appendChild(el("code", "kg viz --max-nodes " + total.nodes));
    note.appendChild(el("span", " (or "));
    note.appendChild(el("code", "--max-nodes 0"));
    note.appendChild(el("span", " for no limit)."));
    note.hidden = false;
  }

  // Side panel: labels, class, relations, evidence.
  var panel = document.getElementById("kg-panel");
  function clearPanel() {
    panel.replaceChildren(el("h2", "Selected"), el("p", "Click a node.", "kg-muted"));
  }
  function relationItem(e, outward) {
    var other = byId[outward ? e.to : e.from];
    var li = el("li");
    li.appendChild(el("span", outward ? e.label + " \u2192 " : "\u2190 " + e.label + " "));
    var link = el("button", other.name, "kg-link");
    link.type = "button";
    link.addEventListener("click", function () { selectNode(other.id); });
    li.appendChild(link);
    var when = "";
    if (time) {
      when = !e.years ? ", undated" : ", " + (e.first === e.last ? e.first : e.first + "\u2013" + e.last);
    }
    li.appendChild(el("span", " (" + other.cls + when + ")", "kg-muted"));
    return li;
  }
  function showPanel(id) {
    var n = byId[id];
    if (!n) { clearPanel(); return; }
    var parts = [el("h2", "Selected"), el("div", n.name, "kg-name")];
    var meta = n.cls;
    if (n.community !== null && data.communities) {
      var c = data.communities[communityIndex[n.community]];
      meta += " \u00b7 community " + (c ? c.name : n.community);
    }
    parts.push(el("div", meta, "kg-muted"));
    if (n.aliases.length) {
      parts.push(el("h3", "Also known as"));
      var names = el("ul");
      n.aliases.forEach(function (a) { names.appendChild(el("li", a)); });
      parts.push(names);
    }
    var outs = outgoing[id] || [], ins = incoming[id] || [];
    parts.push(el("h3", "Relations (" + (outs.length + ins.length) + ")"));
    var rels = el("ul", null, "kg-relations-list");
    outs.forEach(function (e) { rels.appendChild(relationItem(e, true)); });
    ins.forEach(function (e) { rels.appendChild(relationItem(e, false)); });
    parts.push(rels);
    var evidence = data.evidence[id] || [];
    parts.push(el("h3", "Evidence (" + evidence.length + ")"));
    if (!evidence.length) { parts.push(el("p", "No quotes recorded.", "kg-muted")); }
    evidence.forEach(function (item) {
      parts.push(el("blockquote", item.quote, "kg-quote"));
      parts.push(el("span", "\u2014 " + item.document + (item.page === null ? "" : ", p. " + item.page), "kg-cite"));
    });
    parts.push(el("p", n.id, "kg-iri"));
    panel.replaceChildren.apply(panel, parts);
  }
  function selectNode(id) {
    if (!byId[id]) { return; }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showPanel(id);
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showPanel(params.nodes[0]); } else { clearPanel(); }
  });

  // Hover: a plain-text tooltip (vis-network's own would render `title` as HTML).
  var tip = document.getElementById("kg-tip");
  network.on("hoverNode", function (params) {
    var n = byId[params.node];
    if (!n) { return; }
    tip.textContent = n.name + " (" + n.cls + ")";
    tip.style.left = (params.pointer.DOM.x + 14) + "px";
    tip.style.top = (params.pointer.DOM.y + 14) + "px";
    tip.hidden = false;
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });

  // Years: the network as observed in the chosen years. An edge is drawn when a year it was observed
  // in falls in the range (undated edges while "Undated" is ticked); a node when such an edge
  // touches it, once the range or the checkbox narrows the view.
  var time = data.time;
  var years = time ? {from: time.first, to: time.last, undated: true} : null;
  function inYears(e) {
    if (!years) { return true; }
    if (!e.years) { return years.undated; }
    for (var i = 0; i < e.years.length; i++) {
      if (e.years[i] >= years.from && e.years[i] <= years.to) { return true; }
    }
    return false;
  }
  function yearsNarrowed() {
    return years !== null && (years.from > time.first || years.to < time.last || !years.undated);
  }

  // Filters: classes (also the legend), relations, communities, years.
  var classOn = {}, relationOn = {}, communityOn = {}, hiddenNow = {}, edgeHiddenNow = {};
  data.nodes.forEach(function (n) { hiddenNow[n.id] = false; });
  data.edges.forEach(function (e) { edgeHiddenNow[e.id] = false; });
  function visible(n) {
    return classOn[n.cls] && (!data.communities || communityOn[communityKey(n)]);
  }
  function applyFilters() {
    var narrowed = yearsNarrowed(), touched = {}, timed = {};
    data.edges.forEach(function (e) {
      if (inYears(e)) { timed[e.id] = true; touched[e.from] = true; touched[e.to] = true; }
    });
    // Only what changes is handed to vis-network: a year step on a large graph changes few items.
    var shownNodes = 0, shownEdges = 0, nodeChanges = [], edgeChanges = [];
    data.nodes.forEach(function (n) {
      var on = visible(n) && (!narrowed || touched[n.id] === true);
      if (on) { shownNodes += 1; }
      if (hiddenNow[n.id] !== !on) { hiddenNow[n.id] = !on; nodeChanges.push({id: n.id, hidden: !on}); }
    });
    data.edges.forEach(function (e) {
      var on = relationOn[e.label] && timed[e.id] === true && visible(byId[e.from]) && visible(byId[e.to]);
      if (on) { shownEdges += 1; }
      if (edgeHiddenNow[e.id] !== !on) { edgeHiddenNow[e.id] = !on; edgeChanges.push({id: e.id, hidden: !on}); }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    if (years) {
      document.getElementById("kg-year-count").textContent = shownNodes + " nodes, " + shownEdges +
        " relations shown, as observed in " + (years.from === years.to ? years.from : years.from + "\u2013" + years.to) +
        (years.undated ? " and undated" : "");
    }
  }
  function filterList(listId, items, state, mark) {
    var list = document.getElementById(listId);
    items.forEach(function (item) {
      state[item.key] = true;
      var li = el("li"), label = el("label"), box = el("input");
      box.type = "checkbox"; box.checked = true; box.value = item.key;
      box.setAttribute("data-filter", listId);
      box.addEventListener("change", function () { state[item.key] = box.checked; applyFilters(); });
      label.appendChild(box);
      if (mark) { label.appendChild(mark(item)); }
      label.appendChild(el("span", item.name));
      label.appendChild(el("span", " (" + item.count + ")", "kg-muted"));
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  filterList("kg-classes", data.classes.filter(function (c) { return c.count > 0; }).map(function (c) {
    return {key: c.name, name: c.name, count: c.count, color: c.color, shape: c.shape};
  }), classOn, function (item) { return swatch(item.color, item.shape); });
  filterList("kg-relations", data.relations.map(function (r) {
    return {key: r.name, name: r.name, count: r.count};
  }), relationOn, null);
  if (data.communities) {
    document.getElementById("kg-communities-section").hidden = false;
    var commItems = data.communities.map(function (c, i) {
      return {key: c.id, name: c.name, count: c.count, color: PALETTE[i % PALETTE.length]};
    });
    if (data.nodes.some(function (n) { return n.community === null; })) {
      commItems.push({key: "", name: "(no community)", count: data.nodes.filter(function (n) {
        return n.community === null; }).length, color: "#d0d0d0"});
    }
    filterList("kg-communities", commItems, communityOn, function (item) { return swatch(item.color, "dot"); });
    document.getElementById("kg-colour-community").addEventListener("change", function (event) {
      byCommunity = event.target.checked;
      nodes.update(data.nodes.map(function (n) { return {id: n.id, color: visNode(n).color}; }));
    });
  }

  var fromInput = document.getElementById("kg-year-from"), toInput = document.getElementById("kg-year-to");
  var undatedBox = document.getElementById("kg-undated"), pending = false;
  function setYears(from, to, undated) {
    if (!years) { return; }
    from = Math.max(time.first, Math.min(time.last, Math.round(Number(from))));
    to = Math.max(time.first, Math.min(time.last, Math.round(Number(to))));
    years.from = Math.min(from, to); years.to = Math.max(from, to);
    if (undated !== undefined) { years.undated = Boolean(undated); }
    fromInput.value = String(years.from); toInput.value = String(years.to); undatedBox.checked = years.undated;
    document.getElementById("kg-year-from-value").textContent = String(years.from);
    document.getElementById("kg-year-to-value").textContent = String(years.to);
    applyFilters();
  }
  function onSlide(event) {
    // The two handles never cross: the one moved pushes the other.
    var from = Number(fromInput.value), to = Number(toInput.value);
    if (from > to) { if (event.target === fromInput) { to = from; } else { from = to; } }
    if (pending) { fromInput.value = String(from); toInput.value = String(to); return; }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      setYears(Number(fromInput.value), Number(toInput.value));
    });
    fromInput.value = String(from); toInput.value = String(to);
  }
  if (years) {
    document.getElementById("kg-time-section").hidden = false;
    [fromInput, toInput].forEach(function (input) {
      input.min = String(time.first); input.max = String(time.last);
      input.addEventListener("input", onSlide);
    });
    document.getElementById("kg-undated-count").textContent = "(" + time.undated + ")";
    undatedBox.addEventListener("change", function () { setYears(years.from, years.to, undatedBox.checked); });
    setYears(time.first, time.last, true);
  }

  // Search by name or alias: case-insensitive substrings, Swedish letters as typed.
  var input = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  function search(text) {
    var q = norm(text).trim();
    if (!q) { return []; }
    var found = [];
    searchIndex.forEach(function (entry) {
      var best = -1;
      entry.keys.forEach(function (key) {
        var at = key.indexOf(q);
        if (at >= 0) { var rank = at === 0 ? (key === q ? 0 : 1) : 2; best = best < 0 ? rank : Math.min(best, rank); }
      });
      if (best >= 0) { found.push({node: entry.node, rank: best}); }
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || b.node.score - a.node.score || (a.node.name < b.node.name ? -1 : 1);
    });
    return found.map(function (f) { return f.node.id; });
  }
  function showResults() {
    var ids = search(input.value).slice(0, 15);
    results.replaceChildren();
    ids.forEach(function (id, i) {
      var n = byId[id], li = el("li", null, i === 0 ? "kg-active" : "");
      li.appendChild(el("span", n.name));
      var extra = n.aliases.filter(function (a) { return norm(a).indexOf(norm(input.value).trim()) >= 0; });
      li.appendChild(el("span", n.cls + (extra.length ? " \u00b7 " + extra.join(", ") : ""), "kg-muted"));
      li.setAttribute("data-id", id);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); pick(id); });
      results.appendChild(li);
    });
    if (!ids.length && input.value.trim()) { results.appendChild(el("li", "No match.", "kg-muted")); }
    results.hidden = !input.value.trim();
  }
  function pick(id) { results.hidden = true; selectNode(id); }
  input.addEventListener("input", showResults);
  input.addEventListener("focus", showResults);
  input.addEventListener("blur", function () { results.hidden = true; });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var ids = search(input.value);
      if (ids.length) { pick(ids[0]); }
    } else if (event.key === "Escape") { results.hidden = true; }
  });

  // Buttons: fit, save as PNG (white background, drawn from the canvas; nothing leaves the page).
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({animation: false}); });
  document.getElementById("kg-png").addEventListener("click", function () {
    var source = container.querySelector("canvas");
    var canvas = document.createElement("canvas");
    canvas.width = source.width; canvas.height = source.height;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    var link = document.createElement("a");
    link.href = canvas.toDataURL("image/png");
    link.download = "samverkan-graph.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  window.kgView = {
    search: search,
    select: selectNode,
    showPanel: showPanel,
    nodes: nodes,
    edges: edges,
    data: data,
    setYears: setYears,
    visibleEdgeIds: function () {
      return edges.get({filter: function (e) { return !e.hidden; }}).map(function (e) { return e.id; });
    },
    visibleNodeIds: function () {
      return nodes.get({filter: function (n) { return !n.hidden; }}).map(function (n) { return n.id; });
    }
  };
})();
