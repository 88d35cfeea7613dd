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
 *
 * Every chart's mode bar also offers "Download as PNG" and "Download as SVG" (below).
 */
(function () {
  "use strict";

  var DEFAULTS = {
    showSendToCloud: false,       // "Share chart ... uploaded to Plotly Cloud"
    showEditInChartStudio: false, // "Edit in Chart Studio"
    showLink: false,              // "Edit chart" link to plotly.com
    sendData: false,
    plotlyServerURL: "",
    displaylogo: false,           // the Plotly logo links to plotly.com
    // Plotly's own camera button saves an untitled PNG named "newplot": two buttons
    // instead, "Download as PNG" and "Download as SVG", each saving the chart with its
    // title and source line, under a file name made from the title. Drawn in the browser
    // by plotly.js itself: nothing leaves the page and no CDN is needed.
    modeBarButtonsToRemove: ["toImage"]
  };

  // A down arrow into a tray (the SVG button; the PNG button has Plotly's camera).
  var SVG_ICON = {width: 1000, height: 1000,
                  path: "M440 80h120v420h150L500 740 290 500h150z M120 800h760v120H120z"};

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // What the chart is called: its figure's caption (every chart has one: a title that
  // says what it shows), else its own title, else the graph's id.
  function chartTitle(gd) {
    var figure = gd.closest ? gd.closest("figure") : null;
    var caption = text(figure && figure.querySelector("figcaption"));
    if (caption) { return caption; }
    var title = gd.layout && gd.layout.title;
    title = typeof title === "string" ? title : (title && title.text) || "";
    title = title.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    if (title) { return title; }
    var holder = gd.closest ? gd.closest("[id]") : null;
    return (holder && holder.id) || "chart";
  }

  function chartSource(gd) {
    var figure = gd.closest ? gd.closest("figure") : null;
    return text(figure && figure.querySelector(".source-line"));
  }

  function fileName(title) {
    var name = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return name.slice(0, 100).replace(/-+$/, "") || "chart";
  }

  function escape(words) {
    return words.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // Lines of at most `width` characters (Plotly does not wrap text).
  function wrap(words, width) {
    var lines = [];
    var line = "";
    words.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  // The chart as a figure with its title above and its source line below, at the size
  // it is drawn on the page.
  function imageFigure(gd) {
    var full = gd._fullLayout || {};
    var layout = JSON.parse(JSON.stringify(gd.layout || {}));
    // the margins as drawn: Plotly widens them for long tick labels and legends
    var margin = full._size || full.margin || {t: 40, b: 40, l: 60, r: 20};
    var width = Math.max(full.width || 700, 480);
    var title = wrap(chartTitle(gd), Math.max(40, Math.floor((width - 20) / 9.5)));
    var source = wrap(chartSource(gd), Math.max(50, Math.floor((width - 20) / 6.5)));
    var top = margin.t + 22 * title.length + 12;
    var bottom = margin.b + 15 * source.length + 8;
    layout.width = width;
    layout.height = (full.height || 400) + (top - margin.t) + (bottom - margin.b);
    layout.margin = {t: top, b: bottom, l: margin.l, r: margin.r, pad: margin.pad || 0};
    // The title and source as annotations pinned to the plot area's corners: Plotly
    // places a multi-line layout title too high.
    var notes = [{text: "<b>" + title.map(escape).join("<br>") + "</b>", showarrow: false,
                  align: "left", xref: "paper", yref: "paper", x: 0, y: 1,
                  xanchor: "left", yanchor: "top", xshift: -(margin.l - 10),
                  yshift: top - 8, font: {size: 15, color: "#0b0c0c"}}];
    if (source.length) {
      notes.push({text: source.map(escape).join("<br>"), showarrow: false, align: "left",
                  xref: "paper", yref: "paper", x: 0, y: 0, xanchor: "left", yanchor: "top",
                  xshift: -(margin.l - 10), yshift: -(margin.b - 4),
                  font: {size: 11, color: "#505a5f"}});
    }
    layout.title = {text: ""};
    layout.annotations = (layout.annotations || []).concat(notes);
    layout.paper_bgcolor = layout.paper_bgcolor || "#ffffff";
    return {data: gd.data, layout: layout, config: {staticPlot: true}};
  }

  function save(gd, format) {
    var figure = imageFigure(gd);
    return window.Plotly.downloadImage(figure, {
      format: format, filename: fileName(chartTitle(gd)),
      width: figure.layout.width, height: figure.layout.height});
  }

  function button(format, plotly) {
    return {
      name: "download-" + format,
      title: "Download as " + format.toUpperCase(),
      icon: format === "png" && plotly.Icons ? plotly.Icons.camera : SVG_ICON,
      click: function (gd) { save(gd, format); }
    };
  }

  // For tests and anyone scripting the page: the image a button would save, as a
  // data URL.
  window.PlaceboardCharts = {
    title: chartTitle,
    fileName: function (gd) { return fileName(chartTitle(gd)); },
    image: function (gd, format) {
      var figure = imageFigure(gd);
      return window.Plotly.toImage(figure, {format: format, width: figure.layout.width,
                                            height: figure.layout.height});
    }
  };

  function configure(plotly) {
    if (plotly && typeof plotly.setPlotConfig === "function") {
      var defaults = {};
      Object.keys(DEFAULTS).forEach(function (key) { defaults[key] = DEFAULTS[key]; });
      defaults.modeBarButtonsToAdd = [button("png", plotly), button("svg", plotly)];
      plotly.setPlotConfig(defaults);
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
