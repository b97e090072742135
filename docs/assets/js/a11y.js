/* Wide tables. Material wraps each table in a box that scrolls sideways at run time; on a
 * phone most of a wide table is then out of sight with nothing to say so. This
 *  - gives each such box a tab stop, as a box that scrolls must be reachable with the
 *    keyboard (axe: scrollable-region-focusable);
 *  - marks a box whose table is wider than it (`op-wide`), with a line above it saying the
 *    table scrolls, and fades its right edge while more lies that way (`op-more`), so the
 *    cut-off is visible (playbook.css). */
(function () {
  "use strict";
  var HINT = "Swipe or scroll sideways to see the whole table";

  function measure(box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("op-wide", wide);
    box.classList.toggle("op-more", wide && box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
    var hint = box.previousElementSibling;
    var has = hint && hint.classList.contains("op-scroll-hint");
    if (wide && !has) {
      hint = document.createElement("p");
      hint.className = "op-scroll-hint";
      hint.setAttribute("aria-hidden", "true");  // the box itself is a focusable, scrolling region
      hint.textContent = HINT + " \u2192";
      box.insertAdjacentElement("beforebegin", hint);
    } else if (!wide && has) {
      hint.remove();
    }
  }

  function fix() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (!box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.addEventListener("scroll", function () { measure(box); }, { passive: true });
      }
      measure(box);
    });
  }
  new MutationObserver(function (changes) {
    // only new content matters, not the hints this script adds
    if (changes.some(function (c) {
      return Array.prototype.some.call(c.addedNodes, function (n) {
        return n.nodeType === 1 && !n.classList.contains("op-scroll-hint");
      });
    })) fix();
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("resize", fix);
  fix();
})();
