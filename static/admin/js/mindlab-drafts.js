/* Change forms of pages: autosave as a draft, and warn before leaving unsaved edits.
 *
 * After ~10 s without typing, the whole form (files left out) is sent to the page's
 * autosave address (staff-only, CSRF-protected); the server stores it as a draft
 * revision and answers with its id, which becomes the form's `_base_revision` so the
 * editor's own later save is not taken for a conflict. Leaving the page with edits
 * that are neither saved nor autosaved asks first.
 */
(function () {
  "use strict";

  var controls = document.getElementById("revision-controls");
  if (!controls) { return; }
  var form = controls.closest("form");
  var status = document.getElementById("autosave-status");
  var url = controls.getAttribute("data-autosave-url");
  var timer = null;
  var dirty = false;
  var submitting = false;

  function say(text) { if (status) { status.textContent = text; } }

  function payload() {
    var data = new FormData(form);
    Array.from(form.querySelectorAll("input[type=file]")).forEach(function (input) {
      data.delete(input.name);
    });
    return data;
  }

  function autosave() {
    timer = null;
    if (!dirty || submitting) { return; }
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(url, {
      method: "POST",
      body: payload(),
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok) {
        form.querySelector("input[name=_base_revision]").value = result.body.revision;
        dirty = false;
        say("Draft autosaved at " + result.body.saved_at + " (not live).");
      } else {
        say(result.body.error || "Not autosaved.");
      }
    }).catch(function () {
      say("Not autosaved: the server could not be reached. Your edits are still here.");
    });
  }

  function edited() {
    dirty = true;
    if (timer) { clearTimeout(timer); }
    var delay = parseInt(controls.getAttribute("data-autosave-delay") || "10000", 10);
    timer = setTimeout(autosave, delay);
  }

  // Live word count and reading time under the main text (230 words a minute, as the site).
  var text = document.getElementById("id_body") || document.getElementById("id_intro");
  if (text) {
    var counter = document.createElement("p");
    counter.id = "live-word-count";
    counter.className = "help";
    counter.setAttribute("aria-live", "polite");
    (text.closest(".markdownx") || text).insertAdjacentElement("afterend", counter);
    var count = function () {
      var words = text.value.replace(/[#*_>`|()\[\]~-]+/g, " ").split(/\s+/).filter(Boolean).length;
      var minutes = Math.max(1, Math.round(words / 230));
      counter.textContent = words + (words === 1 ? " word" : " words") + ", about " + minutes + " min read";
    };
    text.addEventListener("input", count);
    count();
  }

  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
