/* The self-assessment page (/self-assessment/): the reader answers the survey's questions
   for their own administration and sees the region's share beside each answer, what to
   read for each gap, and a summary on top.

   Private by construction: everything happens here, in the reader's browser. Nothing is
   sent or stored; the answers live only in the page's address after "#" (which browsers
   never send to a server), so a result can be bookmarked, sent or printed.
   Without JavaScript, the page lists the questions with their figures and chapters. */
(function () {
  "use strict";

  var ANSWERS = { yes: "Yes", no: "No", unsure: "Don't know" };
  var MOST_DIFFERENT = 3; // chapters shown in the summary

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function link(text, href) {
    var a = el("a", text);
    a.href = href;
    return a;
  }

  function setup(root) {
    var form = root.querySelector("form");
    if (!form) return;
    var questions = Array.prototype.slice.call(root.querySelectorAll("[data-question]"));
    var chapters = Array.prototype.slice.call(root.querySelectorAll("fieldset[data-chapter]"));
    var status = root.querySelector("[data-status]");
    var summary = root.querySelector(".sa-summary");
    var body = summary.querySelector(".sa-summary-body");
    var ids = questions.map(function (q) { return q.getAttribute("data-question"); });

    function answerOf(question) {
      var checked = question.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    }

    function legendOf(fieldset) {
      return fieldset.querySelector("legend").textContent.trim();
    }

    // Share of responding administrations that answered otherwise than the reader.
    function otherwise(question, answer) {
      var yes = parseFloat(question.getAttribute("data-share"));
      return answer === "yes" ? 100 - yes : yes;
    }

    function shareSentence(question, answer) {
      var p = question.querySelector(".sa-share-" + answer);
      return p ? p.textContent.trim() : "";
    }

    // ---------------------------------------------------------------------------------
    // The address: "#training-policy=no&budget-challenge=yes"

    function fromAddress() {
      var params = new URLSearchParams(window.location.hash.slice(1));
      var known = ids.filter(function (id) { return ANSWERS.hasOwnProperty(params.get(id)); });
      if (!known.length) return null; // an ordinary anchor, e.g. #chapter-3
      var answers = {};
      known.forEach(function (id) { answers[id] = params.get(id); });
      return answers;
    }

    function address() {
      var params = new URLSearchParams();
      questions.forEach(function (q) {
        var answer = answerOf(q);
        if (answer) params.append(q.getAttribute("data-question"), answer);
      });
      var hash = params.toString();
      return window.location.pathname + window.location.search + (hash ? "#" + hash : "");
    }

    function keepInAddress() {
      var target = address();
      if (target === window.location.pathname + window.location.search + window.location.hash) return;
      try {
        history.replaceState(null, "", target);
      } catch (e) {
        // Some browsers refuse replaceState on pages opened from the file system.
        if (target.indexOf("#") !== -1) window.location.replace(target.slice(target.indexOf("#")));
      }
    }

    function setAnswers(answers) {
      questions.forEach(function (q) {
        var wanted = answers[q.getAttribute("data-question")] || "";
        q.querySelectorAll("input[type=radio]").forEach(function (radio) {
          radio.checked = radio.value === wanted;
        });
      });
    }

    // ---------------------------------------------------------------------------------
    // What the answers show

    function showQuestion(q) {
      var answer = answerOf(q);
      q.classList.toggle("is-answered", answer !== "");
      q.querySelector(".sa-share-yes").hidden = answer !== "yes";
      q.querySelector(".sa-share-no").hidden = answer !== "no";
      q.querySelector(".sa-reading").hidden = answer === "" || answer !== q.getAttribute("data-gap");
      q.classList.toggle("is-gap", answer !== "" && answer === q.getAttribute("data-gap"));
      var yours = q.querySelector(".sa-your-answer");
      yours.textContent = answer ? "Your answer: " + ANSWERS[answer] + "." : "";
      return answer;
    }

    function render() {
      var answered = 0;
      var unsure = 0;
      var gaps = [];
      var byChapter = [];
      chapters.forEach(function (chapter) {
        var sum = 0;
        var count = 0;
        chapter.querySelectorAll("[data-question]").forEach(function (q) {
          var answer = showQuestion(q);
          if (!answer) return;
          answered += 1;
          if (answer === "unsure") { unsure += 1; return; }
          if (answer === q.getAttribute("data-gap")) gaps.push(q);
          sum += otherwise(q, answer);
          count += 1;
        });
        chapter.classList.toggle("has-answers", chapter.querySelector(".is-answered") !== null);
        if (count) byChapter.push({ chapter: chapter, differs: sum / count, count: count });
      });
      summarise(answered, unsure, gaps, byChapter);
      return { answered: answered, gaps: gaps.length };
    }

    function counts(answered, gaps) {
      if (!answered) return "No answers yet: " + questions.length + " questions.";
      return "You answered " + answered + " of " + questions.length + " questions; " +
        gaps + (gaps === 1 ? " answer is a gap." : " answers are gaps.");
    }

    function summarise(answered, unsure, gaps, byChapter) {
      summary.hidden = answered === 0;
      body.textContent = "";
      if (!answered) return;
      var overview = counts(answered, gaps.length);
      if (unsure) overview += " " + unsure + " \u201cDon't know\u201d " + (unsure === 1 ? "answer is" : "answers are") + " not counted.";
      body.appendChild(el("p", overview));

      byChapter.sort(function (a, b) { return b.differs - a.differs; });
      var different = byChapter.filter(function (c) { return c.differs > 50; }).slice(0, MOST_DIFFERENT);
      if (different.length) {
        body.appendChild(el("h3", "Where your administration differs most from the region"));
        var list = el("ol", "", "sa-differs");
        different.forEach(function (c) {
          var item = el("li");
          item.appendChild(link(legendOf(c.chapter), "#" + c.chapter.id));
          item.appendChild(document.createTextNode(
            ": on average " + Math.round(c.differs) + "% of responding administrations answered otherwise (" +
            c.count + (c.count === 1 ? " question)" : " questions)")
          ));
          list.appendChild(item);
        });
        body.appendChild(list);
      } else if (byChapter.length) {
        body.appendChild(el("p", "In every chapter you answered, at least half of the responding administrations answered as you did."));
      }

      if (gaps.length) {
        body.appendChild(el("h3", "Your gaps, with what to read next"));
        var gapList = el("ul", "", "sa-gaps");
        gaps.forEach(function (q) {
          var item = el("li");
          item.appendChild(link(legendOf(q), "#" + q.id));
          item.appendChild(document.createTextNode(" " + shareSentence(q, answerOf(q))));
          gapList.appendChild(item);
        });
        body.appendChild(gapList);
      }

      var actions = el("p", "", "sa-actions");
      actions.appendChild(link("Link to these answers", address()));
      actions.appendChild(document.createTextNode(" (bookmark it or send it; it holds your answers) "));
      var print = el("button", "Print the result", "md-button");
      print.type = "button";
      print.addEventListener("click", function () { window.print(); });
      var clear = el("button", "Clear all answers", "md-button");
      clear.type = "button";
      clear.addEventListener("click", function () {
        setAnswers({});
        keepInAddress();
        render();
        status.textContent = "All answers cleared.";
        var first = form.querySelector("input[type=radio]");
        if (first) first.focus();
      });
      actions.appendChild(print);
      actions.appendChild(clear);
      body.appendChild(actions);
    }

    // ---------------------------------------------------------------------------------
    // Events

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function (event) {
      var result = render();
      keepInAddress();
      var question = event.target.closest("[data-question]");
      var answer = question ? answerOf(question) : "";
      var said = answer === "yes" || answer === "no" ? shareSentence(question, answer) + " " : "";
      status.textContent = said + counts(result.answered, result.gaps);
    });
    window.addEventListener("hashchange", function () {
      var answers = fromAddress();
      if (answers) {
        setAnswers(answers);
        var result = render();
        status.textContent = counts(result.answered, result.gaps);
      } else {
        keepInAddress(); // a jump to an anchor of the page: the answers stay in the address
      }
    });

    questions.forEach(function (q) {
      var choices = q.querySelector(".sa-choices");
      choices.hidden = false;
      choices.parentNode.insertBefore(el("p", "", "sa-your-answer"), choices.nextSibling);
    });
    root.querySelector(".sa-nojs").hidden = true;
    setAnswers(fromAddress() || {});
    var result = render();
    status.textContent = counts(result.answered, result.gaps);
  }

  function start() {
    document.querySelectorAll("[data-assessment]").forEach(function (root) {
      if (root.classList.contains("is-ready")) return;
      root.classList.add("is-ready");
      setup(root);
    });
  }
  // Material announces every page it shows (also with instant navigation) on document$.
  if (window.document$) window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
