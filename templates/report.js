// tollrange report: recomputes every target exactly from the embedded
// per-reading mass functions. pool() and fusion() follow engine/exact.rs
// (and report.rs's `recombine`) operation for operation, so at the run's
// trust the page shows the numbers of Model::exact.
"use strict";
(function () {
  var errors = document.getElementById("errors");
  function report(msg) {
    errors.hidden = false;
    errors.textContent += msg + "\n";
  }
  window.addEventListener("error", function (e) { report("error: " + e.message); });

  var DATA = JSON.parse(document.getElementById("data").textContent);
  var MAX_SPAN = 67108864; // 2^26, as engine::dist::MAX_SPAN
  var ALL_TRUST_ZERO = "every source of this target has trust 0: nothing to weigh";
  var CONTRADICT = "the claims contradict each other: sources held with trust 1 leave no count possible; lower a trust below 1";
  var LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95];

  var runTrust = {};
  DATA.sources.forEach(function (s) { runTrust[s.id] = s.trust; });
  var sourceName = {};
  DATA.sources.forEach(function (s) { sourceName[s.id] = s.name; });
  var state = { weights: Object.assign({}, runTrust), revised: DATA.revision !== "none", method: DATA.method };

  // a negative entry -k repeats the previous value k more times
  var decoded = [];
  function pmfOf(idx) {
    if (!decoded[idx]) {
      var e = DATA.pmfs[idx], n = 0, i, k;
      for (i = 0; i < e.d.length; i++) n += e.d[i] < 0 ? -e.d[i] : 1;
      var p = new Float64Array(n), last = 0, j = 0;
      for (i = 0; i < e.d.length; i++) {
        var x = e.d[i];
        if (x < 0) { for (k = 0; k < -x; k++) p[j++] = last; }
        else { p[j++] = x; last = x; }
      }
      decoded[idx] = { lo: e.lo, p: p };
    }
    return decoded[idx];
  }
  function readingPmf(r) { return pmfOf(state.revised ? r.revised : r.literal); }

  // P(T = lo + i) under pool: Σ shares × reading pmfs (exact.rs `pool`)
  function pool(t, w) {
    var total = 0, i, j;
    t.voices.forEach(function (v) { total += w[v.source]; });
    if (!(total > 0)) throw new Error(ALL_TRUST_ZERO);
    var comps = [];
    t.voices.forEach(function (v) {
      var wt = w[v.source] / total / v.readings.length;
      if (wt > 0) v.readings.forEach(function (r) { comps.push([wt, readingPmf(r)]); });
    });
    var lo = Infinity, hi = -Infinity;
    comps.forEach(function (c) { lo = Math.min(lo, c[1].lo); hi = Math.max(hi, c[1].lo + c[1].p.length - 1); });
    var p = new Float64Array(hi - lo + 1);
    for (i = 0; i < comps.length; i++) {
      var wt = comps[i][0], d = comps[i][1], off = d.lo - lo;
      for (j = 0; j < d.p.length; j++) p[off + j] += wt * d.p[j];
    }
    return { lo: lo, p: p };
  }

  // the reliability-weighted posterior on 0..=M (exact.rs `fusion`)
  function fusion(t, w) {
    var total = 0, i, tt;
    t.voices.forEach(function (v) { total += w[v.source]; });
    if (!(total > 0)) throw new Error(ALL_TRUST_ZERO);
    var top = 0;
    t.voices.forEach(function (v) {
      v.readings.forEach(function (r) { top = Math.max(top, state.revised ? r.revised_read_high : r.literal_read_high); });
    });
    var m = 10 * top;
    if (m >= MAX_SPAN) throw new Error("fusion needs a grid of 0..=" + m + ", larger than the limit " + MAX_SPAN + "; use --method pool");
    var n = m + 1;
    var prior = new Float64Array(n), z = 0;
    for (tt = 0; tt < n; tt++) prior[tt] = 1 / Math.max(tt, 1);
    for (tt = 0; tt < n; tt++) z += prior[tt];
    for (tt = 0; tt < n; tt++) prior[tt] = prior[tt] / z;
    var post = Float64Array.from(prior), q = new Float64Array(n);
    for (i = 0; i < t.voices.length; i++) {
      var v = t.voices[i], r = w[v.source], len = v.readings.length;
      q.fill(0);
      v.readings.forEach(function (rd) {
        var d = readingPmf(rd), take = Math.min(d.p.length, Math.max(n - d.lo, 0));
        for (var j = 0; j < take; j++) q[d.lo + j] += d.p[j] / len;
      });
      var max = 0;
      for (tt = 0; tt < n; tt++) {
        post[tt] *= r * q[tt] / prior[tt] + (1 - r);
        max = Math.max(max, post[tt]);
      }
      if (!(max > 0)) throw new Error(CONTRADICT);
      for (tt = 0; tt < n; tt++) post[tt] /= max;
    }
    var s = 0;
    for (tt = 0; tt < n; tt++) s += post[tt];
    var p = new Float64Array(n);
    for (tt = 0; tt < n; tt++) p[tt] = post[tt] / s;
    return { lo: 0, p: p };
  }

  // summary.rs: quantile_pmf and Summary::from_pmf
  function quantile(d, level) {
    var total = 0, cum = 0, i;
    for (i = 0; i < d.p.length; i++) total += d.p[i];
    for (i = 0; i < d.p.length; i++) {
      cum += d.p[i];
      if (cum >= level * total * (1 - 1e-12)) return d.lo + i;
    }
    return d.lo + Math.max(d.p.length - 1, 0);
  }
  function summary(d) {
    var total = 0, mean = 0, v = 0, i;
    for (i = 0; i < d.p.length; i++) total += d.p[i];
    for (i = 0; i < d.p.length; i++) mean += d.p[i] / total * (d.lo + i);
    for (i = 0; i < d.p.length; i++) { var x = (d.lo + i) - mean; v += d.p[i] / total * x * x; }
    return { mean: mean, sd: Math.sqrt(v), q: LEVELS.map(function (l) { return quantile(d, l); }) };
  }

  function compute(t, method) {
    if (t.error) return { error: t.error };
    try {
      var d = method === "pool" ? pool(t, state.weights) : fusion(t, state.weights);
      return { d: d, s: summary(d) };
    } catch (e) {
      return { error: e.message };
    }
  }

  // ---- the page ----
  var fmt = function (x) { return x.toLocaleString("en-US").replace(/,/g, "\u202f"); };
  function words(category) {
    if (category === "killed") return "killed";
    var m = /^killed_(.+)$/.exec(category);
    return m ? m[1].replace(/_/g, " ") + " killed" : category.replace(/_/g, " ");
  }
  function sentence(t, res) {
    if (res.error) return t.event_name + ": no estimate (" + res.error + ").";
    var s = res.s, srcs = [];
    t.voices.forEach(function (v) {
      if (!(state.weights[v.source] > 0)) return;
      var figs = v.readings.map(function (r) { return "\u201c" + DATA.claims[r.claims[0]].figure + "\u201d"; });
      srcs.push(sourceName[v.source] + " (" + figs.join(", ") + ")");
    });
    return t.event_name + ": between " + fmt(s.q[0]) + " and " + fmt(s.q[4]) + " " + words(t.category) +
      " (90\u00a0% range), most likely around " + fmt(s.q[2]) + "; sources: " + srcs.join("; ") + ".";
  }
  function rangesText(res, method) {
    if (res.error) return method + ": " + res.error;
    var q = res.s.q;
    return method + ": median " + fmt(q[2]) + ", 50\u00a0% range " + fmt(q[1]) + "\u2013" + fmt(q[3]) +
      ", 90\u00a0% range " + fmt(q[0]) + "\u2013" + fmt(q[4]);
  }

  var SVGNS = "http://www.w3.org/2000/svg";
  function el(name, attrs, text) {
    var e = document.createElementNS(SVGNS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function niceStep(span) {
    var raw = span / 5, p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
  }

  function drawChart(box, t, main, other) {
    box.textContent = "";
    if (main.error) return;
    var width = Math.max(280, Math.round(box.clientWidth || 800));
    var readings = [];
    t.voices.forEach(function (v) { v.readings.forEach(function (r) { readings.push([v.source, r]); }); });
    var rowH = 26, top = 8, plotH = 150, axisH = 26, claimsH = readings.length * rowH + 6;
    var left = 10, right = 14, w = width - left - right;
    var xmax = quantile(main.d, 0.99);
    if (other && !other.error) xmax = Math.max(xmax, quantile(other.d, 0.99));
    readings.forEach(function (x) { xmax = Math.max(xmax, x[1].high === null ? x[1].low * 2 : x[1].high); });
    xmax = Math.max(10, Math.ceil(xmax * 1.05));
    var X = function (v) { return left + w * v / xmax; };
    var svg = el("svg", { width: width, height: top + plotH + axisH + claimsH, viewBox: "0 0 " + width + " " + (top + plotH + axisH + claimsH) });
    var s = main.s.q, base = top + plotH;
    svg.appendChild(el("rect", { class: "band90", x: X(s[0]), y: top, width: Math.max(1, X(s[4]) - X(s[0])), height: plotH }));
    svg.appendChild(el("rect", { class: "band50", x: X(s[1]), y: top, width: Math.max(1, X(s[3]) - X(s[1])), height: plotH }));
    // histogram in bins of whole numbers
    var bins = Math.min(120, xmax + 1), bw = Math.ceil((xmax + 1) / bins);
    function binned(d) {
      var b = new Float64Array(Math.ceil((xmax + 1) / bw));
      for (var i = 0; i < d.p.length; i++) {
        var v = d.lo + i;
        if (v <= xmax) b[Math.floor(v / bw)] += d.p[i];
      }
      return b;
    }
    var hb = binned(main.d), ob = other && !other.error ? binned(other.d) : null;
    var hmax = 0;
    hb.forEach(function (x) { hmax = Math.max(hmax, x); });
    if (ob) ob.forEach(function (x) { hmax = Math.max(hmax, x); });
    var i;
    for (i = 0; i < hb.length; i++) {
      if (!(hb[i] > 0)) continue;
      var hgt = plotH * 0.95 * hb[i] / hmax;
      svg.appendChild(el("rect", { class: "bar", x: X(i * bw), y: base - hgt, width: Math.max(0.5, X((i + 1) * bw) - X(i * bw) - 0.3), height: hgt }));
    }
    if (ob) {
      var pts = [];
      for (i = 0; i < ob.length; i++) pts.push(X((i + 0.5) * bw).toFixed(1) + "," + (base - plotH * 0.95 * ob[i] / hmax).toFixed(1));
      svg.appendChild(el("polyline", { class: "fusion-line", points: pts.join(" ") }));
    }
    svg.appendChild(el("line", { class: "median", x1: X(s[2] + 0.5), x2: X(s[2] + 0.5), y1: top, y2: base }));
    var label = "median " + fmt(s[2]);
    var lx = X(s[2] + 0.5) + 4, anchor = "start";
    if (lx > width / 2) { lx -= 8; anchor = "end"; }
    svg.appendChild(el("text", { x: lx, y: top + 30, "text-anchor": anchor }, label));
    svg.appendChild(el("line", { class: "axis", x1: left, x2: left + w, y1: base, y2: base }));
    var step = niceStep(xmax);
    for (var v = 0; v <= xmax; v += step) {
      svg.appendChild(el("line", { class: "axis", x1: X(v), x2: X(v), y1: base, y2: base + 4 }));
      var tx = el("text", { x: X(v), y: base + 17, "text-anchor": v === 0 ? "start" : "middle" }, fmt(v));
      svg.appendChild(tx);
    }
    // each reading: its range as read (an arrow when open), its label above
    readings.forEach(function (x, k) {
      var r = x[1], y = base + axisH + k * rowH, hi = r.high === null ? xmax : r.high;
      var off = !(state.weights[x[0]] > 0), cls = "claim" + (off ? " off" : "");
      var x0 = X(r.low), x1 = Math.max(X(hi + 1), x0 + 3);
      svg.appendChild(el("rect", { class: cls, x: x0, y: y + 15, width: x1 - x0, height: 6 }));
      if (r.high === null) svg.appendChild(el("path", { class: cls, d: "M" + (left + w) + "," + (y + 18) + " l-8,-6 v12 z" }));
      var text = x[0] + ": " + DATA.claims[r.claims[0]].figure + " " + DATA.claims[r.claims[0]].interval + (off ? " (trust 0)" : "");
      var tw = 6.6 * text.length, tx = Math.max(left, Math.min(x0, width - right - tw));
      svg.appendChild(el("text", { x: tx, y: y + 12, opacity: off ? 0.55 : 1 }, text));
    });
    svg.appendChild(el("text", { x: width - right, y: top + 12, "text-anchor": "end", class: "legend" }, "bars: " + state.method + " · line: " + (state.method === "pool" ? "fusion" : "pool")));
    svg.appendChild(el("title", {}, "bars: " + state.method + "; line: the other method"));
    box.appendChild(svg);
  }

  var rows = document.querySelectorAll("table.summary tbody tr");
  // each row as the run gave it, to mark the rows the trust has moved
  rows.forEach(function (tr) {
    tr.dataset.run = Array.prototype.map.call(tr.cells, function (c) { return c.textContent; }).join("\u0001");
  });
  function cells(method, t, res) {
    var q = res.error ? ["", "", "", "", ""] : res.s.q.map(String);
    return [t.event, t.category, method, String(t.claims), String(t.voices.length), "0",
      res.error ? "" : res.s.mean.toFixed(2), res.error ? "" : res.s.sd.toFixed(2)].concat(q)
      .concat([state.revised ? DATA.revision : "none", res.error || ""]);
  }

  function update() {
    var k = 0;
    DATA.targets.forEach(function (t, i) {
      var res = { pool: compute(t, "pool"), fusion: compute(t, "fusion") };
      ["pool", "fusion"].forEach(function (m) {
        var tr = rows[k++], c = cells(m, t, res[m]);
        for (var j = 0; j < c.length; j++) {
          if (tr.cells[j].textContent !== c[j]) tr.cells[j].textContent = c[j];
        }
        tr.classList.toggle("changed", c.join("\u0001") !== tr.dataset.run);
      });
      var main = res[state.method], other = res[state.method === "pool" ? "fusion" : "pool"];
      document.getElementById("s-" + i).textContent = sentence(t, main);
      document.getElementById("r-" + i).innerHTML = "";
      [state.method, state.method === "pool" ? "fusion" : "pool"].forEach(function (m, n) {
        var b = document.createElement("b");
        b.className = m;
        b.textContent = rangesText(res[m], m);
        var r = document.getElementById("r-" + i);
        if (n) r.appendChild(document.createTextNode(" \u00b7 "));
        r.appendChild(b);
      });
      drawChart(document.getElementById("c-" + i), t, main, other);
    });
    DATA.rollups.forEach(function () {
      var tr = rows[k++];
      var same = DATA.sources.every(function (s) { return state.weights[s.id] === runTrust[s.id]; }) &&
        state.revised === (DATA.revision !== "none");
      tr.title = same ? "" : "not recomputed: at the run's trust";
    });
    writeWeights();
  }

  // ---- weights: sliders, the link, the --weights file ----
  function changedWeights() {
    return DATA.sources.filter(function (s) { return state.weights[s.id] !== runTrust[s.id]; })
      .map(function (s) { return s.id + ":" + state.weights[s.id]; });
  }
  function fragment() {
    var parts = [];
    var w = changedWeights();
    if (w.length) parts.push("weights=" + w.join(","));
    if (state.revised !== (DATA.revision !== "none")) parts.push("revision=" + (state.revised ? "on" : "off"));
    if (state.method !== DATA.method) parts.push("method=" + state.method);
    return parts.length ? "#" + parts.join("&") : "";
  }
  function writeWeights() {
    var lines = ["source,trust"];
    DATA.sources.forEach(function (s) { lines.push(s.id + "," + state.weights[s.id]); });
    document.getElementById("weights-csv").value = lines.join("\n") + "\n";
    var f = fragment(), a = document.getElementById("scenario");
    a.href = f || "#";
    a.textContent = "report.html" + f;
    if (location.hash !== f && !(f === "" && location.hash === "")) {
      try { history.replaceState(null, "", f || location.pathname + location.search); }
      catch (e) { /* some browsers refuse history on file://; the link above still has it */ }
    }
  }
  function setTrust(id, value, from) {
    if (!(id in state.weights) || !(value >= 0 && value <= 1)) return false;
    state.weights[id] = value;
    var r = document.getElementById("w-" + id), n = document.getElementById("n-" + id);
    if (r && from !== r) r.value = value;
    if (n && from !== n) n.value = value;
    return true;
  }
  function applyFragment() {
    var h = location.hash.replace(/^#/, "");
    if (!h) return;
    h.split("&").forEach(function (part) {
      var kv = part.split("="), key = kv[0], val = decodeURIComponent(kv.slice(1).join("="));
      if (key === "weights") {
        val.split(",").forEach(function (pair) {
          var p = pair.split(":");
          if (p.length !== 2 || !setTrust(p[0].trim(), Number(p[1]))) report("link: cannot read the weight '" + pair + "' (expected source:trust, trust from 0 to 1)");
        });
      } else if (key === "revision" && DATA.revision !== "none") {
        state.revised = val !== "off";
        document.getElementById("revision").checked = state.revised;
      } else if (key === "method" && (val === "pool" || val === "fusion")) {
        state.method = val;
        document.querySelector("input[name=method][value=" + val + "]").checked = true;
      }
    });
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    (window.requestAnimationFrame || setTimeout)(function () { pending = false; guarded(update); });
  }
  function guarded(f) {
    try { f(); } catch (e) { report("error: " + (e && e.message ? e.message : e)); }
  }
  document.querySelectorAll("input[data-source]").forEach(function (input) {
    input.addEventListener("input", function () {
      if (input.value === "") return;
      if (setTrust(input.dataset.source, Number(input.value), input)) schedule();
    });
  });
  document.getElementById("revision").addEventListener("change", function (e) { state.revised = e.target.checked; schedule(); });
  document.querySelectorAll("input[name=method]").forEach(function (r) {
    r.addEventListener("change", function () { state.method = r.value; schedule(); });
  });
  document.getElementById("reset").addEventListener("click", function () {
    DATA.sources.forEach(function (s) { setTrust(s.id, runTrust[s.id]); });
    state.revised = DATA.revision !== "none";
    document.getElementById("revision").checked = state.revised;
    schedule();
  });
  function download(name, text) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  function csvField(s) { return /[",\n]/.test(s) ? "\"" + s.replace(/"/g, "\"\"") + "\"" : s; }
  document.getElementById("download-summary").addEventListener("click", function () {
    var table = document.querySelector("table.summary"), out = [];
    table.querySelectorAll("tr").forEach(function (tr) {
      out.push(Array.prototype.map.call(tr.cells, function (c) { return csvField(c.textContent); }).join(","));
    });
    download("summary.csv", out.join("\n") + "\n");
  });
  document.getElementById("download-weights").addEventListener("click", function () {
    download("weights.csv", document.getElementById("weights-csv").value);
  });
  document.getElementById("copy-weights").addEventListener("click", function () {
    var ta = document.getElementById("weights-csv"), text = ta.value;
    var fallback = function () { ta.select(); try { document.execCommand("copy"); } catch (e) { /* selected for Ctrl+C */ } };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(fallback);
    else fallback();
  });
  window.addEventListener("hashchange", function () {
    guarded(function () {
      DATA.sources.forEach(function (s) { setTrust(s.id, runTrust[s.id]); });
      applyFragment();
    });
    schedule();
  });
  var lastWidth = window.innerWidth;
  window.addEventListener("resize", function () { if (window.innerWidth !== lastWidth) { lastWidth = window.innerWidth; schedule(); } });

  guarded(function () { applyFragment(); update(); });
})();
