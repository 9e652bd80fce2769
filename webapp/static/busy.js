// Long form posts (checking or importing a large register) say they are working, and cannot be sent twice.
document.querySelectorAll("form[data-busy]").forEach(function (form) {
  form.addEventListener("submit", function () {
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    var note = document.createElement("p");
    note.className = "busy-note";
    note.setAttribute("role", "status");
    note.textContent = form.getAttribute("data-busy");
    form.appendChild(note);
  });
});
