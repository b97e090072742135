/* Material wraps wide tables in a scrolling box at run time; a box that scrolls must be
 * reachable with the keyboard (axe: scrollable-region-focusable), so give it a tab stop. */
(function () {
  "use strict";
  function fix() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
      box.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(fix).observe(document.documentElement, { childList: true, subtree: true });
  fix();
})();
