// Cold first render of the widget and of the bare Leptos counter (bench/floor), in headless
// Chromium: time from navigation start until the first total is in the DOM, median of 7 fresh
// loads each, interleaved so both see the same machine load. Prints "<widget ms> <floor ms>".
// Run by `cargo xtask bench`, which builds pkg/ and target/bench/floor-pkg first.

import { startStatic, launch } from "./harness.mjs";

const LOADS = 7;
const web = await startStatic();
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
const widget = [];
const floor = [];
// One warm-up each so the browser process itself is not part of the first number.
await firstRender("/pages/bench-widget.html");
await firstRender("/pages/bench-floor.html");
for (let i = 0; i < LOADS; i++) {
  widget.push(await firstRender("/pages/bench-widget.html"));
  floor.push(await firstRender("/pages/bench-floor.html"));
}
console.error(`widget loads (ms): ${widget.map((x) => x.toFixed(0)).join(" ")}`);
console.error(`floor loads (ms): ${floor.map((x) => x.toFixed(0)).join(" ")}`);
console.log(`${median(widget).toFixed(1)} ${median(floor).toFixed(1)}`);
await browser.close();
await web.close();
