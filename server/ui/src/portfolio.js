// The Portfolios view: the frontier of a scenario's candidate projects
// under its financiers' budgets (GET api/scenarios/{name}/frontier, the
// JSON of `steppe optimize --json`, docs/portfolio.md), as a chart of the
// re-simulated effect against cost with its 5–95% range, a table, and the
// selected portfolio's projects on the map.
import {el, svg, clear, fmtUSD, fmtNum} from './dom.js';
import {ticks, drawMap, niceMax} from './charts.js';

const $ = (id) => document.getElementById(id);

// effectUnit names the objective's unit.
function effectUnit(fr) {
  return fr.objective === 'income' ? 'real income gain, %' : 'risk reduction, percentage points';
}

function signed(v) {
  if (v === null || v === undefined) return '–';
  return (v >= 0 ? '+' : '') + v.toFixed(3);
}

function pNegText(p) {
  if (p === null || p === undefined) return 'n/a';
  if (p > 0.99) return '>0.99';
  if (p < 0.01 && p > 0) return '<0.01';
  return p.toFixed(2);
}

function rangeText(e) {
  return e.q05 === null || e.q95 === null ? 'n/a' : `${signed(e.q05)} to ${signed(e.q95)}`;
}

function fundedText(pt) {
  return (pt.funded || []).length ? pt.funded.map((f) => `${f.candidate} (${f.plan})`).join(', ') : 'nothing beyond the base policy';
}

function flagText(pt) {
  return (pt.flag ? 'FLAG' : '') + (pt.marginal ? (pt.flag ? ' ' : '') + '~' : '');
}

/** pointTitle is a frontier portfolio in words, for the chart's hover. */
export function pointTitle(fr, k) {
  const pt = fr.frontier[k];
  return `#${k + 1}: ${fmtUSD(pt.cost_usd)}; ${effectUnit(fr)} ${signed(pt.effect.mean)} (5–95%: ${rangeText(pt.effect)}); ` +
    `P(effect < 0) ${pNegText(pt.effect.p_neg)}; surrogate ${signed(pt.predicted)}, error ${signed(pt.error)} (stated ±${fmtNum(pt.stated_error)})` +
    `${pt.flag ? ', FLAG: outside the stated error' : ''}${pt.marginal ? ', ~: gain within the stated error' : ''}; funds ${fundedText(pt)}`;
}

/** frontierChart draws the effect of each frontier portfolio against its
 * cost, with its 5–95% range over draws; clicking a point picks it. */
export function frontierChart(fr, selected, onPick) {
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
  const x = (v) => L + (v / 1e9 / xmax) * (W - L - R);
  const y = (v) => T + (1 - (v - ylo) / (yhi - ylo)) * (H - T - B);
  const title = `Frontier: ${effectUnit(fr)} by ${fr.year} (${fr.target}) against cost`;
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart frontier', role: 'group', 'aria-label': title});
  root.append(svg('text', {x: 4, y: 16, class: 'chart-title'}, title));
  for (const t of ticks(0, xmax, 5)) {
    root.append(svg('line', {x1: x(t * 1e9), x2: x(t * 1e9), y1: T, y2: H - B, class: 'grid'}));
    root.append(svg('text', {x: x(t * 1e9), y: H - B + 14, 'text-anchor': 'middle', class: 'tick'}, String(t)));
  }
  for (const t of yt) {
    root.append(svg('line', {x1: L, x2: W - R, y1: y(t), y2: y(t), class: t === 0 ? 'axis' : 'grid'}));
    root.append(svg('text', {x: L - 4, y: y(t) + 3, 'text-anchor': 'end', class: 'tick'}, String(t)));
  }
  root.append(svg('text', {x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', class: 'tick'}, 'total cost, USD billion'));
  root.append(svg('text', {x: 12, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'tick', transform: `rotate(-90 12 ${(T + H - B) / 2})`},
    fr.objective === 'income' ? 'income gain, % (5–95%)' : 'risk reduction, pp (5–95%)'));
  root.append(svg('path', {d: pts.map((p, i) => (i ? 'L' : 'M') + x(p.cost_usd).toFixed(1) + ',' + y(p.effect.mean).toFixed(1)).join(''), class: 'trajectory'}));
  pts.forEach((p, k) => {
    const cx = x(p.cost_usd).toFixed(1);
    const g = svg('g', {class: 'frontier-point' + (k === selected ? ' selected' : '') + (p.flag ? ' flag' : ''), 'data-point': k,
      tabindex: 0, role: 'button', 'aria-label': pointTitle(fr, k),
      onclick: () => onPick(k), onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onPick(k); } }},
    svg('title', {}, pointTitle(fr, k)));
    if (p.effect.q05 !== null && p.effect.q95 !== null) {
      g.append(svg('line', {x1: cx, x2: cx, y1: y(p.effect.q05).toFixed(1), y2: y(p.effect.q95).toFixed(1), class: 'whisker-ci'}));
    }
    g.append(svg('circle', {cx, cy: y(p.effect.mean).toFixed(1), r: k === selected ? 7 : 4.5, class: 'box-point'}));
    root.append(g);
  });
  return root;
}

/** frontierTable lists the frontier; clicking a row picks it. */
export function frontierTable(fr, selected, onPick) {
  const unit = fr.objective === 'income' ? 'income gain %' : 'risk cut pp';
  const other = fr.objective === 'income' ? 'risk cut pp' : 'income gain %';
  const body = fr.frontier.map((p, k) => el('tr', {class: k === selected ? 'selected' : '', 'data-point': k, onclick: () => onPick(k)},
    el('td', {}, el('button', {type: 'button', class: 'small', 'aria-pressed': k === selected ? 'true' : 'false'}, `#${k + 1}`)),
    el('td', {class: 'num'}, fmtUSD(p.cost_usd) === '–' ? '$0' : fmtUSD(p.cost_usd)),
    el('td', {class: 'num'}, signed(p.effect.mean)),
    el('td', {class: 'num'}, rangeText(p.effect)),
    el('td', {class: 'num'}, pNegText(p.effect.p_neg)),
    el('td', {class: 'num'}, signed(p.predicted)),
    el('td', {class: 'num'}, `${signed(p.error)} (±${fmtNum(p.stated_error)})`),
    el('td', {}, flagText(p)),
    el('td', {class: 'num'}, signed(p.other)),
    el('td', {}, fundedText(p)),
    el('td', {}, Object.keys(p.spend_usd || {}).sort().map((f) => `${f} ${fmtUSD(p.spend_usd[f])}`).join(', ') || 'none')));
  return el('div', {class: 'scroll-x'}, el('table', {class: 'frontier-table'},
    el('thead', {}, el('tr', {}, ['', 'Cost', unit, '5–95%', 'P(effect < 0)', 'Surrogate', 'Error (stated)', 'Flag', other, 'Projects (plan)', 'By financier'].map((h) => el('th', {}, h)))),
    el('tbody', {}, body)));
}

/** portfolioMap draws the map with the selected portfolio's projects:
 * the network lines each funded candidate adds (a candidate whose id names
 * a project of data/network/projects.json), and the schematic links of the
 * map's infrastructure for the others that have one. */
export function portfolioMap(fr, k, layers, pxWidth) {
  const pt = fr.frontier[k];
  const ids = new Set((pt.funded || []).map((f) => f.candidate));
  const net = layers.network;
  const highlight = new Set();
  const drawn = new Set();
  for (const id of ids) {
    for (const line of (net && net.projects[id]) || []) { highlight.add(line); drawn.add(id); }
  }
  const infrastructure = ((layers.map && layers.map.infrastructure) || []).filter((l) => !l.project || ids.has(l.project));
  for (const l of infrastructure) if (l.project) drawn.add(l.project);
  const map = drawMap({boundaries: layers.map.boundaries, bases: layers.map.bases, infrastructure, focus: layers.map.focus,
    network: net, highlight, pxWidth, label: `Projects of frontier portfolio #${k + 1}`});
  const off = [...ids].filter((id) => !drawn.has(id)).sort();
  return [map, el('p', {class: 'note'}, `Portfolio #${k + 1} (${fmtUSD(pt.cost_usd) === '–' ? '$0' : fmtUSD(pt.cost_usd)}): thick green, its projects' lines. ` +
    (off.length ? `Not on the map (no line in the bundled network): ${off.join(', ')}.` : ''))];
}

/** initPortfolios wires the view: api(path) is the dashboard's fetch
 * helper and layers() returns {map, network}. */
export function initPortfolios(api, layers) {
  const st = {fr: null, k: 0, seq: 0};
  const render = () => {
    const fr = st.fr;
    for (const id of ['pf-chart', 'pf-table', 'pf-map']) clear($(id));
    if (!fr || !fr.frontier.length) return;
    const pick = (k) => { st.k = k; render(); };
    $('pf-chart').append(frontierChart(fr, st.k, pick));
    $('pf-table').append(frontierTable(fr, st.k, pick));
    const l = layers();
    if (l.map) $('pf-map').append(...portfolioMap(fr, st.k, l, $('pf-map').clientWidth));
  };
  const say = (msg, kind = '') => { $('pf-status').textContent = msg; $('pf-status').className = kind; };
  const compute = async () => {
    const seq = ++st.seq;
    const q = new URLSearchParams({objective: $('pf-objective').value, draws: $('pf-draws').value, resim_draws: $('pf-resim').value});
    const path = `api/scenarios/${encodeURIComponent($('pf-scenario').value)}/frontier?${q}`;
    $('pf-go').disabled = true;
    try {
      for (;;) {
        const r = await api(path);
        if (seq !== st.seq) return;
        if (r.status === 202) {
          const p = r.body;
          say(`Computing the frontier: ${p.stage === 'frontier' ? 're-simulating the frontier' : 'simulating the design'}, ${p.done} of ${p.total || '…'} draws`);
          await new Promise((ok) => setTimeout(ok, 1000 * (+r.headers.get('Retry-After') || 1)));
          continue;
        }
        if (!r.ok) {
          say(`Frontier: ${r.body.error || r.status}`, 'error');
          return;
        }
        st.fr = r.body;
        st.k = Math.min(st.k, r.body.frontier.length - 1);
        const flagged = r.body.frontier.filter((p) => p.flag).length;
        say(`Scenario ${r.body.scenario}: ${r.body.frontier.length} frontier portfolios from ${r.body.design_points} design portfolios × ${r.body.draws} draws, ` +
          `re-simulated with ${r.body.resim_draws} draws; surrogate leave-one-out RMSE ${fmtNum(r.body.loo_rmse)}; ${flagged} flagged.`);
        render();
        return;
      }
    } finally {
      if (seq === st.seq) $('pf-go').disabled = false;
    }
  };
  $('pf-go').addEventListener('click', () => compute().catch((e) => say('Frontier: ' + e.message, 'error')));
  api('api/scenarios').then((r) => {
    if (!r.ok) return;
    const sel = clear($('pf-scenario'));
    for (const s of r.body) sel.append(el('option', {value: s.name}, s.name));
  });
  return {render};
}
