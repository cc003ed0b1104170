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

  function setUpUpload() {
    var form = document.getElementById("upload-form");
    if (!form) { return; }
    var input = document.getElementById("plan-file");
    var zone = document.getElementById("dropzone");
    var chosen = document.getElementById("chosen-file");
    var tooLarge = document.getElementById("too-large");
    var button = document.getElementById("review-button");
    var working = document.getElementById("working");
    var announce = document.getElementById("announce");
    var maxBytes = Number(form.getAttribute("data-max-bytes"));

    document.querySelectorAll(".js-only").forEach(function (hint) { hint.hidden = false; });

    function describeChoice() {
      var file = input.files[0];
      chosen.textContent = file ? chosen.getAttribute("data-label") + " " + file.name : "";
      tooLarge.hidden = !(file && file.size > maxBytes);
    }

    function setWorking(busy) {
      button.disabled = busy;
      working.hidden = !busy;
      announce.textContent = busy ? document.getElementById("working-text").textContent.trim() : "";
      if (busy) { form.setAttribute("aria-busy", "true"); } else { form.removeAttribute("aria-busy"); }
    }

    input.addEventListener("change", describeChoice);

    // A file dropped anywhere on the page is chosen, instead of the browser opening it in place of the page.
    ["dragenter", "dragover"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        if (!hasFiles(event)) { return; }
        event.preventDefault();
        zone.classList.add("dragging");
      });
    });
    document.addEventListener("dragleave", function (event) {
      if (event.target === document.documentElement || !event.relatedTarget) { zone.classList.remove("dragging"); }
    });
    document.addEventListener("drop", function (event) {
      if (!hasFiles(event)) { return; }
      event.preventDefault();
      zone.classList.remove("dragging");
      var files = event.dataTransfer.files;
      if (!files.length) { return; }
      var one = new DataTransfer();  // the field takes one plan; keep the first file dropped
      one.items.add(files[0]);
      input.files = one.files;
      describeChoice();
      button.focus();
    });

    form.addEventListener("submit", function (event) {
      var file = input.files[0];
      if (file && file.size > maxBytes) {
        event.preventDefault();
        tooLarge.hidden = false;
        return;
      }
      if (file) { setWorking(true); }
    });
    // Coming back with the Back button shows this page from the browser's memory: make it usable again.
    window.addEventListener("pageshow", function () { setWorking(false); });
  }

  setUpPrint();
  setUpUpload();
}());
