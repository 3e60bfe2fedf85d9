/* Admin helpers for the Markdown editor (django-markdownx).
 *
 * 1. Rows added with "Add another" are clones of a template row that markdownx
 *    already marked as initialised, so they get no editor. Clear the mark and load
 *    markdownx's script again: on load it initialises every unmarked editor.
 * 2. When an image upload is refused, show the server's message next to the editor
 *    (instead of the "Invalid response" markdownx writes into the text).
 * 3. The "Upload an image…" button under each editor (keyboard and touch users cannot
 *    drop files): it opens the file chooser, sends the file to markdownx's upload
 *    address (staff-only, CSRF-protected, verified by the server) and inserts
 *    `![Describe this image](address)` at the cursor with the placeholder selected,
 *    so typing the description replaces it.
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

  function showUploadButtons(root) {
    root.querySelectorAll(".markdownx-upload-button[hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function csrfToken(field) {
    var form = field.closest("form");
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function insertAtCursor(editor, code) {
    var start = editor.selectionStart, end = editor.selectionEnd;
    var before = editor.value.slice(0, start);
    var lead = before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "";
    var text = lead + code + "\n\n";
    editor.setRangeText(text, start, end, "end");
    var placeholder = code.indexOf("[") + 1;
    var closing = code.indexOf("](");
    editor.focus();
    if (placeholder > 0 && closing > placeholder) {
      editor.setSelectionRange(start + lead.length + placeholder, start + lead.length + closing);
    }
    editor.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function upload(field, file) {
    var editor = field.querySelector("textarea.markdownx-editor");
    var status = field.querySelector(".markdownx-upload-status");
    var url = editor && editor.getAttribute("data-markdownx-upload-urls-path");
    if (!editor || !url) { return; }
    var say = function (text, failed) {
      status.textContent = text;
      status.classList.toggle("errornote", Boolean(failed));
    };
    var data = new FormData();
    data.append("image", file);
    say("Uploading " + file.name + "…");
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(field), "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { ok: response.ok, status: response.status, body: body };
      });
    }).then(function (result) {
      if (result.ok && result.body.image_code) {
        insertAtCursor(editor, result.body.image_code);
        say("Image inserted. Type what it shows in place of “Describe this image” (selected), " +
            "or mark it decorative.");
      } else {
        say(result.body.error || ("The image was not uploaded (error " + result.status + ")."), true);
      }
    }).catch(function () {
      say("The image was not uploaded: the server could not be reached. Your text is unchanged.", true);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".markdownx-upload-button");
    if (!button) { return; }
    var input = button.closest(".markdownx-field").querySelector(".markdownx-upload-input");
    input.value = "";
    input.click();
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("markdownx-upload-input")) { return; }
    event.stopPropagation();  // not an edit of the page (autosave and the leave warning)
    if (input.files && input.files[0]) { upload(input.closest(".markdownx-field"), input.files[0]); }
  }, true);

  document.addEventListener("formset:added", function (event) { showUploadButtons(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { showUploadButtons(document); });
  } else {
    showUploadButtons(document);
  }

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
