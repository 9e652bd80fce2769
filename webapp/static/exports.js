// The exports page (webapp/exports.py): each export still running is polled as JSON once a second, and its
// progress bar, count and state are updated; when it is done, its one download link appears. The words
// come translated in the JSON (state_words, count_words) and are put into the page as text, never as HTML.
(function () {
  "use strict";
  var ACTIVE = { queued: true, running: true };

  function update(box, job) {
    var bar = box.querySelector("progress");
    if (job.total) { bar.max = job.total; bar.value = job.done; } else { bar.removeAttribute("value"); }
    if (job.state === "done") { bar.max = 1; bar.value = 1; }
    bar.textContent = job.percent + "%";
    box.querySelector(".job-state").textContent = job.state_words;
    box.querySelector(".job-count").textContent = job.count_words;
    var message = box.querySelector(".job-message");
    message.textContent = job.message || "";
    message.classList.toggle("error-note", job.state === "failed");
    box.dataset.state = job.state;
    var download = box.querySelector(".job-download");
    if (job.download) {
      download.querySelector("a").href = job.download;
      download.hidden = false;
    } else {
      download.hidden = true;
    }
  }

  function poll(box) {
    fetch(box.dataset.poll, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (r.status >= 400 && r.status < 500) { return null; }   // gone, or no longer allowed: stop
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.json();
      })
      .then(function (job) {
        if (!job) { return; }
        update(box, job);
        if (ACTIVE[job.state]) { window.setTimeout(function () { poll(box); }, 1000); }
      })
      .catch(function () { window.setTimeout(function () { poll(box); }, 5000); });
  }

  document.querySelectorAll(".job[data-poll]").forEach(function (box) {
    if (ACTIVE[box.dataset.state]) { poll(box); }
    // a download link works once: afterwards the job is gone
    var link = box.querySelector(".job-download a");
    link.addEventListener("click", function () {
      window.setTimeout(function () { box.querySelector(".job-download").hidden = true; }, 500);
    });
  });
}());
