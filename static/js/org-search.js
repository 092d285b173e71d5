/* Search-as-you-type org pickers (accounts/widgets.py): a <select data-org-search="URL"> that holds only
   the chosen org(s) becomes a search box; typing asks URL?q=… (the user's visible orgs, 20 at a time) and
   a click (or ↑ ↓ Enter) picks one. The select stays in the form, hidden, so the form posts as before.
   Works with <select multiple> too: each pick is added as a removable badge. */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function enhance(select) {
    var url = select.getAttribute("data-org-search");
    var multiple = select.multiple;
    var wrap = el("div", "pb-org-search position-relative");
    var input = el("input", "form-control" + (select.classList.contains("form-select-sm") ? " form-control-sm" : ""));
    var list = el("div", "list-group position-absolute w-100 shadow-sm pb-org-search-list d-none");
    var chips = multiple ? el("div", "d-flex flex-wrap gap-1 mb-1") : null;
    var timer = null;
    var active = -1;
    var seq = 0;

    input.type = "search";
    input.autocomplete = "off";
    input.placeholder = select.getAttribute("data-placeholder") || "";
    input.setAttribute("aria-label", input.placeholder);
    if (select.id) { input.id = select.id + "_search"; }
    select.classList.add("d-none");
    select.parentNode.insertBefore(wrap, select);
    if (chips) { wrap.appendChild(chips); }
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(select);
    // The label pointed at the select: point it at the search box the user actually types in.
    if (select.id) {
      document.querySelectorAll("label[for='" + select.id + "']").forEach(function (label) { label.htmlFor = input.id; });
    }

    function selectedOption() {
      return Array.prototype.find.call(select.options, function (o) { return o.selected && o.value; });
    }

    function showSelection() {
      if (multiple) {
        chips.textContent = "";
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.selected || !option.value) { return; }
          var chip = el("span", "badge text-bg-light border d-inline-flex align-items-center", option.text);
          var remove = el("button", "btn-close btn-close-sm ms-1");
          remove.type = "button";
          remove.setAttribute("aria-label", "×");
          remove.addEventListener("click", function () { option.remove(); showSelection(); });
          chip.appendChild(remove);
          chips.appendChild(chip);
        });
      } else {
        var chosen = selectedOption();
        input.value = chosen ? chosen.text : "";
      }
    }

    function close() { list.classList.add("d-none"); list.textContent = ""; active = -1; }

    function pick(result) {
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === String(result.id); });
      if (!option) {
        option = new Option(result.text, result.id);
        select.appendChild(option);
      }
      if (!multiple) {
        Array.prototype.forEach.call(select.options, function (o) { o.selected = false; });
      }
      option.selected = true;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      showSelection();
      if (multiple) { input.value = ""; }
    }

    function render(data) {
      list.textContent = "";
      active = -1;
      if (!multiple && select.querySelector("option[value='']")) {
        var all = el("button", "list-group-item list-group-item-action small text-muted",
          select.querySelector("option[value='']").text);
        all.type = "button";
        all.addEventListener("click", function () {
          select.value = "";
          select.dispatchEvent(new Event("change", { bubbles: true }));
          close();
          showSelection();
        });
        list.appendChild(all);
      }
      data.results.forEach(function (result) {
        var item = el("button", "list-group-item list-group-item-action py-1");
        item.type = "button";
        item.appendChild(el("div", "", result.text));
        if (result.name && result.name !== result.text) {
          item.appendChild(el("div", "small text-muted", result.name + " · " + result.kind));
        }
        item.addEventListener("click", function () { pick(result); });
        list.appendChild(item);
      });
      if (!data.results.length) {
        list.appendChild(el("div", "list-group-item small text-muted", select.getAttribute("data-empty-text")));
      } else if (data.more) {
        list.appendChild(el("div", "list-group-item small text-muted", select.getAttribute("data-more-text")));
      }
      list.classList.remove("d-none");
    }

    function search() {
      var mine = ++seq;
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + separator + "q=" + encodeURIComponent(input.value.trim()), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : { results: [], more: false };
      }).then(function (data) {
        if (mine === seq) { render(data); }  // an older, slower answer never replaces a newer one
      }).catch(function () { /* offline: keep what is shown */ });
    }

    function move(step) {
      var items = list.querySelectorAll("button");
      if (!items.length) { return; }
      active = (active + step + items.length) % items.length;
      items.forEach(function (item, i) { item.classList.toggle("active", i === active); });
      items[active].scrollIntoView({ block: "nearest" });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("focus", function () { if (!multiple) { input.select(); } search(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { close(); showSelection(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        list.querySelectorAll("button")[active].click();
      }
    });
    document.addEventListener("click", function (event) {
      if (!wrap.contains(event.target)) { close(); showSelection(); }
    });
    showSelection();
  }

  document.querySelectorAll("select[data-org-search]").forEach(enhance);
})();
