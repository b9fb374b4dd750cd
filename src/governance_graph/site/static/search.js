// Search with completion over the site's index (search-index.js, written by `publish`).
//
// The box in every page's header is a combobox (WAI-ARIA 1.2): typing lists up to eight
// bodies, people, places and concepts whose names match; Arrow keys move through them, Enter
// opens the chosen one (or, with none chosen, the search page), Escape closes the list.
// search.html lists every match for ?q=, or says that nothing matched, in the page's language.
// Names and what is typed are folded alike (accents off, lower case), so "Bruges", "brugge"
// and "Brügge" meet; every word typed must begin a word of the name, or the whole text must
// occur in it. The index is loaded as a script on first use, which also works from file://.
// Under node (the tests), the matching functions are exported and nothing else runs.
(function () {
  "use strict";

  var MAX_SUGGESTIONS = 8;
  var KIND_ORDER = { body: 0, person: 1, place: 2, concept: 3 };

  function fold(text) {
    return String(text)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .join(" ");
  }

  function words(text) {
    return text.split(/[^0-9a-z]+/).filter(Boolean);
  }

  // How well one folded name matches the folded query: 0 the same, 1 it begins with the
  // query, 2 every word of the query begins a word of the name, 3 the query occurs in it;
  // -1 no match.
  function rank(key, query) {
    if (key === query) return 0;
    if (key.indexOf(query) === 0) return 1;
    var keyWords = words(key);
    var all = words(query).every(function (w) {
      return keyWords.some(function (k) {
        return k.indexOf(w) === 0;
      });
    });
    if (all && words(query).length) return 2;
    if (key.indexOf(query) >= 0) return 3;
    return -1;
  }

  // The entries matching `text`, best first: {entry, rank, name} (name: the name matched).
  function find(index, text, lang) {
    var query = fold(text);
    if (!query) return [];
    var found = [];
    index.entries.forEach(function (entry) {
      var best = -1;
      var name = null;
      entry.keys.forEach(function (key, i) {
        var r = rank(key, query);
        if (r >= 0 && (best < 0 || r < best)) {
          best = r;
          name = entry.names[i];
        }
      });
      if (best >= 0) found.push({ entry: entry, rank: best, name: name });
    });
    found.sort(function (a, b) {
      return (
        a.rank - b.rank ||
        KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] ||
        a.entry.label[lang].localeCompare(b.entry.label[lang]) ||
        (a.entry.path < b.entry.path ? -1 : 1)
      );
    });
    return found;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { fold: fold, find: find };
    return;
  }

  var script = document.currentScript;
  var root = new URL(".", script.src);
  var lang = document.documentElement.lang || "en";
  var loading = null;

  function loadIndex() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        if (window.governanceGraphSearchIndex) {
          resolve(window.governanceGraphSearchIndex);
          return;
        }
        var tag = document.createElement("script");
        tag.src = new URL("search-index.js", root).href;
        tag.onload = function () {
          resolve(window.governanceGraphSearchIndex);
        };
        tag.onerror = function () {
          loading = null;
          reject(new Error("search index not found"));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function pageOf(entry) {
    var file = entry.path + (lang === "en" ? ".html" : "." + lang + ".html");
    return new URL(file, root).href;
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key];
    });
  }

  // One result, as the text of a suggestion or a line of the results page.
  function describe(index, match, item) {
    var label = match.entry.label[lang];
    var strong = document.createElement("span");
    strong.className = "search-label";
    strong.textContent = label;
    item.appendChild(strong);
    var kind = document.createElement("span");
    kind.className = "search-kind";
    var also = match.name && fold(match.name) !== fold(label) ? " · " + match.name : "";
    kind.textContent = " (" + index.kinds[match.entry.kind][lang] + ")" + also;
    item.appendChild(kind);
  }

  function setUpBox(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[role=status]");
    var matches = [];
    var active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(i) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, j) {
        option.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      active = i;
      if (i >= 0) input.setAttribute("aria-activedescendant", options[i].id);
      else input.removeAttribute("aria-activedescendant");
    }

    function show(index) {
      matches = find(index, input.value, lang).slice(0, MAX_SUGGESTIONS);
      list.textContent = "";
      matches.forEach(function (match, i) {
        var option = document.createElement("li");
        option.setAttribute("role", "option");
        option.id = list.id + "-" + i;
        option.setAttribute("aria-selected", "false");
        describe(index, match, option);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = pageOf(match.entry);
        });
        list.appendChild(option);
      });
      var none = input.value.trim() && !matches.length;
      status.textContent = none ? say(form.dataset.none, { q: input.value.trim() }) : "";
      list.hidden = !matches.length;
      input.setAttribute("aria-expanded", matches.length ? "true" : "false");
      active = -1;
    }

    input.addEventListener("input", function () {
      loadIndex().then(show, function () {});
    });
    input.addEventListener("focus", function () {
      loadIndex().catch(function () {});
    });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && matches.length) {
        event.preventDefault();
        if (list.hidden) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        choose((active + 1) % matches.length);
      } else if (event.key === "ArrowUp" && matches.length) {
        event.preventDefault();
        choose(active <= 0 ? matches.length - 1 : active - 1);
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();
        window.location.href = pageOf(matches[active].entry);
      }
    });
  }

  function setUpResults(container) {
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var heading = container.querySelector("h2");
    var listing = container.querySelector("ol");
    var box = document.querySelector("form.site-search input[type=search]");
    if (box) box.value = query;
    var other = document.getElementById("lang-switch");  // the same search in the other language
    if (other && query) other.href = other.href.split("?")[0] + "?q=" + encodeURIComponent(query);
    if (!query.trim()) {
      heading.textContent = container.dataset.empty;
      return;
    }
    loadIndex().then(function (index) {
      var matches = find(index, query, lang);
      heading.textContent = say(
        matches.length ? container.dataset.results : container.dataset.none,
        { q: query.trim() }
      );
      var count = container.querySelector(".search-count");
      if (matches.length) count.textContent = say(container.dataset.count, { n: matches.length });
      matches.forEach(function (match) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = pageOf(match.entry);
        describe(index, match, link);
        item.appendChild(link);
        listing.appendChild(item);
      });
    });
  }

  function start() {
    document.querySelectorAll("form.site-search").forEach(setUpBox);
    var results = document.getElementById("search-results");
    if (results) setUpResults(results);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
