/*
 * Truce field form: works offline.
 *
 * A submission becomes a wire-format observation (or a narrative submission) with an id
 * made on the device (crypto.randomUUID, RFC 9562 v4), is put in an IndexedDB queue and
 * sent when the network is there. The server's answer decides what happens to it:
 * 201 stored, 200 a duplicate (a resend of the same record: not a second record), 409 a
 * conflict (kept and shown, never dropped), 422 refused with the reasons (kept and shown).
 * Network errors leave it queued. [data-queue-count] shows how many wait.
 */
(function () {
  "use strict";

  const DB_NAME = "truce-field";
  const QUEUE = "queue";
  const SENT = "sent";
  const form = document.getElementById("field-form");
  if (!form) return;
  const texts = document.getElementById("field-texts").dataset;
  const countEl = document.querySelector("[data-queue-count]");
  const logEl = document.querySelector("[data-sync-log]");
  const netEl = document.querySelector("[data-network]");
  const csrf = form.querySelector("[name=csrf_token]").value;
  let syncing = null;

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore(QUEUE, { keyPath: "id" });
        req.result.createObjectStore(SENT, { keyPath: "id" });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  async function tx(store, mode, fn) {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      const result = fn(t.objectStore(store));
      t.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
      t.onerror = () => reject(t.error);
    });
  }

  const all = (store) => tx(store, "readonly", (s) => s.getAll());
  const put = (store, item) => tx(store, "readwrite", (s) => s.put(item));
  const remove = (store, id) => tx(store, "readwrite", (s) => s.delete(id));

  // --- the form as a wire-format record ---------------------------------------------

  const NUMBERS = new Set(["position.lat", "position.lon", "position.accuracy_m", "event.count.value",
    "event.calibre_mm", "distance_km.min", "distance_km.max", "direction.sigma_deg"]);
  const LISTS = new Set(["event.weapons", "direction.bearings"]);
  const FIELDS_ONLY_SKIP = new Set(["csrf_token", "mode", "date", "narrative.text"]);

  function setPath(obj, dotted, value) {
    const keys = dotted.split(".");
    let at = obj;
    for (const k of keys.slice(0, -1)) at = at[k] = at[k] || {};
    at[keys[keys.length - 1]] = value;
  }

  /** A datetime-local value ("2025-03-12T18:00") as ISO 8601 with this device's offset. */
  function withOffset(local) {
    const d = new Date(local);
    if (isNaN(d)) return local;
    const off = -d.getTimezoneOffset();
    const sign = off >= 0 ? "+" : "-";
    const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, "0");
    const mm = String(Math.abs(off) % 60).padStart(2, "0");
    return local.length === 16 ? `${local}:00${sign}${hh}:${mm}` : `${local}${sign}${hh}:${mm}`;
  }

  function observationFromForm(data, id) {
    const obs = { id };
    for (const [name, raw] of data.entries()) {
      const value = String(raw).trim();
      if (FIELDS_ONLY_SKIP.has(name) || value === "") continue;
      if (NUMBERS.has(name)) {
        const n = Number(value.replace(",", "."));
        setPath(obs, name, Number.isFinite(n) ? n : value);
      } else if (LISTS.has(name)) {
        setPath(obs, name, value.split(";").map((v) => v.trim()).filter(Boolean));
      } else if (name === "observed.start" || name === "observed.end") {
        setPath(obs, name, withOffset(value));
      } else {
        setPath(obs, name, value);
      }
    }
    if (obs.event && obs.event.count && obs.event.count.value === undefined) delete obs.event.count;
    if (obs.event && !obs.event.count) obs.event.count = { value: null, qualifier: "unstated" };
    return obs;
  }

  /** The narrative API's body; the server parses the sentences when the report syncs. */
  function narrativeFromForm(data) {
    return {
      text: String(data.get("narrative.text") || ""),
      date: String(data.get("date") || ""),
      source: String(data.get("source.id") || ""),
    };
  }

  // --- queue and sync ----------------------------------------------------------------

  async function showCount() {
    const n = (await all(QUEUE)).length;
    countEl.textContent = String(n);
    countEl.dataset.queueCount = String(n);
  }

  function logEntry(item, outcome, lines) {
    let li = logEl.querySelector(`[data-id="${item.id}"]`);
    if (!li) {
      li = document.createElement("li");
      li.dataset.id = item.id;
      logEl.prepend(li);
    }
    li.className = "outcome-" + outcome;
    li.dataset.outcome = outcome;
    li.setAttribute("role", outcome === "conflict" || outcome === "rejected" ? "alert" : "status");
    li.replaceChildren();
    const head = document.createElement("strong");
    head.textContent = texts[outcome] || outcome;
    const idEl = document.createElement("code");
    idEl.textContent = item.id;
    li.append(head, " ", idEl);
    if (lines && lines.length) {
      const ul = document.createElement("ul");
      for (const line of lines) {
        const l = document.createElement("li");
        l.textContent = line;
        ul.append(l);
      }
      li.append(ul);
    }
    if (outcome !== "queued") {
      const again = document.createElement("button");
      again.type = "button";
      again.dataset.resend = item.id;
      again.textContent = texts.resend;
      again.addEventListener("click", () => resend(item.id));
      li.append(" ", again);
    }
  }

  function reasons(body) {
    const err = body && body.error;
    if (!err) return [];
    const details = (err.details || []).map((d) => (d.loc ? `${[].concat(d.loc).join(".")}: ` : "") + d.msg);
    return details.length ? details : [err.message];
  }

  function warnings(body) {
    const w = (body && body.warnings) || [];
    return w.length ? [texts.warnings, ...w.map((x) => (typeof x === "string" ? x : x.message || JSON.stringify(x)))] : [];
  }

  async function send(item) {
    const url = item.type === "narrative" ? form.dataset.apiNarratives : form.dataset.apiObservations;
    const res = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(item.body),
    });
    let body = null;
    try {
      body = await res.json();
    } catch (_) {
      body = null;
    }
    return { status: res.status, body };
  }

  function outcomeOf(status) {
    if (status === 201) return "created";
    if (status === 200) return "duplicate";
    if (status === 409) return "conflict";
    if (status === 401) return "signin";
    if (status >= 400 && status < 500) return "rejected";
    return null; // 5xx: try again later
  }

  async function syncOnce() {
    for (const item of await all(QUEUE)) {
      let answer;
      try {
        answer = await send(item);
      } catch (_) {
        return; // no network: everything stays queued
      }
      const outcome = outcomeOf(answer.status);
      if (outcome === null) continue;
      if (outcome === "signin") {
        logEntry(item, "signin", []);
        return;
      }
      const lines = outcome === "rejected" || outcome === "conflict" ? reasons(answer.body) : warnings(answer.body);
      await put(SENT, { ...item, outcome, lines, at: new Date().toISOString() });
      await remove(QUEUE, item.id);
      logEntry(item, outcome, lines);
      await showCount();
    }
  }

  function sync() {
    if (!syncing) {
      syncing = syncOnce().finally(() => {
        syncing = null;
        showCount();
      });
    }
    return syncing;
  }

  async function resend(id) {
    const item = (await all(SENT)).find((x) => x.id === id);
    if (!item) return;
    const { outcome: _o, lines: _l, at: _a, ...again } = item;
    await put(QUEUE, again);
    await showCount();
    await sync();
  }

  async function submit(event) {
    event.preventDefault();
    const data = new FormData(form);
    const id = crypto.randomUUID();
    const narrative = data.get("mode") === "narrative";
    const item = narrative
      ? { id, type: "narrative", body: narrativeFromForm(data) }
      : { id, type: "observation", body: observationFromForm(data, id) };
    await put(QUEUE, item);
    logEntry(item, "queued", []);
    await showCount();
    remember(data);
    form.querySelector("[name='event.count.value']").value = "";
    form.querySelector("[name='narrative.text']").value = "";
    if (navigator.onLine) sync();
  }

  // --- defaults: the team, the time, the GPS position ---------------------------------

  function remember(data) {
    try {
      localStorage.setItem("truce-field-source", JSON.stringify([data.get("source.type"), data.get("source.id")]));
    } catch (_) {
      /* private mode: nothing to remember */
    }
  }

  function localNow(minutes) {
    const d = new Date(Date.now() - minutes * 60000 - new Date().getTimezoneOffset() * 60000);
    return d.toISOString().slice(0, 16);
  }

  function defaults() {
    try {
      const [type, sid] = JSON.parse(localStorage.getItem("truce-field-source") || "[]");
      if (type) form.querySelector("[name='source.type']").value = type;
      if (sid && !form.querySelector("[name='source.id']").value) form.querySelector("[name='source.id']").value = sid;
    } catch (_) {
      /* nothing remembered */
    }
    const start = form.querySelector("[name='observed.start']");
    const end = form.querySelector("[name='observed.end']");
    if (!start.value) start.value = localNow(10);
    if (!end.value) end.value = localNow(0);
    const date = form.querySelector("[name=date]");
    if (!date.value) date.value = localNow(0).slice(0, 10);
    const gps = document.querySelector("[data-gps-status]");
    if (!navigator.geolocation) {
      gps.textContent = texts.gpsNone;
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const lat = form.querySelector("[name='position.lat']");
        const lon = form.querySelector("[name='position.lon']");
        const acc = form.querySelector("[name='position.accuracy_m']");
        if (!lat.value) lat.value = pos.coords.latitude.toFixed(5);
        if (!lon.value) lon.value = pos.coords.longitude.toFixed(5);
        if (!acc.value) acc.value = String(Math.round(pos.coords.accuracy));
        gps.textContent = texts.gpsOk;
      },
      () => {
        gps.textContent = texts.gpsNone;
      },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
    );
  }

  function showMode() {
    const mode = form.querySelector("[name=mode]:checked").value;
    for (const el of form.querySelectorAll("[data-mode]")) el.hidden = el.dataset.mode !== mode;
  }

  function showNetwork() {
    netEl.textContent = navigator.onLine ? texts.online : texts.offline;
    netEl.dataset.online = String(navigator.onLine);
  }

  async function restoreLog() {
    const sent = (await all(SENT)).sort((a, b) => (a.at < b.at ? -1 : 1));
    for (const item of sent.slice(-50)) logEntry(item, item.outcome, item.lines);
    for (const item of await all(QUEUE)) logEntry(item, "queued", []);
  }

  form.addEventListener("submit", submit);
  form.addEventListener("change", (e) => {
    if (e.target.name === "mode") showMode();
  });
  document.querySelector("[data-sync]").addEventListener("click", () => sync());
  window.addEventListener("online", () => {
    showNetwork();
    sync();
  });
  window.addEventListener("offline", showNetwork);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/field-sw.js", { scope: "/field" }).catch(() => {});
  }
  defaults();
  showMode();
  showNetwork();
  restoreLog().then(showCount).then(() => {
    if (navigator.onLine) sync();
  });
  form.dataset.ready = "true";
})();
