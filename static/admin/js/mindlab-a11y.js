/* Names for the admin's autocomplete fields (select2), which hide the labelled <select>.
 *
 * select2 labels its combobox with the text of the current choice only (nothing when
 * empty) and leaves its search fields unnamed. Here the combobox is labelled by the
 * field's own <label> plus the current choice, and every search field is named after
 * the field it searches. New widgets (inline rows added, dropdowns opened) are named as
 * they appear.
 */
(function () {
  "use strict";

  function fieldLabel(select) {
    var label = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
    if (label && !label.id) { label.id = select.id + "_label"; }
    return label;
  }

  function labelText(select) {
    var label = fieldLabel(select);
    return label ? label.textContent.replace(/:\s*$/, "").trim() : (select.name || "Choose");
  }

  function nameWidgets() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) { return; }
      var label = fieldLabel(select);
      var text = labelText(select);
      container.querySelectorAll("[role=combobox]").forEach(function (box) {
        var rendered = box.querySelector(".select2-selection__rendered");
        if (label && rendered && rendered.id) {
          box.setAttribute("aria-labelledby", label.id + " " + rendered.id);
        } else if (!box.getAttribute("aria-label")) {
          box.setAttribute("aria-label", text);
        }
      });
      container.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (el) {
        el.setAttribute("aria-label", text);
      });
      container.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (el) {
        el.setAttribute("aria-label", text + ": type to search");
      });
    });
    // An open dropdown's search field names the list it controls: select2-<select id>-results.
    document.querySelectorAll(".select2-dropdown .select2-search__field:not([aria-label])").forEach(function (el) {
      var controls = el.getAttribute("aria-controls") || "";
      var match = /^select2-(.+)-results$/.exec(controls);
      var select = match ? document.getElementById(match[1]) : null;
      el.setAttribute("aria-label", (select ? labelText(select) : "Choices") + ": type to search");
    });
  }

  var pending = false;
  function soon() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; nameWidgets(); });
  }

  function start() {
    nameWidgets();
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { window.setTimeout(start, 0); });
  } else {
    start();
  }
})();
