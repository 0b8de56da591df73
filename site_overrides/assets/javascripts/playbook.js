/* The handbook's small behaviours that need a script. Every page works without it.
 *
 * - Toggletips (glossary terms, the 补 mark): CSS shows the bubble on hover and focus; here a
 *   second tap closes it and Escape closes it (WCAG 1.4.13: dismissable without moving focus).
 * - Print buttons ([data-pb-print]): hidden without a script, window.print() with one.
 * - Copy buttons ([data-pb-copy], the subscribe pages): copy a feed's address.
 * - My branch and role: chosen once in a dialog opened from the header (“我的支公司”),
 *   remembered in this browser (localStorage; nothing is sent anywhere). Then
 *     · blocks marked [data-pb-branch] inside [data-pb-branches] show the chosen branch only,
 *       with a button for the others (role pages: 我的节奏; meeting pages; calendar pages);
 *     · with more branches than those pages list, a line [data-pb-branch-links] links to the
 *       chosen branch's 例会安排 (and the role's feed there);
 *     · schedule periods (.pb-period[data-pb-last]) that are over are hidden;
 *     · [data-pb-agenda] blocks list today's (home page) or today's and this week's (今天和本周)
 *       meetings, events and morning topic, from calendars/<branch>/<YYYY-MM>.json, for the
 *       day as it is in the branch's time zone.
 *   Without a choice every page shows every branch, as without a script.
 *
 * Text from the data is always put into the page as text (textContent), never as markup.
 * Written for the browsers inside chat apps too: no modules, no arrow functions. */
(function () {
  "use strict";

  var KEY_BRANCH = "playbook.branch";
  var KEY_BRANCH_TITLE = "playbook.branch.title";
  var KEY_ROLE = "playbook.role";

  function closest(node, selector) {
    while (node && node.nodeType === 1) {
      if (node.matches(selector)) return node;
      node = node.parentNode;
    }
    return null;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    var name;
    for (name in attrs || {}) {
      if (attrs[name] === null || attrs[name] === undefined || attrs[name] === false) continue;
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name] === true ? "" : attrs[name]);
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // ------------------------------------------------------------ storage

  var store = (function () {
    try {
      var s = window.localStorage;
      s.setItem("playbook.probe", "1");
      s.removeItem("playbook.probe");
      return s;
    } catch (e) {
      return null; // private mode, some in-app browsers: choices last for this page only
    }
  })();
  var memory = {};

  function load(key) {
    if (store) {
      try {
        return store.getItem(key);
      } catch (e) {
        /* fall through */
      }
    }
    return memory.hasOwnProperty(key) ? memory[key] : null;
  }

  function save(key, value) {
    memory[key] = value;
    if (!store) return;
    try {
      if (value) store.setItem(key, value);
      else store.removeItem(key);
    } catch (e) {
      /* quota: keep it for this page */
    }
  }

  // ------------------------------------------------------------ site data

  var base = (function () {
    var config = document.getElementById("__config");
    var b = ".";
    try {
      b = JSON.parse(config.textContent).base || ".";
    } catch (e) {
      /* no Material config: the page is at the site root */
    }
    return new URL(b.replace(/\/?$/, "/"), document.baseURI);
  })();

  function siteUrl(path) {
    return new URL(path, base).href;
  }

  var cache = {};
  function getJson(path) {
    if (!cache[path]) {
      cache[path] = fetch(siteUrl(path), { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.json();
      });
    }
    return cache[path];
  }

  function siteData() {
    return getJson("calendars/branches.json");
  }

  function findBranch(data, id) {
    for (var i = 0; i < data.branches.length; i++) if (data.branches[i].id === id) return data.branches[i];
    return null;
  }

  function findRole(data, id) {
    for (var i = 0; i < data.roles.length; i++) if (data.roles[i].id === id) return data.roles[i];
    return null;
  }

  // ------------------------------------------------------------ dates (in the branch's zone)

  var WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

  function todayIn(zone) {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date())
      .forEach(function (p) {
        parts[p.type] = p.value;
      });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  function asDate(iso) {
    return new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)));
  }

  function isoOf(d) {
    return d.toISOString().slice(0, 10);
  }

  function addDays(iso, n) {
    var d = asDate(iso);
    d.setUTCDate(d.getUTCDate() + n);
    return isoOf(d);
  }

  function dayLabel(iso) {
    var d = asDate(iso);
    return d.getUTCMonth() + 1 + "月" + d.getUTCDate() + "日（" + WEEKDAYS[d.getUTCDay()] + "）";
  }

  function monthDay(iso) {
    var d = asDate(iso);
    return d.getUTCMonth() + 1 + "月" + d.getUTCDate() + "日";
  }

  // ------------------------------------------------------------ toggletips
  var focusedBefore = null;
  document.addEventListener(
    "pointerdown",
    function () {
      focusedBefore = document.activeElement;
    },
    true
  );
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

  // ------------------------------------------------------------ copy buttons
  // (subscribe pages: [data-pb-copy] names the input whose address it copies)
  document.addEventListener("click", function (event) {
    var button = closest(event.target, "button[data-pb-copy]");
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-pb-copy"));
    if (!input) return;
    var label = button.getAttribute("data-pb-label") || button.textContent;
    button.setAttribute("data-pb-label", label);
    function show(text) {
      button.textContent = text;
      setTimeout(function () {
        button.textContent = label;
      }, 2000);
    }
    function bySelection() {
      input.focus();
      input.select();
      try {
        return document.execCommand("copy");
      } catch (e) {
        return false;
      }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(
        function () {
          show("已复制");
        },
        function () {
          show(bySelection() ? "已复制" : "请手动复制");
        }
      );
    } else {
      show(bySelection() ? "已复制" : "请手动复制");
    }
  });

  // ------------------------------------------------------------ the chooser

  var PIN =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 11.5A2.5 2.5 0 0 1 9.5 9 2.5 2.5 0 0 1 12 6.5 2.5 2.5 0 0 1 14.5 9a2.5 2.5 0 0 1-2.5 2.5M12 2a7 7 0 0 0-7 7c0 5.25 7 13 7 13s7-7.75 7-13a7 7 0 0 0-7-7"/></svg>';

  var headerButton = null;

  function branchLabel() {
    var title = load(KEY_BRANCH) && load(KEY_BRANCH_TITLE);
    return title ? "我的支公司：" + title : "选择我的支公司";
  }

  function addHeaderButton() {
    var search = document.querySelector('.md-header__inner label[for="__search"]');
    if (!search) return;
    headerButton = el("button", {
      type: "button",
      className: "md-header__button md-icon pb-branch-button",
      "aria-haspopup": "dialog",
      title: branchLabel()
    });
    headerButton.innerHTML = PIN; // a fixed icon, not data
    headerButton.appendChild(el("span", { className: "pb-branch-button-text", text: load(KEY_BRANCH_TITLE) || "我的支公司" }));
    headerButton.setAttribute("aria-label", branchLabel());
    headerButton.addEventListener("click", openChooser);
    search.parentNode.insertBefore(headerButton, search);
  }

  function refreshHeaderButton() {
    if (!headerButton) return;
    headerButton.title = branchLabel();
    headerButton.setAttribute("aria-label", branchLabel());
    headerButton.querySelector(".pb-branch-button-text").textContent =
      (load(KEY_BRANCH) && load(KEY_BRANCH_TITLE)) || "我的支公司";
  }

  var dialog = null;

  function openChooser() {
    siteData().then(
      function (data) {
        if (!dialog) dialog = buildDialog(data);
        dialog.querySelector("#pb-choose-branch").value = load(KEY_BRANCH) || "";
        dialog.querySelector("#pb-choose-role").value = load(KEY_ROLE) || "";
        if (typeof dialog.showModal === "function") dialog.showModal();
        else dialog.setAttribute("open", "");
        dialog.querySelector("#pb-choose-branch").focus();
      },
      function () {
        window.alert("暂时读不到支公司列表，请稍后再试。");
      }
    );
  }

  function buildDialog(data) {
    var branchSelect = el("select", { id: "pb-choose-branch", name: "branch" }, [
      el("option", { value: "", text: "不选（显示全部支公司）" })
    ]);
    data.branches.forEach(function (b) {
      branchSelect.appendChild(el("option", { value: b.id, text: b.title }));
    });
    var roleSelect = el("select", { id: "pb-choose-role", name: "role" }, [
      el("option", { value: "", text: "全部岗位" })
    ]);
    data.roles.forEach(function (r) {
      roleSelect.appendChild(el("option", { value: r.id, text: r.title }));
    });
    var form = el("form", { method: "dialog", className: "pb-chooser-form" }, [
      el("h2", { id: "pb-chooser-title", text: "我的支公司和岗位" }),
      el("p", { className: "pb-chooser-hint", text: "选好后，各页面先显示你所在支公司的安排；只保存在这台设备的浏览器里。" }),
      el("label", { for: "pb-choose-branch", text: "支公司" }),
      branchSelect,
      el("label", { for: "pb-choose-role", text: "岗位（今天和本周只列出这个岗位参加的）" }),
      roleSelect,
      el("div", { className: "pb-chooser-actions" }, [
        el("button", { type: "submit", value: "save", className: "md-button md-button--primary", text: "保存" }),
        el("button", { type: "submit", value: "cancel", className: "md-button", text: "取消" })
      ])
    ]);
    var d = el("dialog", { className: "pb-chooser md-typeset", "aria-labelledby": "pb-chooser-title" }, [form]);
    d.addEventListener("close", function () {
      if (d.returnValue !== "save") return;
      var branch = findBranch(data, branchSelect.value);
      save(KEY_BRANCH, branch ? branch.id : "");
      save(KEY_BRANCH_TITLE, branch ? branch.title : "");
      save(KEY_ROLE, findRole(data, roleSelect.value) ? roleSelect.value : "");
      refreshHeaderButton();
      applyAll();
    });
    document.body.appendChild(d);
    return d;
  }

  // ------------------------------------------------------------ my branch on a page

  function applyBranchBlocks() {
    var chosen = load(KEY_BRANCH);
    var groups = document.querySelectorAll("[data-pb-branches]");
    for (var g = 0; g < groups.length; g++) {
      var group = groups[g];
      var blocks = [];
      for (var c = 0; c < group.children.length; c++) {
        if (group.children[c].hasAttribute("data-pb-branch")) blocks.push(group.children[c]);
      }
      var old = group.querySelector(":scope > .pb-branch-note");
      if (old) old.parentNode.removeChild(old);
      var mine = null;
      blocks.forEach(function (b) {
        b.hidden = false;
        b.classList.remove("pb-mine");
        if (chosen && b.getAttribute("data-pb-branch") === chosen) mine = b;
      });
      if (!mine) continue;
      mine.classList.add("pb-mine");
      group.insertBefore(mine, group.firstChild);
      if (mine.tagName === "DETAILS") mine.open = true;
      var others = blocks.filter(function (b) {
        return b !== mine;
      });
      others.forEach(function (b) {
        b.hidden = true;
      });
      if (!others.length) continue;
      var showAll = el("button", { type: "button", className: "pb-show-all", text: "也看其他" + others.length + "个支公司" });
      var note = el("p", { className: "pb-branch-note" }, [
        "只显示你选的支公司（",
        el("button", { type: "button", className: "pb-change-branch", text: "更换" }),
        "）· ",
        showAll
      ]);
      note.querySelector(".pb-change-branch").addEventListener("click", openChooser);
      showAll.addEventListener(
        "click",
        (function (hidden, note) {
          return function () {
            hidden.forEach(function (b) {
              b.hidden = false;
            });
            note.parentNode.removeChild(note);
          };
        })(others, note)
      );
      group.insertBefore(note, mine.nextSibling);
    }
  }

  // With many branches, role and meeting pages do not list them all: a line
  // [data-pb-branch-links] (data-pb-role: the role page's role) links to the chosen branch's
  // 例会安排 and, on a role page, to the role's feed there.
  function applyBranchLinks(data) {
    var lines = document.querySelectorAll("[data-pb-branch-links]");
    var branch = findBranch(data, load(KEY_BRANCH));
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var role = line.getAttribute("data-pb-role");
      var parts;
      if (!branch) {
        parts = [el("button", { type: "button", className: "pb-change-branch", text: "选择我的支公司" })];
      } else {
        parts = [
          el("strong", { text: branch.title }),
          "：",
          el("a", { href: siteUrl(branch.calendar) + "#schedules", text: "例会安排" })
        ];
        var feed = role && branch.role_feeds ? branch.role_feeds[role] : null;
        if (feed) parts.push(" · ", el("a", { href: siteUrl(feed), text: "订阅我在本支公司的日历（.ics）" }));
        parts.push(
          " · ",
          el("a", { href: siteUrl(branch.subscribe), text: "其他订阅方式" }),
          "（",
          el("button", { type: "button", className: "pb-change-branch", text: "更换" }),
          "）"
        );
      }
      line.textContent = "";
      parts.forEach(function (part) {
        line.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
      });
      line.querySelector(".pb-change-branch").addEventListener("click", openChooser);
      line.hidden = false;
    }
  }

  function applyPeriods(today) {
    var periods = document.querySelectorAll(".pb-period[data-pb-last]");
    var i;
    for (i = 0; i < periods.length; i++) periods[i].hidden = periods[i].getAttribute("data-pb-last") < today;
    // never hide every period of a cell: when all are over, the last one stays
    for (i = 0; i < periods.length; i++) {
      var cell = periods[i].parentNode;
      var all = cell.querySelectorAll(".pb-period");
      var shown = cell.querySelectorAll(".pb-period:not([hidden])");
      if (!shown.length && all.length) all[all.length - 1].hidden = false;
    }
  }

  // ------------------------------------------------------------ today and this week

  function monthsOf(days) {
    var out = [];
    days.forEach(function (iso) {
      var mo = iso.slice(0, 7);
      if (out.indexOf(mo) < 0) out.push(mo);
    });
    return out;
  }

  function loadDays(branch, isoDays) {
    var wanted = monthsOf(isoDays).filter(function (mo) {
      return branch.months.indexOf(mo) >= 0;
    });
    return Promise.all(
      wanted.map(function (mo) {
        return getJson("calendars/" + branch.id + "/" + mo + ".json");
      })
    ).then(function (months) {
      var byDay = {};
      var provisional = {};
      months.forEach(function (month) {
        provisional[month.month] = month.provisional;
        month.days.forEach(function (d) {
          byDay[d.date] = d;
        });
      });
      return { byDay: byDay, provisional: provisional };
    });
  }

  function itemsFor(day, role) {
    if (!day) return [];
    return day.items.filter(function (item) {
      return !role || item.roles.indexOf(role) >= 0;
    });
  }

  function renderItem(item) {
    var title = item.cancelled
      ? el("del", { text: item.title })
      : el("a", { href: siteUrl(item.href), text: item.title });
    var li = el("li", { className: "pb-agenda-item" + (item.cancelled ? " pb-cancelled" : "") }, [
      el("span", { className: "pb-agenda-time", text: item.time }),
      el("span", { className: "pb-agenda-title" }, [title, item.cancelled ? "【已取消】" : null]),
      item.place ? el("span", { className: "pb-agenda-place", text: item.place }) : null,
      item.note ? el("span", { className: "pb-agenda-note", text: item.note }) : null
    ]);
    li.setAttribute("data-pb-time", item.time);
    return li;
  }

  function renderDay(iso, day, role, heading, limit) {
    var section = el("section", { className: "pb-agenda-day", "data-pb-date": iso }, [heading]);
    var flags = [];
    if (day && day.off) flags.push(day.off + "放假");
    if (day && day.makeup) flags.push("调休上班（" + day.makeup + "）");
    if (flags.length) section.appendChild(el("p", { className: "pb-agenda-flags", text: flags.join("，") }));
    if (day && day.topic) {
      section.appendChild(
        el("p", { className: "pb-agenda-topic" }, [
          "早会主题：",
          el("strong", { text: day.topic.topic }),
          day.topic.host ? "（" + day.topic.host + "）" : null
        ])
      );
    }
    var items = itemsFor(day, role);
    var shown = limit ? items.slice(0, limit) : items;
    if (shown.length) {
      var list = el("ul", { className: "pb-agenda-list" });
      shown.forEach(function (item) {
        list.appendChild(renderItem(item));
      });
      section.appendChild(list);
      if (shown.length < items.length) {
        section.appendChild(el("p", { className: "pb-agenda-more", text: "还有" + (items.length - shown.length) + "项" }));
      }
    } else {
      section.appendChild(
        el("p", { className: "pb-agenda-none", text: day && day.off ? "放假，没有安排。" : "没有安排。" })
      );
    }
    if (day && day.moved.length) {
      day.moved.filter(function (mv) {
        return !role || mv.roles.indexOf(role) >= 0;
      }).forEach(function (mv) {
        section.appendChild(
          el("p", { className: "pb-agenda-moved" }, [
            mv.title + "改期至",
            el("a", { href: siteUrl(mv.href), text: mv.to }),
            "，本日不开。"
          ])
        );
      });
    }
    return section;
  }

  function provisionalNote(isoDays, provisional) {
    var years = [];
    isoDays.forEach(function (iso) {
      var y = iso.slice(0, 4);
      if (provisional[iso.slice(0, 7)] && years.indexOf(y) < 0) years.push(y);
    });
    if (!years.length) return null;
    return el("p", {
      className: "pb-agenda-provisional",
      text: "暂定：" + years.join("、") + "年的节假日安排尚未公布，日期可能调整（公布后以正式安排为准）。"
    });
  }

  function renderAgenda(block, data) {
    var scope = block.getAttribute("data-pb-agenda");
    var fallback = block.querySelector("[data-pb-fallback]");
    var out = block.querySelector(".pb-agenda-out");
    if (!out) {
      out = el("div", { className: "pb-agenda-out", "aria-live": "polite" });
      block.appendChild(out);
    }
    out.textContent = "";
    var branch = findBranch(data, load(KEY_BRANCH));
    var role = findRole(data, load(KEY_ROLE));
    if (!branch) {
      if (fallback && scope === "page") fallback.hidden = false;
      var pick = el("button", { type: "button", className: "md-button md-button--primary", text: "选择我的支公司" });
      pick.addEventListener("click", openChooser);
      out.appendChild(el("p", { className: "pb-agenda-choose" }, ["选好支公司（和岗位），这里就列出今天的会议和活动。", pick]));
      return Promise.resolve();
    }
    if (fallback) fallback.hidden = true;
    var change = el("button", { type: "button", className: "pb-change-branch", text: "更换" });
    change.addEventListener("click", openChooser);
    out.appendChild(
      el("p", { className: "pb-agenda-who" }, [
        el("strong", { text: branch.title }),
        " · " + (role ? role.title : "全部岗位") + "（",
        change,
        "）"
      ])
    );
    var today = todayIn(branch.timezone);
    if (today < branch.first || today > branch.last) {
      out.appendChild(
        el("p", { className: "pb-agenda-none" }, [
          "今天（" + monthDay(today) + "）不在本支公司行事历的期间内（" + monthDay(branch.first) + "至" + monthDay(branch.last) + "）。",
          el("a", { href: siteUrl(branch.calendar), text: "打开本支公司行事历" })
        ])
      );
      return Promise.resolve();
    }
    var monday = addDays(today, -((asDate(today).getUTCDay() + 6) % 7));
    var week = [];
    for (var i = 0; i < 7; i++) week.push(addDays(monday, i));
    var days = scope === "page" ? week : [today];
    return loadDays(branch, days).then(function (loaded) {
      var note = provisionalNote(days, loaded.provisional);
      if (note) out.appendChild(note);
      var roleId = role ? role.id : null;
      if (scope === "page") {
        out.appendChild(
          renderDay(today, loaded.byDay[today], roleId, el("h2", { id: "today", text: "今天 · " + dayLabel(today) }))
        );
        out.appendChild(el("h2", { id: "week", text: "本周 · " + monthDay(week[0]) + "至" + monthDay(week[6]) }));
        week.forEach(function (iso) {
          var heading = el("h3", { text: dayLabel(iso) + (iso === today ? " · 今天" : "") });
          var section = renderDay(iso, loaded.byDay[iso], roleId, heading);
          section.classList.add("pb-agenda-week-day");
          if (iso === today) section.classList.add("pb-agenda-today");
          out.appendChild(section);
        });
      } else {
        out.appendChild(
          renderDay(today, loaded.byDay[today], roleId, el("h3", { text: "今天 · " + dayLabel(today) }), 6)
        );
        out.appendChild(
          el("p", { className: "pb-agenda-links" }, [
            el("a", { href: siteUrl(data.today), text: "今天和本周" }),
            " · ",
            el("a", { href: siteUrl(branch.calendar), text: "本支公司行事历" })
          ])
        );
      }
    });
  }

  // ------------------------------------------------------------ putting it together

  function applyAll() {
    applyBranchBlocks();
    var agendas = document.querySelectorAll("[data-pb-agenda]");
    var needsData =
      agendas.length ||
      document.querySelector(".pb-period[data-pb-last]") ||
      document.querySelector("[data-pb-branch-links]");
    if (!needsData) return;
    siteData().then(
      function (data) {
        applyBranchLinks(data);
        var branch = findBranch(data, load(KEY_BRANCH)) || data.branches[0];
        if (branch) applyPeriods(todayIn(branch.timezone));
        for (var a = 0; a < agendas.length; a++) {
          agendas[a].setAttribute("aria-busy", "true");
          renderAgenda(agendas[a], data).then(
            (function (block) {
              return function () {
                block.removeAttribute("aria-busy");
                block.setAttribute("data-pb-ready", "");
              };
            })(agendas[a]),
            (function (block) {
              return function () {
                block.removeAttribute("aria-busy");
                var fallback = block.querySelector("[data-pb-fallback]");
                if (fallback) fallback.hidden = false;
              };
            })(agendas[a])
          );
        }
      },
      function () {
        /* no branch data (a playbook without branches, or offline): pages stay as built */
      }
    );
  }

  if (document.querySelector('meta[name="playbook:branches"]')) addHeaderButton();
  applyAll();
})();
