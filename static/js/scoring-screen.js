/* The session screen (projector): every few seconds ask the progress endpoint who has scored whom and
   tick the grid; when the round is closed, load the page again to show the results. No inline script
   (CSP): the endpoint's URL is on the element (data-progress-url). */
(function () {
  "use strict";
  var screen = document.querySelector("[data-scoring-screen]");
  if (!screen) { return; }
  var url = screen.getAttribute("data-progress-url");
  var state = screen.getAttribute("data-state");
  var INTERVAL = 3000;

  function setText(selector, value) {
    var node = screen.querySelector(selector);
    if (node) { node.textContent = String(value); }
  }

  function apply(progress) {
    if (progress.state !== state) {
      window.location.reload();
      return;
    }
    progress.raters.forEach(function (rater) {
      var scored = {};
      rater.scored.forEach(function (id) { scored[id] = true; });
      progress.subjects.forEach(function (subject) {
        var cell = screen.querySelector('[data-cell="' + rater.id + "-" + subject.id + '"]');
        if (!cell) { return; }
        var done = scored[subject.id] === true;
        cell.classList.toggle("pb-scored", done);
        cell.textContent = done ? "✓" : "";
      });
    });
    progress.subjects.forEach(function (subject) {
      setText('[data-subject-count="' + subject.id + '"]', subject.scored);
    });
    setText("[data-raters-done]", progress.raters_done);
    setText("[data-score-count]", progress.scores);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) { if (progress) { apply(progress); } })
      .catch(function () { /* a dropped request: the next poll tries again */ })
      .then(function () { if (state !== "closed") { window.setTimeout(poll, INTERVAL); } });
  }

  if (state !== "closed") { window.setTimeout(poll, INTERVAL); }
})();
