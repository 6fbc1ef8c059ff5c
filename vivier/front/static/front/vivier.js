/* Vivier's small enhancements. Every page works without them; no inline script anywhere (CSP). */
(function () {
  "use strict";

  function modal() {
    var el = document.getElementById("modal");
    return el && window.bootstrap ? window.bootstrap.Modal.getOrCreateInstance(el) : null;
  }

  // A form that htmx loaded into the dialog: show the dialog and focus the first field.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "modal-content") {
      var m = modal();
      if (m) { m.show(); }
      var first = event.detail.target.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { setTimeout(function () { first.focus(); }, 200); }
    }
  });

  document.addEventListener("hidden.bs.modal", function (event) {
    if (event.target.id === "modal") {
      document.getElementById("modal-content").innerHTML = "";
    }
  });

  // Actions that cannot be undone ask first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // Decline form: ticking a first reason makes it the main one; choosing a main reason ticks it;
  // unticking the main reason moves "main" to the only other ticked reason, if there is exactly one.
  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.closest && input.closest(".decline-form");
    if (!form) { return; }
    var boxes = Array.prototype.slice.call(form.querySelectorAll(".reason-box"));
    var primary = function (code) { return form.querySelector("#primary-" + code); };
    var ticked = boxes.filter(function (b) { return b.checked; });
    var current = form.querySelector(".reason-primary:checked");
    if (input.classList.contains("reason-box")) {
      if (input.checked && !current) {
        primary(input.value).checked = true;
      } else if (!input.checked && current && current.value === input.value) {
        current.checked = false;
        if (ticked.length === 1) { primary(ticked[0].value).checked = true; }
      }
    } else if (input.classList.contains("reason-primary") && input.checked) {
      var box = form.querySelector("#reason-" + input.value);
      if (box) { box.checked = true; }
    }
  });

  // Copy buttons (the LinkedIn connection message): the text stays selectable without JavaScript.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".copy-button");
    if (!button) { return; }
    var source = document.getElementById(button.dataset.copyTarget);
    if (!source) { return; }
    var done = function () {
      var label = button.textContent;
      button.textContent = button.dataset.copied || label;
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(source.value || source.textContent).then(done);
    } else {
      source.select();
      document.execCommand("copy");
      done();
    }
  });
})();
