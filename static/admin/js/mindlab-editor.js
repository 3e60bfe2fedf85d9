/* Admin helpers for the Markdown editor (django-markdownx).
 *
 * 1. Rows added with "Add another" are clones of a template row that markdownx
 *    already marked as initialised, so they get no editor. Clear the mark and load
 *    markdownx's script again: on load it initialises every unmarked editor.
 * 2. When an image upload is refused, show the server's message next to the editor
 *    (instead of the "Invalid response" markdownx writes into the text).
 */
(function () {
  "use strict";

  function markdownxScriptUrl() {
    var scripts = document.querySelectorAll("script[src*='markdownx/js/markdownx']");
    return scripts.length ? scripts[scripts.length - 1].src : null;
  }

  document.addEventListener("formset:added", function (event) {
    var row = event.target;
    var editors = row.querySelectorAll(".markdownx-editor[data-markdownx-init]");
    if (!editors.length) { return; }
    editors.forEach(function (editor) {
      editor.removeAttribute("data-markdownx-init");
      var preview = editor.parentNode.querySelector(".markdownx-preview");
      if (preview) { preview.innerHTML = ""; }
    });
    var src = markdownxScriptUrl();
    if (src) {
      var script = document.createElement("script");
      script.src = src;
      document.body.appendChild(script);
    }
  });

  document.addEventListener("markdownx.fileUploadError", function (event) {
    var container = event.target;
    var detail = event.detail && event.detail[0];
    var message = "The image was not uploaded.";
    try {
      var parsed = typeof detail === "string" ? JSON.parse(detail) : detail;
      if (parsed && parsed.error) { message = parsed.error; }
    } catch (e) { /* keep the generic message */ }
    var note = container.querySelector(".markdownx-upload-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "markdownx-upload-error errornote";
      note.setAttribute("role", "alert");
      container.insertBefore(note, container.firstChild);
    }
    note.textContent = message;
    // markdownx then writes "Invalid response" into the author's text: put the text back.
    var editor = container.querySelector(".markdownx-editor");
    if (editor) {
      var before = editor.value, start = editor.selectionStart, end = editor.selectionEnd;
      window.setTimeout(function () {
        if (editor.value !== before && editor.value.indexOf("Invalid response") !== -1) {
          editor.value = before;
          editor.selectionStart = start;
          editor.selectionEnd = end;
        }
      }, 0);
    }
  }, true);
})();
