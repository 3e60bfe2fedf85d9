/* The search result preview on hub and article change forms.
 *
 * The server renders the preview (so it is there without JavaScript, for the values
 * the form opened with); this script moves it beside the SEO fields and keeps it and
 * its two counters up to date while typing, with the page's own fallbacks: the SEO
 * title falls back to the title, the description to the summary, cut at the limit
 * with "…" as Django's truncatechars does.
 */
(function () {
  "use strict";

  var box = document.getElementById("seo-preview");
  if (!box) { return; }
  var data = box.dataset;
  var seoTitle = document.getElementById("id_seo_title");
  var seoDescription = document.getElementById("id_seo_description");
  var title = document.getElementById(data.titleField);
  var description = document.getElementById(data.descriptionField);
  var slug = document.getElementById("id_slug");
  var titleLimit = parseInt(data.titleLimit, 10);
  var descriptionLimit = parseInt(data.descriptionLimit, 10);

  // Beside the SEO fields (inside their fieldset), not below the whole form.
  var row = seoDescription && seoDescription.closest(".form-row");
  if (row) { row.insertAdjacentElement("afterend", box); }

  function value(input) { return input ? input.value.trim() : ""; }

  function truncate(text, limit) {
    var chars = Array.from(text);
    return chars.length > limit ? chars.slice(0, limit - 1).join("") + "…" : text;
  }

  function count(element, label, fallbackLabel, text, fromFallback, limit, overText) {
    var length = Array.from(text).length;
    var over = length - limit;
    element.textContent = label + (fromFallback ? " (from the " + fallbackLabel + ")" : "") + ": " +
      length + " of " + limit + " characters" + (over > 0 ? ", " + over + " over: " + overText : "") + ".";
    element.classList.toggle("seo-count--over", over > 0);
  }

  function update() {
    var ownTitle = value(seoTitle);
    var shownTitle = ownTitle || value(title);
    var ownDescription = value(seoDescription);
    var shownDescription = ownDescription || value(description);
    var address = data.urlPrefix + (value(slug) ? value(slug) + data.urlSuffix : "");
    document.getElementById("seo-preview-url").textContent = address;
    document.getElementById("seo-preview-title").textContent =
      shownTitle ? shownTitle + " · " + data.siteName : data.siteName;
    document.getElementById("seo-preview-description").textContent = shownDescription
      ? truncate(shownDescription, descriptionLimit)
      : "No description yet: add a summary or an SEO description.";
    count(document.getElementById("seo-title-count"), "SEO title", "title", shownTitle, !ownTitle,
      titleLimit, "search engines cut it off");
    count(document.getElementById("seo-description-count"), "SEO description", "summary", shownDescription,
      !ownDescription, descriptionLimit, "the page cuts it at " + descriptionLimit);
  }

  [[seoTitle, "seo-title-count"], [seoDescription, "seo-description-count"]].forEach(function (pair) {
    if (pair[0]) {
      var described = pair[0].getAttribute("aria-describedby");
      pair[0].setAttribute("aria-describedby", (described ? described + " " : "") + pair[1]);
    }
  });
  [seoTitle, seoDescription, title, description, slug].forEach(function (input) {
    if (input) { input.addEventListener("input", update); }
  });
  update();
})();
