/* Evidence photos: a link marked data-lightbox opens its image over the page (templates/ledger/_lightbox.html)
   instead of leaving it; the photos of one record (the nearest [data-gallery]) are browsed with the
   arrows, the ← → keys or a swipe; Esc, the × or a tap outside closes. Without this script the link
   simply opens the photo. ES5, no library. */
(function () {
  "use strict";

  var box = document.querySelector("[data-lightbox-box]");
  if (!box) { return; }
  var image = box.querySelector("[data-lightbox-image]");
  var caption = box.querySelector("[data-lightbox-caption]");
  var original = box.querySelector("[data-lightbox-original]");
  var closeButton = box.querySelector("[data-lightbox-close]");
  var prevButton = box.querySelector("[data-lightbox-prev]");
  var nextButton = box.querySelector("[data-lightbox-next]");
  var links = [];
  var index = 0;
  var opener = null;
  var touchX = null;

  function show(at) {
    index = (at + links.length) % links.length;
    var link = links[index];
    image.src = link.getAttribute("href");
    image.alt = link.getAttribute("data-caption") || "";
    caption.textContent = (link.getAttribute("data-caption") || "") + (links.length > 1 ? "（" + (index + 1) + "/" + links.length + "）" : "");
    original.setAttribute("href", link.getAttribute("href"));
    prevButton.hidden = nextButton.hidden = links.length < 2;
  }

  function open(link) {
    var gallery = link.closest("[data-gallery]");
    links = Array.prototype.slice.call((gallery || document).querySelectorAll("a[data-lightbox]"));
    opener = link;
    box.hidden = false;
    document.body.classList.add("overflow-hidden");
    show(links.indexOf(link));
    closeButton.focus();
  }

  function close() {
    box.hidden = true;
    image.removeAttribute("src");
    document.body.classList.remove("overflow-hidden");
    if (opener) { opener.focus(); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-lightbox]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    open(link);
  });
  closeButton.addEventListener("click", close);
  prevButton.addEventListener("click", function () { show(index - 1); });
  nextButton.addEventListener("click", function () { show(index + 1); });
  box.addEventListener("click", function (event) {
    if (event.target === box) { close(); }
  });
  document.addEventListener("keydown", function (event) {
    if (box.hidden) { return; }
    if (event.key === "Escape" || event.key === "Esc") { close(); }
    if (event.key === "ArrowLeft" || event.key === "Left") { show(index - 1); }
    if (event.key === "ArrowRight" || event.key === "Right") { show(index + 1); }
  });
  box.addEventListener("touchstart", function (event) {
    touchX = event.touches.length === 1 ? event.touches[0].clientX : null;
  });
  box.addEventListener("touchend", function (event) {
    if (touchX === null || !event.changedTouches.length) { return; }
    var moved = event.changedTouches[0].clientX - touchX;
    touchX = null;
    if (Math.abs(moved) > 50 && links.length > 1) { show(index + (moved < 0 ? 1 : -1)); }
  });
})();
