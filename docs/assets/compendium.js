/* The site's own script: the record explorer, and keyboard access to wide tables.

   Explorer: filters that combine, words that narrow, counts, and the state in the address
   (shareable links, the back button). Without JavaScript the list stays and the filters
   are not shown. The form is in the page from the first paint: starting this script
   changes no layout.

   On a large edition the explorer's page lists its first records only (its paragraph
   [data-more] links to every record as data); the data is loaded the first time the reader
   filters, types or asks for more, and the list is then written from it, a page at a time. */
(function () {
  "use strict";

  var PAGE = 100;  // records written at a time from the data of a large edition
  var NUMBER = typeof Intl !== "undefined" ? new Intl.NumberFormat("en-US") : { format: String };

  function words(text) {
    return String(text || "").toLowerCase().split(/\s+/).filter(Boolean);
  }

  function valuesOf(values) {
    return String(values || "").split(" ").filter(Boolean);
  }

  function setup(root) {
    var form = root.querySelector("form");
    var list = root.querySelector(".explorer-list");
    var status = root.querySelector("[data-status]");
    var search = form.querySelector("[data-filter]");
    var more = root.querySelector("[data-more]");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var facets = Array.prototype.map.call(form.querySelectorAll("[data-facet]"), function (f) {
      return f.getAttribute("data-facet");
    });
    var labels = {};  // facet -> value -> label, for words that name a member or a topic
    facets.forEach(function (facet) { labels[facet] = {}; });
    boxes.forEach(function (box) {
      var label = box.parentNode.cloneNode(true);
      var count = label.querySelector("[data-count]");
      if (count) count.remove();
      labels[box.name][box.value] = label.textContent.trim();
    });

    function record(values, text, element) {
      var extra = (values.tag || []).map(function (t) { return labels.tag && labels.tag[t] || ""; });
      return { values: values, text: (text + " " + extra.join(" ")).toLowerCase(), element: element };
    }

    // The records the page lists; a large edition's others come with its data.
    var records = Array.prototype.map.call(list.querySelectorAll("li[data-kind]"), function (item) {
      var values = {};
      facets.forEach(function (facet) {
        values[facet] = valuesOf(item.getAttribute("data-" + facet));
      });
      return record(values, item.textContent, item);
    });
    var total = more ? parseInt(more.getAttribute("data-more"), 10) : records.length;
    var complete = !more;  // every record is known
    var loading = null;
    var first = more ? records.length : PAGE;  // written at first, and after each new choice
    var limit = first;
    var nextButton = null;

    function load() {
      if (!loading) {
        var link = more.querySelector("a[href]");
        var config = JSON.parse(document.getElementById("__config").textContent);
        var base = new URL(config.base, window.location.href);
        loading = fetch(link.href)
          .then(function (response) {
            if (!response.ok) throw new Error(response.statusText);
            return response.json();
          })
          .then(function (data) {
            records = data.records.map(function (row) {
              var values = { chapter: [row[4]], member: valuesOf(row[5]), tag: valuesOf(row[6]), kind: [row[7]], year: [row[8]] };
              return record(values, row[0] + " " + row[2] + " " + row[3], null);
            });
            records.forEach(function (r, i) { r.row = data.records[i]; r.base = base; });
            complete = true;
            list.textContent = "";
            apply();
          })
          .catch(function () {
            loading = null;
            status.textContent = "The list of every record could not be loaded; the filters apply to the records shown.";
          });
      }
      return loading;
    }

    function element(r) {
      if (r.element) return r.element;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(r.row[1], r.base).href;
      link.textContent = r.row[0];
      var meta = document.createElement("span");
      meta.className = "explorer-meta";
      meta.textContent = r.row[3];
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(meta);
      item.appendChild(document.createElement("br"));
      item.appendChild(document.createTextNode(r.row[2]));
      r.element = item;
      return item;
    }

    function chosen() {
      var picked = { words: words(search && search.value) };
      facets.forEach(function (facet) {
        picked[facet] = boxes.filter(function (box) { return box.name === facet && box.checked; })
          .map(function (box) { return box.value; });
      });
      return picked;
    }

    function matches(r, picked, except) {
      for (var i = 0; i < facets.length; i++) {
        var facet = facets[i];
        if (facet === except || picked[facet].length === 0) continue;
        var values = r.values[facet] || [];
        if (!picked[facet].some(function (v) { return values.indexOf(v) !== -1; })) return false;
      }
      return picked.words.every(function (word) { return r.text.indexOf(word) !== -1; });
    }

    function filtering(picked) {
      return picked.words.length > 0 || facets.some(function (facet) { return picked[facet].length > 0; });
    }

    function apply() {
      var picked = chosen();
      if (!complete && filtering(picked)) load();
      var shown = records.filter(function (r) {
        r.match = matches(r, picked, null);
        return r.match;
      });
      if (complete && more) {
        // Written from the data: the first `limit` matches.
        list.textContent = "";
        shown.slice(0, limit).forEach(function (r) { list.appendChild(element(r)); });
      } else {
        records.forEach(function (r) { r.element.hidden = !r.match; });
      }
      // Each value's count: the records it would show, given the other groups' choices.
      var counts = {};
      facets.forEach(function (facet) {
        counts[facet] = {};
        records.forEach(function (r) {
          if (!matches(r, picked, facet)) return;
          (r.values[facet] || []).forEach(function (v) { counts[facet][v] = (counts[facet][v] || 0) + 1; });
        });
      });
      if (complete) {
        boxes.forEach(function (box) {
          box.parentNode.querySelector("[data-count]").textContent = "(" + (counts[box.name][box.value] || 0) + ")";
        });
      }
      form.querySelectorAll("[data-facet]").forEach(function (fieldset) {
        var n = picked[fieldset.getAttribute("data-facet")].length;
        var note = fieldset.parentNode.querySelector("[data-chosen]");
        if (note) note.textContent = n ? "(" + n + " chosen)" : "";
      });
      var all = complete ? records.length : total;
      var text = !filtering(picked) ? NUMBER.format(all) + " records"
        : NUMBER.format(shown.length) + " of " + NUMBER.format(all) + " records match";
      if (!complete && filtering(picked)) text = "Searching all " + NUMBER.format(total) + " records…";
      else if (complete && more && shown.length > limit) text += " (the first " + NUMBER.format(limit) + " listed)";
      else if (!complete) text += " (the first " + NUMBER.format(records.length) + " listed)";
      status.textContent = text;
      showNext(complete && more ? shown.length > limit : !complete);
      return picked;
    }

    // "Show more" on a large edition: the data's next page of matches.
    function showNext(wanted) {
      if (!more) return;
      if (!nextButton) {
        nextButton = document.createElement("button");
        nextButton.type = "button";
        nextButton.className = "md-button explorer-next";
        nextButton.textContent = "Show " + PAGE + " more";
        nextButton.addEventListener("click", function () {
          limit += PAGE;
          if (!complete) load();
          else apply();
        });
        list.parentNode.insertBefore(nextButton, list.nextSibling);
      }
      nextButton.hidden = !wanted;
    }

    function toAddress(picked) {
      var params = new URLSearchParams(window.location.search);
      facets.concat(["words"]).forEach(function (key) { params.delete(key); });
      facets.forEach(function (facet) {
        picked[facet].forEach(function (v) { params.append(facet, v); });
      });
      if (search && search.value.trim()) params.set("words", search.value.trim());
      var query = params.toString();
      return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    }

    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      boxes.forEach(function (box) {
        box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
      });
      if (search) search.value = params.get("words") || "";
      limit = first;
      apply();
    }

    form.addEventListener("change", function (event) {
      if (event.target === search) return;
      limit = first;
      history.pushState(null, "", toAddress(apply()));
    });
    var typing = null;
    if (search) {
      search.addEventListener("input", function () {
        window.clearTimeout(typing);
        typing = window.setTimeout(function () {
          limit = first;
          history.replaceState(null, "", toAddress(apply()));
        }, 150);
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        limit = first;
        history.pushState(null, "", toAddress(apply()));
      }, 0);
    });
    window.addEventListener("popstate", fromAddress);
    fromAddress();
    // A chapter page keeps its filters folded; open them when the address asks for a filter.
    var params = new URLSearchParams(window.location.search);
    var box = root.closest("details");
    if (box && facets.concat(["words"]).some(function (f) { return params.has(f); })) box.open = true;
  }

  // Material wraps wide tables in a box that scrolls sideways; a keyboard user must be able
  // to focus it to scroll (WCAG 2.1.1), so each box becomes a labelled, focusable region.
  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.hasAttribute("tabindex")) return;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "Table");
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
