/* Assessment run page: poll the run's JSON status while it computes, then reload to show the ranking. */
(function () {
  "use strict";

  var box = document.getElementById("run-progress");
  if (!box || box.hasAttribute("data-finished")) { return; }
  var bar = box.querySelector(".progress-bar");
  var label = box.querySelector("[data-run-state]");
  var chunks = box.querySelector("[data-run-chunks]");
  function show(data) {
    var pct = Math.max(0, Math.min(100, Math.round(data.percent || 0)));
    bar.style.width = pct + "%";
    bar.textContent = pct + "%";
    box.querySelector(".progress").setAttribute("aria-valuenow", pct);
    if (label && data.state_label) { label.textContent = data.state_label; }
    if (chunks) { chunks.textContent = data.chunks_done + " / " + data.chunks_total; }
    return data.finished;
  }
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (show(data)) { window.location.reload(); } else { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 4000); });
  }
  poll();
})();
