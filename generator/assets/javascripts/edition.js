/* Language switch: open the same page in the other edition, not its home page.
 *
 * Material's extra.alternate links point at each edition's root (简体 at the site root,
 * 繁體 at zh-hant/). Every edition has the same pages at the same paths
 * (generator/editions.py converts page by page), so the page path below one root is
 * valid below the other. The switch is a full page load: each edition has its own
 * search index and scripts, which instant navigation would otherwise keep. */
(function () {
  "use strict";

  /* Edition roots as absolute URLs, read once on the full page load: relative links in the
   * header would resolve against later addresses after instant navigation. */
  var roots = {};
  document.querySelectorAll("a[hreflang]").forEach(function (link) {
    roots[link.getAttribute("hreflang")] = link.href.replace(/\/?$/, "/");
  });
  var scope = typeof window.__md_scope !== "undefined" ? String(window.__md_scope) : roots[document.documentElement.lang];
  var here = scope ? scope.replace(/\/?$/, "/") : "";

  document.addEventListener(
    "click",
    function (event) {
      var link = event.target instanceof Element ? event.target.closest("a[hreflang]") : null;
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var target = roots[link.getAttribute("hreflang")];
      var page = location.href.split("#")[0];
      if (!target || !here || page.indexOf(here) !== 0) return;
      event.preventDefault();
      event.stopPropagation();
      location.assign(target + page.slice(here.length) + location.hash);
    },
    true
  );
})();
