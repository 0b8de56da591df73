/* Onboarding checklists (roles/<role>-onboarding/): ticks are remembered in this browser only.
 *
 * localStorage[<data-pb-onboarding>] holds a JSON list of the ticked items' keys (data-pb-item,
 * "<stage>/<target id>"). Nothing is sent anywhere. Where localStorage cannot be used (private
 * mode, some in-app browsers) the boxes still tick, a note says they will not be kept, and no
 * error is thrown. Running this more than once is harmless: a set-up panel is marked. */
(function () {
  "use strict";

  function openStore() {
    try {
      var store = window.localStorage;
      var probe = "playbook.onboarding.probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (e) {
      return null;
    }
  }

  function readTicks(store, key) {
    if (!store) return [];
    try {
      var value = JSON.parse(store.getItem(key) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (e) {
      return [];
    }
  }

  function writeTicks(store, key, ticks) {
    if (!store) return false;
    try {
      if (ticks.length) store.setItem(key, JSON.stringify(ticks));
      else store.removeItem(key);
      return true;
    } catch (e) {
      return false; // quota exceeded, or storage taken away meanwhile
    }
  }

  function showCount(holder, done, total) {
    var label = holder.querySelector("[data-pb-done]");
    var count = holder.querySelector(".pb-onb-count");
    if (label) {
      label.textContent = "已完成 " + done + " / " + total;
      label.hidden = false;
    }
    if (count) count.hidden = true;
  }

  function setUp(panel) {
    if (panel.getAttribute("data-pb-ready") === "1") return;
    panel.setAttribute("data-pb-ready", "1");
    var key = panel.getAttribute("data-pb-onboarding");
    var root = panel.closest("article") || document;
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[data-pb-item]"));
    var store = openStore();
    var nostore = panel.querySelector("[data-pb-nostore]");
    var bar = panel.querySelector("progress");
    var clear = panel.querySelector("[data-pb-clear]");

    function update() {
      var done = boxes.filter(function (b) { return b.checked; }).length;
      showCount(panel, done, boxes.length);
      if (bar) {
        bar.value = done;
        bar.hidden = false;
      }
      Array.prototype.forEach.call(root.querySelectorAll("[data-pb-stage-progress]"), function (p) {
        var stage = p.getAttribute("data-pb-stage-progress");
        var own = boxes.filter(function (b) {
          return b.getAttribute("data-pb-item").split("/")[0] === stage;
        });
        showCount(p, own.filter(function (b) { return b.checked; }).length, own.length);
      });
    }

    function save() {
      var ticks = boxes
        .filter(function (b) { return b.checked; })
        .map(function (b) { return b.getAttribute("data-pb-item"); });
      if (!writeTicks(store, key, ticks) && nostore) nostore.hidden = false;
      update();
    }

    var ticked = readTicks(store, key);
    boxes.forEach(function (b) {
      b.checked = ticked.indexOf(b.getAttribute("data-pb-item")) !== -1;
      b.addEventListener("change", save);
    });
    if (!store && nostore) nostore.hidden = false;
    if (clear) {
      clear.hidden = false;
      clear.addEventListener("click", function () {
        boxes.forEach(function (b) { b.checked = false; });
        save();
      });
    }
    update();
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pb-onboarding]"), setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll); // Material: also after an instant-navigation page switch
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
