// Exploratory analysis views: a bar chart of Sobol' indices with their
// bootstrap intervals, and PRIM's coverage-density trade-off curve whose
// points show their box's limits and quasi-p-values when chosen. Drawn from
// the JSON of POST /api/explore/sobol and /api/explore/prim (package
// explore's SobolResult and PrimReport).
import {svg, el, fmtNum} from './dom.js';
import {niceMax, ticks} from './charts.js';

const S1_COLOUR = '#4a6fa5';
const ST_COLOUR = '#d9822b';
const RESTRICT_COLOURS = ['#7b8794', '#4a6fa5', '#2f9e6e', '#d9822b', '#9b59b6', '#c0392b', '#102a43'];


const num = (v) => (v === null || v === undefined || Number.isNaN(v) ? null : v);

/** csvHeader returns the column names of a CSV text, the factors its
 * '# factor NAME ...' comment lines declare and the groups its '# group NAME
 * a,b,c' lines declare (a grouped Sobol' design). Only the header is parsed. */
export function csvHeader(text) {
  const factors = [];
  const groups = [];
  let i = 0;
  while (i < text.length) {
    const end = text.indexOf('\n', i);
    const line = text.slice(i, end < 0 ? text.length : end).replace(/\r$/, '');
    i = end < 0 ? text.length : end + 1;
    if (line.startsWith('#')) {
      const m = /^#\s*factor\s+(\S+)/.exec(line);
      if (m) factors.push(m[1]);
      const g = /^#\s*group\s+(\S+)\s+(\S+)/.exec(line);
      if (g) groups.push({name: g[1], members: g[2].split(',')});
      continue;
    }
    if (line.trim() === '') continue;
    return {names: splitCSVLine(line).map((s, k) => (k === 0 ? s.replace(/^\ufeff/, '') : s).trim()), factors, groups};
  }
  return {names: [], factors, groups};
}

/** columnMedian returns the median of the numeric cells of column name
 * (NaN when it has none); it suggests a PRIM threshold. */
export function columnMedian(text, name) {
  const lines = text.split('\n');
  let j = -1;
  const vals = [];
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('#') || line.trim() === '') continue;
    const cells = line.includes('"') ? splitCSVLine(line) : line.split(',');
    if (j < 0) {
      j = cells.map((c, k) => (k === 0 ? c.replace(/^\ufeff/, '') : c).trim()).indexOf(name);
      if (j < 0) return NaN;
      continue;
    }
    const v = Number(cells[j]);
    if (cells[j] !== undefined && cells[j].trim() !== '' && Number.isFinite(v)) vals.push(v);
  }
  if (!vals.length) return NaN;
  vals.sort((a, b) => a - b);
  const m = vals.length >> 1;
  return vals.length % 2 ? vals[m] : (vals[m - 1] + vals[m]) / 2;
}

function splitCSVLine(line) {
  const out = [];
  let cur = '', q = false;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (q) {
      if (c === '"' && line[k + 1] === '"') { cur += '"'; k++; } else if (c === '"') q = false; else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * sobolChart draws each input's first-order (S1) and total (ST) index as
 * bars with their bootstrap interval as whiskers, inputs ordered by ST.
 */
export function sobolChart(res) {
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
  const x = (v) => L + ((v - lo) / (hi - lo)) * (W - L - R);
  const conf = Math.round((res.conf || 0.95) * 100);
  const title = `Sobol' indices of ${res.outcome || 'the outcome'}: ${res.n.toLocaleString('en')} base samples, ${res.rows.toLocaleString('en')} rows`;
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart sobol', role: 'img', 'aria-label': title});
  root.append(svg('text', {x: 4, y: 16, class: 'chart-title'}, title));
  const leg = [['S1 (first order)', S1_COLOUR], ['ST (total)', ST_COLOUR]];
  leg.forEach(([label, c], i) => {
    root.append(svg('rect', {x: L + i * 150, y: 24, width: 12, height: 9, fill: c}));
    root.append(svg('text', {x: L + i * 150 + 16, y: 33, class: 'legend'}, label));
  });
  if (res.resamples > 0) root.append(svg('text', {x: L + 300, y: 33, class: 'legend'}, `whiskers: ${conf}% bootstrap intervals`));
  for (const t of ticks(lo, hi, 5)) {
    root.append(svg('line', {x1: x(t), x2: x(t), y1: T - 4, y2: H - B, class: t === 0 ? 'axis' : 'grid'}));
    root.append(svg('text', {x: x(t), y: H - B + 14, 'text-anchor': 'middle', class: 'tick'}, String(t)));
  }
  rows.forEach((r, i) => {
    const y0 = T + i * groupH;
    root.append(svg('text', {x: L - 8, y: y0 + groupH / 2 + 4, 'text-anchor': 'end', class: 'tick sobol-input'}, r.input));
    [['S1', r.S1, S1_COLOUR, 0], ['ST', r.ST, ST_COLOUR, 1]].forEach(([name, ix, c, k]) => {
      const by = y0 + 5 + k * 15, bh = 12;
      const v = ix.value;
      const ilo = num(ix.lo), ihi = num(ix.hi);
      const interval = ilo !== null && ihi !== null ? ` (${conf}% interval ${fmtNum(ilo)} to ${fmtNum(ihi)})` : ' (no bootstrap)';
      const g = svg('g', {class: 'sobol-bar', 'data-input': r.input, 'data-index': name},
        svg('title', {}, `${r.input}: ${name} = ${fmtNum(v)}${interval}`));
      g.append(svg('rect', {x: Math.min(x(0), x(v)), y: by, width: Math.max(0.5, Math.abs(x(v) - x(0))), height: bh, fill: c, class: 'bar'}));
      if (ilo !== null && ihi !== null) {
        const cy = by + bh / 2;
        g.append(svg('line', {x1: x(ilo), x2: x(ihi), y1: cy, y2: cy, class: 'whisker-ci'}));
        g.append(svg('line', {x1: x(ilo), x2: x(ilo), y1: cy - 5, y2: cy + 5, class: 'whisker-ci'}));
        g.append(svg('line', {x1: x(ihi), x2: x(ihi), y1: cy - 5, y2: cy + 5, class: 'whisker-ci'}));
      }
      g.append(svg('text', {x: W - R + 6, y: by + 10, class: 'tick'},
        `${name} ${fmtNum(v)}` + (ilo !== null && ihi !== null ? ` [${fmtNum(ilo)}, ${fmtNum(ihi)}]` : '')));
      root.append(g);
    });
  });
  return root;
}

/**
 * tradeoffChart draws a PRIM trajectory as coverage (x) against density (y),
 * points coloured by the number of restricted inputs. onPick(i) is called
 * when point i is clicked or chosen with the keyboard.
 */
export function tradeoffChart(box, report, selected, onPick) {
  const W = 520, H = 360, L = 52, R = 130, T = 30, B = 42;
  const tr = box.trajectory;
  // Density axis: the range the curve spans, widened to tenths.
  let dmin = 1, dmax = 0;
  for (const p of tr) { dmin = Math.min(dmin, p.density); dmax = Math.max(dmax, p.density); }
  const ylo = Math.max(0, Math.floor(dmin * 10 - 1e-9) / 10);
  const yhi = Math.max(ylo + 0.1, Math.min(1, Math.ceil(dmax * 10 + 1e-9) / 10));
  const x = (v) => L + v * (W - L - R);
  const y = (v) => T + (1 - (v - ylo) / (yhi - ylo)) * (H - T - B);
  const title = `Coverage–density trade-off: ${report.rule}`;
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart tradeoff', role: 'group', 'aria-label': title});
  root.append(svg('text', {x: 4, y: 16, class: 'chart-title'}, title));
  for (const t of ticks(0, 1, 5)) {
    root.append(svg('line', {x1: x(t), x2: x(t), y1: T, y2: H - B, class: 'grid'}));
    root.append(svg('text', {x: x(t), y: H - B + 14, 'text-anchor': 'middle', class: 'tick'}, String(t)));
  }
  for (const t of ticks(ylo, yhi, 5)) {
    root.append(svg('line', {x1: L, x2: W - R, y1: y(t), y2: y(t), class: 'grid'}));
    root.append(svg('text', {x: L - 4, y: y(t) + 3, 'text-anchor': 'end', class: 'tick'}, String(t)));
  }
  root.append(svg('text', {x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', class: 'tick'}, 'coverage (share of all cases of interest in the box)'));
  root.append(svg('text', {x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'tick', transform: `rotate(-90 12 ${(T + H - B) / 2})`}, 'density (share of the box that are cases)'));
  const base = report.n > 0 ? report.cases / report.n : 0;
  if (base >= ylo) {
    root.append(svg('line', {x1: L, x2: W - R, y1: y(base), y2: y(base), class: 'baseline-density'},
      svg('title', {}, `share of cases in all experiments: ${fmtNum(base)}`)));
  }
  root.append(svg('path', {d: tr.map((p, i) => (i ? 'L' : 'M') + x(p.coverage).toFixed(1) + ',' + y(p.density).toFixed(1)).join(''), class: 'trajectory'}));
  let maxR = 0;
  for (const p of tr) maxR = Math.max(maxR, p.restricted);
  tr.forEach((p, i) => {
    const c = RESTRICT_COLOURS[Math.min(p.restricted, RESTRICT_COLOURS.length - 1)];
    const attrs = {cx: x(p.coverage).toFixed(1), cy: y(p.density).toFixed(1), r: i === selected ? 7 : 4.5, fill: c,
      class: 'box-point' + (i === box.chosen ? ' chosen' : '') + (i === selected ? ' selected' : ''),
      'data-point': i, tabindex: 0, role: 'button',
      'aria-label': `point ${i}: coverage ${fmtNum(p.coverage)}, density ${fmtNum(p.density)}, ${p.restricted} restricted`,
      onclick: () => onPick(i),
      onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(i); } }};
    root.append(svg('circle', attrs, svg('title', {}, `point ${i} (${p.step}): coverage ${fmtNum(p.coverage)}, density ${fmtNum(p.density)}, mass ${fmtNum(p.mass)}, ${p.restricted} input${p.restricted === 1 ? '' : 's'} restricted${i === box.chosen ? ' — proposed box' : ''}`)));
  });
  // Legend: colours by restricted count; ring marks the proposed box.
  const lx = W - R + 14;
  root.append(svg('text', {x: lx, y: T + 4, class: 'legend'}, 'restricted inputs'));
  for (let k = 0; k <= Math.min(maxR, RESTRICT_COLOURS.length - 1); k++) {
    root.append(svg('circle', {cx: lx + 5, cy: T + 18 + k * 16, r: 4.5, fill: RESTRICT_COLOURS[k]}));
    root.append(svg('text', {x: lx + 14, y: T + 22 + k * 16, class: 'legend'}, k === RESTRICT_COLOURS.length - 1 ? `${k}+` : String(k)));
  }
  const ly = T + 34 + (Math.min(maxR, RESTRICT_COLOURS.length - 1) + 1) * 16;
  root.append(svg('circle', {cx: lx + 5, cy: ly, r: 6, class: 'legend-chosen'}));
  root.append(svg('text', {x: lx + 14, y: ly + 4, class: 'legend'}, 'proposed box'));
  return root;
}

function fmtP(v) {
  if (v === null || v === undefined) return '–';
  return v < 0.001 ? v.toExponential(1) : v.toPrecision(2);
}

function pCell(v) {
  return el('td', {class: 'num' + (v !== null && v !== undefined && v > 0.05 ? ' weak' : '')}, fmtP(v));
}

/** boxDetails describes one trajectory point: its statistics, each
 * restriction's limits and quasi-p-values, and (for the proposed box) what
 * dropping each restriction does. */
export function boxDetails(box, i, report) {
  const p = box.trajectory[i];
  const out = el('div', {class: 'box-details', 'data-point': i});
  out.append(el('h3', {}, `Point ${i} (${p.step})${i === box.chosen ? ' — proposed box' : ''}`),
    el('p', {class: 'box-stats'}, `coverage ${fmtNum(p.coverage)} · density ${fmtNum(p.density)} · mass ${fmtNum(p.mass)} · `,
      `${p.n.toLocaleString('en')} experiments, ${p.k.toLocaleString('en')} of ${report.cases.toLocaleString('en')} cases of interest`));
  if (!p.limits || p.limits.length === 0) {
    out.append(el('p', {class: 'muted'}, 'This box restricts no input: it is the whole space.'));
    return out;
  }
  const body = el('tbody');
  for (const r of p.limits) {
    if (r.levels) {
      body.append(el('tr', {}, el('td', {class: 'path'}, r.input), el('td', {}, 'in {' + r.levels.join(', ') + '}'), pCell(r.qp), el('td', {class: 'num'}, '')));
    } else {
      const lim = r.lo !== null && r.hi !== null ? `${fmtNum(r.lo)} ≤ ${r.input} ≤ ${fmtNum(r.hi)}` :
        r.lo !== null ? `${r.input} ≥ ${fmtNum(r.lo)}` : r.hi !== null ? `${r.input} ≤ ${fmtNum(r.hi)}` : 'unrestricted';
      body.append(el('tr', {}, el('td', {class: 'path'}, r.input), el('td', {}, lim), pCell(r.qp_lo), pCell(r.qp_hi)));
    }
  }
  out.append(el('table', {class: 'box-limits'},
    el('thead', {}, el('tr', {}, el('th', {}, 'Input'), el('th', {}, 'Limits'), el('th', {}, 'quasi-p (lower / level)'), el('th', {}, 'quasi-p (upper)'))),
    body));
  out.append(el('p', {class: 'note'}, 'Quasi-p: one-sided binomial test of each restriction (Bryant & Lempert 2010); values above 0.05 (shaded) mark restrictions the box may not need.'));
  if (i === box.chosen && (box.drops || []).length) {
    out.append(el('h3', {}, 'Dropping one restriction of the proposed box'),
      el('table', {class: 'box-drops'},
        el('thead', {}, el('tr', {}, ...['Without', 'Coverage', 'Density', 'Mass'].map((h) => el('th', {}, h)))),
        el('tbody', {}, ...box.drops.map((d) => el('tr', {}, el('td', {class: 'path'}, d.input), el('td', {class: 'num'}, fmtNum(d.coverage)),
          el('td', {class: 'num'}, fmtNum(d.density)), el('td', {class: 'num'}, fmtNum(d.mass)))))));
  }
  return out;
}

/**
 * convergenceChart draws each input's ST (solid) and S1 (dashed) estimated
 * from the first N base samples, against N on a log2 axis: estimates that
 * still move at the right end need a larger sample.
 */
export function convergenceChart(res) {
  const pts = res.convergence || [];
  if (pts.length < 2) return null;
  const W = 680, H = 240, L = 50, R = 110, T = 28, B = 34;
  const names = res.indices.map((ix) => ix.input);
  let lo = 0, hi = 0.1;
  for (const p of pts) for (const v of [...p.S1, ...p.ST]) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  hi = niceMax(hi);
  lo = lo < 0 ? -niceMax(-lo) : 0;
  const n0 = Math.log2(pts[0].n), n1 = Math.log2(pts[pts.length - 1].n);
  const x = (n) => L + ((Math.log2(n) - n0) / Math.max(1e-9, n1 - n0)) * (W - L - R);
  const y = (v) => T + (1 - (v - lo) / (hi - lo)) * (H - T - B);
  const title = `Convergence: indices of ${res.outcome || 'the outcome'} from the first N base samples`;
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart convergence', role: 'img', 'aria-label': title});
  root.append(svg('text', {x: 4, y: 16, class: 'chart-title'}, title));
  for (const t of ticks(lo, hi, 4)) {
    root.append(svg('line', {x1: L, x2: W - R, y1: y(t), y2: y(t), class: t === 0 ? 'axis' : 'grid'}));
    root.append(svg('text', {x: L - 4, y: y(t) + 3, 'text-anchor': 'end', class: 'tick'}, String(t)));
  }
  for (const p of pts) root.append(svg('text', {x: x(p.n), y: H - B + 14, 'text-anchor': 'middle', class: 'tick'}, p.n.toLocaleString('en')));
  root.append(svg('text', {x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', class: 'tick'}, 'base samples N (log scale)'));
  const palette = ['#4a6fa5', '#d9822b', '#2f9e6e', '#9b59b6', '#c0392b', '#7f8c8d', '#102a43', '#b7950b'];
  names.forEach((name, j) => {
    const c = palette[j % palette.length];
    for (const [key, cls] of [['ST', 'conv-st'], ['S1', 'conv-s1']]) {
      const d = pts.filter((p) => Number.isFinite(p[key][j])).map((p, i) => (i ? 'L' : 'M') + x(p.n).toFixed(1) + ',' + y(p[key][j]).toFixed(1)).join('');
      root.append(svg('path', {d, stroke: c, class: cls}, svg('title', {}, `${name} ${key}`)));
    }
    if (j < 10) {
      root.append(svg('line', {x1: W - R + 10, x2: W - R + 24, y1: T + 6 + j * 15, y2: T + 6 + j * 15, stroke: c, class: 'conv-st'}));
      root.append(svg('text', {x: W - R + 28, y: T + 10 + j * 15, class: 'legend'}, name));
    }
  });
  const ly = T + 14 + Math.min(names.length, 10) * 15;
  root.append(svg('text', {x: W - R + 10, y: ly, class: 'legend'}, 'solid: ST'));
  root.append(svg('text', {x: W - R + 10, y: ly + 14, class: 'legend'}, 'dashed: S1'));
  return root;
}

/** pairsTable lists the largest second-order indices. */
export function pairsTable(res, top = 10) {
  const pairs = [...(res.pairs || [])].sort((a, b) => b.S2.value - a.S2.value).slice(0, top);
  if (!pairs.length) return null;
  return el('table', {class: 'pairs'},
    el('thead', {}, el('tr', {}, el('th', {}, 'Pair'), el('th', {}, 'S2'), el('th', {}, 'Interval'))),
    el('tbody', {}, ...pairs.map((p) => el('tr', {}, el('td', {}, `${p.a} × ${p.b}`), el('td', {class: 'num'}, fmtNum(p.S2.value)),
      el('td', {class: 'num'}, p.S2.lo === null ? '–' : `[${fmtNum(p.S2.lo)}, ${fmtNum(p.S2.hi)}]`)))));
}

/** csvColumns returns the numeric values of the named columns of a CSV
 * text (NaN where a cell is not a number), one array per name. */
export function csvColumns(text, names) {
  const out = names.map(() => []);
  let idx = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('#') || line.trim() === '') continue;
    const cells = line.includes('"') ? splitCSVLine(line) : line.split(',');
    if (!idx) {
      const head = cells.map((c, k) => (k === 0 ? c.replace(/^\ufeff/, '') : c).trim());
      idx = names.map((n) => head.indexOf(n));
      if (idx.some((j) => j < 0)) return null;
      continue;
    }
    idx.forEach((j, k) => out[k].push(cells[j] === undefined || cells[j].trim() === '' ? NaN : Number(cells[j])));
  }
  return idx ? out : null;
}

/**
 * boxScatter plots the experiments on the two inputs a PRIM box restricts
 * first (a one-input box against the outcome), cases of interest in red,
 * with the box's limits drawn as a rectangle, so that a reader sees how
 * cleanly the box separates the cases. rule: {threshold, below} or
 * {positive: true}. At most 4,000 points are drawn (every k-th row).
 */
export function boxScatter(text, point, outcome, rule) {
  const lims = (point.limits || []).filter((l) => !l.levels);
  if (!lims.length || !rule) return null;
  const xs = lims[0].input, ys = lims.length > 1 ? lims[1].input : outcome;
  const cols = csvColumns(text, [xs, ys, outcome]);
  if (!cols) return null;
  const [X, Y, O] = cols;
  const isCase = (v) => (rule.positive ? v !== 0 : rule.below ? v < rule.threshold : v > rule.threshold);
  const W = 520, H = 360, L = 60, R = 16, T = 30, B = 44;
  const range = (a) => { let lo = Infinity, hi = -Infinity; for (const v of a) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } return hi > lo ? [lo, hi] : [lo - 1, hi + 1]; };
  const [x0, x1] = range(X), [y0, y1] = range(Y);
  const x = (v) => L + ((v - x0) / (x1 - x0)) * (W - L - R);
  const y = (v) => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
  const title = `Experiments on ${xs} and ${ys}: cases of interest in red, the box outlined`;
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart scatter', role: 'img', 'aria-label': title});
  root.append(svg('text', {x: 4, y: 16, class: 'chart-title'}, title));
  for (const t of ticks(x0, x1, 4)) root.append(svg('text', {x: x(t), y: H - B + 14, 'text-anchor': 'middle', class: 'tick'}, fmtNum(t)));
  for (const t of ticks(y0, y1, 4)) {
    root.append(svg('line', {x1: L, x2: W - R, y1: y(t), y2: y(t), class: 'grid'}));
    root.append(svg('text', {x: L - 4, y: y(t) + 3, 'text-anchor': 'end', class: 'tick'}, fmtNum(t)));
  }
  root.append(svg('text', {x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', class: 'tick'}, xs));
  root.append(svg('text', {x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'tick', transform: `rotate(-90 12 ${(T + H - B) / 2})`}, ys));
  const step = Math.max(1, Math.ceil(X.length / 4000));
  const g = svg('g', {class: 'points'});
  for (let i = 0; i < X.length; i += step) {
    if (!Number.isFinite(X[i]) || !Number.isFinite(Y[i])) continue;
    g.append(svg('circle', {cx: x(X[i]).toFixed(1), cy: y(Y[i]).toFixed(1), r: 1.8, class: isCase(O[i]) ? 'pt case' : 'pt'}));
  }
  root.append(g);
  const lim = (l, lo, hi) => [l && l.lo !== null && l.lo !== undefined ? l.lo : lo, l && l.hi !== null && l.hi !== undefined ? l.hi : hi];
  const [bx0, bx1] = lim(lims[0], x0, x1);
  const [by0, by1] = lims.length > 1 ? lim(lims[1], y0, y1) : [y0, y1];
  root.append(svg('rect', {x: x(bx0), y: y(by1), width: Math.max(1, x(bx1) - x(bx0)), height: Math.max(1, y(by0) - y(by1)), class: 'box-outline'},
    svg('title', {}, `box: ${fmtNum(bx0)} ≤ ${xs} ≤ ${fmtNum(bx1)}` + (lims.length > 1 ? `, ${fmtNum(by0)} ≤ ${ys} ≤ ${fmtNum(by1)}` : ''))));
  return root;
}

/** cartTable lists a classification tree's leaves (POST /api/explore/cart)
 * as boxes, densest first: the path of rules from the root, whether cases
 * of interest are the majority, and the leaf's coverage and density. */
export function cartTable(res) {
  const leaves = res.tree.leaves;
  return el('div', {class: 'cart-out'},
    el('h3', {}, `CART tree: ${leaves.length} leaves, depth ${res.tree.depth}, for ${res.rule}`),
    el('div', {class: 'scroll-x'}, el('table', {class: 'cart-leaves'},
      el('thead', {}, el('tr', {}, ...['Leaf: path from the root', 'Cases are', 'Experiments', 'Coverage', 'Density'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...leaves.map((l) => el('tr', {class: l.class ? 'case-leaf' : ''},
        el('td', {class: 'path'}, l.rules.length ? l.rules.join(' and ') : '(all)'),
        el('td', {}, l.class ? 'the majority' : 'a minority'),
        el('td', {class: 'num'}, `${l.n.toLocaleString('en')} (${l.k.toLocaleString('en')} cases)`),
        el('td', {class: 'num'}, fmtNum(l.coverage)), el('td', {class: 'num'}, fmtNum(l.density))))))),
    el('p', {class: 'note'}, 'Classification tree with Gini impurity (Breiman, Friedman, Olshen & Stone 1984), read as scenario-discovery boxes (Lempert et al. 2008); shaded: leaves where cases of interest are the majority.'));
}
