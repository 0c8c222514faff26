// The app on a phone, measured with Lighthouse 12 (see BENCHMARKS.md, "The app on a phone").
//
// It builds the parindex binary (or takes PARINDEX_BIN), starts it on the default data (or on
// PARINDEX_BENCH_DB, a copy of the national file, itself copied again so the bench never writes to
// it), and runs Lighthouse's mobile preset (a mid-range phone on a slow 4G link) on the overview
// and on a commune's profile, RUNS times each (median):
//
//   - with simulated throttling (Lighthouse's default): performance, LCP, TBT, CLS, accessibility;
//   - with devtools throttling (the page really runs at 4× slower CPU, 150 ms RTT and 1.6 Mbit/s),
//     where the page's own `parindex:first-chart` mark is the time a phone takes to its first chart:
//     on a first visit, and on a return (one browser profile kept across runs, not cleared by
//     Lighthouse, after a first visit that fills its cache: the hashed assets are cached for a year).
//
// On the national file the overview is the province with the most communes in the latest year,
// and the profile the first commune of its ranking (PARINDEX_BENCH_PARENT and PARINDEX_BENCH_UNIT
// choose others).
//
//   node web/scripts/lighthouse.mjs                                      # default data
//   PARINDEX_BENCH_DB=/tmp/national.duckdb node web/scripts/lighthouse.mjs
//
// Environment: RUNS (default 3), LINK (see below), PORT (default 18090), LIGHTHOUSE (the
// command, default `npx --yes lighthouse@12`), CHROME_PATH (default /usr/bin/chromium),
// PARINDEX_BIN (the binary; default: built from this checkout, web/dist as it is).
// A measurement, not a test: the figures depend on the machine.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.env.RUNS ?? 3);
const port = Number(process.env.PORT ?? 18090);
const origin = `http://127.0.0.1:${port}`;
const lighthouse = (process.env.LIGHTHOUSE ?? 'npx --yes lighthouse@12').split(' ');
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const chromeFlags = '--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync';
// LINK=nominal: the devtools runs on the link the preset names (150 ms RTT, 1.6 Mbit/s down, 750
// kbit/s up, CPU 4× slower), which is what its simulation models, instead of the devtools preset's
// own 562.5 ms per request; the simulated runs are then left out.
const nominal = process.env.LINK === 'nominal';
const NOMINAL_LINK = [
  '--throttling.requestLatencyMs=150',
  '--throttling.downloadThroughputKbps=1638.4',
  '--throttling.uploadThroughputKbps=750',
  '--throttling.cpuSlowdownMultiplier=4',
];
const work = mkdtempSync(join(tmpdir(), 'parindex-lighthouse-'));

function binary() {
  if (process.env.PARINDEX_BIN) return resolve(process.env.PARINDEX_BIN);
  const out = join(work, 'parindex');
  execFileSync('go', ['build', '-o', out, '.'], { cwd: repo, stdio: 'inherit' });
  return out;
}

async function gql(query, variables = {}) {
  const res = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function ready() {
  for (let i = 0; i < 600; i++) {
    try {
      await gql('{ years }');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('lighthouse: the server did not answer in 120 s');
}

/** The pages measured: the overview and a commune's profile. */
async function pages(national) {
  if (!national) {
    return [
      ['overview', '/'],
      ['profile', '/?view=profile&unit=31552@2025-07-01'],
    ];
  }
  const { years } = await gql('{ years }');
  const year = Math.max(...years);
  let parent = process.env.PARINDEX_BENCH_PARENT;
  if (!parent) {
    const { aggregate } = await gql(
      'query($y: Int!) { aggregate(filter: { years: [$y] }, groupBy: [PROVINCE], metrics: [COUNT], first: 100) { rows { province { code } values } } }',
      { y: year },
    );
    parent = aggregate.rows.reduce((a, b) => (b.values[0] > a.values[0] ? b : a)).province.code;
  }
  let unit = process.env.PARINDEX_BENCH_UNIT;
  if (!unit) {
    const { ranking } = await gql('query($y: Int!, $p: ID!) { ranking(year: $y, parent: $p, first: 1) { unit { id } } }', { y: year, p: parent });
    unit = ranking[0].unit.id;
  }
  return [
    [`overview of province ${parent}`, `/?parent=${parent}`],
    [`profile of ${unit}`, `/?view=profile&unit=${encodeURIComponent(unit)}`],
  ];
}

/**
 * One Lighthouse run. `cached` keeps one browser profile across runs and tells Lighthouse not to
 * clear it: a reader coming back, with the page's hashed assets in the browser's cache.
 */
function audit(url, throttling, i, cached = false) {
  const out = join(work, `lh-${throttling}-${i}.json`);
  const flags = cached ? `${chromeFlags} --user-data-dir=${join(work, 'profile')}` : chromeFlags;
  execFileSync(
    lighthouse[0],
    [
      ...lighthouse.slice(1),
      url,
      '--quiet',
      '--output=json',
      `--output-path=${out}`,
      '--only-categories=performance,accessibility',
      `--throttling-method=${throttling}`,
      ...(throttling === 'devtools' && nominal ? NOMINAL_LINK : []),
      `--chrome-flags=${flags}`,
      ...(cached ? ['--disable-storage-reset'] : []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CHROME_PATH: chromePath, TMPDIR: work } },
  );
  const lhr = JSON.parse(readFileSync(out, 'utf8'));
  const mark = lhr.audits['user-timings']?.details?.items?.find((x) => x.name === 'parindex:first-chart');
  return {
    performance: lhr.categories.performance.score * 100,
    lcp: lhr.audits['largest-contentful-paint'].numericValue,
    tbt: lhr.audits['total-blocking-time'].numericValue,
    cls: lhr.audits['cumulative-layout-shift'].numericValue,
    accessibility: lhr.categories.accessibility.score * 100,
    firstChart: mark ? mark.startTime : NaN,
  };
}

const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const range = (xs, f) => `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
const ms = (x) => `${Math.round(x)} ms`;
const s = (x) => `${(x / 1000).toFixed(1)} s`;

const national = process.env.PARINDEX_BENCH_DB;
const bin = binary();
const args = ['-addr', `127.0.0.1:${port}`];
if (national) {
  const db = join(work, 'national.duckdb');
  copyFileSync(national, db);
  args.push('-db', db);
} else {
  args.push('-db', join(work, 'default.duckdb'), '-init');
}
const server = spawn(bin, args, { stdio: 'ignore' });
try {
  await ready();
  console.log(`${national ? `national data (${national})` : 'default data'}, Lighthouse mobile preset, median of ${runs} (min–max)`);
  for (const [name, path] of await pages(Boolean(national))) {
    const url = origin + path;
    const simulated = [];
    const devtools = [];
    if (!nominal) for (let i = 0; i < runs; i++) simulated.push(audit(url, 'simulate', i));
    for (let i = 0; i < runs; i++) devtools.push(audit(url, 'devtools', i));
    // A first visit fills the cache; the runs after it are a reader coming back.
    rmSync(join(work, 'profile'), { recursive: true, force: true });
    audit(url, 'devtools', 'prime', true);
    const cached = [];
    for (let i = 0; i < runs; i++) cached.push(audit(url, 'devtools', `cached-${i}`, true));
    const col = (rs, k) => rs.map((r) => r[k]);
    const how = nominal ? 'devtools throttling at 150 ms RTT, 1.6 Mbit/s' : 'devtools throttling';
    console.log(`\n${name}: ${path}`);
    if (!nominal) {
      console.log(`  performance    ${range(col(simulated, 'performance'), Math.round)}`);
      console.log(`  LCP            ${range(col(simulated, 'lcp'), s)}`);
      console.log(`  TBT            ${range(col(simulated, 'tbt'), ms)}`);
      console.log(`  CLS            ${range(col(simulated, 'cls'), (x) => x.toFixed(3))}`);
      console.log(`  accessibility  ${range(col(simulated, 'accessibility'), Math.round)}`);
    }
    console.log(`  first chart    ${range(col(devtools, 'firstChart'), ms)}  (${how}: the page's parindex:first-chart mark)`);
    console.log(`  LCP            ${range(col(devtools, 'lcp'), s)}  (${how})`);
    console.log(`  first chart    ${range(col(cached, 'firstChart'), ms)}  (${how}, assets in the browser's cache)`);
  }
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(work, { recursive: true, force: true });
}
