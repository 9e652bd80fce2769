/* Draws the network picture with the vendored vis-network. Database text only ever reaches the page as
   canvas labels or plain-string tooltips (vis-network 10 shows a string title with innerText), never as HTML.
   The words it writes come translated from the page (_picture.html: data-text-* on #net). */
(function () {
  "use strict";
  var box = document.getElementById("net");
  var source = document.getElementById("net-data");
  if (!box || !source || typeof vis === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var count = document.getElementById("net-count");
  var msg = document.getElementById("net-msg");
  var lang = document.documentElement.lang || undefined;
  function text(name, fallback) { return box.dataset[name] || fallback; }
  function number(n) { try { return n.toLocaleString(lang); } catch (e) { return String(n); } }
  var options = {
    layout: { improvedLayout: data.nodes.length < 150 },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 250, fit: true },
               forceAtlas2Based: { gravitationalConstant: -60, springLength: 110 } },
    interaction: { hover: true, tooltipDelay: 200, navigationButtons: false, keyboard: false },
    nodes: { font: { size: 12, color: "#1d2430", strokeWidth: 3, strokeColor: "#ffffff" }, borderWidth: 1 },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.45 } }, color: { color: "#b3bcc8", highlight: "#1f4e8c" },
             font: { size: 9, color: "#5b6575", strokeWidth: 3, align: "middle" }, smooth: false, width: 1,
             // A crowded picture hides edge labels until one zooms in; tooltips always name the relationship.
             scaling: { label: { drawThreshold: data.edges.length > 30 ? 8 : 4 } } }
  };
  var network = new vis.Network(box, { nodes: nodes, edges: edges }, options);
  window.evgraphNetwork = { network: network, nodes: nodes, edges: edges };

  function settle() { network.setOptions({ physics: { enabled: false } }); box.dataset.settled = "1"; }
  network.on("stabilizationIterationsDone", settle);
  network.on("stabilized", settle);

  function show() {
    count.textContent = text("textCount", "{nodes} nodes · {edges} relationships")
      .replace("{nodes}", number(nodes.length)).replace("{edges}", number(edges.length));
  }
  show();

  function url(template, uid) { return template.replace("UID", encodeURIComponent(uid)); }

  function expand(id) {
    var node = nodes.get(id);
    if (!node) { return; }
    var hub = node.more_of || id;
    var params = new URLSearchParams(window.location.search);
    params.delete("depth");
    if (node.more_of) { params.set("skip", node.skip); }
    msg.textContent = text("textLoading", "loading…");
    fetch(url(box.dataset.apiBase, hub) + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (more) { merge(more, id, hub); })
      .catch(function () { msg.textContent = text("textFailed", "could not load the neighbours"); });
  }

  function merge(more, clicked, hub) {
    var at = network.getPositions([hub])[hub] || { x: 0, y: 0 };
    if (nodes.get(clicked) && nodes.get(clicked).more_of) { nodes.remove(clicked); }
    var added = more.nodes.filter(function (n) { return !nodes.get(n.id); });
    added.forEach(function (n, i) {
      var a = (2 * Math.PI * i) / Math.max(added.length, 1);
      n.x = at.x + 160 * Math.cos(a); n.y = at.y + 160 * Math.sin(a);
    });
    nodes.add(added);
    edges.update(more.edges.filter(function (e) { return !edges.get(e.id); }));
    msg.textContent = added.length ? "" : text("textNone", "no new neighbours");
    show();
    box.dataset.settled = "";
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(120);
  }

  network.on("click", function (p) { if (p.nodes.length) { expand(p.nodes[0]); } });
  network.on("doubleClick", function (p) {
    if (p.nodes.length && String(p.nodes[0]).indexOf("more:") !== 0) {
      window.location.href = url(box.dataset.entityBase, p.nodes[0]);
    }
  });
})();
