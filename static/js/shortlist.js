// The reader's shortlist of programs, kept only in this browser (localStorage): the Save buttons
// (templates/schools/_save_compare.html), the count in the header, and /schools/shortlist/ without
// ?p= going to the saved list. Nothing is sent anywhere: the slugs leave the browser only in a link the
// reader follows. Without JavaScript, or where the browser refuses storage, these controls stay hidden.
(function () {
  "use strict";

  var KEY = "careersite.shortlist";
  // schools.compare.SHORTLIST_MAX (tests/schools/test_compare.py keeps the two equal).
  var MAX = 12;
  var SLUG = /^[-a-zA-Z0-9_]{1,220}$/;

  function openStorage() {
    try {
      var storage = window.localStorage;
      storage.setItem(KEY + ".probe", "1");
      storage.removeItem(KEY + ".probe");
      return storage;
    } catch (error) {
      return null;
    }
  }

  // The saved slugs, oldest first; anything unexpected in storage is dropped rather than trusted.
  function read(storage) {
    var list;
    try {
      list = JSON.parse(storage.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
    if (!Array.isArray(list)) {
      return [];
    }
    var seen = {};
    return list.filter(function (slug) {
      if (typeof slug !== "string" || !SLUG.test(slug) || seen[slug]) {
        return false;
      }
      seen[slug] = true;
      return true;
    }).slice(0, MAX);
  }

  function write(storage, list) {
    try {
      storage.setItem(KEY, JSON.stringify(list));
      return true;
    } catch (error) {
      return false;
    }
  }

  function listUrl(base, list) {
    if (!list.length) {
      return base;
    }
    return base + "?" + list.map(function (slug) {
      return "p=" + encodeURIComponent(slug);
    }).join("&");
  }

  function countText(n) {
    if (n === 0) {
      return "Your shortlist is empty.";
    }
    return "Your shortlist has " + n + " program" + (n === 1 ? "" : "s") + ".";
  }

  function announce(message) {
    var status = document.querySelector("[data-shortlist-status]");
    if (!status) {
      return;
    }
    // Emptied first, so the same message twice in a row is announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 50);
  }

  function showNote(button, message) {
    var note = button.parentNode.querySelector(".save-note");
    if (!note) {
      note = document.createElement("span");
      note.className = "save-note small";
      button.insertAdjacentElement("afterend", note);
    }
    note.textContent = message;
    note.hidden = !message;
  }

  function start() {
    var storage = openStorage();
    var emptyNote = document.querySelector("[data-shortlist-empty]");
    if (!storage) {
      var unavailable = document.querySelector("[data-shortlist-unavailable]");
      if (unavailable) {
        unavailable.hidden = false;
      }
      return;
    }
    if (emptyNote) {
      // The shortlist page without ?p=: go to the address of the saved list (replace: Back still works).
      var saved = read(storage);
      if (saved.length) {
        window.location.replace(listUrl(window.location.pathname, saved));
        return;
      }
      emptyNote.hidden = false;
    }

    var nav = document.querySelector("[data-shortlist-nav]");
    var link = document.querySelector("[data-shortlist-link]");
    var count = document.querySelector("[data-shortlist-count]");
    var base = link ? link.getAttribute("href").split("?")[0] : "";

    function render() {
      var list = read(storage);
      var buttons = document.querySelectorAll("button[data-save]");
      Array.prototype.forEach.call(buttons, function (button) {
        var saved = list.indexOf(button.getAttribute("data-save")) !== -1;
        button.setAttribute("aria-pressed", saved ? "true" : "false");
        button.hidden = false;
      });
      if (nav && link && count) {
        count.textContent = String(list.length);
        link.setAttribute("href", listUrl(base, list));
        nav.hidden = false;
      }
    }

    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-save]") : null;
      if (!button) {
        return;
      }
      var slug = button.getAttribute("data-save");
      var name = button.getAttribute("data-save-name") || "this program";
      var list = read(storage);
      var at = list.indexOf(slug);
      var message;
      if (at !== -1) {
        list.splice(at, 1);
        message = "Removed " + name + " from your shortlist. ";
      } else if (list.length >= MAX) {
        message = "Your shortlist is full: it keeps up to " + MAX + " programs. Remove one to save this one.";
        showNote(button, message);
        announce(message);
        return;
      } else {
        list.push(slug);
        message = "Saved " + name + ". ";
      }
      if (!write(storage, list)) {
        message = "This browser would not save the change (its site storage may be full or blocked).";
        showNote(button, message);
        announce(message);
        return;
      }
      showNote(button, "");
      render();
      announce(message + countText(list.length));
    });

    // Another tab changed the list: keep this page's buttons and count in step.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY || event.key === null) {
        render();
      }
    });

    render();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
