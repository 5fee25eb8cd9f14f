/* The search index, loaded when the reader starts a search rather than with every page.

   Material's script asks for search/search_index.json as soon as a page opens, and its
   worker builds the search from it: on a phone on a slow link, the largest file of a
   visit, searched or not. Loaded before Material's script (overrides/main.html), this one
   holds that request back until the reader starts a search: focuses the search box (a
   tap, a click, or the "/", "s" and "f" keys, which focus it) or opens the search.

   It then asks for search/first.json instead (compendium/first_search.py): the index
   itself while it is small, or, for a large edition, the titles and first words of every
   page, with the address and size of the whole index. In that case a button under the
   results loads the whole index and searches again, every word.

   The offline copy (file://) is left alone: Material reads its index from a file on disk
   there, and only once the search opens. */
(function () {
  "use strict";

  if (window.location.protocol === "file:" || !window.XMLHttpRequest) return;

  var INDEX = /(^|\/)search\/search_index\.json$/;
  var FIRST = "first.json";
  var SETUP = 0;
  var QUERY = 2;
  var prototype = window.XMLHttpRequest.prototype;
  var open = prototype.open;
  var send = prototype.send;
  var started = false;
  var waiting = [];
  var worker = null;

  prototype.open = function (method, url) {
    var address = String(url);
    var request = this;
    this.compendiumIndex = INDEX.test(address.split(/[?#]/)[0]) ? address : null;
    var result = open.apply(this, arguments);
    // Listening before Material does: its listener ends the request once it has read it.
    if (this.compendiumIndex) this.addEventListener("load", function () { offerFullText(request); });
    return result;
  };

  prototype.send = function () {
    if (!this.compendiumIndex) return send.apply(this, arguments);
    var request = this;
    var address = this.compendiumIndex;
    this.compendiumIndex = null;
    var go = function () {
      var responseType = request.responseType;
      open.call(request, "GET", address.replace(/search_index\.json/, FIRST));
      request.responseType = responseType;
      send.call(request);
    };
    if (started) go();
    else waiting.push(go);
  };

  function start() {
    if (started) return;
    started = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  function isSearch(target) {
    return target instanceof Element && !!target.closest(".md-search, label[for='__search']");
  }

  document.addEventListener("focusin", function (event) {
    if (isSearch(event.target)) start();
  });
  document.addEventListener("pointerdown", function (event) {
    if (isSearch(event.target)) start();
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) start();
  });

  // Material's worker, to give it the whole index when the reader asks for it.
  var NativeWorker = window.Worker;
  if (NativeWorker) {
    var Worker = function (url, options) {
      var instance = options === undefined ? new NativeWorker(url) : new NativeWorker(url, options);
      if (/workers\/search\./.test(String(url))) worker = instance;
      return instance;
    };
    Worker.prototype = NativeWorker.prototype;
    window.Worker = Worker;
  }

  // ------------------------------------------------------------------------------------
  // A large edition: the first index says where the whole one is

  function offerFullText(request) {
    if (request.status < 200 || request.status >= 300 || !request.response) return;
    var head = typeof request.response === "string"
      ? Promise.resolve(request.response.slice(0, 300))
      : request.response.slice(0, 300).text();
    head.then(function (text) {
      var full = /^\{"full":\{"location":"([^"]+)","size":"([^"]+)"/.exec(text);
      if (full) showButton(full[1], full[2]);
    });
  }

  function showButton(location, size) {
    var output = document.querySelector(".md-search__scrollwrap");
    if (!output || output.querySelector(".search-full-text")) return;
    var box = document.createElement("div");
    box.className = "search-full-text";
    var note = document.createElement("p");
    note.textContent = "These results come from the titles and first words of every page.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = "Search every word of every page (" + size + " to load)";
    button.addEventListener("click", function () { loadFullText(location, box, button); });
    box.appendChild(note);
    box.appendChild(button);
    output.appendChild(box);
  }

  function loadFullText(location, box, button) {
    if (!worker) return;
    var config = JSON.parse(document.getElementById("__config").textContent);
    var root = new URL(config.base, window.location.href);
    button.disabled = true;
    button.textContent = "Loading every word…";
    fetch(new URL(location, root))
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.json();
      })
      .then(function (index) {
        var suggest = (config.features || []).indexOf("search.suggest") !== -1;
        worker.postMessage({ type: SETUP, data: { config: index.config, docs: index.docs, options: { suggest: suggest } } });
        var query = document.querySelector("[data-md-component=search-query]");
        if (query && query.value) worker.postMessage({ type: QUERY, data: query.value });
        box.querySelector("p").textContent = "These results come from every word of every page.";
        button.remove();
      })
      .catch(function () {
        button.disabled = false;
        button.textContent = "Could not load the full text; try again";
      });
  }
})();
