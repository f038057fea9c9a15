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
//   (16.7 ms). So the same keys are typed again under a DevTools Protocol trace, which gives
//   each key's work without that wait: the main thread's busy time from the task that
//   handles the key to the end of the commit of the frame that shows it;
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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const round = (x) => Math.round(x * 10) / 10;

/// A fresh page with the CPU slowed `rate` times.
async function fresh(rate = 1) {
  const context = await browser.newContext();
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
/// typed first and the keys are "2" then Backspace (12, 1, 12...). KEYS keys as a person
/// types them, then KEYS more under a trace: key → frame, and each key's own work.
async function inputLatency(path, box, rate, { editing = false } = {}) {
  const xs = await typeIn(path, box, rate, editing, false);
  const work = await typeIn(path, box, rate, editing, true);
  return {
    median: round(median(xs)),
    p95: round(p95(xs)),
    work: { median: round(median(work)), p95: round(p95(work)), n: work.length },
    n: xs.length,
  };
}

/// One load of `path` and KEYS keystrokes in `box`. Untraced: each key's latency to its
/// frame. Traced: each key's main-thread work until its frame is committed (see `keyWork`).
async function typeIn(path, box, rate, editing, traced) {
  const { context, page, cdp } = await fresh(rate);
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
  const events = [];
  if (traced) {
    cdp.on("Tracing.dataCollected", (d) => events.push(...d.value));
    await cdp.send("Tracing.start", {
      categories: "devtools.timeline,disabled-by-default-devtools.timeline",
      transferMode: "ReportEvents",
    });
  }
  const key = editing ? "2" : "1";
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(i % 2 === 0 ? key : "Backspace");
    await page.waitForFunction((n) => window.__latencies.length > n, i, { timeout: 10000 });
  }
  let xs;
  if (traced) {
    const complete = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
    await cdp.send("Tracing.end");
    await complete;
    xs = keyWork(events);
  } else {
    xs = await page.evaluate(() => window.__latencies);
  }
  await context.close();
  return xs;
}

/// Each key's work in a trace, in ms: the renderer's main thread busy from the start of the
/// task that dispatches the keydown to the end of the next frame's commit (the frame that
/// shows the key's total). Time the thread sat idle waiting for the 60 Hz frame clock is not
/// counted; the tasks that ran in between (the key's other events, the browser's own) are.
function keyWork(events) {
  const keydowns = events.filter((e) => e.name === "EventDispatch" && e.ph === "X" && e.args?.data?.type === "keydown");
  if (!keydowns.length) return [];
  const { pid, tid } = keydowns[0];
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === "X").sort((a, b) => a.ts - b.ts);
  const tasks = main.filter((e) => e.name === "RunTask");
  const commits = main.filter((e) => e.name === "Commit");
  const work = [];
  for (const key of keydowns) {
    const task = tasks.find((t) => t.ts <= key.ts && key.ts + key.dur <= t.ts + t.dur);
    const commit = commits.find((c) => c.ts > key.ts);
    if (!task || !commit) continue;
    const end = commit.ts + commit.dur;
    const busy = tasks.filter((t) => t.ts >= task.ts && t.ts < end).reduce((sum, t) => sum + Math.min(t.ts + t.dur, end) - t.ts, 0);
    work.push(busy / 1000);
  }
  return work;
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
input.x1.editing = await inputLatency("/pages/bench-widget.html", WIDGET_BOX, 1, { editing: true });

const mem = {
  widget: await memory("/pages/bench-widget.html", WIDGET_BOX),
  floor: await memory("/pages/bench-floor.html", FLOOR_BOX),
};

console.log(JSON.stringify({ pricing, signedIn, render, input, memory: mem }));
await browser.close();
await api.close();
await web.close();
