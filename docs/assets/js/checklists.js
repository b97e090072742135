/* Personal ticks on checklist pages, kept in this browser's localStorage only.
 * They are not the official state (that is the "Done" column, from the plan). */
(function () {
  "use strict";

  function load(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function save(key, ticks) {
    try {
      window.localStorage.setItem(key, JSON.stringify(ticks));
    } catch (error) {
      /* storage full or disabled: ticks last until the page is left */
    }
  }

  function setUp(list) {
    var key = list.getAttribute("data-storage-key");
    var ticks = load(key);
    var boxes = list.querySelectorAll("input.op-tick");
    boxes.forEach(function (box) {
      var item = box.getAttribute("data-item");
      box.checked = ticks[item] === true;
      box.closest("tr").classList.toggle("op-ticked", box.checked);
      box.addEventListener("change", function () {
        ticks = load(key);
        if (box.checked) {
          ticks[item] = true;
        } else {
          delete ticks[item];
        }
        save(key, ticks);
        box.closest("tr").classList.toggle("op-ticked", box.checked);
      });
    });
    var clear = list.querySelector(".op-clear-ticks");
    if (clear) {
      clear.addEventListener("click", function () {
        var count = Object.keys(load(key)).length;
        if (count === 0) {
          return;
        }
        var question = "Clear your " + count + (count === 1 ? " tick" : " ticks") +
          " on this checklist? The official state in the Done column does not change.";
        if (!window.confirm(question)) {
          return;
        }
        save(key, {});
        boxes.forEach(function (box) {
          box.checked = false;
          box.closest("tr").classList.remove("op-ticked");
        });
      });
    }
  }

  /* On paper: the day it was printed and where it came from, in the sign-off block. */
  function stampPrint() {
    var day = new Date().toISOString().slice(0, 10);
    document.querySelectorAll("[data-op-printed]").forEach(function (el) {
      el.textContent = day;
    });
    document.querySelectorAll("[data-op-address]").forEach(function (el) {
      el.textContent = window.location.href;
    });
  }

  function init() {
    document.querySelectorAll(".op-checklist[data-storage-key]").forEach(setUp);
    stampPrint();
    window.addEventListener("beforeprint", stampPrint);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
