// Compare two runs, or two policies of one run: the probabilities side by
// side with their difference, fan charts of both, and every assumption that
// differs between the two runs (value, distribution, range or whether an
// engine replaced it). The comparison lives in the page's address
// (#compare=RUN:POLICY,RUN:POLICY), so it can be shared.
import {el, fmtPP, fmtNum, sourceNodes} from './dom.js';
import {Results, fanChart, milestones, niceMax, probText, effectText, scrollBox, POLICY_COLOURS} from './charts.js';

/** compareHash is the address fragment of a comparison {a, b}, each
 * {id, policy}. */
export function compareHash(cmp) {
  const side = (s) => `${s.id}:${encodeURIComponent(s.policy)}`;
  return `#compare=${side(cmp.a)},${side(cmp.b)}`;
}

/** parseCompareHash reads a comparison from an address fragment, or null. */
export function parseCompareHash(hash) {
  const m = /compare=([0-9a-f]+):([^,&]+),([0-9a-f]+):([^,&]+)/.exec(hash || '');
  if (!m) return null;
  try {
    return {a: {id: m[1], policy: decodeURIComponent(m[2])}, b: {id: m[3], policy: decodeURIComponent(m[4])}};
  } catch {
    return null;
  }
}

const SETTINGS = [
  ['scenario', (r) => r.scenario], ['draws', (r) => r.draws], ['seed', (r) => r.seed],
  ['start', (r) => r.start], ['horizon', (r) => r.horizon],
  ['decision model', (r) => (r.engines || {}).decision], ['hazards', (r) => (r.engines || {}).hazards],
  ['integration', (r) => ((r.engines || {}).integration || []).join('; ')],
];

function assumptionText(a) {
  if (!a) return 'absent';
  let s = fmtNum(a.value);
  if (a.uncertain) s += `, ${a.dist} (${fmtNum(a.lo)} – ${fmtNum(a.hi)})`;
  if (a.replaced_by) s += ` — not used: ${a.replaced_by}`;
  return s;
}

/** assumptionDiff lists the parameters whose value, distribution, range or
 * replacement differ between two views, with both sides. */
export function assumptionDiff(va, vb) {
  const A = new Map((va.assumptions || []).map((a) => [a.path, a]));
  const B = new Map((vb.assumptions || []).map((a) => [a.path, a]));
  const paths = [...new Set([...A.keys(), ...B.keys()])].sort();
  const out = [];
  for (const p of paths) {
    const a = A.get(p), b = B.get(p);
    if (a && b && a.value === b.value && a.dist === b.dist && a.lo === b.lo && a.hi === b.hi && (a.replaced_by || '') === (b.replaced_by || '')) continue;
    out.push({path: p, a, b, source: (b && b.source) || (a && a.source) || '', reason: (b && b.reason) || (a && a.reason) || ''});
  }
  return out;
}

/**
 * compareView renders the comparison of sides a and b, each {id, policy,
 * view}.
 */
export function compareView({a, b}) {
  const ra = new Results(a.view.results), rb = new Results(b.view.results);
  const label = (s) => `${s.id.slice(0, 8)} · ${s.policy}`;
  const same = a.id === b.id;
  const out = el('div', {class: 'compare-out'});
  const names = {REGION: 'Region'};
  for (const c of a.view.countries || []) names[c.id] = c.name;
  const countries = ra.r.countries.filter((c) => rb.r.countries.includes(c));
  const years = milestones(ra.r.years).filter((y) => rb.r.years.includes(y));
  out.append(el('p', {}, el('strong', {}, 'A: '), `${label(a)} (${a.view.title}) · `, el('strong', {}, 'B: '), `${label(b)} (${b.view.title}). `,
    same ? 'Both from one run: the difference is paired by common random numbers when one side is the baseline.' :
      'Two runs: each probability has its own Monte Carlo error, and the difference B − A is of the means (not paired draw by draw).'));

  // Probabilities and their difference.
  const head = el('tr', {}, el('th', {}, 'Country'), el('th', {}, ''), ...years.map((y) => el('th', {}, `by ${y}`)));
  const body = el('tbody');
  for (const c of countries) {
    const cells = years.map((y) => {
      const ca = ra.cell(a.policy, c, y), cb = rb.cell(b.policy, c, y);
      if (!ca || !cb) return ['–', '–', '–'];
      let diff = fmtPP(cb.p_intervention.mean - ca.p_intervention.mean);
      // One run, one side the baseline: the paired range of the policy's delta.
      if (same && a.policy === ra.r.baseline && cb.delta) diff = effectText(cb.delta);
      else if (same && b.policy === ra.r.baseline && ca.delta) diff = effectText({...ca.delta, mean: -ca.delta.mean, q05: -ca.delta.q95, q95: -ca.delta.q05, p_negative: undefined});
      return [probText(ca.p_intervention), probText(cb.p_intervention), diff];
    });
    ['A', 'B', 'B − A'].forEach((side, k) => {
      body.append(el('tr', {'data-country': c, 'data-side': side, class: k === 2 ? 'diff-row' : ''},
        k === 0 ? el('th', {scope: 'row', rowspan: 3}, names[c] || c) : '', el('td', {class: 'side'}, side),
        ...cells.map((v) => el('td', {class: 'num' + (k === 2 ? ' diff' : '')}, v[k]))));
    });
  }
  out.append(el('h3', {}, 'Probability of at least one intervention: mean (5–95% over draws)'), scrollBox(el('table', {class: 'compare-table'}, el('thead', {}, head), body)));

  // Fan charts of both sides.
  const fans = el('div', {class: 'fans'});
  for (const c of countries) {
    const sa = ra.series(a.policy, c), sb = rb.series(b.policy, c);
    if (ra.r.years.join() !== rb.r.years.join()) break;
    let ymax = 0;
    for (const v of [...sa.q95, ...sb.q95]) ymax = Math.max(ymax, v || 0);
    fans.append(el('figure', {class: 'fan'}, fanChart({title: names[c] || c, years: ra.r.years, ymax: niceMax(ymax),
      series: [{label: 'A ' + label(a), colour: POLICY_COLOURS[0], ...sa}, {label: 'B ' + label(b), colour: POLICY_COLOURS[1], ...sb}]})));
  }
  out.append(el('h3', {}, 'Cumulative probability, 5–95% over draws'), fans);

  // Settings and assumptions that differ.
  const settings = SETTINGS.filter(([, f]) => String(f(ra.r)) !== String(f(rb.r)));
  if (settings.length) {
    out.append(el('h3', {}, 'Run settings that differ'), scrollBox(el('table', {class: 'compare-settings'},
      el('thead', {}, el('tr', {}, el('th', {}, 'Setting'), el('th', {}, 'A'), el('th', {}, 'B'))),
      el('tbody', {}, ...settings.map(([n, f]) => el('tr', {}, el('td', {}, n), el('td', {}, String(f(ra.r))), el('td', {}, String(f(rb.r)))))))));
  }
  const diff = same ? [] : assumptionDiff(a.view, b.view);
  out.append(el('h3', {}, same ? 'Assumptions: one run, the same for both sides' : `Assumptions that differ: ${diff.length}`));
  if (diff.length) {
    out.append(scrollBox(el('table', {class: 'compare-assumptions'},
      el('thead', {}, el('tr', {}, ...['Parameter', 'Value in A', 'Value in B', 'Source'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...diff.map((d) => el('tr', {'data-path': d.path}, el('td', {class: 'path'}, d.path),
        el('td', {}, assumptionText(d.a)), el('td', {}, assumptionText(d.b)),
        el('td', {class: 'source'}, ...sourceNodes(d.source), d.reason ? ` (${d.reason})` : '')))))));
  } else if (!same) {
    out.append(el('p', {class: 'muted'}, 'No parameter differs: the runs differ only in the settings above, or not at all.'));
  }
  return out;
}
