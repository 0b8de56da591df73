/* The handbook's small behaviours that need a script. Every page works without it.
 *
 * - Toggletips (glossary terms, the 补 mark): CSS shows the bubble on hover and focus; here a
 *   second tap closes it and Escape closes it (WCAG 1.4.13: dismissable without moving focus).
 * - Print buttons ([data-pb-print]): hidden without a script, window.print() with one.
 *
 * Written for the browsers inside chat apps too: no modules, no arrow functions. */
(function () {
  "use strict";

  function closest(node, selector) {
    while (node && node.nodeType === 1) {
      if (node.matches(selector)) return node;
      node = node.parentNode;
    }
    return null;
  }

  // ------------------------------------------------------------ toggletips
  var focusedBefore = null;
  document.addEventListener("pointerdown", function (event) {
    focusedBefore = document.activeElement;
  }, true);
  document.addEventListener("click", function (event) {
    var word = closest(event.target, ".pb-term-word");
    if (!word) return;
    var term = word.parentNode;
    if (focusedBefore === word && !term.classList.contains("pb-closed")) {
      term.classList.add("pb-closed"); // a second tap on the same word closes its bubble
    } else {
      term.classList.remove("pb-closed");
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    var open = document.querySelectorAll(".pb-term:hover, .pb-term:focus-within");
    for (var i = 0; i < open.length; i++) open[i].classList.add("pb-closed");
  });
  function reopen(event) {
    var term = closest(event.target, ".pb-term");
    if (term && !term.contains(event.relatedTarget)) term.classList.remove("pb-closed");
  }
  document.addEventListener("focusout", reopen);
  document.addEventListener("mouseout", reopen);

  // ------------------------------------------------------------ print buttons
  var buttons = document.querySelectorAll("[data-pb-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () {
      window.print();
    });
  }
})();
