// Charts and the map, drawn as SVG from a run's view (see view.go in
// package report for the format). Shared by the dashboard and the report.
import {svg, el, fmtPct, fmtNum, fmtPP, fmtUSD, sourceNodes} from './dom.js';

// ---------- results access ----------

/** Results wraps a steppe.results/v1 object with indexed access. */
export class Results {
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
    const out = {mean: [], q05: [], q50: [], q95: [], se: [], delta: [], dse: [], dq05: [], dq95: []};
    for (const y of this.r.years) {
      const c = this.cell(policy, country, y);
      const p = c ? c.p_intervention : {};
      out.mean.push(p.mean); out.q05.push(p.q05); out.q50.push(p.q50); out.q95.push(p.q95); out.se.push(p.se);
      const d = c && c.delta ? deltaRange(c.delta) : null;
      out.delta.push(d ? d.mean : null);
      out.dse.push(d ? d.se : null);
      out.dq05.push(d ? d.lo : null);
      out.dq95.push(d ? d.hi : null);
    }
    return out;
  }
  /** horizon is the last year of the run. */
  get horizon() { return this.r.years[this.r.years.length - 1]; }
}

/** deltaRange reads a delta's mean, its 5–95% range over parameter draws
 * and P(delta < 0). Results written before the range was recorded have
 * only the Monte Carlo s.e.: their range is then null. */
export function deltaRange(d) {
  const has = d && typeof d.q05 === 'number' && typeof d.q95 === 'number';
  return {mean: d.mean, se: d.se || 0, lo: has ? d.q05 : null, hi: has ? d.q95 : null,
    pneg: has && typeof d.p_negative === 'number' ? d.p_negative : null};
}

/** effectText says a delta as "−1.20 pp (5–95%: −3.05 to +0.10), P(<0) 93%". */
export function effectText(d) {
  const r = deltaRange(d);
  let s = fmtPP(r.mean);
  if (r.lo !== null) s += ` (5–95%: ${fmtPP(r.lo, false)} to ${fmtPP(r.hi, false)})`;
  if (r.pneg !== null) s += `, P(<0) ${fmtPct(r.pneg, 0)}`;
  return s;
}

/** probText says a probability with its 5–95% range: "12.3% (5.1–20.4%)". */
export function probText(p) {
  return `${fmtPct(p.mean)} (${fmtPct(p.q05)}–${fmtPct(p.q95)})`;
}

// ---------- colour ----------

const RAMP = [[254, 232, 200], [253, 187, 132], [252, 141, 89], [215, 48, 31], [127, 0, 0]];

/** colour maps t in [0,1] to a sequential ramp (ColorBrewer OrRd). */
export function colour(t) {
  if (!(t >= 0)) t = 0;
  if (t > 1) t = 1;
  const x = t * (RAMP.length - 1);
  const i = Math.min(Math.floor(x), RAMP.length - 2);
  const f = x - i;
  const c = RAMP[i].map((v, k) => Math.round(v + f * (RAMP[i + 1][k] - v)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

export const POLICY_COLOURS = ['#4a6fa5', '#d9822b', '#2f9e6e', '#9b59b6', '#c0392b', '#7f8c8d'];

/** niceMax rounds v up to 1, 2 or 5 times a power of ten. */
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const e = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (v <= m * e) return m * e;
  return 10 * e;
}

// ---------- map ----------

const RAD = Math.PI / 180;

/** albers returns an Albers equal-area conic projection (Snyder 1987,
 * "Map Projections: A Working Manual", USGS PP 1395, eqs. 14-1 to 14-6)
 * with standard parallels 38°N and 50°N centred on 66°E, 44°N: suited to
 * Central Asia. It maps [lon, lat] in degrees to SVG x, y (y down). */
export function albers(lon0 = 66, lat0 = 44, lat1 = 38, lat2 = 50, scale = 1000) {
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
  if (geom.type === 'Polygon') return geom.coordinates;
  if (geom.type === 'MultiPolygon') return geom.coordinates.flat();
  return [];
}

function pathOf(geom, proj) {
  let d = '';
  for (const ring of rings(geom)) {
    ring.forEach((pt, i) => {
      const [x, y] = proj(pt);
      d += (i ? 'L' : 'M') + x.toFixed(1) + ',' + y.toFixed(1);
    });
    d += 'Z';
  }
  return d;
}

/**
 * drawMap draws the region: focus countries filled by value (probability,
 * 0..vmax), neighbours grey, bases as triangles and infrastructure as lines.
 * opts: {boundaries (GeoJSON with properties.iso3, name), focus (iso3 list),
 * values (iso3 -> p), vmax, bases, infrastructure, label (legend title),
 * network ({lines, projects} of /api/network: drawn by mode and status
 * instead of the schematic links), highlight (Set of network line ids of
 * the selected policy's projects)}.
 */
export function drawMap(opts) {
  const proj = albers();
  const focus = new Set(opts.focus || []);
  const feats = (opts.boundaries && opts.boundaries.features) || [];
  // Fit the view to the focus countries, with a margin.
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const f of feats) {
    if (!focus.has(f.properties.iso3)) continue;
    for (const ring of rings(f.geometry)) for (const pt of ring) {
      const [x, y] = proj(pt);
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  if (!Number.isFinite(x0)) { x0 = -300; x1 = 300; y0 = -250; y1 = 250; }
  const mx = (x1 - x0) * 0.06, my = (y1 - y0) * 0.08;
  x0 -= mx; x1 += mx; y0 -= my; y1 += my;
  const w = x1 - x0, h = y1 - y0;
  // Text is sized in map units: at least 11.5 CSS pixels where the caller
  // says how wide the map is drawn (opts.pxWidth), so labels stay legible
  // on a phone.
  const minText = opts.pxWidth > 0 ? (11.5 * w) / opts.pxWidth : 0;
  const root = svg('svg', {viewBox: `${x0.toFixed(1)} ${y0.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}`,
    class: 'map', role: 'img', 'aria-label': opts.label || 'map'});
  root.append(svg('rect', {x: x0, y: y0, width: w, height: h, class: 'sea'}));
  const clipId = 'mapclip' + Math.random().toString(36).slice(2, 8);
  root.append(svg('defs', {}, svg('clipPath', {id: clipId}, svg('rect', {x: x0, y: y0, width: w, height: h}))));
  const g = svg('g', {'clip-path': `url(#${clipId})`});
  root.append(g);
  const vmax = opts.vmax > 0 ? opts.vmax : 1;
  for (const f of feats) {
    const iso = f.properties.iso3;
    const isFocus = focus.has(iso);
    const v = opts.values ? opts.values[iso] : undefined;
    const attrs = {d: pathOf(f.geometry, proj), class: isFocus ? 'country focus' : 'country', 'data-iso3': iso};
    if (isFocus && v !== undefined && v !== null) {
      attrs.fill = colour(v / vmax);
      attrs['data-p'] = v;
    }
    const title = isFocus && v !== undefined && v !== null ? (opts.titles && opts.titles[iso]) || `${f.properties.name}: ${fmtPct(v)}` : f.properties.name;
    g.append(svg('path', attrs, svg('title', {}, title)));
  }
  const net = opts.network && opts.network.lines ? opts.network : null;
  if (net) {
    // The bundled network: inactive lines first, the policy's projects last.
    const hl = opts.highlight || new Set();
    const order = {inactive: 0, existing: 1, construction: 2, planned: 2};
    const lines = [...net.lines].sort((a, b) => (hl.has(a.id) - hl.has(b.id)) || ((order[a.status] ?? 1) - (order[b.status] ?? 1)));
    const gnet = svg('g', {class: 'network'});
    for (const l of lines) {
      let d = '';
      for (const part of l.parts) part.forEach((pt, i) => { const [x, y] = proj(pt); d += (i ? 'L' : 'M') + x.toFixed(1) + ',' + y.toFixed(1); });
      const cap = l.capacity ? `, ${fmtNum(l.capacity)} ${l.capacity_unit || ''}` : '';
      gnet.append(svg('path', {d, class: `net mode-${cssWord(l.mode)} status-${cssWord(l.status)}${hl.has(l.id) ? ' policy' : ''}`, 'data-id': l.id},
        svg('title', {}, `${l.name} (${l.mode}, ${STATUS_WORDS[l.status] || l.status}${cap})${hl.has(l.id) ? ' — a project of this policy' : ''}`)));
    }
    g.append(gnet);
  }
  for (const line of opts.infrastructure || []) {
    if (!line.coords || line.coords.length < 2) continue;
    // With the network drawn, schematic links stand in only for projects
    // whose lines the network lacks.
    if (net && (!line.project || (net.projects && net.projects[line.project]))) continue;
    const d = line.coords.map((pt, i) => { const [x, y] = proj(pt); return (i ? 'L' : 'M') + x.toFixed(1) + ',' + y.toFixed(1); }).join('');
    g.append(svg('path', {d, class: 'infra ' + (line.project ? 'planned' : 'existing') + ' kind-' + (line.kind || 'other').replace(/[^a-z-]/g, '')},
      svg('title', {}, `${line.name}${line.project ? ' (project ' + line.project + ')' : ''}${line.schematic ? ' — drawn schematically between capitals' : ''}`)));
  }
  const r = w / 140;
  for (const b of opts.bases || []) {
    if (!b.located) continue;
    const [x, y] = proj([b.lon, b.lat]);
    const tri = `M${(x).toFixed(1)},${(y - r).toFixed(1)}L${(x + r).toFixed(1)},${(y + r * 0.8).toFixed(1)}L${(x - r).toFixed(1)},${(y + r * 0.8).toFixed(1)}Z`;
    const lease = b.lease_end ? `, lease to ${Math.round(b.lease_end)}` : '';
    g.append(svg('path', {d: tri, class: 'base'}, svg('title', {}, `${b.name} (${b.operator} in ${b.host}${lease})`)));
  }
  // Labels of focus countries at their largest ring's centroid.
  for (const f of feats) {
    if (!focus.has(f.properties.iso3)) continue;
    let best = null, bestN = 0;
    for (const ring of rings(f.geometry)) if (ring.length > bestN) { best = ring; bestN = ring.length; }
    if (!best) continue;
    let sx = 0, sy = 0;
    for (const pt of best) { const [x, y] = proj(pt); sx += x; sy += y; }
    const v = opts.values ? opts.values[f.properties.iso3] : undefined;
    g.append(svg('text', {x: (sx / bestN).toFixed(1), y: (sy / bestN).toFixed(1), class: 'map-label', 'font-size': Math.max(w / 55, minText).toFixed(1)},
      f.properties.iso3 + (v !== undefined && v !== null ? ' ' + fmtPct(v) : '')));
  }
  // Legend: the colour ramp, its title (beside it, or under it where the
  // text is large for a narrow map), then the network's modes and styles,
  // wrapped to the map's width. The view box grows to hold it.
  const fsN = Math.max(w / 60, minText), fs = fsN.toFixed(1);
  const lw = w * 0.4, lx = x0 + w * 0.05, lh = fsN * 0.9;
  let ly = y0 + h + fsN * 0.8;
  const steps = 20;
  for (let i = 0; i < steps; i++) {
    root.append(svg('rect', {x: lx + (lw * i) / steps, y: ly, width: lw / steps + 0.5, height: lh, fill: colour(i / (steps - 1))}));
  }
  const textW = (t) => t.length * fsN * 0.6;
  const title = opts.label || '';
  const beside = lx + lw + w * 0.03 + textW(title) < x0 + w;
  root.append(svg('text', {x: lx, y: ly + lh + fsN * 1.1, 'font-size': fs, class: 'legend'}, '0%'));
  root.append(svg('text', {x: lx + lw, y: ly + lh + fsN * 1.1, 'font-size': fs, 'text-anchor': 'end', class: 'legend'}, fmtPct(vmax, 0)));
  ly += lh + fsN * 1.1;
  if (beside) root.append(svg('text', {x: lx + lw + w * 0.03, y: ly - fsN * 1.1 + lh, 'font-size': fs, class: 'legend'}, title));
  else { ly += fsN * 1.3; root.append(svg('text', {x: lx, y: ly, 'font-size': fs, class: 'legend'}, title)); }
  if (opts.network && opts.network.lines) {
    // Network legend: modes present, then statuses.
    const modes = [...new Set(opts.network.lines.map((l) => l.mode))].sort((a, b) => MODES.indexOf(a) - MODES.indexOf(b));
    const sw = w * 0.035, gap = w * 0.008, pad = w * 0.035;
    const gl = svg('g', {class: 'network-legend'});
    root.append(gl);
    // Items are laid out by the width of their labels (about 0.6 em a
    // character in the sans-serif legend font), so long ones never run into
    // the next swatch; a row that would leave the map wraps.
    const row = (items) => {
      ly += fsN * 1.6;
      let x = lx;
      for (const [cls, label] of items) {
        const iw = sw + gap + textW(label);
        if (x > lx && x + iw > x0 + w) { x = lx; ly += fsN * 1.5; }
        gl.append(svg('path', {d: `M${x.toFixed(1)},${(ly - fsN * 0.35).toFixed(1)}h${sw.toFixed(1)}`, class: 'net legend-line ' + cls}));
        gl.append(svg('text', {x: x + sw + gap, y: ly, 'font-size': fs, class: 'legend'}, label));
        x += iw + pad;
      }
    };
    row(modes.map((m) => [`mode-${cssWord(m)} status-existing`, m]));
    row([['mode-other status-existing', 'existing'], ['mode-other status-construction', 'under construction'],
      ['mode-other status-planned', 'planned'], ['mode-other status-existing policy', "policy's project"]]);
  }
  root.setAttribute('viewBox', `${x0.toFixed(1)} ${y0.toFixed(1)} ${w.toFixed(1)} ${(ly - y0 + fsN * 0.8).toFixed(1)}`);
  return root;
}

const MODES = ['rail', 'road', 'ferry', 'gas', 'oil', 'power', 'other'];
const STATUS_WORDS = {existing: 'existing', construction: 'under construction', planned: 'planned', inactive: 'inactive'};

function cssWord(s) {
  return String(s || 'other').toLowerCase().replace(/[^a-z-]/g, '') || 'other';
}

// ---------- axes helpers ----------

/** ticks returns about n round values from lo to hi for an axis. */
export function ticks(lo, hi, n) {
  const step = niceMax((hi - lo) / n);
  const out = [];
  // A tick within rounding of zero is zero (never "-0").
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

/**
 * fanChart draws, for one country, the probability of at least one
 * intervention by each year: for each policy a 5–95% band over parameter
 * draws and the mean line. opts: {title, years, series: [{label, colour,
 * mean, q05, q95}], ymax}.
 */
export function fanChart(opts) {
  const W = 360, H = 230, L = 44, R = 10, T = 26, B = 30;
  const years = opts.years;
  const ymax = opts.ymax || 1;
  const x = (yr) => L + ((yr - years[0]) / Math.max(1, years[years.length - 1] - years[0])) * (W - L - R);
  const y = (p) => T + (1 - p / ymax) * (H - T - B);
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart fan', role: 'img', 'aria-label': opts.title});
  root.append(svg('text', {x: L, y: 16, class: 'chart-title'}, opts.title));
  for (const t of ticks(0, ymax, 4)) {
    root.append(svg('line', {x1: L, x2: W - R, y1: y(t), y2: y(t), class: 'grid'}));
    root.append(svg('text', {x: L - 4, y: y(t) + 3, 'text-anchor': 'end', class: 'tick'}, fmtPct(t, t < 0.1 ? 1 : 0)));
  }
  for (const t of ticks(years[0], years[years.length - 1], 4)) {
    root.append(svg('text', {x: x(t), y: H - B + 14, 'text-anchor': 'middle', class: 'tick'}, String(t)));
  }
  root.append(svg('line', {x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'axis'}));
  opts.series.forEach((s) => {
    let band = '';
    years.forEach((yr, i) => { band += (i ? 'L' : 'M') + x(yr).toFixed(1) + ',' + y(s.q95[i]).toFixed(1); });
    for (let i = years.length - 1; i >= 0; i--) band += 'L' + x(years[i]).toFixed(1) + ',' + y(s.q05[i]).toFixed(1);
    root.append(svg('path', {d: band + 'Z', fill: s.colour, class: 'band'}, svg('title', {}, `${s.label}: 5–95% over parameter draws`)));
  });
  opts.series.forEach((s) => {
    const d = years.map((yr, i) => (i ? 'L' : 'M') + x(yr).toFixed(1) + ',' + y(s.mean[i]).toFixed(1)).join('');
    const last = years.length - 1;
    root.append(svg('path', {d, stroke: s.colour, class: 'mean'},
      svg('title', {}, `${s.label}: mean ${fmtPct(s.mean[last])} by ${years[last]} (5–95%: ${fmtPct(s.q05[last])}–${fmtPct(s.q95[last])})`)));
  });
  // Legend side by side where the labels are short, else one a line in
  // the plot's upper left (the curves start low there).
  const stack = opts.series.reduce((n, s) => n + s.label.length, 0) > 36;
  opts.series.forEach((s, i) => {
    const lx = L + 6 + (stack ? 0 : i * 150), ly = T + 2 + (stack ? i * 15 : 0);
    root.append(svg('rect', {x: lx, y: ly, width: 10, height: 8, fill: s.colour, class: 'swatch'}));
    root.append(svg('text', {x: lx + 14, y: ly + 8, class: 'legend'}, s.label));
  });
  return root;
}

/**
 * deltaChart draws each policy's difference from the baseline in the
 * probability of intervention by one year, per country: the dot is the mean
 * effect, the whisker the 5–95% range of the paired per-draw difference over
 * parameter draws (common random numbers), and the label adds P(delta < 0).
 * Results without the range fall back to ±1.96 Monte Carlo standard errors,
 * and say so. opts: {title, rows: [{label, delta: {mean, se, q05, q95,
 * p_negative}}], colour}.
 */
export function deltaChart(opts) {
  const rows = opts.rows.map((r) => ({label: r.label, d: r.delta ? deltaRange(r.delta) : null}));
  const W = 640, rowH = 26, T = 30, B = 28, L = 70, R = 250;
  const H = T + B + rows.length * rowH;
  const span = (d) => (d.lo !== null ? [d.lo, d.hi] : [d.mean - 1.96 * d.se, d.mean + 1.96 * d.se]);
  let m = 0;
  for (const r of rows) if (r.d) for (const v of span(r.d)) m = Math.max(m, Math.abs(v));
  m = niceMax(m || 0.01);
  const x = (v) => L + ((v + m) / (2 * m)) * (W - L - R);
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart delta', role: 'img', 'aria-label': opts.title});
  root.append(svg('text', {x: 4, y: 16, class: 'chart-title'}, opts.title));
  for (const t of ticks(-m, m, 4)) {
    root.append(svg('line', {x1: x(t), x2: x(t), y1: T - 4, y2: H - B, class: t === 0 ? 'axis' : 'grid'}));
    root.append(svg('text', {x: x(t), y: H - B + 14, 'text-anchor': 'middle', class: 'tick'}, (t > 0 ? '+' : '') + (100 * t).toFixed(Math.abs(m) < 0.05 ? 1 : 0) + ' pp'));
  }
  rows.forEach((r, i) => {
    const cy = T + i * rowH + rowH / 2;
    root.append(svg('text', {x: L - 8, y: cy + 4, 'text-anchor': 'end', class: 'tick'}, r.label));
    if (!r.d) return;
    const [lo, hi] = span(r.d);
    const what = r.d.lo !== null ? '5–95% over parameter draws' : '95% Monte Carlo interval';
    const g = svg('g', {class: 'delta-row', 'data-range': r.d.lo !== null ? 'draws' : 'mc'},
      svg('title', {}, `${r.label}: ${fmtPP(r.d.mean)} (${what}: ${fmtPP(lo, false)} to ${fmtPP(hi, false)})` +
        (r.d.pneg !== null ? `; lower than the baseline in ${fmtPct(r.d.pneg, 0)} of draws` : '') + `; Monte Carlo s.e. ${fmtPP(r.d.se)}`));
    g.append(svg('line', {x1: x(lo), x2: x(hi), y1: cy, y2: cy, stroke: opts.colour, class: 'whisker'}));
    g.append(svg('line', {x1: x(lo), x2: x(lo), y1: cy - 5, y2: cy + 5, stroke: opts.colour, class: 'whisker'}));
    g.append(svg('line', {x1: x(hi), x2: x(hi), y1: cy - 5, y2: cy + 5, stroke: opts.colour, class: 'whisker'}));
    g.append(svg('circle', {cx: x(r.d.mean), cy, r: 4, fill: opts.colour, class: 'dot'}));
    g.append(svg('text', {x: W - R + 6, y: cy + 4, class: 'tick delta-label'},
      `${fmtPP(r.d.mean)} [${fmtPP(lo, false)}, ${fmtPP(hi, false)}]` + (r.d.pneg !== null ? ` P(<0) ${fmtPct(r.d.pneg, 0)}` : '')));
    root.append(g);
  });
  return root;
}

/**
 * deltaFanChart draws, for one country, each policy's effect over the years:
 * the mean difference from the baseline and its 5–95% band over parameter
 * draws, around a zero line. opts: {title, years, series: [{label, colour,
 * delta, dq05, dq95}]}.
 */
export function deltaFanChart(opts) {
  const W = 360, T = 30 + 14 * opts.series.length, H = 220 + T - 26, L = 50, R = 10, B = 30;
  const years = opts.years;
  let lo = 0, hi = 0;
  for (const s of opts.series) for (const arr of [s.delta, s.dq05, s.dq95]) for (const v of arr) if (v !== null && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const m = niceMax(Math.max(-lo, hi) || 0.01);
  lo = lo < 0 ? -niceMax(-lo) : 0;
  hi = hi > 0 ? niceMax(hi) : 0;
  if (lo === hi) hi = m;
  const x = (yr) => L + ((yr - years[0]) / Math.max(1, years[years.length - 1] - years[0])) * (W - L - R);
  const y = (v) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart delta-fan', role: 'img', 'aria-label': opts.title});
  root.append(svg('text', {x: L, y: 16, class: 'chart-title'}, opts.title));
  for (const t of ticks(lo, hi, 4)) {
    root.append(svg('line', {x1: L, x2: W - R, y1: y(t), y2: y(t), class: t === 0 ? 'axis' : 'grid'}));
    root.append(svg('text', {x: L - 4, y: y(t) + 3, 'text-anchor': 'end', class: 'tick'}, (t > 0 ? '+' : '') + (100 * t).toFixed(hi - lo < 0.1 ? 1 : 0) + ' pp'));
  }
  for (const t of ticks(years[0], years[years.length - 1], 4)) {
    root.append(svg('text', {x: x(t), y: H - B + 14, 'text-anchor': 'middle', class: 'tick'}, String(t)));
  }
  const last = years.length - 1;
  opts.series.forEach((s, k) => {
    const ok = (i) => s.dq05[i] !== null && s.dq95[i] !== null;
    if (years.every((_, i) => ok(i))) {
      let band = '';
      years.forEach((yr, i) => { band += (i ? 'L' : 'M') + x(yr).toFixed(1) + ',' + y(s.dq95[i]).toFixed(1); });
      for (let i = last; i >= 0; i--) band += 'L' + x(years[i]).toFixed(1) + ',' + y(s.dq05[i]).toFixed(1);
      root.append(svg('path', {d: band + 'Z', fill: s.colour, class: 'band'}, svg('title', {}, `${s.label}: 5–95% of the effect over parameter draws`)));
    }
    const d = years.map((yr, i) => (i ? 'L' : 'M') + x(yr).toFixed(1) + ',' + y(s.delta[i] || 0).toFixed(1)).join('');
    root.append(svg('path', {d, stroke: s.colour, class: 'mean'},
      svg('title', {}, `${s.label}: ${fmtPP(s.delta[last])} by ${years[last]}` + (ok(last) ? ` (5–95%: ${fmtPP(s.dq05[last], false)} to ${fmtPP(s.dq95[last], false)})` : ''))));
    root.append(svg('rect', {x: L + 6, y: 22 + k * 14, width: 10, height: 8, fill: s.colour, class: 'swatch'}));
    root.append(svg('text', {x: L + 20, y: 30 + k * 14, class: 'legend'}, s.label + ' − baseline'));
  });
  return root;
}

// ---------- tables ----------

function rangeText(a) {
  if (!a.uncertain) return 'fixed';
  return `${fmtNum(a.lo)} – ${fmtNum(a.hi)}`;
}

/** valueText writes a parameter's value: costs in dollars ("$4.7 bn"). */
function valueText(a) {
  return /cost_usd$/.test(a.path) ? fmtUSD(a.value) : fmtNum(a.value);
}

/** assumptionsTable lists every parameter with its value, distribution,
 * range and source, and marks those an engine of the run replaced (the run
 * did not use the stated value); filter keeps rows whose text contains it. */
export function assumptionsTable(list, filter = '') {
  const f = filter.trim().toLowerCase();
  const body = el('tbody');
  let shown = 0;
  for (const a of list || []) {
    const hay = `${a.path} ${a.source || ''} ${a.reason || ''} ${a.dist || ''} ${a.replaced_by || ''}`.toLowerCase();
    if (f && !hay.includes(f)) continue;
    shown++;
    body.append(el('tr', {class: (a.assumption ? 'assumption' : '') + (a.replaced_by ? ' replaced' : '')},
      el('td', {class: 'path'}, a.path),
      el('td', {class: 'num'}, valueText(a)),
      el('td', {}, a.year ? String(a.year) : ''),
      el('td', {}, a.dist || 'fixed'),
      el('td', {class: 'num'}, rangeText(a)),
      el('td', {}, a.replaced_by ? [el('span', {class: 'tag tag-replaced'}, 'not used'), ' ', a.replaced_by, '. Stated: '] : '',
        a.assumption ? el('span', {class: 'tag'}, 'assumption') : 'data', a.reason ? ' — ' + a.reason : ''),
      el('td', {class: 'source'}, ...sourceNodes(a.source))));
  }
  const table = el('table', {class: 'assumptions'},
    el('thead', {}, el('tr', {}, ...['Parameter', 'Value', 'Year', 'Distribution', 'Range (design bounds)', 'Kind', 'Source'].map((h) => el('th', {}, h)))),
    body);
  table.dataset.rows = String(shown);
  return table;
}

/** scrollBox wraps a wide table so that it scrolls inside its panel. */
export function scrollBox(table) {
  return el('div', {class: 'scroll-x'}, table);
}

/** summaryTable lists mean probabilities (with 5–95%) by milestone years,
 * and each policy's effect with its 5–95% range over draws and P(<0). */
export function summaryTable(res, countries, years, names) {
  const head = el('tr', {}, el('th', {}, 'Country'), el('th', {}, 'Policy'), ...years.map((y) => el('th', {}, 'by ' + y)));
  const body = el('tbody');
  for (const c of countries) {
    res.r.policies.forEach((p, i) => {
      body.append(el('tr', {},
        el('td', {}, i === 0 ? (names[c] || c) : ''),
        el('td', {}, p),
        ...years.map((y) => {
          const cell = res.cell(p, c, y);
          if (!cell) return el('td', {}, '–');
          return el('td', {class: 'num'}, probText(cell.p_intervention), cell.delta ? [el('br'), el('span', {class: 'effect'}, effectText(cell.delta))] : '');
        })));
    });
  }
  return scrollBox(el('table', {class: 'summary'}, el('thead', {}, head), body));
}

/** headline is the box at the top of a run: the baseline probability for
 * the region and each state by the milestone years with its 5–95% range
 * over draws, then each policy's effect with its range and P(delta < 0).
 * Every value cell carries data-policy, data-country and data-year. */
export function headline(res, names, policyName) {
  const r = res.r;
  const years = milestones(r.years);
  const order = [...r.countries.filter((c) => c === 'REGION'), ...r.countries.filter((c) => c !== 'REGION')];
  const label = (c) => (c === 'REGION' ? 'Region (any of the five)' : names[c] || c);
  const cellOf = (p, c, y, text, cls) => el('td', {class: 'num ' + cls, 'data-policy': p, 'data-country': c, 'data-year': y}, text);
  const out = el('div', {class: 'headline'});
  const region = res.cell(r.baseline, 'REGION', res.horizon);
  if (region) {
    out.append(el('p', {class: 'lead'}, `Under the baseline, the probability of at least one Russian intervention in the region by ${res.horizon} is `,
      el('strong', {}, fmtPct(region.p_intervention.mean)), ` (5–95% over parameter draws: ${fmtPct(region.p_intervention.q05)}–${fmtPct(region.p_intervention.q95)}).`));
  }
  out.append(el('h3', {}, `Baseline: probability of at least one intervention, mean (5–95% over draws)`),
    scrollBox(el('table', {class: 'headline-base'},
      el('thead', {}, el('tr', {}, el('th', {}, ''), ...years.map((y) => el('th', {}, 'by ' + y)))),
      el('tbody', {}, ...order.map((c) => el('tr', {}, el('th', {scope: 'row'}, label(c)),
        ...years.map((y) => { const cell = res.cell(r.baseline, c, y); return cellOf(r.baseline, c, y, cell ? probText(cell.p_intervention) : '–', 'base'); })))))));
  for (const p of r.policies.filter((x) => x !== r.baseline)) {
    out.append(el('h3', {}, `Effect of ${policyName(p)}: change from the baseline, mean (5–95% over draws), P(lower than baseline)`),
      scrollBox(el('table', {class: 'headline-effect', 'data-policy': p},
        el('thead', {}, el('tr', {}, el('th', {}, ''), ...years.map((y) => el('th', {}, 'by ' + y)))),
        el('tbody', {}, ...order.map((c) => el('tr', {}, el('th', {scope: 'row'}, label(c)),
          ...years.map((y) => { const cell = res.cell(p, c, y); return cellOf(p, c, y, cell && cell.delta ? effectText(cell.delta) : '–', 'effect'); })))))));
  }
  const se = maxDeltaSE(res);
  if (se > 0) out.append(el('p', {class: 'note'}, `Ranges are the spread over parameter draws, paired with the baseline by common random numbers. The Monte Carlo standard error of every mean effect is at most ${fmtSE(se)}.`));
  return out;
}

/** fmtSE writes a standard error in percentage points. */
export function fmtSE(se) {
  return `${(100 * se).toFixed(2)} pp`;
}

/** integText writes an integration effect in its unit: shares (0–1) in
 * percentage points, border security's proportional reduction in %,
 * income and investment in % as they are. */
function integText(field, v) {
  const signed = (s) => (Number(s) === 0 ? '0' : Number(s) > 0 ? '+' + s : s.replace('-', '−'));
  if (['intra_regional_trade', 'china_trade_share', 'russia_trade_share', 'russian_transit'].includes(field)) return signed((100 * v).toFixed(2));
  if (field === 'border_security') return signed((100 * v).toFixed(1));
  return signed(v.toFixed(2));
}

/** networkTables shows what a policy's projects change in the network
 * (the JSON of GET /api/network/compare): each state's dependence on
 * Russian transit by layer, and the corridor and route times, before and
 * after. */
export function networkTables(policy, c) {
  const share = (v) => (v === null || v === undefined ? 'no outside route' : fmtPct(v, 0));
  const hours = (v, ru) => (v === null || v === undefined ? 'no route' : `${Math.round(v)} h${ru ? ' (via Russia)' : ''}`);
  const out = el('div', {class: 'network-changes', 'data-policy': policy.id},
    el('h3', {}, `Network with the projects of ${policy.name || policy.id} (${(policy.projects || []).join(', ')}) against the existing network`));
  const dep = c.dependence_changes || [];
  if (dep.length) {
    out.append(scrollBox(el('table', {class: 'dependence'},
      el('thead', {}, el('tr', {}, ...['State', 'Layer', 'Russian-transit dependence before', 'after'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...dep.map((d) => el('tr', {}, el('td', {}, d.country), el('td', {}, d.layer), el('td', {class: 'num'}, share(d.before)), el('td', {class: 'num'}, share(d.after))))))));
  }
  const routes = [...(c.corridor_changes || []), ...(c.route_changes || [])];
  if (routes.length) {
    out.append(scrollBox(el('table', {class: 'corridors'},
      el('thead', {}, el('tr', {}, ...['From', 'To', 'Corridor', 'Before', 'After'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...routes.map((d) => el('tr', {}, el('td', {}, d.from_place || d.from), el('td', {}, d.to_place || d.to), el('td', {}, d.corridor || 'capital to capital'),
        el('td', {class: 'num'}, hours(d.before_hours, d.before_through_russia)), el('td', {class: 'num'}, hours(d.after_hours, d.after_through_russia))))))));
  }
  if (!dep.length && !routes.length) out.append(el('p', {class: 'muted'}, 'No route, corridor or dependence figure changes.'));
  out.append(el('p', {class: 'note'}, "End states, every project complete; generalized cost in hours of the bundled network (steppe network compare). Dependence: share of the state's outside capacity that crosses Russia."));
  return out;
}

/** maxDeltaSE is the largest Monte Carlo s.e. of any policy effect. */
export function maxDeltaSE(res) {
  let m = 0;
  for (const c of res.r.cells) if (c.delta && c.delta.se > m) m = c.delta.se;
  return m;
}

/** integrationTable lists the integration effects at the horizon (income,
 * trade shares, transit dependence, ...) of every policy per country, as
 * the engines of the run computed them (the trade model, the network), and
 * the expected interventions by outcome type. */
export function engineTables(res, names) {
  const r = res.r;
  const y = res.horizon;
  const out = [];
  // The effect fields in the order of world.EffectField, then any other.
  const order = ['income_pct', 'intra_regional_trade', 'china_trade_share', 'russia_trade_share', 'russian_transit', 'redundancy', 'border_security', 'china_investment'];
  const fields = [];
  for (const c of r.cells) for (const k of Object.keys(c.integration || {})) if (!fields.includes(k)) fields.push(k);
  fields.sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  if (fields.length) {
    const unit = {income_pct: '%', china_investment: '% of GDP', intra_regional_trade: 'pp', china_trade_share: 'pp', russia_trade_share: 'pp', russian_transit: 'pp', border_security: '%'};
    out.push(el('h3', {}, `Integration effects by ${y}: change from the scenario's base state, mean over draws`),
      scrollBox(el('table', {class: 'integration'},
        el('thead', {}, el('tr', {}, el('th', {}, 'Country'), el('th', {}, 'Policy'), ...fields.map((f) => el('th', {}, f.replace(/_/g, ' ') + (unit[f] ? ` (${unit[f]})` : ''))))),
        el('tbody', {}, ...r.countries.flatMap((c) => r.policies.map((p, i) => {
          const cell = res.cell(p, c, y);
          return el('tr', {}, el('td', {}, i === 0 ? (names[c] || c) : ''), el('td', {}, p),
            ...fields.map((f) => el('td', {class: 'num'}, cell && cell.integration && f in cell.integration ? integText(f, cell.integration[f]) : '–')));
        }))))));
  }
  const types = r.intervention_types || [];
  if (types.length) {
    out.push(el('h3', {}, `Expected interventions by outcome type, start to ${y}`),
      scrollBox(el('table', {class: 'outcomes'},
        el('thead', {}, el('tr', {}, el('th', {}, 'Country'), el('th', {}, 'Policy'), ...types.map((t) => el('th', {}, t)), el('th', {}, 'total'))),
        el('tbody', {}, ...r.countries.flatMap((c) => r.policies.map((p, i) => {
          const cell = res.cell(p, c, y);
          const ei = (cell && cell.expected_interventions) || {};
          return el('tr', {}, el('td', {}, i === 0 ? (names[c] || c) : ''), el('td', {}, p),
            ...[...types, 'total'].map((t) => el('td', {class: 'num'}, t in ei ? ei[t].toFixed(3) : '–')));
        }))))));
  }
  return out;
}

/** milestones picks the years shown in tables: 2027, 2032 and the horizon,
 * where the run covers them. */
export function milestones(years) {
  const want = [2027, 2032, years[years.length - 1]];
  const out = want.filter((y, i) => years.includes(y) && want.indexOf(y) === i);
  return out.length ? out : [years[years.length - 1]];
}
