/* Placeboard maps: a small Canvas 2D choropleth renderer, no dependencies, no network
 * beyond this app.
 *
 * Geometry comes once per geography from /maps/geometry/<level>/<within>.bin (format in
 * dashboard/geometry.py) and is cached here by URL; the server then sends only values and
 * class codes aligned to the geometry's feature order, and recolouring redraws from memory.
 * Hover and click use a uniform grid over feature bounding boxes plus an exact even-odd
 * point-in-polygon test. Hover is answered in the browser; clicks are reported to Dash with
 * dash_clientside.set_props so server callbacks can open panels or pages.
 *
 * The map element carries data-render-ms (last draw), data-rendered-at (ms since navigation
 * start), data-features, data-coloured and data-version for tests and the benchmark.
 *
 * Keyboard: the canvas takes focus; the arrow keys move from area to area (to the nearest
 * one in that direction), showing its tooltip and announcing its name, value and
 * comparison through a polite live region; Enter does what a click does; Shift+arrows
 * move the map, + and - zoom, 0 resets, Escape leaves the area. The "Table of the mapped
 * data" link drawn first in each map (layouts/map.py) opens that map's table and moves
 * focus to it.
 */
(function () {
  "use strict";

  var geometryCache = {};   // url -> Promise of decoded geometry
  var states = {};          // map element id -> state
  var MERCATOR = 180 / Math.PI;
  var HATCH_CACHE = {};

  function mercatorY(lat) {
    var phi = Math.max(Math.min(lat, 85), -85) * Math.PI / 180;
    return -Math.log(Math.tan(Math.PI / 4 + phi / 2)) * MERCATOR;  // y grows downwards
  }

  function decode(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 80 || bytes[1] !== 66 || bytes[2] !== 71 || bytes[3] !== 49) {
      throw new Error("not a Placeboard geometry payload");
    }
    var view = new DataView(buffer);
    var headerLength = view.getUint32(4, true);
    var header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    var offset = 8 + headerLength;
    var nf = header.n_features, nr = header.n_rings, np = header.n_points;
    var ringStart = new Uint32Array(buffer, offset, nf + 1);
    offset += 4 * (nf + 1);
    var pointStart = new Uint32Array(buffer, offset, nr + 1);
    offset += 4 * (nr + 1);
    var q = new Uint16Array(buffer, offset, 2 * np);
    var b = header.bbox, sx = (b[2] - b[0]) / 65535, sy = (b[3] - b[1]) / 65535;
    // Project once to Web Mercator (x in degrees of longitude, y scaled to match).
    var xy = new Float32Array(2 * np);
    for (var i = 0; i < np; i++) {
      xy[2 * i] = b[0] + q[2 * i] * sx;
      xy[2 * i + 1] = mercatorY(b[1] + q[2 * i + 1] * sy);
    }
    var boxes = new Float32Array(4 * nf);
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var f = 0; f < nf; f++) {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      var p0 = pointStart[ringStart[f]], p1 = pointStart[ringStart[f + 1]];
      for (var p = p0; p < p1; p++) {
        var x = xy[2 * p], y = xy[2 * p + 1];
        if (x < x0) { x0 = x; } if (x > x1) { x1 = x; }
        if (y < y0) { y0 = y; } if (y > y1) { y1 = y; }
      }
      boxes[4 * f] = x0; boxes[4 * f + 1] = y0; boxes[4 * f + 2] = x1; boxes[4 * f + 3] = y1;
      if (p1 > p0) {
        minX = Math.min(minX, x0); minY = Math.min(minY, y0);
        maxX = Math.max(maxX, x1); maxY = Math.max(maxY, y1);
      }
    }
    var geometry = {header: header, codes: header.codes, names: header.names, n: nf,
                    ringStart: ringStart, pointStart: pointStart, xy: xy, boxes: boxes,
                    bounds: [minX, minY, maxX, maxY], index: {}};
    header.codes.forEach(function (code, k) { geometry.index[code] = k; });
    geometry.grid = buildGrid(geometry);
    return geometry;
  }

  // Uniform grid over feature bounding boxes (compressed rows), for hit-testing.
  function buildGrid(g) {
    var n = g.n, bounds = g.bounds;
    var side = Math.max(1, Math.ceil(Math.sqrt(n)));
    var w = (bounds[2] - bounds[0]) / side || 1, h = (bounds[3] - bounds[1]) / side || 1;
    var counts = new Uint32Array(side * side + 1);
    function range(f) {
      var b = g.boxes;
      return [Math.max(0, Math.min(side - 1, Math.floor((b[4 * f] - bounds[0]) / w))),
              Math.max(0, Math.min(side - 1, Math.floor((b[4 * f + 1] - bounds[1]) / h))),
              Math.max(0, Math.min(side - 1, Math.floor((b[4 * f + 2] - bounds[0]) / w))),
              Math.max(0, Math.min(side - 1, Math.floor((b[4 * f + 3] - bounds[1]) / h)))];
    }
    var f, r, cx, cy;
    for (f = 0; f < n; f++) {
      r = range(f);
      for (cy = r[1]; cy <= r[3]; cy++) { for (cx = r[0]; cx <= r[2]; cx++) { counts[cy * side + cx + 1]++; } }
    }
    for (var c = 1; c < counts.length; c++) { counts[c] += counts[c - 1]; }
    var fill = counts.slice(0, side * side), items = new Uint32Array(counts[side * side]);
    for (f = 0; f < n; f++) {
      r = range(f);
      for (cy = r[1]; cy <= r[3]; cy++) { for (cx = r[0]; cx <= r[2]; cx++) { items[fill[cy * side + cx]++] = f; } }
    }
    return {side: side, w: w, h: h, start: counts, items: items};
  }

  function contains(g, f, x, y) {
    var inside = false, xy = g.xy;
    for (var r = g.ringStart[f]; r < g.ringStart[f + 1]; r++) {
      var p0 = g.pointStart[r], p1 = g.pointStart[r + 1];
      for (var i = p0, j = p1 - 1; i < p1; j = i++) {
        var xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
        if (((yi > y) !== (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  function featureAt(g, x, y) {
    var grid = g.grid, b = g.bounds;
    var cx = Math.floor((x - b[0]) / grid.w), cy = Math.floor((y - b[1]) / grid.h);
    if (cx < 0 || cy < 0 || cx >= grid.side || cy >= grid.side) { return -1; }
    var cell = cy * grid.side + cx;
    for (var k = grid.start[cell]; k < grid.start[cell + 1]; k++) {
      var f = grid.items[k], box = g.boxes;
      if (x >= box[4 * f] && x <= box[4 * f + 2] && y >= box[4 * f + 1] && y <= box[4 * f + 3]
          && contains(g, f, x, y)) {
        return f;
      }
    }
    return -1;
  }

  function loadGeometry(url) {
    if (!geometryCache[url]) {
      geometryCache[url] = fetch(url, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) { throw new Error("geometry " + response.status + " for " + url); }
        return response.arrayBuffer();
      }).then(decode);
      geometryCache[url].catch(function () { delete geometryCache[url]; });
    }
    return geometryCache[url];
  }

  // --- drawing --------------------------------------------------------------------------

  function hatch(ctx, background, line) {
    var key = background + line;
    if (!HATCH_CACHE[key]) {
      var tile = document.createElement("canvas");
      tile.width = 8; tile.height = 8;
      var t = tile.getContext("2d");
      t.fillStyle = background; t.fillRect(0, 0, 8, 8);
      t.strokeStyle = line; t.lineWidth = 1.2;
      t.beginPath(); t.moveTo(-2, 10); t.lineTo(10, -2); t.moveTo(-2, 2); t.lineTo(2, -2);
      t.moveTo(6, 10); t.lineTo(10, 6); t.stroke();
      HATCH_CACHE[key] = tile;
    }
    return ctx.createPattern(HATCH_CACHE[key], "repeat");
  }

  function fillFor(ctx, data, cls) {
    if (cls === "-") { return hatch(ctx, data.missing_colour || "#ffffff", data.missing_hatch || "#6f777b"); }
    if (cls === "s") { return data.suppressed_colour || "#b1b4b6"; }
    return data.colours[parseInt(cls, 36)] || "#cccccc";
  }

  function fit(state) {
    var g = state.geometry, b = g.bounds;
    var width = state.width, height = state.height, pad = 12;
    var scale = Math.min((width - 2 * pad) / Math.max(b[2] - b[0], 1e-9),
                         (height - 2 * pad) / Math.max(b[3] - b[1], 1e-9));
    state.view = {scale: scale,
                  tx: (width - (b[2] - b[0]) * scale) / 2 - b[0] * scale,
                  ty: (height - (b[3] - b[1]) * scale) / 2 - b[1] * scale};
    state.fitted = true;
  }

  function tracePath(ctx, state, f, dpr) {
    var g = state.geometry, v = state.view, xy = g.xy;
    var s = v.scale * dpr, tx = v.tx * dpr, ty = v.ty * dpr;
    for (var r = g.ringStart[f]; r < g.ringStart[f + 1]; r++) {
      var p0 = g.pointStart[r], p1 = g.pointStart[r + 1];
      if (p1 - p0 < 3) { continue; }
      ctx.moveTo(xy[2 * p0] * s + tx, xy[2 * p0 + 1] * s + ty);
      for (var p = p0 + 1; p < p1; p++) { ctx.lineTo(xy[2 * p] * s + tx, xy[2 * p + 1] * s + ty); }
      ctx.closePath();
    }
  }

  function visible(state, f) {
    var b = state.geometry.boxes, v = state.view;
    var x0 = b[4 * f] * v.scale + v.tx, x1 = b[4 * f + 2] * v.scale + v.tx;
    var y0 = b[4 * f + 1] * v.scale + v.ty, y1 = b[4 * f + 3] * v.scale + v.ty;
    return x1 >= 0 && y1 >= 0 && x0 <= state.width && y0 <= state.height;
  }

  function sizeCanvases(state) {
    var rect = state.el.getBoundingClientRect();
    var dpr = window.devicePixelRatio || 1;
    var width = Math.max(50, Math.round(rect.width)), height = Math.max(50, Math.round(rect.height));
    if (width !== state.width || height !== state.height || dpr !== state.dpr) {
      [state.canvas, state.overlay].forEach(function (c) {
        c.width = Math.round(width * dpr); c.height = Math.round(height * dpr);
        c.style.width = width + "px"; c.style.height = height + "px";
      });
      var refit = !state.userMoved || !state.view;
      state.width = width; state.height = height; state.dpr = dpr;
      if (refit && state.geometry) { fit(state); }
    }
  }

  function draw(state) {
    var t0 = performance.now();
    var g = state.geometry, data = state.data;
    if (!g || !data) { return; }
    sizeCanvases(state);
    if (!state.view) { fit(state); }
    var ctx = state.canvas.getContext("2d"), dpr = state.dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, state.canvas.width, state.canvas.height);
    if (state.tiles) { drawTiles(state, ctx); }
    var classes = data.classes || "", groups = {}, order = [], drawn = 0, coloured = 0;
    for (var f = 0; f < g.n; f++) {
      var cls = classes.charAt(f) || "-";
      if (cls === " ") { continue; }
      if (cls !== "-" && cls !== "s") { coloured++; }
      drawn++;
      if (!visible(state, f)) { continue; }
      if (!groups[cls]) { groups[cls] = []; order.push(cls); }
      groups[cls].push(f);
    }
    // One path per feature: Skia builds a single path of 33k subpaths very slowly
    // (14 s measured), while 33k small fills take about 0.1 s.
    var small = state.view.scale * (g.bounds[2] - g.bounds[0]) / Math.sqrt(Math.max(g.n, 1)) < 12;
    ctx.globalAlpha = state.tiles ? 0.8 : 1;
    ctx.lineJoin = "round";
    order.forEach(function (cls) {
      ctx.fillStyle = fillFor(ctx, data, cls);
      var list = groups[cls];
      for (var i = 0; i < list.length; i++) {
        ctx.beginPath(); tracePath(ctx, state, list[i], dpr); ctx.fill("evenodd");
      }
    });
    ctx.globalAlpha = 1;
    if (!small) {
      ctx.strokeStyle = "rgba(80,90,95,0.6)"; ctx.lineWidth = 0.6 * dpr;
      order.forEach(function (cls) {
        var list = groups[cls];
        for (var i = 0; i < list.length; i++) {
          ctx.beginPath(); tracePath(ctx, state, list[i], dpr); ctx.stroke();
        }
      });
    }
    drawMarks(state, ctx, dpr, small);
    drawOverlay(state);
    var ms = performance.now() - t0;
    var el = state.el;
    el.setAttribute("data-render-ms", ms.toFixed(1));
    el.setAttribute("data-rendered-at", performance.now().toFixed(1));
    el.setAttribute("data-features", String(drawn));
    el.setAttribute("data-coloured", String(coloured));
    el.setAttribute("data-version", String(data.version || ""));
    el.setAttribute("data-geometry", data.geometry || "");
    el.classList.add("pb-map--ready");
  }

  // --- the hot-spot layer: marked areas get an outline (solid for hot, dashed for cold)
  // and a shape at their middle (a triangle pointing up for hot, down for cold), so the
  // layer never relies on colour and sits on any fill of the choropleth.

  function markIndex(state) {
    var g = state.geometry, marks = state.marks;
    if (!g || !marks) { return null; }
    if (state.markFor !== g || state.markData !== marks) {
      var index = new Int8Array(g.n);
      (marks.hot || []).forEach(function (code) { var k = g.index[code]; if (k !== undefined) { index[k] = 1; } });
      (marks.cold || []).forEach(function (code) { var k = g.index[code]; if (k !== undefined) { index[k] = 2; } });
      state.markFor = g; state.markData = marks; state.markIndex = index;
    }
    return state.markIndex;
  }

  function triangle(ctx, x, y, r, up) {
    var s = up ? 1 : -1;
    ctx.beginPath();
    ctx.moveTo(x, y - s * r); ctx.lineTo(x + r * 0.9, y + s * r * 0.7);
    ctx.lineTo(x - r * 0.9, y + s * r * 0.7); ctx.closePath();
  }

  function drawMarks(state, ctx, dpr, small) {
    var index = markIndex(state), g = state.geometry, v = state.view;
    var hot = 0, cold = 0;
    if (index) {
      for (var f = 0; f < g.n; f++) {
        if (!index[f]) { continue; }
        if (index[f] === 1) { hot++; } else { cold++; }
        if (!visible(state, f)) { continue; }
        if (!small) {
          ctx.beginPath(); tracePath(ctx, state, f, dpr);
          ctx.setLineDash(index[f] === 1 ? [] : [4 * dpr, 3 * dpr]);
          ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 3.5 * dpr; ctx.stroke();
          ctx.strokeStyle = "#0b0c0c"; ctx.lineWidth = 1.8 * dpr; ctx.stroke();
          ctx.setLineDash([]);
        }
        var c = centreOf(g, f), r = (small ? 3.5 : 6) * dpr;
        triangle(ctx, (c[0] * v.scale + v.tx) * dpr, (c[1] * v.scale + v.ty) * dpr, r, index[f] === 1);
        ctx.fillStyle = index[f] === 1 ? "#801650" : "#28A197"; ctx.fill();
        ctx.strokeStyle = "#ffffff"; ctx.lineWidth = 1.2 * dpr; ctx.stroke();
      }
    }
    state.el.setAttribute("data-hot-spots", String(hot));
    state.el.setAttribute("data-cold-spots", String(cold));
  }

  function markText(state, f) {
    var index = markIndex(state), marks = state.marks;
    if (!index || !index[f]) { return null; }
    return index[f] === 1 ? (marks.hot_text || "Hot spot") : (marks.cold_text || "Cold spot");
  }

  function drawOverlay(state) {
    var ctx = state.overlay.getContext("2d"), dpr = state.dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, state.overlay.width, state.overlay.height);
    if (!state.geometry) { return; }
    var selected = state.selected || [];
    selected.forEach(function (f) {
      ctx.beginPath(); tracePath(ctx, state, f, dpr);
      ctx.strokeStyle = "#0b0c0c"; ctx.lineWidth = 3 * dpr; ctx.stroke();
      ctx.strokeStyle = "#ffdd00"; ctx.lineWidth = 1.5 * dpr; ctx.stroke();
    });
    if (state.hover >= 0) {
      ctx.beginPath();
      tracePath(ctx, state, state.hover, dpr);
      ctx.strokeStyle = "#0b0c0c"; ctx.lineWidth = 2.5 * dpr; ctx.stroke();
    }
  }

  // Optional basemap (Settings.basemap_tiles, an {z}/{x}/{y} URL template): Web Mercator
  // tiles under the polygons. Nothing is fetched unless it is configured.
  function drawTiles(state, ctx) {
    var v = state.view, dpr = state.dpr;
    var worldPx = v.scale * 360;
    var z = Math.max(0, Math.min(18, Math.round(Math.log2(worldPx / 256))));
    var n = Math.pow(2, z), tileDeg = 360 / n, size = tileDeg * v.scale;
    var yTop = -180;  // mercator y (negated) of the top of the world, in our units
    var x0 = Math.floor((-v.tx / v.scale + 180) / tileDeg), x1 = Math.floor(((state.width - v.tx) / v.scale + 180) / tileDeg);
    var y0 = Math.floor((-v.ty / v.scale - yTop) / tileDeg), y1 = Math.floor(((state.height - v.ty) / v.scale - yTop) / tileDeg);
    for (var ty = Math.max(0, y0); ty <= Math.min(n - 1, y1); ty++) {
      for (var tx = Math.max(0, x0); tx <= Math.min(n - 1, x1); tx++) {
        var url = state.tiles.replace("{z}", z).replace("{x}", tx).replace("{y}", ty);
        var img = state.tileImages[url];
        if (!img) {
          img = new Image();  // no crossOrigin: pixels are never read back
          img.onload = function () { schedule(state); };
          img.src = url; state.tileImages[url] = img;
        }
        if (img.complete && img.naturalWidth) {
          var px = ((tx * tileDeg - 180) * v.scale + v.tx) * dpr;
          var py = ((ty * tileDeg + yTop) * v.scale + v.ty) * dpr;
          ctx.drawImage(img, px, py, size * dpr + 1, size * dpr + 1);
        }
      }
    }
  }

  function schedule(state) {
    if (state.pending) { return; }
    state.pending = true;
    window.requestAnimationFrame(function () { state.pending = false; draw(state); });
  }

  // --- interaction ----------------------------------------------------------------------

  function toData(state, clientX, clientY) {
    var rect = state.canvas.getBoundingClientRect(), v = state.view;
    return [(clientX - rect.left - v.tx) / v.scale, (clientY - rect.top - v.ty) / v.scale];
  }

  function format(value, fmt) {
    if (value === null || value === undefined) { return "no data"; }
    fmt = fmt || {};
    var number = value * (fmt.scale || 1);
    return (fmt.prefix || "") + number.toLocaleString("en-GB", {
      minimumFractionDigits: fmt.decimals || 0, maximumFractionDigits: fmt.decimals || 0
    }) + (fmt.suffix || "");
  }

  function tooltipHtml(state, f) {
    var g = state.geometry, data = state.data, h = g.header, esc = escapeHtml;
    var cls = (data.classes || "").charAt(f);
    var lines = ["<strong>" + esc(g.names[f] || g.codes[f]) + "</strong> <span class=\"pb-map-code\">" + esc(g.codes[f]) + "</span>"];
    if (h.wards && h.ward_index && h.ward_index[f] >= 0) { lines.push("Ward: " + esc(h.wards[h.ward_index[f]])); }
    var value = data.values ? data.values[f] : null;
    var valueText = cls === "s" ? (data.suppressed_text || "suppressed") : format(value, data.format);
    lines.push(esc(data.value_label || "Value") + ": <strong>" + esc(valueText) + "</strong>" +
               (data.period ? " (" + esc(data.period) + ")" : ""));
    if (data.deciles) {
      var d = data.deciles.charAt(f);
      if (d && d !== "-") { lines.push(esc(data.decile_label || "National decile") + ": " + (d === "0" ? "10" : d) + " (1 = most deprived 10%)"); }
    }
    if (data.notes && data.notes[f]) { lines.push(esc(data.notes[f])); }
    var mark = markText(state, f);
    if (mark) { lines.push("<strong>" + esc(mark) + "</strong>"); }
    if (data.click_hint) { lines.push("<span class=\"pb-map-hint\">" + esc(data.click_hint) + "</span>"); }
    return lines.join("<br>");
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  function hoverAt(state, clientX, clientY) {
    if (!state.geometry || !state.data) { return -1; }
    var point = toData(state, clientX, clientY);
    var f = featureAt(state.geometry, point[0], point[1]);
    if (f >= 0 && (state.data.classes || "").charAt(f) === " ") { f = -1; }
    if (f !== state.hover) { state.hover = f; drawOverlay(state); }
    if (f < 0) {
      state.tooltip.hidden = true; state.el.removeAttribute("data-hover-code");
    } else {
      var rect = state.el.getBoundingClientRect();
      showTooltip(state, f, clientX - rect.left, clientY - rect.top);
    }
    return f;
  }

  // The tooltip for feature f, next to (x, y) in the map element's own pixels.
  function showTooltip(state, f, x, y) {
    var tip = state.tooltip;
    tip.innerHTML = tooltipHtml(state, f); tip.hidden = false;
    var width = state.el.clientWidth, height = state.el.clientHeight;
    var left = x + 14, top = y + 14;
    if (left + tip.offsetWidth > width) { left = Math.max(0, x - tip.offsetWidth - 14); }
    if (top + tip.offsetHeight > height) { top = Math.max(0, y - tip.offsetHeight - 14); }
    tip.style.left = left + "px"; tip.style.top = top + "px";
    state.el.setAttribute("data-hover-code", state.geometry.codes[f]);
  }

  function clickAt(state, clientX, clientY, event) {
    var f = hoverAt(state, clientX, clientY);
    if (f < 0 || !state.data) { return; }
    activate(state, f, event);
  }

  // What a click on feature f does: open its profile, or report it to Dash.
  function activate(state, f, event) {
    var code = state.geometry.codes[f], data = state.data;
    state.el.setAttribute("data-clicked-code", code);
    if (data.click === "profile") {
      var path = (data.profile_path || "/area/") + code;
      if (window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props("_pages_location", {pathname: path, search: ""});
      } else {
        window.location.assign(path);
      }
    } else if (data.click_store && window.dash_clientside && window.dash_clientside.set_props) {
      state.clicks = (state.clicks || 0) + 1;
      window.dash_clientside.set_props(data.click_store, {data: {
        code: code, level: state.geometry.header.level, n: state.clicks,
        additive: !!(event && (event.shiftKey || event.ctrlKey || event.metaKey))}});
    }
  }

  // --- keyboard: from area to area -------------------------------------------------------

  var KEY_HELP = "Arrow keys move from area to area and read each one's value; Enter " +
    "opens or selects the area; Shift with the arrow keys moves the map; plus and minus " +
    "zoom; 0 resets the view. The same values are in the table of the mapped data.";

  function centreOf(g, f) {
    var b = g.boxes;
    return [(b[4 * f] + b[4 * f + 2]) / 2, (b[4 * f + 1] + b[4 * f + 3]) / 2];
  }

  function onMap(state, f) {
    var cls = (state.data.classes || "").charAt(f);
    return cls !== " " && state.geometry.ringStart[f + 1] > state.geometry.ringStart[f];
  }

  // The area nearest the middle of the view (where the arrow keys start).
  function nearestToView(state) {
    var g = state.geometry, v = state.view, best = -1, bestD = Infinity;
    var x = (state.width / 2 - v.tx) / v.scale, y = (state.height / 2 - v.ty) / v.scale;
    for (var f = 0; f < g.n; f++) {
      if (!onMap(state, f)) { continue; }
      var c = centreOf(g, f), d = (c[0] - x) * (c[0] - x) + (c[1] - y) * (c[1] - y);
      if (d < bestD) { bestD = d; best = f; }
    }
    return best;
  }

  // The nearest area from `from` in direction (dx, dy): first within 60 degrees of it,
  // else anywhere on that side; distance along the direction counts once, across it
  // three times, so the step feels straight.
  function neighbour(state, from, dx, dy) {
    var g = state.geometry, o = centreOf(g, from), best = [-1, -1], bestScore = [Infinity, Infinity];
    for (var f = 0; f < g.n; f++) {
      if (f === from || !onMap(state, f)) { continue; }
      var c = centreOf(g, f), ex = c[0] - o[0], ey = c[1] - o[1];
      var along = ex * dx + ey * dy, across = Math.abs(ex * dy - ey * dx);
      if (along <= 0) { continue; }
      var score = along + 3 * across, k = across <= along * 1.732 ? 0 : 1;
      if (score < bestScore[k]) { bestScore[k] = score; best[k] = f; }
    }
    return best[0] >= 0 ? best[0] : best[1];
  }

  function announce(state, text) {
    // Cleared first so the same words are read again when asked again.
    state.live.textContent = "";
    window.setTimeout(function () { state.live.textContent = text; }, 30);
  }

  // Make feature f the keyboard's area: outline, tooltip, live region, in view.
  function focusArea(state, f) {
    var g = state.geometry, v = state.view, c = centreOf(g, f);
    var x = c[0] * v.scale + v.tx, y = c[1] * v.scale + v.ty;
    if (x < 0 || y < 0 || x > state.width || y > state.height) {
      v.tx += state.width / 2 - x; v.ty += state.height / 2 - y;
      x = state.width / 2; y = state.height / 2;
      state.userMoved = true; schedule(state);
    }
    state.hover = f; drawOverlay(state);
    showTooltip(state, f, x, y);
    state.el.setAttribute("data-focus-code", g.codes[f]);
    var hint = state.tooltip.querySelector(".pb-map-hint");  // "Click to ..." is for the mouse
    var text = state.tooltip.innerText;
    if (hint) { text = text.replace(hint.innerText, ""); }
    announce(state, text.trim().replace(/\s*\n+\s*/g, ". ") +
             (state.data.click === "profile" ? ". Press Enter to open its profile."
              : state.data.click_store ? ". Press Enter to select it." : ""));
  }

  function stepArea(state, dx, dy) {
    if (!state.geometry || !state.data || !state.view) { return; }
    var next = state.hover >= 0 ? neighbour(state, state.hover, dx, dy) : nearestToView(state);
    if (next < 0) { announce(state, "No more areas that way."); return; }
    focusArea(state, next);
  }

  function leaveArea(state) {
    state.hover = -1; state.tooltip.hidden = true; drawOverlay(state);
    state.el.removeAttribute("data-hover-code"); state.el.removeAttribute("data-focus-code");
  }

  var ARROWS = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]};

  function onKey(state, e) {
    var move = ARROWS[e.key], handled = true;
    if (move && e.shiftKey) { panBy(state, -60 * move[0], -60 * move[1]); }
    else if (move) { stepArea(state, move[0], move[1]); }
    else if ((e.key === "Enter" || e.key === " ") && state.hover >= 0) { activate(state, state.hover, e); }
    else if (e.key === "Escape") { leaveArea(state); }
    else if (e.key === "+" || e.key === "=") { zoomBy(state, 1.5); }
    else if (e.key === "-") { zoomBy(state, 1 / 1.5); }
    else if (e.key === "0") { reset(state); }
    else { handled = false; }
    if (handled) { e.preventDefault(); }
  }

  // The "Table of the mapped data" link: open the table (a <details> builds it when its
  // summary is clicked) and move focus there.
  function openTable(link) {
    var target = document.getElementById(link.getAttribute("data-table") || "");
    if (!target) { return false; }
    var focusTo = target;
    if (target.tagName === "DETAILS") {
      var summary = target.querySelector("summary");
      if (summary && !target.open) { summary.click(); }
      focusTo = summary || target;
    } else if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    focusTo.focus();
    target.scrollIntoView({block: "start"});
    return true;
  }

  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest ? e.target.closest(".pb-map-table-link") : null;
    if (link && openTable(link)) { e.preventDefault(); }
  });

  function zoomBy(state, factor, cx, cy) {
    var v = state.view;
    if (!v) { return; }
    if (cx === undefined) { cx = state.width / 2; cy = state.height / 2; }
    v.tx = cx - (cx - v.tx) * factor; v.ty = cy - (cy - v.ty) * factor; v.scale *= factor;
    state.userMoved = true; schedule(state);
  }

  function panBy(state, dx, dy) {
    if (!state.view) { return; }
    state.view.tx += dx; state.view.ty += dy; state.userMoved = true; schedule(state);
  }

  function reset(state) {
    state.userMoved = false;
    if (state.geometry) { fit(state); schedule(state); }
  }

  function button(label, text, onClick) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "pb-map-button"; b.textContent = text;
    b.setAttribute("aria-label", label); b.title = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function setup(el) {
    var state = {el: el, hover: -1, selected: [], selectedCodes: [], tileImages: {},
                 tiles: el.getAttribute("data-tiles") || null, version: 0};
    // Leave React's children alone (a "Loading" line, hidden once drawn); drop ours from a
    // previous setup of the same element.
    Array.prototype.slice.call(el.querySelectorAll(".pb-map-js")).forEach(function (node) {
      node.parentNode.removeChild(node);
    });
    state.canvas = document.createElement("canvas");
    state.canvas.className = "pb-map-canvas";
    // An application: screen readers pass the arrow keys to it instead of reading on.
    state.canvas.setAttribute("role", "application");
    state.canvas.setAttribute("tabindex", "0");
    state.canvas.setAttribute("aria-label", el.getAttribute("data-label") || "Map");
    state.overlay = document.createElement("canvas");
    state.overlay.className = "pb-map-overlay";
    state.overlay.setAttribute("aria-hidden", "true");
    // The tooltip is what the eye sees; the live region below is what is announced.
    state.tooltip = document.createElement("div");
    state.tooltip.className = "pb-map-tooltip"; state.tooltip.hidden = true;
    state.tooltip.setAttribute("aria-hidden", "true");
    state.live = document.createElement("div");
    state.live.className = "visually-hidden pb-map-live";
    state.live.setAttribute("role", "status"); state.live.setAttribute("aria-live", "polite");
    var help = document.createElement("div");
    help.className = "visually-hidden"; help.id = (el.id || "map") + "-keys";
    help.textContent = KEY_HELP;
    state.canvas.setAttribute("aria-describedby", help.id);
    var controls = document.createElement("div");
    controls.className = "pb-map-controls";
    controls.appendChild(button("Zoom in", "+", function () { zoomBy(state, 1.5); }));
    controls.appendChild(button("Zoom out", "\u2212", function () { zoomBy(state, 1 / 1.5); }));
    controls.appendChild(button("Reset view", "\u21BA", function () { reset(state); }));
    [state.canvas, state.overlay, state.tooltip, state.live, help, controls].forEach(function (node) {
      node.classList.add("pb-map-js"); el.appendChild(node);
    });

    var canvas = state.canvas, drag = null, frame = null;
    canvas.addEventListener("mousemove", function (e) {
      if (drag) {
        var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; }
        if (drag.moved) { drag.x = e.clientX; drag.y = e.clientY; panBy(state, dx, dy); return; }
      }
      var cx = e.clientX, cy = e.clientY;
      if (frame) { window.cancelAnimationFrame(frame); }
      frame = window.requestAnimationFrame(function () { frame = null; hoverAt(state, cx, cy); });
    });
    canvas.addEventListener("mouseleave", function () {
      drag = null; state.hover = -1; state.tooltip.hidden = true; drawOverlay(state);
      state.el.removeAttribute("data-hover-code");
    });
    canvas.addEventListener("mousedown", function (e) { drag = {x: e.clientX, y: e.clientY, moved: false}; });
    canvas.addEventListener("mouseup", function (e) {
      var wasDrag = drag && drag.moved; drag = null;
      if (!wasDrag) { clickAt(state, e.clientX, e.clientY, e); }
    });
    canvas.addEventListener("wheel", function (e) {
      e.preventDefault();
      var rect = canvas.getBoundingClientRect();
      zoomBy(state, e.deltaY < 0 ? 1.25 : 0.8, e.clientX - rect.left, e.clientY - rect.top);
    }, {passive: false});
    canvas.addEventListener("keydown", function (e) { onKey(state, e); });
    canvas.addEventListener("blur", function () { leaveArea(state); });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { if (state.geometry) { schedule(state); } }).observe(el);
    }
    return state;
  }

  function stateFor(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var state = states[id];
    if (!state || state.el !== el || !el.contains(state.canvas)) {
      state = setup(el); states[id] = state;
    }
    return state;
  }

  function applySelection(state) {
    var g = state.geometry;
    state.selected = [];
    if (!g) { return; }
    (state.selectedCodes || []).forEach(function (code) {
      var k = g.index[code];
      if (k !== undefined) { state.selected.push(k); }
    });
    state.el.setAttribute("data-selected", String(state.selected.length));
  }

  /** Draw `data` (a values payload from the server) on the map element `id`. */
  function render(id, data) {
    var state = stateFor(id);
    if (!state || !data) { return Promise.resolve(null); }
    var version = ++state.version;
    state.el.setAttribute("aria-busy", "true");
    return loadGeometry(data.geometry).then(function (geometry) {
      if (version !== state.version) { return null; }  // a newer payload arrived
      if (geometry.n !== data.n) { throw new Error("values do not match the geometry"); }
      if (state.geometry !== geometry) {
        state.geometry = geometry; state.view = null; state.userMoved = false; state.hover = -1;
      }
      state.data = data;
      applySelection(state);
      draw(state);
      state.el.setAttribute("aria-busy", "false");
      return data.status || null;
    }).catch(function (error) {
      state.el.setAttribute("aria-busy", "false");
      state.el.setAttribute("data-error", String(error && error.message || error));
      if (window.console) { window.console.warn("Placeboard map:", error); }
      return "The map could not be drawn; the same data is in the table below.";
    });
  }

  /** Outline the features whose codes are given (selection shared with other views). */
  function highlight(id, codes) {
    var state = stateFor(id);
    if (!state) { return; }
    state.selectedCodes = codes || [];
    applySelection(state);
    drawOverlay(state);
  }

  /** Mark hot and cold spots ({hot: [codes], cold: [codes], hot_text, cold_text}) on the
   * map element `id`; an empty or missing list clears them. Codes not on the map are
   * ignored (the place may change before the new marks arrive). */
  function setMarks(id, marks) {
    var state = stateFor(id);
    if (!state) { return; }
    state.marks = marks || null;
    if (state.geometry && state.data) { schedule(state); }
  }

  /** Client (viewport) coordinates of a lon/lat on the map, for tests and keyboard help. */
  function project(id, lon, lat) {
    var state = states[id];
    if (!state || !state.view) { return null; }
    var rect = state.canvas.getBoundingClientRect(), v = state.view;
    return [rect.left + lon * v.scale + v.tx, rect.top + mercatorY(lat) * v.scale + v.ty];
  }

  window.PlaceboardMaps = {render: render, highlight: highlight, project: project, marks: setMarks,
                           hoverAt: function (id, x, y) { var s = states[id]; return s ? hoverAt(s, x, y) : -1; },
                           decode: decode, states: states};

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.placeboard_maps = {
    render: function (data, id) { return render(id, data); },
    highlight: function (codes, id) {
      highlight(id, codes);
      return window.dash_clientside.no_update;
    },
    marks: function (marks, id) {
      setMarks(id, marks);
      var hot = (marks && marks.hot || []).length, cold = (marks && marks.cold || []).length;
      return hot + cold ? "The map marks " + hot + " hot spots and " + cold + " cold spots." : "";
    },
    // Keep the page's state in the address bar without a page reload or re-render.
    sync_url: function () {
      var names = arguments[arguments.length - 1];
      var params = new URLSearchParams();
      for (var i = 0; i < names.length; i++) {
        var value = arguments[i];
        if (value !== null && value !== undefined && value !== "") { params.set(names[i], value); }
      }
      var search = "?" + params.toString();
      if (window.location.search !== search) {
        window.history.replaceState(window.history.state, "", window.location.pathname + search);
      }
      return window.dash_clientside.no_update;
    }
  };
})();
