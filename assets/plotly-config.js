/*
 * One Plotly configuration for every chart in Placeboard, partner-only ones included.
 *
 * plotly.js 4 shows a "Share chart" button by default (showSendToCloud), which uploads
 * the chart's data to Plotly Cloud; Dash 4's dcc.Graph does not turn it off. No chart
 * here may leave the app, so the defaults are changed once, for every dcc.Graph, with
 * Plotly.setPlotConfig - whatever config a page gives its graph (a graph would have to
 * ask for showSendToCloud: true to get the button back).
 *
 * Dash loads plotly.js on demand, after this file, and plotly.js ends by assigning
 * window.Plotly; a setter on window.Plotly applies the defaults at that moment, before
 * any chart is drawn.
 */
(function () {
  "use strict";

  var DEFAULTS = {
    showSendToCloud: false,       // "Share chart ... uploaded to Plotly Cloud"
    showEditInChartStudio: false, // "Edit in Chart Studio"
    showLink: false,              // "Edit chart" link to plotly.com
    sendData: false,
    plotlyServerURL: "",
    displaylogo: false            // the Plotly logo links to plotly.com
  };

  function configure(plotly) {
    if (plotly && typeof plotly.setPlotConfig === "function") {
      plotly.setPlotConfig(DEFAULTS);
    }
    return plotly;
  }

  if (window.Plotly) {
    configure(window.Plotly);
    return;
  }
  var loaded;
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    enumerable: true,
    get: function () { return loaded; },
    set: function (plotly) { loaded = configure(plotly); }
  });
})();
