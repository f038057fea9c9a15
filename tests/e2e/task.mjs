// The buyer's task of issue 18, as a person does it, in any engine of drivers.mjs: "about 20 Nano
// Banana Pro images a week and 10 AI Expand a month: what does that cost a month, and which
// pack should I buy?". Shared by the test that holds its cost to its goals (answer.test.mjs)
// and the script that takes the screenshots of the answer (screenshots.mjs).

import { read, choosePeriod } from "./drivers.mjs";

/// The pricing page's packs (the demo's), as the `packs` attribute.
export const PACKS = JSON.stringify([
  { id: "starter", name: "Starter", credits: 500, price: 4.99, currency: "EUR" },
  { id: "creator", name: "Creator", credits: 2000, price: 17.99, currency: "EUR" },
  { id: "studio", name: "Studio", credits: 10000, price: 79.99, currency: "EUR" },
]);
export const NBP = "text-to-image/nano-banana-pro";
export const PLAN = '[data-testid="plan"]';
export const ADVICE = '[data-testid="pack-advice"]';
const qty = (id) => `[data-entry="${id}"] input[type="number"]`;

/// Where things are, in the viewport's pixels: each selector's rect (null when not shown), the
/// sticky bar's, and the page's scroll position.
export function rects(page, host, inners) {
  return page.evaluate(
    ([h, list]) => {
      const root = document.querySelector(h).shadowRoot;
      const box = (el) => {
        const r = el?.getBoundingClientRect();
        return r && el.getClientRects().length ? { top: r.top, bottom: r.bottom, height: r.height } : null;
      };
      return {
        at: Object.fromEntries(list.map((i) => [i, box(root.querySelector(i))])),
        bar: box(root.querySelector(".vc-summary")),
        scrollY,
        innerHeight,
      };
    },
    [host, inners],
  );
}

/// Does the task on `page`, whose element is `host`, from wherever the page is: taps on what is
/// in view, keys into the boxes, and only the scrolling needed to see the next target (the
/// part of the screen above the sticky bar), then to see the answer (the plan's summary, the
/// total and the pack advice at once). A period is chosen by script (a select's own picker
/// differs by engine) and counted as the two taps it takes: open, pick. Returns the cost.
export async function buyersTask(page, host) {
  let taps = 0;
  let keys = 0;
  let scrolled = 0;
  const see = async (inner) => {
    const r = await rects(page, host, [inner]);
    const box = r.at[inner];
    const bottom = Math.min(r.bar.top, r.innerHeight);
    let dy = 0;
    if (box.top < 0) dy = box.top - 8;
    else if (box.bottom > bottom) dy = box.bottom - bottom + 8;
    if (dy) scrolled += Math.abs(await page.scrollBy(dy));
  };
  const shown = (inner) => page.waitFor(([h, i]) => !!document.querySelector(h).shadowRoot.querySelector(i)?.getClientRects().length, [host, inner], 10000);
  const tap = async (inner) => {
    await see(inner);
    await page.tap(host, inner);
    taps++;
  };
  const type = async (text) => {
    for (const k of text) await page.press(k);
    keys += text.length;
  };
  const pick = async (id, period) => {
    const select = `[data-entry="${id}"] select`;
    await shown(select);
    await see(select);
    await choosePeriod(page, host, id, period);
    taps += 2;
  };
  await tap(qty("ai-expand"));
  await type("10");
  await pick("ai-expand", "month");
  await tap('input[type="search"]');
  await type("nano");
  await tap(qty(NBP));
  await type("20");
  await pick(NBP, "week");
  // The answer: the summary at the top at most, the advice's end above the bar.
  await shown(`${ADVICE} [data-pack-option]`);
  const r = await rects(page, host, [PLAN, ADVICE]);
  const bottom = Math.min(r.bar.top, r.innerHeight);
  if (r.at[ADVICE].bottom > bottom) {
    scrolled += Math.abs(await page.scrollBy(Math.min(Math.ceil(r.at[ADVICE].bottom - bottom) + 8, Math.floor(r.at[PLAN].top))));
  } else if (r.at[PLAN].top < 0) {
    scrolled += Math.abs(await page.scrollBy(r.at[PLAN].top - 8));
  }
  const seen = await rects(page, host, [PLAN, ADVICE]);
  const answered = seen.at[PLAN].top >= 0 && seen.at[ADVICE].bottom <= seen.bar.top + 0.5;
  const monthly = Number(await read(page, host, '[data-testid="monthly"]', "@data-value"));
  return { taps, keys, scrolled: Math.round(scrolled), answered, seen, monthly };
}
