/* Every page: behaviour that used to sit in inline attributes, kept here so the CSP allows no inline script.
   data-autosubmit: a <select> that submits its form on change (language, year pickers).
   data-width / data-indent: sizes computed on the server, applied through the CSSOM (allowed by the
   policy's style-src 'self', unlike style="" attributes). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) { field.form.submit(); }
  });

  document.querySelectorAll("[data-width]").forEach(function (bar) {
    var percent = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-width")) || 0));
    bar.style.width = percent + "%";
  });

  document.querySelectorAll("[data-indent]").forEach(function (row) {
    var depth = Math.max(0, Math.min(20, parseInt(row.getAttribute("data-indent"), 10) || 0));
    row.style.marginLeft = depth * 1.25 + "rem";
  });
})();
