/* Where a reader came from, carried to the booking page without cookies.
 *
 * On the first page of a visit, remember (for this tab only, in sessionStorage) the
 * UTM tags of the address and the external site that sent the reader. When they
 * follow a "Book a Strategy Call" link, add those to the link so the booking page
 * can store them with the request. Nothing is sent anywhere unless they book.
 * Without JavaScript the booking page still records the page they came from.
 */
(function () {
  "use strict";
  var KEY = "mindlab.firstTouch";
  var UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

  function read() {
    try { return JSON.parse(window.sessionStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }

  function remember() {
    if (read()) { return; }
    var params = new URLSearchParams(window.location.search);
    var touch = {};
    UTM.forEach(function (name) {
      var value = params.get(name);
      if (value) { touch[name] = value.slice(0, 100); }
    });
    if (document.referrer) {
      try {
        var origin = new URL(document.referrer).origin;
        if (origin !== window.location.origin) { touch.ref = document.referrer.slice(0, 500); }
      } catch (e) { /* not a URL: ignore */ }
    }
    try { window.sessionStorage.setItem(KEY, JSON.stringify(touch)); } catch (e) { /* storage off */ }
  }

  function decorate(event) {
    var link = event.target.closest && event.target.closest("a[href*='/strategy-call/']");
    var touch = read();
    if (!link || !touch) { return; }
    var url = new URL(link.href, window.location.href);
    Object.keys(touch).forEach(function (name) {
      if (!url.searchParams.has(name)) { url.searchParams.set(name, touch[name]); }
    });
    link.href = url.toString();
  }

  remember();
  document.addEventListener("click", decorate, true);
  document.addEventListener("keydown", function (event) { if (event.key === "Enter") { decorate(event); } }, true);
})();
