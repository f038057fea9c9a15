// The live balance against the reference account API, over real HTTP and real CORS, in every
// state the contract defines.

import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startStatic, startApi, launch, openPage, Widget, axe, writtenSince, answeredAt, renewsAt } from "./harness.mjs";

const TOKEN = "vidmud-demo-token";
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
beforeEach(async () => {
  await api.scenario("ok");
  await api.clearRequests();
});

function url(params = {}) {
  const q = new URLSearchParams({ api: api.base, token: "demo", account: "https://vidmud.test/account", ...params });
  for (const [k, v] of Object.entries(params)) if (v === null) q.delete(k);
  return `${web.origin}/pages/balance.html?${q}`;
}

async function open(params, options) {
  const opened = await openPage(browser, url(params), options);
  const w = new Widget(opened.page, "#w");
  await w.ready();
  return { ...opened, w };
}

async function state(w, expected) {
  await w.host.locator(`[data-testid="balance"][data-state="${expected}"]`).waitFor({ timeout: 15000 });
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

test("ok: the balance, and what the plan leaves or still needs", async () => {
  const { page, w, problems } = await open();
  await state(w, "ok");
  assert.equal(await w.balance().getAttribute("data-value"), "1600");
  assert.match(await w.balance().innerText(), /Your balance\s+1,600\s+credits/);
  // With an empty plan there is nothing to say beyond the balance itself.
  assert.equal(await w.afterPlan().count(), 0);
  await w.set("ai-expand", 100); // 400
  assert.equal(await w.afterPlan().getAttribute("data-value"), "1200");
  assert.match(await w.afterPlan().innerText(), /1,200 credits left after this plan/);
  await w.set("image-to-image/nano-banana-pro", 206); // + 1648 = 2048
  assert.equal(await w.afterPlan().getAttribute("data-value"), "-448");
  assert.match(await w.afterPlan().innerText(), /You need 448 more credits/);
  const buy = w.afterPlan().getByRole("link", { name: "Buy credits" });
  assert.equal(await buy.getAttribute("href"), "https://vidmud.test/pricing?credits=448");
  const events = await page.evaluate(() => window.balanceEvents);
  assert.deepEqual(events.map((e) => e.state), ["idle", "loading", "ok"].slice(events[0].state === "idle" ? 0 : 1));
  assert.deepEqual(events.at(-1), { state: "ok", balance: 1600 });
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
});

test("plan usage: used of period credits, renewal date and a bar", async () => {
  await api.scenario("plan");
  const since = Date.now();
  const { page, w, problems } = await open();
  await state(w, "ok");
  assert.equal(await w.balance().getAttribute("data-value"), "1250");
  const usage = w.host.locator('[data-testid="plan-usage"]');
  // The start of the next month: the reference server's plan always renews ahead.
  const renews = await writtenSince(page, since, renewsAt, "en-US");
  assert.match(await usage.innerText(), new RegExp(`750 of 2,000 plan credits used · renews ${renews}`));
  const bar = usage.getByRole("progressbar");
  assert.equal(await bar.getAttribute("value"), "37");
  assert.equal(await bar.getAttribute("max"), "100");
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
});

test("the token goes in the Authorization header and nowhere else", async () => {
  const { page, w, context } = await open({ pricing: "https://vidmud.test/pricing" });
  await state(w, "ok");
  const seen = await api.requests();
  assert.equal(seen.length, 1);
  assert.equal(seen[0].authorization, `Bearer ${TOKEN}`);
  assert.equal(seen[0].path, "/v1/credits/balance");
  assert.equal(seen[0].query, null);
  const where = await page.evaluate(() => {
    const el = document.querySelector("#w");
    return {
      html: document.documentElement.outerHTML,
      shadow: el.shadowRoot.innerHTML,
      attributes: [...el.attributes].map((a) => `${a.name}=${a.value}`).join(" "),
      url: location.href,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookies: document.cookie,
      readBack: el.authToken,
    };
  });
  for (const [place, text] of Object.entries(where)) {
    assert.ok(!String(text ?? "").includes(TOKEN), `token found in ${place}`);
  }
  assert.equal(where.readBack, undefined);
  assert.equal((await context.cookies()).length, 0);
});

test("no api-base: no request at all, the panel stays idle", async () => {
  const { page, w, problems } = await open({ api: null });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await wait(1500);
  assert.equal(await w.balance().getAttribute("data-state"), "idle");
  assert.equal(await w.balance().getAttribute("data-value"), null);
  assert.equal(await w.afterPlan().count(), 0);
  assert.deepEqual(await api.requests(), []);
  assert.deepEqual(requests.filter((u) => u.startsWith(api.base)), []);
  await page.evaluate(() => document.querySelector("#w").refresh());
  await wait(300);
  assert.deepEqual(await api.requests(), []);
  assert.deepEqual(problems, []);
});

test("signed out: a sign-in link, no number, and no retry loop", async () => {
  const { page, w, problems } = await open({ token: null });
  await state(w, "signed-out");
  assert.equal(await w.balance().getAttribute("data-value"), null);
  const link = w.balance().getByRole("link", { name: "Sign in to see your balance" });
  assert.equal(await link.getAttribute("href"), "https://vidmud.test/account");
  assert.equal(await w.afterPlan().count(), 0);
  await wait(3000);
  assert.equal((await api.requests()).length, 1, "one request, no storm");
  assert.deepEqual(await axe(page), []);
  // Signing in (setting the token) asks again.
  await page.evaluate((t) => (document.querySelector("#w").authToken = t), TOKEN);
  await state(w, "ok");
  assert.equal((await api.requests()).at(-1).authorization, `Bearer ${TOKEN}`);
  // A 401 for cookies with no session is still signed out; 401 console noise is the browser's.
  assert.deepEqual(problems.filter((p) => !/401/.test(p)), []);
});

test("server error: a message and Retry, no number, no loop; Retry recovers", async () => {
  await api.scenario("server-error");
  const { page, w } = await open();
  await state(w, "error");
  assert.equal(await w.balance().getAttribute("data-value"), null);
  assert.match(await w.balance().innerText(), /couldn't be loaded.*HTTP 503/s);
  assert.equal(await w.afterPlan().count(), 0);
  await wait(3000);
  assert.equal((await api.requests()).length, 1, "errors do not loop");
  assert.deepEqual(await axe(page), []);
  await api.scenario("ok");
  await w.balance().getByRole("button", { name: "Retry" }).click();
  await state(w, "ok");
  assert.equal(await w.balance().getAttribute("data-value"), "1600");
});

test("stale: a failed refresh keeps the last balance, as of its time, with Retry", async () => {
  const since = Date.now();
  const { page, w } = await open();
  await state(w, "ok");
  // The time the answer gives, a few minutes before it was made, in the page's zone (UTC).
  const asOf = await writtenSince(page, since, answeredAt, "en-US", (d) => `${d.day}, ${d.time}`);
  await w.set("ai-expand", 10);
  await api.scenario("server-error");
  await page.evaluate(() => document.querySelector("#w").refresh());
  await state(w, "stale");
  assert.equal(await w.balance().getAttribute("data-value"), "1600");
  assert.match(await w.balance().innerText(), new RegExp(`As of ${asOf}`));
  assert.equal(await w.afterPlan().getAttribute("data-value"), "1560");
  assert.deepEqual(await axe(page), []);
  await api.scenario("plan");
  await w.balance().getByRole("button", { name: "Retry" }).click();
  await state(w, "ok");
  assert.equal(await w.balance().getAttribute("data-value"), "1250");
  const states = (await page.evaluate(() => window.balanceEvents)).map((e) => e.state);
  assert.deepEqual(states.slice(-5), ["ok", "loading", "stale", "loading", "ok"]);
});

for (const scenario of ["malformed", "wrong-shape", "negative", "huge"]) {
  test(`${scenario} answer: an error, never a number`, async () => {
    await api.scenario(scenario);
    const { page, w } = await open();
    await state(w, "error");
    assert.equal(await w.balance().getAttribute("data-value"), null);
    const text = await w.balance().innerText();
    assert.match(text, /couldn't be read/);
    assert.doesNotMatch(text, /\d/);
    assert.equal(await w.afterPlan().count(), 0);
    const events = await page.evaluate(() => window.balanceEvents);
    assert.deepEqual(events.at(-1), { state: "error", balance: null });
    // The calculator keeps working.
    await w.set("ai-expand", 1);
    assert.equal(await w.totalValue(), 4);
  });
}

test("rate limited: waits Retry-After, then shows the balance", async () => {
  await api.scenario("rate-limited");
  const started = Date.now();
  const { w } = await open();
  await state(w, "ok");
  const took = Date.now() - started;
  assert.ok(took >= 2000, `waited twice for Retry-After: 1 (took ${took} ms)`);
  const seen = await api.requests();
  assert.equal(seen.length, 3);
  // The waits follow the header (1 s), not the 2 s default used when it can't be read.
  for (const [a, b] of [[0, 1], [1, 2]]) {
    const gap = seen[b].at_ms - seen[a].at_ms;
    assert.ok(gap >= 950 && gap < 1800, `wait ${a + 1} was ${gap} ms`);
  }
  assert.equal(await w.balance().getAttribute("data-value"), "1250");
});

/// Opens the page on a scenario that never completes its answer and checks it ends as the
/// 10 s timeout error, with no number.
async function timesOut(scenario) {
  await api.scenario(scenario);
  const opened = await open();
  const { w } = opened;
  await state(w, "loading");
  const started = Date.now();
  await state(w, "error");
  const took = Date.now() - started;
  assert.ok(took > 8000 && took < 12500, `timed out after ${took} ms`);
  assert.match(await w.balance().innerText(), /didn't answer within 10 seconds/);
  assert.equal(await w.balance().getAttribute("data-value"), null);
  return opened;
}

test("slow: no answer within 10 s is an error; removing the element aborts the request", async () => {
  const { page, w } = await timesOut("slow");
  const aborted = [];
  page.on("requestfailed", (r) => aborted.push(r.failure()?.errorText));
  await w.balance().getByRole("button", { name: "Retry" }).click();
  await state(w, "loading");
  // The one balance state the other tests pass through too quickly to check.
  assert.deepEqual(await axe(page), []);
  await page.evaluate(() => document.querySelector("#w").remove());
  await wait(500);
  assert.deepEqual(aborted, ["net::ERR_ABORTED"]);
});

test("stalled body: headers then nothing for 10 s is an error too", async () => {
  await timesOut("stalled-body");
});

test("events bubble and are composed: a page sees them through an outer shadow root", async () => {
  const { page } = await openPage(browser, `${web.origin}/pages/calculator.html`);
  await new Widget(page).ready();
  const seen = await page.evaluate(async (base) => {
    const got = [];
    for (const type of ["credits-change", "credits-balance"]) {
      document.addEventListener(type, (e) => got.push({ type, bubbles: e.bubbles, composed: e.composed, detail: e.detail }));
    }
    const outer = document.createElement("div");
    document.body.append(outer);
    const el = document.createElement("vidmud-credits");
    el.setAttribute("api-base", base);
    el.authToken = "vidmud-demo-token";
    outer.attachShadow({ mode: "open" }).append(el);
    // The first view mounts in a task after the element connects.
    const box = () => el.shadowRoot.querySelector('[data-entry="ai-expand"] input');
    while (!box()) await new Promise((r) => setTimeout(r, 0));
    const input = box();
    input.value = "2";
    input.dispatchEvent(new Event("input"));
    for (let i = 0; i < 100 && !got.some((g) => g.detail?.state === "ok"); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return got;
  }, api.base);
  const change = seen.find((g) => g.type === "credits-change");
  assert.deepEqual(change, {
    type: "credits-change",
    bubbles: true,
    composed: true,
    detail: { total: 8, once: 8, monthly: 0, lines: [{ id: "ai-expand", quantity: 2, period: "once", credits_each: 4, credits: 8 }] },
  });
  const states = seen.filter((g) => g.type === "credits-balance");
  assert.ok(states.every((g) => g.bubbles && g.composed));
  assert.deepEqual(states.at(-1).detail, { state: "ok", balance: 1600 });
});

test("changing api-base asks the new API; credentials=omit sends no cookie", async () => {
  const { page, w, context } = await open({ token: null });
  await state(w, "signed-out");
  // A session cookie for the API's host signs in when cookies are sent.
  await context.addCookies([{ name: "vidmud_session", value: "demo", domain: "127.0.0.1", path: "/" }]);
  await page.evaluate(() => document.querySelector("#w").refresh());
  await state(w, "ok");
  assert.equal((await api.requests()).at(-1).cookie, "vidmud_session=demo");
  await page.evaluate(() => document.querySelector("#w").setAttribute("credentials", "omit"));
  await state(w, "signed-out");
  assert.equal((await api.requests()).at(-1).cookie, null);

  const other = await startApi(web.origin, "plan");
  try {
    await page.evaluate((base) => {
      const el = document.querySelector("#w");
      el.authToken = "vidmud-demo-token";
      el.setAttribute("api-base", base);
    }, other.base);
    await state(w, "ok");
    assert.equal(await w.balance().getAttribute("data-value"), "1250");
    assert.equal((await other.requests()).length, 1);
    // Removing api-base goes back to idle and never shows the old number.
    await page.evaluate(() => document.querySelector("#w").removeAttribute("api-base"));
    await state(w, "idle");
    assert.equal(await w.balance().getAttribute("data-value"), null);
  } finally {
    other.close();
  }
});

test("the demo page shows a real balance from the reference API", async () => {
  // The demo points at the default port; check the same page against this test's API instead.
  const { page, problems } = await openPage(browser, `${web.origin}/`);
  await page.evaluate((base) => document.querySelector("vidmud-credits").setAttribute("api-base", base), api.base);
  const w = new Widget(page);
  await state(w, "ok");
  assert.equal(await w.balance().getAttribute("data-value"), "1600");
  // Before the switch the demo asked its default API port, where nothing listens in tests; and
  // Chromium notes that it ignores Trunk's integrity attribute on the wasm preload.
  const unexpected = problems.filter((p) => !/8787|ERR_CONNECTION_REFUSED|`integrity` attribute/.test(p));
  assert.deepEqual(unexpected, []);
});

test("runway: how long the balance lasts at the plan's monthly rate, with the date", async () => {
  // An account without a subscription: the whole rate draws the balance down.
  await api.scenario("ok");
  const { page, w, problems } = await open();
  await state(w, "ok"); // 1,600 credits
  const runway = w.host.locator('[data-testid="runway"]');
  assert.equal(await runway.count(), 0, "no runway without a recurring line");
  await w.set("ai-expand", 50); // 200 once
  await w.set("chat-editing", 10);
  await w.row("chat-editing").locator('select[data-field="period"]').selectOption("day"); // ⌈20 × 365 / 12⌉ = 609 a month
  // ⌊(1600 − 200) × 365 / 12 / 609⌋ = 69 days: about 2 months.
  assert.equal(await runway.getAttribute("data-days"), "69");
  const until = new Date(Date.now() + 69 * 86400000).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  assert.match(await runway.innerText(), new RegExp(`lasts about 2 months \\(until ${until}\\)`));
  // Not even the one-off lines are covered: 0 days, said plainly.
  await w.set("ai-expand", 500); // 2,000 once
  assert.equal(await runway.getAttribute("data-days"), "0");
  assert.match(await runway.innerText(), /doesn't cover this plan's one-off generations/);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
});

test("credits-buy: cancelable before Buy; cancelled it stays, otherwise it goes to pricing-url", async () => {
  const pricing = `${web.origin}/pages/calculator.html`;
  const { page, w, problems } = await open({ pricing });
  await state(w, "ok");
  await w.set("ai-expand", 100); // 400
  await w.set("image-to-image/nano-banana-pro", 206); // + 1648 = 2048: 448 short
  await page.evaluate(() => {
    window.buys = [];
    document.addEventListener("credits-buy", (e) => {
      window.buys.push({ detail: e.detail, bubbles: e.bubbles, composed: e.composed, cancelable: e.cancelable });
      if (window.cancelBuy) e.preventDefault();
    });
    window.cancelBuy = true;
  });
  const before = page.url();
  const buy = w.afterPlan().getByRole("link", { name: "Buy credits" });
  await buy.click();
  await page.waitForTimeout(300);
  assert.equal(page.url(), before, "the host cancelled: no navigation");
  assert.deepEqual(await page.evaluate(() => window.buys), [
    { detail: { credits: 448, packs: [] }, bubbles: true, composed: true, cancelable: true },
  ]);
  await page.evaluate(() => (window.cancelBuy = false));
  await Promise.all([page.waitForURL(/calculator\.html\?credits=448$/), buy.click()]);
  assert.deepEqual(problems, []);
});

test("every buyer panel open at once: axe finds nothing, focus and keys work", async () => {
  const packs = JSON.stringify([
    { id: "starter", name: "Starter", credits: 500, price: 4.99, currency: "EUR" },
    { id: "creator", name: "Creator", credits: 2000, price: 17.99, currency: "EUR" },
  ]);
  const { page, w, problems } = await open({ packs });
  await state(w, "ok");
  // Keyboard only: Tab into the price list, type, and the panels arrive.
  await w.qty("text-to-image/nano-banana-pro").focus();
  await page.keyboard.type("250"); // 2,000 credits: 400 short of 1,600
  await w.host.locator('[data-testid="hint"]').first().waitFor();
  await w.host.locator('[data-testid="pack-advice"][data-packs="starter"]').waitFor();
  await w.host.locator('[data-testid="can-make"] summary').focus();
  await page.keyboard.press("Enter");
  await w.host.locator('[data-field="budget"]').waitFor();
  assert.equal(await w.host.locator('[data-field="budget"]').inputValue(), "1600");
  await w.host.locator('[data-testid="from-usage"]').click();
  await w.host.locator('[data-testid="usage-status"][data-state="ok"]').waitFor();
  // The usage plan replaced the typed line; a line whose cheaper model has none shows a hint.
  await w.set("image-to-image/nano-banana-pro", 250);
  await w.host.locator('[data-testid="hint"][data-for="image-to-image/nano-banana-pro"]').waitFor();
  assert.deepEqual(await axe(page), []);
  // Switch by keyboard: focus lands on the cheaper model's box.
  await w.host.locator('[data-testid="hint"][data-for="image-to-image/nano-banana-pro"] button').focus();
  await page.keyboard.press("Enter");
  await w.host.locator('[data-testid="hint"][data-for="image-to-image/nano-banana-pro"]').waitFor({ state: "detached" });
  const focused = await page.evaluate(() => document.querySelector("#w").shadowRoot.activeElement?.id);
  assert.equal(focused, "vc-q-image-to-image--qwen");
  assert.deepEqual(problems, []);
});

/// The colours at 10 % and 90 % of an element's width, mid-height, as a screenshot shows them.
async function leftAndRight(page, locator) {
  const png = await locator.screenshot();
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext("2d", { willReadFrequently: true });
    g.drawImage(img, 0, 0);
    const at = (x) => [...g.getImageData(x, Math.floor(img.height / 2), 1, 1).data.slice(0, 3)].join(",");
    return [at(Math.floor(img.width * 0.1)), at(Math.floor(img.width * 0.9))];
  }, png.toString("base64"));
}

test("forced colors (Windows high contrast) and reduced motion: the usage bar and every control stay visible", async () => {
  await api.scenario("plan"); // 750 of 2,000 plan credits used
  const { page, w, problems } = await open({}, { forcedColors: "active", reducedMotion: "reduce" });
  await state(w, "ok");
  assert.ok(await page.evaluate(() => matchMedia("(forced-colors: active)").matches));
  // The bar's used part and the rest differ: it still shows how much is used.
  const [used, rest] = await leftAndRight(page, w.host.locator(".vc-usage__bar"));
  assert.notEqual(used, rest, `used ${used}, rest ${rest}`);
  // A planned line shows its period and the plan's summary, Undo and the buyer's buttons.
  await w.set("ai-expand", 2);
  await w.host.locator('[data-testid="plan"]').waitFor();
  // Every control shown has a visible edge or text in system colours, and nothing moves.
  const invisible = await page.evaluate(() => {
    const root = document.querySelector("#w").shadowRoot;
    return [...root.querySelectorAll("input, select, button, a, summary")]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => {
        const s = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        const edge = parseFloat(s.borderTopWidth) > 0 && s.borderTopStyle !== "none";
        const text = el.textContent.trim() !== "" && s.color !== s.backgroundColor;
        return r.width === 0 || r.height === 0 || !(edge || text);
      })
      .map((el) => el.outerHTML.slice(0, 80));
  });
  assert.deepEqual(invisible, []);
  const moving = await page.evaluate(() => {
    const root = document.querySelector("#w").shadowRoot;
    return [...root.querySelectorAll("*")].filter((el) => {
      const s = getComputedStyle(el);
      return parseFloat(s.transitionDuration) > 0 || s.animationName !== "none";
    }).length;
  });
  assert.equal(moving, 0);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
});
