// `cargo xtask bench`'s browser measurements, in headless Chromium, printed as one JSON object.
// Every figure of the widget has the bare Leptos floor (bench/floor) beside it, measured in the
// same run and interleaved with it, so both see the same machine load:
// - first load: what a pricing page (no api-base) and a signed-in host really fetch from pkg/
//   before the total, respectively the balance, shows (first-load.mjs);
// - loading: from navigation start to the first visible total, the page's first contentful
//   paint, and the longest main-thread task until the live view has mounted (and a second
//   more), median of LOADS fresh loads at 360 × 740, unthrottled and with the CPU slowed 4×
//   (Chrome DevTools Protocol), for the widget without and with its prerendered first view
//   (pkg/prerender/en.html pasted into the element), for that page's markup alone (no module:
//   what the browser's own parsing and layout of the markup cost) and for the floor;
// - input latency: from a real key event in a quantity box to the frame that shows the new
//   total (the first timer after the next animation frame), median and p95 over KEYS
//   keystrokes, with the real price list and with the largest one the widget accepts (1,000
//   entries, taken through `catalog-url`), unthrottled and at 4×. Typing "1" then Backspace
//   in an empty box (each key adds or drops a line of the plan), and on the real list also
//   "2" then Backspace after a "1" (each key changes a quantity). Headless Chromium draws at
//   60 Hz, and a key waits for the next frame: measured so, even the floor's p95 is a frame
//   (16.7 ms). The same runs again in a browser whose frames are not held to a clock
//   (--disable-frame-rate-limit --disable-gpu-vsync), over five loads (some loads still draw
//   on the clock), where the figure is mostly the work itself;
// - memory: JS heap and DOM nodes just after load and after CHANGES plan changes, garbage
//   collected first each time (DevTools Protocol).
// Run after `cargo xtask dist` and the floor's build (bench.rs does both).

import { startStatic, startApi, launch } from "./harness.mjs";
import { firstLoad, totalShown, balanceShown } from "./first-load.mjs";

const LOADS = 10;
const KEYS = 200;
const CHANGES = 5000;
const web = await startStatic();
const api = await startApi(web.origin, "plan");
const browser = await launch();
// Frames as soon as the page has one to draw, not on a 60 Hz clock (key → frame only).
const unclocked = await launch(["--disable-frame-rate-limit", "--disable-gpu-vsync"]);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const round = (x) => Math.round(x * 10) / 10;

/// A fresh page with the CPU slowed `rate` times.
async function fresh(rate = 1, from = browser) {
  const context = await from.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  return { context, page, cdp };
}

/// The widget's total, or the floor's, in the page.
const TOTAL_JS = `(document.querySelector("vidmud-credits")?.shadowRoot ?? document).querySelector('[data-testid="total"]')`;

/// The live total: the floor's, or the widget's once its live view is in place (a prerendered
/// one is not live).
const LIVE_JS = `(document.querySelector("vidmud-credits")?.shadowRoot?.querySelector('.vc-root:not([data-prerendered]):not([hidden]) [data-testid="total"]') ?? document.querySelector('[data-testid="total"]'))`;

/// One fresh load of `path`: when a total first showed (the first animation frame that has a
/// total laid out, as the frame that paints it starts), the first contentful paint, and the
/// longest task (the Long Tasks API reports those of 50 ms and more; 0 means none) until the
/// live view has mounted (with `live` false: a total has shown) and a second after.
async function load(path, rate, live = true) {
  const { context, page } = await fresh(rate);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.addInitScript((found) => {
    window.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__tasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
    const poll = () => {
      if (eval(found)?.getClientRects().length) window.__total = performance.now();
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }, TOTAL_JS);
  await page.goto(`${web.origin}${path}`);
  await page.waitForFunction((live) => window.__total !== undefined && (!live || !!eval(live)), live && LIVE_JS, {
    timeout: 60000,
  });
  await page.waitForTimeout(1000);
  const m = await page.evaluate(() => ({
    total: window.__total,
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
    longest: Math.max(0, ...window.__tasks),
  }));
  await context.close();
  return m;
}

/// `box` is the quantity box's selector inside the widget (or the floor's page). Typing "1"
/// then Backspace, over and over, changes the total at every key; with `editing`, a "1" is
/// typed first and the keys are "2" then Backspace (12, 1, 12...). KEYS keys over `loads`
/// fresh loads, pooled: in the browser without a frame clock, some loads (the floor's too)
/// still draw on a 60 Hz clock, so one load alone may show either.
async function inputLatency(path, box, rate, { from = browser, editing = false, loads = 1 } = {}) {
  const xs = [];
  for (let l = 0; l < loads; l++) xs.push(...(await typeIn(path, box, rate, from, editing, KEYS / loads)));
  return { median: round(median(xs)), p95: round(p95(xs)), n: xs.length };
}

/// One load of `path` and `keys` keystrokes in `box`: each key's latency.
async function typeIn(path, box, rate, from, editing, keys) {
  const { context, page } = await fresh(rate, from);
  await page.goto(`${web.origin}${path}`);
  await page.waitForFunction((found) => !!eval(found), TOTAL_JS, { timeout: 60000 });
  await page.evaluate(
    ({ found, box }) => {
      const root = document.querySelector("vidmud-credits")?.shadowRoot ?? document;
      // The floor's total is count × quantity: one +1 first, so the quantity moves it.
      document.querySelector("button")?.click();
      window.__latencies = [];
      let start = null;
      root.addEventListener("keydown", () => (start = performance.now()), true);
      new MutationObserver(() => {
        if (start === null) return;
        const from = start;
        start = null;
        requestAnimationFrame(() => setTimeout(() => window.__latencies.push(performance.now() - from), 0));
      }).observe(eval(found), { subtree: true, childList: true, characterData: true, attributes: true });
      root.querySelector(box).focus();
    },
    { found: TOTAL_JS, box },
  );
  if (editing) {
    await page.keyboard.press("1");
    await page.waitForFunction(() => window.__latencies.length > 0, null, { timeout: 10000 });
    await page.evaluate(() => (window.__latencies = []));
  }
  const key = editing ? "2" : "1";
  for (let i = 0; i < keys; i++) {
    await page.keyboard.press(i % 2 === 0 ? key : "Backspace");
    await page.waitForFunction((n) => window.__latencies.length > n, i, { timeout: 10000 });
  }
  const xs = await page.evaluate(() => window.__latencies);
  await context.close();
  return xs;
}

/// Heap and DOM nodes after load and after CHANGES changes of a quantity, each after a forced
/// garbage collection.
async function memory(path, box) {
  const { context, page, cdp } = await fresh();
  await page.goto(`${web.origin}${path}`);
  await page.waitForFunction((found) => !!eval(found), TOTAL_JS, { timeout: 60000 });
  const measure = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    const { nodes } = await cdp.send("Memory.getDOMCounters");
    return { heap: usedSize, nodes };
  };
  const before = await measure();
  await page.evaluate(
    async ({ box, changes }) => {
      const root = document.querySelector("vidmud-credits")?.shadowRoot ?? document;
      const input = root.querySelector(box);
      // A task boundary without timer clamping, so that every change is rendered.
      const tick = () =>
        new Promise((r) => {
          const c = new MessageChannel();
          c.port1.onmessage = () => r();
          c.port2.postMessage(0);
        });
      for (let i = 0; i < changes; i++) {
        input.value = String((i % 9) + 1);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        await tick();
      }
    },
    { box, changes: CHANGES },
  );
  const after = await measure();
  await context.close();
  return { before, after, heapGrowth: after.heap - before.heap, nodeGrowth: after.nodes - before.nodes };
}

const pricing = await firstLoad(browser, `${web.origin}/pages/calculator.html`, totalShown);
const signedIn = await firstLoad(
  browser,
  `${web.origin}/pages/balance.html?api=${encodeURIComponent(api.base)}&token=demo`,
  balanceShown,
);

// The widget without a prerender, with one (English), and the floor, interleaved.
const PAGES = {
  widget: "/pages/bench-widget.html",
  prerendered: "/prerendered/en.html",
  markup: "/prerendered/en-markup.html",
  floor: "/pages/bench-floor.html",
};
const LIVE = { markup: false };
const render = {};
for (const rate of [1, 4]) {
  const loads = Object.fromEntries(Object.keys(PAGES).map((k) => [k, []]));
  // One warm-up each so the browser process itself is not part of the first number.
  for (const [k, path] of Object.entries(PAGES)) await load(path, rate, LIVE[k]);
  for (let i = 0; i < LOADS; i++) {
    for (const [k, path] of Object.entries(PAGES)) loads[k].push(await load(path, rate, LIVE[k]));
  }
  render[`x${rate}`] = Object.fromEntries(
    Object.entries(loads).map(([k, xs]) => [
      k,
      {
        total: round(median(xs.map((x) => x.total))),
        fcp: round(median(xs.map((x) => x.fcp))),
        longest: round(Math.max(...xs.map((x) => x.longest))),
        longestMedian: round(median(xs.map((x) => x.longest))),
        loads: xs,
      },
    ]),
  );
}

const WIDGET_BOX = '[data-entry="ai-expand"] input';
const BIG_BOX = '[data-entry="bench-500"] input';
const FLOOR_BOX = 'input[type="number"]';
const input = {};
for (const rate of [1, 4]) {
  input[`x${rate}`] = {
    widget: await inputLatency("/pages/bench-widget.html", WIDGET_BOX, rate),
    big: await inputLatency("/pages/bench-big.html", BIG_BOX, rate),
    floor: await inputLatency("/pages/bench-floor.html", FLOOR_BOX, rate),
  };
}
// The work itself: frames not held to 60 Hz, unthrottled.
const spread = { from: unclocked, loads: 5 };
input.unclocked = {
  widget: await inputLatency("/pages/bench-widget.html", WIDGET_BOX, 1, spread),
  editing: await inputLatency("/pages/bench-widget.html", WIDGET_BOX, 1, { ...spread, editing: true }),
  big: await inputLatency("/pages/bench-big.html", BIG_BOX, 1, spread),
  floor: await inputLatency("/pages/bench-floor.html", FLOOR_BOX, 1, spread),
};
input.x1.editing = await inputLatency("/pages/bench-widget.html", WIDGET_BOX, 1, { editing: true });

const mem = {
  widget: await memory("/pages/bench-widget.html", WIDGET_BOX),
  floor: await memory("/pages/bench-floor.html", FLOOR_BOX),
};

console.log(JSON.stringify({ pricing, signedIn, render, input, memory: mem }));
await browser.close();
await unclocked.close();
await api.close();
await web.close();
