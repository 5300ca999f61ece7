/* Hub directory: combined filters and a text filter, on top of pages that work
   without JavaScript. The compact index is fetched on first use only; results are
   built with textContent (no HTML from data). Addresses come from the index and
   words from the form's data-* attributes (written by the page's template). */
(function () {
  "use strict";
  var form = document.getElementById("oshub-filter");
  var results = document.getElementById("oshub-results");
  var count = document.getElementById("oshub-count");
  // from disk (no fetch): the filter pages do the work
  if (!form || !results || !count || !window.fetch || location.protocol === "file:") { return; }
  var root = form.getAttribute("data-root") || "./";
  var original = { html: results.innerHTML, count: count.textContent };
  var pager = document.querySelector(".oshub-pages");
  var index = null;
  var loading = null;
  var SHOW = 96;

  function word(name, values) {
    var text = form.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index"))
        .then(function (response) { return response.json(); })
        .then(function (data) { index = data; return data; });
    }
    return loading;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function card(hub) {
    var article = element("article", "oshub-card");
    var heading = element("h3", "oshub-card__title");
    var link = element("a", "", hub.n);
    link.href = root + hub.u;
    heading.appendChild(link);
    article.appendChild(heading);
    var meta = hub.c + ", " + hub.cn + (hub.stl ? " · " + hub.stl : "");
    article.appendChild(element("p", "oshub-card__meta", meta));
    if (!hub.g.length) {
      article.appendChild(element("p", "oshub-note", word("no-goals")));
      return article;
    }
    var list = element("ul", "oshub-sdgs");
    list.setAttribute("aria-label", word("goals-label"));
    hub.g.forEach(function (n) {
      var item = element("li");
      var badge = element("a", "oshub-sdg oshub-sdg--" + n);
      var goal = index.sdgs[String(n)] || { t: "", u: "" };
      badge.href = root + goal.u;
      badge.appendChild(element("span", "oshub-sdg__number", word("goal", { number: n })));
      badge.appendChild(document.createTextNode(" "));
      badge.appendChild(element("span", "oshub-sdg__title", goal.t));
      item.appendChild(badge);
      list.appendChild(item);
    });
    article.appendChild(list);
    return article;
  }

  function matches(hub, query) {
    var q = fold(query.q).trim();
    if (q && fold(hub.n + " " + hub.c + " " + hub.cn).indexOf(q) < 0) { return false; }
    if (query.country && hub.cc !== query.country) { return false; }
    if (query.sdg && hub.g.indexOf(Number(query.sdg)) < 0) { return false; }
    if (query.status && hub.st !== query.status) { return false; }
    if (query.language && hub.l.indexOf(query.language) < 0) { return false; }
    if (query.barrier && hub.b.indexOf(query.barrier) < 0) { return false; }
    return true;
  }

  function query() {
    var data = {};
    ["q", "country", "sdg", "status", "language", "barrier"].forEach(function (name) {
      var field = form.elements.namedItem(name);
      data[name] = field ? field.value : "";
    });
    return data;
  }

  function isEmpty(q) {
    return !Object.keys(q).some(function (key) { return q[key]; });
  }

  function render(limit) {
    var q = query();
    if (isEmpty(q)) {
      results.innerHTML = original.html;
      count.textContent = original.count;
      if (pager) { pager.hidden = false; }
      return;
    }
    var found = index.hubs.filter(function (hub) { return matches(hub, q); });
    results.textContent = "";
    found.slice(0, limit).forEach(function (hub) { results.appendChild(card(hub)); });
    if (pager) { pager.hidden = true; }
    count.textContent = found.length === 1
      ? word("match-one")
      : word("match-many", { count: found.length });
    if (found.length > limit) {
      var more = element("button", "md-button", word("show-more", { count: found.length - limit }));
      more.type = "button";
      more.addEventListener("click", function () { render(limit + SHOW); });
      results.appendChild(more);
    }
  }

  function update() { load().then(function () { render(SHOW); }); }

  form.hidden = false;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  form.addEventListener("focusin", load, { once: true });
})();
