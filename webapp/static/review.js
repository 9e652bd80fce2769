// The review queue's keys: s (same), n (not the same), u (unsure) decide the first pair on the page,
// unless one is typing in a field. The keys are the Latin letters' places, whatever the keyboard layout
// (with a Ukrainian layout the s key types "і").
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var target = e.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
    var form = document.querySelector(".pair.current .judge-form");
    if (!form) return;
    var button = form.querySelector('button[data-key="' + CSS.escape(e.key.toLowerCase()) + '"]');
    if (!button && /^Key[A-Z]$/.test(e.code || "")) {
      button = form.querySelector('button[data-key="' + e.code.slice(3).toLowerCase() + '"]');
    }
    if (button) { e.preventDefault(); button.click(); }
  });
})();
