// The prerendered first view (issue 19), in Chromium, Firefox and WebKit: a host page with
// pkg/prerender/<language>.html pasted inside its element shows the price list and a total
// before any wasm arrives (here: before the page loads the module at all), and the live view
// takes over from it keeping what was typed and where focus was, moving nothing below it.
// Engines come from VIDMUD_ENGINES (default: all three).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStatic, eventually } from "./harness.mjs";
import { eachEngine, read } from "./drivers.mjs";


const W = "#w";
const qty = (id) => `[data-entry="${id}"] input[type="number"]`;

let web;
before(async () => {
  web = await startStatic();
});
after(async () => {
  await web?.close();
});

eachEngine((name, session) => {
  // The page the current test opened (eachEngine closes it after the test).
  let page;

  /// The host page with the `language` prerender, its module not loaded until `loadWidget()`.
  async function open(language) {
    page = session.page = await session.engine.newPage(`${web.origin}/prerendered/${language}.html?wasm=later`);
    await page.waitFor((h) => !!document.querySelector(h)?.shadowRoot?.querySelector("[data-prerendered] [data-testid=total]"), W, 10000);
  }
  /// What the prerendered view, or the live one, shows: its text and what a test reads.
  const shown = () =>
    page.evaluate((h) => {
      const root = document.querySelector(h).shadowRoot;
      const view = root.querySelector(".vc-root:not([hidden]) .vc");
      return {
        prerendered: !!root.querySelector(".vc-root[data-prerendered]"),
        text: view.innerText.replace(/\s+/g, " ").trim(),
        rows: [...view.querySelectorAll("[data-entry]")].filter((r) => r.getClientRects().length).map((r) => [r.dataset.entry, r.getBoundingClientRect().height]),
        total: view.querySelector("[data-testid=total]").dataset.value,
        wasm: performance.getEntriesByType("resource").filter((e) => /\.wasm$/.test(new URL(e.name).pathname)).length,
      };
    }, W);
  const below = () => page.evaluate(() => document.querySelector("#below").getBoundingClientRect().top + scrollY);
  /// Sums layout shifts from now on, where the engine reports them (Chromium); elsewhere
  /// `window.__shift` stays null and the position of what is below is the check.
  const watchShifts = () =>
    page.evaluate(() => {
      window.__shift = null;
      if (!PerformanceObserver.supportedEntryTypes?.includes("layout-shift")) return;
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: "layout-shift" });
    });
  const live = () => page.waitFor((h) => {
    const root = document.querySelector(h).shadowRoot;
    return !root.querySelector("[data-prerendered]") && !!root.querySelector(".vc-root [data-testid=total]");
  }, W, 15000);

  test("before any wasm: all 21 priced rows, styled, and a total of 0", async () => {
    await open("en");
    const first = await shown();
    assert.equal(first.prerendered, true);
    assert.equal(first.wasm, 0, "no wasm was fetched");
    assert.equal(first.rows.length, 21);
    // Styled by the linked stylesheet: compact rows, not the browser's defaults.
    for (const [id, h] of first.rows) assert.ok(h <= 64, `${id} is ${h} px tall`);
    assert.equal(first.total, "0");
    assert.match(first.text, /^Credits calculator .* Total 0 credits$/);
    assert.deepEqual(await page.problems(), []);
  });

  for (const [language, title] of [
    ["en", "Credits calculator"],
    ["de", "Credits-Rechner"],
  ]) {
    test(`${language}: the live view takes over with the same text, and nothing below moves`, async () => {
      await open(language);
      const first = await shown();
      const was = await below();
      await watchShifts();
      await page.evaluate(() => window.loadWidget());
      await live();
      await eventually(async () => (await shown()).text.startsWith(title), true);
      const then = await shown();
      assert.equal(then.text, first.text);
      assert.deepEqual(then.rows.map((r) => r[0]), first.rows.map((r) => r[0]));
      const moved = Math.abs((await below()) - was);
      assert.ok(moved <= 2, `the content below moved ${moved} px`);
      const shift = await page.evaluate(() => window.__shift);
      console.log(`${name}, ${language}: take-over moved the content below ${moved} px; layout shift ${shift ?? "not reported"}`);
      assert.ok((shift ?? 0) <= 0.01, `layout shift ${shift}`);
      assert.deepEqual(await page.problems(), []);
    });
  }

  test("typed before the wasm arrives: kept in the box and the plan, focus stays", async () => {
    await open("en");
    await page.type(W, qty("ai-expand"), "3");
    // The prerendered row shows its period once it has a quantity, as the live one does
    // (WebKitGTK doesn't restyle `:has(:placeholder-shown)` as a box's value changes: there
    // the period appears with the take-over).
    if (name !== "webkit") {
      assert.equal(await page.evaluate((h) => document.querySelector(h).shadowRoot.querySelector('[data-entry="ai-expand"] select').getClientRects().length, W), 1);
    }
    await page.evaluate(() => window.loadWidget());
    await live();
    await eventually(() => page.evaluate((h) => document.querySelector(h).quote?.total ?? null, W), 12);
    assert.equal(await read(page, W, qty("ai-expand"), "value"), "3");
    assert.equal(await page.evaluate((h) => document.querySelector(h).shadowRoot.activeElement?.id ?? null, W), "vc-q-ai-expand");
    // And it goes on as typing: the next key lands in the same box.
    await page.press("0");
    await eventually(() => page.evaluate((h) => document.querySelector(h).quote.total, W), 120);
    assert.deepEqual(await page.problems(), []);
  });
});
