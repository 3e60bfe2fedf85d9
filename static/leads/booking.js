/* Strategy-call booking: times in the visitor's own zone, one submission per click (the pages work without this). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function guardDoubleSubmit() {
    var booking = document.querySelector("form.booking-form");
    if (!booking) { return; }
    var button = booking.querySelector("button[type=submit]");
    if (!button) { return; }
    var label = button.textContent;
    booking.addEventListener("submit", function () {
      button.disabled = true;
      button.textContent = "Sending…";
    });
    // Coming back with the Back button restores the page as it was left: usable again.
    window.addEventListener("pageshow", function () {
      button.disabled = false;
      button.textContent = label;
    });
  }
  function init() {
    guardDoubleSubmit();
    var form = document.querySelector("[data-tz-form]");
    if (!form) { return; }
    var select = form.querySelector("[data-tz-select]");
    select.addEventListener("change", function () { form.submit(); });
    if (form.getAttribute("data-tz-detected") === "true") { return; }
    var detected = "";
    try { detected = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    if (!detected || detected === select.value) { return; }
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === detected) {
        select.value = detected;
        form.submit();
        return;
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
