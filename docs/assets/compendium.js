/* The site's own script: the record explorer, and keyboard access to wide tables.
   Explorer: filters that combine, show counts, and keep their state in the address
   (shareable links, back button). Without JavaScript the full list stays. */
(function () {
  "use strict";

  function setup(root) {
    var form = root.querySelector("form");
    var items = Array.prototype.slice.call(root.querySelectorAll("li[data-kind]"));
    var status = root.querySelector("[data-status]");
    var facets = Array.prototype.map.call(root.querySelectorAll("[data-facet]"), function (f) {
      return f.getAttribute("data-facet");
    });

    function valuesOf(item, facet) {
      return (item.getAttribute("data-" + facet) || "").split(" ").filter(Boolean);
    }

    function selected() {
      var chosen = {};
      facets.forEach(function (facet) {
        chosen[facet] = Array.prototype.filter.call(form.elements[facet] ? form.querySelectorAll('input[name="' + facet + '"]') : [], function (box) {
          return box.checked;
        }).map(function (box) { return box.value; });
      });
      return chosen;
    }

    function matches(item, chosen, except) {
      return facets.every(function (facet) {
        if (facet === except || chosen[facet].length === 0) return true;
        var values = valuesOf(item, facet);
        return chosen[facet].some(function (v) { return values.indexOf(v) !== -1; });
      });
    }

    function apply() {
      var chosen = selected();
      var shown = 0;
      items.forEach(function (item) {
        var visible = matches(item, chosen, null);
        item.hidden = !visible;
        if (visible) shown += 1;
      });
      // Each value's count: records it would show, given the other groups' choices.
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        var facet = box.name;
        var count = items.filter(function (item) {
          return matches(item, chosen, facet) && valuesOf(item, facet).indexOf(box.value) !== -1;
        }).length;
        box.parentNode.querySelector("[data-count]").textContent = "(" + count + ")";
      });
      status.textContent = shown === items.length ? items.length + " records" : shown + " of " + items.length + " records match";
      return chosen;
    }

    function toAddress(chosen) {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet) {
        params.delete(facet);
        chosen[facet].forEach(function (v) { params.append(facet, v); });
      });
      var query = params.toString();
      return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    }

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
      });
      apply();
    }

    form.addEventListener("change", function () {
      var chosen = apply();
      history.pushState(null, "", toAddress(chosen));
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        var chosen = apply();
        history.pushState(null, "", toAddress(chosen));
      }, 0);
    });
    window.addEventListener("popstate", fromAddress);
    form.hidden = false;
    fromAddress();
    // A chapter page keeps its filters folded; open them when a link asks for a filter.
    var box = root.closest("details");
    if (box && facets.some(function (f) { return new URLSearchParams(window.location.search).has(f); })) box.open = true;
  }

  // Material wraps wide tables in a sideways-scrolling box; a keyboard user must be able
  // to focus it to scroll (WCAG 2.1.1), so each box becomes a labelled, focusable region.
  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.hasAttribute("tabindex")) return;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table (scrolls sideways)");
    });
  }

  function start() {
    document.querySelectorAll("[data-explorer]").forEach(setup);
    if (window.document$) window.document$.subscribe(scrollableTables);
    else scrollableTables();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
