/* Search that finds what readers mean, not only the words they type.

   Material's search runs in a Web Worker that receives each query as a message. This
   script rewrites the query on its way there (the search box keeps what the reader
   typed), with the words of the search index as its vocabulary:

   - a word no page holds, with a typo of one or two letters (Kirkpatrik, evalution), is
     replaced by the nearest words of the index, the most frequent first;
   - a plural also finds the singular (trainings, facilities), and the reverse;
   - small words ("to", "of", "the") are left out: the search completes every word
     (`to` would find Tonga, today and tools).

   Acronyms and what they stand for find each other through the index itself
   (compendium/search.py adds synonyms to its entries).

   A query written with the search syntax (quotes, +, -, ~, ^, *, field:) is left as it is.
   Nothing here depends on when the index is loaded: the script learns it from the
   worker's set-up message, or loads it itself if it came after that message. */
(function () {
  "use strict";

  var SETUP = 0;
  var QUERY = 2;
  // lunr's English stop words: the index has them, but they say nothing about a page.
  // (Maps of words have no prototype: a page may hold "constructor" or "__proto__".)
  var STOP = Object.create(null);
  ("a able about across after all almost also am among an and any are as at be because been " +
    "but by can cannot could dear did do does either else ever every for from get got had has " +
    "have he her hers him his how however i if in into is it its just least let like likely may " +
    "me might most must my neither no nor not of off often on only or other our own rather said " +
    "say says she should since so some than that the their them then there these they this tis " +
    "to too twas us wants was we were what when where which while who whom why will with would " +
    "yet you your").split(" ").forEach(function (word) { STOP[word] = true; });
  var SYNTAX = /["+~^*:]|(^|\s)-/;
  var MAX_CORRECTIONS = 3;

  // ------------------------------------------------------------------------------------
  // What the index teaches: its words, and in how many entries each occurs

  function Vocabulary(index) {
    var config = index.config || {};
    this.separator = new RegExp(config.separator || "[\\s\\-]+");
    var counts = Object.create(null);
    var self = this;
    (index.docs || []).forEach(function (doc) {
      var seen = Object.create(null);
      ["title", "text", "keywords", "synonyms"].forEach(function (field) {
        self.split(doc[field] || "").forEach(function (word) { seen[word] = true; });
      });
      Object.keys(seen).forEach(function (word) { counts[word] = (counts[word] || 0) + 1; });
    });
    this.counts = counts;
    this.words = Object.keys(counts).sort();
  }

  Vocabulary.prototype.split = function (text) {
    return String(text).replace(/<[^>]*>/g, " ").toLowerCase().split(this.separator).filter(Boolean);
  };

  Vocabulary.prototype.meaningful = function (words) {
    var kept = words.filter(function (word) { return !STOP[word]; });
    return kept.length ? kept : words;
  };

  // Whether the search would find the word: Material completes it (`tra` finds training).
  Vocabulary.prototype.knows = function (word) {
    var words = this.words;
    var low = 0;
    var high = words.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (words[middle] < word) low = middle + 1;
      else high = middle;
    }
    return low < words.length && words[low].indexOf(word) === 0;
  };

  // The nearest words of the index to a word it does not know, within one edit for short
  // words and two for longer ones; failing those, the beginnings of words within one edit
  // (a word of five letters or more still being typed).
  Vocabulary.prototype.corrections = function (word) {
    if (word.length < 4 || /\d/.test(word)) return [];
    var limit = word.length >= 7 ? 2 : 1;
    var found = this.nearest(word, limit, false);
    return found.length || word.length < 5 ? found : this.nearest(word, 1, true);
  };

  Vocabulary.prototype.nearest = function (word, limit, beginnings) {
    var best = limit + 1;
    var found = Object.create(null);
    var counts = this.counts;
    this.words.forEach(function (candidate) {
      if (beginnings) candidate = candidate.slice(0, word.length);
      if (Math.abs(candidate.length - word.length) > limit || /\d/.test(candidate)) return;
      var distance = editDistance(word, candidate, best);
      if (distance < best) {
        best = distance;
        found = Object.create(null);
      }
      if (distance === best) found[candidate] = true;
    });
    return Object.keys(found)
      .sort(function (a, b) { return (counts[b] || 0) - (counts[a] || 0) || (a < b ? -1 : 1); })
      .slice(0, MAX_CORRECTIONS);
  };

  // Edits (insertion, deletion, substitution, swap of neighbours) from a to b; a value
  // above `limit` once no cheaper path is left.
  function editDistance(a, b, limit) {
    var previous2 = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var smallest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (previous2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        row.push(value);
        if (value < smallest) smallest = value;
      }
      if (smallest > limit) return limit + 1;
      previous2 = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // Other forms of a word: the singular of a plural, the plural of a word in -y.
  function forms(word) {
    if (word.length < 4) return [];
    if (/ies$/.test(word)) return [word.slice(0, -3) + "y"];
    if (/y$/.test(word)) return [word.slice(0, -1) + "ies"];
    if (/(ches|shes|sses|xes)$/.test(word)) return [word.slice(0, -2)];
    if (/[^su]s$/.test(word)) return [word.slice(0, -1)];
    return [];
  }

  // ------------------------------------------------------------------------------------
  // The query, rewritten

  function rewrite(vocabulary, query) {
    if (!query.trim() || SYNTAX.test(query)) return query;
    var words = vocabulary.split(query);
    if (words.every(function (word) { return STOP[word]; })) return query;  // "to be": as typed
    var terms = [];
    function add(word) {
      if (terms.indexOf(word) === -1) terms.push(word);
    }
    vocabulary.meaningful(words).forEach(function (word) {
      if (vocabulary.knows(word)) {
        var other = forms(word).filter(function (form) { return vocabulary.knows(form); });
        // A plural in -s becomes its singular, which Material completes (tool finds tools);
        // -y and -ies need both (facility, facilities).
        if (other.length && /[^s]s$|[^i]es$/.test(word) && word.indexOf(other[0]) === 0) add(other[0]);
        else [word].concat(other).forEach(add);
      } else {
        vocabulary.corrections(word).forEach(add);
      }
    });
    return terms.length ? terms.join(" ") : query;
  }

  // ------------------------------------------------------------------------------------
  // Between Material and its worker

  var source = null;  // the index the worker was given (the last one, when it gets a larger one)
  var vocabulary = null;  // its words, read at the first query rather than when it loads
  var loading = null;

  function learn(index) {
    source = index;
    vocabulary = null;
  }

  function transformed(query) {
    try {
      if (!vocabulary && source) vocabulary = new Vocabulary(source);
      return vocabulary ? rewrite(vocabulary, query) : query;
    } catch (error) {
      return query;  // search goes on with the query as typed
    }
  }

  // When this script ran after the worker was set up, it reads the index itself: the
  // offline copy has it in a script; a served site has the first search's index
  // (search-on-demand.js), or the whole one, which the browser has just fetched.
  function load() {
    if (!loading) {
      loading = Promise.resolve(window.__index).then(function (index) {
        if (index) return index;
        var config = JSON.parse(document.getElementById("__config").textContent);
        var base = new URL(config.base, location.href);
        var get = function (name) {
          return fetch(new URL("search/" + name, base)).then(function (response) {
            if (!response.ok) throw new Error(response.statusText);
            return response.json();
          });
        };
        return get("first.json").catch(function () { return get("search_index.json"); });
      }).then(learn, function () { learn({}); });
    }
    return loading;
  }

  function patch(Type) {
    if (!Type || !Type.prototype || Type.prototype.postMessage.compendiumSearch) return;
    var post = Type.prototype.postMessage;
    var rewritten = function (message) {
      var worker = this;
      var rest = Array.prototype.slice.call(arguments, 1);
      if (message && message.type === SETUP && message.data) {
        learn(message.data);
      } else if (message && message.type === QUERY && typeof message.data === "string") {
        if (!source) {
          load().then(function () {
            post.apply(worker, [{ type: QUERY, data: transformed(message.data) }].concat(rest));
          });
          return undefined;
        }
        message = { type: QUERY, data: transformed(message.data) };
      }
      return post.apply(worker, [message].concat(rest));
    };
    rewritten.compendiumSearch = true;
    Type.prototype.postMessage = rewritten;
  }

  patch(window.Worker);
  patch(window.IFrameWorker);  // the offline copy's stand-in for Worker (iframe-worker)
  window.compendiumSearch = { rewrite: function (query) { return transformed(query); } };
})();
