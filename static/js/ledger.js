/* Ledger pages: confirmation before returning a record, select-all, filterable multi-selects, copy. */
(function () {
  "use strict";

  // data-confirm buttons are asked on every page by partybuild.js.

  // Returning a record sends the secretary back to work: ask before doing it.
  document.querySelectorAll("[data-review-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var choice = form.querySelector("input[name=decision]:checked");
      var button = form.querySelector("[data-confirm-return]");
      if (choice && choice.value === "return" && button && !window.confirm(button.getAttribute("data-confirm-return"))) {
        event.preventDefault();
      }
    });
  });

  document.querySelectorAll("[data-select-all]").forEach(function (master) {
    var name = master.getAttribute("data-select-all");
    master.addEventListener("change", function () {
      master.closest("form").querySelectorAll("input[name='" + name + "']").forEach(function (box) {
        box.checked = master.checked;
      });
    });
  });

  document.querySelectorAll("[data-filter-select]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-filter-select"));
    if (!select) { return; }
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        // Selected options stay visible so a filter never hides what will be saved.
        option.hidden = needle !== "" && !option.selected && option.text.toLowerCase().indexOf(needle) === -1;
      });
    });
  });

  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.getAttribute("data-copy-target"));
      area.select();
      var done = function () { button.textContent = button.getAttribute("data-copied-text"); };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(area.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
