/* Hub self-assessment: scores the answers in the browser and points to the guides
   to read next. Nothing is sent anywhere: there is no submit, no request. Words come
   from the form's data-* attributes (written by the page's template). */
(function () {
  "use strict";
  var form = document.getElementById("oshub-self-assessment");
  var results = document.getElementById("oshub-results");
  if (!form || !results) { return; }
  var actions = form.querySelector(".oshub-assessment__actions");
  var summary = document.getElementById("oshub-results-summary");
  var list = document.getElementById("oshub-results-list");
  var max = Number(form.getAttribute("data-scale-max")) || 3;

  function word(name, values) {
    var text = form.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function score() {
    var sections = Array.prototype.map.call(
      form.querySelectorAll(".oshub-assessment__section"),
      function (section) {
        var questions = section.querySelectorAll(".oshub-assessment__question");
        var points = 0, answered = 0;
        Array.prototype.forEach.call(questions, function (question) {
          var checked = question.querySelector("input:checked");
          if (checked) { points += Number(checked.value); answered += 1; }
        });
        return {
          title: section.getAttribute("data-title"),
          guide: section.getAttribute("data-guide"),
          percent: answered ? Math.round(100 * points / (answered * max)) : null,
          answered: answered,
          total: questions.length
        };
      }
    );
    var answered = sections.reduce(function (n, s) { return n + s.answered; }, 0);
    var total = sections.reduce(function (n, s) { return n + s.total; }, 0);
    // weakest answered sections first; sections left blank go last
    sections.sort(function (a, b) {
      if (a.percent === null) { return b.percent === null ? 0 : 1; }
      if (b.percent === null) { return -1; }
      return a.percent - b.percent;
    });
    list.textContent = "";
    sections.forEach(function (section, index) {
      var item = document.createElement("li");
      var text = section.percent === null
        ? word("not-answered", { section: section.title })
        : word("percent", { section: section.title, percent: section.percent });
      if (section.percent !== null && section.answered < section.total) {
        text += " " + word("partly", { answered: section.answered, total: section.total });
      }
      item.appendChild(document.createTextNode(text + ". "));
      if (index < 2 && section.percent !== null && section.percent < 100) {
        var link = document.createElement("a");
        link.href = section.guide;
        link.textContent = word("read-next", { section: section.title.toLowerCase() });
        item.appendChild(link);
      }
      list.appendChild(item);
    });
    summary.textContent = answered === 0
      ? word("nothing")
      : word("summary", { answered: answered, total: total });
    results.hidden = false;
    results.querySelector("h2").focus({ preventScroll: false });
  }

  actions.hidden = false;
  results.querySelector("h2").setAttribute("tabindex", "-1");
  document.getElementById("oshub-score").addEventListener("click", score);
  form.addEventListener("submit", function (event) { event.preventDefault(); score(); });
  form.addEventListener("reset", function () { results.hidden = true; });
})();
