(() => {
  // src/dom.js
  var SVGNS = "http://www.w3.org/2000/svg";
  function build(node, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === void 0 || v === null || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === void 0 || c === null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  function el(tag, attrs, ...children) {
    return build(document.createElement(tag), attrs, children);
  }
  function svg(tag, attrs, ...children) {
    return build(document.createElementNS(SVGNS, tag), attrs, children);
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }
  function fmtPct(p, digits = 1) {
    if (p === void 0 || p === null || Number.isNaN(p)) return "–";
    return (100 * p).toFixed(digits) + "%";
  }
  function fmtPP(v, unit = true) {
    if (v === void 0 || v === null || Number.isNaN(v)) return "–";
    const s = (100 * v).toFixed(2);
    const signed = Number(s) === 0 ? "0.00" : v > 0 ? "+" + s : s.replace("-", "−");
    return signed + (unit ? " pp" : "");
  }
  function fmtNum(v) {
    if (v === void 0 || v === null || Number.isNaN(v)) return "–";
    const a = Math.abs(v);
    if (Number.isInteger(v) && a < 1e4) return String(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
    if (a >= 1e3 && a < 1e4) return String(Number(v.toPrecision(6)));
    return Number(v.toPrecision(4)).toLocaleString("en");
  }

  // src/charts.js
  var Results = class {
    constructor(r) {
      this.r = r;
      this.nc = r.countries.length;
      this.ny = r.years.length;
    }
    cell(policy, country, year) {
      const p = this.r.policies.indexOf(policy);
      const c = this.r.countries.indexOf(country);
      const y = this.r.years.indexOf(year);
      if (p < 0 || c < 0 || y < 0) return null;
      return this.r.cells[(p * this.nc + c) * this.ny + y];
    }
    /** series returns arrays over years of p_intervention fields. */
    series(policy, country) {
      const out = { mean: [], q05: [], q50: [], q95: [], se: [], delta: [], dse: [], dq05: [], dq95: [] };
      for (const y of this.r.years) {
        const c = this.cell(policy, country, y);
        const p = c ? c.p_intervention : {};
        out.mean.push(p.mean);
        out.q05.push(p.q05);
        out.q50.push(p.q50);
        out.q95.push(p.q95);
        out.se.push(p.se);
        const d = c && c.delta ? deltaRange(c.delta) : null;
        out.delta.push(d ? d.mean : null);
        out.dse.push(d ? d.se : null);
        out.dq05.push(d ? d.lo : null);
        out.dq95.push(d ? d.hi : null);
      }
      return out;
    }
    /** horizon is the last year of the run. */
    get horizon() {
      return this.r.years[this.r.years.length - 1];
    }
  };
  function deltaRange(d) {
    const has = d && typeof d.q05 === "number" && typeof d.q95 === "number";
    return {
      mean: d.mean,
      se: d.se || 0,
      lo: has ? d.q05 : null,
      hi: has ? d.q95 : null,
      pneg: has && typeof d.p_negative === "number" ? d.p_negative : null
    };
  }
  function probText(p) {
    return `${fmtPct(p.mean)} (${fmtPct(p.q05)}–${fmtPct(p.q95)})`;
  }
  var RAMP = [[254, 232, 200], [253, 187, 132], [252, 141, 89], [215, 48, 31], [127, 0, 0]];
  function colour(t) {
    if (!(t >= 0)) t = 0;
    if (t > 1) t = 1;
    const x = t * (RAMP.length - 1);
    const i = Math.min(Math.floor(x), RAMP.length - 2);
    const f = x - i;
    const c = RAMP[i].map((v, k) => Math.round(v + f * (RAMP[i + 1][k] - v)));
    return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
  }
  var POLICY_COLOURS = ["#4a6fa5", "#d9822b", "#2f9e6e", "#9b59b6", "#c0392b", "#7f8c8d"];
  function niceMax(v) {
    if (!(v > 0)) return 1;
    const e = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (v <= m * e) return m * e;
    return 10 * e;
  }
  var RAD = Math.PI / 180;
  function albers(lon0 = 66, lat0 = 44, lat1 = 38, lat2 = 50, scale = 1e3) {
    const s1 = Math.sin(lat1 * RAD), s2 = Math.sin(lat2 * RAD);
    const n = (s1 + s2) / 2;
    const C = Math.cos(lat1 * RAD) ** 2 + 2 * n * s1;
    const rho0 = Math.sqrt(C - 2 * n * Math.sin(lat0 * RAD)) / n;
    return ([lon, lat]) => {
      let dl = lon - lon0;
      if (dl > 180) dl -= 360;
      if (dl < -180) dl += 360;
      const rho = Math.sqrt(Math.max(0, C - 2 * n * Math.sin(lat * RAD))) / n;
      const th = n * dl * RAD;
      return [scale * rho * Math.sin(th), -scale * (rho0 - rho * Math.cos(th))];
    };
  }
  function rings(geom) {
    if (!geom) return [];
    if (geom.type === "Polygon") return geom.coordinates;
    if (geom.type === "MultiPolygon") return geom.coordinates.flat();
    return [];
  }
  function pathOf(geom, proj) {
    let d = "";
    for (const ring of rings(geom)) {
      ring.forEach((pt, i) => {
        const [x, y] = proj(pt);
        d += (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
      });
      d += "Z";
    }
    return d;
  }
  function drawMap(opts) {
    const proj = albers();
    const focus = new Set(opts.focus || []);
    const feats = opts.boundaries && opts.boundaries.features || [];
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const f of feats) {
      if (!focus.has(f.properties.iso3)) continue;
      for (const ring of rings(f.geometry)) for (const pt of ring) {
        const [x, y] = proj(pt);
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
    if (!Number.isFinite(x0)) {
      x0 = -300;
      x1 = 300;
      y0 = -250;
      y1 = 250;
    }
    const mx = (x1 - x0) * 0.06, my = (y1 - y0) * 0.08;
    x0 -= mx;
    x1 += mx;
    y0 -= my;
    y1 += my;
    const w = x1 - x0, h = y1 - y0;
    const minText = opts.pxWidth > 0 ? 11.5 * w / opts.pxWidth : 0;
    const root = svg("svg", {
      viewBox: `${x0.toFixed(1)} ${y0.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`,
      class: "map",
      role: "img",
      "aria-label": opts.label || "map"
    });
    root.append(svg("rect", { x: x0, y: y0, width: w, height: h, class: "sea" }));
    const clipId = "mapclip" + Math.random().toString(36).slice(2, 8);
    root.append(svg("defs", {}, svg("clipPath", { id: clipId }, svg("rect", { x: x0, y: y0, width: w, height: h }))));
    const g = svg("g", { "clip-path": `url(#${clipId})` });
    root.append(g);
    const vmax = opts.vmax > 0 ? opts.vmax : 1;
    for (const f of feats) {
      const iso = f.properties.iso3;
      const isFocus = focus.has(iso);
      const v = opts.values ? opts.values[iso] : void 0;
      const attrs = { d: pathOf(f.geometry, proj), class: isFocus ? "country focus" : "country", "data-iso3": iso };
      if (isFocus && v !== void 0 && v !== null) {
        attrs.fill = colour(v / vmax);
        attrs["data-p"] = v;
      }
      const title2 = isFocus && v !== void 0 && v !== null ? opts.titles && opts.titles[iso] || `${f.properties.name}: ${fmtPct(v)}` : f.properties.name;
      g.append(svg("path", attrs, svg("title", {}, title2)));
    }
    const net = opts.network && opts.network.lines ? opts.network : null;
    if (net) {
      const hl = opts.highlight || /* @__PURE__ */ new Set();
      const order = { inactive: 0, existing: 1, construction: 2, planned: 2 };
      const lines = [...net.lines].sort((a, b) => hl.has(a.id) - hl.has(b.id) || (order[a.status] ?? 1) - (order[b.status] ?? 1));
      const gnet = svg("g", { class: "network" });
      for (const l of lines) {
        let d = "";
        for (const part of l.parts) part.forEach((pt, i) => {
          const [x, y] = proj(pt);
          d += (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
        });
        const cap = l.capacity ? `, ${fmtNum(l.capacity)} ${l.capacity_unit || ""}` : "";
        gnet.append(svg(
          "path",
          { d, class: `net mode-${cssWord(l.mode)} status-${cssWord(l.status)}${hl.has(l.id) ? " policy" : ""}`, "data-id": l.id },
          svg("title", {}, `${l.name} (${l.mode}, ${STATUS_WORDS[l.status] || l.status}${cap})${hl.has(l.id) ? " — a project of this policy" : ""}`)
        ));
      }
      g.append(gnet);
    }
    for (const line of opts.infrastructure || []) {
      if (!line.coords || line.coords.length < 2) continue;
      if (net && (!line.project || net.projects && net.projects[line.project])) continue;
      const d = line.coords.map((pt, i) => {
        const [x, y] = proj(pt);
        return (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
      }).join("");
      g.append(svg(
        "path",
        { d, class: "infra " + (line.project ? "planned" : "existing") + " kind-" + (line.kind || "other").replace(/[^a-z-]/g, "") },
        svg("title", {}, `${line.name}${line.project ? " (project " + line.project + ")" : ""}${line.schematic ? " — drawn schematically between capitals" : ""}`)
      ));
    }
    const r = w / 140;
    for (const b of opts.bases || []) {
      if (!b.located) continue;
      const [x, y] = proj([b.lon, b.lat]);
      const tri = `M${x.toFixed(1)},${(y - r).toFixed(1)}L${(x + r).toFixed(1)},${(y + r * 0.8).toFixed(1)}L${(x - r).toFixed(1)},${(y + r * 0.8).toFixed(1)}Z`;
      const lease = b.lease_end ? `, lease to ${Math.round(b.lease_end)}` : "";
      g.append(svg("path", { d: tri, class: "base" }, svg("title", {}, `${b.name} (${b.operator} in ${b.host}${lease})`)));
    }
    for (const f of feats) {
      if (!focus.has(f.properties.iso3)) continue;
      let best = null, bestN = 0;
      for (const ring of rings(f.geometry)) if (ring.length > bestN) {
        best = ring;
        bestN = ring.length;
      }
      if (!best) continue;
      let sx = 0, sy = 0;
      for (const pt of best) {
        const [x, y] = proj(pt);
        sx += x;
        sy += y;
      }
      const v = opts.values ? opts.values[f.properties.iso3] : void 0;
      g.append(svg(
        "text",
        { x: (sx / bestN).toFixed(1), y: (sy / bestN).toFixed(1), class: "map-label", "font-size": Math.max(w / 55, minText).toFixed(1) },
        f.properties.iso3 + (v !== void 0 && v !== null ? " " + fmtPct(v) : "")
      ));
    }
    const fsN = Math.max(w / 60, minText), fs = fsN.toFixed(1);
    const lw = w * 0.4, lx = x0 + w * 0.05, lh = fsN * 0.9;
    let ly = y0 + h + fsN * 0.8;
    const steps = 20;
    for (let i = 0; i < steps; i++) {
      root.append(svg("rect", { x: lx + lw * i / steps, y: ly, width: lw / steps + 0.5, height: lh, fill: colour(i / (steps - 1)) }));
    }
    const textW = (t) => t.length * fsN * 0.6;
    const title = opts.label || "";
    const beside = lx + lw + w * 0.03 + textW(title) < x0 + w;
    root.append(svg("text", { x: lx, y: ly + lh + fsN * 1.1, "font-size": fs, class: "legend" }, "0%"));
    root.append(svg("text", { x: lx + lw, y: ly + lh + fsN * 1.1, "font-size": fs, "text-anchor": "end", class: "legend" }, fmtPct(vmax, 0)));
    ly += lh + fsN * 1.1;
    if (beside) root.append(svg("text", { x: lx + lw + w * 0.03, y: ly - fsN * 1.1 + lh, "font-size": fs, class: "legend" }, title));
    else {
      ly += fsN * 1.3;
      root.append(svg("text", { x: lx, y: ly, "font-size": fs, class: "legend" }, title));
    }
    if (opts.network && opts.network.lines) {
      const modes = [...new Set(opts.network.lines.map((l) => l.mode))].sort((a, b) => MODES.indexOf(a) - MODES.indexOf(b));
      const sw = w * 0.035, gap = w * 8e-3, pad = w * 0.035;
      const gl = svg("g", { class: "network-legend" });
      root.append(gl);
      const row = (items) => {
        ly += fsN * 1.6;
        let x = lx;
        for (const [cls, label] of items) {
          const iw = sw + gap + textW(label);
          if (x > lx && x + iw > x0 + w) {
            x = lx;
            ly += fsN * 1.5;
          }
          gl.append(svg("path", { d: `M${x.toFixed(1)},${(ly - fsN * 0.35).toFixed(1)}h${sw.toFixed(1)}`, class: "net legend-line " + cls }));
          gl.append(svg("text", { x: x + sw + gap, y: ly, "font-size": fs, class: "legend" }, label));
          x += iw + pad;
        }
      };
      row(modes.map((m) => [`mode-${cssWord(m)} status-existing`, m]));
      row([
        ["mode-other status-existing", "existing"],
        ["mode-other status-construction", "under construction"],
        ["mode-other status-planned", "planned"],
        ["mode-other status-existing policy", "policy's project"]
      ]);
    }
    root.setAttribute("viewBox", `${x0.toFixed(1)} ${y0.toFixed(1)} ${w.toFixed(1)} ${(ly - y0 + fsN * 0.8).toFixed(1)}`);
    return root;
  }
  var MODES = ["rail", "road", "ferry", "gas", "oil", "power", "other"];
  var STATUS_WORDS = { existing: "existing", construction: "under construction", planned: "planned", inactive: "inactive" };
  function cssWord(s) {
    return String(s || "other").toLowerCase().replace(/[^a-z-]/g, "") || "other";
  }
  function ticks(lo, hi, n) {
    const step = niceMax((hi - lo) / n);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
    return out;
  }
  function fanChart(opts) {
    const W = 360, H = 230, L = 44, R = 10, T = 26, B = 30;
    const years = opts.years;
    const ymax = opts.ymax || 1;
    const x = (yr) => L + (yr - years[0]) / Math.max(1, years[years.length - 1] - years[0]) * (W - L - R);
    const y = (p) => T + (1 - p / ymax) * (H - T - B);
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart fan", role: "img", "aria-label": opts.title });
    root.append(svg("text", { x: L, y: 16, class: "chart-title" }, opts.title));
    for (const t of ticks(0, ymax, 4)) {
      root.append(svg("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: "grid" }));
      root.append(svg("text", { x: L - 4, y: y(t) + 3, "text-anchor": "end", class: "tick" }, fmtPct(t, t < 0.1 ? 1 : 0)));
    }
    for (const t of ticks(years[0], years[years.length - 1], 4)) {
      root.append(svg("text", { x: x(t), y: H - B + 14, "text-anchor": "middle", class: "tick" }, String(t)));
    }
    root.append(svg("line", { x1: L, x2: W - R, y1: y(0), y2: y(0), class: "axis" }));
    opts.series.forEach((s) => {
      let band = "";
      years.forEach((yr, i) => {
        band += (i ? "L" : "M") + x(yr).toFixed(1) + "," + y(s.q95[i]).toFixed(1);
      });
      for (let i = years.length - 1; i >= 0; i--) band += "L" + x(years[i]).toFixed(1) + "," + y(s.q05[i]).toFixed(1);
      root.append(svg("path", { d: band + "Z", fill: s.colour, class: "band" }, svg("title", {}, `${s.label}: 5–95% over parameter draws`)));
    });
    opts.series.forEach((s) => {
      const d = years.map((yr, i) => (i ? "L" : "M") + x(yr).toFixed(1) + "," + y(s.mean[i]).toFixed(1)).join("");
      const last = years.length - 1;
      root.append(svg(
        "path",
        { d, stroke: s.colour, class: "mean" },
        svg("title", {}, `${s.label}: mean ${fmtPct(s.mean[last])} by ${years[last]} (5–95%: ${fmtPct(s.q05[last])}–${fmtPct(s.q95[last])})`)
      ));
    });
    const stack = opts.series.reduce((n, s) => n + s.label.length, 0) > 36;
    opts.series.forEach((s, i) => {
      const lx = L + 6 + (stack ? 0 : i * 150), ly = T + 2 + (stack ? i * 15 : 0);
      root.append(svg("rect", { x: lx, y: ly, width: 10, height: 8, fill: s.colour, class: "swatch" }));
      root.append(svg("text", { x: lx + 14, y: ly + 8, class: "legend" }, s.label));
    });
    return root;
  }
  function deltaChart(opts) {
    const rows = opts.rows.map((r) => ({ label: r.label, d: r.delta ? deltaRange(r.delta) : null }));
    const W = 640, rowH = 26, T = 30, B = 28, L = 70, R = 250;
    const H = T + B + rows.length * rowH;
    const span = (d) => d.lo !== null ? [d.lo, d.hi] : [d.mean - 1.96 * d.se, d.mean + 1.96 * d.se];
    let m = 0;
    for (const r of rows) if (r.d) for (const v of span(r.d)) m = Math.max(m, Math.abs(v));
    m = niceMax(m || 0.01);
    const x = (v) => L + (v + m) / (2 * m) * (W - L - R);
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart delta", role: "img", "aria-label": opts.title });
    root.append(svg("text", { x: 4, y: 16, class: "chart-title" }, opts.title));
    for (const t of ticks(-m, m, 4)) {
      root.append(svg("line", { x1: x(t), x2: x(t), y1: T - 4, y2: H - B, class: t === 0 ? "axis" : "grid" }));
      root.append(svg("text", { x: x(t), y: H - B + 14, "text-anchor": "middle", class: "tick" }, (t > 0 ? "+" : "") + (100 * t).toFixed(Math.abs(m) < 0.05 ? 1 : 0) + " pp"));
    }
    rows.forEach((r, i) => {
      const cy = T + i * rowH + rowH / 2;
      root.append(svg("text", { x: L - 8, y: cy + 4, "text-anchor": "end", class: "tick" }, r.label));
      if (!r.d) return;
      const [lo, hi] = span(r.d);
      const what = r.d.lo !== null ? "5–95% over parameter draws" : "95% Monte Carlo interval";
      const g = svg(
        "g",
        { class: "delta-row", "data-range": r.d.lo !== null ? "draws" : "mc" },
        svg("title", {}, `${r.label}: ${fmtPP(r.d.mean)} (${what}: ${fmtPP(lo, false)} to ${fmtPP(hi, false)})` + (r.d.pneg !== null ? `; lower than the baseline in ${fmtPct(r.d.pneg, 0)} of draws` : "") + `; Monte Carlo s.e. ${fmtPP(r.d.se)}`)
      );
      g.append(svg("line", { x1: x(lo), x2: x(hi), y1: cy, y2: cy, stroke: opts.colour, class: "whisker" }));
      g.append(svg("line", { x1: x(lo), x2: x(lo), y1: cy - 5, y2: cy + 5, stroke: opts.colour, class: "whisker" }));
      g.append(svg("line", { x1: x(hi), x2: x(hi), y1: cy - 5, y2: cy + 5, stroke: opts.colour, class: "whisker" }));
      g.append(svg("circle", { cx: x(r.d.mean), cy, r: 4, fill: opts.colour, class: "dot" }));
      g.append(svg(
        "text",
        { x: W - R + 6, y: cy + 4, class: "tick delta-label" },
        `${fmtPP(r.d.mean)} [${fmtPP(lo, false)}, ${fmtPP(hi, false)}]` + (r.d.pneg !== null ? ` P(<0) ${fmtPct(r.d.pneg, 0)}` : "")
      ));
      root.append(g);
    });
    return root;
  }
  function deltaFanChart(opts) {
    const W = 360, T = 30 + 14 * opts.series.length, H = 220 + T - 26, L = 50, R = 10, B = 30;
    const years = opts.years;
    let lo = 0, hi = 0;
    for (const s of opts.series) for (const arr of [s.delta, s.dq05, s.dq95]) for (const v of arr) if (v !== null && Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const m = niceMax(Math.max(-lo, hi) || 0.01);
    lo = lo < 0 ? -niceMax(-lo) : 0;
    hi = hi > 0 ? niceMax(hi) : 0;
    if (lo === hi) hi = m;
    const x = (yr) => L + (yr - years[0]) / Math.max(1, years[years.length - 1] - years[0]) * (W - L - R);
    const y = (v) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart delta-fan", role: "img", "aria-label": opts.title });
    root.append(svg("text", { x: L, y: 16, class: "chart-title" }, opts.title));
    for (const t of ticks(lo, hi, 4)) {
      root.append(svg("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: t === 0 ? "axis" : "grid" }));
      root.append(svg("text", { x: L - 4, y: y(t) + 3, "text-anchor": "end", class: "tick" }, (t > 0 ? "+" : "") + (100 * t).toFixed(hi - lo < 0.1 ? 1 : 0) + " pp"));
    }
    for (const t of ticks(years[0], years[years.length - 1], 4)) {
      root.append(svg("text", { x: x(t), y: H - B + 14, "text-anchor": "middle", class: "tick" }, String(t)));
    }
    const last = years.length - 1;
    opts.series.forEach((s, k) => {
      const ok = (i) => s.dq05[i] !== null && s.dq95[i] !== null;
      if (years.every((_, i) => ok(i))) {
        let band = "";
        years.forEach((yr, i) => {
          band += (i ? "L" : "M") + x(yr).toFixed(1) + "," + y(s.dq95[i]).toFixed(1);
        });
        for (let i = last; i >= 0; i--) band += "L" + x(years[i]).toFixed(1) + "," + y(s.dq05[i]).toFixed(1);
        root.append(svg("path", { d: band + "Z", fill: s.colour, class: "band" }, svg("title", {}, `${s.label}: 5–95% of the effect over parameter draws`)));
      }
      const d = years.map((yr, i) => (i ? "L" : "M") + x(yr).toFixed(1) + "," + y(s.delta[i] || 0).toFixed(1)).join("");
      root.append(svg(
        "path",
        { d, stroke: s.colour, class: "mean" },
        svg("title", {}, `${s.label}: ${fmtPP(s.delta[last])} by ${years[last]}` + (ok(last) ? ` (5–95%: ${fmtPP(s.dq05[last], false)} to ${fmtPP(s.dq95[last], false)})` : ""))
      ));
      root.append(svg("rect", { x: L + 6, y: 22 + k * 14, width: 10, height: 8, fill: s.colour, class: "swatch" }));
      root.append(svg("text", { x: L + 20, y: 30 + k * 14, class: "legend" }, s.label + " − baseline"));
    });
    return root;
  }

  // src/report.js
  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function render() {
    const view = data("steppe-view");
    const map = data("steppe-map");
    if (!view) return;
    const res = new Results(view.results);
    const years = res.r.years;
    const names = { REGION: "Region (any of the five)" };
    for (const c of view.countries || []) names[c.id] = c.name;
    const others = res.r.policies.filter((p) => p !== res.r.baseline);
    const policy = others[0] || res.r.baseline;
    const focus = view.countries.map((c) => c.id);
    let vmax = 0;
    for (const c of focus) for (const p of res.r.policies) {
      const cell = res.cell(p, c, years[years.length - 1]);
      if (cell) vmax = Math.max(vmax, cell.p_intervention.mean);
    }
    vmax = niceMax(vmax);
    const mapBox = document.getElementById("fig-map");
    if (mapBox && map) {
      const sel = el("select", { id: "map-year" }, ...years.map((y) => el("option", { value: y }, String(y))));
      sel.value = years.includes(2030) ? 2030 : years[years.length - 1];
      const pol = el("select", { id: "map-policy" }, ...res.r.policies.map((p) => el("option", { value: p }, p)));
      pol.value = res.r.baseline;
      const holder = el("div", { class: "map-box" });
      const draw = () => {
        const values = {}, titles = {};
        for (const c of focus) {
          const cell = res.cell(pol.value, c, +sel.value);
          if (cell) {
            values[c] = cell.p_intervention.mean;
            titles[c] = `${names[c] || c}: ${probText(cell.p_intervention)} by ${sel.value}, ${pol.value} (mean, 5–95% over draws)`;
          }
        }
        clear(holder).append(drawMap({
          boundaries: map.boundaries,
          focus,
          values,
          titles,
          vmax,
          pxWidth: mapBox.clientWidth,
          bases: view.bases,
          infrastructure: (view.infrastructure || []).filter((l) => !l.project || (l.policies || []).includes(pol.value)),
          label: `P(intervention by ${sel.value}), ${pol.value}`
        }));
      };
      sel.addEventListener("change", draw);
      pol.addEventListener("change", draw);
      clear(mapBox).append(el("div", { class: "controls" }, el("label", {}, "Year ", sel), " ", el("label", {}, "Policy ", pol)), holder);
      draw();
    }
    const fans = document.getElementById("fig-fans");
    if (fans) {
      clear(fans);
      const shown = [.../* @__PURE__ */ new Set([res.r.baseline, policy])];
      for (const c of res.r.countries) {
        let ymax = 0;
        for (const p of shown) for (const v of res.series(p, c).q95) ymax = Math.max(ymax, v || 0);
        ymax = niceMax(ymax);
        const series = shown.map((p) => ({ label: p, colour: POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length], ...res.series(p, c) }));
        fans.append(el("figure", { class: "fan" }, fanChart({ title: names[c] || c, years, series, ymax })));
      }
    }
    const deltas = document.getElementById("fig-deltas");
    if (deltas) {
      clear(deltas);
      for (const p of others) {
        for (const y of [2027, 2032, years[years.length - 1]].filter((y2, i, a) => years.includes(y2) && a.indexOf(y2) === i)) {
          const rows = res.r.countries.map((c) => {
            const cell = res.cell(p, c, y);
            return { label: c === "REGION" ? "Region" : c, delta: cell && cell.delta ? cell.delta : null };
          });
          deltas.append(el("figure", { class: "delta-fig" }, deltaChart({
            title: `${p} − ${res.r.baseline}, by ${y}`,
            rows,
            colour: POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length]
          })));
        }
      }
    }
    const dfans = document.getElementById("fig-delta-fans");
    if (dfans && others.length) {
      clear(dfans);
      for (const c of res.r.countries) {
        const series = others.map((p) => ({ label: p, colour: POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length], ...res.series(p, c) }));
        dfans.append(el("figure", { class: "fan delta-fan" }, deltaFanChart({ title: `${names[c] || c}: effect over time`, years, series })));
      }
    }
    document.documentElement.dataset.rendered = "true";
  }
  render();
})();
