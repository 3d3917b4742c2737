// Renders the figures of a self-contained steppe report from the JSON
// embedded in the page (script elements of type application/json).
import {el, clear} from './dom.js';
import {Results, drawMap, fanChart, deltaChart, deltaFanChart, niceMax, probText, POLICY_COLOURS} from './charts.js';

function data(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

function render() {
  const view = data('steppe-view');
  const map = data('steppe-map');
  if (!view) return;
  const res = new Results(view.results);
  const years = res.r.years;
  const names = {REGION: 'Region (any of the five)'};
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

  const mapBox = document.getElementById('fig-map');
  if (mapBox && map) {
    const sel = el('select', {id: 'map-year'}, ...years.map((y) => el('option', {value: y}, String(y))));
    sel.value = years.includes(2030) ? 2030 : years[years.length - 1];
    const pol = el('select', {id: 'map-policy'}, ...res.r.policies.map((p) => el('option', {value: p}, p)));
    pol.value = res.r.baseline;
    const holder = el('div', {class: 'map-box'});
    const draw = () => {
      const values = {}, titles = {};
      for (const c of focus) {
        const cell = res.cell(pol.value, c, +sel.value);
        if (cell) {
          values[c] = cell.p_intervention.mean;
          titles[c] = `${names[c] || c}: ${probText(cell.p_intervention)} by ${sel.value}, ${pol.value} (mean, 5–95% over draws)`;
        }
      }
      clear(holder).append(drawMap({boundaries: map.boundaries, focus, values, titles, vmax, pxWidth: mapBox.clientWidth,
        bases: view.bases, infrastructure: (view.infrastructure || []).filter((l) => !l.project || (l.policies || []).includes(pol.value)),
        label: `P(intervention by ${sel.value}), ${pol.value}`}));
    };
    sel.addEventListener('change', draw);
    pol.addEventListener('change', draw);
    clear(mapBox).append(el('div', {class: 'controls'}, el('label', {}, 'Year ', sel), ' ', el('label', {}, 'Policy ', pol)), holder);
    draw();
  }

  const fans = document.getElementById('fig-fans');
  if (fans) {
    clear(fans);
    const shown = [...new Set([res.r.baseline, policy])];
    for (const c of res.r.countries) {
      let ymax = 0;
      for (const p of shown) for (const v of res.series(p, c).q95) ymax = Math.max(ymax, v || 0);
      ymax = niceMax(ymax);
      const series = shown.map((p) => ({label: p, colour: POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length], ...res.series(p, c)}));
      fans.append(el('figure', {class: 'fan'}, fanChart({title: names[c] || c, years, series, ymax})));
    }
  }

  const deltas = document.getElementById('fig-deltas');
  if (deltas) {
    clear(deltas);
    for (const p of others) {
      for (const y of [2027, 2032, years[years.length - 1]].filter((y, i, a) => years.includes(y) && a.indexOf(y) === i)) {
        const rows = res.r.countries.map((c) => {
          const cell = res.cell(p, c, y);
          return {label: c === 'REGION' ? 'Region' : c, delta: cell && cell.delta ? cell.delta : null};
        });
        deltas.append(el('figure', {class: 'delta-fig'}, deltaChart({title: `${p} − ${res.r.baseline}, by ${y}`, rows,
          colour: POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length]})));
      }
    }
  }
  const dfans = document.getElementById('fig-delta-fans');
  if (dfans && others.length) {
    clear(dfans);
    for (const c of res.r.countries) {
      const series = others.map((p) => ({label: p, colour: POLICY_COLOURS[res.r.policies.indexOf(p) % POLICY_COLOURS.length], ...res.series(p, c)}));
      dfans.append(el('figure', {class: 'fan delta-fan'}, deltaFanChart({title: `${names[c] || c}: effect over time`, years, series})));
    }
  }
  document.documentElement.dataset.rendered = 'true';
}

render();
