// Live character counters for admin fields marked data-counter="<limit>" (SEO title, meta description).
// The limit is enforced by the server; this only shows editors how much room is left as they type.
(function () {
  "use strict";

  function attach(field) {
    var limit = parseInt(field.getAttribute("data-counter"), 10);
    if (!limit || field.getAttribute("data-counter-ready")) {
      return;
    }
    field.setAttribute("data-counter-ready", "1");
    var counter = document.createElement("p");
    counter.className = "char-counter help";
    counter.id = field.id + "-counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);

    function update() {
      var used = field.value.length;
      var left = limit - used;
      counter.textContent = used + " / " + limit + " characters" + (left < 0 ? " (" + -left + " too many)" : "");
      counter.classList.toggle("char-counter--near", left >= 0 && left <= Math.ceil(limit / 10));
      counter.classList.toggle("char-counter--over", left < 0);
    }
    field.addEventListener("input", update);
    update();
  }

  function init() {
    document.querySelectorAll("[data-counter]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
