// The first-load budgets, measured as what a page really fetches in headless Chromium, and the
// split package's layout: the balance chunk is fetched only where it is used, package.json
// lists every file, and a chunk that can't be fetched leaves the calculator working.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT, startStatic, startApi, launch, openPage, Widget } from "./harness.mjs";
import { firstLoad, totalShown, balanceShown, BUDGET_PRICING, BUDGET_SIGNED_IN } from "./first-load.mjs";

let web, api, browser;
before(async () => {
  web = await startStatic();
  api = await startApi(web.origin, "ok");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  api?.close();
  await web?.close();
});

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
/// The pricing page's first load, measured once for every test that compares with it.
let pricingLoad;
const pricing = () => (pricingLoad ??= firstLoad(browser, `${web.origin}/pages/calculator.html`, totalShown));
const describe = (load) => load.files.map((f) => `${f.name} ${f.gzip} B`).join(", ");

test(`a pricing page (no api-base) fetches at most ${kib(BUDGET_PRICING)} gzip before the total shows`, async () => {
  const load = await pricing();
  console.log(`pricing page first load: ${load.gzip} B gzip (${describe(load)})`);
  assert.ok(load.files.some((f) => f.name === "vidmud_credits_bg.wasm"), "the main module was fetched");
  assert.ok(load.gzip <= BUDGET_PRICING, `${load.gzip} B > ${BUDGET_PRICING} B: ${describe(load)}`);
});

test(`a signed-in host fetches at most ${kib(BUDGET_SIGNED_IN)} gzip until the balance shows`, async () => {
  const url = `${web.origin}/pages/balance.html?api=${encodeURIComponent(api.base)}&token=demo`;
  const plain = await pricing();
  const load = await firstLoad(browser, url, balanceShown);
  console.log(`signed-in first load: ${load.gzip} B gzip (${describe(load)})`);
  assert.ok(load.gzip <= BUDGET_SIGNED_IN, `${load.gzip} B > ${BUDGET_SIGNED_IN} B: ${describe(load)}`);
  // The balance client is a chunk of its own: fetched here, and not on the pricing page.
  const chunks = load.files.filter((f) => f.name.endsWith(".wasm") && f.name !== "vidmud_credits_bg.wasm");
  assert.ok(chunks.length > 0, "the balance chunk was fetched");
  for (const c of chunks) {
    assert.ok(!plain.files.some((f) => f.name === c.name), `${c.name} is not fetched without api-base`);
  }
});

test("the one-tag embed (pkg/vidmud-credits.js) adds at most 1 KiB gzip to a pricing page's first load", async () => {
  const plain = await pricing();
  const tag = await firstLoad(browser, `${web.origin}/pages/csp-one-tag.html`, totalShown);
  console.log(`one-tag first load: ${tag.gzip} B gzip, ${tag.gzip - plain.gzip} B more (${describe(tag)})`);
  assert.ok(tag.files.some((f) => f.name === "vidmud-credits.js"), "the loader was fetched");
  assert.ok(tag.gzip - plain.gzip <= 1024, `${tag.gzip - plain.gzip} B more`);
});

test("pkg/package.json lists every file of the package", () => {
  const pkg = join(ROOT, "pkg");
  const walk = (dir) =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const onDisk = walk(pkg)
    .map((f) => f.slice(pkg.length + 1))
    .sort();
  const listed = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).files.sort();
  assert.deepEqual(listed, onDisk);
});

test("every chunk failing to load: the balance panel says so, the calculator works, Retry recovers", async () => {
  const context = await browser.newContext({ timezoneId: "UTC", locale: "en-US" });
  const failing = async (route) => route.fulfill({ status: 404, body: "not found" });
  // Everything under pkg/ that is a .wasm but the main module.
  const chunk = /\/pkg\/(?!vidmud_credits_bg\.wasm)[^?]*\.wasm$/;
  await context.route(chunk, failing);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${web.origin}/pages/balance.html?api=${encodeURIComponent(api.base)}&token=demo`);
  const w = new Widget(page, "#w");
  await w.ready();
  await w.host.locator('[data-testid="balance"][data-state="error"]').waitFor({ timeout: 15000 });
  assert.match(await w.balance().innerText(), /couldn't be downloaded/);
  assert.equal(await w.balance().getAttribute("data-value"), null);
  // The calculator keeps working.
  await w.qty("ai-expand").pressSequentially("3");
  assert.equal(await w.totalValue(), 12);
  assert.equal((await w.quote()).total, 12);
  assert.deepEqual(errors, [], "nothing panicked or threw");
  // The network is back: Retry fetches the chunk and shows the balance.
  await context.unroute(chunk, failing);
  await w.balance().getByRole("button", { name: "Retry" }).click();
  await w.host.locator('[data-testid="balance"][data-state="ok"]').waitFor({ timeout: 15000 });
  assert.equal(await w.balance().getAttribute("data-value"), "1600");
  assert.equal(await w.totalValue(), 12, "the plan survived");
  await context.close();
});
