// Failure drills against the reference account API, in Chromium: a server that dies and comes
// back, an answer that trickles in, a burst of refresh() calls, the browser going offline, and
// twenty elements on one page. (Other drills sit beside the features they break: a slow answer
// and removal mid-request, a stalled body and a 30 MB answer in balance.test.mjs; chunks that
// 404 in size.test.mjs and engines.test.mjs; storage that throws in engines.test.mjs.)

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
const balanceRequests = async () => (await api.requests()).filter((r) => r.path === "/v1/credits/balance").length;
/// What the engine prints about a request the test made fail on purpose.
const networkNoise = (p) => !/ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch/i.test(p);

test("the server dies mid-session and comes back: the last balance stays, marked stale, and Retry recovers", async () => {
  const { page, w, problems } = await open();
  await state(w, "ok");
  const port = Number(new URL(api.base).port);
  await api.close();
  await page.evaluate(() => document.querySelector("#w").refresh());
  await state(w, "stale");
  assert.equal(await w.balance().getAttribute("data-value"), "1600");
  assert.match(await w.balance().innerText(), /Couldn't refresh: Couldn't reach the account service/);
  // The calculator goes on meanwhile.
  await w.set("ai-expand", 2);
  assert.equal(await w.totalValue(), 8);
  api = await startApi(web.origin, "plan", port);
  await w.balance().getByRole("button", { name: "Retry" }).click();
  await state(w, "ok");
  assert.equal(await w.balance().getAttribute("data-value"), "1250");
  assert.deepEqual(problems.filter(networkNoise), []);
});

test("an answer that trickles in byte by byte is read whole", async () => {
  await api.scenario("trickle");
  const { w, problems } = await open();
  await state(w, "loading", 5000);
  await state(w, "ok");
  assert.equal(await w.balance().getAttribute("data-value"), "1250");
  assert.match(await w.balance().innerText(), /750 of 2,000 plan credits used/);
  assert.deepEqual(problems, []);
});

test("50 quick refresh() calls make one request", async () => {
  const { page, w, problems } = await open();
  await state(w, "ok");
  await api.clearRequests();
  await page.evaluate(() => {
    const el = document.querySelector("#w");
    for (let i = 0; i < 50; i++) el.refresh();
  });
  await state(w, "ok");
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await balanceRequests(), 1);
  assert.deepEqual(problems, []);
});

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

test("twenty elements on one page: each asks once, each plan is its own, and each is its own region", async () => {
  const { page, w, problems } = await open();
  await state(w, "ok");
  await api.clearRequests();
  await page.evaluate((base) => {
    document.querySelector("#w").setAttribute("label", "Calculator 0");
    for (let i = 1; i < 20; i++) {
      const el = document.createElement("vidmud-credits");
      el.id = `w${i}`;
      el.setAttribute("api-base", base);
      el.setAttribute("persist", "none");
      el.setAttribute("label", `Calculator ${i}`);
      el.authToken = "vidmud-demo-token";
      document.querySelector("#slot").append(el);
    }
  }, api.base);
  for (let i = 1; i < 20; i++) await state(new Widget(page, `#w${i}`), "ok");
  assert.equal(await balanceRequests(), 19);
  const w7 = new Widget(page, "#w7");
  await w7.set("ai-expand", 3);
  assert.equal(await w7.totalValue(), 12);
  assert.equal(await new Widget(page, "#w8").totalValue(), 0);
  assert.equal(await w.totalValue(), 0);
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
