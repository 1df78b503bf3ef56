// Autosave for the article change form (templates/admin/articles/article/_autosave.html).
// A few seconds after the editor stops typing, and when the tab is hidden or closed, the form's
// fields are posted to the autosave endpoint; reopening the form offers them back with
// "Restore unsaved changes" or "Discard". The server keeps one autosave per editor and article.
(function () {
  "use strict";

  var DELAY_MS = 3000; // after the last change
  var MAX_WAIT_MS = 20000; // while the editor keeps typing
  var MAX_BYTES = 1000000; // the server refuses larger posts
  var BEACON_BYTES = 60000; // browsers cap keepalive requests near 64 kB
  var SKIPPED = /^(csrfmiddlewaretoken|_save|_continue|_addanother|_saveasnew)$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|__prefix__/;

  function controls(form, name) {
    var item = form.elements.namedItem(name);
    if (!item) {
      return [];
    }
    return typeof RadioNodeList !== "undefined" && item instanceof RadioNodeList ? Array.prototype.slice.call(item) : [item];
  }

  function saved(element) {
    var type = element.type;
    return element.name && !SKIPPED.test(element.name) && !element.disabled &&
      ["file", "submit", "button", "reset", "image"].indexOf(type) === -1;
  }

  // {"fields": {name: text | checked | [texts]}, "labels": {name: {value: option text}}}
  function serialise(form) {
    var fields = {};
    var labels = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!saved(element) || Object.prototype.hasOwnProperty.call(fields, name)) {
        return;
      }
      var group = controls(form, name);
      if (element.type === "checkbox") {
        fields[name] = group.length > 1
          ? group.filter(function (box) { return box.checked; }).map(function (box) { return box.value; })
          : element.checked;
      } else if (element.type === "radio") {
        var chosen = group.filter(function (radio) { return radio.checked; })[0];
        fields[name] = chosen ? chosen.value : "";
      } else if (element.tagName === "SELECT") {
        var options = Array.prototype.slice.call(element.selectedOptions);
        var values = options.map(function (option) { return option.value; });
        fields[name] = element.multiple ? values : values[0] || "";
        labels[name] = {};
        options.forEach(function (option) { labels[name][option.value] = option.text; });
      } else {
        fields[name] = element.value;
      }
    });
    return { fields: fields, labels: labels };
  }

  function proseEditor(textarea) {
    var wrapper = textarea.closest(".prose-editor");
    if (!wrapper) {
      return null;
    }
    // Tiptap keeps its Editor on the editable element (view.dom.editor); the menu's
    // heading picker is a ProseMirror-styled element too.
    var views = Array.prototype.filter.call(wrapper.querySelectorAll(".ProseMirror"), function (view) {
      return view.editor;
    });
    return views.length ? views[0].editor : null;
  }

  function setValue(element, value, labels) {
    if (element.type === "checkbox") {
      element.checked = Array.isArray(value) ? value.indexOf(element.value) !== -1 : value === true;
    } else if (element.type === "radio") {
      element.checked = element.value === value;
    } else if (element.tagName === "SELECT") {
      var wanted = Array.isArray(value) ? value : [value];
      wanted.forEach(function (choice) {
        var known = Array.prototype.some.call(element.options, function (option) { return option.value === choice; });
        // Autocomplete selects only hold the chosen option: add the saved one back.
        if (!known && choice !== "") {
          element.add(new Option((labels && labels[choice]) || choice, choice));
        }
      });
      Array.prototype.forEach.call(element.options, function (option) {
        option.selected = wanted.indexOf(option.value) !== -1;
      });
    } else if (element.tagName === "TEXTAREA" && proseEditor(element)) {
      // The editor writes its HTML back to the textarea and fires "input".
      proseEditor(element).commands.setContent(value);
      return;
    } else {
      element.value = value;
    }
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // Inline formsets (sources): add rows until every saved row has one.
  function addInlineRows(form, fields) {
    Array.prototype.forEach.call(form.querySelectorAll("input[name$='-TOTAL_FORMS']"), function (total) {
      var prefix = total.name.slice(0, -"-TOTAL_FORMS".length);
      var needed = 0;
      Object.keys(fields).forEach(function (name) {
        if (name.indexOf(prefix + "-") === 0) {
          var index = parseInt(name.slice(prefix.length + 1), 10);
          if (!isNaN(index)) {
            needed = Math.max(needed, index + 1);
          }
        }
      });
      var group = document.getElementById(prefix + "-group");
      var add = group && group.querySelector(".add-row a");
      while (add && parseInt(total.value, 10) < needed) {
        var before = total.value;
        add.click();
        if (total.value === before) {
          break; // the formset's maximum is reached
        }
      }
    });
  }

  function restore(form, data) {
    var fields = data.fields || {};
    var labels = data.labels || {};
    addInlineRows(form, fields);
    Object.keys(fields).forEach(function (name) {
      controls(form, name).forEach(function (element) {
        // Ids of existing rows stay as the server rendered them; the edit count the editor had
        // loaded comes back, so saving over a newer save shows the usual conflict message.
        if (!saved(element) || (element.type === "hidden" && name !== "loaded_edit_count")) {
          return;
        }
        setValue(element, fields[name], labels[name]);
      });
    });
  }

  function init() {
    var root = document.getElementById("article-autosave");
    var form = document.getElementById("article_form");
    if (!root || !form || !window.fetch) {
      return;
    }
    var url = root.getAttribute("data-autosave-url");
    var discardUrl = root.getAttribute("data-discard-url");
    var status = document.getElementById("autosave-status");
    var notice = document.getElementById("autosave-notice");
    var paused = Boolean(notice);
    var submitting = false;
    var inFlight = false;
    var timer = null;
    var firstChange = 0;
    var lastSent = JSON.stringify(serialise(form));

    function say(text) {
      // The same words again would be announced again.
      if (status.textContent !== text) {
        status.textContent = text;
      }
    }

    function token() {
      var input = form.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }

    function send(body, leaving) {
      var params = new URLSearchParams({ csrfmiddlewaretoken: token(), data: body });
      var size = params.toString().length;
      if (size > MAX_BYTES) {
        say("These changes are too large to autosave. Save the article to keep them.");
        return;
      }
      if (leaving && size <= BEACON_BYTES && navigator.sendBeacon && navigator.sendBeacon(url, params)) {
        lastSent = body;
        return;
      }
      inFlight = true;
      var stored = false;
      fetch(url, {
        method: "POST",
        body: params,
        credentials: "same-origin",
        keepalive: leaving && size <= BEACON_BYTES,
        headers: { Accept: "application/json", "X-CSRFToken": token() },
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || !json) {
          throw new Error("autosave refused: " + response.status);
        }
        return response.json();
      }).then(function (result) {
        lastSent = body;
        stored = true;
        say("Autosaved at " + result.saved_at_display);
      }).catch(function () {
        say("Autosave failed; these changes are only in this tab until you save the article.");
      }).then(function () {
        inFlight = false;
        // Changes typed meanwhile go next; after a failure the next change tries again.
        if (stored && JSON.stringify(serialise(form)) !== lastSent) {
          schedule();
        }
      });
    }

    function flush(leaving) {
      clearTimeout(timer);
      timer = null;
      firstChange = 0;
      if (paused || submitting || (inFlight && !leaving)) {
        return;
      }
      var body = JSON.stringify(serialise(form));
      if (body !== lastSent) {
        send(body, leaving);
      }
    }

    function schedule() {
      if (paused || submitting) {
        return;
      }
      var now = Date.now();
      firstChange = firstChange || now;
      clearTimeout(timer);
      timer = setTimeout(flush, Math.max(0, Math.min(DELAY_MS, firstChange + MAX_WAIT_MS - now)));
    }

    function resolved(text) {
      paused = false;
      notice.textContent = text;
      notice.focus();
    }

    var jQuery = window.django && window.django.jQuery;
    if (jQuery) {
      // Autocomplete selects (select2) announce a choice with jQuery events only; jQuery's
      // handler sees native events too.
      jQuery(form).on("input change", schedule);
    } else {
      form.addEventListener("input", schedule);
      form.addEventListener("change", schedule);
    }
    document.addEventListener("formset:removed", schedule);
    // Runs after the admin's own submit handlers: a real save must not be followed by an autosave.
    window.addEventListener("submit", function (event) {
      if (event.target === form && !event.defaultPrevented) {
        submitting = true;
        clearTimeout(timer);
      }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        submitting = false;
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        flush(true);
      }
    });
    window.addEventListener("pagehide", function () {
      flush(true);
    });

    if (!notice) {
      return;
    }
    say("Autosave is paused until you restore or discard the unsaved changes above.");
    var restoreButton = document.getElementById("autosave-restore");
    var data = JSON.parse(document.getElementById("autosave-data").textContent);
    restoreButton.hidden = false;
    restoreButton.addEventListener("click", function () {
      restore(form, data);
      // What was restored is this tab's state now; it is autosaved again from here on.
      lastSent = JSON.stringify(serialise(form));
      resolved("Unsaved changes restored. Check them, then save the article to keep them.");
      say("");
    });
    notice.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(discardUrl, {
        method: "POST",
        body: new URLSearchParams({ csrfmiddlewaretoken: token() }),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token() },
      }).then(function (response) {
        if (!response.ok) {
          throw new Error("discard refused: " + response.status);
        }
        return response.json();
      }).then(function () {
        resolved("Unsaved changes discarded.");
        say("");
      }).catch(function () {
        say("The unsaved changes could not be discarded. Try again.");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
