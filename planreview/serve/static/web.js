// Optional helpers for the planreview web page. Without them the page still works: the form posts the
// file, and the browser's own Print command prints the review. Served by the app itself; loads nothing.
(function () {
  "use strict";

  function setUpPrint() {
    document.querySelectorAll("[data-action='print']").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll(".no-js-print").forEach(function (note) { note.hidden = true; });
  }

  function hasFiles(event) {
    return Boolean(event.dataTransfer) && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0;
  }

  // Each upload form (one plan to review, or two to compare) gets the same help: the chosen file's name, a
  // size check before sending, and the progress bar while the server reads. Everything is found inside the
  // form, so the review form keeps its ids and the compare form needs none of its own here.
  function setUpUploadForm(form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type='file']"));
    var tooLarge = form.querySelector(".too-large");
    var button = form.querySelector("button[type='submit']");
    var working = form.querySelector(".working");
    var announce = form.querySelector("[role='status']");
    var maxBytes = Number(form.getAttribute("data-max-bytes"));

    function chosenFiles() {
      return inputs.map(function (input) { return input.files[0]; }).filter(Boolean);
    }

    function anyTooLarge() {
      return chosenFiles().some(function (file) { return file.size > maxBytes; });
    }

    function describeChoice(input) {
      var chosen = input.closest(".dropzone").querySelector(".chosen");
      var file = input.files[0];
      chosen.textContent = file ? chosen.getAttribute("data-label") + " " + file.name : "";
      tooLarge.hidden = !anyTooLarge();
    }

    function setWorking(busy) {
      button.disabled = busy;
      working.hidden = !busy;
      announce.textContent = busy ? working.querySelector("p").textContent.trim() : "";
      if (busy) { form.setAttribute("aria-busy", "true"); } else { form.removeAttribute("aria-busy"); }
    }

    inputs.forEach(function (input) {
      input.addEventListener("change", function () { describeChoice(input); });
    });

    form.addEventListener("submit", function (event) {
      if (anyTooLarge()) {
        event.preventDefault();
        tooLarge.hidden = false;
        return;
      }
      if (chosenFiles().length === inputs.length) { setWorking(true); }
    });
    // Coming back with the Back button shows this page from the browser's memory: make it usable again.
    window.addEventListener("pageshow", function () { setWorking(false); });

    // After a drop, go on to the next field still empty, or else to the button.
    function dropped(input) {
      describeChoice(input);
      var empty = inputs.filter(function (field) { return !field.files.length; });
      (empty.length ? empty[0] : button).focus();
    }

    return dropped;
  }

  function setUpUpload() {
    var forms = document.querySelectorAll("form.upload");
    if (!forms.length) { return; }
    var helpers = [];
    forms.forEach(function (form) { helpers.push({form: form, dropped: setUpUploadForm(form)}); });
    // A file dropped on a box goes to that box's field; dropped anywhere else on the page, to the first box
    // (the one-plan review), instead of the browser opening the file in place of the page.
    var firstZone = document.querySelector("form.upload .dropzone");

    document.querySelectorAll(".js-only").forEach(function (hint) { hint.hidden = false; });

    function zoneOf(event) {
      var target = event.target;
      var zone = target && target.closest ? target.closest(".dropzone") : null;
      return zone || firstZone;
    }

    function clearDragging() {
      document.querySelectorAll(".dropzone.dragging").forEach(function (zone) { zone.classList.remove("dragging"); });
    }

    ["dragenter", "dragover"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (!hasFiles(event)) { return; }
        event.preventDefault();
        var zone = zoneOf(event);
        if (!zone.classList.contains("dragging")) {
          clearDragging();
          zone.classList.add("dragging");
        }
      });
    });
    document.addEventListener("dragleave", function (event) {
      if (event.target === document.documentElement || !event.relatedTarget) { clearDragging(); }
    });
    document.addEventListener("drop", function (event) {
      if (!hasFiles(event)) { return; }
      event.preventDefault();
      clearDragging();
      var files = event.dataTransfer.files;
      if (!files.length) { return; }
      var zone = zoneOf(event);
      var input = zone.querySelector("input[type='file']");
      var one = new DataTransfer();  // each field takes one plan; keep the first file dropped
      one.items.add(files[0]);
      input.files = one.files;
      helpers.forEach(function (entry) {
        if (entry.form.contains(input)) { entry.dropped(input); }
      });
    });
  }

  setUpPrint();
  setUpUpload();
}());
