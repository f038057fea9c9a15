// Lighthouse with Debian's Chromium, the mobile and the desktop preset, RUNS times each, on: the
// demo (dist/, the page `cargo xtask serve` shows, with the reference account API on :8787 as
// it expects), a pricing page with the widget alone, the same page with the prerendered first
// view pasted in, and the bare Leptos floor. Prints one JSON object to stdout: per page and
// preset, every run's four category scores (0-100), total blocking time and largest contentful
// paint (ms) and cumulative layout shift, and the median and lowest performance score; the
// last run's whole report goes to target/bench/lighthouse-<page>-<preset>.json. Run by
// `cargo xtask bench`, which installs Lighthouse into bench/lighthouse/ (VIDMUD_LIGHTHOUSE is its
// cli/index.js).

import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, startStatic, startApi } from "./harness.mjs";

const cli = process.env.VIDMUD_LIGHTHOUSE;
if (!cli) throw new Error("VIDMUD_LIGHTHOUSE (Lighthouse's cli/index.js) is not set");
const chrome = process.env.CHROMIUM ?? "/usr/bin/chromium";

// Chromium, ended by Lighthouse, leaves files in TMPDIR: give it one of its own, removed after.
mkdirSync(join(ROOT, "target/bench"), { recursive: true });
const tmp = mkdtempSync(join(ROOT, "target/bench/lighthouse-tmp-"));
const web = await startStatic();
// The demo's api-base and catalog-url name :8787.
const api = await startApi(web.origin, "ok", 8787);
const RUNS = Number(process.env.VIDMUD_LIGHTHOUSE_RUNS ?? 5);
const PAGES = {
  demo: "/",
  widget: "/pages/bench-widget.html",
  prerendered: "/prerendered/en.html",
  floor: "/pages/bench-floor.html",
};
const out = {};
try {
  for (const [name, path] of Object.entries(PAGES)) {
    out[name] = {};
    for (const preset of ["mobile", "desktop"]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await lighthouse(name, path, preset));
      const middle = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
      out[name][preset] = {
        ...runs[runs.length - 1],
        performance: middle("performance"),
        lowest: Math.min(...runs.map((r) => r.performance)),
        tbt: middle("tbt"),
        lcp: middle("lcp"),
        cls: middle("cls"),
        runs,
      };
    }
  }
} finally {
  await api.close();
  await web.close();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(JSON.stringify(out));

async function lighthouse(name, path, preset) {
  const args = [
    cli,
    `${web.origin}${path}`,
    "--quiet",
    "--output=json",
    "--output-path=stdout",
    "--only-categories=performance,accessibility,best-practices,seo",
    "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
  ];
  if (preset === "desktop") args.push("--preset=desktop");
  // Not spawnSync: the demo's server runs in this process and must go on answering.
  const stdout = await new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, CHROME_PATH: chrome, TMPDIR: tmp }, maxBuffer: 256 << 20, timeout: 180000 },
      (error, out, err) => (error ? reject(new Error(`lighthouse (${preset}) failed: ${error.message}\n${err}`)) : resolve(out)),
    ),
  );
  // The whole report, for its details (long tasks, what was fetched): target/bench/.
  writeFileSync(join(ROOT, "target/bench", `lighthouse-${name}-${preset}.json`), stdout);
  const lhr = JSON.parse(stdout);
  if (lhr.runtimeError) throw new Error(`lighthouse (${preset}): ${lhr.runtimeError.message}`);
  const score = (c) => Math.round(lhr.categories[c].score * 100);
  const audit = (a) => lhr.audits[a].numericValue;
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    seo: score("seo"),
    tbt: audit("total-blocking-time"),
    cls: audit("cumulative-layout-shift"),
    lcp: audit("largest-contentful-paint"),
    lighthouse: lhr.lighthouseVersion,
    // Lighthouse's own measure of this machine's speed (higher is faster): TBT scales with it.
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}
