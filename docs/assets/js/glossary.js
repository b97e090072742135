/* Glossary marks on a touch screen: a tap shows the term's definition in place, under the
 * line, instead of leaving the page (there is no hover to show Material's tooltip). A
 * second tap, or Escape, closes it; the note links to the glossary entry. With a mouse or
 * a keyboard nothing changes: the tooltip on hover and focus, the link on click. */
(function () {
  "use strict";
  var touch = window.matchMedia("(hover: none)");
  var texts = new WeakMap();  // mark -> its definition, read before the tooltip takes the title
  var count = 0;

  function remember(root) {
    root.querySelectorAll("a.op-term abbr[title]").forEach(function (abbr) {
      texts.set(abbr.parentNode, abbr.getAttribute("title"));
    });
  }

  function close(mark) {
    var note = document.getElementById(mark.getAttribute("aria-controls") || "");
    if (note) note.remove();
    mark.removeAttribute("aria-controls");
    mark.setAttribute("aria-expanded", "false");
  }

  function open(mark) {
    var note = document.createElement("span");
    note.className = "op-term-note";
    note.id = "op-term-note-" + ++count;
    note.setAttribute("role", "note");
    note.textContent = texts.get(mark) || "";
    var more = document.createElement("a");
    more.href = mark.getAttribute("href");
    more.textContent = "Open in the glossary";
    note.appendChild(document.createElement("br"));
    note.appendChild(more);
    // after the sentence's block would move the text; right after the mark keeps the place
    mark.insertAdjacentElement("afterend", note);
    mark.setAttribute("aria-controls", note.id);
    mark.setAttribute("aria-expanded", "true");
  }

  remember(document);
  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("a.op-term");
    if (!mark || !touch.matches || !texts.has(mark)) return;
    event.preventDefault();
    if (mark.getAttribute("aria-expanded") === "true") close(mark);
    else open(mark);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll('a.op-term[aria-expanded="true"]').forEach(close);
  });
})();
