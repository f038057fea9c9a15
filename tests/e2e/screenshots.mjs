// Regenerates the README's screenshots (docs/screenshots/): the demo page with a plan, the
// calculator at 320 px, and the balance panel in each state. Needs dist/, pkg/ and the
// reference API built: `cargo xtask dist && cargo build -p vidmud-account-api` first.
// Run: VIDMUD_ROOT=$PWD node tests/e2e/screenshots.mjs

import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, startStatic, startApi, launch, Widget } from "./harness.mjs";
import { launchEngine } from "./drivers.mjs";
import { buyersTask, PACKS } from "./task.mjs";

const out = join(ROOT, "docs/screenshots");
await mkdir(out, { recursive: true });
const web = await startStatic();
const api = await startApi(web.origin, "plan");
const browser = await launch();

async function page(path, options = {}) {
  const context = await browser.newContext({ timezoneId: "UTC", viewport: { width: 1200, height: 900 }, ...options });
  const p = await context.newPage();
  await p.goto(`${web.origin}${path}`);
  return p;
}

async function plan(w) {
  await w.set("ai-expand", 40);
  await w.set("text-to-image/nano-banana-pro", 90);
  await w.set("image-to-image/kling", 150);
}

// The demo, pointed at this run's reference API.
{
  const p = await page("/");
  await p.evaluate((base) => document.querySelector("vidmud-credits").setAttribute("api-base", base), api.base);
  const w = new Widget(p);
  await w.host.locator('[data-testid="balance"][data-state="ok"]').waitFor();
  await plan(w);
  await p.screenshot({ path: join(out, "demo.png"), fullPage: true });
}

// 320 px wide, dark.
{
  const p = await page("/pages/calculator.html", { viewport: { width: 320, height: 720 }, colorScheme: "dark" });
  const w = new Widget(p);
  await w.ready();
  await w.set("ai-expand", 3);
  await w.qty("chat-editing").pressSequentially("2.5");
  await p.screenshot({ path: join(out, "narrow-dark.png") });
}

// Each balance state, as the panel and the total bar show it.
const states = [
  ["ok", "plan", {}],
  ["short", "low", {}],
  ["signed-out", "signed-out", {}],
  ["error", "server-error", {}],
  ["stale", "ok", { refreshInto: "server-error" }],
];
for (const [name, scenario, how] of states) {
  await api.scenario(scenario);
  const q = new URLSearchParams({ api: api.base, token: "demo", account: "https://vidmud.test/account" });
  const p = await page(`/pages/balance.html?${q}`, { viewport: { width: 720, height: 900 } });
  const w = new Widget(p, "#w");
  await w.ready();
  await plan(w);
  const want = name === "short" ? "ok" : name;
  if (how.refreshInto) {
    await w.host.locator('[data-testid="balance"][data-state="ok"]').waitFor();
    await api.scenario(how.refreshInto);
    await p.evaluate(() => document.querySelector("#w").refresh());
  }
  await w.host.locator(`[data-testid="balance"][data-state="${want}"]`).waitFor({ timeout: 15000 });
  await w.balance().screenshot({ path: join(out, `balance-${name}.png`) });
  if (name === "ok" || name === "short") {
    await w.host.locator(".vc-summary").screenshot({ path: join(out, `after-plan-${name}.png`) });
  }
}

// Periods and runway, in de-DE: a daily line, the monthly line and how long the balance lasts.
{
  await api.scenario("plan");
  const q = new URLSearchParams({ api: api.base, token: "demo", locale: "de-DE" });
  const p = await page(`/pages/balance.html?${q}`, { viewport: { width: 900, height: 1400 } });
  const w = new Widget(p, "#w");
  await w.host.locator('[data-testid="balance"][data-state="ok"]').waitFor();
  await w.set("ai-expand", 50);
  await w.set("chat-editing", 10);
  await w.row("chat-editing").locator('select[data-field="period"]').selectOption("day");
  await w.host.locator('[data-testid="runway"]').waitFor();
  await w.host.locator('[data-testid="plan"]').screenshot({ path: join(out, "plan-de.png") });
  await w.row("chat-editing").screenshot({ path: join(out, "period-row.png") });
}

// The buyer's panels: cheaper models and pack advice for a signed-out visitor, what a budget
// still makes, and a plan started from the last 30 days.
{
  const packs = JSON.stringify([
    { id: "starter", name: "Starter (example)", credits: 500, price: 4.99, currency: "EUR" },
    { id: "creator", name: "Creator (example)", credits: 2000, price: 17.99, currency: "EUR" },
    { id: "studio", name: "Studio (example)", credits: 10000, price: 79.99, currency: "EUR" },
  ]);
  const p = await page(`/pages/balance.html?${new URLSearchParams({ packs })}`, { viewport: { width: 720, height: 1400 } });
  const w = new Widget(p, "#w");
  await w.ready();
  await w.set("text-to-image/nano-banana-pro", 120);
  await w.set("ai-expand", 200);
  await w.host.locator('[data-testid="hint"]').first().waitFor();
  await w.host.locator(".vc-hints").screenshot({ path: join(out, "hints.png") });
  await w.host.locator('[data-testid="pack-advice"]').screenshot({ path: join(out, "pack-advice.png") });
  await w.host.locator('[data-testid="can-make"] summary').click();
  await w.host.locator('[data-field="budget"]').fill("2500");
  await w.host.locator("[data-can-make]").first().waitFor();
  await w.host.locator('[data-testid="can-make"]').screenshot({ path: join(out, "can-make.png") });
}
{
  await api.scenario("ok");
  const q = new URLSearchParams({ api: api.base, token: "demo" });
  const p = await page(`/pages/balance.html?${q}`, { viewport: { width: 720, height: 900 } });
  const w = new Widget(p, "#w");
  await w.host.locator('[data-testid="balance"][data-state="ok"]').waitFor();
  await w.host.locator('[data-testid="from-usage"]').click();
  await w.host.locator('[data-testid="usage-status"][data-state="ok"]').waitFor();
  await w.balance().screenshot({ path: join(out, "from-usage.png") });
}

// Save and share, after "Copy link" on a page without a clipboard (the link shows in a field).
{
  const ids = "shot";
  const p = await page(`/pages/keep.html?${new URLSearchParams({ ids, clipboard: "none" })}`, { viewport: { width: 720, height: 2600 } });
  const w = new Widget(p, `#${ids}`);
  await w.ready();
  await w.set("ai-expand", 3);
  await w.set("text-to-image/flux-dev", 10);
  await w.host.locator('[data-testid="copy-link"]').click();
  await w.host.locator('[data-testid="share-link"]').waitFor();
  await w.host.locator(".vc-keep").screenshot({ path: join(out, "keep.png") });
}

// German at 320 px, signed in and short, with the buyer's panels.
{
  await api.scenario("ok");
  const packs = JSON.stringify([{ id: "starter", name: "Starter", credits: 500, price: 4.99, currency: "EUR" }]);
  const q = new URLSearchParams({ api: api.base, token: "demo", locale: "de-DE", packs });
  const p = await page(`/pages/balance.html?${q}`, { viewport: { width: 320, height: 640 } });
  const w = new Widget(p, "#w");
  await w.host.locator('[data-testid="balance"][data-state="ok"]').waitFor();
  await w.set("text-to-image/nano-banana-pro", 250);
  await w.host.locator('[data-testid="pack-advice"]').waitFor();
  await p.screenshot({ path: join(out, "german-320.png"), fullPage: true });
}

await browser.close();

// The buyer's task done (task.mjs), as the screen shows the answer, at 360 × 740 and 1280 × 800,
// in Chromium and Firefox.
for (const engineName of ["chromium", "firefox"]) {
  const engine = await launchEngine(engineName);
  for (const [width, height] of [
    [360, 740],
    [1280, 800],
  ]) {
    const p = await engine.newPage(`${web.origin}/pages/balance.html?${new URLSearchParams({ packs: PACKS, persist: "none" })}`);
    await p.waitFor((h) => !!document.querySelector(h)?.shadowRoot?.querySelector('[data-testid="total"]'), "#w", 15000);
    await p.viewport(width, height);
    const cost = await buyersTask(p, "#w");
    await p.screenshot(join(out, `answer-${width}-${engineName}.png`));
    console.log(`${engineName} at ${width} × ${height}: ${cost.taps} taps, ${cost.keys} keys, ${cost.scrolled} px`);
    await p.close();
  }
  await engine.close();
}
api.close();
await web.close();
console.log(`screenshots written to ${out}`);
