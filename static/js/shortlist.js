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

  // A message for the next page, after the shortlist page moves to its new address.
  var FLASH = KEY + ".flash";

  function flash(message) {
    try {
      window.sessionStorage.setItem(FLASH, message);
    } catch (error) {
      // Without session storage the move still happens; only the announcement is lost.
    }
  }

  function takeFlash() {
    try {
      var message = window.sessionStorage.getItem(FLASH);
      window.sessionStorage.removeItem(FLASH);
      return message;
    } catch (error) {
      return null;
    }
  }

  // The slugs this page's address names (?p=), cleaned as the stored list is.
  function addressSlugs() {
    var seen = {};
    return new URLSearchParams(window.location.search).getAll("p").map(function (slug) {
      return slug.trim();
    }).filter(function (slug) {
      if (!SLUG.test(slug) || seen[slug]) {
        return false;
      }
      seen[slug] = true;
      return true;
    }).slice(0, MAX);
  }

  function sameSlugs(a, b) {
    return a.length === b.length && a.every(function (slug) {
      return b.indexOf(slug) !== -1;
    });
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

    // The shortlist page for a link (?p=): the reader's own list when the link names exactly what is
    // saved here, a shared list otherwise. Its address always follows the saved list while it is theirs.
    var listPage = document.querySelector("[data-shortlist-page]");
    var adopt = document.querySelector("[data-shortlist-adopt]");
    var own = false;

    function showMode(list) {
      own = sameSlugs(addressSlugs(), list);
      Array.prototype.forEach.call(listPage.querySelectorAll("[data-own-text]"), function (element) {
        if (!element.hasAttribute("data-shared-text")) {
          element.setAttribute("data-shared-text", element.textContent);
        }
        element.textContent = element.getAttribute(own ? "data-own-text" : "data-shared-text");
      });
      var site = document.title.indexOf(" | ");
      document.title = (own ? "Your shortlist" : "Shortlist of programs") +
        (site === -1 ? "" : document.title.slice(site));
      if (adopt) {
        adopt.hidden = own;
      }
    }

    // Go to the address of `list` (replace: Back does not return to a list that no longer exists).
    function follow(list, message) {
      if (message) {
        flash(message);
      }
      window.location.replace(listUrl(window.location.pathname, list));
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

    // After a change to the saved list: the own list's page moves to the list's new address.
    function changed(message) {
      var list = read(storage);
      if (listPage && own && !sameSlugs(addressSlugs(), list)) {
        follow(list, message);
        return;
      }
      render();
      if (listPage) {
        showMode(list);
      }
      if (message) {
        announce(message);
      }
    }

    if (adopt) {
      adopt.addEventListener("click", function () {
        var list = read(storage);
        var added = 0;
        var left = 0;
        (listPage.getAttribute("data-slugs") || "").split(" ").forEach(function (slug) {
          if (!SLUG.test(slug) || list.indexOf(slug) !== -1) {
            return;
          }
          if (list.length < MAX) {
            list.push(slug);
            added += 1;
          } else {
            left += 1;
          }
        });
        if (!write(storage, list)) {
          announce("This browser would not save the list (its site storage may be full or blocked).");
          return;
        }
        var message = "Saved " + added + " program" + (added === 1 ? "" : "s") + ". ";
        if (left) {
          message += "Your shortlist keeps up to " + MAX + " programs, so " + left + " did not fit. ";
        }
        follow(list, message + countText(list.length));
      });
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
      changed(message + countText(list.length));
    });

    // Another tab changed the list: keep this page's buttons, count and address in step.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY || event.key === null) {
        changed("");
      }
    });

    render();
    if (listPage) {
      showMode(read(storage));
      var message = takeFlash();
      if (message) {
        // Back on the list after a change: say what happened, and start from the heading.
        var heading = listPage.querySelector("h1");
        if (heading) {
          heading.focus();
        }
        announce(message);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
