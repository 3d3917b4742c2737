// Small DOM helpers. User text only ever becomes a Text node or an
// attribute value set through setAttribute; nothing is parsed as HTML.

const SVGNS = 'http://www.w3.org/2000/svg';

function build(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** el creates an HTML element: el('p', {class: 'x'}, 'text', child). */
export function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** svg creates an SVG element. */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVGNS, tag), attrs, children);
}

/** clear removes all children of node and returns it. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** safeURL returns s if it is an http(s) URL, else null. */
export function safeURL(s) {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** sourceNodes renders a source citation: each http(s) URL in it becomes a
 * link (showing its host name) that opens in a new tab; the rest stays text. */
export function sourceNodes(text) {
  if (!text) return [];
  const out = [];
  const re = /https?:\/\/[^\s;,()<>"']+/g;
  let last = 0;
  for (const m of String(text).matchAll(re)) {
    const raw = m[0].replace(/[.]+$/, '');
    if (m.index > last) out.push(text.slice(last, m.index));
    const url = safeURL(raw);
    if (url) out.push(el('a', {href: url, rel: 'noopener noreferrer', target: '_blank', title: url}, new URL(url).hostname));
    else out.push(raw);
    last = m.index + raw.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function fmtPct(p, digits = 1) {
  if (p === undefined || p === null || Number.isNaN(p)) return '–';
  return (100 * p).toFixed(digits) + '%';
}

/** fmtPP writes a probability difference in percentage points with two
 * decimals and its sign ("+0.12 pp", "−1.20 pp"); unit false leaves out " pp". */
export function fmtPP(v, unit = true) {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  const s = (100 * v).toFixed(2);
  const signed = Number(s) === 0 ? '0.00' : v > 0 ? '+' + s : s.replace('-', '−');
  return signed + (unit ? ' pp' : '');
}

/** fmtNum writes a number for a table: integers below 10,000 (years) and
 * other values below 10,000 without grouping, larger ones with thousands
 * separators, very large or small ones with an exponent. */
export function fmtNum(v) {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 10000) return String(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(2);
  if (a >= 1000 && a < 10000) return String(Number(v.toPrecision(6)));
  return Number(v.toPrecision(4)).toLocaleString('en');
}

/** fmtUSD writes an amount of US dollars in words a reader scans: "$4.7 bn",
 * "$350 m". */
export function fmtUSD(v) {
  if (v === undefined || v === null || Number.isNaN(v) || v === 0) return '–';
  const a = Math.abs(v);
  if (a >= 1e9) return `$${Number((v / 1e9).toPrecision(3))} bn`;
  if (a >= 1e6) return `$${Number((v / 1e6).toPrecision(3))} m`;
  return '$' + Number(v.toPrecision(3)).toLocaleString('en');
}
