/*
 * Embeds (callbacks/embed.py, layouts/embed_panel.py).
 *
 * On every page: "Copy the code" buttons of the "Embed this chart" panels copy the
 * iframe snippet in their read-only field (named by the button's data-copy) with the
 * Clipboard API, or, where the browser refuses it, by selecting the field and copying
 * the selection; either way the panel says so in words ("Copied"), in a live region.
 * One listener on the document: it works for panels Dash draws after the page loads.
 *
 * On an embed page (/embed/...): draws the chart from the figure's JSON data block
 * (#embed-figure) into #embed-chart with the plotly.js this app serves, sized by the
 * frame, and keeps it sized when the frame changes.
 */
(function () {
  "use strict";

  function say(button, text) {
    var holder = button.parentNode;
    var status = holder && holder.querySelector(".embed-copied");
    if (status) { status.textContent = text; }
  }

  function copyBySelection(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    var text = field.value;
    var fallback = function () {
      say(button, copyBySelection(field) ? "Copied"
        : "Could not copy: the code is selected, press Ctrl+C (or Cmd+C) to copy it");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(button, "Copied"); },
                                               fallback);
    } else {
      fallback();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest &&
      event.target.closest("button.embed-copy");
    if (button) { copy(button); }
  });

  function draw() {
    var data = document.getElementById("embed-figure");
    var chart = document.getElementById("embed-chart");
    if (!data || !chart || !window.Plotly) { return; }
    var figure = JSON.parse(data.textContent);
    window.Plotly.newPlot(chart, figure.data, figure.layout,
                          {responsive: true, displaylogo: false, displayModeBar: false});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
