/* The Gantt chart scrolls sideways inside its box (a phone shows a few weeks of it): keep
 * the task names in view meanwhile. The names are drawn last in each row (gantt.py); this
 * moves them by the distance scrolled, through one CSS variable, and marks the chart as
 * scrolled so that their boxes hide the bars passing under them (gantt.css). */
(function () {
  "use strict";
  function follow(box) {
    var svg = box.querySelector("svg.op-gantt-svg");
    if (!svg) return;
    var pending = false;
    box.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        // the chart is drawn at its own size (one SVG unit per CSS pixel)
        var scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || 1);
        svg.style.setProperty("--op-names-x", box.scrollLeft / scale + "px");
        svg.classList.toggle("op-gantt-scrolled", box.scrollLeft > 0);
      });
    }, { passive: true });
  }
  document.querySelectorAll(".op-gantt").forEach(follow);
})();
