// Lighthouse 12 (mobile, default config) over a list of URLs, N runs each, in Debian's Chromium.
//
// Usage: node bench/lighthouse.mjs --runs 5 --flags '<JSON list of Chromium flags>' URL...
// Prints one JSON object on stdout: {lighthouse, chrome, results: {url: {runs: [...]}}}.
// Runs are interleaved: round 1 visits every URL once, in the order given, then round 2, ...,
// so drifting machine load falls on every page alike (scripts/bench_lighthouse.py takes the
// medians and builds the table).
// Each run holds the four category scores (0-100), total-byte-weight, the performance metrics,
// DOM size, the web fonts loaded (bytes, files) and the audits that lost points (id, score,
// title), so a score below 100 comes with its reasons.
// Chromium is launched once by chrome-launcher (CHROME_PATH, default /usr/bin/chromium) and shared
// by every run; Lighthouse resets storage between runs, so each run loads the page cold.

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { createRequire } from 'node:module';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time',
  'cumulative-layout-shift', 'speed-index'];

function parseArgs(argv) {
  const args = { runs: 3, flags: [], urls: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') args.runs = Number(argv[++i]);
    else if (argv[i] === '--flags') args.flags = JSON.parse(argv[++i]);
    else args.urls.push(argv[i]);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1 || args.urls.length === 0) {
    console.error('usage: node lighthouse.mjs [--runs N] [--flags JSON] URL...');
    process.exit(2);
  }
  return args;
}

function summarise(lhr) {
  const scores = Object.fromEntries(
    CATEGORIES.map((c) => [c, Math.round(100 * (lhr.categories[c]?.score ?? 0))]));
  const lost = [];
  for (const c of CATEGORIES) {
    for (const ref of lhr.categories[c].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        lost.push({ category: c, id: ref.id, score: audit.score, title: audit.title,
          items: (audit.details?.items ?? []).slice(0, 5).map((item) =>
            item.node?.selector ?? item.url ?? item.source?.url ?? JSON.stringify(item).slice(0, 160)) });
      }
    }
  }
  const metrics = Object.fromEntries(METRICS.map((m) => [m, lhr.audits[m]?.numericValue ?? null]));
  // Where the main thread's time went (ms, under the 4x CPU slowdown) and how big the DOM is:
  // the reasons behind a total-blocking-time.
  const work = Object.fromEntries((lhr.audits['mainthread-work-breakdown']?.details?.items ?? [])
    .map((item) => [item.group, Math.round(item.duration)]));
  // Web fonts the page loaded (the maths font, or KaTeX's faces before it): bytes on the wire.
  const fonts = (lhr.audits['network-requests']?.details?.items ?? [])
    .filter((item) => item.resourceType === 'Font');
  // Which scripts cost the main thread (ms of script evaluation under the 4x slowdown): the trace
  // that says what a page's blocking time is made of.
  const bootup = (lhr.audits['bootup-time']?.details?.items ?? []).slice(0, 6)
    .map((item) => ({ url: String(item.url).split('/').slice(3).join('/') || String(item.url),
      scripting: Math.round(item.scripting ?? 0), total: Math.round(item.total ?? 0) }));
  return {
    scores, metrics, lost, work, bootup, domElements: lhr.audits['dom-size']?.numericValue ?? null,
    fontBytes: fonts.reduce((sum, item) => sum + (item.transferSize ?? 0), 0),
    fontFiles: fonts.map((item) => item.url.split('/').pop()),
    totalByteWeight: lhr.audits['total-byte-weight']?.numericValue ?? null,
    runtimeError: lhr.runtimeError?.message ?? null,
    runWarnings: lhr.runWarnings,
  };
}

const args = parseArgs(process.argv.slice(2));
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', ...args.flags],
});
const require = createRequire(import.meta.url);
const out = { lighthouse: require('lighthouse/package.json').version, results: {} };
try {
  for (const url of args.urls) out.results[url] = { runs: [] };
  for (let i = 0; i < args.runs; i++) {
    for (const url of args.urls) {
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error',
        onlyCategories: CATEGORIES });
      out.chrome = result.lhr.environment.hostUserAgent;
      out.results[url].runs.push(summarise(result.lhr));
      console.error(`lighthouse round ${i + 1}/${args.runs}: ${url} ${out.results[url].runs.at(-1).scores.performance}`);
    }
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
