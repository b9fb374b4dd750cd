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
  window.governanceGraphEditor = yasgui;
})();
