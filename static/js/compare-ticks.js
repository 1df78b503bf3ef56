// Compare ticks that survive paging. On a page of program cards with "Compare" ticks (a finder
// results page, a state's page), the ticks are kept in this tab (sessionStorage) for the same search,
// ticked again when the reader comes back to a page, and sent with "Compare selected" from any page.
// Without JavaScript, or where the browser refuses storage, each page's ticks are sent on their own.
(function () {
  "use strict";

  var KEY = "careersite.compareTicks";
  var SLUG = /^[-a-zA-Z0-9_]{1,220}$/;
  // More than a comparison shows: the compare page then asks which ones to keep.
  var MAX = 12;

  function openStorage() {
    try {
      var storage = window.sessionStorage;
      storage.setItem(KEY + ".probe", "1");
      storage.removeItem(KEY + ".probe");
      return storage;
    } catch (error) {
      return null;
    }
  }

  // The search the ticks belong to: this page's address without its page number.
  function searchKey() {
    var params = new URLSearchParams(window.location.search);
    params.delete("page");
    params.sort();
    return window.location.pathname + "?" + params.toString();
  }

  function read(storage, search) {
    var saved;
    try {
      saved = JSON.parse(storage.getItem(KEY) || "{}");
    } catch (error) {
      return [];
    }
    if (!saved || saved.search !== search || !Array.isArray(saved.slugs)) {
      return [];
    }
    return saved.slugs.filter(function (slug) {
      return typeof slug === "string" && SLUG.test(slug);
    }).slice(0, MAX);
  }

  function write(storage, search, slugs) {
    try {
      storage.setItem(KEY, JSON.stringify({ search: search, slugs: slugs }));
    } catch (error) {
      // Storage full or refused: the ticks on this page still work.
    }
  }

  function start() {
    var form = document.querySelector("form.compare-form");
    var storage = openStorage();
    if (!form || !storage) {
      return;
    }
    var search = searchKey();
    var boxes = Array.prototype.slice.call(
      form.querySelectorAll('input[type="checkbox"][name="p"]')
    );
    var onPage = {};
    boxes.forEach(function (box) {
      onPage[box.value] = true;
    });
    var ticked = read(storage, search);
    var counts = Array.prototype.slice.call(form.querySelectorAll("[data-compare-count]"));

    function show() {
      var elsewhere = ticked.filter(function (slug) {
        return !onPage[slug];
      }).length;
      var text = "";
      if (ticked.length) {
        text = ticked.length + " ticked";
        if (elsewhere) {
          text += ", " + elsewhere + " of them on other pages";
        }
        text += ".";
      }
      counts.forEach(function (count) {
        count.textContent = text;
        count.hidden = !text;
      });
    }

    // Ticks from other visits first, then ticks the browser kept on this page (Back, reload).
    boxes.forEach(function (box) {
      if (ticked.indexOf(box.value) !== -1) {
        box.checked = true;
      } else if (box.checked && ticked.length < MAX) {
        ticked.push(box.value);
      }
    });
    write(storage, search, ticked);
    show();

    form.addEventListener("change", function (event) {
      var box = event.target;
      if (!box || box.name !== "p" || box.type !== "checkbox") {
        return;
      }
      var at = ticked.indexOf(box.value);
      if (box.checked && at === -1 && ticked.length < MAX) {
        ticked.push(box.value);
      } else if (!box.checked && at !== -1) {
        ticked.splice(at, 1);
      }
      write(storage, search, ticked);
      show();
    });

    form.addEventListener("submit", function () {
      form.querySelectorAll("input[data-ticked-elsewhere]").forEach(function (input) {
        input.remove();
      });
      ticked.forEach(function (slug) {
        if (!onPage[slug]) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = "p";
          input.value = slug;
          input.setAttribute("data-ticked-elsewhere", "");
          form.appendChild(input);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
