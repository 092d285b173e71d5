/* The record form's evidence pickers (templates/ledger/record_form.html).

   Written for the in-app browsers secretaries use (WeChat, QQ, old Android WebViews): ES5 only, no
   fetch, no promises, and every newer API behind a check with a plain fallback.
   - Each chosen file is checked against the server's rules before anything is sent: type, size per
     file, number of files, total size. A file that breaks a rule is not added and the message names
     it; files chosen before it stay. (Where the browser cannot edit a picker's list, the whole new
     choice is dropped and the message says so.)
   - Photos (JPEG, PNG, WebP) larger than 1600 px on the long side or 1 MB are scaled down in the
     browser and sent as JPEG (a 12 MP phone photo of 4–6 MB becomes about 0.3 MB) when canvas and
     DataTransfer exist; otherwise the original is sent and the server checks it as always.
   - A picker adds to what was chosen before (several camera shots one after another); "清除所选文件"
     empties both pickers.
   - The submit button waits for photos still being scaled and cannot send the form twice. */
(function () {
  "use strict";

  var MAX_SIDE = 1600;
  var QUALITY = 0.85;
  var SCALE_ABOVE_BYTES = 1024 * 1024;
  var SCALABLE = /^image\/(jpeg|png|webp)$/;

  function toArray(list) { return Array.prototype.slice.call(list || []); }

  function sizeText(bytes) {
    var units = [["GB", 1073741824], ["MB", 1048576], ["KB", 1024]];
    for (var i = 0; i < units.length; i++) {
      if (bytes >= units[i][1] || i === units.length - 1) {
        return (bytes / units[i][1]).toFixed(2).replace(/0+$/, "").replace(/\.$/, "") + " " + units[i][0];
      }
    }
    return bytes + " B";
  }

  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function extensionOf(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }

  function jpegName(name) {
    var dot = name.lastIndexOf(".");
    return (dot > 0 ? name.slice(0, dot) : name) + ".jpg";
  }

  var canReplaceFiles = (function () {
    try {
      return typeof window.DataTransfer === "function" && !!new window.DataTransfer().items;
    } catch (error) {
      return false;
    }
  })();

  var canScale = (function () {
    var canvas = document.createElement("canvas");
    return canReplaceFiles && !!(canvas.getContext && canvas.getContext("2d")) && !!window.FileReader;
  })();

  function canvasToJpeg(canvas, done) {
    if (canvas.toBlob) {
      canvas.toBlob(done, "image/jpeg", QUALITY);
      return;
    }
    try {
      var binary = window.atob(canvas.toDataURL("image/jpeg", QUALITY).split(",")[1]);
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
      done(new Blob([bytes], { type: "image/jpeg" }));
    } catch (error) {
      done(null);
    }
  }

  /* Calls done({file, original, thumb}): the scaled JPEG when it is smaller (or when `force`: a photo
     whose name has no extension the server takes, as some phones name camera shots), else the original. */
  function scale(file, force, done) {
    var keep = function (thumb) { done({ file: file, original: null, thumb: thumb || "" }); };
    if (!canScale || !SCALABLE.test(file.type)) { keep(); return; }
    var reader = new FileReader();
    reader.onerror = function () { keep(); };
    reader.onload = function () {
      var image = new Image();
      image.onerror = function () { keep(); };
      image.onload = function () {
        var width = image.naturalWidth || image.width;
        var height = image.naturalHeight || image.height;
        var ratio = Math.min(1, MAX_SIDE / Math.max(width, height, 1));
        var thumb = thumbnail(image, width, height);
        if (ratio === 1 && file.size <= SCALE_ABOVE_BYTES && !force) { keep(thumb); return; }
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(width * ratio));
        canvas.height = Math.max(1, Math.round(height * ratio));
        var context = canvas.getContext("2d");
        context.fillStyle = "#fff"; // transparent PNG areas become white, not black, in a JPEG
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        canvasToJpeg(canvas, function (blob) {
          if (!blob || (blob.size >= file.size && !force)) { keep(thumb); return; }
          var scaled;
          try {
            scaled = new File([blob], jpegName(file.name), { type: "image/jpeg", lastModified: file.lastModified || 0 });
          } catch (error) {
            keep(thumb);
            return;
          }
          done({ file: scaled, original: file, thumb: thumb });
        });
      };
      image.src = reader.result;
    };
    reader.readAsDataURL(file);
  }

  function thumbnail(image, width, height) {
    try {
      var side = 96;
      var canvas = document.createElement("canvas");
      var ratio = side / Math.max(width, height, 1);
      canvas.width = Math.max(1, Math.round(width * ratio));
      canvas.height = Math.max(1, Math.round(height * ratio));
      canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL("image/jpeg", 0.7);
    } catch (error) {
      return "";
    }
  }

  function setup(form) {
    var data = function (name) { return form.getAttribute("data-" + name) || ""; };
    var maxBytes = parseInt(data("max-bytes"), 10) || Infinity;
    var maxFiles = parseInt(data("max-files"), 10) || Infinity;
    var maxTotal = parseInt(data("max-total"), 10) || Infinity;
    var existingFiles = parseInt(data("existing-files"), 10) || 0;
    var allowed = data("allowed").toLowerCase().split(",");
    var inputs = toArray(form.querySelectorAll("input[type=file][data-evidence]"));
    var list = form.querySelector("[data-evidence-list]");
    var errorBox = form.querySelector("[data-evidence-error]");
    var clearButton = form.querySelector("[data-evidence-clear]");
    var status = form.querySelector("[data-evidence-status]");
    var submit = form.querySelector("[data-submit-record]");
    var kept = inputs.map(function () { return []; }); // per picker: [{file, original, thumb}]
    var busy = 0;
    var sendWhenReady = false;
    var sending = false;

    function allChosen() { return kept.reduce(function (all, one) { return all.concat(one); }, []); }

    function setFiles(index) {
      if (!canReplaceFiles) { return; }
      var transfer = new window.DataTransfer();
      kept[index].forEach(function (entry) { transfer.items.add(entry.file); });
      inputs[index].files = transfer.files;
    }

    function showErrors(messages) {
      errorBox.textContent = "";
      messages.forEach(function (message) {
        var line = document.createElement("div");
        line.textContent = message;
        errorBox.appendChild(line);
      });
      errorBox.hidden = messages.length === 0;
    }

    function render() {
      list.textContent = "";
      allChosen().forEach(function (entry) {
        var item = document.createElement("li");
        item.className = "d-flex align-items-center gap-2 mt-1";
        if (entry.thumb) {
          var image = document.createElement("img");
          image.src = entry.thumb;
          image.alt = "";
          image.className = "pb-thumb pb-thumb-xs";
          item.appendChild(image);
        } else {
          var icon = document.createElement("i");
          icon.className = "bi bi-paperclip";
          item.appendChild(icon);
        }
        var text = entry.file.name + "（" + sizeText(entry.file.size);
        if (entry.original) { text += "，" + fill(data("msg-scaled"), { size: sizeText(entry.original.size) }); }
        var label = document.createElement("span");
        label.textContent = text + "）";
        item.appendChild(label);
        list.appendChild(item);
      });
      clearButton.hidden = allChosen().length === 0;
    }

    function hasAllowedName(file) { return allowed.indexOf(extensionOf(file.name)) !== -1; }

    function refuse(file) {
      if (!hasAllowedName(file) && !(canScale && SCALABLE.test(file.type))) {
        return fill(data("msg-type"), { name: file.name });
      }
      if (file.size > maxBytes) {
        return fill(data("msg-size"), { name: file.name, size: sizeText(file.size), limit: sizeText(maxBytes) });
      }
      return "";
    }

    function totals() {
      var chosen = allChosen();
      return {
        count: existingFiles + chosen.length,
        bytes: chosen.reduce(function (sum, entry) { return sum + entry.file.size; }, 0)
      };
    }

    function scaleEach(files, done, results) {
      results = results || [];
      if (!files.length) { done(results); return; }
      // One photo at a time: a phone holds one decoded 12 MP image in memory, not ten.
      scale(files[0], !hasAllowedName(files[0]), function (result) {
        results.push(result);
        scaleEach(files.slice(1), done, results);
      });
    }

    function finished() {
      if (busy > 0) { return; }
      status.textContent = "";
      if (sendWhenReady) {
        sendWhenReady = false;
        send();
      }
    }

    function choose(index) {
      var input = inputs[index];
      var chosen = toArray(input.files);
      var messages = [];
      if (canReplaceFiles) {
        // Chosen files are added to earlier ones; a cancelled dialog (no files) changes nothing.
        var accepted = chosen.filter(function (file) {
          var problem = refuse(file);
          if (problem) { messages.push(problem); }
          return !problem;
        });
        setFiles(index); // until the new files are checked and scaled, the picker holds what it held
        showErrors(messages);
        if (!accepted.length) { render(); return; }
        busy += 1;
        if (!sendWhenReady) { status.textContent = data("msg-scaling"); }
        scaleEach(accepted, function (results) {
          busy -= 1;
          results.forEach(function (result) {
            var now = totals();
            if (now.count + 1 > maxFiles) {
              messages.push(fill(data("msg-count"), { name: result.file.name, limit: maxFiles }));
            } else if (now.bytes + result.file.size > maxTotal) {
              messages.push(fill(data("msg-total"), { name: result.file.name, limit: sizeText(maxTotal) }));
            } else {
              kept[index].push(result);
            }
          });
          setFiles(index);
          showErrors(messages);
          render();
          finished();
        });
        return;
      }
      // Without DataTransfer a picker's list cannot be edited: the new choice is all or nothing.
      kept[index] = chosen.map(function (file) { return { file: file, original: null, thumb: "" }; });
      chosen.forEach(function (file) {
        var problem = refuse(file);
        if (problem) { messages.push(problem); }
      });
      var now = totals();
      if (!messages.length && now.count > maxFiles) {
        messages.push(fill(data("msg-count"), { name: chosen[chosen.length - 1].name, limit: maxFiles }));
      } else if (!messages.length && now.bytes > maxTotal) {
        messages.push(fill(data("msg-total"), { name: chosen[chosen.length - 1].name, limit: sizeText(maxTotal) }));
      }
      if (messages.length) {
        input.value = "";
        kept[index] = [];
        messages.push(data("msg-cleared"));
      }
      showErrors(messages);
      render();
    }

    function send() {
      sending = true;
      submit.disabled = true;
      status.textContent = data("msg-sending");
      form.submit();
    }

    inputs.forEach(function (input, index) {
      input.addEventListener("change", function () { choose(index); });
    });

    clearButton.addEventListener("click", function () {
      inputs.forEach(function (input, index) {
        kept[index] = [];
        input.value = "";
        setFiles(index);
      });
      showErrors([]);
      render();
    });

    form.addEventListener("submit", function (event) {
      if (sending) { event.preventDefault(); return; }
      if (busy > 0) {
        event.preventDefault();
        sendWhenReady = true;
        status.textContent = data("msg-busy");
        return;
      }
      // The browser sends the form itself; just block a second tap on a slow network.
      sending = true;
      window.setTimeout(function () {
        submit.disabled = true;
        status.textContent = data("msg-sending");
      }, 0);
    });

    // Back from the next page (the page cache): the form may be sent again.
    window.addEventListener("pageshow", function () {
      sending = false;
      submit.disabled = false;
      if (busy === 0) { status.textContent = ""; }
    });
  }

  toArray(document.querySelectorAll("form[data-evidence-form]")).forEach(setup);
})();
