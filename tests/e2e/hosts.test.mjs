// Ready for hosts (issue 20), in Chromium, Firefox and WebKit: the one-tag embed under the
// README's strict CSP, a property for every attribute, a second copy of the module, the printed
// plan and right-to-left. (The npm package, its types and manifest: package.test.mjs.)
// Engines come from VIDMUD_ENGINES (default: all three).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStatic, startApi, eventually } from "./harness.mjs";
import { eachEngine, openRendered, read, choosePeriod } from "./drivers.mjs";

const W = "#w";
const row = (id) => `[data-entry="${id}"]`;
const qty = (id) => `${row(id)} input[type="number"]`;
const TOTAL = '[data-testid="total"]';

let web, api;
before(async () => {
  web = await startStatic();
  api = await startApi(web.origin, "ok");
});
after(async () => {
  api?.close();
  await web?.close();
});

/// Whether `inner` in the element is rendered (has a box): `display: none` on it or an ancestor
/// gives none.
const shown = (page, inner) =>
  page.evaluate((h, i) => [...document.querySelector(h).shadowRoot.querySelectorAll(i)].map((e) => e.getClientRects().length > 0), W, inner);

eachEngine((name, session) => {
  test("one tag: <script type=module src=vidmud-credits.js> alone defines the element under the strict CSP", async () => {
    const page = (session.page = await openRendered(session.engine, `${web.origin}/pages/csp-one-tag.html`, W));
    await page.type(W, qty("ai-expand"), "3");
    await eventually(() => read(page, W, TOTAL, "@data-value"), "12");
    // The buyer's chunk came too, with its styles, and nothing was refused.
    await eventually(() => read(page, W, '[data-plan-line="ai-expand"]', "@data-credits"), "12");
    assert.equal(await page.evaluate((h) => document.querySelector(h).shadowRoot.adoptedStyleSheets.length, W), 1);
    assert.deepEqual(await page.evaluate(() => window.__problems), []);
    assert.deepEqual(await page.problems(), []);
  });

  test("properties: each attribute's property reflects it and takes effect; set before the module, it counts", async () => {
    const page = (session.page = await session.engine.newPage(`${web.origin}/pages/late.html`));
    // Before the module: plain properties on an undefined element.
    await page.evaluate((h, base) => {
      const el = document.querySelector(h);
      el.locale = "de-DE";
      el.apiBase = base;
      el.authToken = "vidmud-demo-token";
      el.label = "Rechner";
    }, W, api.base);
    await page.evaluate(() => import("/pkg/vidmud-credits.js").then((m) => m.default()));
    await eventually(() => read(page, W, '[data-testid="balance"]', "@data-state"), "ok");
    await page.type(W, qty("ai-expand"), "300");
    await eventually(() => read(page, W, TOTAL, "innerText"), "1.200");
    const reflected = await page.evaluate((h) => {
      const el = document.querySelector(h);
      return ["locale", "api-base", "label"].map((a) => el.getAttribute(a));
    }, W);
    assert.deepEqual(reflected, ["de-DE", api.base, "Rechner"]);
    assert.equal(await read(page, W, ".vc-root", "@aria-label"), "Rechner");
    // Each property reads its attribute, sets it, and null removes it.
    const round = await page.evaluate((h) => {
      const el = document.querySelector(h);
      const props = { apiBase: "api-base", credentials: "credentials", pricingUrl: "pricing-url", accountUrl: "account-url", locale: "locale", catalogUrl: "catalog-url", label: "label", persist: "persist", theme: "theme" };
      const out = {};
      for (const [p, a] of Object.entries(props)) {
        const was = el.getAttribute(a);
        el.setAttribute(a, "x-" + a);
        const read = el[p];
        el[p] = "y-" + a;
        const written = el.getAttribute(a);
        el[p] = null;
        const removed = el.hasAttribute(a);
        if (was === null) el.removeAttribute(a);
        else el.setAttribute(a, was);
        out[p] = [read, written, removed];
      }
      el.syncUrl = true;
      const on = el.hasAttribute("sync-url") && el.syncUrl === true;
      el.syncUrl = false;
      out.syncUrl = [on, el.hasAttribute("sync-url"), el.syncUrl];
      return out;
    }, W);
    for (const [p, [got, written, removed]] of Object.entries(round).filter(([p]) => p !== "syncUrl")) {
      assert.match(got, /^x-/, p);
      assert.match(written, /^y-/, p);
      assert.equal(removed, false, p);
    }
    assert.deepEqual(round.syncUrl, [true, false, false]);
    // Taking effect: English by the property, a dark theme, and the balance's API gone.
    await page.evaluate((h) => {
      const el = document.querySelector(h);
      el.locale = "en-US";
      el.theme = "dark";
      el.apiBase = null;
    }, W);
    await eventually(() => read(page, W, TOTAL, "innerText"), "1,200");
    await eventually(() => read(page, W, '[data-testid="balance"]', "@data-state"), "idle");
    const scheme = await page.evaluate((h) => getComputedStyle(document.querySelector(h)).colorScheme, W);
    assert.equal(scheme, "dark");
    assert.deepEqual(await page.problems(), []);
  });

  test("a second copy of the module warns once, naming both, and the first keeps working", async () => {
    const page = (session.page = await openRendered(session.engine, `${web.origin}/pages/csp-one-tag.html`, W));
    const warned = await page.evaluate(async () => {
      const seen = [];
      const warn = console.warn;
      console.warn = (...args) => seen.push(args.join(" "));
      try {
        const copy = await import("/pkg-copy/vidmud-credits.js");
        await copy.default();
      } finally {
        console.warn = warn;
      }
      return seen;
    });
    assert.equal(warned.length, 1, JSON.stringify(warned));
    assert.match(warned[0], /already defined by .*\/pkg\/snippets\/.*element\.js; this copy, .*\/pkg-copy\/snippets\/.*element\.js, is not used/);
    await page.type(W, qty("ai-expand"), "2");
    await eventually(() => read(page, W, TOTAL, "@data-value"), "8");
    assert.deepEqual(await page.problems(), []);
  });

  test("print: the plan reads as a quote, its lines, the totals and the date; no controls, price list or bar", async () => {
    const page = (session.page = await openRendered(session.engine, `${web.origin}/pages/csp-one-tag.html`, W));
    await page.type(W, qty("ai-expand"), "10");
    await choosePeriod(page, W, "ai-expand", "month");
    await page.type(W, qty("chat-editing"), "3");
    await eventually(() => read(page, W, '[data-plan-line="chat-editing"]', "@data-credits"), "6");
    const position = () => page.evaluate((h) => getComputedStyle(document.querySelector(h).shadowRoot.querySelector(".vc-summary")).position, W);
    if (name === "chromium") {
      // Chromium emulates print media itself (DevTools Protocol).
      await page.page.emulateMedia({ media: "print" });
      // In document order: Clear plan (a button, not printed), then the date (printed only).
      assert.deepEqual(await shown(page, '[data-testid="clear-plan"], [data-testid="quote-date"]'), [false, true]);
      assert.equal(await position(), "static");
      await page.page.emulateMedia({ media: "screen" });
      assert.equal(await position(), "sticky");
    }
    // Print media in every engine: every `@media print` rule of the element's stylesheet
    // applies, as on paper (through the CSSOM: WebDriver can't emulate print media in all).
    const flipped = await page.evaluate((h) => {
      let n = 0;
      for (const sheet of document.querySelector(h).shadowRoot.adoptedStyleSheets) {
        for (const rule of sheet.cssRules) {
          if (rule.media && rule.media.mediaText === "print") {
            rule.media.mediaText = "all";
            n++;
          }
        }
      }
      return n;
    }, W);
    assert.ok(flipped >= 2, `print rules: ${flipped}`);
    const controls = await shown(page, "button, .vc-step, .vc-filter, .vc-list, [data-testid='plan-bar'], .vc-balance");
    assert.ok(controls.length > 20 && controls.every((s) => !s), JSON.stringify(controls));
    assert.deepEqual(await shown(page, "[data-plan-line]"), [true, true]);
    assert.deepEqual(await shown(page, TOTAL), [true]);
    assert.deepEqual(await shown(page, '[data-testid="monthly"]'), [true]);
    const date = new Date().toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
    assert.equal(await read(page, W, '[data-testid="quote-date"]', "innerText"), `Quote of ${date}`);
    assert.deepEqual(await shown(page, '[data-testid="quote-date"]'), [true]);
    assert.equal(await position(), "static");
    // On screen, the date is not shown.
    await page.evaluate((h) => {
      for (const sheet of document.querySelector(h).shadowRoot.adoptedStyleSheets) {
        for (const rule of sheet.cssRules) if (rule.media?.mediaText === "all") rule.media.mediaText = "print";
      }
    }, W);
    assert.deepEqual(await shown(page, '[data-testid="quote-date"]'), [false]);
    assert.deepEqual(await page.problems(), []);
  });

  test("right to left: dir=rtl mirrors the rows, the filter and the total bar", async () => {
    const page = (session.page = await openRendered(session.engine, `${web.origin}/pages/csp-one-tag.html`, W));
    await page.viewport(1024, 768);
    const layout = () =>
      page.evaluate((h) => {
        const root = document.querySelector(h).shadowRoot;
        const box = (s) => root.querySelector(s).getBoundingClientRect();
        const name = box('[data-entry="ai-expand"] .vc-row__name');
        const input = box('[data-entry="ai-expand"] input[type="number"]');
        // The title's text, not its block (which spans the width either way).
        const range = document.createRange();
        range.selectNodeContents(root.querySelector(".vc-title"));
        const title = range.getBoundingClientRect();
        const vc = box(".vc");
        return {
          nameBeforeInput: name.left < input.left,
          titleAtLeft: Math.abs(title.left - vc.left) < Math.abs(vc.right - title.right),
        };
      }, W);
    assert.deepEqual(await layout(), { nameBeforeInput: true, titleAtLeft: true });
    await page.evaluate((h) => document.querySelector(h).setAttribute("dir", "rtl"), W);
    assert.deepEqual(await layout(), { nameBeforeInput: false, titleAtLeft: false });
    assert.deepEqual(await page.problems(), []);
  });
});
