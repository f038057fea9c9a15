// What a host page really fetches from pkg/ before the widget is ready: every file under /pkg/
// the browser requested until `ready` held, each compressed as a server would send it
// (gzip -9, the gzip command itself; brotli quality 11). Used by size.test.mjs (the budget)
// and by bench.mjs (`cargo xtask bench`).

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { ROOT } from "./harness.mjs";

export function gzipLength(bytes) {
  const r = spawnSync("gzip", ["-9", "-c", "-n"], { input: bytes, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`gzip failed: ${r.stderr}`);
  return r.stdout.length;
}

export function brotliLength(bytes) {
  return brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 22 },
  }).length;
}

/// Sizes of one pkg/ file (`name` relative to pkg/).
export function fileSizes(name) {
  const bytes = readFileSync(join(ROOT, "pkg", name));
  return { name, raw: bytes.length, gzip: gzipLength(bytes), brotli: brotliLength(bytes) };
}

/// Opens `url` in a fresh context of a Playwright `browser`, waits until `ready(page)` resolves,
/// and returns the pkg/ files fetched by then with their sizes and totals.
export async function firstLoad(browser, url, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const fetched = new Set();
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    const at = path.indexOf("/pkg/");
    if (at >= 0) fetched.add(path.slice(at + 5));
  });
  await page.goto(url);
  await ready(page);
  const files = [...fetched].sort().map(fileSizes);
  await context.close();
  const sum = (k) => files.reduce((s, f) => s + f[k], 0);
  return { files, raw: sum("raw"), gzip: sum("gzip"), brotli: sum("brotli") };
}

/// The widget's total is on the page: the calculator is usable.
export const totalShown = (page) =>
  page.locator('vidmud-credits [data-testid="total"]').first().waitFor({ timeout: 30000 });

/// The balance panel shows a balance.
export const balanceShown = (page) =>
  page.locator('vidmud-credits [data-testid="balance"][data-state="ok"]').first().waitFor({ timeout: 30000 });

/// The guard rails, in bytes of gzip -9: 110 KiB before a pricing page's first total, 135 KiB
/// before a signed-in host's balance (issue 16: "the first loads stay within the guard rails").
export const BUDGET_PRICING = 110 * 1024;
export const BUDGET_SIGNED_IN = 135 * 1024;
