/* Card tools, the call-prep finder and search shortcuts.
 *
 * Plain JavaScript on top of Material for MkDocs, re-run on every page of instant
 * navigation (document$). Data comes from api/handbook.json (api/handbook.js in the
 * offline edition opened from file://, where fetch is not allowed). Text from the
 * course is always inserted as text, never as HTML.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  /* Site root: this file lives in <root>/assets/javascripts/. */
  var ROOT = new URL("../../", SCRIPT ? SCRIPT.src : location.href);
  /* The offline edition has no directory URLs: cards/m2-passive.html, not cards/m2-passive/. */
  var FLAT = location.protocol === "file:" || "IFrameWorker" in window;

  var FILL_KEY = "handbook.fill";
  var FILL_HOURS = 12; /* filled-in customer details are kept for one working session */
  var FIELDS = [
    { ph: "客户", label: "客户公司", hint: "如 华盛成套" },
    { ph: "联系人", label: "对方联系人", hint: "如 王经理" },
    { ph: "金额", label: "欠款金额", hint: "如 128000", mode: "decimal" },
    { ph: "逾期天数", label: "逾期天数", hint: "如 45", mode: "numeric" },
    { ph: "到期日", label: "到期日", type: "date" },
    { ph: "我", label: "我的名字", hint: "如 小陈" },
    { ph: "公司", label: "我方公司", hint: "如 恒通电气" }
  ];

  var SECTION_LABEL = { stages: "阶段", types: "客户类型", objections: "客户说", tactics: "技巧", cards: "话术卡", guides: "专题", channels: "渠道" };
  var FILLER = /客户(?:总是|老是|一直)?(?:说|讲|回|表示)?|对方(?:说|讲)?|怎么(?:回|办|说|应对|催|处理)|如何(?:回|应对|催)?|话术|回复|应对|的时候|时候|了吧|吗|呢|啊|[\s，。,.!?！？：:“”"'、]+/g;

  /* ------------------------------------------------------------------ helpers */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function pageHref(url) {
    var path = FLAT ? (url === "" ? "index.html" : url.replace(/\/$/, ".html")) : url;
    return new URL(path, ROOT).href;
  }

  function today() {
    var now = new Date();
    return new Date(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function parseDate(text) {
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text || "");
    return m ? new Date(+m[1], +m[2] - 1, +m[3]) : null;
  }

  function daysSince(date) {
    return Math.round((today() - date) / 864e5);
  }

  var cache = {};
  /* api/handbook.json, once per address. Pages opened from file:// may not fetch: there the
   * offline edition's script twin api/handbook.js sets window.__api["handbook.json"]. */
  function loadData(src) {
    var url = new URL(src || "api/handbook.json", src ? location.href : ROOT).href;
    var name = url.split("/").pop();
    function loaded() { return window.__api && window.__api[name]; }
    if (!cache[url]) {
      cache[url] =
        location.protocol === "file:"
          ? new Promise(function (resolve, reject) {
              if (loaded()) return resolve(loaded());
              var tag = el("script", { src: url.replace(/\.json$/, ".js") });
              tag.onload = function () {
                loaded() ? resolve(loaded()) : reject(new Error(url));
              };
              tag.onerror = function () { reject(new Error(url)); };
              document.head.appendChild(tag);
            })
          : fetch(url).then(function (response) {
              if (!response.ok) throw new Error(url + ": " + response.status);
              return response.json();
            });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }

  function stageForDays(stages, days) {
    for (var i = 0; i < stages.length; i++) {
      var s = stages[i];
      if ((s.days_min === null || days >= s.days_min) && (s.days_max === null || days <= s.days_max)) return s;
    }
    return null;
  }

  /* ------------------------------------------------------------------ filled-in values */

  function readFill() {
    try {
      var saved = JSON.parse(localStorage.getItem(FILL_KEY) || "null");
      if (saved && Date.now() - saved.at < FILL_HOURS * 36e5) return saved.values || {};
      localStorage.removeItem(FILL_KEY);
    } catch (e) { /* storage off or broken: start empty */ }
    return {};
  }

  function writeFill(values) {
    try {
      var kept = {};
      Object.keys(values).forEach(function (key) { if (values[key]) kept[key] = values[key]; });
      if (Object.keys(kept).length) localStorage.setItem(FILL_KEY, JSON.stringify({ at: Date.now(), values: kept }));
      else localStorage.removeItem(FILL_KEY);
    } catch (e) { /* private mode: values still fill this page */ }
  }

  /* The text that replaces a placeholder, or "" when it is not filled in. */
  function display(values, ph) {
    var raw = (values[ph] || "").trim();
    if (!raw) return "";
    if (ph === "金额" && /^\d+(\.\d+)?$/.test(raw.replace(/,/g, ""))) {
      var parts = raw.replace(/,/g, "").split(".");
      return parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (parts[1] ? "." + parts[1] : "") + "元";
    }
    if (ph === "到期日") {
      var date = parseDate(raw);
      if (date) {
        var md = date.getMonth() + 1 + "月" + date.getDate() + "日";
        return date.getFullYear() === today().getFullYear() ? md : date.getFullYear() + "年" + md;
      }
    }
    return raw;
  }

  function fillText(text, values) {
    return text.replace(/\{([^{}]+)\}/g, function (all, ph) {
      return display(values, ph) || all;
    });
  }

  function applyFill(scope, values) {
    scope.querySelectorAll(".ph[data-ph]").forEach(function (span) {
      if (!span.hasAttribute("data-empty")) span.setAttribute("data-empty", span.textContent);
      var text = display(values, span.getAttribute("data-ph"));
      span.textContent = text || span.getAttribute("data-empty");
      span.classList.toggle("ph-filled", !!text);
    });
  }

  /* ------------------------------------------------------------------ copy buttons */

  function lineText(line) {
    if (line.hasAttribute("data-line")) return fillText(line.getAttribute("data-line"), readFill());
    var clone = line.cloneNode(true);
    clone.querySelectorAll(".cue, .copy").forEach(function (n) { n.remove(); });
    return clone.textContent.trim();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = el("textarea", { readonly: true, className: "copy-buffer" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      ok ? resolve() : reject(new Error("copy"));
    });
  }

  function addCopyButtons(scope) {
    scope.querySelectorAll(".md-content .line").forEach(function (line) {
      if (line.querySelector(":scope > .copy")) return;
      var button = el("button", { type: "button", className: "copy", "aria-label": "复制这一句", text: "复制" });
      line.appendChild(button);
    });
  }

  function onCopyClick(event) {
    var button = event.target instanceof Element ? event.target.closest(".line > .copy") : null;
    if (!button) return;
    var text = lineText(button.parentElement);
    var missing = text.match(/\{[^{}]+\}/g);
    copyText(text).then(
      function () {
        button.textContent = "已复制";
        button.classList.add("copied");
        status(missing ? "已复制。还没填：" + missing.join("、") : "已复制，可以粘贴到微信或短信里");
      },
      function () {
        button.textContent = "失败";
        status("没能复制：请长按文字手动复制");
      }
    );
    setTimeout(function () {
      button.textContent = "复制";
      button.classList.remove("copied");
    }, 1600);
  }

  var statusTimer = 0;
  function status(message) {
    var box = document.querySelector(".hb-status");
    if (!box) {
      box = el("div", { className: "hb-status", role: "status", "aria-live": "polite" });
      document.body.appendChild(box);
    }
    box.textContent = message;
    box.classList.add("hb-status--on");
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { box.classList.remove("hb-status--on"); }, 2600);
  }

  /* ------------------------------------------------------------------ card pages */

  function mountCardTools(tools) {
    if (tools.hasAttribute("data-ready")) return;
    tools.setAttribute("data-ready", "");
    var article = tools.closest("article") || document;
    var params = new URLSearchParams(location.search);
    var hash = decodeURIComponent(location.hash.slice(1));
    var channel = params.get("channel") || (/^channel-/.test(hash) ? hash.slice(8) : "");
    var objection = params.get("objection") || (/^objection-/.test(hash) ? hash.slice(10) : "");

    if (objection) tools.appendChild(replyOnTop(article, objection, tools.getAttribute("data-stage")));
    tools.appendChild(fillForm(article));
    applyFill(article, readFill());
    if (channel) selectChannel(article, channel);
    if (/^channel-/.test(hash)) {
      var target = document.getElementById(hash);
      if (target) target.scrollIntoView();
    }
  }

  function selectChannel(scope, channel) {
    var script = scope.querySelector("#channel-" + CSS.escape(channel));
    var set = script && script.closest(".tabbed-set");
    if (!set) return false;
    var blocks = Array.prototype.slice.call(set.querySelector(".tabbed-content").children);
    var input = set.querySelectorAll(":scope > input")[blocks.indexOf(script.closest(".tabbed-block"))];
    if (!input) return false;
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function replyOnTop(article, objection, stage) {
    var box = el("section", { className: "reply-top", "aria-label": "客户这句话的回法" });
    var source = article.querySelector("#objection-" + CSS.escape(objection));
    if (source) {
      box.appendChild(el("p", { className: "reply-top__title", text: "客户这样说时，先这样回：" }));
      var copy = source.cloneNode(true);
      copy.removeAttribute("id");
      box.appendChild(copy);
      return box;
    }
    /* The card does not answer this objection: point to the objection page's answer for this stage. */
    box.appendChild(el("p", { className: "reply-top__title", text: "这张卡没有写这句话的回法" }));
    var link = el("a", { href: pageHref("objections/" + objection + "/") + (stage ? "#stage-" + stage.toLowerCase() : "") });
    link.textContent = "看这句话在本阶段的回法 →";
    box.appendChild(el("p", {}, [link]));
    loadData().then(function (data) {
      var found = data.objections.filter(function (o) { return o.id === objection; })[0];
      if (found) {
        link.href = pageHref(found.url) + (stage ? "#stage-" + stage.toLowerCase() : "");
        link.textContent = "看“" + found.name + "”在本阶段的回法 →";
      }
    }, function () { /* the plain link still works */ });
    return box;
  }

  function fillForm(article) {
    var values = readFill();
    var details = el("details", { className: "fill" });
    var summary = el("summary", {}, [el("span", { className: "fill__title", text: "填客户信息" }), el("span", { className: "fill__state" })]);
    details.appendChild(summary);
    var grid = el("div", { className: "fill__grid" });
    FIELDS.forEach(function (field) {
      var input = el("input", {
        type: field.type || "text",
        name: field.ph,
        inputmode: field.mode,
        placeholder: field.hint,
        autocomplete: "off",
        "data-ph": field.ph
      });
      input.value = values[field.ph] || "";
      grid.appendChild(el("label", { className: "fill__field" }, [el("span", { text: field.label }), input]));
    });
    details.appendChild(grid);
    var clear = el("button", { type: "button", className: "fill__clear", text: "清空" });
    details.appendChild(el("p", { className: "fill__foot" }, [
      el("span", { text: "复制话术时自动带入。只存在这台手机上，12 小时后清除。" }), clear
    ]));

    function current() {
      var next = {};
      grid.querySelectorAll("input").forEach(function (input) { next[input.name] = input.value.trim(); });
      return next;
    }
    function refresh(values) {
      var filled = FIELDS.filter(function (f) { return values[f.ph]; }).length;
      summary.querySelector(".fill__state").textContent = filled ? "已填 " + filled + " 项" : "可不填";
      applyFill(article, values);
    }
    grid.addEventListener("input", function (event) {
      var values = current();
      if (event.target.name === "到期日") {
        var due = parseDate(values["到期日"]);
        var days = grid.querySelector("input[name='逾期天数']");
        if (due) days.value = values["逾期天数"] = String(Math.max(0, daysSince(due)));
      }
      writeFill(values);
      refresh(values);
    });
    clear.addEventListener("click", function () {
      grid.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      writeFill({});
      refresh({});
    });
    refresh(values);
    return details;
  }

  /* Review dates are checked again with the phone's date: a site built months ago still flags stale cards. */
  function markStale(scope) {
    scope.querySelectorAll(".review[data-reviewed][data-interval]").forEach(function (review) {
      var reviewed = parseDate(review.getAttribute("data-reviewed"));
      var interval = +review.getAttribute("data-interval");
      if (!reviewed || review.querySelector(".stale-note") || daysSince(reviewed) <= interval) return;
      review.appendChild(document.createTextNode(" · "));
      review.appendChild(el("strong", { className: "stale-note", text: "已超过 " + interval + " 天，需要复核" }));
      var tags = scope.querySelector(".card-tags");
      if (tags && !tags.querySelector(".badge-stale")) {
        var holder = tags.querySelector("p") || tags;
        holder.appendChild(el("span", { className: "badge badge-stale", title: "超过 " + interval + " 天未复核", text: "待复核" }));
      }
    });
  }

  /* ------------------------------------------------------------------ the finder */

  function mountFinder(box) {
    if (box.hasAttribute("data-ready")) return;
    box.setAttribute("data-ready", "");
    box.setAttribute("aria-busy", "true");
    loadData(box.getAttribute("data-src")).then(
      function (data) {
        box.removeAttribute("aria-busy");
        buildFinder(box, data);
      },
      function () {
        box.removeAttribute("aria-busy");
        var link = el("a", { href: pageHref("cards/"), text: "阶段 × 类型矩阵" });
        box.appendChild(el("p", { className: "finder__error" }, ["没能读取话术数据，请刷新页面；也可以直接看", link, "。"]));
      }
    );
  }

  function chips(name, items, legend) {
    var set = el("fieldset", { className: "finder__group finder__group--" + name });
    set.appendChild(el("legend", { text: legend }));
    var list = el("div", { className: "finder__chips" });
    items.forEach(function (item) {
      var input = el("input", { type: "radio", name: name, value: item.value });
      var body = [el("span", { className: "chip__name", text: item.label })];
      if (item.hint) body.push(el("span", { className: "chip__hint", text: item.hint }));
      list.appendChild(el("label", { className: "chip" + (item.hint ? " chip--wide" : "") }, [input].concat(body)));
    });
    set.appendChild(list);
    return set;
  }

  function buildFinder(box, data) {
    var form = el("form", { className: "finder__form", "aria-label": "找话术" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    var when = el("fieldset", { className: "finder__group finder__group--when" });
    when.appendChild(el("legend", { text: "1. 逾期多久" }));
    var days = el("input", { type: "number", name: "days", inputmode: "numeric", min: "0", max: "3650", placeholder: "如 45" });
    var due = el("input", { type: "date", name: "due" });
    when.appendChild(el("div", { className: "finder__when" }, [
      el("label", { className: "finder__field finder__field--days" }, [el("span", { text: "逾期天数" }), days]),
      el("label", { className: "finder__field finder__field--due" }, [el("span", { text: "或 到期日" }), due])
    ]));
    var stageNote = el("p", { className: "finder__note", "aria-live": "polite" });
    when.appendChild(stageNote);
    form.appendChild(when);

    var stageSet = chips("stage", data.stages.map(function (s) {
      var span = s.days_min === null ? "未到期" : s.days_max === null ? s.days_min - 1 + "天以上" : s.days_min + "–" + s.days_max + "天";
      return { value: s.id, label: s.id + " " + span };
    }), "阶段（填了天数会自动选上）");
    form.appendChild(stageSet);

    form.appendChild(chips("type", data.debtor_types.map(function (t) {
      return { value: t.id, label: t.name, hint: t.hint };
    }), "2. 客户类型"));

    var said = el("fieldset", { className: "finder__group finder__group--said" });
    said.appendChild(el("legend", { text: "3. 客户说了什么（可不选）" }));
    var select = el("select", { name: "objection", "aria-label": "客户说了什么" });
    select.appendChild(el("option", { value: "", text: "还没说 / 不确定" }));
    data.objections.forEach(function (o) {
      select.appendChild(el("option", { value: o.id, text: o.name + "（“" + o.variants.slice(0, 2).join("”“") + "”）" }));
    });
    said.appendChild(select);
    form.appendChild(said);

    var channelNames = {};
    (data.channels || []).forEach(function (c) { channelNames[c.id] = c.name; });
    form.appendChild(chips("channel", (data.channels || []).map(function (c) {
      return { value: c.id, label: c.name };
    }), "4. 用什么渠道"));
    var firstChannel = form.querySelector("input[name='channel']");
    if (firstChannel) firstChannel.checked = true;

    var result = el("div", { className: "finder__result", "aria-live": "polite", "data-finder-result": "" });
    form.appendChild(result);
    box.appendChild(form);


    function picked(name) {
      var input = form.querySelector("input[name='" + name + "']:checked");
      return input ? input.value : "";
    }
    function check(name, value) {
      form.querySelectorAll("input[name='" + name + "']").forEach(function (input) { input.checked = input.value === value; });
    }

    function fromDays(count) {
      var stage = isNaN(count) ? null : stageForDays(data.stages, count);
      if (stage) check("stage", stage.id);
      stageNote.textContent = stage
        ? (count > 0 ? "逾期 " + count + " 天" : count < 0 ? "还有 " + -count + " 天到期" : "今天到期") +
          " → " + stage.id + " " + stage.name + "（" + stage.short + "）"
        : "";
    }

    function update(event) {
      var source = event ? event.target : null;
      if (source === due) {
        var date = parseDate(due.value);
        if (date) {
          var count = daysSince(date);
          days.value = String(Math.max(0, count));
          fromDays(count);
        }
      } else if (source === days) {
        due.value = "";
        if (days.value === "") stageNote.textContent = "";
        else fromDays(Math.floor(+days.value));
      } else if (source && source.name === "stage") {
        stageNote.textContent = "";
      }
      if (source === days || source === due) {
        var values = readFill();
        values["逾期天数"] = +days.value > 0 ? days.value : "";
        values["到期日"] = due.value;
        writeFill(values);
      }
      render();
    }

    function render() {
      var stageId = picked("stage");
      var typeId = picked("type");
      var objectionId = select.value;
      var channel = picked("channel");
      result.textContent = "";
      if (!stageId || !typeId) {
        result.appendChild(el("p", { className: "finder__hint", text: !stageId ? "先填逾期天数（或到期日），或直接点一个阶段。" : "再选客户类型。" }));
        return;
      }
      var card = data.cards.filter(function (c) { return c.stage === stageId && c.debtor_type === typeId; })[0];
      var stage = data.stages.filter(function (s) { return s.id === stageId; })[0];
      var objection = data.objections.filter(function (o) { return o.id === objectionId; })[0];
      if (!card) {
        result.appendChild(el("p", { text: "这一格（" + stageId + "）还没有话术卡，先看阶段页的通用做法。" }));
        result.appendChild(el("a", { className: "finder__open", href: pageHref(stage.url), text: "打开 " + stage.id + " " + stage.name + " →" }));
        return;
      }
      var use = card.channels.indexOf(channel) >= 0 ? channel : card.channels[0];
      var query = "?channel=" + encodeURIComponent(use) + (objection ? "&objection=" + encodeURIComponent(objection.id) : "");
      result.appendChild(el("p", { className: "finder__card" }, [
        el("span", { className: "finder__cell", text: card.stage + " · " + nameOf(data.debtor_types, card.debtor_type) }),
        el("strong", { text: card.title })
      ]));
      var open = el("a", { className: "finder__open", href: pageHref(card.url) + query, "data-card": card.id });
      open.textContent = "打开话术卡 · " + (channelNames[use] || use) + " →";
      result.appendChild(open);
      if (objection && card.objections.indexOf(objection.id) >= 0) {
        result.appendChild(el("p", { className: "finder__extra", text: "卡片最上面就是“" + objection.name + "”的回法。" }));
      } else if (objection) {
        result.appendChild(el("p", { className: "finder__extra" }, [
          "这张卡没写“" + objection.name + "”，回法看 ",
          el("a", { href: pageHref(objection.url) + "#stage-" + stageId.toLowerCase(), text: "异议页 · " + stageId + " 这一格" }),
          "。"
        ]));
      }
      if (use !== channel && channel) {
        result.appendChild(el("p", { className: "finder__extra", text: "这张卡没有“" + (channelNames[channel] || channel) + "”的话术，先打开" + (channelNames[use] || use) + "。" }));
      }
    }

    form.addEventListener("input", update);
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio" || event.target.tagName === "SELECT") update(event);
    });
    /* Days or due date entered earlier (here or on a card) carry over. */
    var stored = readFill();
    if (parseDate(stored["到期日"])) {
      due.value = stored["到期日"];
      update({ target: due });
    } else if (stored["逾期天数"]) {
      days.value = stored["逾期天数"];
      update({ target: days });
    } else {
      update(null);
    }
  }

  function nameOf(items, id) {
    var item = items.filter(function (i) { return i.id === id; })[0];
    return item ? item.name : id;
  }

  /* ------------------------------------------------------------------ search shortcuts */

  /* Days, months or weeks overdue in a query such as “逾期45天”“拖了两个月”“还有5天到期”. */
  var NUMERALS = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
  function numberOf(text) {
    if (/^\d+$/.test(text)) return +text;
    if (text === "半") return 0.5;
    if (text === "十") return 10;
    var m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
    if (m) return (m[1] ? NUMERALS[m[1]] : 1) * 10 + (m[2] ? NUMERALS[m[2]] : 0);
    return NUMERALS[text] || null;
  }

  function daysInQuery(query) {
    var n = "(\\d+|[一二两三四五六七八九十]{1,3}|半)";
    var ahead = new RegExp("(?:还有|还差|距离?到期(?:还有)?)" + n + "\\s*(?:天|日)|" + n + "\\s*(?:天|日)后到期").exec(query);
    if (ahead) return -numberOf(ahead[1] || ahead[2]);
    if (/未到期|没到期/.test(query)) return 0;
    var m = new RegExp(n + "\\s*(天|日|周|星期|个?月|年)").exec(query);
    if (!m) return null;
    /* “过两天就付” is a promise, not an age: a number counts with an overdue word, or on its own. */
    var alone = query.replace(m[0], "").replace(FILLER, "") === "";
    if (!alone && !/逾期|超期|过期|拖了|欠了|晚了|超过|已经|多久/.test(query)) return null;
    var count = numberOf(m[1]);
    if (count === null) return null;
    var unit = m[2];
    if (unit === "周" || unit === "星期") return Math.round(count * 7);
    if (/月/.test(unit)) return Math.round(count * 30);
    if (unit === "年") return Math.round(count * 365);
    return count;
  }

  function bigrams(text) {
    var out = [];
    for (var i = 0; i + 1 < text.length; i++) out.push(text.slice(i, i + 2));
    return out;
  }

  /* How well a phrase matches the query: 1.2 same words, 1 the phrase contains the query,
   * 0.6–1 the query contains the phrase; otherwise the best of: the longest common run of
   * characters against the query's length, the share of common character pairs (Dice), and
   * the share of the query's character pairs found in the phrase (a little less). */
  function cover(query, phrase) {
    phrase = phrase.toLowerCase().replace(FILLER, "");
    if (!query || !phrase) return 0;
    if (phrase === query) return 1.2;
    if (query.length >= 2 && phrase.indexOf(query) >= 0) return 1;
    if (phrase.length >= 2 && query.indexOf(phrase) >= 0) return 0.6 + 0.4 * phrase.length / query.length;
    var a = bigrams(query);
    var b = bigrams(phrase);
    if (!a.length || !b.length) return 0;
    var shared = a.filter(function (pair) { return b.indexOf(pair) >= 0; }).length;
    var run = 0;
    for (var i = 0; i < query.length; i++) {
      for (var j = i + run + 1; j <= query.length && phrase.indexOf(query.slice(i, j)) >= 0; j++) run = j - i;
    }
    return Math.max(run >= 2 ? run / query.length : 0, (2 * shared) / (a.length + b.length), (0.9 * shared) / a.length);
  }

  function bestMatch(items, section, query, threshold) {
    var best = null;
    (items || []).forEach(function (item) {
      /* Channel names (电话, 微信) are everyday words: channels are found by their listed phrases only. */
      var names = section === "channels" ? [] : (item.name || "").split(/[\/／]/);
      /* search_words: what salespeople type that the pages do not say, kept with each item in the course YAML. */
      var phrases = names.concat(item.variants || [], item.search_words || []);
      var score = Math.max.apply(null, phrases.map(function (p) { return cover(query, p); }));
      if (score >= threshold && (!best || score > best.score)) best = { item: item, score: score, section: section };
    });
    return best;
  }

  function shortcuts(data, raw) {
    var query = raw.trim().toLowerCase();
    if (!query) return [];
    var found = [];

    var stage = null;
    var code = /(?:^|[^a-z0-9])(m[0-3])(?![0-9])/.exec(query) || /^(m[0-3])$/.exec(query);
    if (code) stage = data.stages.filter(function (s) { return s.id.toLowerCase() === code[1]; })[0] || null;
    data.stages.forEach(function (s) {
      if (!stage && s.short && query.indexOf(s.short.toLowerCase()) >= 0) stage = s;
    });
    var days = daysInQuery(query);
    if (!stage && days !== null) stage = stageForDays(data.stages, days);

    var rest = query
      .replace(/(?:逾期|超期|过期|拖了|欠了|已经)?(?:\d+|[一二两三四五六七八九十]{1,3}|半)\s*(?:天|日|周|星期|个?月|年)(?:了|多)?|还有|到期|m[0-3]/g, "")
      .replace(FILLER, "");

    /* A type's short name (消极, 战略) counts only when no customer phrase uses it (回款 does: 等甲方回款). */
    var said = data.objections.map(function (o) { return o.name + " " + o.variants.join(" "); }).join(" ");
    var type = null;
    data.debtor_types.forEach(function (t) {
      var short = t.name.replace(/(导向|主导)?型$/, "");
      var keys = [t.name, t.name.replace(/型$/, "")].concat(said.indexOf(short) < 0 ? [short] : [], t.search_words || []);
      keys.forEach(function (key) {
        var k = key.toLowerCase();
        if (k.length >= 2 && rest.indexOf(k) >= 0 && (!type || k.length > type.len)) type = { item: t, len: k.length, key: k };
      });
    });
    if (type) rest = rest.replace(type.key, "");

    var bestObjection = rest.length >= 2 ? bestMatch(data.objections, "objections", rest, 0.6) : null;
    var topic = null;
    if (rest.length >= 2 && !bestObjection) {
      ["tactics", "guides", "channels"].forEach(function (section) {
        var hit = bestMatch(data[section], section, rest, 0.8);
        if (hit && (!topic || hit.score > topic.score)) topic = hit;
      });
    }

    var card = stage && type ? data.cards.filter(function (c) { return c.stage === stage.id && c.debtor_type === type.item.id; })[0] : null;
    if (card) {
      var params = bestObjection && card.objections.indexOf(bestObjection.item.id) >= 0 ? "?objection=" + bestObjection.item.id : "";
      found.push({ section: "cards", title: card.stage + " · " + type.item.name + "：" + card.title, href: pageHref(card.url) + params, score: 4 });
    }
    if (bestObjection) {
      var anchor = stage ? "#stage-" + stage.id.toLowerCase() : "";
      found.push({
        section: "objections",
        title: bestObjection.item.name + (stage ? "（" + stage.id + " 的回法）" : ""),
        href: pageHref(bestObjection.item.url) + anchor,
        score: 2 + bestObjection.score
      });
    }
    if (stage) {
      found.push({
        section: "stages",
        title: stage.id + " " + stage.name + "（" + stage.short + "）" + (days !== null && days > 0 ? "：逾期 " + days + " 天" : ""),
        href: pageHref(stage.url),
        score: bestObjection || topic ? 1.5 : 2.5
      });
    }
    if (type) found.push({ section: "types", title: type.item.name, href: pageHref(type.item.url), score: 1.2 });
    if (topic) {
      var hash = topic.section === "channels" ? "#" + topic.item.id : "";
      found.push({ section: topic.section, title: topic.item.name, href: pageHref(topic.item.url) + hash, score: 2 + topic.score });
    }
    return found.sort(function (a, b) { return b.score - a.score; }).slice(0, 3);
  }

  function renderShortcuts(input, data) {
    /* Beside Material's result list, not inside it: Material takes that element's first and last child as its own. */
    var result = document.querySelector(".md-search-result");
    if (!result || !result.parentNode) return;
    var box = result.parentNode.querySelector(".hb-shortcuts");
    if (!box) {
      box = el("nav", { className: "hb-shortcuts", "aria-label": "直达" });
      result.parentNode.insertBefore(box, result);
    }
    var hits = shortcuts(data, input.value);
    box.textContent = "";
    box.hidden = !hits.length;
    hits.forEach(function (hit) {
      box.appendChild(el("a", { className: "hb-shortcut", href: hit.href }, [
        el("span", { className: "hb-shortcut__kind", text: SECTION_LABEL[hit.section] || "" }),
        el("span", { className: "hb-shortcut__title", text: hit.title })
      ]));
    });
  }

  function bindSearch() {
    var input = document.querySelector("input.md-search__input");
    if (!input || input.hasAttribute("data-shortcuts")) return;
    input.setAttribute("data-shortcuts", "");
    function run() {
      loadData().then(function (data) { renderShortcuts(input, data); }, function () { /* Material's results still work */ });
    }
    input.addEventListener("input", run);
    input.addEventListener("keyup", run);
    input.addEventListener("focus", run);
    var form = input.form;
    if (form) form.addEventListener("reset", function () { setTimeout(run, 0); });
  }

  /* ------------------------------------------------------------------ start */

  function init() {
    document.querySelectorAll("[data-finder]").forEach(mountFinder);
    document.querySelectorAll("[data-card-tools]").forEach(mountCardTools);
    addCopyButtons(document);
    if (!document.querySelector("[data-card-tools]")) applyFill(document, readFill());
    markStale(document);
    bindSearch();
  }

  document.addEventListener("click", onCopyClick);
  /* A link to #channel-wechat on the same card switches the tab too. */
  window.addEventListener("hashchange", function () {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (/^channel-/.test(hash) && selectChannel(document, hash.slice(8))) {
      var target = document.getElementById(hash);
      if (target) target.scrollIntoView();
    }
  });
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  /* For tests and the benchmark: the pure functions, no DOM. */
  window.__handbookTools = { shortcuts: shortcuts, daysInQuery: daysInQuery, stageForDays: stageForDays, fillText: fillText };
})();
