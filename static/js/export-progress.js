/* Background export page: poll the job's progress, then offer the download (or show why it failed). */
(function () {
  "use strict";

  var box = document.getElementById("export-progress");
  if (!box || box.hasAttribute("data-finished")) { return; }
  var bar = document.getElementById("export-bar");
  var rows = document.getElementById("export-rows");
  var state = box.querySelector("[data-export-state]");
  function show(data) {
    var pct = Math.max(0, Math.min(100, Math.round(data.percent || 0)));
    bar.style.width = pct + "%";
    bar.textContent = pct + "%";
    box.querySelector(".progress").setAttribute("aria-valuenow", pct);
    rows.textContent = rows.textContent.replace(/\d+\s*\/\s*\d+/, data.rows_done + " / " + data.rows_total);
    if (state && data.state_label) { state.textContent = data.state_label; }
    if (!data.finished) { return false; }
    bar.classList.remove("progress-bar-striped", "progress-bar-animated");
    if (data.state === "done") {
      document.getElementById("export-download").setAttribute("href", data.download_url);
      document.getElementById("export-done").classList.remove("d-none");
      state.className = "badge text-bg-success";
    } else {
      var error = document.getElementById("export-error");
      error.textContent = data.error;
      error.classList.remove("d-none");
      state.className = "badge text-bg-danger";
    }
    return true;
  }
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (!show(data)) { setTimeout(poll, 1500); } })
      .catch(function () { setTimeout(poll, 4000); });
  }
  poll();
})();
