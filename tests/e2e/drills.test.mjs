// The failure drills that need Chromium's DevTools Protocol or axe-core: the browser going
// offline, and many elements on one page checked by axe. The drills every engine runs (a server
// that dies and comes back, an answer that trickles in, a burst of refresh() calls, twenty
// elements on one page) are in engines.test.mjs; others sit beside the features they break: a
// slow answer and removal mid-request, a stalled body and a 30 MB answer in balance.test.mjs;
// chunks that 404 in size.test.mjs and engines.test.mjs; storage that throws in
// engines.test.mjs.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startStatic, startApi, launch, openPage, Widget, axe } from "./harness.mjs";

let web, api, browser;
before(async () => {
  web = await startStatic();
  api = await startApi(web.origin, "ok");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.close();
  await web?.close();
});
beforeEach(async () => {
  await api.scenario("ok");
  await api.clearRequests();
});

const url = () => `${web.origin}/pages/balance.html?${new URLSearchParams({ api: api.base, token: "demo" })}`;

async function open() {
  const opened = await openPage(browser, url());
  const w = new Widget(opened.page, "#w");
  await w.ready();
  return { ...opened, w };
}

const state = (w, expected, timeout = 15000) =>
  w.host.locator(`[data-testid="balance"][data-state="${expected}"]`).waitFor({ timeout });
/// What the engine prints about a request the test made fail on purpose.
const networkNoise = (p) => !/ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch/i.test(p);

test("offline: a clear message, and back online it asks again by itself", async () => {
  const { page, context, w, problems } = await open();
  await state(w, "ok");
  await context.setOffline(true);
  await page.evaluate(() => document.querySelector("#w").refresh());
  await state(w, "stale");
  assert.match(await w.balance().innerText(), /Couldn't reach the account service/);
  await api.scenario("plan");
  await context.setOffline(false);
  // No Retry pressed: the `online` event asks again.
  await state(w, "ok");
  assert.equal(await w.balance().getAttribute("data-value"), "1250");
  assert.deepEqual(problems.filter(networkNoise), []);
});

test("twenty labelled elements on one page: each is a region of its own name, axe finds nothing", async () => {
  const { page, w, problems } = await open();
  await state(w, "ok");
  await page.evaluate((base) => window.addLabelled(20, base, "vidmud-demo-token"), api.base);
  for (let i = 1; i < 20; i++) await state(new Widget(page, `#w${i}`), "ok");
  const regions = await page.getByRole("region").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  assert.deepEqual(regions, Array.from({ length: 20 }, (_, i) => `Calculator ${i}`));
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
});

test("two elements without a label: no landmark repeats its name", async () => {
  const { page, w, problems } = await open();
  await state(w, "ok");
  await page.evaluate(() => {
    const el = document.createElement("vidmud-credits");
    el.id = "second";
    el.setAttribute("persist", "none");
    document.querySelector("#slot").append(el);
  });
  await new Widget(page, "#second").ready();
  const violations = await axe(page);
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
});
