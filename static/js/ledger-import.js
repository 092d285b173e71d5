/* Ledger import detail page: poll the progress while the import runs, reload while assignments are written. */
(function () {
  "use strict";

  var pending = document.querySelector("[data-reload-after]");
  if (pending) {
    setTimeout(function () { window.location.reload(); }, parseInt(pending.getAttribute("data-reload-after"), 10) || 3000);
  }

  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = document.getElementById("import-bar");
  var phase = document.getElementById("import-phase");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var pct = Math.round(data.percent || 0);
      bar.style.width = pct + "%";
      bar.textContent = pct + "%";
      box.querySelector(".progress").setAttribute("aria-valuenow", pct);
      if (data.phase) { phase.textContent = data.phase; }
      if (data.finished) { window.location.reload(); } else { setTimeout(poll, 1000); }
    }).catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
