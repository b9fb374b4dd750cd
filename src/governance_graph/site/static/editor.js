// The query editor of `serve` (/sparql): YASGUI on this endpoint, set up from the page's
// #editor-config (endpoint, default query, the project's prefixes, the stored queries).
// Nothing is fetched from elsewhere: prefix completion offers the project's prefixes (not
// prefix.cc), the class and property completers (which ask Linked Open Vocabularies) are off,
// and the endpoint list holds this endpoint only. Each stored-query button opens the query,
// with its parameters' defaults bound, in a tab of its own (or the tab it already has).
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var prefixes = Object.keys(config.prefixes)
    .sort()
    .map(function (p) {
      return p + ": <" + config.prefixes[p] + ">";
    });

  Yasgui.Yasqe.forkAutocompleter(
    "prefixes",
    {
      name: "projectPrefixes",
      persistenceId: null,
      get: function () {
        return Promise.resolve(prefixes);
      },
    },
    false
  );

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    autofocus: false,
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: config.endpoint }];
      },
      keys: [],
    },
    yasqe: {
      value: config.query,
      autocompleters: ["projectPrefixes", "variables"],
      prefixCcApi: null,
    },
    yasr: { prefixes: config.prefixes, defaultPlugin: "table" },
  });

  function tabNamed(name) {
    var tabs = yasgui.persistentConfig.getTabs();
    for (var i = 0; i < tabs.length; i++) {
      var tab = yasgui.getTab(tabs[i]);
      if (tab && tab.getName() === name) return tab;
    }
    return null;
  }

  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var name = button.dataset.example;
      var tab = tabNamed(name);
      if (tab) {
        yasgui.selectTabId(tab.getId());
        tab.getYasqe().setValue(config.examples[name]);
      } else {
        tab = yasgui.addTab(true, {
          name: name,
          yasqe: { value: config.examples[name] },
          requestConfig: { endpoint: config.endpoint },
        });
      }
      var editor = tab.getYasqe();
      document.getElementById("yasgui").scrollIntoView();
      editor.focus();
    });
  });
  // What YASGUI leaves out for assistive technology, added whenever it draws something:
  // names for its inputs (the endpoint, the editor's text area, a tab's name, the table's
  // filter, the page size), a way in for the keyboard to the editor's scrolling box, and its
  // "+" button out of the tab list (a tab list holds tabs only); our own
  // "New query tab" button, outside the list, does the same.
  var words = config.words;
  var root = document.getElementById("yasgui");

  function label(selector, text) {
    root.querySelectorAll(selector).forEach(function (element) {
      if (!element.getAttribute("aria-label")) element.setAttribute("aria-label", text);
    });
  }

  function fixAccessibility() {
    label("input.autocomplete", words.endpoint_label);
    label(".CodeMirror textarea", words.query_label);
    label(".tabsList input[type=text]", words.tab_name_label);
    label(".yasr input[type=text], .yasr input[type=search]", words.filter_label);
    label(".yasr select.tableSizer", words.page_size_label);
    // the editor's text scrolls in its own box: keyboard users reach that box too
    root.querySelectorAll(".CodeMirror-scroll").forEach(function (box) {
      if (box.getAttribute("tabindex") !== "0") box.setAttribute("tabindex", "0");
    });
    root.querySelectorAll(".tabsList button.addTab").forEach(function (button) {
      button.setAttribute("tabindex", "-1");
      button.parentElement.setAttribute("aria-hidden", "true");
    });
  }

  new MutationObserver(fixAccessibility).observe(root, { childList: true, subtree: true });
  fixAccessibility();
  var newTab = document.getElementById("new-tab");
  if (newTab) {
    newTab.hidden = false;
    newTab.addEventListener("click", function () {
      yasgui.addTab(true, { requestConfig: { endpoint: config.endpoint } }).getYasqe().focus();
    });
  }
  window.governanceGraphEditor = yasgui;
})();
