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
  function safeURL(s) {
    try {
      const u = new URL(s);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
    } catch {
      return null;
    }
  }
  function sourceNodes(text) {
    if (!text) return [];
    const out = [];
    const re = /https?:\/\/[^\s;,()<>"']+/g;
    let last = 0;
    for (const m of String(text).matchAll(re)) {
      const raw = m[0].replace(/[.]+$/, "");
      if (m.index > last) out.push(text.slice(last, m.index));
      const url = safeURL(raw);
      if (url) out.push(el("a", { href: url, rel: "noopener noreferrer", target: "_blank", title: url }, new URL(url).hostname));
      else out.push(raw);
      last = m.index + raw.length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }
  function fmtPct(p, digits = 1) {
    if (p === void 0 || p === null || Number.isNaN(p)) return "–";
    return (100 * p).toFixed(digits) + "%";
  }
  function fmtPP(v, unit = true) {
    if (v === void 0 || v === null || Number.isNaN(v)) return "–";
    const s = (100 * v).toFixed(2);
    const signed2 = Number(s) === 0 ? "0.00" : v > 0 ? "+" + s : s.replace("-", "−");
    return signed2 + (unit ? " pp" : "");
  }
  function fmtNum(v) {
    if (v === void 0 || v === null || Number.isNaN(v)) return "–";
    const a = Math.abs(v);
    if (Number.isInteger(v) && a < 1e4) return String(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
    if (a >= 1e3 && a < 1e4) return String(Number(v.toPrecision(6)));
    return Number(v.toPrecision(4)).toLocaleString("en");
  }
  function fmtUSD(v) {
    if (v === void 0 || v === null || Number.isNaN(v) || v === 0) return "–";
    const a = Math.abs(v);
    if (a >= 1e9) return `$${Number((v / 1e9).toPrecision(3))} bn`;
    if (a >= 1e6) return `$${Number((v / 1e6).toPrecision(3))} m`;
    return "$" + Number(v.toPrecision(3)).toLocaleString("en");
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
  function effectText(d) {
    const r = deltaRange(d);
    let s = fmtPP(r.mean);
    if (r.lo !== null) s += ` (5–95%: ${fmtPP(r.lo, false)} to ${fmtPP(r.hi, false)})`;
    if (r.pneg !== null) s += `, P(<0) ${fmtPct(r.pneg, 0)}`;
    return s;
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
  function rangeText(a) {
    if (!a.uncertain) return "fixed";
    return `${fmtNum(a.lo)} – ${fmtNum(a.hi)}`;
  }
  function valueText(a) {
    return /cost_usd$/.test(a.path) ? fmtUSD(a.value) : fmtNum(a.value);
  }
  function assumptionsTable(list, filter = "") {
    const f = filter.trim().toLowerCase();
    const body = el("tbody");
    let shown = 0;
    for (const a of list || []) {
      const hay = `${a.path} ${a.source || ""} ${a.reason || ""} ${a.dist || ""} ${a.replaced_by || ""}`.toLowerCase();
      if (f && !hay.includes(f)) continue;
      shown++;
      body.append(el(
        "tr",
        { class: (a.assumption ? "assumption" : "") + (a.replaced_by ? " replaced" : "") },
        el("td", { class: "path" }, a.path),
        el("td", { class: "num" }, valueText(a)),
        el("td", {}, a.year ? String(a.year) : ""),
        el("td", {}, a.dist || "fixed"),
        el("td", { class: "num" }, rangeText(a)),
        el(
          "td",
          {},
          a.replaced_by ? [el("span", { class: "tag tag-replaced" }, "not used"), " ", a.replaced_by, ". Stated: "] : "",
          a.assumption ? el("span", { class: "tag" }, "assumption") : "data",
          a.reason ? " — " + a.reason : ""
        ),
        el("td", { class: "source" }, ...sourceNodes(a.source))
      ));
    }
    const table = el(
      "table",
      { class: "assumptions" },
      el("thead", {}, el("tr", {}, ...["Parameter", "Value", "Year", "Distribution", "Range (design bounds)", "Kind", "Source"].map((h) => el("th", {}, h)))),
      body
    );
    table.dataset.rows = String(shown);
    return table;
  }
  function scrollBox(table) {
    return el("div", { class: "scroll-x" }, table);
  }
  function summaryTable(res, countries, years, names) {
    const head = el("tr", {}, el("th", {}, "Country"), el("th", {}, "Policy"), ...years.map((y) => el("th", {}, "by " + y)));
    const body = el("tbody");
    for (const c of countries) {
      res.r.policies.forEach((p, i) => {
        body.append(el(
          "tr",
          {},
          el("td", {}, i === 0 ? names[c] || c : ""),
          el("td", {}, p),
          ...years.map((y) => {
            const cell = res.cell(p, c, y);
            if (!cell) return el("td", {}, "–");
            return el("td", { class: "num" }, probText(cell.p_intervention), cell.delta ? [el("br"), el("span", { class: "effect" }, effectText(cell.delta))] : "");
          })
        ));
      });
    }
    return scrollBox(el("table", { class: "summary" }, el("thead", {}, head), body));
  }
  function headline(res, names, policyName2) {
    const r = res.r;
    const years = milestones(r.years);
    const order = [...r.countries.filter((c) => c === "REGION"), ...r.countries.filter((c) => c !== "REGION")];
    const label = (c) => c === "REGION" ? "Region (any of the five)" : names[c] || c;
    const cellOf = (p, c, y, text, cls) => el("td", { class: "num " + cls, "data-policy": p, "data-country": c, "data-year": y }, text);
    const out = el("div", { class: "headline" });
    const region = res.cell(r.baseline, "REGION", res.horizon);
    if (region) {
      out.append(el(
        "p",
        { class: "lead" },
        `Under the baseline, the probability of at least one Russian intervention in the region by ${res.horizon} is `,
        el("strong", {}, fmtPct(region.p_intervention.mean)),
        ` (5–95% over parameter draws: ${fmtPct(region.p_intervention.q05)}–${fmtPct(region.p_intervention.q95)}).`
      ));
    }
    out.append(
      el("h3", {}, `Baseline: probability of at least one intervention, mean (5–95% over draws)`),
      scrollBox(el(
        "table",
        { class: "headline-base" },
        el("thead", {}, el("tr", {}, el("th", {}, ""), ...years.map((y) => el("th", {}, "by " + y)))),
        el("tbody", {}, ...order.map((c) => el(
          "tr",
          {},
          el("th", { scope: "row" }, label(c)),
          ...years.map((y) => {
            const cell = res.cell(r.baseline, c, y);
            return cellOf(r.baseline, c, y, cell ? probText(cell.p_intervention) : "–", "base");
          })
        )))
      ))
    );
    for (const p of r.policies.filter((x) => x !== r.baseline)) {
      out.append(
        el("h3", {}, `Effect of ${policyName2(p)}: change from the baseline, mean (5–95% over draws), P(lower than baseline)`),
        scrollBox(el(
          "table",
          { class: "headline-effect", "data-policy": p },
          el("thead", {}, el("tr", {}, el("th", {}, ""), ...years.map((y) => el("th", {}, "by " + y)))),
          el("tbody", {}, ...order.map((c) => el(
            "tr",
            {},
            el("th", { scope: "row" }, label(c)),
            ...years.map((y) => {
              const cell = res.cell(p, c, y);
              return cellOf(p, c, y, cell && cell.delta ? effectText(cell.delta) : "–", "effect");
            })
          )))
        ))
      );
    }
    const se = maxDeltaSE(res);
    if (se > 0) out.append(el("p", { class: "note" }, `Ranges are the spread over parameter draws, paired with the baseline by common random numbers. The Monte Carlo standard error of every mean effect is at most ${fmtSE(se)}.`));
    return out;
  }
  function fmtSE(se) {
    return `${(100 * se).toFixed(2)} pp`;
  }
  function integText(field, v) {
    const signed2 = (s) => Number(s) === 0 ? "0" : Number(s) > 0 ? "+" + s : s.replace("-", "−");
    if (["intra_regional_trade", "china_trade_share", "russia_trade_share", "russian_transit"].includes(field)) return signed2((100 * v).toFixed(2));
    if (field === "border_security") return signed2((100 * v).toFixed(1));
    return signed2(v.toFixed(2));
  }
  function networkTables(policy, c) {
    const share = (v) => v === null || v === void 0 ? "no outside route" : fmtPct(v, 0);
    const hours = (v, ru) => v === null || v === void 0 ? "no route" : `${Math.round(v)} h${ru ? " (via Russia)" : ""}`;
    const out = el(
      "div",
      { class: "network-changes", "data-policy": policy.id },
      el("h3", {}, `Network with the projects of ${policy.name || policy.id} (${(policy.projects || []).join(", ")}) against the existing network`)
    );
    const dep = c.dependence_changes || [];
    if (dep.length) {
      out.append(scrollBox(el(
        "table",
        { class: "dependence" },
        el("thead", {}, el("tr", {}, ...["State", "Layer", "Russian-transit dependence before", "after"].map((h) => el("th", {}, h)))),
        el("tbody", {}, ...dep.map((d) => el("tr", {}, el("td", {}, d.country), el("td", {}, d.layer), el("td", { class: "num" }, share(d.before)), el("td", { class: "num" }, share(d.after)))))
      )));
    }
    const routes = [...c.corridor_changes || [], ...c.route_changes || []];
    if (routes.length) {
      out.append(scrollBox(el(
        "table",
        { class: "corridors" },
        el("thead", {}, el("tr", {}, ...["From", "To", "Corridor", "Before", "After"].map((h) => el("th", {}, h)))),
        el("tbody", {}, ...routes.map((d) => el(
          "tr",
          {},
          el("td", {}, d.from_place || d.from),
          el("td", {}, d.to_place || d.to),
          el("td", {}, d.corridor || "capital to capital"),
          el("td", { class: "num" }, hours(d.before_hours, d.before_through_russia)),
          el("td", { class: "num" }, hours(d.after_hours, d.after_through_russia))
        )))
      )));
    }
    if (!dep.length && !routes.length) out.append(el("p", { class: "muted" }, "No route, corridor or dependence figure changes."));
    out.append(el("p", { class: "note" }, "End states, every project complete; generalized cost in hours of the bundled network (steppe network compare). Dependence: share of the state's outside capacity that crosses Russia."));
    return out;
  }
  function maxDeltaSE(res) {
    let m = 0;
    for (const c of res.r.cells) if (c.delta && c.delta.se > m) m = c.delta.se;
    return m;
  }
  function engineTables(res, names) {
    const r = res.r;
    const y = res.horizon;
    const out = [];
    const order = ["income_pct", "intra_regional_trade", "china_trade_share", "russia_trade_share", "russian_transit", "redundancy", "border_security", "china_investment"];
    const fields = [];
    for (const c of r.cells) for (const k of Object.keys(c.integration || {})) if (!fields.includes(k)) fields.push(k);
    fields.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
    if (fields.length) {
      const unit = { income_pct: "%", china_investment: "% of GDP", intra_regional_trade: "pp", china_trade_share: "pp", russia_trade_share: "pp", russian_transit: "pp", border_security: "%" };
      out.push(
        el("h3", {}, `Integration effects by ${y}: change from the scenario's base state, mean over draws`),
        scrollBox(el(
          "table",
          { class: "integration" },
          el("thead", {}, el("tr", {}, el("th", {}, "Country"), el("th", {}, "Policy"), ...fields.map((f) => el("th", {}, f.replace(/_/g, " ") + (unit[f] ? ` (${unit[f]})` : ""))))),
          el("tbody", {}, ...r.countries.flatMap((c) => r.policies.map((p, i) => {
            const cell = res.cell(p, c, y);
            return el(
              "tr",
              {},
              el("td", {}, i === 0 ? names[c] || c : ""),
              el("td", {}, p),
              ...fields.map((f) => el("td", { class: "num" }, cell && cell.integration && f in cell.integration ? integText(f, cell.integration[f]) : "–"))
            );
          })))
        ))
      );
    }
    const types = r.intervention_types || [];
    if (types.length) {
      out.push(
        el("h3", {}, `Expected interventions by outcome type, start to ${y}`),
        scrollBox(el(
          "table",
          { class: "outcomes" },
          el("thead", {}, el("tr", {}, el("th", {}, "Country"), el("th", {}, "Policy"), ...types.map((t) => el("th", {}, t)), el("th", {}, "total"))),
          el("tbody", {}, ...r.countries.flatMap((c) => r.policies.map((p, i) => {
            const cell = res.cell(p, c, y);
            const ei = cell && cell.expected_interventions || {};
            return el(
              "tr",
              {},
              el("td", {}, i === 0 ? names[c] || c : ""),
              el("td", {}, p),
              ...[...types, "total"].map((t) => el("td", { class: "num" }, t in ei ? ei[t].toFixed(3) : "–"))
            );
          })))
        ))
      );
    }
    return out;
  }
  function milestones(years) {
    const want = [2027, 2032, years[years.length - 1]];
    const out = want.filter((y, i) => years.includes(y) && want.indexOf(y) === i);
    return out.length ? out : [years[years.length - 1]];
  }

  // src/explore.js
  var S1_COLOUR = "#4a6fa5";
  var ST_COLOUR = "#d9822b";
  var RESTRICT_COLOURS = ["#7b8794", "#4a6fa5", "#2f9e6e", "#d9822b", "#9b59b6", "#c0392b", "#102a43"];
  var num = (v) => v === null || v === void 0 || Number.isNaN(v) ? null : v;
  function csvHeader(text) {
    const factors = [];
    const groups = [];
    let i = 0;
    while (i < text.length) {
      const end = text.indexOf("\n", i);
      const line = text.slice(i, end < 0 ? text.length : end).replace(/\r$/, "");
      i = end < 0 ? text.length : end + 1;
      if (line.startsWith("#")) {
        const m = /^#\s*factor\s+(\S+)/.exec(line);
        if (m) factors.push(m[1]);
        const g = /^#\s*group\s+(\S+)\s+(\S+)/.exec(line);
        if (g) groups.push({ name: g[1], members: g[2].split(",") });
        continue;
      }
      if (line.trim() === "") continue;
      return { names: splitCSVLine(line).map((s, k) => (k === 0 ? s.replace(/^\ufeff/, "") : s).trim()), factors, groups };
    }
    return { names: [], factors, groups };
  }
  function columnMedian(text, name) {
    const lines = text.split("\n");
    let j = -1;
    const vals = [];
    for (const raw of lines) {
      const line = raw.replace(/\r$/, "");
      if (line.startsWith("#") || line.trim() === "") continue;
      const cells = line.includes('"') ? splitCSVLine(line) : line.split(",");
      if (j < 0) {
        j = cells.map((c, k) => (k === 0 ? c.replace(/^\ufeff/, "") : c).trim()).indexOf(name);
        if (j < 0) return NaN;
        continue;
      }
      const v = Number(cells[j]);
      if (cells[j] !== void 0 && cells[j].trim() !== "" && Number.isFinite(v)) vals.push(v);
    }
    if (!vals.length) return NaN;
    vals.sort((a, b) => a - b);
    const m = vals.length >> 1;
    return vals.length % 2 ? vals[m] : (vals[m - 1] + vals[m]) / 2;
  }
  function splitCSVLine(line) {
    const out = [];
    let cur = "", q = false;
    for (let k = 0; k < line.length; k++) {
      const c = line[k];
      if (q) {
        if (c === '"' && line[k + 1] === '"') {
          cur += '"';
          k++;
        } else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ",") {
        out.push(cur);
        cur = "";
      } else cur += c;
    }
    out.push(cur);
    return out;
  }
  function sobolChart(res) {
    const rows = [...res.indices].sort((a, b) => (b.ST.value || 0) - (a.ST.value || 0));
    const W = 680, L = 110, R = 190, T = 44, B = 30, groupH = 40;
    const H = T + B + rows.length * groupH;
    let lo = 0, hi = 0;
    for (const r of rows) for (const ix of [r.S1, r.ST]) {
      lo = Math.min(lo, num(ix.lo) ?? ix.value, ix.value);
      hi = Math.max(hi, num(ix.hi) ?? ix.value, ix.value);
    }
    hi = niceMax(Math.max(hi, 0.1));
    lo = lo < 0 ? -niceMax(-lo) : 0;
    const x = (v) => L + (v - lo) / (hi - lo) * (W - L - R);
    const conf = Math.round((res.conf || 0.95) * 100);
    const title = `Sobol' indices of ${res.outcome || "the outcome"}: ${res.n.toLocaleString("en")} base samples, ${res.rows.toLocaleString("en")} rows`;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart sobol", role: "img", "aria-label": title });
    root.append(svg("text", { x: 4, y: 16, class: "chart-title" }, title));
    const leg = [["S1 (first order)", S1_COLOUR], ["ST (total)", ST_COLOUR]];
    leg.forEach(([label, c], i) => {
      root.append(svg("rect", { x: L + i * 150, y: 24, width: 12, height: 9, fill: c }));
      root.append(svg("text", { x: L + i * 150 + 16, y: 33, class: "legend" }, label));
    });
    if (res.resamples > 0) root.append(svg("text", { x: L + 300, y: 33, class: "legend" }, `whiskers: ${conf}% bootstrap intervals`));
    for (const t of ticks(lo, hi, 5)) {
      root.append(svg("line", { x1: x(t), x2: x(t), y1: T - 4, y2: H - B, class: t === 0 ? "axis" : "grid" }));
      root.append(svg("text", { x: x(t), y: H - B + 14, "text-anchor": "middle", class: "tick" }, String(t)));
    }
    rows.forEach((r, i) => {
      const y0 = T + i * groupH;
      root.append(svg("text", { x: L - 8, y: y0 + groupH / 2 + 4, "text-anchor": "end", class: "tick sobol-input" }, r.input));
      [["S1", r.S1, S1_COLOUR, 0], ["ST", r.ST, ST_COLOUR, 1]].forEach(([name, ix, c, k]) => {
        const by = y0 + 5 + k * 15, bh = 12;
        const v = ix.value;
        const ilo = num(ix.lo), ihi = num(ix.hi);
        const interval = ilo !== null && ihi !== null ? ` (${conf}% interval ${fmtNum(ilo)} to ${fmtNum(ihi)})` : " (no bootstrap)";
        const g = svg(
          "g",
          { class: "sobol-bar", "data-input": r.input, "data-index": name },
          svg("title", {}, `${r.input}: ${name} = ${fmtNum(v)}${interval}`)
        );
        g.append(svg("rect", { x: Math.min(x(0), x(v)), y: by, width: Math.max(0.5, Math.abs(x(v) - x(0))), height: bh, fill: c, class: "bar" }));
        if (ilo !== null && ihi !== null) {
          const cy = by + bh / 2;
          g.append(svg("line", { x1: x(ilo), x2: x(ihi), y1: cy, y2: cy, class: "whisker-ci" }));
          g.append(svg("line", { x1: x(ilo), x2: x(ilo), y1: cy - 5, y2: cy + 5, class: "whisker-ci" }));
          g.append(svg("line", { x1: x(ihi), x2: x(ihi), y1: cy - 5, y2: cy + 5, class: "whisker-ci" }));
        }
        g.append(svg(
          "text",
          { x: W - R + 6, y: by + 10, class: "tick" },
          `${name} ${fmtNum(v)}` + (ilo !== null && ihi !== null ? ` [${fmtNum(ilo)}, ${fmtNum(ihi)}]` : "")
        ));
        root.append(g);
      });
    });
    return root;
  }
  function tradeoffChart(box, report, selected, onPick) {
    const W = 520, H = 360, L = 52, R = 130, T = 30, B = 42;
    const tr = box.trajectory;
    let dmin = 1, dmax = 0;
    for (const p of tr) {
      dmin = Math.min(dmin, p.density);
      dmax = Math.max(dmax, p.density);
    }
    const ylo = Math.max(0, Math.floor(dmin * 10 - 1e-9) / 10);
    const yhi = Math.max(ylo + 0.1, Math.min(1, Math.ceil(dmax * 10 + 1e-9) / 10));
    const x = (v) => L + v * (W - L - R);
    const y = (v) => T + (1 - (v - ylo) / (yhi - ylo)) * (H - T - B);
    const title = `Coverage–density trade-off: ${report.rule}`;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart tradeoff", role: "group", "aria-label": title });
    root.append(svg("text", { x: 4, y: 16, class: "chart-title" }, title));
    for (const t of ticks(0, 1, 5)) {
      root.append(svg("line", { x1: x(t), x2: x(t), y1: T, y2: H - B, class: "grid" }));
      root.append(svg("text", { x: x(t), y: H - B + 14, "text-anchor": "middle", class: "tick" }, String(t)));
    }
    for (const t of ticks(ylo, yhi, 5)) {
      root.append(svg("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: "grid" }));
      root.append(svg("text", { x: L - 4, y: y(t) + 3, "text-anchor": "end", class: "tick" }, String(t)));
    }
    root.append(svg("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", class: "tick" }, "coverage (share of all cases of interest in the box)"));
    root.append(svg("text", { x: 12, y: (T + H - B) / 2, "text-anchor": "middle", class: "tick", transform: `rotate(-90 12 ${(T + H - B) / 2})` }, "density (share of the box that are cases)"));
    const base = report.n > 0 ? report.cases / report.n : 0;
    if (base >= ylo) {
      root.append(svg(
        "line",
        { x1: L, x2: W - R, y1: y(base), y2: y(base), class: "baseline-density" },
        svg("title", {}, `share of cases in all experiments: ${fmtNum(base)}`)
      ));
    }
    root.append(svg("path", { d: tr.map((p, i) => (i ? "L" : "M") + x(p.coverage).toFixed(1) + "," + y(p.density).toFixed(1)).join(""), class: "trajectory" }));
    let maxR = 0;
    for (const p of tr) maxR = Math.max(maxR, p.restricted);
    tr.forEach((p, i) => {
      const c = RESTRICT_COLOURS[Math.min(p.restricted, RESTRICT_COLOURS.length - 1)];
      const attrs = {
        cx: x(p.coverage).toFixed(1),
        cy: y(p.density).toFixed(1),
        r: i === selected ? 7 : 4.5,
        fill: c,
        class: "box-point" + (i === box.chosen ? " chosen" : "") + (i === selected ? " selected" : ""),
        "data-point": i,
        tabindex: 0,
        role: "button",
        "aria-label": `point ${i}: coverage ${fmtNum(p.coverage)}, density ${fmtNum(p.density)}, ${p.restricted} restricted`,
        onclick: () => onPick(i),
        onkeydown: (e) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            onPick(i);
          }
        }
      };
      root.append(svg("circle", attrs, svg("title", {}, `point ${i} (${p.step}): coverage ${fmtNum(p.coverage)}, density ${fmtNum(p.density)}, mass ${fmtNum(p.mass)}, ${p.restricted} input${p.restricted === 1 ? "" : "s"} restricted${i === box.chosen ? " — proposed box" : ""}`)));
    });
    const lx = W - R + 14;
    root.append(svg("text", { x: lx, y: T + 4, class: "legend" }, "restricted inputs"));
    for (let k = 0; k <= Math.min(maxR, RESTRICT_COLOURS.length - 1); k++) {
      root.append(svg("circle", { cx: lx + 5, cy: T + 18 + k * 16, r: 4.5, fill: RESTRICT_COLOURS[k] }));
      root.append(svg("text", { x: lx + 14, y: T + 22 + k * 16, class: "legend" }, k === RESTRICT_COLOURS.length - 1 ? `${k}+` : String(k)));
    }
    const ly = T + 34 + (Math.min(maxR, RESTRICT_COLOURS.length - 1) + 1) * 16;
    root.append(svg("circle", { cx: lx + 5, cy: ly, r: 6, class: "legend-chosen" }));
    root.append(svg("text", { x: lx + 14, y: ly + 4, class: "legend" }, "proposed box"));
    return root;
  }
  function fmtP(v) {
    if (v === null || v === void 0) return "–";
    return v < 1e-3 ? v.toExponential(1) : v.toPrecision(2);
  }
  function pCell(v) {
    return el("td", { class: "num" + (v !== null && v !== void 0 && v > 0.05 ? " weak" : "") }, fmtP(v));
  }
  function boxDetails(box, i, report) {
    const p = box.trajectory[i];
    const out = el("div", { class: "box-details", "data-point": i });
    out.append(
      el("h3", {}, `Point ${i} (${p.step})${i === box.chosen ? " — proposed box" : ""}`),
      el(
        "p",
        { class: "box-stats" },
        `coverage ${fmtNum(p.coverage)} · density ${fmtNum(p.density)} · mass ${fmtNum(p.mass)} · `,
        `${p.n.toLocaleString("en")} experiments, ${p.k.toLocaleString("en")} of ${report.cases.toLocaleString("en")} cases of interest`
      )
    );
    if (!p.limits || p.limits.length === 0) {
      out.append(el("p", { class: "muted" }, "This box restricts no input: it is the whole space."));
      return out;
    }
    const body = el("tbody");
    for (const r of p.limits) {
      if (r.levels) {
        body.append(el("tr", {}, el("td", { class: "path" }, r.input), el("td", {}, "in {" + r.levels.join(", ") + "}"), pCell(r.qp), el("td", { class: "num" }, "")));
      } else {
        const lim = r.lo !== null && r.hi !== null ? `${fmtNum(r.lo)} ≤ ${r.input} ≤ ${fmtNum(r.hi)}` : r.lo !== null ? `${r.input} ≥ ${fmtNum(r.lo)}` : r.hi !== null ? `${r.input} ≤ ${fmtNum(r.hi)}` : "unrestricted";
        body.append(el("tr", {}, el("td", { class: "path" }, r.input), el("td", {}, lim), pCell(r.qp_lo), pCell(r.qp_hi)));
      }
    }
    out.append(el(
      "table",
      { class: "box-limits" },
      el("thead", {}, el("tr", {}, el("th", {}, "Input"), el("th", {}, "Limits"), el("th", {}, "quasi-p (lower / level)"), el("th", {}, "quasi-p (upper)"))),
      body
    ));
    out.append(el("p", { class: "note" }, "Quasi-p: one-sided binomial test of each restriction (Bryant & Lempert 2010); values above 0.05 (shaded) mark restrictions the box may not need."));
    if (i === box.chosen && (box.drops || []).length) {
      out.append(
        el("h3", {}, "Dropping one restriction of the proposed box"),
        el(
          "table",
          { class: "box-drops" },
          el("thead", {}, el("tr", {}, ...["Without", "Coverage", "Density", "Mass"].map((h) => el("th", {}, h)))),
          el("tbody", {}, ...box.drops.map((d) => el(
            "tr",
            {},
            el("td", { class: "path" }, d.input),
            el("td", { class: "num" }, fmtNum(d.coverage)),
            el("td", { class: "num" }, fmtNum(d.density)),
            el("td", { class: "num" }, fmtNum(d.mass))
          )))
        )
      );
    }
    return out;
  }
  function convergenceChart(res) {
    const pts = res.convergence || [];
    if (pts.length < 2) return null;
    const W = 680, H = 240, L = 50, R = 110, T = 28, B = 34;
    const names = res.indices.map((ix) => ix.input);
    let lo = 0, hi = 0.1;
    for (const p of pts) for (const v of [...p.S1, ...p.ST]) if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    hi = niceMax(hi);
    lo = lo < 0 ? -niceMax(-lo) : 0;
    const n0 = Math.log2(pts[0].n), n1 = Math.log2(pts[pts.length - 1].n);
    const x = (n) => L + (Math.log2(n) - n0) / Math.max(1e-9, n1 - n0) * (W - L - R);
    const y = (v) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
    const title = `Convergence: indices of ${res.outcome || "the outcome"} from the first N base samples`;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart convergence", role: "img", "aria-label": title });
    root.append(svg("text", { x: 4, y: 16, class: "chart-title" }, title));
    for (const t of ticks(lo, hi, 4)) {
      root.append(svg("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: t === 0 ? "axis" : "grid" }));
      root.append(svg("text", { x: L - 4, y: y(t) + 3, "text-anchor": "end", class: "tick" }, String(t)));
    }
    for (const p of pts) root.append(svg("text", { x: x(p.n), y: H - B + 14, "text-anchor": "middle", class: "tick" }, p.n.toLocaleString("en")));
    root.append(svg("text", { x: (L + W - R) / 2, y: H - 4, "text-anchor": "middle", class: "tick" }, "base samples N (log scale)"));
    const palette = ["#4a6fa5", "#d9822b", "#2f9e6e", "#9b59b6", "#c0392b", "#7f8c8d", "#102a43", "#b7950b"];
    names.forEach((name, j) => {
      const c = palette[j % palette.length];
      for (const [key, cls] of [["ST", "conv-st"], ["S1", "conv-s1"]]) {
        const d = pts.filter((p) => Number.isFinite(p[key][j])).map((p, i) => (i ? "L" : "M") + x(p.n).toFixed(1) + "," + y(p[key][j]).toFixed(1)).join("");
        root.append(svg("path", { d, stroke: c, class: cls }, svg("title", {}, `${name} ${key}`)));
      }
      if (j < 10) {
        root.append(svg("line", { x1: W - R + 10, x2: W - R + 24, y1: T + 6 + j * 15, y2: T + 6 + j * 15, stroke: c, class: "conv-st" }));
        root.append(svg("text", { x: W - R + 28, y: T + 10 + j * 15, class: "legend" }, name));
      }
    });
    const ly = T + 14 + Math.min(names.length, 10) * 15;
    root.append(svg("text", { x: W - R + 10, y: ly, class: "legend" }, "solid: ST"));
    root.append(svg("text", { x: W - R + 10, y: ly + 14, class: "legend" }, "dashed: S1"));
    return root;
  }
  function pairsTable(res, top = 10) {
    const pairs = [...res.pairs || []].sort((a, b) => b.S2.value - a.S2.value).slice(0, top);
    if (!pairs.length) return null;
    return el(
      "table",
      { class: "pairs" },
      el("thead", {}, el("tr", {}, el("th", {}, "Pair"), el("th", {}, "S2"), el("th", {}, "Interval"))),
      el("tbody", {}, ...pairs.map((p) => el(
        "tr",
        {},
        el("td", {}, `${p.a} × ${p.b}`),
        el("td", { class: "num" }, fmtNum(p.S2.value)),
        el("td", { class: "num" }, p.S2.lo === null ? "–" : `[${fmtNum(p.S2.lo)}, ${fmtNum(p.S2.hi)}]`)
      )))
    );
  }
  function csvColumns(text, names) {
    const out = names.map(() => []);
    let idx = null;
    for (const raw of text.split("\n")) {
      const line = raw.replace(/\r$/, "");
      if (line.startsWith("#") || line.trim() === "") continue;
      const cells = line.includes('"') ? splitCSVLine(line) : line.split(",");
      if (!idx) {
        const head = cells.map((c, k) => (k === 0 ? c.replace(/^\ufeff/, "") : c).trim());
        idx = names.map((n) => head.indexOf(n));
        if (idx.some((j) => j < 0)) return null;
        continue;
      }
      idx.forEach((j, k) => out[k].push(cells[j] === void 0 || cells[j].trim() === "" ? NaN : Number(cells[j])));
    }
    return idx ? out : null;
  }
  function boxScatter(text, point, outcome, rule) {
    const lims = (point.limits || []).filter((l) => !l.levels);
    if (!lims.length || !rule) return null;
    const xs = lims[0].input, ys = lims.length > 1 ? lims[1].input : outcome;
    const cols = csvColumns(text, [xs, ys, outcome]);
    if (!cols) return null;
    const [X, Y, O] = cols;
    const isCase = (v) => rule.positive ? v !== 0 : rule.below ? v < rule.threshold : v > rule.threshold;
    const W = 520, H = 360, L = 60, R = 16, T = 30, B = 44;
    const range = (a) => {
      let lo = Infinity, hi = -Infinity;
      for (const v of a) if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
    };
    const [x0, x1] = range(X), [y0, y1] = range(Y);
    const x = (v) => L + (v - x0) / (x1 - x0) * (W - L - R);
    const y = (v) => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
    const title = `Experiments on ${xs} and ${ys}: cases of interest in red, the box outlined`;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart scatter", role: "img", "aria-label": title });
    root.append(svg("text", { x: 4, y: 16, class: "chart-title" }, title));
    for (const t of ticks(x0, x1, 4)) root.append(svg("text", { x: x(t), y: H - B + 14, "text-anchor": "middle", class: "tick" }, fmtNum(t)));
    for (const t of ticks(y0, y1, 4)) {
      root.append(svg("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: "grid" }));
      root.append(svg("text", { x: L - 4, y: y(t) + 3, "text-anchor": "end", class: "tick" }, fmtNum(t)));
    }
    root.append(svg("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", class: "tick" }, xs));
    root.append(svg("text", { x: 12, y: (T + H - B) / 2, "text-anchor": "middle", class: "tick", transform: `rotate(-90 12 ${(T + H - B) / 2})` }, ys));
    const step = Math.max(1, Math.ceil(X.length / 4e3));
    const g = svg("g", { class: "points" });
    for (let i = 0; i < X.length; i += step) {
      if (!Number.isFinite(X[i]) || !Number.isFinite(Y[i])) continue;
      g.append(svg("circle", { cx: x(X[i]).toFixed(1), cy: y(Y[i]).toFixed(1), r: 1.8, class: isCase(O[i]) ? "pt case" : "pt" }));
    }
    root.append(g);
    const lim = (l, lo, hi) => [l && l.lo !== null && l.lo !== void 0 ? l.lo : lo, l && l.hi !== null && l.hi !== void 0 ? l.hi : hi];
    const [bx0, bx1] = lim(lims[0], x0, x1);
    const [by0, by1] = lims.length > 1 ? lim(lims[1], y0, y1) : [y0, y1];
    root.append(svg(
      "rect",
      { x: x(bx0), y: y(by1), width: Math.max(1, x(bx1) - x(bx0)), height: Math.max(1, y(by0) - y(by1)), class: "box-outline" },
      svg("title", {}, `box: ${fmtNum(bx0)} ≤ ${xs} ≤ ${fmtNum(bx1)}` + (lims.length > 1 ? `, ${fmtNum(by0)} ≤ ${ys} ≤ ${fmtNum(by1)}` : ""))
    ));
    return root;
  }
  function cartTable(res) {
    const leaves = res.tree.leaves;
    return el(
      "div",
      { class: "cart-out" },
      el("h3", {}, `CART tree: ${leaves.length} leaves, depth ${res.tree.depth}, for ${res.rule}`),
      el("div", { class: "scroll-x" }, el(
        "table",
        { class: "cart-leaves" },
        el("thead", {}, el("tr", {}, ...["Leaf: path from the root", "Cases are", "Experiments", "Coverage", "Density"].map((h) => el("th", {}, h)))),
        el("tbody", {}, ...leaves.map((l) => el(
          "tr",
          { class: l.class ? "case-leaf" : "" },
          el("td", { class: "path" }, l.rules.length ? l.rules.join(" and ") : "(all)"),
          el("td", {}, l.class ? "the majority" : "a minority"),
          el("td", { class: "num" }, `${l.n.toLocaleString("en")} (${l.k.toLocaleString("en")} cases)`),
          el("td", { class: "num" }, fmtNum(l.coverage)),
          el("td", { class: "num" }, fmtNum(l.density))
        )))
      )),
      el("p", { class: "note" }, "Classification tree with Gini impurity (Breiman, Friedman, Olshen & Stone 1984), read as scenario-discovery boxes (Lempert et al. 2008); shaded: leaves where cases of interest are the majority.")
    );
  }

  // src/compare.js
  function compareHash(cmp) {
    const side = (s) => `${s.id}:${encodeURIComponent(s.policy)}`;
    return `#compare=${side(cmp.a)},${side(cmp.b)}`;
  }
  function parseCompareHash(hash) {
    const m = /compare=([0-9a-f]+):([^,&]+),([0-9a-f]+):([^,&]+)/.exec(hash || "");
    if (!m) return null;
    try {
      return { a: { id: m[1], policy: decodeURIComponent(m[2]) }, b: { id: m[3], policy: decodeURIComponent(m[4]) } };
    } catch {
      return null;
    }
  }
  var SETTINGS = [
    ["scenario", (r) => r.scenario],
    ["draws", (r) => r.draws],
    ["seed", (r) => r.seed],
    ["start", (r) => r.start],
    ["horizon", (r) => r.horizon],
    ["decision model", (r) => (r.engines || {}).decision],
    ["hazards", (r) => (r.engines || {}).hazards],
    ["integration", (r) => ((r.engines || {}).integration || []).join("; ")]
  ];
  function assumptionText(a) {
    if (!a) return "absent";
    let s = fmtNum(a.value);
    if (a.uncertain) s += `, ${a.dist} (${fmtNum(a.lo)} – ${fmtNum(a.hi)})`;
    if (a.replaced_by) s += ` — not used: ${a.replaced_by}`;
    return s;
  }
  function assumptionDiff(va, vb) {
    const A = new Map((va.assumptions || []).map((a) => [a.path, a]));
    const B = new Map((vb.assumptions || []).map((a) => [a.path, a]));
    const paths = [.../* @__PURE__ */ new Set([...A.keys(), ...B.keys()])].sort();
    const out = [];
    for (const p of paths) {
      const a = A.get(p), b = B.get(p);
      if (a && b && a.value === b.value && a.dist === b.dist && a.lo === b.lo && a.hi === b.hi && (a.replaced_by || "") === (b.replaced_by || "")) continue;
      out.push({ path: p, a, b, source: b && b.source || a && a.source || "", reason: b && b.reason || a && a.reason || "" });
    }
    return out;
  }
  function compareView({ a, b }) {
    const ra = new Results(a.view.results), rb = new Results(b.view.results);
    const label = (s) => `${s.id.slice(0, 8)} · ${s.policy}`;
    const same = a.id === b.id;
    const out = el("div", { class: "compare-out" });
    const names = { REGION: "Region" };
    for (const c of a.view.countries || []) names[c.id] = c.name;
    const countries = ra.r.countries.filter((c) => rb.r.countries.includes(c));
    const years = milestones(ra.r.years).filter((y) => rb.r.years.includes(y));
    out.append(el(
      "p",
      {},
      el("strong", {}, "A: "),
      `${label(a)} (${a.view.title}) · `,
      el("strong", {}, "B: "),
      `${label(b)} (${b.view.title}). `,
      same ? "Both from one run: the difference is paired by common random numbers when one side is the baseline." : "Two runs: each probability has its own Monte Carlo error, and the difference B − A is of the means (not paired draw by draw)."
    ));
    const head = el("tr", {}, el("th", {}, "Country"), el("th", {}, ""), ...years.map((y) => el("th", {}, `by ${y}`)));
    const body = el("tbody");
    for (const c of countries) {
      const cells = years.map((y) => {
        const ca = ra.cell(a.policy, c, y), cb = rb.cell(b.policy, c, y);
        if (!ca || !cb) return ["–", "–", "–"];
        let diff2 = fmtPP(cb.p_intervention.mean - ca.p_intervention.mean);
        if (same && a.policy === ra.r.baseline && cb.delta) diff2 = effectText(cb.delta);
        else if (same && b.policy === ra.r.baseline && ca.delta) diff2 = effectText({ ...ca.delta, mean: -ca.delta.mean, q05: -ca.delta.q95, q95: -ca.delta.q05, p_negative: void 0 });
        return [probText(ca.p_intervention), probText(cb.p_intervention), diff2];
      });
      ["A", "B", "B − A"].forEach((side, k) => {
        body.append(el(
          "tr",
          { "data-country": c, "data-side": side, class: k === 2 ? "diff-row" : "" },
          k === 0 ? el("th", { scope: "row", rowspan: 3 }, names[c] || c) : "",
          el("td", { class: "side" }, side),
          ...cells.map((v) => el("td", { class: "num" + (k === 2 ? " diff" : "") }, v[k]))
        ));
      });
    }
    out.append(el("h3", {}, "Probability of at least one intervention: mean (5–95% over draws)"), scrollBox(el("table", { class: "compare-table" }, el("thead", {}, head), body)));
    const fans = el("div", { class: "fans" });
    for (const c of countries) {
      const sa = ra.series(a.policy, c), sb = rb.series(b.policy, c);
      if (ra.r.years.join() !== rb.r.years.join()) break;
      let ymax = 0;
      for (const v of [...sa.q95, ...sb.q95]) ymax = Math.max(ymax, v || 0);
      fans.append(el("figure", { class: "fan" }, fanChart({
        title: names[c] || c,
        years: ra.r.years,
        ymax: niceMax(ymax),
        series: [{ label: "A " + label(a), colour: POLICY_COLOURS[0], ...sa }, { label: "B " + label(b), colour: POLICY_COLOURS[1], ...sb }]
      })));
    }
    out.append(el("h3", {}, "Cumulative probability, 5–95% over draws"), fans);
    const settings = SETTINGS.filter(([, f]) => String(f(ra.r)) !== String(f(rb.r)));
    if (settings.length) {
      out.append(el("h3", {}, "Run settings that differ"), scrollBox(el(
        "table",
        { class: "compare-settings" },
        el("thead", {}, el("tr", {}, el("th", {}, "Setting"), el("th", {}, "A"), el("th", {}, "B"))),
        el("tbody", {}, ...settings.map(([n, f]) => el("tr", {}, el("td", {}, n), el("td", {}, String(f(ra.r))), el("td", {}, String(f(rb.r))))))
      )));
    }
    const diff = same ? [] : assumptionDiff(a.view, b.view);
    out.append(el("h3", {}, same ? "Assumptions: one run, the same for both sides" : `Assumptions that differ: ${diff.length}`));
    if (diff.length) {
      out.append(scrollBox(el(
        "table",
        { class: "compare-assumptions" },
        el("thead", {}, el("tr", {}, ...["Parameter", "Value in A", "Value in B", "Source"].map((h) => el("th", {}, h)))),
        el("tbody", {}, ...diff.map((d) => el(
          "tr",
          { "data-path": d.path },
          el("td", { class: "path" }, d.path),
          el("td", {}, assumptionText(d.a)),
          el("td", {}, assumptionText(d.b)),
          el("td", { class: "source" }, ...sourceNodes(d.source), d.reason ? ` (${d.reason})` : "")
        )))
      )));
    } else if (!same) {
      out.append(el("p", { class: "muted" }, "No parameter differs: the runs differ only in the settings above, or not at all."));
    }
    return out;
  }

  // src/portfolio.js
  var $ = (id) => document.getElementById(id);
  function effectUnit(fr) {
    return fr.objective === "income" ? "real income gain, %" : "risk reduction, percentage points";
  }
  function signed(v) {
    if (v === null || v === void 0) return "–";
    return (v >= 0 ? "+" : "") + v.toFixed(3);
  }
  function pNegText(p) {
    if (p === null || p === void 0) return "n/a";
    if (p > 0.99) return ">0.99";
    if (p < 0.01 && p > 0) return "<0.01";
    return p.toFixed(2);
  }
  function rangeText2(e) {
    return e.q05 === null || e.q95 === null ? "n/a" : `${signed(e.q05)} to ${signed(e.q95)}`;
  }
  function fundedText(pt) {
    return (pt.funded || []).length ? pt.funded.map((f) => `${f.candidate} (${f.plan})`).join(", ") : "nothing beyond the base policy";
  }
  function flagText(pt) {
    return (pt.flag ? "FLAG" : "") + (pt.marginal ? (pt.flag ? " " : "") + "~" : "");
  }
  function pointTitle(fr, k) {
    const pt = fr.frontier[k];
    return `#${k + 1}: ${fmtUSD(pt.cost_usd)}; ${effectUnit(fr)} ${signed(pt.effect.mean)} (5–95%: ${rangeText2(pt.effect)}); P(effect < 0) ${pNegText(pt.effect.p_neg)}; surrogate ${signed(pt.predicted)}, error ${signed(pt.error)} (stated ±${fmtNum(pt.stated_error)})${pt.flag ? ", FLAG: outside the stated error" : ""}${pt.marginal ? ", ~: gain within the stated error" : ""}; funds ${fundedText(pt)}`;
  }
  function frontierChart(fr, selected, onPick) {
    const W = 560, H = 340, L = 58, R = 14, T = 30, B = 44;
    const pts = fr.frontier;
    const xmax = niceMax(Math.max(1e9, ...pts.map((p) => p.cost_usd)) / 1e9);
    let ylo = 0, yhi = 0;
    for (const p of pts) {
      ylo = Math.min(ylo, p.effect.q05 ?? p.effect.mean, p.effect.mean);
      yhi = Math.max(yhi, p.effect.q95 ?? p.effect.mean, p.effect.mean);
    }
    if (yhi - ylo <= 0) yhi = ylo + 1;
    const step = niceMax((yhi - ylo) / 5);
    ylo = Math.floor(ylo / step) * step;
    yhi = Math.ceil(yhi / step) * step;
    const yt = ticks(ylo, yhi, 5);
    const x = (v) => L + v / 1e9 / xmax * (W - L - R);
    const y = (v) => T + (1 - (v - ylo) / (yhi - ylo)) * (H - T - B);
    const title = `Frontier: ${effectUnit(fr)} by ${fr.year} (${fr.target}) against cost`;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart frontier", role: "group", "aria-label": title });
    root.append(svg("text", { x: 4, y: 16, class: "chart-title" }, title));
    for (const t of ticks(0, xmax, 5)) {
      root.append(svg("line", { x1: x(t * 1e9), x2: x(t * 1e9), y1: T, y2: H - B, class: "grid" }));
      root.append(svg("text", { x: x(t * 1e9), y: H - B + 14, "text-anchor": "middle", class: "tick" }, String(t)));
    }
    for (const t of yt) {
      root.append(svg("line", { x1: L, x2: W - R, y1: y(t), y2: y(t), class: t === 0 ? "axis" : "grid" }));
      root.append(svg("text", { x: L - 4, y: y(t) + 3, "text-anchor": "end", class: "tick" }, String(t)));
    }
    root.append(svg("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", class: "tick" }, "total cost, USD billion"));
    root.append(svg(
      "text",
      { x: 12, y: (T + H - B) / 2, "text-anchor": "middle", class: "tick", transform: `rotate(-90 12 ${(T + H - B) / 2})` },
      fr.objective === "income" ? "income gain, % (5–95%)" : "risk reduction, pp (5–95%)"
    ));
    root.append(svg("path", { d: pts.map((p, i) => (i ? "L" : "M") + x(p.cost_usd).toFixed(1) + "," + y(p.effect.mean).toFixed(1)).join(""), class: "trajectory" }));
    pts.forEach((p, k) => {
      const cx = x(p.cost_usd).toFixed(1);
      const g = svg(
        "g",
        {
          class: "frontier-point" + (k === selected ? " selected" : "") + (p.flag ? " flag" : ""),
          "data-point": k,
          tabindex: 0,
          role: "button",
          "aria-label": pointTitle(fr, k),
          onclick: () => onPick(k),
          onkeydown: (e) => {
            if (e.key === "Enter" || e.key === " ") {
              e.preventDefault();
              onPick(k);
            }
          }
        },
        svg("title", {}, pointTitle(fr, k))
      );
      if (p.effect.q05 !== null && p.effect.q95 !== null) {
        g.append(svg("line", { x1: cx, x2: cx, y1: y(p.effect.q05).toFixed(1), y2: y(p.effect.q95).toFixed(1), class: "whisker-ci" }));
      }
      g.append(svg("circle", { cx, cy: y(p.effect.mean).toFixed(1), r: k === selected ? 7 : 4.5, class: "box-point" }));
      root.append(g);
    });
    return root;
  }
  function frontierTable(fr, selected, onPick) {
    const unit = fr.objective === "income" ? "income gain %" : "risk cut pp";
    const other = fr.objective === "income" ? "risk cut pp" : "income gain %";
    const body = fr.frontier.map((p, k) => el(
      "tr",
      { class: k === selected ? "selected" : "", "data-point": k, onclick: () => onPick(k) },
      el("td", {}, el("button", { type: "button", class: "small", "aria-pressed": k === selected ? "true" : "false" }, `#${k + 1}`)),
      el("td", { class: "num" }, fmtUSD(p.cost_usd) === "–" ? "$0" : fmtUSD(p.cost_usd)),
      el("td", { class: "num" }, signed(p.effect.mean)),
      el("td", { class: "num" }, rangeText2(p.effect)),
      el("td", { class: "num" }, pNegText(p.effect.p_neg)),
      el("td", { class: "num" }, signed(p.predicted)),
      el("td", { class: "num" }, `${signed(p.error)} (±${fmtNum(p.stated_error)})`),
      el("td", {}, flagText(p)),
      el("td", { class: "num" }, signed(p.other)),
      el("td", {}, fundedText(p)),
      el("td", {}, Object.keys(p.spend_usd || {}).sort().map((f) => `${f} ${fmtUSD(p.spend_usd[f])}`).join(", ") || "none")
    ));
    return el("div", { class: "scroll-x" }, el(
      "table",
      { class: "frontier-table" },
      el("thead", {}, el("tr", {}, ["", "Cost", unit, "5–95%", "P(effect < 0)", "Surrogate", "Error (stated)", "Flag", other, "Projects (plan)", "By financier"].map((h) => el("th", {}, h)))),
      el("tbody", {}, body)
    ));
  }
  function portfolioMap(fr, k, layers, pxWidth) {
    const pt = fr.frontier[k];
    const ids = new Set((pt.funded || []).map((f) => f.candidate));
    const net = layers.network;
    const highlight = /* @__PURE__ */ new Set();
    const drawn = /* @__PURE__ */ new Set();
    for (const id of ids) {
      for (const line of net && net.projects[id] || []) {
        highlight.add(line);
        drawn.add(id);
      }
    }
    const infrastructure = (layers.map && layers.map.infrastructure || []).filter((l) => !l.project || ids.has(l.project));
    for (const l of infrastructure) if (l.project) drawn.add(l.project);
    const map = drawMap({
      boundaries: layers.map.boundaries,
      bases: layers.map.bases,
      infrastructure,
      focus: layers.map.focus,
      network: net,
      highlight,
      pxWidth,
      label: `Projects of frontier portfolio #${k + 1}`
    });
    const off = [...ids].filter((id) => !drawn.has(id)).sort();
    return [map, el("p", { class: "note" }, `Portfolio #${k + 1} (${fmtUSD(pt.cost_usd) === "–" ? "$0" : fmtUSD(pt.cost_usd)}): thick green, its projects' lines. ` + (off.length ? `Not on the map (no line in the bundled network): ${off.join(", ")}.` : ""))];
  }
  function initPortfolios(api2, layers) {
    const st = { fr: null, k: 0, seq: 0 };
    const render = () => {
      const fr = st.fr;
      for (const id of ["pf-chart", "pf-table", "pf-map"]) clear($(id));
      if (!fr || !fr.frontier.length) return;
      const pick = (k) => {
        st.k = k;
        render();
      };
      $("pf-chart").append(frontierChart(fr, st.k, pick));
      $("pf-table").append(frontierTable(fr, st.k, pick));
      const l = layers();
      if (l.map) $("pf-map").append(...portfolioMap(fr, st.k, l, $("pf-map").clientWidth));
    };
    const say = (msg, kind = "") => {
      $("pf-status").textContent = msg;
      $("pf-status").className = kind;
    };
    const compute = async () => {
      const seq = ++st.seq;
      const q = new URLSearchParams({ objective: $("pf-objective").value, draws: $("pf-draws").value, resim_draws: $("pf-resim").value });
      const path = `api/scenarios/${encodeURIComponent($("pf-scenario").value)}/frontier?${q}`;
      $("pf-go").disabled = true;
      try {
        for (; ; ) {
          const r = await api2(path);
          if (seq !== st.seq) return;
          if (r.status === 202) {
            const p = r.body;
            say(`Computing the frontier: ${p.stage === "frontier" ? "re-simulating the frontier" : "simulating the design"}, ${p.done} of ${p.total || "…"} draws`);
            await new Promise((ok) => setTimeout(ok, 1e3 * (+r.headers.get("Retry-After") || 1)));
            continue;
          }
          if (!r.ok) {
            say(`Frontier: ${r.body.error || r.status}`, "error");
            return;
          }
          st.fr = r.body;
          st.k = Math.min(st.k, r.body.frontier.length - 1);
          const flagged = r.body.frontier.filter((p) => p.flag).length;
          say(`Scenario ${r.body.scenario}: ${r.body.frontier.length} frontier portfolios from ${r.body.design_points} design portfolios × ${r.body.draws} draws, re-simulated with ${r.body.resim_draws} draws; surrogate leave-one-out RMSE ${fmtNum(r.body.loo_rmse)}; ${flagged} flagged.`);
          render();
          return;
        }
      } finally {
        if (seq === st.seq) $("pf-go").disabled = false;
      }
    };
    $("pf-go").addEventListener("click", () => compute().catch((e) => say("Frontier: " + e.message, "error")));
    api2("api/scenarios").then((r) => {
      if (!r.ok) return;
      const sel = clear($("pf-scenario"));
      for (const s of r.body) sel.append(el("option", { value: s.name }, s.name));
    });
    return { render };
  }

  // src/app.js
  var $2 = (id) => document.getElementById(id);
  var state = {
    map: null,
    // {boundaries, bases, infrastructure}
    network: null,
    // {lines, projects, attribution} from /api/network
    run: null,
    // the selected run
    view: null,
    res: null,
    events: null,
    scenario: null,
    // {name, source} loaded in the editor
    validateSeq: 0,
    runs: []
    // the runs listed
  };
  function status(msg, kind = "") {
    const s = $2("status");
    s.textContent = msg;
    s.className = kind;
  }
  async function api(path, opts = {}) {
    const init = { method: opts.method || "GET", headers: {} };
    if (opts.body !== void 0) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(opts.body);
    }
    const resp = await fetch(path, init);
    const ct = resp.headers.get("Content-Type") || "";
    const body = ct.startsWith("application/json") ? await resp.json() : await resp.text();
    return { ok: resp.ok, status: resp.status, headers: resp.headers, body };
  }
  async function refreshRuns(selectID) {
    const r = await api("api/runs?limit=50");
    if (!r.ok) return status("Could not list runs: " + (r.body.error || r.status), "error");
    const sel = clear($2("run-select"));
    const tbody = clear($2("runs").tBodies[0]);
    state.runs = r.body;
    fillCompareChoices();
    if (r.body.length === 0) sel.append(el("option", { value: "" }, "(no run yet)"));
    for (const run of r.body) {
      const label = `${run.name || run.scenario} · ${run.status} · ${new Date(run.created).toLocaleString()}`;
      sel.append(el("option", { value: run.id }, label));
      const del = run.status === "queued" || run.status === "running" ? "" : el("button", { type: "button", class: "small", onclick: () => deleteRun(run.id) }, "Delete");
      tbody.append(el(
        "tr",
        { "data-id": run.id },
        el("td", {}, el("a", { href: "#run=" + run.id, title: run.id }, run.id.slice(0, 8))),
        el("td", {}, run.name),
        el("td", {}, run.scenario),
        el("td", { class: "num" }, String(run.draws)),
        el("td", { class: "st-" + run.status }, run.status + (run.error ? ": " + run.error : "")),
        el("td", {}, new Date(run.created).toLocaleString()),
        el("td", {}, del, " ", run.status === "done" ? [
          el("a", { href: `api/runs/${run.id}/results.csv` }, "CSV"),
          " ",
          el("a", { href: `api/runs/${run.id}/report`, download: `steppe-report-${run.id.slice(0, 8)}.html` }, "Report")
        ] : "")
      ));
    }
    const id = selectID || state.run && state.run.id || (r.body.find((x) => x.status === "done") || r.body[0] || {}).id;
    if (id) sel.value = id;
    return r.body;
  }
  async function deleteRun(id) {
    const r = await api(`api/runs/${id}`, { method: "DELETE" });
    if (!r.ok) return status(r.body.error || "delete failed", "error");
    if (state.run && state.run.id === id) {
      state.run = null;
      location.hash = "";
    }
    await refreshRuns();
  }
  async function selectRun(id) {
    if (state.events) {
      state.events.close();
      state.events = null;
    }
    if (!id) return;
    const r = await api(`api/runs/${id}`);
    if (!r.ok) return status(r.body.error || "unknown run", "error");
    state.run = r.body;
    $2("run-select").value = id;
    showRunInfo();
    const listed = state.runs.find((x) => x.id === id);
    if (listed && listed.status !== r.body.status) await refreshRuns(id);
    if (r.body.status === "done") return loadView(id);
    state.view = null;
    state.res = null;
    $2("year").disabled = true;
    $2("policy").disabled = true;
    renderAll();
    if (r.body.status === "queued" || r.body.status === "running") return follow(id);
    status(`Run ${id.slice(0, 8)} ${r.body.status}${r.body.error ? ": " + r.body.error : ""}`, "error");
  }
  function showRunInfo() {
    const run = state.run;
    const box = clear($2("run-info"));
    if (!run) return;
    box.append(el(
      "p",
      {},
      el("strong", {}, run.name || run.scenario),
      ` — scenario ${run.scenario}, policies ${run.policies.join(", ")}, `,
      `${run.draws.toLocaleString("en")} draws, seed ${run.seed}, steppe ${run.version}, status `,
      el("span", { class: "st-" + run.status, id: "run-status" }, run.status),
      `, run ${run.id.slice(0, 8)}`,
      run.status === "done" ? [
        " · ",
        el("a", { href: `api/runs/${run.id}/results` }, "results JSON"),
        " · ",
        el("a", { href: `api/runs/${run.id}/results.csv` }, "CSV"),
        " · ",
        el("a", { href: `api/runs/${run.id}/scenario` }, "scenario"),
        " · ",
        el("a", { href: `api/runs/${run.id}/report`, id: "make-report", class: "button", download: `steppe-report-${run.id.slice(0, 8)}.html` }, "Make report")
      ] : ""
    ));
  }
  function follow(id) {
    $2("progress").hidden = false;
    $2("progress-bar").value = 0;
    $2("progress-text").textContent = "queued";
    const es = new EventSource(`api/runs/${id}/events`);
    state.events = es;
    es.addEventListener("progress", (e) => {
      const p = JSON.parse(e.data);
      const frac = p.total > 0 ? p.done / p.total : 0;
      $2("progress-bar").value = frac;
      $2("progress-text").textContent = p.status === "queued" ? "queued" : `${p.stage || p.status}: ${p.done.toLocaleString("en")} of ${p.total.toLocaleString("en")} draws (${fmtPct(frac, 0)})`;
    });
    es.addEventListener("end", async (e) => {
      es.close();
      state.events = null;
      $2("progress").hidden = true;
      state.run = JSON.parse(e.data);
      showRunInfo();
      await refreshRuns(id);
      if (state.run.status === "done") {
        status(`Run ${id.slice(0, 8)} finished.`);
        await loadView(id);
      } else {
        status(`Run ${id.slice(0, 8)} ${state.run.status}${state.run.error ? ": " + state.run.error : ""}`, "error");
      }
    });
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) {
        state.events = null;
        setTimeout(() => selectRun(id), 1e3);
      }
    };
  }
  $2("cancel").addEventListener("click", async () => {
    if (!state.run) return;
    const r = await api(`api/runs/${state.run.id}/cancel`, { method: "POST", body: {} });
    if (!r.ok) status(r.body.error || "cancel failed", "error");
  });
  async function loadView(id) {
    const r = await api(`api/runs/${id}/view`);
    if (!r.ok) return status("Could not load results: " + (r.body.error || r.status), "error");
    state.view = r.body;
    state.res = new Results(r.body.results);
    const res = r.body.results;
    const years = res.years;
    const yr = $2("year");
    yr.min = years[0];
    yr.max = years[years.length - 1];
    if (!(+yr.value >= years[0] && +yr.value <= years[years.length - 1]) || yr.disabled) yr.value = years.includes(2030) ? 2030 : years[years.length - 1];
    yr.disabled = false;
    const pol = clear($2("policy"));
    for (const p of res.policies) pol.append(el("option", { value: p }, policyName(p)));
    pol.value = res.baseline;
    pol.disabled = false;
    renderAll();
  }
  function policyName(id) {
    const p = state.view && (state.view.policies || []).find((x) => x.id === id);
    return p && p.name ? `${p.name} (${id})` : id;
  }
  function countryNames() {
    const names = { REGION: "Region (any of the five)" };
    for (const c of state.view && state.view.countries || []) names[c.id] = c.name;
    return names;
  }
  function renderAll() {
    renderHeadline();
    renderMap();
    renderFans();
    renderDeltas();
    renderEngines();
    renderAssumptions();
  }
  function renderHeadline() {
    const box = clear($2("headline"));
    $2("headline-panel").hidden = !state.view;
    if (!state.view) return;
    box.append(headline(state.res, countryNames(), policyName));
  }
  function renderEngines() {
    const box = clear($2("engines"));
    if (!state.view) return;
    const e = state.res.r.engines || {};
    const replaced = (state.view.assumptions || []).filter((a) => a.replaced_by);
    box.append(el(
      "ul",
      { class: "engines" },
      el("li", {}, el("strong", {}, "Decision: "), e.decision || "–"),
      el("li", {}, el("strong", {}, "Trigger hazards: "), e.hazards || "–"),
      ...(e.integration || []).map((x) => el("li", {}, el("strong", {}, "Integration: "), x))
    ));
    if (replaced.length) {
      box.append(el("p", { class: "note", id: "replaced-note" }, `${replaced.length} stated parameter${replaced.length === 1 ? " was" : "s were"} not used by this run because an engine replaced ${replaced.length === 1 ? "it" : "them"}; the assumptions table marks each “not used” and names the engine.`));
    }
    box.append(...engineTables(state.res, countryNames()));
    const net = el("div", { id: "network-changes" });
    box.append(net);
    renderNetworkChanges(net, state.view).catch((err) => net.append(el("p", { class: "error-text" }, "Network: " + err.message)));
  }
  async function renderNetworkChanges(box, view) {
    if (!state.network) return;
    for (const p of view.policies || []) {
      if (!(p.projects || []).length) continue;
      const r = await api(`api/network/compare?policy=${encodeURIComponent(p.id)}&projects=${encodeURIComponent(p.projects.join(","))}`);
      if (state.view !== view) return;
      if (!r.ok) throw new Error(r.body.error || String(r.status));
      box.append(networkTables(p, r.body));
    }
  }
  function renderMap() {
    const box = clear($2("map"));
    if (!state.map) return;
    const view = state.view;
    const year = +$2("year").value;
    $2("year-label").textContent = view ? String(year) : "—";
    $2("year-out").textContent = view ? String(year) : "—";
    const opts = {
      boundaries: state.map.boundaries,
      bases: state.map.bases,
      infrastructure: state.map.infrastructure,
      focus: state.map.focus,
      label: "P(intervention)",
      network: state.network,
      highlight: /* @__PURE__ */ new Set(),
      pxWidth: box.clientWidth
    };
    if (view) {
      const res = state.res;
      const policy = $2("policy").value;
      opts.focus = view.countries.map((c) => c.id);
      opts.bases = view.bases && view.bases.length ? view.bases : state.map.bases;
      opts.infrastructure = (view.infrastructure || state.map.infrastructure || []).filter((l) => !l.project || (l.policies || []).includes(policy));
      if (state.network) {
        for (const l of opts.infrastructure) {
          if (l.project) for (const id of state.network.projects[l.project] || []) opts.highlight.add(id);
        }
      }
      opts.values = {};
      opts.titles = {};
      const names = countryNames();
      let vmax = 0;
      for (const c of opts.focus) {
        for (const p of res.r.policies) {
          const last = res.cell(p, c, res.r.years[res.r.years.length - 1]);
          if (last) vmax = Math.max(vmax, last.p_intervention.mean);
        }
        const cell = res.cell(policy, c, year);
        if (cell) {
          opts.values[c] = cell.p_intervention.mean;
          opts.titles[c] = `${names[c] || c}: ${probText(cell.p_intervention)} by ${year}, ${policy}` + (cell.delta ? `; ${fmtPP(cell.delta.mean)} against the baseline` : "") + " (mean, 5–95% over parameter draws)";
        }
      }
      opts.vmax = niceMax(vmax);
      opts.label = `P(intervention by ${year}), ${policy}`;
    }
    box.append(drawMap(opts));
  }
  function renderFans() {
    const box = clear($2("fans"));
    if (!state.view) return;
    const res = state.res;
    const names = countryNames();
    const policy = $2("policy").value;
    const shown = policy === res.r.baseline ? res.r.policies : [res.r.baseline, policy];
    for (const c of res.r.countries) {
      let ymax = 0;
      for (const p of shown) for (const v of res.series(p, c).q95) ymax = Math.max(ymax, v || 0);
      ymax = niceMax(ymax);
      const series = shown.map((p) => {
        const s = res.series(p, c);
        return { label: p, colour: POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length], ...s };
      });
      box.append(el("figure", { class: "fan", "data-country": c }, fanChart({ title: names[c] || c, years: res.r.years, series, ymax })));
    }
  }
  function renderDeltas() {
    const box = clear($2("deltas"));
    const fans = clear($2("delta-fans"));
    const sum = clear($2("summary"));
    if (!state.view) return;
    const res = state.res;
    const names = countryNames();
    const year = +$2("year").value;
    const others = res.r.policies.filter((p) => p !== res.r.baseline);
    if (others.length === 0) box.append(el("p", { class: "muted" }, "This run has only the baseline: no policy to compare."));
    const colourOf = (p) => POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length];
    for (const p of others) {
      const rows = res.r.countries.map((c) => {
        const cell = res.cell(p, c, year);
        return { label: names[c] ? c === "REGION" ? "Region" : c : c, delta: cell && cell.delta ? cell.delta : null };
      });
      box.append(el("figure", { class: "delta-fig" }, deltaChart({ title: `${policyName(p)} − ${res.r.baseline}, by ${year}`, rows, colour: colourOf(p) })));
    }
    if (others.length) {
      for (const c of res.r.countries) {
        const series = others.map((p) => ({ label: p, colour: colourOf(p), ...res.series(p, c) }));
        fans.append(el("figure", { class: "fan delta-fan", "data-country": c }, deltaFanChart({ title: `${names[c] || c}: effect over time`, years: res.r.years, series })));
      }
      box.append(el("p", { class: "note mc-note" }, `Whiskers and bands: 5–95% over parameter draws of the paired difference (policy − baseline in the same draw); P(<0): share of draws in which the policy lowers the probability. The Monte Carlo standard error of each mean effect is at most ${fmtSE(maxDeltaSE(res))}.`));
    }
    sum.append(
      el("h3", {}, "Mean probability (5–95% over draws) and, for each policy, its effect (5–95%) and P(effect < 0)"),
      summaryTable(res, res.r.countries, milestones(res.r.years), names)
    );
    if ((res.r.warnings || []).length) sum.append(el("ul", { class: "warnings" }, ...res.r.warnings.map((w) => el("li", {}, w))));
  }
  function renderAssumptions() {
    const box = clear($2("assumptions"));
    if (!state.view) return;
    const t = assumptionsTable(state.view.assumptions, $2("assumption-filter").value);
    box.append(el("p", { class: "muted" }, `${t.dataset.rows} of ${(state.view.assumptions || []).length} parameters. Ranges are the distribution's support or its 0.5–99.5% quantiles.`), t);
  }
  $2("year").addEventListener("input", () => {
    renderMap();
    renderDeltas();
  });
  window.addEventListener("resize", () => {
    clearTimeout(state.resizeTimer);
    state.resizeTimer = setTimeout(renderMap, 150);
  });
  $2("policy").addEventListener("change", () => {
    renderMap();
    renderFans();
    renderDeltas();
  });
  $2("assumption-filter").addEventListener("input", renderAssumptions);
  $2("run-select").addEventListener("change", (e) => {
    location.hash = e.target.value ? "run=" + e.target.value : "";
  });
  window.addEventListener("hashchange", () => {
    const cmp = parseCompareHash(location.hash);
    if (cmp) return runCompare(cmp);
    selectRun(runFromHash());
  });
  function fillCompareChoices() {
    const opts = [];
    for (const run of state.runs.filter((x) => x.status === "done")) {
      for (const p of run.policies || []) opts.push([`${run.id}:${p}`, `${run.id.slice(0, 8)} ${run.name || run.scenario} · ${p}`]);
    }
    for (const id of ["cmp-a", "cmp-b"]) {
      const sel = $2(id);
      const prev = sel.value;
      clear(sel);
      for (const [v, label] of opts) sel.append(el("option", { value: v }, label));
      if (opts.some(([v]) => v === prev)) sel.value = prev;
    }
    if (!$2("cmp-b").dataset.chosen && opts.length > 1) $2("cmp-b").value = opts[1][0];
    $2("cmp-go").disabled = opts.length === 0;
  }
  $2("cmp-b").addEventListener("change", () => {
    $2("cmp-b").dataset.chosen = "1";
  });
  $2("cmp-go").addEventListener("click", () => {
    const cmp = { a: splitChoice($2("cmp-a").value), b: splitChoice($2("cmp-b").value) };
    location.hash = compareHash(cmp);
  });
  function splitChoice(v) {
    const i = v.indexOf(":");
    return { id: v.slice(0, i), policy: v.slice(i + 1) };
  }
  var viewCache = /* @__PURE__ */ new Map();
  async function fetchView(id) {
    if (!viewCache.has(id)) {
      const r = await api(`api/runs/${id}/view`);
      if (!r.ok) throw new Error(`run ${id.slice(0, 8)}: ${r.body.error || r.status}`);
      viewCache.set(id, r.body);
    }
    return viewCache.get(id);
  }
  async function runCompare(cmp) {
    const out = clear($2("compare"));
    out.append(el("p", { class: "muted" }, "Comparing…"));
    try {
      const [va, vb] = await Promise.all([fetchView(cmp.a.id), fetchView(cmp.b.id)]);
      $2("cmp-a").value = `${cmp.a.id}:${cmp.a.policy}`;
      $2("cmp-b").value = `${cmp.b.id}:${cmp.b.policy}`;
      const link = $2("cmp-link");
      link.href = compareHash(cmp);
      link.hidden = false;
      clear(out).append(compareView({ a: { ...cmp.a, view: va }, b: { ...cmp.b, view: vb } }));
      $2("compare-panel").scrollIntoView();
      status(`Comparing ${cmp.a.id.slice(0, 8)} · ${cmp.a.policy} with ${cmp.b.id.slice(0, 8)} · ${cmp.b.policy}.`);
    } catch (err) {
      clear(out).append(el("p", { class: "error-text" }, "Cannot compare: " + err.message));
    }
  }
  function runFromHash() {
    const m = /run=([0-9a-f]+)/.exec(location.hash);
    return m ? m[1] : "";
  }
  var validateTimer = null;
  async function loadScenarios(select) {
    const r = await api("api/scenarios");
    if (!r.ok) return;
    const sel = clear($2("scenario-select"));
    for (const s of r.body) sel.append(el("option", { value: s.name }, `${s.name} (${s.kind})`));
    const name = select || (r.body.length ? r.body[0].name : "");
    if (name) {
      sel.value = name;
      await loadScenario(name);
    }
  }
  $2("save").addEventListener("click", async () => {
    const name = $2("save-name").value.trim();
    const r = await api("api/scenarios", { method: "POST", body: { name, source: $2("editor").value } });
    if (!r.ok) {
      status(r.body.error || `could not save (${r.status})`, "error");
      if (r.body.problems) {
        const list = clear($2("problems"));
        for (const p of r.body.problems) list.append(el("li", { class: "problem" }, `${p.file}:${p.line}:${p.column}: ${p.field ? p.field + ": " : ""}${p.message}`));
      }
      return;
    }
    await loadScenarios(name);
    status(`Saved scenario ${name}; other scenarios can now use "extends: ${name}".`);
  });
  async function loadScenario(name) {
    const r = await api(`api/scenarios/${encodeURIComponent(name)}`);
    if (!r.ok) return status(`Could not load scenario ${name}`, "error");
    state.scenario = { name, source: r.body };
    $2("editor").value = r.body;
    updateGutter([]);
    validateNow();
  }
  $2("scenario-select").addEventListener("change", (e) => loadScenario(e.target.value));
  function quickScenario() {
    const base = $2("scenario-select").value || "central-asia";
    const reason = yamlString($2("q-reason").value.trim() || "What-if stated in the dashboard");
    const lines = [`extends: ${base}`, `title: ${yamlString(`${base}, with the dashboard's what-if assumptions`)}`];
    if ($2("q-war").checked) {
      lines.push(
        "shocks:",
        "  russia_commitments:",
        "    ukraine:",
        `      end_year: {value: ${Math.round(+$2("q-war-year").value)}, assumption: true, reason: ${reason}}`
      );
    }
    const req = $2("q-req").checked, integ = $2("q-int").checked;
    if (req || integ) lines.push("decision:");
    if (integ) {
      lines.push(
        "  model: v1",
        "  priors:",
        "    coef:",
        `      non_russian_ties: {mean: ${+$2("q-int-mean").value}, sd: ${+$2("q-int-sd").value}, assumption: true, reason: ${reason}}`
      );
    } else if (req) {
      lines.push(
        "  priors:",
        "    v2:",
        `      request.country[${$2("q-req-country").value}]: {mean: ${+$2("q-req-mean").value}, sd: ${+$2("q-req-sd").value}, assumption: true, reason: ${reason}}`
      );
    }
    return lines.join("\n") + "\n";
  }
  function yamlString(s) {
    return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\u0000-\u001f]/g, " ") + '"';
  }
  $2("q-int").addEventListener("change", () => {
    if ($2("q-int").checked) $2("q-req").checked = false;
  });
  $2("q-req").addEventListener("change", () => {
    if ($2("q-req").checked) $2("q-int").checked = false;
  });
  $2("quick-form").addEventListener("submit", (e) => {
    e.preventDefault();
    $2("editor").value = quickScenario();
    if ($2("q-draws").value) $2("draws").value = $2("q-draws").value;
    if ($2("q-seed").value) $2("seed").value = $2("q-seed").value;
    state.scenario = null;
    $2("editor").dispatchEvent(new Event("input"));
    status("Wrote a scenario that extends " + ($2("scenario-select").value || "central-asia") + " into the editor; check it, save it or start a run.");
  });
  function editorFile() {
    return (state.scenario ? state.scenario.name : "scenario") + ".yaml";
  }
  function updateGutter(problems) {
    const lines = $2("editor").value.split("\n").length;
    const bad = new Set(problems.map((p) => p.line));
    const g = clear($2("gutter"));
    for (let i = 1; i <= lines; i++) g.append(el("span", { class: bad.has(i) ? "err" : "" }, String(i)), "\n");
    g.scrollTop = $2("editor").scrollTop;
  }
  $2("editor").addEventListener("input", () => {
    updateGutter([]);
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validateNow, 250);
  });
  $2("editor").addEventListener("scroll", () => {
    $2("gutter").scrollTop = $2("editor").scrollTop;
  });
  async function validateNow() {
    const seq = ++state.validateSeq;
    const source = $2("editor").value;
    const r = await api("api/validate", { method: "POST", body: { file: editorFile(), source } });
    if (seq !== state.validateSeq) return;
    const list = clear($2("problems"));
    const v = $2("validity");
    if (!r.ok) {
      v.textContent = r.body.error || `validation failed (${r.status})`;
      v.className = "validity bad";
      return;
    }
    const problems = r.body.problems || [];
    updateGutter(problems);
    for (const p of problems) {
      const text = `${p.file}:${p.line}:${p.column}: ${p.field ? p.field + ": " : ""}${p.message}`;
      list.append(el("li", { class: "problem", "data-line": p.line, onclick: () => gotoLine(p.line, p.column) }, text));
    }
    v.textContent = r.body.valid ? "valid" : `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    v.className = "validity " + (r.body.valid ? "ok" : "bad");
    $2("start").disabled = !r.body.valid;
    if (r.body.valid) {
      const box = $2("policies");
      const checked = new Set([...box.querySelectorAll("input:checked")].map((i) => i.value));
      const fresh = box.querySelectorAll("input").length === 0;
      clear(box).append(el("legend", {}, "Policies"));
      for (const p of r.body.policies) {
        box.append(el("label", {}, el("input", { type: "checkbox", value: p, checked: fresh || checked.has(p) || p === r.body.policies[0] }), " " + p));
      }
      if (!$2("draws").value) $2("draws").value = Math.min(r.body.draws || 1e3, 2e3);
      if (!$2("seed").value) $2("seed").value = r.body.seed;
    }
  }
  function gotoLine(line, col) {
    const ta = $2("editor");
    const lines = ta.value.split("\n");
    let pos = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    ta.focus();
    ta.setSelectionRange(pos + Math.max(0, col - 1), pos + (lines[line - 1] || "").length);
  }
  $2("run-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const source = $2("editor").value;
    const body = {
      name: $2("run-name").value,
      policies: [...$2("policies").querySelectorAll("input:checked")].map((i) => i.value),
      draws: +$2("draws").value || 0
    };
    if ($2("seed").value) body.seed = $2("seed").value;
    if (state.scenario && source === state.scenario.source) body.scenario = state.scenario.name;
    else {
      body.source = source;
      body.file = editorFile();
    }
    const r = await api("api/runs", { method: "POST", body });
    if (r.status === 429) return status(`The run queue is full; try again in ${r.headers.get("Retry-After")} s.`, "error");
    if (!r.ok) {
      status(r.body.error || `could not start the run (${r.status})`, "error");
      if (r.body.problems) {
        const list = clear($2("problems"));
        for (const p of r.body.problems) list.append(el("li", { class: "problem" }, `${p.file}:${p.line}:${p.column}: ${p.field ? p.field + ": " : ""}${p.message}`));
      }
      return;
    }
    status(`Run ${r.body.id.slice(0, 8)} started.`);
    state.run = r.body;
    await refreshRuns(r.body.id);
    location.hash = "run=" + r.body.id;
  });
  var ex = { header: { names: [], factors: [], groups: [] }, prim: null, box: 0, point: 0, timer: null };
  function exParse() {
    const text = $2("ex-csv").value;
    const before = ex.header;
    ex.header = csvHeader(text);
    const sig = (h) => JSON.stringify([h.names, h.factors, h.groups]);
    if (sig(before) !== sig(ex.header)) delete $2("ex-inputs").dataset.edited;
    const { names, factors, groups } = ex.header;
    const sel = $2("ex-outcome");
    const prev = sel.value;
    clear(sel);
    const inputs = factors.filter((f) => names.includes(f));
    const candidates = names.filter((n) => !inputs.includes(n) && n !== "experiment");
    for (const n of candidates) sel.append(el("option", { value: n }, n));
    if (candidates.includes(prev)) sel.value = prev;
    else if (candidates.length) sel.value = candidates[candidates.length - 1];
    sel.disabled = candidates.length === 0;
    if (!$2("ex-inputs").dataset.edited) $2("ex-inputs").value = inputs.join(",");
    $2("ex-columns-sum").textContent = names.length ? `${names.length} columns${factors.length ? `, ${factors.length} of them factors declared in the file` : ""}` : "Columns";
    $2("ex-columns").textContent = names.length ? `${names.join(", ")}` + (factors.length ? ` · factors declared in the file: ${factors.join(", ")}` : "") : "";
    $2("ex-groups").hidden = groups.length === 0;
    $2("ex-groups").textContent = groups.length ? `Grouped Sobol' design: ${groups.length} groups (${groups.map((g) => `${g.name}: ${g.members.length}`).join(", ")}). Sobol' indices are estimated per group, with the groups read from the design; clear the edits of Inputs to use them.` : "";
    $2("ex-sobol").disabled = $2("ex-prim").disabled = $2("ex-cart").disabled = names.length === 0;
    exSuggestThreshold();
  }
  function exSuggestThreshold() {
    const m = columnMedian($2("ex-csv").value, $2("ex-outcome").value);
    const th = $2("ex-threshold");
    th.placeholder = Number.isFinite(m) ? `median ${Number(m.toPrecision(4))}` : "";
    if (!th.dataset.edited) th.value = Number.isFinite(m) ? String(Number(m.toPrecision(4))) : "";
  }
  function exInputs() {
    return $2("ex-inputs").value.split(",").map((s) => s.trim()).filter(Boolean);
  }
  function exBody() {
    return { csv: $2("ex-csv").value, file: $2("ex-file").files[0] ? $2("ex-file").files[0].name : "experiments.csv", inputs: exInputs(), outcome: $2("ex-outcome").value };
  }
  function exSobolInputs() {
    return ex.header.groups.length && !$2("ex-inputs").dataset.edited ? [] : exInputs();
  }
  function exError(where, r) {
    clear(where).append(el("p", { class: "error-text" }, `${r.body.error || "analysis failed"} (HTTP ${r.status})`));
    status(r.body.error || `analysis failed (${r.status})`, "error");
  }
  async function exSobol() {
    const out = $2("ex-sobol-out");
    clear(out).append(el("p", { class: "muted" }, "Estimating Sobol' indices…"));
    const r = await api("api/explore/sobol", { method: "POST", body: { ...exBody(), inputs: exSobolInputs(), resamples: +$2("ex-resamples").value || 0 } });
    if (!r.ok) return exError(out, r);
    const res = r.body;
    clear(out).append(
      el("figure", { class: "sobol-fig" }, sobolChart(res)),
      el("p", { class: "note" }, `${res.estimator} estimator for S1, Jansen (1999) for ST; mean of ${res.outcome} ${res.mean.toPrecision(4)}, variance ${res.variance.toPrecision(4)}. S1: share of the variance due to the input alone; ST: including its interactions.`)
    );
    if ((res.warnings || []).length) out.append(el("ul", { class: "warnings" }, ...res.warnings.map((w) => el("li", {}, w))));
    const conv = convergenceChart(res);
    if (conv) out.append(el("figure", { class: "convergence-fig" }, conv));
    const pairs = pairsTable(res);
    if (pairs) out.append(el("h3", {}, "Largest second-order indices"), pairs);
    status(`Sobol' indices of ${res.outcome} from ${res.rows.toLocaleString("en")} rows.`);
  }
  function exRule(body, what) {
    const op = $2("ex-op").value;
    if (op === "positive") body.positive = true;
    else {
      if ($2("ex-threshold").value === "") {
        status(`${what}: give the threshold that makes an outcome a case of interest.`, "error");
        return false;
      }
      body.threshold = +$2("ex-threshold").value;
      body.below = op === "below";
    }
    return true;
  }
  async function exCart() {
    const out = $2("ex-cart-out");
    const body = { ...exBody(), max_depth: +$2("ex-depth").value || 0 };
    if (!exRule(body, "CART")) return;
    clear(out).append(el("p", { class: "muted" }, "Growing the tree…"));
    const r = await api("api/explore/cart", { method: "POST", body });
    if (!r.ok) return exError(out, r);
    clear(out).append(cartTable(r.body));
    status(`CART: ${r.body.tree.leaves.length} leaves for ${r.body.rule}.`);
  }
  async function exPrim() {
    const out = $2("ex-details");
    const body = { ...exBody(), peel_alpha: +$2("ex-peel").value || 0, mass_min: +$2("ex-mass").value || 0, boxes: +$2("ex-boxes").value || 1 };
    const op = $2("ex-op").value;
    if (!exRule(body, "PRIM")) return;
    clear($2("ex-curve"));
    clear(out).append(el("p", { class: "muted" }, "Peeling…"));
    const r = await api("api/explore/prim", { method: "POST", body });
    if (!r.ok) return exError(out, r);
    ex.prim = r.body;
    ex.rule = op === "positive" ? { positive: true } : { threshold: body.threshold, below: body.below };
    const sel = clear($2("ex-box"));
    ex.prim.boxes.forEach((b, k) => sel.append(el("option", { value: k }, `box ${k + 1}`)));
    sel.disabled = ex.prim.boxes.length < 2;
    ex.box = 0;
    ex.point = ex.prim.boxes[0].chosen;
    exRenderPrim();
    status(`PRIM: ${ex.prim.cases.toLocaleString("en")} of ${ex.prim.n.toLocaleString("en")} experiments are cases of interest (${ex.prim.rule}).`);
  }
  function exRenderPrim() {
    const box = ex.prim.boxes[ex.box];
    const pick = (i) => {
      ex.point = i;
      exRenderPrim();
      const c = document.querySelector(`#ex-curve circle[data-point="${i}"]`);
      if (c) c.focus();
    };
    clear($2("ex-curve")).append(
      el("figure", { class: "tradeoff-fig" }, tradeoffChart(box, ex.prim, ex.point, pick)),
      el("p", { class: "note" }, `Each point is a box of the peeling (then pasting) trajectory; click one to see its limits. Peel alpha ${ex.prim.options.peel_alpha}, paste alpha ${ex.prim.options.paste_alpha}, minimum mass ${ex.prim.options.mass_min}, objective ${ex.prim.options.objective}. Dashed line: share of cases among all experiments.`)
    );
    clear($2("ex-details")).append(boxDetails(box, ex.point, ex.prim));
    const p = box.trajectory[ex.point];
    const replaced = new Map((state.view && state.view.assumptions || []).filter((a) => a.replaced_by).map((a) => [a.path, a.replaced_by]));
    const ignored = (p.limits || []).filter((l) => replaced.has(l.input));
    if (ignored.length) {
      $2("ex-details").append(el("ul", { class: "warnings ignored-warning" }, ...ignored.map((l) => el("li", {}, `This box restricts ${l.input}, which the engines of the selected run ignore (${replaced.get(l.input)}): the restriction cannot describe the model's behaviour, only chance in the sample.`))));
    }
    const sc = boxScatter($2("ex-csv").value, p, ex.prim.outcome, ex.rule);
    clear($2("ex-scatter"));
    if (sc) $2("ex-scatter").append(el("figure", { class: "scatter-fig" }, sc));
  }
  $2("ex-csv").addEventListener("input", () => {
    clearTimeout(ex.timer);
    ex.timer = setTimeout(exParse, 200);
  });
  $2("ex-inputs").addEventListener("input", () => {
    $2("ex-inputs").dataset.edited = "1";
  });
  $2("ex-threshold").addEventListener("input", () => {
    $2("ex-threshold").dataset.edited = "1";
  });
  $2("ex-outcome").addEventListener("change", exSuggestThreshold);
  $2("ex-file").addEventListener("change", async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    $2("ex-csv").value = await f.text();
    delete $2("ex-inputs").dataset.edited;
    exParse();
  });
  function busy(button, work) {
    return async () => {
      $2(button).disabled = true;
      try {
        await work();
      } finally {
        $2(button).disabled = ex.header.names.length === 0;
      }
    };
  }
  $2("ex-sobol").addEventListener("click", busy("ex-sobol", () => exSobol().catch((err) => status("Sobol: " + err.message, "error"))));
  $2("ex-prim").addEventListener("click", busy("ex-prim", () => exPrim().catch((err) => status("PRIM: " + err.message, "error"))));
  $2("ex-cart").addEventListener("click", busy("ex-cart", () => exCart().catch((err) => status("CART: " + err.message, "error"))));
  $2("ex-box").addEventListener("change", (e) => {
    ex.box = +e.target.value;
    ex.point = ex.prim.boxes[ex.box].chosen;
    exRenderPrim();
  });
  async function main() {
    const m = await api("api/map");
    if (m.ok) state.map = m.body;
    else status("No map data: " + (m.body.error || m.status), "error");
    const n = await api("api/network");
    if (n.ok) {
      state.network = n.body;
      $2("network-credit").textContent = n.body.attribution || "";
    }
    renderMap();
    initPortfolios(api, () => ({ map: state.map, network: state.network }));
    const runs = await refreshRuns(runFromHash());
    loadScenarios();
    const id = runFromHash() || ((runs || []).find((x) => x.status === "done") || {}).id;
    if (id) await selectRun(id);
    const cmp = parseCompareHash(location.hash);
    if (cmp) await runCompare(cmp);
  }
  main().catch((err) => status("Dashboard error: " + err.message, "error"));
})();
