// What `cargo xtask serve` shows a new user: the demo page (dist/) against the reference API
// started as serve starts it, with the `plan` scenario and the built-in price list at
// /v1/catalog.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStatic, startApi, launch, openPage, Widget, catalog, writtenSince, renewsAt } from "./harness.mjs";

let web, api, browser;
before(async () => {
  web = await startStatic();
  api = await startApi(web.origin, "plan", 0, { catalog: "built-in" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await api?.close();
  await web?.close();
});

test("the demo shows Vidmud's 21 prices from the seed, and a plan that renews in the future", async () => {
  const since = Date.now();
  const { page, problems } = await openPage(browser, `${web.origin}/`);
  // The demo points at serve's port (8787); point it at this test's server, started the same way.
  await page.evaluate((base) => {
    const el = document.querySelector("vidmud-credits");
    el.setAttribute("api-base", base);
    el.setAttribute("catalog-url", `${base}/v1/catalog`);
  }, api.base);
  const w = new Widget(page);
  await w.host.locator('[data-testid="balance"][data-state="ok"]').waitFor({ timeout: 15000 });
  // The served list has the built-in one's version: the widget keeps its own, and says so.
  const kept = () => problems.some((p) => /is not later than the built-in/.test(p));
  for (let i = 0; i < 100 && !kept(); i++) await page.waitForTimeout(50);
  assert.ok(problems.some((p) => /is not later than the built-in/.test(p)), problems.join("\n"));
  const shown = await w.host.evaluate((el) =>
    [...el.shadowRoot.querySelectorAll("[data-entry]")].map((r) => [r.dataset.entry, Number(r.querySelector("[data-credits]").dataset.credits)]),
  );
  const seed = catalog.entries.map((e) => [e.id, e.credits]);
  assert.equal(shown.length, 21);
  assert.deepEqual([...shown].sort(), [...seed].sort());
  const renews = await writtenSince(page, since, renewsAt, "en-US");
  assert.match(await w.host.locator('[data-testid="plan-usage"]').innerText(), new RegExp(`renews ${renews}`));
  assert.ok(renewsAt(Date.now()) > Date.now(), "the plan renews after today");
});
