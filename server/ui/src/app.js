// The steppe dashboard: runs, map, fan charts, policy deltas, assumptions
// and a scenario editor that validates as you type. Everything comes from
// this server's API; nothing is fetched from elsewhere.
import {el, clear, fmtPct, fmtPP} from './dom.js';
import {csvHeader, columnMedian, sobolChart, convergenceChart, pairsTable, tradeoffChart, boxDetails, boxScatter, cartTable} from './explore.js';
import {Results, drawMap, fanChart, deltaChart, deltaFanChart, assumptionsTable, summaryTable, milestones, niceMax, POLICY_COLOURS,
  headline, engineTables, networkTables, maxDeltaSE, fmtSE, probText} from './charts.js';
import {compareView, parseCompareHash, compareHash} from './compare.js';
import {initPortfolios} from './portfolio.js';

const $ = (id) => document.getElementById(id);

const state = {
  map: null, // {boundaries, bases, infrastructure}
  network: null, // {lines, projects, attribution} from /api/network
  run: null, // the selected run
  view: null,
  res: null,
  events: null,
  scenario: null, // {name, source} loaded in the editor
  validateSeq: 0,
  runs: [], // the runs listed
};

function status(msg, kind = '') {
  const s = $('status');
  s.textContent = msg;
  s.className = kind;
}

async function api(path, opts = {}) {
  const init = {method: opts.method || 'GET', headers: {}};
  if (opts.body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  const resp = await fetch(path, init);
  const ct = resp.headers.get('Content-Type') || '';
  const body = ct.startsWith('application/json') ? await resp.json() : await resp.text();
  return {ok: resp.ok, status: resp.status, headers: resp.headers, body};
}

// ---------- runs ----------

async function refreshRuns(selectID) {
  const r = await api('api/runs?limit=50');
  if (!r.ok) return status('Could not list runs: ' + (r.body.error || r.status), 'error');
  const sel = clear($('run-select'));
  const tbody = clear($('runs').tBodies[0]);
  state.runs = r.body;
  fillCompareChoices();
  if (r.body.length === 0) sel.append(el('option', {value: ''}, '(no run yet)'));
  for (const run of r.body) {
    const label = `${run.name || run.scenario} · ${run.status} · ${new Date(run.created).toLocaleString()}`;
    sel.append(el('option', {value: run.id}, label));
    const del = run.status === 'queued' || run.status === 'running' ? '' :
      el('button', {type: 'button', class: 'small', onclick: () => deleteRun(run.id)}, 'Delete');
    tbody.append(el('tr', {'data-id': run.id},
      el('td', {}, el('a', {href: '#run=' + run.id, title: run.id}, run.id.slice(0, 8))),
      el('td', {}, run.name), el('td', {}, run.scenario), el('td', {class: 'num'}, String(run.draws)),
      el('td', {class: 'st-' + run.status}, run.status + (run.error ? ': ' + run.error : '')),
      el('td', {}, new Date(run.created).toLocaleString()),
      el('td', {}, del, ' ', run.status === 'done' ? [el('a', {href: `api/runs/${run.id}/results.csv`}, 'CSV'), ' ',
        el('a', {href: `api/runs/${run.id}/report`, download: `steppe-report-${run.id.slice(0, 8)}.html`}, 'Report')] : '')));
  }
  const id = selectID || (state.run && state.run.id) || (r.body.find((x) => x.status === 'done') || r.body[0] || {}).id;
  if (id) sel.value = id;
  return r.body;
}

async function deleteRun(id) {
  const r = await api(`api/runs/${id}`, {method: 'DELETE'});
  if (!r.ok) return status(r.body.error || 'delete failed', 'error');
  if (state.run && state.run.id === id) { state.run = null; location.hash = ''; }
  await refreshRuns();
}

async function selectRun(id) {
  if (state.events) { state.events.close(); state.events = null; }
  if (!id) return;
  const r = await api(`api/runs/${id}`);
  if (!r.ok) return status(r.body.error || 'unknown run', 'error');
  state.run = r.body;
  $('run-select').value = id;
  showRunInfo();
  // A run may have finished between the listing and now: list it afresh.
  const listed = state.runs.find((x) => x.id === id);
  if (listed && listed.status !== r.body.status) await refreshRuns(id);
  if (r.body.status === 'done') return loadView(id);
  // Do not leave another run's figures under this run's name.
  state.view = null;
  state.res = null;
  $('year').disabled = true;
  $('policy').disabled = true;
  renderAll();
  if (r.body.status === 'queued' || r.body.status === 'running') return follow(id);
  status(`Run ${id.slice(0, 8)} ${r.body.status}${r.body.error ? ': ' + r.body.error : ''}`, 'error');
}

function showRunInfo() {
  const run = state.run;
  const box = clear($('run-info'));
  if (!run) return;
  box.append(el('p', {},
    el('strong', {}, run.name || run.scenario), ` — scenario ${run.scenario}, policies ${run.policies.join(', ')}, `,
    `${run.draws.toLocaleString('en')} draws, seed ${run.seed}, steppe ${run.version}, status `,
    el('span', {class: 'st-' + run.status, id: 'run-status'}, run.status),
    `, run ${run.id.slice(0, 8)}`,
    run.status === 'done' ? [' · ', el('a', {href: `api/runs/${run.id}/results`}, 'results JSON'), ' · ',
      el('a', {href: `api/runs/${run.id}/results.csv`}, 'CSV'), ' · ', el('a', {href: `api/runs/${run.id}/scenario`}, 'scenario'), ' · ',
      el('a', {href: `api/runs/${run.id}/report`, id: 'make-report', class: 'button', download: `steppe-report-${run.id.slice(0, 8)}.html`}, 'Make report')] : ''));
}

// follow streams a run's progress (Server-Sent Events) until it ends.
function follow(id) {
  $('progress').hidden = false;
  $('progress-bar').value = 0;
  $('progress-text').textContent = 'queued';
  const es = new EventSource(`api/runs/${id}/events`);
  state.events = es;
  es.addEventListener('progress', (e) => {
    const p = JSON.parse(e.data);
    const frac = p.total > 0 ? p.done / p.total : 0;
    $('progress-bar').value = frac;
    $('progress-text').textContent = p.status === 'queued' ? 'queued' :
      `${p.stage || p.status}: ${p.done.toLocaleString('en')} of ${p.total.toLocaleString('en')} draws (${fmtPct(frac, 0)})`;
  });
  es.addEventListener('end', async (e) => {
    es.close();
    state.events = null;
    $('progress').hidden = true;
    state.run = JSON.parse(e.data);
    showRunInfo();
    await refreshRuns(id);
    if (state.run.status === 'done') {
      status(`Run ${id.slice(0, 8)} finished.`);
      await loadView(id);
    } else {
      status(`Run ${id.slice(0, 8)} ${state.run.status}${state.run.error ? ': ' + state.run.error : ''}`, 'error');
    }
  });
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      state.events = null;
      setTimeout(() => selectRun(id), 1000);
    }
  };
}

$('cancel').addEventListener('click', async () => {
  if (!state.run) return;
  const r = await api(`api/runs/${state.run.id}/cancel`, {method: 'POST', body: {}});
  if (!r.ok) status(r.body.error || 'cancel failed', 'error');
});

// ---------- results ----------

async function loadView(id) {
  const r = await api(`api/runs/${id}/view`);
  if (!r.ok) return status('Could not load results: ' + (r.body.error || r.status), 'error');
  state.view = r.body;
  state.res = new Results(r.body.results);
  const res = r.body.results;
  const years = res.years;
  const yr = $('year');
  yr.min = years[0];
  yr.max = years[years.length - 1];
  if (!(+yr.value >= years[0] && +yr.value <= years[years.length - 1]) || yr.disabled) yr.value = years.includes(2030) ? 2030 : years[years.length - 1];
  yr.disabled = false;
  const pol = clear($('policy'));
  for (const p of res.policies) pol.append(el('option', {value: p}, policyName(p)));
  pol.value = res.baseline;
  pol.disabled = false;
  renderAll();
}

function policyName(id) {
  const p = state.view && (state.view.policies || []).find((x) => x.id === id);
  return p && p.name ? `${p.name} (${id})` : id;
}

function countryNames() {
  const names = {REGION: 'Region (any of the five)'};
  for (const c of (state.view && state.view.countries) || []) names[c.id] = c.name;
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
  const box = clear($('headline'));
  $('headline-panel').hidden = !state.view;
  if (!state.view) return;
  box.append(headline(state.res, countryNames(), policyName));
}

function renderEngines() {
  const box = clear($('engines'));
  if (!state.view) return;
  const e = state.res.r.engines || {};
  const replaced = (state.view.assumptions || []).filter((a) => a.replaced_by);
  box.append(el('ul', {class: 'engines'},
    el('li', {}, el('strong', {}, 'Decision: '), e.decision || '–'),
    el('li', {}, el('strong', {}, 'Trigger hazards: '), e.hazards || '–'),
    ...(e.integration || []).map((x) => el('li', {}, el('strong', {}, 'Integration: '), x))));
  if (replaced.length) {
    box.append(el('p', {class: 'note', id: 'replaced-note'}, `${replaced.length} stated parameter${replaced.length === 1 ? ' was' : 's were'} not used by this run because an engine replaced ${replaced.length === 1 ? 'it' : 'them'}; the assumptions table marks each “not used” and names the engine.`));
  }
  box.append(...engineTables(state.res, countryNames()));
  const net = el('div', {id: 'network-changes'});
  box.append(net);
  renderNetworkChanges(net, state.view).catch((err) => net.append(el('p', {class: 'error-text'}, 'Network: ' + err.message)));
}

// renderNetworkChanges shows, for each policy of the view, what its
// projects change in the bundled network: Russian-transit dependence and
// corridor times before and after (GET api/network/compare).
async function renderNetworkChanges(box, view) {
  if (!state.network) return;
  for (const p of view.policies || []) {
    if (!(p.projects || []).length) continue;
    const r = await api(`api/network/compare?policy=${encodeURIComponent(p.id)}&projects=${encodeURIComponent(p.projects.join(','))}`);
    if (state.view !== view) return; // another run was selected meanwhile
    if (!r.ok) throw new Error(r.body.error || String(r.status));
    box.append(networkTables(p, r.body));
  }
}

function renderMap() {
  const box = clear($('map'));
  if (!state.map) return;
  const view = state.view;
  const year = +$('year').value;
  $('year-label').textContent = view ? String(year) : '—';
  $('year-out').textContent = view ? String(year) : '—';
  const opts = {boundaries: state.map.boundaries, bases: state.map.bases, infrastructure: state.map.infrastructure,
    focus: state.map.focus, label: 'P(intervention)', network: state.network, highlight: new Set(), pxWidth: box.clientWidth};
  if (view) {
    const res = state.res;
    const policy = $('policy').value;
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
        opts.titles[c] = `${names[c] || c}: ${probText(cell.p_intervention)} by ${year}, ${policy}` +
          (cell.delta ? `; ${fmtPP(cell.delta.mean)} against the baseline` : '') + ' (mean, 5–95% over parameter draws)';
      }
    }
    opts.vmax = niceMax(vmax);
    opts.label = `P(intervention by ${year}), ${policy}`;
  }
  box.append(drawMap(opts));
}

function renderFans() {
  const box = clear($('fans'));
  if (!state.view) return;
  const res = state.res;
  const names = countryNames();
  const policy = $('policy').value;
  // With the baseline selected (as the map opens), every policy is drawn
  // against it; otherwise the selected one.
  const shown = policy === res.r.baseline ? res.r.policies : [res.r.baseline, policy];
  for (const c of res.r.countries) {
    let ymax = 0;
    for (const p of shown) for (const v of res.series(p, c).q95) ymax = Math.max(ymax, v || 0);
    ymax = niceMax(ymax);
    const series = shown.map((p) => {
      const s = res.series(p, c);
      return {label: p, colour: POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length], ...s};
    });
    box.append(el('figure', {class: 'fan', 'data-country': c}, fanChart({title: names[c] || c, years: res.r.years, series, ymax})));
  }
}

function renderDeltas() {
  const box = clear($('deltas'));
  const fans = clear($('delta-fans'));
  const sum = clear($('summary'));
  if (!state.view) return;
  const res = state.res;
  const names = countryNames();
  const year = +$('year').value;
  const others = res.r.policies.filter((p) => p !== res.r.baseline);
  if (others.length === 0) box.append(el('p', {class: 'muted'}, 'This run has only the baseline: no policy to compare.'));
  const colourOf = (p) => POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length];
  for (const p of others) {
    const rows = res.r.countries.map((c) => {
      const cell = res.cell(p, c, year);
      return {label: names[c] ? (c === 'REGION' ? 'Region' : c) : c, delta: cell && cell.delta ? cell.delta : null};
    });
    box.append(el('figure', {class: 'delta-fig'}, deltaChart({title: `${policyName(p)} − ${res.r.baseline}, by ${year}`, rows, colour: colourOf(p)})));
  }
  if (others.length) {
    for (const c of res.r.countries) {
      const series = others.map((p) => ({label: p, colour: colourOf(p), ...res.series(p, c)}));
      fans.append(el('figure', {class: 'fan delta-fan', 'data-country': c}, deltaFanChart({title: `${names[c] || c}: effect over time`, years: res.r.years, series})));
    }
    box.append(el('p', {class: 'note mc-note'}, `Whiskers and bands: 5–95% over parameter draws of the paired difference (policy − baseline in the same draw); P(<0): share of draws in which the policy lowers the probability. The Monte Carlo standard error of each mean effect is at most ${fmtSE(maxDeltaSE(res))}.`));
  }
  sum.append(el('h3', {}, 'Mean probability (5–95% over draws) and, for each policy, its effect (5–95%) and P(effect < 0)'),
    summaryTable(res, res.r.countries, milestones(res.r.years), names));
  if ((res.r.warnings || []).length) sum.append(el('ul', {class: 'warnings'}, ...res.r.warnings.map((w) => el('li', {}, w))));
}

function renderAssumptions() {
  const box = clear($('assumptions'));
  if (!state.view) return;
  const t = assumptionsTable(state.view.assumptions, $('assumption-filter').value);
  box.append(el('p', {class: 'muted'}, `${t.dataset.rows} of ${(state.view.assumptions || []).length} parameters. Ranges are the distribution's support or its 0.5–99.5% quantiles.`), t);
}

$('year').addEventListener('input', () => { renderMap(); renderDeltas(); });
window.addEventListener('resize', () => { clearTimeout(state.resizeTimer); state.resizeTimer = setTimeout(renderMap, 150); });
$('policy').addEventListener('change', () => { renderMap(); renderFans(); renderDeltas(); });
$('assumption-filter').addEventListener('input', renderAssumptions);
$('run-select').addEventListener('change', (e) => { location.hash = e.target.value ? 'run=' + e.target.value : ''; });
window.addEventListener('hashchange', () => {
  const cmp = parseCompareHash(location.hash);
  if (cmp) return runCompare(cmp);
  selectRun(runFromHash());
});

// ---------- compare ----------

function fillCompareChoices() {
  const opts = [];
  for (const run of state.runs.filter((x) => x.status === 'done')) {
    for (const p of run.policies || []) opts.push([`${run.id}:${p}`, `${run.id.slice(0, 8)} ${run.name || run.scenario} · ${p}`]);
  }
  for (const id of ['cmp-a', 'cmp-b']) {
    const sel = $(id);
    const prev = sel.value;
    clear(sel);
    for (const [v, label] of opts) sel.append(el('option', {value: v}, label));
    if (opts.some(([v]) => v === prev)) sel.value = prev;
  }
  if (!$('cmp-b').dataset.chosen && opts.length > 1) $('cmp-b').value = opts[1][0];
  $('cmp-go').disabled = opts.length === 0;
}

$('cmp-b').addEventListener('change', () => { $('cmp-b').dataset.chosen = '1'; });
$('cmp-go').addEventListener('click', () => {
  const cmp = {a: splitChoice($('cmp-a').value), b: splitChoice($('cmp-b').value)};
  location.hash = compareHash(cmp);
});

function splitChoice(v) {
  const i = v.indexOf(':');
  return {id: v.slice(0, i), policy: v.slice(i + 1)};
}

const viewCache = new Map();
async function fetchView(id) {
  if (!viewCache.has(id)) {
    const r = await api(`api/runs/${id}/view`);
    if (!r.ok) throw new Error(`run ${id.slice(0, 8)}: ${r.body.error || r.status}`);
    viewCache.set(id, r.body);
  }
  return viewCache.get(id);
}

async function runCompare(cmp) {
  const out = clear($('compare'));
  out.append(el('p', {class: 'muted'}, 'Comparing…'));
  try {
    const [va, vb] = await Promise.all([fetchView(cmp.a.id), fetchView(cmp.b.id)]);
    $('cmp-a').value = `${cmp.a.id}:${cmp.a.policy}`;
    $('cmp-b').value = `${cmp.b.id}:${cmp.b.policy}`;
    const link = $('cmp-link');
    link.href = compareHash(cmp);
    link.hidden = false;
    clear(out).append(compareView({a: {...cmp.a, view: va}, b: {...cmp.b, view: vb}}));
    $('compare-panel').scrollIntoView();
    status(`Comparing ${cmp.a.id.slice(0, 8)} · ${cmp.a.policy} with ${cmp.b.id.slice(0, 8)} · ${cmp.b.policy}.`);
  } catch (err) {
    clear(out).append(el('p', {class: 'error-text'}, 'Cannot compare: ' + err.message));
  }
}

function runFromHash() {
  const m = /run=([0-9a-f]+)/.exec(location.hash);
  return m ? m[1] : '';
}

// ---------- scenario editor ----------

let validateTimer = null;

async function loadScenarios(select) {
  const r = await api('api/scenarios');
  if (!r.ok) return;
  const sel = clear($('scenario-select'));
  for (const s of r.body) sel.append(el('option', {value: s.name}, `${s.name} (${s.kind})`));
  const name = select || (r.body.length ? r.body[0].name : '');
  if (name) {
    sel.value = name;
    await loadScenario(name);
  }
}

$('save').addEventListener('click', async () => {
  const name = $('save-name').value.trim();
  const r = await api('api/scenarios', {method: 'POST', body: {name, source: $('editor').value}});
  if (!r.ok) {
    status(r.body.error || `could not save (${r.status})`, 'error');
    if (r.body.problems) {
      const list = clear($('problems'));
      for (const p of r.body.problems) list.append(el('li', {class: 'problem'}, `${p.file}:${p.line}:${p.column}: ${p.field ? p.field + ': ' : ''}${p.message}`));
    }
    return;
  }
  await loadScenarios(name);
  status(`Saved scenario ${name}; other scenarios can now use "extends: ${name}".`);
});

async function loadScenario(name) {
  const r = await api(`api/scenarios/${encodeURIComponent(name)}`);
  if (!r.ok) return status(`Could not load scenario ${name}`, 'error');
  state.scenario = {name, source: r.body};
  $('editor').value = r.body;
  updateGutter([]);
  validateNow();
}

$('scenario-select').addEventListener('change', (e) => loadScenario(e.target.value));

// quickScenario writes the form's choices as a scenario that extends the
// chosen one: each changed figure is a stated assumption with the reason
// given (yamlString quotes it).
function quickScenario() {
  const base = $('scenario-select').value || 'central-asia';
  const reason = yamlString($('q-reason').value.trim() || 'What-if stated in the dashboard');
  const lines = [`extends: ${base}`, `title: ${yamlString(`${base}, with the dashboard's what-if assumptions`)}`];
  if ($('q-war').checked) {
    lines.push('shocks:', '  russia_commitments:', '    ukraine:',
      `      end_year: {value: ${Math.round(+$('q-war-year').value)}, assumption: true, reason: ${reason}}`);
  }
  const req = $('q-req').checked, integ = $('q-int').checked;
  if (req || integ) lines.push('decision:');
  if (integ) {
    lines.push('  model: v1', '  priors:', '    coef:',
      `      non_russian_ties: {mean: ${+$('q-int-mean').value}, sd: ${+$('q-int-sd').value}, assumption: true, reason: ${reason}}`);
  } else if (req) {
    lines.push('  priors:', '    v2:',
      `      request.country[${$('q-req-country').value}]: {mean: ${+$('q-req-mean').value}, sd: ${+$('q-req-sd').value}, assumption: true, reason: ${reason}}`);
  }
  return lines.join('\n') + '\n';
}

function yamlString(s) {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\u0000-\u001f]/g, ' ') + '"';
}

$('q-int').addEventListener('change', () => { if ($('q-int').checked) $('q-req').checked = false; });
$('q-req').addEventListener('change', () => { if ($('q-req').checked) $('q-int').checked = false; });
$('quick-form').addEventListener('submit', (e) => {
  e.preventDefault();
  $('editor').value = quickScenario();
  if ($('q-draws').value) $('draws').value = $('q-draws').value;
  if ($('q-seed').value) $('seed').value = $('q-seed').value;
  state.scenario = null;
  $('editor').dispatchEvent(new Event('input'));
  status('Wrote a scenario that extends ' + ($('scenario-select').value || 'central-asia') + ' into the editor; check it, save it or start a run.');
});

function editorFile() {
  return (state.scenario ? state.scenario.name : 'scenario') + '.yaml';
}

function updateGutter(problems) {
  const lines = $('editor').value.split('\n').length;
  const bad = new Set(problems.map((p) => p.line));
  const g = clear($('gutter'));
  for (let i = 1; i <= lines; i++) g.append(el('span', {class: bad.has(i) ? 'err' : ''}, String(i)), '\n');
  g.scrollTop = $('editor').scrollTop;
}

$('editor').addEventListener('input', () => {
  updateGutter([]);
  clearTimeout(validateTimer);
  validateTimer = setTimeout(validateNow, 250);
});
$('editor').addEventListener('scroll', () => { $('gutter').scrollTop = $('editor').scrollTop; });

async function validateNow() {
  const seq = ++state.validateSeq;
  const source = $('editor').value;
  const r = await api('api/validate', {method: 'POST', body: {file: editorFile(), source}});
  if (seq !== state.validateSeq) return; // a newer edit is being validated
  const list = clear($('problems'));
  const v = $('validity');
  if (!r.ok) {
    v.textContent = r.body.error || `validation failed (${r.status})`;
    v.className = 'validity bad';
    return;
  }
  const problems = r.body.problems || [];
  updateGutter(problems);
  for (const p of problems) {
    const text = `${p.file}:${p.line}:${p.column}: ${p.field ? p.field + ': ' : ''}${p.message}`;
    list.append(el('li', {class: 'problem', 'data-line': p.line, onclick: () => gotoLine(p.line, p.column)}, text));
  }
  v.textContent = r.body.valid ? 'valid' : `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  v.className = 'validity ' + (r.body.valid ? 'ok' : 'bad');
  $('start').disabled = !r.body.valid;
  if (r.body.valid) {
    const box = $('policies');
    const checked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
    const fresh = box.querySelectorAll('input').length === 0;
    clear(box).append(el('legend', {}, 'Policies'));
    for (const p of r.body.policies) {
      box.append(el('label', {}, el('input', {type: 'checkbox', value: p, checked: fresh || checked.has(p) || p === r.body.policies[0]}), ' ' + p));
    }
    if (!$('draws').value) $('draws').value = Math.min(r.body.draws || 1000, 2000);
    if (!$('seed').value) $('seed').value = r.body.seed;
  }
}

function gotoLine(line, col) {
  const ta = $('editor');
  const lines = ta.value.split('\n');
  let pos = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
  ta.focus();
  ta.setSelectionRange(pos + Math.max(0, col - 1), pos + (lines[line - 1] || '').length);
}

$('run-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const source = $('editor').value;
  const body = {
    name: $('run-name').value,
    policies: [...$('policies').querySelectorAll('input:checked')].map((i) => i.value),
    draws: +$('draws').value || 0,
  };
  if ($('seed').value) body.seed = $('seed').value;
  if (state.scenario && source === state.scenario.source) body.scenario = state.scenario.name;
  else { body.source = source; body.file = editorFile(); }
  const r = await api('api/runs', {method: 'POST', body});
  if (r.status === 429) return status(`The run queue is full; try again in ${r.headers.get('Retry-After')} s.`, 'error');
  if (!r.ok) {
    status(r.body.error || `could not start the run (${r.status})`, 'error');
    if (r.body.problems) {
      const list = clear($('problems'));
      for (const p of r.body.problems) list.append(el('li', {class: 'problem'}, `${p.file}:${p.line}:${p.column}: ${p.field ? p.field + ': ' : ''}${p.message}`));
    }
    return;
  }
  status(`Run ${r.body.id.slice(0, 8)} started.`);
  state.run = r.body;
  await refreshRuns(r.body.id);
  location.hash = 'run=' + r.body.id;
});

// ---------- explore ----------

const ex = {header: {names: [], factors: [], groups: []}, prim: null, box: 0, point: 0, timer: null};

function exParse() {
  const text = $('ex-csv').value;
  const before = ex.header;
  ex.header = csvHeader(text);
  // Another table (other columns, factors or groups): its own declarations
  // choose the inputs again.
  const sig = (h) => JSON.stringify([h.names, h.factors, h.groups]);
  if (sig(before) !== sig(ex.header)) delete $('ex-inputs').dataset.edited;
  const {names, factors, groups} = ex.header;
  const sel = $('ex-outcome');
  const prev = sel.value;
  clear(sel);
  const inputs = factors.filter((f) => names.includes(f));
  const candidates = names.filter((n) => !inputs.includes(n) && n !== 'experiment');
  for (const n of candidates) sel.append(el('option', {value: n}, n));
  if (candidates.includes(prev)) sel.value = prev;
  else if (candidates.length) sel.value = candidates[candidates.length - 1];
  sel.disabled = candidates.length === 0;
  if (!$('ex-inputs').dataset.edited) $('ex-inputs').value = inputs.join(',');
  $('ex-columns-sum').textContent = names.length ? `${names.length} columns${factors.length ? `, ${factors.length} of them factors declared in the file` : ''}` : 'Columns';
  $('ex-columns').textContent = names.length ? `${names.join(', ')}` +
    (factors.length ? ` · factors declared in the file: ${factors.join(', ')}` : '') : '';
  $('ex-groups').hidden = groups.length === 0;
  $('ex-groups').textContent = groups.length ? `Grouped Sobol' design: ${groups.length} groups (${groups.map((g) => `${g.name}: ${g.members.length}`).join(', ')}). ` +
    "Sobol' indices are estimated per group, with the groups read from the design; clear the edits of Inputs to use them." : '';
  $('ex-sobol').disabled = $('ex-prim').disabled = $('ex-cart').disabled = names.length === 0;
  exSuggestThreshold();
}

// exSuggestThreshold offers the outcome's median as the PRIM threshold.
function exSuggestThreshold() {
  const m = columnMedian($('ex-csv').value, $('ex-outcome').value);
  const th = $('ex-threshold');
  th.placeholder = Number.isFinite(m) ? `median ${Number(m.toPrecision(4))}` : '';
  if (!th.dataset.edited) th.value = Number.isFinite(m) ? String(Number(m.toPrecision(4))) : '';
}

function exInputs() {
  return $('ex-inputs').value.split(',').map((s) => s.trim()).filter(Boolean);
}

function exBody() {
  return {csv: $('ex-csv').value, file: $('ex-file').files[0] ? $('ex-file').files[0].name : 'experiments.csv', inputs: exInputs(), outcome: $('ex-outcome').value};
}

// exSobolInputs are the inputs of a Sobol' request: none for a grouped
// design whose inputs the user did not edit, so that the server reads the
// groups from the design's comments.
function exSobolInputs() {
  return ex.header.groups.length && !$('ex-inputs').dataset.edited ? [] : exInputs();
}

function exError(where, r) {
  clear(where).append(el('p', {class: 'error-text'}, `${r.body.error || 'analysis failed'} (HTTP ${r.status})`));
  status(r.body.error || `analysis failed (${r.status})`, 'error');
}

async function exSobol() {
  const out = $('ex-sobol-out');
  clear(out).append(el('p', {class: 'muted'}, 'Estimating Sobol\' indices…'));
  const r = await api('api/explore/sobol', {method: 'POST', body: {...exBody(), inputs: exSobolInputs(), resamples: +$('ex-resamples').value || 0}});
  if (!r.ok) return exError(out, r);
  const res = r.body;
  clear(out).append(el('figure', {class: 'sobol-fig'}, sobolChart(res)),
    el('p', {class: 'note'}, `${res.estimator} estimator for S1, Jansen (1999) for ST; mean of ${res.outcome} ${res.mean.toPrecision(4)}, variance ${res.variance.toPrecision(4)}. ` +
      'S1: share of the variance due to the input alone; ST: including its interactions.'));
  if ((res.warnings || []).length) out.append(el('ul', {class: 'warnings'}, ...res.warnings.map((w) => el('li', {}, w))));
  const conv = convergenceChart(res);
  if (conv) out.append(el('figure', {class: 'convergence-fig'}, conv));
  const pairs = pairsTable(res);
  if (pairs) out.append(el('h3', {}, 'Largest second-order indices'), pairs);
  status(`Sobol' indices of ${res.outcome} from ${res.rows.toLocaleString('en')} rows.`);
}

// exRule adds the cases of interest to a PRIM or CART request; false
// (after saying why) when the threshold is missing.
function exRule(body, what) {
  const op = $('ex-op').value;
  if (op === 'positive') body.positive = true;
  else {
    if ($('ex-threshold').value === '') { status(`${what}: give the threshold that makes an outcome a case of interest.`, 'error'); return false; }
    body.threshold = +$('ex-threshold').value;
    body.below = op === 'below';
  }
  return true;
}

async function exCart() {
  const out = $('ex-cart-out');
  const body = {...exBody(), max_depth: +$('ex-depth').value || 0};
  if (!exRule(body, 'CART')) return;
  clear(out).append(el('p', {class: 'muted'}, 'Growing the tree…'));
  const r = await api('api/explore/cart', {method: 'POST', body});
  if (!r.ok) return exError(out, r);
  clear(out).append(cartTable(r.body));
  status(`CART: ${r.body.tree.leaves.length} leaves for ${r.body.rule}.`);
}

async function exPrim() {
  const out = $('ex-details');
  const body = {...exBody(), peel_alpha: +$('ex-peel').value || 0, mass_min: +$('ex-mass').value || 0, boxes: +$('ex-boxes').value || 1};
  const op = $('ex-op').value;
  if (!exRule(body, 'PRIM')) return;
  clear($('ex-curve'));
  clear(out).append(el('p', {class: 'muted'}, 'Peeling…'));
  const r = await api('api/explore/prim', {method: 'POST', body});
  if (!r.ok) return exError(out, r);
  ex.prim = r.body;
  ex.rule = op === 'positive' ? {positive: true} : {threshold: body.threshold, below: body.below};
  const sel = clear($('ex-box'));
  ex.prim.boxes.forEach((b, k) => sel.append(el('option', {value: k}, `box ${k + 1}`)));
  sel.disabled = ex.prim.boxes.length < 2;
  ex.box = 0;
  ex.point = ex.prim.boxes[0].chosen;
  exRenderPrim();
  status(`PRIM: ${ex.prim.cases.toLocaleString('en')} of ${ex.prim.n.toLocaleString('en')} experiments are cases of interest (${ex.prim.rule}).`);
}

function exRenderPrim() {
  const box = ex.prim.boxes[ex.box];
  const pick = (i) => { ex.point = i; exRenderPrim(); const c = document.querySelector(`#ex-curve circle[data-point="${i}"]`); if (c) c.focus(); };
  clear($('ex-curve')).append(el('figure', {class: 'tradeoff-fig'}, tradeoffChart(box, ex.prim, ex.point, pick)),
    el('p', {class: 'note'}, `Each point is a box of the peeling (then pasting) trajectory; click one to see its limits. Peel alpha ${ex.prim.options.peel_alpha}, paste alpha ${ex.prim.options.paste_alpha}, minimum mass ${ex.prim.options.mass_min}, objective ${ex.prim.options.objective}. Dashed line: share of cases among all experiments.`));
  clear($('ex-details')).append(boxDetails(box, ex.point, ex.prim));
  const p = box.trajectory[ex.point];
  const replaced = new Map(((state.view && state.view.assumptions) || []).filter((a) => a.replaced_by).map((a) => [a.path, a.replaced_by]));
  const ignored = (p.limits || []).filter((l) => replaced.has(l.input));
  if (ignored.length) {
    $('ex-details').append(el('ul', {class: 'warnings ignored-warning'}, ...ignored.map((l) =>
      el('li', {}, `This box restricts ${l.input}, which the engines of the selected run ignore (${replaced.get(l.input)}): the restriction cannot describe the model's behaviour, only chance in the sample.`))));
  }
  const sc = boxScatter($('ex-csv').value, p, ex.prim.outcome, ex.rule);
  clear($('ex-scatter'));
  if (sc) $('ex-scatter').append(el('figure', {class: 'scatter-fig'}, sc));
}

$('ex-csv').addEventListener('input', () => { clearTimeout(ex.timer); ex.timer = setTimeout(exParse, 200); });
$('ex-inputs').addEventListener('input', () => { $('ex-inputs').dataset.edited = '1'; });
$('ex-threshold').addEventListener('input', () => { $('ex-threshold').dataset.edited = '1'; });
$('ex-outcome').addEventListener('change', exSuggestThreshold);
$('ex-file').addEventListener('change', async (e) => {
  const f = e.target.files[0];
  if (!f) return;
  $('ex-csv').value = await f.text();
  delete $('ex-inputs').dataset.edited;
  exParse();
});
// busy disables a button while its request runs, so that one click sends
// one request.
function busy(button, work) {
  return async () => {
    $(button).disabled = true;
    try { await work(); } finally { $(button).disabled = ex.header.names.length === 0; }
  };
}
$('ex-sobol').addEventListener('click', busy('ex-sobol', () => exSobol().catch((err) => status('Sobol: ' + err.message, 'error'))));
$('ex-prim').addEventListener('click', busy('ex-prim', () => exPrim().catch((err) => status('PRIM: ' + err.message, 'error'))));
$('ex-cart').addEventListener('click', busy('ex-cart', () => exCart().catch((err) => status('CART: ' + err.message, 'error'))));
$('ex-box').addEventListener('change', (e) => { ex.box = +e.target.value; ex.point = ex.prim.boxes[ex.box].chosen; exRenderPrim(); });

// ---------- start ----------

async function main() {
  const m = await api('api/map');
  if (m.ok) state.map = m.body;
  else status('No map data: ' + (m.body.error || m.status), 'error');
  const n = await api('api/network');
  if (n.ok) {
    state.network = n.body;
    $('network-credit').textContent = n.body.attribution || '';
  }
  renderMap();
  initPortfolios(api, () => ({map: state.map, network: state.network}));
  const runs = await refreshRuns(runFromHash());
  loadScenarios();
  const id = runFromHash() || ((runs || []).find((x) => x.status === 'done') || {}).id;
  if (id) await selectRun(id);
  const cmp = parseCompareHash(location.hash);
  if (cmp) await runCompare(cmp);
}

main().catch((err) => status('Dashboard error: ' + err.message, 'error'));
