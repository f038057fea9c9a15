// `cargo xtask bench`'s browser measurements, in headless Chromium, printed as one JSON object:
// - what a pricing page (no api-base) and a signed-in host really fetch from pkg/ before the
//   total, respectively the balance, shows (first-load.mjs);
// - the cold first render of the widget and of the bare Leptos counter (bench/floor): time from
//   navigation start until the first total is in the DOM, median of 7 fresh loads each,
//   interleaved so both see the same machine load.
// Run after `cargo xtask dist` and the floor's build (bench.rs does both).

import { startStatic, startApi, launch } from "./harness.mjs";
import { firstLoad, totalShown, balanceShown } from "./first-load.mjs";

const LOADS = 7;
const web = await startStatic();
const api = await startApi(web.origin, "plan");
const browser = await launch();

async function firstRender(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    const found = () =>
      document.querySelector("vidmud-credits")?.shadowRoot?.querySelector('[data-testid="total"]') ??
      document.querySelector('[data-testid="total"]');
    const poll = () => {
      if (found()) window.__firstRender = performance.now();
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
  await page.goto(`${web.origin}${path}`);
  await page.waitForFunction(() => window.__firstRender !== undefined, null, { timeout: 30000 });
  const ms = await page.evaluate(() => window.__firstRender);
  await context.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pricing = await firstLoad(browser, `${web.origin}/pages/calculator.html`, totalShown);
const signedIn = await firstLoad(
  browser,
  `${web.origin}/pages/balance.html?api=${encodeURIComponent(api.base)}&token=demo`,
  balanceShown,
);
const widget = [];
const floor = [];
// One warm-up each so the browser process itself is not part of the first number.
await firstRender("/pages/bench-widget.html");
await firstRender("/pages/bench-floor.html");
for (let i = 0; i < LOADS; i++) {
  widget.push(await firstRender("/pages/bench-widget.html"));
  floor.push(await firstRender("/pages/bench-floor.html"));
}
console.log(
  JSON.stringify({
    pricing,
    signedIn,
    render: { widget: median(widget), floor: median(floor), widgetLoads: widget, floorLoads: floor },
  }),
);
await browser.close();
api.close();
await web.close();
