/* Strategy-call booking: improvements on pages that work without this script.
   - the time-zone list can be searched, and follows the browser's zone on first visit;
   - times are shown on the visitor's own 12- or 24-hour clock;
   - an error summary takes focus; message fields count their characters;
   - one submission per click. */
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

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  function countCharacters() {
    var fields = document.querySelectorAll("textarea[data-counter][maxlength]");
    Array.prototype.forEach.call(fields, function (field) {
      var max = parseInt(field.getAttribute("maxlength"), 10);
      var counter = document.createElement("p");
      counter.className = "form-help char-counter";
      counter.id = field.id + "_counter";
      counter.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", counter);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
      function update() {
        var left = max - field.value.length;
        counter.textContent = field.value.length + " of " + max + " characters" + (left < 100 ? " (" + left + " left)" : "");
      }
      field.addEventListener("input", update);
      update();
    });
  }

  function localClock() {
    var page = document.querySelector("[data-tz]");
    if (!page || !window.Intl) { return; }
    var zone = page.getAttribute("data-tz");
    var format;
    try {
      // The browser's own locale decides 12- or 24-hour; the server guessed from Accept-Language.
      format = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: zone });
      var cycle = format.resolvedOptions().hourCycle || "";
      if (cycle === "h23" || cycle === "h24") {  // a 24-hour clock: 09:00, as the server writes it
        format = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
      }
    } catch (e) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("time[data-local-time]"), function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when.getTime())) { el.textContent = format.format(when); }
    });
  }

  function searchableZones(form, select) {
    var input = document.createElement("input");
    input.type = "search";
    input.id = "tz-search";
    input.className = "tz-search";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.setAttribute("for", input.id);
    label.textContent = "Search time zones (city or region)";
    var selectLabel = form.querySelector("label[for='" + select.id + "']");
    form.insertBefore(label, selectLabel);
    form.insertBefore(input, selectLabel);
    var options = Array.prototype.slice.call(select.options);
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase().replace(/\s+/g, " ");
      var first = null;
      options.forEach(function (option) {
        var text = (option.value + " " + option.textContent).toLowerCase().replace(/_/g, " ");
        var match = !query || text.indexOf(query) !== -1;
        option.hidden = !match;
        option.disabled = !match && !option.selected;
        if (match && !first) { first = option; }
      });
      select.size = query ? Math.min(8, Math.max(2, options.filter(function (o) { return !o.hidden; }).length)) : 0;
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var visible = options.filter(function (o) { return !o.hidden; });
        if (visible.length) { select.value = visible[0].value; form.submit(); }
      }
    });
  }

  function zonePicker() {
    var form = document.querySelector("[data-tz-form]");
    if (!form) { return; }
    var select = form.querySelector("[data-tz-select]");
    select.addEventListener("change", function () { form.submit(); });
    searchableZones(form, select);
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

  function init() {
    guardDoubleSubmit();
    focusErrorSummary();
    countCharacters();
    localClock();
    zonePicker();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
