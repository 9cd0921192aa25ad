/*
 * Truce map: the agreement's own layers as the base map (no tiles), the incidents the
 * caller may see as 95 % ellipses (a point when small), coloured by kind and sized by count,
 * violations marked, coverage when there is some; filters and an hourly histogram that
 * narrows the map when brushed. Every incident drawn has class "truce-incident" and
 * data-incident-id; a violation without an incident has class "truce-violation".
 *
 * The server sends only the caller's views (services.access); this script filters and
 * draws what it was sent.
 *
 * Incidents are drawn in one SVG of Leaflet's (a renderer in its own pane, so it pans and
 * zooms with the map) as one string of <circle>/<ellipse> elements set at once: ten thousand
 * of them paint within the 2 s goal, where one Leaflet layer each does not, and each still is
 * an element with its class, data-incident-id, role, tabindex and title.
 */
(function () {
  "use strict";

  const root = document.getElementById("map");
  if (!root || !window.L) return;
  const texts = document.getElementById("map-texts").dataset;
  const form = document.getElementById("map-filters");
  const countEl = document.querySelector("[data-shown-count]");
  const svgNS = "http://www.w3.org/2000/svg";

  const KIND_COLOURS = {
    explosion: "#c0392b", projectile: "#d35400", flare: "#b7950b", muzzle_flash: "#8e44ad",
    fire: "#7b241c", weapon: "#1f618d", presence: "#117864", restriction: "#5d6d7e",
    interference: "#6c3483", damage: "#784212", casualty: "#000000", other: "#566573",
  };
  const LAYER_STYLES = {
    contact_line: { color: "#000000", weight: 3 },
    controlled_areas: { color: "#7f8c8d", weight: 1, fillOpacity: 0.06 },
    zones: { color: "#2471a3", weight: 1.5, dashArray: "6 4", fillOpacity: 0.08 },
    holding_areas: { color: "#196f3d", weight: 1.5, fillOpacity: 0.12 },
    regions: { color: "#aab7b8", weight: 1, fill: false, dashArray: "2 4" },
    sites: { color: "#884ea0", weight: 2, fillOpacity: 0.3 },
  };
  const POINT_BELOW_M = 150;

  const map = L.map(root, { preferCanvas: false, zoomSnap: 0.25, attributionControl: false });
  const renderer = L.svg({ padding: 0.5 });
  map.createPane("incidents").style.zIndex = "450";
  const incidentRenderer = L.svg({ padding: 0.5, pane: "incidents" });
  const incidentGroup = document.createElementNS(svgNS, "g");
  map.createPane("violations").style.zIndex = "460";
  const violationRenderer = L.svg({ padding: 0.5, pane: "violations" });
  let shownIncidents = [];
  let renderedAt = "";
  const baseLayers = {};
  const overlays = {};
  let regions = [];
  let data = { incidents: [], violations: [], coverage: null }; // incidents: objects
  let brush = null; // [t0, t1] in ms, or null
  let drawn = L.layerGroup().addTo(map);
  let coverageLayer = null;

  function radiusOf(count) {
    return 4 + 2.2 * Math.log2(1 + Math.max(0, count || 0));
  }

  function label(inc) {
    const kind = texts["kind_" + inc.kind] || inc.kind;
    return `${kind}: ${inc.count} (${new Date(inc.start).toISOString().slice(0, 16).replace("T", " ")})`;
  }

  const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
  function esc(text) {
    return String(text).replace(/[&<>"]/g, (c) => ESC[c]);
  }

  /** What every drawing of an incident shares (set once per data load): its opening tag's
   * class, id, role, focus and accessible name, and its size and stroke. */
  function prepare(inc) {
    const violated = inc.violations > 0;
    const cls = "truce-incident k-" + (KIND_COLOURS[inc.kind] ? inc.kind : "other") + (violated ? " truce-violated" : "");
    inc.head = `class="${cls}" data-incident-id="${esc(inc.id)}" role="link" tabindex="0" aria-label="${esc(label(inc))}"`;
    inc.isEllipse = inc.a >= POINT_BELOW_M;
    inc.stroke = ((violated ? 2.5 : 1.2) + Math.min(3, Math.log10(1 + inc.count))).toFixed(1);
    inc.r = radiusOf(inc.count).toFixed(1);
    inc.rotate = (inc.deg - 90).toFixed(1);
    return inc;
  }

  /** The SVG element of an incident in layer pixels (`scale` = 256 * 2^zoom; a point when
   * small). */
  function incidentSvg(inc, scale, origin) {
    // Web Mercator (EPSG:3857, Leaflet's CRS) pixel position, relative to the pixel origin.
    const lat = (inc.lat * Math.PI) / 180;
    const x = ((scale * (inc.lon + 180)) / 360 - origin.x).toFixed(1);
    const y = ((scale * (1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI)) / 2 - origin.y).toFixed(1);
    if (!inc.isEllipse) return `<circle ${inc.head} cx="${x}" cy="${y}" r="${inc.r}"/>`;
    // Web Mercator is conformal: the local metric ellipse is an ellipse on screen, its axes
    // scaled by the pixels per metre there; the major axis at azimuth az (clockwise from
    // north) is SVG's x axis turned by az - 90 degrees (y points down).
    const perM = scale / (40075016.686 * Math.cos(lat));
    return `<ellipse ${inc.head} cx="${x}" cy="${y}" rx="${(inc.a * perM).toFixed(1)}" ry="${(inc.b * perM).toFixed(1)}" transform="rotate(${inc.rotate} ${x} ${y})" stroke-width="${inc.stroke}"/>`;
  }

  /** Draw `shownIncidents` again when the zoom or the pixel origin changed (or `force`). */
  function renderIncidents(force) {
    if (!incidentGroup.isConnected) return; // before the map has a view (drawLayers)
    const zoom = map.getZoom();
    const origin = map.getPixelOrigin();
    const at = zoom + ":" + origin.x + ":" + origin.y;
    if (!force && at === renderedAt) return;
    renderedAt = at;
    const scale = 256 * Math.pow(2, zoom);
    const parts = new Array(shownIncidents.length);
    for (let i = 0; i < shownIncidents.length; i++) parts[i] = incidentSvg(shownIncidents[i], scale, origin);
    incidentGroup.innerHTML = parts.join("");
  }
  incidentRenderer.on("update", () => renderIncidents(false));

  // One tooltip for all incidents: the hovered or focused one's name.
  const tip = L.DomUtil.create("div", "truce-tip", root);
  tip.hidden = true;
  function showTip(ev) {
    const el = ev.target.closest && ev.target.closest("[data-incident-id]");
    tip.hidden = !el;
    if (!el) return;
    tip.textContent = el.getAttribute("aria-label");
    const box = el.getBoundingClientRect();
    const frame = root.getBoundingClientRect();
    tip.style.setProperty("left", Math.round(box.right - frame.left + 4) + "px");
    tip.style.setProperty("top", Math.round(box.top - frame.top) + "px");
  }
  root.addEventListener("pointerover", showTip);
  root.addEventListener("focusin", showTip);
  root.addEventListener("pointerleave", () => { tip.hidden = true; });

  // One listener for all incidents (thousands of them): open the incident page.
  function openIncident(ev) {
    const el = ev.target.closest && ev.target.closest("[data-incident-id]");
    if (!el) return;
    if (ev.type === "keydown" && ev.key !== "Enter") return;
    if (map.dragging && map.dragging.moved()) return; // the end of a pan, not a click
    window.location.href = "/incidents/" + el.getAttribute("data-incident-id");
  }
  root.addEventListener("click", openIncident);
  root.addEventListener("keydown", openIncident);

  function drawViolation(group, v) {
    const layer = L.circleMarker([v.lat, v.lon], {
      renderer: violationRenderer, radius: 6, color: "#111111", weight: 2, fillColor: "#ffffff", fillOpacity: 0.9,
      className: "truce-violation",
    });
    group.addLayer(layer);
    const el = layer.getElement();
    if (el) {
      el.setAttribute("data-violation-id", v.id);
      const title = document.createElementNS(svgNS, "title");
      title.textContent = texts.violation + ": " + v.clause;
      el.append(title);
    }
  }

  // --- filters ---------------------------------------------------------------------------

  function inPolygon(lon, lat, ring) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  function inGeometry(lon, lat, geom) {
    const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
    return polys.some((rings) => inPolygon(lon, lat, rings[0]) && !rings.slice(1).some((h) => inPolygon(lon, lat, h)));
  }

  /** The region layer's areas of region `id` (a region may have several polygons). */
  function regionAreas(id) {
    return regions.filter((r) => r.properties && (r.properties.region || r.properties.id) === id);
  }

  function filters() {
    const f = new FormData(form);
    return { region: f.get("region") || "", kind: f.get("kind") || "", status: f.get("status") || "" };
  }

  function matches(inc, f, withBrush) {
    if (f.kind && inc.kind !== f.kind) return false;
    if (f.status === "violation" && !(inc.violations > 0)) return false;
    if (f.status && f.status !== "violation" && inc.status !== f.status) return false;
    if (f.region) {
      const areas = regionAreas(f.region);
      if (areas.length && !areas.some((a) => inGeometry(inc.lon, inc.lat, a.geometry))) return false;
    }
    if (withBrush && brush) {
      if (inc.end < brush[0] || inc.start > brush[1]) return false;
    }
    return true;
  }

  function redraw() {
    const f = filters();
    const group = L.layerGroup();
    const shown = [];
    for (const inc of data.incidents) if (matches(inc, f, true)) shown.push(inc);
    map.removeLayer(drawn);
    group.addTo(map);
    shownIncidents = shown;
    renderIncidents(true);
    for (const v of data.violations) {
      if (f.kind && v.kind !== f.kind) continue;
      if (f.status && f.status !== "violation" && v.status !== f.status) continue;
      drawViolation(group, v);
    }
    drawn = group;
    countEl.textContent = texts.shown.replace("{n}", String(shown.length)).replace("{total}", String(data.incidents.length));
    countEl.dataset.shownCount = String(shown.length);
    histogram(data.incidents.filter((inc) => matches(inc, f, false)));
    drawCoverage(f);
    if (root.dataset.ready !== "true") {
      // First paint of the incidents (for the benchmark): a task queued from the next
      // animation frame runs once that frame, holding the incidents, was rendered.
      requestAnimationFrame(() => setTimeout(() => {
        root.dataset.firstPaintMs = String(Math.round(performance.now()));
      }, 0));
    }
    root.dataset.ready = "true";
    root.dispatchEvent(new CustomEvent("truce:drawn", { detail: shown.length }));
  }

  // --- coverage: the contact line in observed / not observed runs (server-computed) ----

  const km = new Intl.NumberFormat(document.documentElement.lang || undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function drawCoverage(f) {
    coverageLayer.clearLayers();
    const cov = data.coverage;
    const legend = document.querySelector("[data-coverage-legend]");
    const summary = document.querySelector("[data-coverage-summary]");
    const note = document.querySelector("[data-coverage-note]");
    const features = (cov && cov.features) || [];
    legend.hidden = features.length === 0;
    note.hidden = Boolean(cov && cov.records > 0);
    let total = 0;
    let covered = 0;
    for (const feat of features) {
      const p = feat.properties;
      const inRegion = !f.region || p.region === f.region;
      const line = L.polyline(
        feat.geometry.coordinates.map(([x, y]) => [y, x]),
        {
          renderer, interactive: false, weight: 6, opacity: inRegion ? 0.9 : 0.2,
          color: p.covered ? "#1e8449" : "#c0392b", dashArray: p.covered ? null : "6 4",
          className: "truce-coverage " + (p.covered ? "truce-covered" : "truce-uncovered"),
        },
      );
      coverageLayer.addLayer(line);
      const el = line.getElement();
      if (el) {
        el.setAttribute("data-covered", String(p.covered));
        el.setAttribute("data-region", p.region);
        el.setAttribute("data-km", String(p.km));
      }
      if (inRegion) {
        total += p.km;
        if (p.covered) covered += p.km;
      }
    }
    summary.dataset.coveredKm = features.length ? covered.toFixed(1) : "";
    summary.textContent = features.length
      ? texts.coverage_summary.replace("{covered}", km.format(covered)).replace("{total}", km.format(total)) +
        (cov.scope === "published" ? " " + texts.coverage_published : "")
      : "";
  }

  // --- the timeline: incidents per hour, brushed with the pointer ------------------------

  const HOUR = 3600 * 1000;
  const svg = document.getElementById("timeline");
  let span = null;

  function histogram(items) {
    svg.replaceChildren();
    if (!items.length) {
      span = null;
      return;
    }
    let t0 = Infinity;
    let t1 = -Infinity;
    for (const inc of items) {
      t0 = Math.min(t0, inc.start);
      t1 = Math.max(t1, inc.start);
    }
    t0 = Math.floor(t0 / HOUR) * HOUR;
    t1 = Math.floor(t1 / HOUR) * HOUR + HOUR;
    const bins = new Array(Math.max(1, Math.round((t1 - t0) / HOUR))).fill(0);
    for (const inc of items) bins[Math.min(bins.length - 1, Math.floor((inc.start - t0) / HOUR))] += 1;
    span = { t0, t1, n: bins.length };
    const width = 1000;
    const height = 90;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("preserveAspectRatio", "none");
    const max = Math.max(...bins);
    const w = width / bins.length;
    bins.forEach((n, i) => {
      const h = max ? (n / max) * (height - 14) : 0;
      const r = document.createElementNS(svgNS, "rect");
      r.setAttribute("class", "bar");
      r.setAttribute("x", String(i * w + 0.5));
      r.setAttribute("width", String(Math.max(0.5, w - 1)));
      r.setAttribute("y", String(height - h));
      r.setAttribute("height", String(h));
      r.setAttribute("data-hour", new Date(t0 + i * HOUR).toISOString());
      r.setAttribute("data-count", String(n));
      const title = document.createElementNS(svgNS, "title");
      title.textContent = `${new Date(t0 + i * HOUR).toISOString().slice(0, 13).replace("T", " ")}:00 · ${n}`;
      r.append(title);
      svg.append(r);
    });
    if (brush) {
      const b = document.createElementNS(svgNS, "rect");
      b.setAttribute("class", "brush");
      const x0 = ((brush[0] - t0) / (t1 - t0)) * width;
      const x1 = ((brush[1] - t0) / (t1 - t0)) * width;
      b.setAttribute("x", String(Math.max(0, x0)));
      b.setAttribute("width", String(Math.max(1, Math.min(width, x1) - Math.max(0, x0))));
      b.setAttribute("y", "0");
      b.setAttribute("height", String(height));
      svg.append(b);
    }
  }

  function timeAt(clientX) {
    const box = svg.getBoundingClientRect();
    const frac = Math.min(1, Math.max(0, (clientX - box.left) / box.width));
    return span.t0 + frac * (span.t1 - span.t0);
  }

  let dragFrom = null;
  svg.addEventListener("pointerdown", (ev) => {
    if (!span) return;
    dragFrom = timeAt(ev.clientX);
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointerup", (ev) => {
    if (dragFrom === null) return;
    const to = timeAt(ev.clientX);
    const a = Math.min(dragFrom, to);
    const b = Math.max(dragFrom, to);
    // A click (no drag) selects its hour.
    brush = b - a < HOUR / 4 ? [Math.floor(a / HOUR) * HOUR, Math.floor(a / HOUR) * HOUR + HOUR - 1] : [a, b];
    dragFrom = null;
    document.querySelector("[data-brush-clear]").hidden = false;
    redraw();
  });
  document.querySelector("[data-brush-clear]").addEventListener("click", (ev) => {
    brush = null;
    ev.target.hidden = true;
    redraw();
  });

  // --- loading ---------------------------------------------------------------------------

  function styleFor(name, feature) {
    const s = LAYER_STYLES[name] || { color: "#555", weight: 1 };
    return { ...s, renderer, interactive: false, className: "truce-layer truce-layer-" + name, fillColor: s.color };
  }

  async function loadLayers() {
    const res = await fetch("/map/layers.json", { credentials: "same-origin" });
    const layers = await res.json();
    drawLayers(layers);
  }

  function drawLayers(layers) {
    const bounds = L.latLngBounds([]);
    for (const [name, fc] of Object.entries(layers)) {
      if (!fc || !fc.features) continue;
      const layer = L.geoJSON(fc, {
        style: (f) => styleFor(name, f),
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { ...styleFor(name, f), radius: 5 }),
      }).addTo(map);
      baseLayers[name] = layer;
      if (name === "regions") regions = fc.features;
      if (layer.getBounds().isValid()) bounds.extend(layer.getBounds());
    }
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
    else map.setView([48.5, 38], 8);
    map.addLayer(incidentRenderer); // its <svg> exists once the map has a view
    incidentRenderer._container.append(incidentGroup);
    const names = {};
    for (const name of Object.keys(baseLayers)) names[texts["layer_" + name] || name] = baseLayers[name];
    coverageLayer = L.layerGroup().addTo(map);
    names[texts.coverage] = coverageLayer;
    overlays.control = L.control.layers(null, names, { collapsed: true }).addTo(map);
  }

  let asked = 0; // the latest request wins: an earlier answer arriving late is dropped

  /** Incident rows ({columns, rows}; times in seconds) as objects (times in ms). */
  function incidentsOf(block) {
    const c = Object.fromEntries(block.columns.map((name, i) => [name, i]));
    return block.rows.map((r) => ({
      id: r[c.id], kind: r[c.kind], lon: r[c.lon], lat: r[c.lat],
      a: r[c.semi_major_m], b: r[c.semi_minor_m], deg: r[c.orientation_deg], count: r[c.count],
      start: r[c.start] * 1000, end: r[c.end] * 1000, violations: r[c.violations], status: r[c.status],
    }));
  }

  function fetchData(preloaded) {
    const params = new URLSearchParams();
    const f = new FormData(form);
    for (const key of ["since", "until"]) if (f.get(key)) params.set(key, f.get(key));
    const url = preloaded ? preloaded.getAttribute("href") : "/map/data.json?" + params.toString();
    return fetch(url, { credentials: "same-origin" }).then((res) => res.json());
  }

  function useData(body) {
    data = { ...body, incidents: incidentsOf(body.incidents).map(prepare) };
    redraw();
  }

  async function loadData() {
    const mine = ++asked;
    const body = await fetchData();
    if (mine === asked) useData(body);
  }

  form.addEventListener("change", (ev) => {
    const name = ev.target.name;
    if (name === "since" || name === "until") {
      brush = null;
      loadData();
    } else {
      redraw();
    }
    const url = new URL(window.location.href);
    for (const [k, v] of new FormData(form).entries()) {
      if (v) url.searchParams.set(k, v);
      else url.searchParams.delete(k);
    }
    window.history.replaceState(null, "", url);
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    loadData();
  });

  // Both documents are fetched at once; the incidents are drawn once the layers are.
  const first = ++asked;
  const firstData = fetchData(document.querySelector("link[data-map-data]"));
  loadLayers().then(() => firstData).then((body) => {
    if (first === asked) useData(body);
  });
})();
