/* Every page: behaviour that used to sit in inline attributes, kept here so the CSP allows no inline script.
   data-autosubmit: a <select> that submits its form on change (language, year pickers).
   data-confirm: a button asks before it acts (destructive actions), its text the question.
   data-width / data-indent / data-height-em: sizes computed on the server, applied through the CSSOM (allowed by the
   policy's style-src 'self', unlike style="" attributes), on the page and on what htmx loads into it.
   ES5 only: secretaries open the portal in WeChat's and other old in-app browsers. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) { field.form.submit(); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  function applySizes(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-height-em]"), function (box) {
      box.style.height = (parseFloat(box.getAttribute("data-height-em")) || 20) + "em";
    });
    Array.prototype.forEach.call(root.querySelectorAll("[data-width]"), function (bar) {
      var percent = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-width")) || 0));
      bar.style.width = percent + "%";
    });
    // On a phone a deep tree would push names off screen: smaller steps, at most four.
    var narrow = window.innerWidth < 768;
    Array.prototype.forEach.call(root.querySelectorAll("[data-indent]"), function (row) {
      var depth = Math.max(0, Math.min(narrow ? 4 : 20, parseInt(row.getAttribute("data-indent"), 10) || 0));
      row.style.marginLeft = depth * (narrow ? 0.75 : 1.25) + "rem";
    });
  }

  applySizes(document);
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) { applySizes(event.target); }
  });
})();
