// The buyer's answer on one screen (issue 18), in Chromium, Firefox and WebKit: the compact
// price list at phone width, the plan's summary, the answer and the sticky bar at 360 × 740,
// Undo and "Saved", no jumps on focus, the loading outline; and the buyer's task itself ("about
// 20 Nano Banana Pro images a week and 10 AI Expand a month: what does that cost a month, and
// which pack should I buy?") done with taps and keys, its cost counted and held to its goals.
// Engines come from VIDMUD_ENGINES (default: all three).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startStatic, startApi, startSilentServer, eventually } from "./harness.mjs";
import { eachEngine, openRendered, read, choosePeriod } from "./drivers.mjs";
import { buyersTask, rects as rectsOf, PACKS, NBP, PLAN, ADVICE } from "./task.mjs";



const W = "#w";
const row = (id) => `[data-entry="${id}"]`;
const qty = (id) => `${row(id)} input[type="number"]`;
const UNDO = '[data-testid="undo"]';

let web, api, silent;
before(async () => {
  web = await startStatic();
  api = await startApi(web.origin, "ok");
  silent = await startSilentServer();
});
after(async () => {
  api?.close();
  await silent?.close();
  await web?.close();
});

eachEngine((name, session) => {
  // The page the current test opened (eachEngine closes it after the test).
  let page;

  /// pages/balance.html with `params` (no `api`: signed out), once its total shows (once
  /// more after an engine hiccup), or at once without `wait`.
  async function open(params = {}, { wait = true } = {}) {
    const url = `${web.origin}/pages/balance.html?${new URLSearchParams({ persist: "none", ...params })}`;
    page = session.page = wait ? await openRendered(session.engine, url, W) : await session.engine.newPage(url);
  }
  const signedIn = (params = {}) => open({ api: api.base, token: "demo", ...params });
  const state = (s) => page.waitFor(([h, v]) => !!document.querySelector(h).shadowRoot.querySelector(`[data-testid="balance"][data-state="${v}"]`), [W, s], 15000);
  const shown = (inner) => page.waitFor(([h, i]) => !!document.querySelector(h).shadowRoot.querySelector(i)?.getClientRects().length, [W, inner], 10000);
  const gone = (inner) => page.waitFor(([h, i]) => !document.querySelector(h).shadowRoot.querySelector(i)?.getClientRects().length, [W, inner], 10000);
  const quote = () => page.evaluate((h) => document.querySelector(h).quote, W);
  const total = () => read(page, W, '[data-testid="total"]', "@data-value");

  /// A phone's screen, `width` × `height`. WebKitGTK's window can't be narrower than 447 px:
  /// there the page's body is as wide as a phone's would be (the widget lays out by its own
  /// width), and the height, which is what scrolling depends on, is the phone's.
  async function screen(width, height) {
    const got = await page.viewport(width, height);
    assert.equal(got.height, height);
    if (got.width !== width) {
      assert.equal(name, "webkit", `${name} gave ${got.width} px`);
      await page.evaluate((w) => (document.body.style.cssText += `;margin:8px;width:${w - 16}px`), width);
    }
  }

  const rects = (inners) => rectsOf(page, W, inners);

  test("a compact list at 360 × 740: rows under 64 px, every target 44 px, the empty widget under 1,700 px", async () => {
    for (const account of ["signed out", "signed in"]) {
      if (account === "signed out") await open();
      else {
        await api.scenario("plan"); // the tallest balance: a subscription's usage bar too
        await signedIn();
        await state("ok");
      }
      await screen(360, 740);
      const m = await page.evaluate((h) => {
        const host = document.querySelector(h);
        const root = host.shadowRoot;
        const rows = [...root.querySelectorAll("[data-entry]")].map((r) => [r.dataset.entry, r.getBoundingClientRect().height]);
        const small = [...root.querySelectorAll("input, select, button, summary")]
          .filter((el) => el.getClientRects().length)
          .map((el) => [el.dataset.testid ?? el.id ?? el.className, el.getBoundingClientRect()])
          .filter(([, r]) => r.width < 43.5 || r.height < 43.5)
          .map(([what, r]) => `${what} ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
        return { rows, small, height: host.getBoundingClientRect().height };
      }, W);
      console.log(`${name}, ${account}: widget ${m.height.toFixed(0)} px at 360, rows ${Math.min(...m.rows.map((r) => r[1])).toFixed(1)}–${Math.max(...m.rows.map((r) => r[1])).toFixed(1)} px`);
      assert.equal(m.rows.length, 21);
      for (const [id, h] of m.rows) assert.ok(h <= 64, `${id} is ${h} px tall`);
      assert.deepEqual(m.small, [], "targets under 44 × 44 px");
      assert.ok(m.height <= 1700, `${account}: the empty widget is ${m.height} px tall`);
      // A line with a quantity shows its period: a 44 px target too.
      await page.type(W, qty("ai-expand"), "2");
      await shown(`${row("ai-expand")} select`);
      const select = (await rects([`${row("ai-expand")} select`])).at[`${row("ai-expand")} select`];
      assert.ok(select.height >= 43.5, `the period select is ${select.height} px tall`);
      assert.deepEqual(await page.problems(), []);
      await page.close();
    }
    page = session.page = null;
  });

  test("steppers: + and − change the line by one; the period shows only with a quantity", async () => {
    await open();
    await screen(360, 740);
    const period = `${row("ai-expand")} select`;
    assert.equal((await rects([period])).at[period], null, "no period before a quantity");
    await page.tap(W, `${row("ai-expand")} .vc-step--up`);
    await page.tap(W, `${row("ai-expand")} .vc-step--up`);
    await eventually(total, "8");
    assert.equal(await read(page, W, qty("ai-expand"), "value"), "2");
    await shown(period);
    await page.tap(W, `${row("ai-expand")} .vc-step--down`);
    await eventually(total, "4");
    assert.equal(await read(page, W, qty("ai-expand"), "value"), "1");
    await page.tap(W, `${row("ai-expand")} .vc-step--down`);
    await eventually(total, "0");
    assert.equal(await read(page, W, qty("ai-expand"), "value"), "");
    await gone(period);
    // − at 0 stays at 0; refused text is replaced by + with the next whole number.
    await page.tap(W, `${row("ai-expand")} .vc-step--down`);
    assert.equal(await read(page, W, qty("ai-expand"), "value"), "");
    await page.type(W, qty("ai-expand"), "1.5");
    await eventually(() => read(page, W, `${row("ai-expand")} .vc-row__error`, "innerText").then(Boolean), true);
    await page.tap(W, `${row("ai-expand")} .vc-step--up`);
    await eventually(total, "8");
    assert.equal(await read(page, W, qty("ai-expand"), "value"), "2");
    assert.equal(await read(page, W, `${row("ai-expand")} .vc-row__error`, "innerText"), "");
    // Not Tab stops: the keyboard has the box's own arrows.
    assert.equal(await read(page, W, `${row("ai-expand")} .vc-step--up`, "tabIndex"), -1);
    assert.deepEqual(await page.problems(), []);
  });

  test("the plan's summary: every line whatever the filter, how many it hides, a bar of the credits a month", async () => {
    await open();
    await page.type(W, qty("ai-expand"), "10");
    await choosePeriod(page, W, "ai-expand", "month");
    await page.type(W, qty(NBP), "20");
    await choosePeriod(page, W, NBP, "week");
    await page.type(W, qty("chat-editing"), "3");
    await page.type(W, 'input[type="search"]', "nano");
    await eventually(() => read(page, W, '[data-testid="hidden-planned"]', "@data-count"), "2");
    assert.match(await read(page, W, '[data-testid="hidden-planned"]', "innerText"), /^2 of these lines are hidden by the filter above; they still count\.$/);
    const q = await quote();
    const lines = await page.evaluate((h) => {
      const root = document.querySelector(h).shadowRoot;
      return [...root.querySelectorAll("[data-plan-line]")].map((l) => ({
        id: l.dataset.planLine,
        quantity: Number(l.dataset.quantity),
        period: l.dataset.period,
        credits: Number(l.dataset.credits),
        text: l.innerText.replace(/\s+/g, " ").trim(),
      }));
    }, W);
    assert.deepEqual(
      lines.map(({ text, ...l }) => l),
      q.lines.map((l) => ({ id: l.id, quantity: l.quantity, period: l.period, credits: l.credits })),
    );
    const ai = lines.find((l) => l.id === "ai-expand");
    assert.match(ai.text, /^AI Expand 10 a month 40 credits a month$/);
    const nbp = lines.find((l) => l.id === NBP);
    assert.match(nbp.text, new RegExp(`^Text to Image · Nano Banana Pro 20 a week ${nbp.credits.toLocaleString("en-US")} credits a month$`));
    assert.match(lines.find((l) => l.id === "chat-editing").text, /^Chat Editing 3 once 6 credits$/);
    // The bar: one part per monthly line, in proportion, and a text that says the same.
    const bar = await page.evaluate((h) => {
      const root = document.querySelector(h).shadowRoot;
      const el = root.querySelector('[data-testid="plan-bar"]');
      const width = el.getBoundingClientRect().width;
      return {
        role: el.getAttribute("role"),
        label: el.getAttribute("aria-label"),
        parts: [...el.querySelectorAll("[data-plan-bar]")].map((p) => [p.dataset.planBar, Number(p.dataset.credits), p.getBoundingClientRect().width / width]),
      };
    }, W);
    assert.equal(bar.role, "img");
    assert.deepEqual(bar.parts.map((p) => p.slice(0, 2)), [["ai-expand", 40], [NBP, nbp.credits]]);
    for (const [id, credits, share] of bar.parts) {
      assert.ok(Math.abs(share - credits / q.monthly) < 0.02, `${id}: ${share} of the bar for ${credits} of ${q.monthly}`);
    }
    assert.equal(bar.label, `Credits a month by line: \u2068AI Expand\u2069 40 credits, \u2068Text to Image · Nano Banana Pro\u2069 ${nbp.credits.toLocaleString("en-US")} credits.`);
    assert.equal(await read(page, W, '[data-testid="monthly"]', "@data-value"), String(q.monthly));
    // Clearing the filter: nothing hidden, nothing said.
    await page.press("Escape");
    await eventually(() => read(page, W, '[data-testid="hidden-planned"]', "@data-count"), "0");
    assert.equal(await read(page, W, '[data-testid="hidden-planned"]', "hidden"), true);
    assert.deepEqual(await page.axe(), []);
    assert.deepEqual(await page.problems(), []);
  });

  for (const [how, params, scenario] of [
    ["signed out, English", { packs: PACKS }, null],
    ["signed in with a shortfall, German", { packs: PACKS, locale: "de-DE" }, "low"],
  ]) {
    test(`the answer on one screen at 360 × 740, ${how}: summary, total and pack advice in view at once; the bar under 120 px`, async () => {
      if (scenario) {
        await api.scenario(scenario);
        await signedIn(params);
        await state("ok");
      } else {
        await open(params);
      }
      await screen(360, 740);
      const bars = [];
      const measure = async (when) => bars.push([when, (await rects([])).bar.height]);
      await measure("empty");
      await page.type(W, qty(NBP), "20");
      await choosePeriod(page, W, NBP, "week");
      await page.type(W, qty("ai-expand"), "10");
      await choosePeriod(page, W, "ai-expand", "month");
      await shown(`${ADVICE} [data-pack-option]`);
      if (scenario) await eventually(() => read(page, W, '[data-testid="after-plan"]', "@data-value").then((v) => Number(v) < 0), true);
      await measure("plan");
      // Clear and share live outside the bar.
      const inBar = await page.evaluate((h) => [...document.querySelector(h).shadowRoot.querySelectorAll(".vc-summary button, .vc-summary a")].map((b) => b.dataset.testid ?? b.textContent.trim()), W);
      assert.deepEqual(inBar.filter((b) => /clear|copy|export|share/i.test(b)), []);
      // A scroll position with the plan's summary at the top: the pack advice ends above the bar.
      const top = (await rects([PLAN])).at[PLAN].top;
      await page.scrollBy(top - 4);
      const r = await rects([PLAN, ADVICE, '[data-testid="total"]']);
      assert.ok(r.at[PLAN].top >= 0, `the summary starts at ${r.at[PLAN].top}`);
      assert.ok(r.at[ADVICE].bottom <= r.bar.top, `the advice ends at ${r.at[ADVICE].bottom}, the bar starts at ${r.bar.top}`);
      assert.ok(r.at['[data-testid="total"]'].top >= r.bar.top && r.bar.bottom <= r.innerHeight + 0.5, "the total is in view");
      // With Undo beside the total, too.
      await page.click(W, '[data-testid="clear-plan"]');
      await shown(UNDO);
      await measure("undo");
      console.log(`${name}, ${how}: bar ${bars.map(([w, h]) => `${w} ${h.toFixed(1)} px`).join(", ")}`);
      for (const [when, h] of bars) assert.ok(h <= 120, `the bar is ${h} px tall (${when})`);
      assert.deepEqual((await page.problems()).filter((p) => !/status of 401/.test(p)), []);
    });
  }

  test("Undo: after Clear plan, Switch and Start from my last 30 days, the plan as it was, until the next change", async () => {
    await api.scenario("ok");
    await signedIn({ packs: PACKS });
    await state("ok");
    await page.type(W, qty(NBP), "10");
    await choosePeriod(page, W, NBP, "week");
    await page.type(W, qty("ai-expand"), "3");
    await eventually(async () => (await quote()).lines.length, 2);
    const before = await quote();
    // Clear plan: Undo takes focus, beside the total; pressing it brings the plan back.
    await page.click(W, '[data-testid="clear-plan"]');
    await eventually(total, "0");
    await shown(UNDO);
    assert.equal(await read(page, W, UNDO, "@data-undoes"), "clear");
    await eventually(() => page.evaluate((h) => document.querySelector(h).shadowRoot.activeElement?.dataset.testid ?? null, W), "undo");
    assert.equal(await read(page, W, UNDO, "@aria-label"), "Undo Clear plan");
    await page.press("Enter");
    await eventually(async () => JSON.stringify(await quote()), JSON.stringify(before));
    assert.equal(await read(page, W, qty(NBP), "value"), "10");
    await gone(UNDO);
    // Switch: the hint moves the line to a cheaper model; Undo moves it back.
    await page.click(W, `[data-testid="hint"][data-for="${NBP}"][data-alt="text-to-image/flux-dev"] button`);
    await eventually(async () => (await quote()).lines.some((l) => l.id === "text-to-image/flux-dev"), true);
    await shown(UNDO);
    assert.equal(await read(page, W, UNDO, "@data-undoes"), "switch");
    await page.click(W, UNDO);
    await eventually(async () => JSON.stringify(await quote()), JSON.stringify(before));
    // The next change ends the offer.
    await page.click(W, `[data-testid="hint"][data-for="${NBP}"][data-alt="text-to-image/flux-dev"] button`);
    await shown(UNDO);
    await page.type(W, qty("chat-editing"), "1");
    await gone(UNDO);
    const edited = await quote();
    // Start from my last 30 days: Undo brings back the plan before it, and what was said about it goes.
    await page.click(W, '[data-testid="from-usage"]');
    await page.waitFor((h) => document.querySelector(h).shadowRoot.querySelector('[data-testid="usage-status"]')?.dataset.state === "ok", W, 15000);
    await shown(UNDO);
    assert.equal(await read(page, W, UNDO, "@data-undoes"), "from-usage");
    await page.click(W, UNDO);
    await eventually(async () => JSON.stringify(await quote()), JSON.stringify(edited));
    await eventually(() => read(page, W, '[data-testid="usage-status"]', "@data-state"), null);
    await gone(UNDO);
    assert.deepEqual(await page.axe(), []);
    assert.deepEqual(await page.problems(), []);
  });

  test("a kept plan says Saved, quietly; one that isn't kept says nothing", async () => {
    const key = `saved-${Math.random().toString(36).slice(2, 8)}`;
    await open({ persist: key });
    await page.type(W, qty("ai-expand"), "2");
    await shown('[data-testid="saved"]');
    assert.equal(await read(page, W, '[data-testid="saved"]', "innerText"), "Saved");
    assert.equal(await read(page, W, '[data-testid="saved"]', "@role"), null);
    assert.equal(await page.evaluate((k) => JSON.parse(localStorage.getItem(`vidmud-credits:${k}`)).plan, key), "ai-expand:2");
    await page.close();
    await open({ persist: "none" });
    await page.type(W, qty("ai-expand"), "2");
    await shown('[data-testid="copy-link"]');
    assert.equal(await read(page, W, '[data-testid="saved"]', "hidden"), true);
    assert.deepEqual(await page.problems(), []);
  });

  test("no jumps: tapping a box already in view doesn't scroll the page, near the bar included", async () => {
    await open();
    await screen(360, 740);
    await page.type(W, qty("ai-expand"), "1"); // the buyer's panels are here, the bar measured
    await page.evaluate(() => document.activeElement?.blur());
    await page.scrollBy(600);
    // Boxes in view: one in the middle of the screen, then the lowest one clear of the bar
    // (found again after the first: its line's period now shows, and rows moved).
    const inView = () =>
      page.evaluate((h) => {
        const root = document.querySelector(h).shadowRoot;
        const bar = root.querySelector(".vc-summary").getBoundingClientRect().top;
        return [...root.querySelectorAll('[data-entry] input[type="number"]')]
          .map((b) => [b.closest("[data-entry]").dataset.entry, b.getBoundingClientRect()])
          .filter(([, r]) => r.top >= 0 && r.bottom <= bar - 1)
          .map(([id]) => id);
      }, W);
    for (const which of ["middle", "lowest"]) {
      const boxes = await inView();
      assert.ok(boxes.length >= 3, JSON.stringify(boxes));
      const id = which === "middle" ? boxes[Math.floor(boxes.length / 2)] : boxes.at(-1);
      const y = await page.evaluate(() => scrollY);
      await page.tap(W, qty(id));
      await page.press("5");
      await eventually(() => read(page, W, qty(id), "value"), "5");
      assert.equal(await page.evaluate(() => scrollY), y, `tapping ${id} (${which}) scrolled the page`);
    }
    assert.deepEqual(await page.problems(), []);
  });

  test("loading: while a catalog-url settles, an outline at about the widget's height, busy; then the view", async () => {
    await open({ catalog: `${silent.base}/catalog.json` }, { wait: false });
    const root = await page.waitFor(
      (h) => {
        const r = document.querySelector(h)?.shadowRoot?.querySelector(".vc-root");
        return r && { busy: r.getAttribute("aria-busy"), height: r.getBoundingClientRect().height, total: !!r.querySelector('[data-testid="total"]') };
      },
      W,
      10000,
    );
    assert.deepEqual({ ...root, height: root.height >= 1500 }, { busy: "true", height: true, total: false });
    // The host drops the catalog-url: the built-in list shows, and nothing is busy.
    await page.evaluate((h) => document.querySelector(h).removeAttribute("catalog-url"), W);
    await page.waitFor((h) => !!document.querySelector(h).shadowRoot.querySelector('[data-testid="total"]'), W);
    assert.equal(await read(page, W, ".vc-root", "@aria-busy"), null);
    // A language's words on their way: the view there stays until they are here.
    await page.evaluate((h) => document.querySelector(h).setAttribute("locale", "de-DE"), W);
    await eventually(() => read(page, W, ".vc-title", "innerText"), "Credits-Rechner");
    assert.equal(await read(page, W, ".vc-root", "@aria-busy"), null);
    assert.deepEqual(await page.problems(), []);
  });

  // The buyer's task (task.mjs), its cost counted as a person's: taps, keys, px scrolled.
  for (const [width, height, goal] of [
    [360, 740, 900],
    [1280, 800, 300],
  ]) {
    test(`the buyer's task at ${width} × ${height}: at most 8 taps, 10 keys and ${goal} px of scrolling`, async () => {
      await open({ packs: PACKS });
      await screen(width, height);
      const cost = await buyersTask(page, W);
      assert.ok(cost.answered, JSON.stringify(cost.seen));
      // And it is the answer: 10 a month and 20 a week, a month's credits, each pack's month.
      const q = await quote();
      assert.deepEqual(q.lines.map((l) => [l.id, l.quantity, l.period]), [["ai-expand", 10, "month"], [NBP, 20, "week"]]);
      assert.equal(cost.monthly, q.monthly);
      const options = await page.evaluate((h) => [...document.querySelector(h).shadowRoot.querySelectorAll("[data-pack-option]")].map((o) => [o.dataset.packOption, o.dataset.perMonth, o.hasAttribute("data-cheapest")]), W);
      assert.equal(options.length, 3);
      assert.equal(options.filter((o) => o[2]).length, 1);
      console.log(`${name}: the task at ${width} × ${height}: ${cost.taps} taps, ${cost.keys} keys, ${cost.scrolled} px scrolled; ${q.monthly} credits a month`);
      assert.ok(cost.taps <= 8, `${cost.taps} taps`);
      assert.ok(cost.keys <= 10, `${cost.keys} keys`);
      assert.ok(cost.scrolled <= goal, `${cost.scrolled} px scrolled`);
      assert.deepEqual(await page.problems(), []);
    });
  }
});
