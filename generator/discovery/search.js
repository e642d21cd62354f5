/* healthsite search: finds pages and conditions in search-index.js (in parts
   on a large site), on this device, and lists them under the search box.
   Nothing is sent anywhere.
   The index is loaded only when someone starts to search: on a large site it
   is megabytes that most visits never need. Without this script, or without
   the index, the search form opens the causes and symptoms A to Z. */
(function () {
  "use strict";

  var MAX_RESULTS = 8;
  // How much a match counts in each part of an entry.
  var WEIGHTS = { title: 12, symptoms: 10, headings: 6, tags: 6, eased: 4, description: 3, text: 1 };
  // Words that say little about what someone is looking for.
  var STOP = { a: 1, an: 1, and: 1, at: 1, do: 1, for: 1, i: 1, in: 1, is: 1, it: 1, my: 1, of: 1, on: 1, or: 1, the: 1, to: 1, when: 1, why: 1, with: 1 };
  // Plurals English does not make with an s.
  var IRREGULAR = { feet: "foot", teeth: "tooth", women: "woman", men: "man", children: "child" };

  // Letters lose their accents, so "meniere" finds "Ménière" and the other way round.
  function plain(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae").replace(/\u00df/g, "ss");
  }

  function words(text) {
    return plain(text).split(/[^a-z0-9]+/).filter(function (w) { return w.length > 0; });
  }

  function stem(word) {
    if (IRREGULAR[word]) return IRREGULAR[word];
    if (word.length > 5 && /ies$/.test(word)) return word.slice(0, -3) + "y";
    if (word.length > 5 && /ing$/.test(word)) return word.slice(0, -3);
    if (word.length > 4 && /ed$/.test(word)) return word.slice(0, -2);
    if (word.length > 4 && /es$/.test(word)) return word.slice(0, -2);
    if (word.length > 3 && /s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
    return word;
  }

  function stems(text) { return words(text).map(stem); }

  function joined(list) { return (list || []).join(" \n "); }

  function prepare(entry) {
    var fields = {
      title: entry.title,
      symptoms: joined(entry.symptoms),
      headings: joined(entry.headings),
      tags: joined(entry.tags),
      eased: joined(entry.eased_by) + " \n " + joined(entry.worse_with),
      description: entry.description,
      text: entry.text
    };
    var prepared = { entry: entry, stems: {} };
    Object.keys(fields).forEach(function (name) {
      prepared.stems[name] = stems(fields[name]);
    });
    prepared.phrases = (entry.symptoms || []).concat(entry.title ? [entry.title] : []).map(function (p) {
      return stems(p).join(" ");
    });
    return prepared;
  }

  function termScore(prepared, term) {
    var best = 0;
    Object.keys(WEIGHTS).forEach(function (name) {
      if (WEIGHTS[name] <= best) return;
      var list = prepared.stems[name];
      for (var i = 0; i < list.length; i++) {
        if (list[i] === term || (term.length >= 4 && list[i].indexOf(term) === 0)) {
          best = WEIGHTS[name];
          return;
        }
      }
    });
    return best;
  }

  function score(prepared, terms, phrase) {
    var total = 0;
    var matched = 0;
    terms.forEach(function (term) {
      var s = termScore(prepared, term);
      if (s > 0) matched++;
      total += s;
    });
    if (matched === 0) return 0;
    // A query found word for word in a symptom or a title counts most.
    if (terms.length > 1 && prepared.phrases.some(function (p) { return (" " + p + " ").indexOf(" " + phrase + " ") >= 0; })) total += 40;
    if (prepared.entry.kind === "condition") total += 1;
    return total * (matched / terms.length) * (matched / terms.length);
  }

  function search(index, query) {
    var terms = stems(query).filter(function (w) { return !STOP[w]; });
    if (terms.length === 0) return [];
    var phrase = terms.join(" ");
    var found = [];
    index.forEach(function (prepared, order) {
      var s = score(prepared, terms, phrase);
      if (s > 0) found.push({ prepared: prepared, score: s, order: order });
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.slice(0, MAX_RESULTS).map(function (f) { return f.prepared.entry; });
  }

  // The address of an entry as written on this page: relative to the site's
  // top, ending in index.html when the site is read from files.
  function hrefFor(url, root, offline) {
    var hash = url.indexOf("#");
    var path = hash < 0 ? url : url.slice(0, hash);
    var fragment = hash < 0 ? "" : url.slice(hash);
    if (offline && (path === "" || path.charAt(path.length - 1) === "/")) path += "index.html";
    var href = root + path + fragment;
    return href === "" ? "./" : href;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Loads a script with a <script> element rather than a request for data,
  // so that it works from file:// too; then calls done(true), or done(false)
  // if it is not there.
  function loadScript(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = function () { done(true); };
    script.onerror = function () { done(false); };
    document.head.appendChild(script);
  }

  // A large site's index comes in parts: search-index.js says how many, and
  // each part puts its entries in its own place in
  // window.healthsiteSearchParts, whatever order they arrive in. The index
  // is the parts in order, or nothing if one is missing.
  function loadParts(root, count, done) {
    var left = count;
    var missing = false;
    for (var i = 0; i < count; i++) {
      loadScript(root + "search-index/" + i + ".js", function (loaded) {
        missing = missing || !loaded;
        if (--left > 0) return;
        var parts = window.healthsiteSearchParts || [];
        var all = [];
        for (var k = 0; k < count && !missing; k++) {
          if (Array.isArray(parts[k])) Array.prototype.push.apply(all, parts[k]);
          else missing = true;
        }
        if (!missing) window.healthsiteSearch = all;
        done();
      });
    }
  }

  // Loads the index once, then hands the prepared entries to each caller,
  // or null if the index is not there.
  var loader = { state: "idle", index: null, waiting: [] };

  function withIndex(root, then) {
    if (loader.state === "done") return then(loader.index);
    loader.waiting.push(then);
    if (loader.state === "loading") return;
    loader.state = "loading";
    var finish = function () {
      var data = window.healthsiteSearch;
      loader.index = Array.isArray(data) ? data.map(prepare) : null;
      loader.state = "done";
      loader.waiting.splice(0).forEach(function (waiting) { waiting(loader.index); });
    };
    if (Array.isArray(window.healthsiteSearch)) return finish();  // a theme that loads it itself
    loadScript(root + "search-index.js", function (loaded) {
      var count = window.healthsiteSearchPartCount;
      if (!loaded || Array.isArray(window.healthsiteSearch) || typeof count !== "number" || count < 1) return finish();
      loadParts(root, count, finish);
    });
  }

  function setUp(form) {
    var input = form.querySelector("input[type=search]");
    var status = form.querySelector("[data-search-status]");
    var results = form.querySelector("[data-search-results]");
    if (!input || !status || !results) return;  // the form still opens the A to Z
    var index = null;
    var unavailable = false;  // the index did not load: the form opens the A to Z
    var root = form.getAttribute("data-root") || "";
    var offline = form.getAttribute("data-offline") === "true";
    var timer = null;
    var shown = "";

    function clear() {
      shown = "";
      status.textContent = "";
      results.textContent = "";
      results.hidden = true;
    }

    function show() {
      var query = input.value.trim();
      if (query === shown) return;
      if (query === "") return clear();
      if (!index) return load(show);
      shown = query;
      var found = search(index, query);
      results.textContent = "";
      if (found.length === 0) {
        status.textContent = "No results for \u201c" + query + "\u201d. Try another word, or the causes and symptoms A to Z.";
        results.hidden = true;
        return;
      }
      status.textContent = found.length + (found.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d";
      var list = element("ol", "search-list");
      found.forEach(function (entry) {
        var item = element("li");
        var link = element("a", null, entry.title);
        link.href = hrefFor(entry.url, root, offline);
        item.appendChild(link);
        var about = entry.kind === "condition" ? "Condition, on the page " + entry.description : entry.description;
        if (about) item.appendChild(element("span", "search-kind", about));
        list.appendChild(item);
      });
      results.appendChild(list);
      results.hidden = false;
    }

    function load(then) {
      if (unavailable) return;
      withIndex(root, function (loaded) {
        index = loaded;
        unavailable = !loaded;
        if (unavailable) {
          status.textContent = "Search could not load. Press Enter to open the causes and symptoms A to Z.";
        } else if (then) {
          then();
        }
      });
    }

    input.addEventListener("focus", function () { load(null); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(show, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        input.value = "";
        clear();
      }
    });
    form.addEventListener("submit", function (event) {
      if (unavailable) return;  // on to the A to Z
      event.preventDefault();
      window.clearTimeout(timer);
      shown = "";
      show();
    });

    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) {
      input.value = params.get("q");
      show();
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.site-search"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
