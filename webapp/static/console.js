/* The Cypher console: Ctrl+Enter runs; Table/Network tabs; the network drawn with the vendored vis-network.
   Database text only ever reaches the page as textContent or canvas labels, never as HTML. */
(function () {
  "use strict";
  var form = document.getElementById("console-form");
  if (form) {
    form.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
  }

  function tooltip(text) {
    var div = document.createElement("div");
    div.className = "net-tip";
    div.textContent = text;
    return div;
  }

  function draw() {
    var holder = document.getElementById("network-data");
    var container = document.getElementById("network");
    if (!holder || !container || typeof vis === "undefined") { return; }
    var data = JSON.parse(holder.textContent);
    var hrefs = {};
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      hrefs[n.id] = n.href;
      return { id: n.id, label: n.label, title: tooltip(n.title), shape: n.shape, size: 12,
               color: { background: n.color, border: n.color }, font: { size: 12, color: "#1d2430" } };
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      return { id: e.id, from: e.from, to: e.to, label: e.label, arrows: "to", title: tooltip(e.label),
               font: { size: 9, color: "#5b6575", strokeWidth: 3, align: "middle" }, color: { color: "#9aa4b2" } };
    }));
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, {
      physics: { solver: "forceAtlas2Based", stabilization: { iterations: 250 } },
      interaction: { hover: true, tooltipDelay: 150 }
    });
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
    network.on("doubleClick", function (params) {
      var href = params.nodes.length ? hrefs[params.nodes[0]] : null;
      if (href) { window.location.href = href; }
    });
    container.dataset.ready = "true";
  }

  var drawn = false;
  document.querySelectorAll(".tab").forEach(function (tab) {
    tab.addEventListener("click", function () {
      document.querySelectorAll(".tab").forEach(function (t) { t.classList.toggle("active", t === tab); });
      document.querySelectorAll("[data-pane]").forEach(function (pane) {
        pane.hidden = pane.dataset.pane !== tab.dataset.tab;
      });
      if (tab.dataset.tab === "network" && !drawn) { drawn = true; draw(); }
    });
  });
})();
