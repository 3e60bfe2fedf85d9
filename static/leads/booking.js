/* Strategy-call booking: show times in the visitor's own zone (the page works without this). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  function init() {
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
