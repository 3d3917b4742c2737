// Builds the dashboard (dist/) and the report's script and styles
// (../../report/assets/) from src/ with the pinned esbuild, and records a
// digest of the sources beside each output (SOURCES.sha256) so that a Go
// test can tell when the committed build is stale.
//
//   npm ci && npm run build      rebuild after editing src/
//   node build.mjs --check       rebuild into a temporary folder and fail
//                                if the committed outputs differ
import * as esbuild from 'esbuild';
import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, copyFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outputs = {dashboard: join(here, 'dist'), report: join(here, '..', '..', 'report', 'assets')};

// sourceDigest must match sourceDigest in server/ui_test.go: SHA-256 over,
// for each input in byte order of its path, "path\nlength\n" and the bytes.
export function sourceDigest() {
  const files = ['build.mjs', 'package.json', 'package-lock.json',
    ...readdirSync(join(here, 'src')).map((f) => 'src/' + f)].sort();
  const h = createHash('sha256');
  for (const f of files) {
    const b = readFileSync(join(here, f));
    h.update(`${f}\n${b.length}\n`);
    h.update(b);
  }
  return h.digest('hex');
}

async function build(out) {
  const common = {absWorkingDir: here, bundle: true, format: 'iife', target: 'es2020', charset: 'utf8', legalComments: 'inline', logLevel: 'warning'};
  mkdirSync(out.dashboard, {recursive: true});
  mkdirSync(out.report, {recursive: true});
  await esbuild.build({...common, entryPoints: [join(here, 'src/app.js')], outfile: join(out.dashboard, 'app.js')});
  await esbuild.build({...common, entryPoints: [join(here, 'src/app.css')], outfile: join(out.dashboard, 'app.css')});
  copyFileSync(join(here, 'src/index.html'), join(out.dashboard, 'index.html'));
  await esbuild.build({...common, entryPoints: [join(here, 'src/report.js')], outfile: join(out.report, 'report.js')});
  await esbuild.build({...common, entryPoints: [join(here, 'src/app.css')], outfile: join(out.report, 'report.css')});
  const digest = sourceDigest() + '\n';
  writeFileSync(join(out.dashboard, 'SOURCES.sha256'), digest);
  writeFileSync(join(out.report, 'SOURCES.sha256'), digest);
}

if (process.argv.includes('--check')) {
  const tmp = mkdtempSync(join(tmpdir(), 'steppe-ui-'));
  const out = {dashboard: join(tmp, 'dist'), report: join(tmp, 'report')};
  await build(out);
  let stale = [];
  for (const [k, dir] of Object.entries(out)) {
    for (const f of readdirSync(dir)) {
      const a = readFileSync(join(dir, f));
      let b = null;
      try { b = readFileSync(join(outputs[k], f)); } catch {}
      if (!b || !a.equals(b)) stale.push(join(outputs[k], f));
    }
  }
  rmSync(tmp, {recursive: true, force: true});
  if (stale.length) {
    console.error('stale build outputs (run npm run build in server/ui):\n  ' + stale.join('\n  '));
    process.exit(1);
  }
  console.log('build outputs are up to date');
} else {
  await build(outputs);
}
