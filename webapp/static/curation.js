// Search-as-you-type for the "other end" and "sources" pickers of the curation forms
// (webapp/curation.py, /api/lookup). Names come back as JSON and are put into the page as text, never as HTML.
// The words it writes come translated from the page: the picker's data-remove and data-none.
(function () {
  "use strict";
  function debounce(fn, ms) {
    var t = null;
    return function () { var args = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, args); }, ms); };
  }
  function addChosen(picker, hit) {
    var list = picker.querySelector(".chosen");
    var name = picker.dataset.multiple;
    if (list.querySelector('input[value="' + CSS.escape(hit.uid) + '"]')) return;
    var li = document.createElement("li");
    var input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = hit.uid;
    var span = document.createElement("span");
    span.textContent = hit.name;
    var remove = document.createElement("button");
    remove.type = "button"; remove.className = "secondary small remove"; remove.textContent = picker.dataset.remove || "remove";
    li.appendChild(input); li.appendChild(span); li.appendChild(document.createTextNode(" ")); li.appendChild(remove);
    list.appendChild(li);
  }
  function setup(picker) {
    var box = picker.querySelector(".lookup");
    var out = picker.querySelector(".suggestions");
    var single = picker.dataset.single ? picker.querySelector('input[type=hidden][name="' + picker.dataset.single + '"]') : null;
    var labels = picker.dataset.lookup;
    var ask = debounce(function () {
      var q = box.value.trim();
      if (single) single.value = "";
      if (q.length < 2) { out.hidden = true; return; }
      fetch("/api/lookup?labels=" + encodeURIComponent(labels) + "&q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          out.textContent = "";
          (data.hits || []).forEach(function (hit) {
            var li = document.createElement("li");
            var b = document.createElement("button");
            b.type = "button"; b.className = "suggestion";
            b.dataset.uid = hit.uid;
            var strong = document.createElement("strong"); strong.textContent = hit.name;
            var facts = document.createElement("span"); facts.className = "muted small";
            facts.textContent = " " + (hit.kind_words || hit.kind) + (hit.facts.length ? " · " + hit.facts.join(" · ") : "");
            b.appendChild(strong); b.appendChild(facts);
            b.addEventListener("click", function () {
              if (single) { single.value = hit.uid; box.value = hit.name; }
              else { addChosen(picker, hit); box.value = ""; }
              out.hidden = true;
            });
            li.appendChild(b); out.appendChild(li);
          });
          if (!out.children.length) {
            var none = document.createElement("li"); none.className = "muted small";
            none.textContent = picker.dataset.none || "No match. Check the spelling, or create the record first.";
            out.appendChild(none);
          }
          out.hidden = false;
        });
    }, 200);
    box.addEventListener("input", ask);
    // typed before this script ran (a slow page): look it up now
    if (box.value.trim().length >= 2 && !(single && single.value)) ask();
    picker.addEventListener("click", function (e) {
      if (e.target.classList.contains("remove")) e.target.closest("li").remove();
    });
  }
  document.querySelectorAll(".picker").forEach(setup);
})();
