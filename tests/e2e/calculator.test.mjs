// The calculator, driven as a person would in the release build: the demo page and host pages
// that use pkg/ exactly as the host contract says.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStatic, launch, openPage, Widget, axe, catalog, shownName, TYPED_PLAN, TYPED_QUOTE } from "./harness.mjs";

let web, browser;
before(async () => {
  web = await startStatic();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await web?.close();
});

// The demo without an account API, so only the calculator is under test here.
const calculatorPage = () => `${web.origin}/pages/calculator.html`;

test("shows all 21 priced entries with their credits, grouped by category", async () => {
  const { page, problems } = await openPage(browser, calculatorPage());
  const w = new Widget(page);
  await w.ready();
  assert.equal(catalog.entries.length, 21);
  for (const e of catalog.entries) {
    const row = w.row(e.id);
    await row.waitFor();
    const text = await row.innerText();
    const shown = shownName(e);
    assert.ok(text.startsWith(shown), `${e.id} shows ${shown}: ${text}`);
    assert.match(text, new RegExp(`\\b${e.credits} credits? each`), `${e.id} shows ${e.credits} credits`);
    // The quantity box is labelled with the entry's name.
    const box = page.getByRole("spinbutton", { name: e.name, exact: true });
    assert.equal(await box.count(), 1, `${e.id}: one spinbutton named ${e.name}`);
  }
  assert.equal(await w.host.locator("[data-entry]").count(), 21);
  const headings = await w.host.locator("h3").allInnerTexts();
  assert.deepEqual(headings.slice(0, 2), ["Image Editor", "Image Generator"]);
  assert.equal(await w.row("text-to-image/kling").locator("[data-credits]").getAttribute("data-credits"), "2");
  assert.equal(await w.row("image-to-image/kling").locator("[data-credits]").getAttribute("data-credits"), "3");
  assert.deepEqual(problems, []);
});

test("the total, the quote property and credits-change follow the plan", async () => {
  const { page, problems } = await openPage(browser, calculatorPage());
  const w = new Widget(page);
  await w.ready();
  assert.equal(await w.totalValue(), 0);
  await page.evaluate(() => {
    window.events = [];
    document.querySelector("vidmud-credits").addEventListener("credits-change", (e) => window.events.push(e.detail));
    // Bubbling: the page sees it too (composed is checked through a shadow root elsewhere).
    document.addEventListener("credits-change", () => (window.seenOnDocument = true));
  });
  for (const [id, quantity] of TYPED_PLAN) await w.set(id, quantity);
  const expected = TYPED_QUOTE.total;
  assert.equal(await w.totalValue(), expected);
  assert.equal(await w.total().innerText(), "3,108");
  assert.equal(await w.row("image-to-image/kling").locator(".vc-row__subtotal").innerText(), "3,000 credits");
  const quote = await w.quote();
  assert.deepEqual(quote, TYPED_QUOTE);
  await page.waitForFunction((n) => window.events.at(-1)?.total === n, expected);
  const events = await page.evaluate(() => window.events);
  assert.deepEqual(events.at(-1), quote);
  assert.ok(await page.evaluate(() => window.seenOnDocument));
  // Every total reported was a real total on the way there.
  for (const e of events) assert.equal(e.total, e.lines.reduce((s, l) => s + l.credits, 0));
  // Emptying a box takes the line out.
  await w.set("ai-expand", "");
  assert.equal(await w.totalValue(), expected - 12);
  assert.equal((await w.quote()).lines.length, 2);
  assert.deepEqual(problems, []);
});

test("bad input gets a message, counts as 0, stays in the box, and the widget keeps working", async () => {
  const { page, problems } = await openPage(browser, calculatorPage());
  const w = new Widget(page);
  await w.ready();
  await w.set("ai-headshot", 5);
  const cases = [
    ["-3", /can't be negative/i],
    ["2.5", /whole number/i],
    ["1e", /enter a number/i],
    ["99999999", /at most 1,000,000/i],
  ];
  for (const [typed, message] of cases) {
    await w.qty("ai-expand").fill("");
    await w.qty("ai-expand").pressSequentially(typed);
    const row = w.row("ai-expand");
    assert.match(await row.locator(".vc-row__error").innerText(), message, typed);
    assert.match(await row.locator(".vc-row__error").innerText(), /counted as 0/);
    assert.equal(await w.qty("ai-expand").getAttribute("aria-invalid"), "true");
    assert.equal(await w.totalValue(), 10, `${typed} adds nothing`);
    assert.equal(await w.total().innerText(), "10");
    // The browser keeps what was typed (it reports unreadable text as empty, so check validity).
    const kept = await w.qty("ai-expand").evaluate((el) => el.value !== "" || el.validity.badInput);
    assert.ok(kept, `${typed} is still in the box`);
  }
  // Still working: a good number clears the message and counts.
  await w.set("ai-expand", 2);
  assert.equal(await w.row("ai-expand").locator(".vc-row__error").innerText(), "");
  assert.equal(await w.qty("ai-expand").getAttribute("aria-invalid"), "false");
  assert.equal(await w.totalValue(), 18);
  const text = await w.host.evaluate((el) => el.shadowRoot.textContent);
  assert.doesNotMatch(text, /NaN|undefined|-\d/);
  assert.deepEqual(problems, []);
});

test("keyboard: arrows step a quantity, Escape clears the filter; click clears the plan", async () => {
  const { page, problems } = await openPage(browser, calculatorPage());
  const w = new Widget(page);
  await w.ready();
  await w.qty("chat-editing").focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowDown");
  assert.equal(await w.totalValue(), 2 * 2);
  // Tab reaches the line's period, then the next quantity box.
  await page.keyboard.press("Tab");
  assert.equal(await w.host.evaluate((el) => el.shadowRoot.activeElement?.dataset.field), "period");
  await page.keyboard.press("Tab");
  await page.keyboard.type("4");
  assert.equal(await w.totalValue(), 4 + 4 * 2);

  const filter = w.host.getByRole("searchbox", { name: "Filter features and models" });
  await filter.fill("kling");
  assert.ok(await w.row("text-to-image/kling").isVisible());
  assert.ok(await w.row("image-to-image/kling").isVisible());
  assert.equal(await w.row("chat-editing").isVisible(), false);
  // Hidden lines still count.
  assert.equal(await w.totalValue(), 12);
  await filter.fill("nothing like this");
  assert.match(await w.host.locator(".vc-empty").innerText(), /Nothing matches/);
  // Named without a price is still found, and said to be so.
  await filter.fill("video");
  assert.match(await w.host.locator('[data-unpriced="image-to-video"]').innerText(), /price not published yet/);
  assert.equal(await w.host.locator(".vc-empty").innerText(), "");
  assert.equal(await w.row("chat-editing").isVisible(), false);
  await filter.press("Escape");
  assert.equal(await filter.inputValue(), "");
  assert.ok(await w.row("chat-editing").isVisible());

  await w.qty("ai-expand").pressSequentially("-1");
  await w.host.getByRole("button", { name: "Clear plan" }).click();
  assert.equal(await w.totalValue(), 0);
  assert.equal(await w.qty("chat-editing").inputValue(), "");
  assert.equal(await w.row("ai-expand").locator(".vc-row__error").innerText(), "");
  assert.deepEqual((await w.quote()).lines, []);
  assert.deepEqual(problems, []);
});

test("host contract: several instances on a page, independent; moving keeps the plan; removing unmounts", async () => {
  const { page, problems } = await openPage(browser, `${web.origin}/pages/multi.html`);
  const a = new Widget(page, "#a");
  const b = new Widget(page, "#b");
  await a.ready();
  await b.ready();
  await a.set("ai-expand", 2);
  await b.set("ai-expand", 5);
  await b.set("photo-restoration", 1);
  assert.equal(await a.totalValue(), 8);
  assert.equal(await b.totalValue(), 22);
  assert.equal((await a.quote()).total, 8);
  assert.equal((await b.quote()).total, 22);

  // Moving the element (a host re-layout) must not lose the plan.
  await page.evaluate(() => document.querySelector("#elsewhere").append(document.querySelector("#a")));
  await page.waitForTimeout(50);
  assert.equal(await a.totalValue(), 8);
  assert.equal(await a.qty("ai-expand").inputValue(), "2");
  await a.set("ai-expand", 3);
  assert.equal(await a.totalValue(), 12);

  // Removing it unmounts: its shadow root empties and its quote is empty.
  const after = await page.evaluate(async () => {
    const el = document.querySelector("#b");
    el.remove();
    await new Promise((r) => setTimeout(r, 20));
    return { children: el.shadowRoot.childElementCount, quote: el.quote };
  });
  assert.deepEqual(after, { children: 0, quote: { total: 0, once: 0, monthly: 0, lines: [] } });
  // The other one is untouched and still works.
  await a.set("chat-editing", 1);
  assert.equal(await a.totalValue(), 14);
  // A new element added later works too.
  await page.evaluate(() => document.body.append(Object.assign(document.createElement("vidmud-credits"), { id: "c" })));
  const c = new Widget(page, "#c");
  await c.ready();
  await c.set("ai-expand", 1);
  assert.equal(await c.totalValue(), 4);
  assert.deepEqual(problems, []);
});

test("strict CSP host: styled through the adopted stylesheet, no violation", async () => {
  const { page, problems } = await openPage(browser, `${web.origin}/pages/csp-strict.html`);
  const w = new Widget(page);
  await w.ready();
  await w.set("ai-expand", 2);
  assert.equal(await w.totalValue(), 8);
  const style = await w.host.evaluate((el) => {
    const total = el.shadowRoot.querySelector('[data-testid="total"]');
    return {
      sheets: el.shadowRoot.adoptedStyleSheets.length,
      styleElements: el.shadowRoot.querySelectorAll("style").length,
      radius: getComputedStyle(el.shadowRoot.querySelector(".vc")).borderTopLeftRadius,
      totalBold: getComputedStyle(total).fontWeight,
    };
  });
  assert.equal(style.sheets, 1);
  assert.equal(style.styleElements, 0);
  assert.equal(style.radius, "10px", "the widget's own styles apply");
  assert.deepEqual(problems, []);
});

test("data is rendered as text, never as HTML", async () => {
  const { page } = await openPage(browser, calculatorPage());
  const w = new Widget(page);
  await w.ready();
  const filter = w.host.getByRole("searchbox");
  await filter.fill("<img src=x onerror=alert(1)>");
  assert.match(await w.host.locator(".vc-empty").innerText(), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await w.host.locator("img").count(), 0);
});

test("themes: light, dark and auto (following the system)", async () => {
  const bg = async (page) =>
    page.locator("vidmud-credits").evaluate((el) => getComputedStyle(el.shadowRoot.querySelector(".vc")).backgroundColor);
  const light = await openPage(browser, calculatorPage(), { colorScheme: "dark" });
  await new Widget(light.page).ready();
  await light.page.evaluate(() => document.querySelector("vidmud-credits").setAttribute("theme", "light"));
  assert.equal(await bg(light.page), "rgb(255, 255, 255)");
  await light.page.evaluate(() => document.querySelector("vidmud-credits").setAttribute("theme", "dark"));
  assert.equal(await bg(light.page), "rgb(21, 22, 29)");
  await light.page.evaluate(() => document.querySelector("vidmud-credits").setAttribute("theme", "auto"));
  assert.equal(await bg(light.page), "rgb(21, 22, 29)", "auto follows the dark system setting");
  const auto = await openPage(browser, calculatorPage(), { colorScheme: "light" });
  await new Widget(auto.page).ready();
  assert.equal(await bg(auto.page), "rgb(255, 255, 255)");
});

test("usable at 320 px: nothing overflows sideways", async () => {
  const { page } = await openPage(browser, calculatorPage(), { viewport: { width: 320, height: 640 } });
  const w = new Widget(page);
  await w.ready();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 320, `page is ${overflow}px wide`);
  await w.set("image-to-image/nano-banana-pro", 1000000);
  assert.equal(await w.total().innerText(), "8,000,000");
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 320);
});

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no violation (${colorScheme}, with a plan and an error showing)`, async () => {
    const { page } = await openPage(browser, calculatorPage(), { colorScheme });
    const w = new Widget(page);
    await w.ready();
    await w.set("ai-expand", 3);
    await w.qty("chat-editing").pressSequentially("-2");
    const violations = await axe(page);
    assert.deepEqual(violations, []);
  });
}

test("the demo page: the calculator on a pricing page, accessible", async () => {
  const { page } = await openPage(browser, `${web.origin}/?signed-out`);
  const w = new Widget(page);
  await w.ready();
  await w.set("text-to-image/flux-dev", 10);
  assert.equal(await w.totalValue(), 10);
  assert.deepEqual(await axe(page), []);
});

test("periods: a line per day, week or month costs per month; the quote and monthly say so", async () => {
  const { page, problems } = await openPage(browser, calculatorPage());
  const w = new Widget(page);
  await w.ready();
  const period = (id) => w.row(id).locator('select[data-field="period"]');
  assert.deepEqual(await period("ai-expand").evaluate((s) => [...s.options].map((o) => o.value)), ["once", "day", "week", "month"]);
  await w.set("ai-expand", 3); // 12 once
  // Labelled for screen readers with the entry's name.
  assert.equal(await w.host.getByRole("combobox", { name: "How often: AI Expand", exact: true }).count(), 1);
  await w.set("text-to-image/flux-dev", 10);
  await period("text-to-image/flux-dev").selectOption("day"); // ⌈10 × 365 / 12⌉ = 305 a month
  // The period shows once a line has a quantity.
  assert.equal(await period("chat-editing").isVisible(), false);
  await w.set("chat-editing", 5);
  await period("chat-editing").selectOption("week"); // 10 a week: ⌈520 / 12⌉ = 44 a month
  assert.equal(await w.totalValue(), 12 + 305 + 44);
  const monthly = w.host.locator('[data-testid="monthly"]');
  assert.equal(await monthly.getAttribute("data-value"), "349");
  assert.match(await monthly.innerText(), /349 credits every month \(a month is a twelfth of a year\)/);
  assert.equal(await w.row("text-to-image/flux-dev").locator(".vc-row__subtotal").innerText(), "305 credits a month");
  const quote = await w.quote();
  assert.deepEqual(
    { total: quote.total, once: quote.once, monthly: quote.monthly },
    { total: 361, once: 12, monthly: 349 },
  );
  assert.deepEqual(quote.lines.find((l) => l.id === "chat-editing"), {
    id: "chat-editing", quantity: 5, period: "week", credits_each: 2, credits: 44,
  });
  assert.equal(quote.lines.reduce((s, l) => s + l.credits, 0), quote.total);
  // Back to once: no monthly line, and the total is what it was before periods existed.
  await period("text-to-image/flux-dev").selectOption("once");
  await period("chat-editing").selectOption("once");
  assert.equal(await monthly.getAttribute("data-value"), "0");
  assert.equal(await monthly.isVisible(), false);
  assert.equal(await w.totalValue(), 12 + 10 + 10);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
});

test("a language's words on their way: an outline at about the widget's height, busy, then the view in that language", async () => {
  const context = await browser.newContext({ timezoneId: "UTC", locale: "de-DE", viewport: { width: 360, height: 740 } });
  // German's chunk arrives a second late, as on a slow phone network.
  let release;
  const arrived = new Promise((r) => (release = r));
  await context.route(/split_lang_de\.wasm$/, async (route) => {
    await arrived;
    await route.continue();
  });
  const page = await context.newPage();
  await page.goto(`${web.origin}/pages/balance.html?locale=de-DE&persist=none`);
  const root = page.locator("#w .vc-root");
  await root.waitFor({ state: "attached" });
  await page.waitForTimeout(300);
  const waiting = await root.evaluate((r) => ({ busy: r.getAttribute("aria-busy"), height: r.getBoundingClientRect().height, total: !!r.querySelector('[data-testid="total"]') }));
  assert.deepEqual({ ...waiting, height: waiting.height >= 1500 }, { busy: "true", height: true, total: false }, JSON.stringify(waiting));
  release();
  const w = new Widget(page, "#w");
  await w.ready();
  assert.equal(await w.host.locator(".vc-title").innerText(), "Credits-Rechner");
  assert.equal(await root.getAttribute("aria-busy"), null);
  // The view's height is about the outline's: nothing below it jumped far.
  const shown = await w.host.evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(Math.abs(shown - waiting.height) < 160, `outline ${waiting.height} px, view ${shown} px`);
  await context.close();
});
