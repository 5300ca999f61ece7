/* Small accessibility additions to the theme's own script. Wide tables scroll
   sideways in a wrapper the theme adds; a scrollable region must be reachable by
   keyboard (WCAG 2.1.1), so it gets a tab stop and a name (in the page's language,
   from <body data-oshub-table>). */
(function () {
  "use strict";
  function mendTables() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])");
    Array.prototype.forEach.call(wraps, function (wrap) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", document.body.getAttribute("data-oshub-table") || "Table");
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mendTables);
  } else {
    document.addEventListener("DOMContentLoaded", mendTables);
  }
})();
