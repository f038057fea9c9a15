// Shared set-up for the end-to-end tests: a static server for the release build (dist/ and
// pkg/) and the test pages, the reference account API, and Debian's Chromium via playwright-core.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { join, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

export const ROOT = process.env.VIDMUD_ROOT ?? new URL("../..", import.meta.url).pathname;
const API_BIN = process.env.VIDMUD_API_BIN ?? join(ROOT, "target/debug/vidmud-account-api");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".ico": "image/x-icon",
};

/// The strict policy a careful host page sends: no inline script or style at all.
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' http://127.0.0.1:*";

/// The policy of the README's one-tag embed, exactly: the wasm and its chunks are 'self' too.
export const ONE_TAG_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// Serves /pkg/* from pkg/ (and /pkg-missing-chunks/*, the same with every chunk answering
/// 404, and /pkg-copy/*, a second copy of the package at another path), /pages/* from
/// tests/e2e/pages/, /floor/* from the bench's bare Leptos build, /vite-app/* from the Vite
/// app that package.test.mjs builds, /catalogs/<name>.json from liveCatalogs(), everything
/// else from dist/. Pages whose name starts with `csp-` are sent with STRICT_CSP
/// (csp-one-tag.html with ONE_TAG_CSP).
export async function startStatic() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    let base = join(ROOT, "dist");
    let path = url.pathname;
    const live = /^\/catalogs\/([a-z]+)\.json$/.exec(path);
    if (live) {
      const body = (await liveCatalogs())[live[1]];
      if (body === undefined) res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      else res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(body);
      return;
    }
    const prerendered = /^\/prerendered\/(en|de)(-markup)?\.html$/.exec(path);
    if (prerendered) {
      // A host page with pkg/prerender/<language>.html pasted inside its element, as a host
      // pastes it (declarative shadow DOM works only in markup the page is parsed from). As
      // <language>-markup.html, the same page without the widget's module: the markup alone,
      // what the browser's own parsing and layout of it cost (the bench's baseline).
      const page = await readFile(join(ROOT, "tests/e2e/pages/prerendered.html"), "utf8");
      const first = await readFile(join(ROOT, `pkg/prerender/${prerendered[1]}.html`), "utf8");
      const locale = prerendered[1] === "de" ? ' locale="de-DE"' : "";
      let html = page.replace("<!--PRERENDER-->", first.trim()).replace(" data-locale", locale);
      if (prerendered[2]) html = html.replace(/\s*<script type="module"[^>]*><\/script>/, "");
      res.writeHead(200, { "content-type": TYPES[".html"], "cache-control": "no-store" });
      res.end(html);
      return;
    }
    if (path.startsWith("/pkg/")) {
      base = join(ROOT, "pkg");
      path = path.slice(4);
    } else if (path.startsWith("/pkg-missing-chunks/")) {
      // pkg/ as a host whose chunks can't be fetched (a bad deploy, a CDN miss): every .wasm
      // but the main module answers 404.
      if (/\.wasm$/.test(path) && !path.endsWith("/vidmud_credits_bg.wasm")) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      base = join(ROOT, "pkg");
      path = path.slice("/pkg-missing-chunks".length);
    } else if (path.startsWith("/pkg-copy/")) {
      base = join(ROOT, "pkg");
      path = path.slice("/pkg-copy".length);
    } else if (path.startsWith("/vite-app/")) {
      base = join(ROOT, "target/host-app/dist");
      path = path.slice("/vite-app".length);
    } else if (path.startsWith("/floor/")) {
      base = join(ROOT, "target/bench/floor-pkg");
      path = path.slice(6);
    } else if (path.startsWith("/pages/")) {
      base = join(ROOT, "tests/e2e/pages");
      path = path.slice(6);
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(base, path));
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error("not a file");
      const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" };
      if (/\/csp-[^/]*\.html$/.test(file)) {
        headers["content-security-policy"] = file.endsWith("/csp-one-tag.html") ? ONE_TAG_CSP : STRICT_CSP;
      }
      res.writeHead(200, headers).end(await readFile(file));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((r) => server.close(r)) };
}

/// Starts the reference account API on `port` (0: a free one), allowing `origin`. With
/// `--log-credentials`: the tests check the exact Authorization and Cookie the widget sent,
/// which the server's request log redacts otherwise. With the `newer` price list at /v1/catalog
/// unless `catalog` says otherwise: a test that points `catalog-url` at `${api.base}/v1/catalog`
/// wants one the widget takes (Flux Dev at 2 credits, Photo Restoration withdrawn, Seedream 4
/// added), where `cargo xtask serve` serves the `built-in` one.
export async function startApi(origin, scenario = "plan", port = 0, { catalog = "newer" } = {}) {
  const args = ["--port", String(port), "--scenario", scenario, "--allow-origin", origin, "--catalog", catalog, "--log-credentials"];
  const child = spawn(API_BIN, args, { stdio: ["ignore", "pipe", "inherit"] });
  // An interrupted run (Ctrl-C, a crashed test file) must not leave the server running.
  const stop = () => child.kill();
  process.once("exit", stop);
  const lines = createInterface({ input: child.stdout });
  const base = await new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`account API exited with ${code}`)));
    lines.on("line", (line) => {
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  const api = {
    base,
    async scenario(name) {
      const r = await fetch(`${base}/__scenario/${name}`, { method: "PUT" });
      if (!r.ok) throw new Error(`scenario ${name}: ${r.status}`);
    },
    async requests() {
      return (await fetch(`${base}/__requests`)).json();
    },
    async clearRequests() {
      await fetch(`${base}/__requests`, { method: "DELETE" });
    },
    /// Stops the server; resolves once it has exited (and its port is free).
    close() {
      process.off("exit", stop);
      const exited = child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once("exit", r));
      child.kill();
      return exited;
    },
  };
  return api;
}

/// The reference server dates every answer from the moment it makes it (server/src/lib.rs,
/// `answered_at` and `period_ends_at`): `updated_at` five minutes earlier, down to the whole
/// minute, and the plan's renewal at the start of the next month (UTC). For an answer made at
/// `ms`, in ms since the epoch:
export const answeredAt = (ms) => Math.floor((ms - 5 * 60_000) / 60_000) * 60_000;
export const renewsAt = (ms) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/// Every value `date` (`answeredAt`, `renewsAt`) takes for an answer made from `since` until
/// now: what the widget may show for an answer it got in between. One, unless a minute (or a
/// month) turned meanwhile.
export function datesSince(since, date) {
  const until = Date.now();
  const dates = new Set([date(until)]);
  for (let t = since; t < until; t += 60_000) dates.add(date(t));
  return [...dates];
}

/// Run in a page: each of `times` (ms since the epoch) as the widget writes it in `locale`, in
/// the page's time zone (src/intl.rs): `{ day: "Dec 1", time: "2:05 PM" }`.
export function writtenDates({ locale, times }) {
  const day = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric" });
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
  return times.map((t) => ({ day: day.format(t), time: time.format(t) }));
}

/// A RegExp source that matches any of `texts` as written, not followed by a digit ("Dec 1"
/// is not "Dec 10").
export const anyOf = (texts) => `(?:${texts.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})(?!\\d)`;

/// A RegExp source for what the widget on `page` writes, in `locale`, for `date` of an answer
/// made since `since`: `pick` chooses the text (by default the day, "Dec 1"). `page` is a
/// Playwright page or an engine page of drivers.mjs.
export async function writtenSince(page, since, date, locale, pick = (d) => d.day) {
  const written = await page.evaluate(writtenDates, { locale, times: datesSince(since, date) });
  return anyOf(written.map(pick));
}

/// Headless Chromium.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/// A page that records console errors, page errors and CSP violations.
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext({ timezoneId: "UTC", locale: "en-US", ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  return { page, context, problems };
}

/// Page object for one <vidmud-credits> element (Playwright pierces its open shadow root).
export class Widget {
  constructor(page, selector = "vidmud-credits") {
    this.page = page;
    this.host = page.locator(selector);
  }
  row(id) {
    return this.host.locator(`[data-entry="${id}"]`);
  }
  qty(id) {
    return this.row(id).locator('input[type="number"]');
  }
  total() {
    return this.host.locator('[data-testid="total"]');
  }
  balance() {
    return this.host.locator('[data-testid="balance"]');
  }
  afterPlan() {
    return this.host.locator('[data-testid="after-plan"]');
  }
  /// The total shows, and the whole price list (the rest of it mounts a task after the first
  /// category: `data-partial` meanwhile).
  async ready() {
    await this.total().first().waitFor();
    await this.host.locator("[data-partial]").first().waitFor({ state: "detached" });
  }
  async set(id, value) {
    await this.qty(id).fill(String(value));
  }
  async totalValue() {
    return Number(await this.total().getAttribute("data-value"));
  }
  async quote() {
    return this.host.evaluate((el) => el.quote);
  }
}

/// axe-core's source, to put in a page.
export const axeSource = () => readFile(join(ROOT, "tests/e2e/node_modules/axe-core/axe.min.js"), "utf8");

/// Run in a page that has axe-core: its violations over the whole document, shadow roots
/// included, as `{ id, impact, help, nodes }`.
export async function axeViolations() {
  const r = await window.axe.run(document, { resultTypes: ["violations"] });
  return r.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ")),
  }));
}

/// Runs axe-core over the whole page, shadow roots included; returns the violations.
export async function axe(page) {
  const source = await axeSource();
  await page.addScriptTag({ content: source }).catch(async () => {
    // Strict-CSP pages refuse inline scripts: evaluate the source instead.
    await page.evaluate(source);
  });
  return page.evaluate(axeViolations);
}

export const catalog = JSON.parse(await readFile(join(ROOT, "data/catalog.json"), "utf8"));

/// What a row shows as its entry's name: under its feature's heading ("Text to Image", a
/// feature with several entries) the model alone; otherwise the whole name. The quantity box is
/// named with the whole name either way.
export function shownName(e, entries = catalog.entries) {
  const titled = entries.filter((o) => o.feature === e.feature).length > 1;
  return titled && e.model && e.name === `${e.feature} · ${e.model}` ? e.model : e.name;
}

/// Price lists a `catalog-url` may point at that the widget must refuse or survive, by name;
/// the good newer one is the reference server's `/v1/catalog`.
export async function liveCatalogs() {
  const later = { ...catalog, version: "2099-01-01" };
  const entries = (f) => catalog.entries.map((e) => ({ ...e, ...f(e) }));
  const deep = "[".repeat(100000) + "0" + "]".repeat(100000);
  return {
    // The largest price list the widget accepts (1,000 entries, MAX_ENTRIES), for the bench.
    bench: JSON.stringify({
      ...later,
      unpriced: [],
      entries: Array.from({ length: 1000 }, (_, i) => ({
        id: `bench-${i}`,
        category: catalog.categories[i % catalog.categories.length].id,
        feature: `Feature ${Math.floor(i / 4)}`,
        model: `Model ${i % 4}`,
        name: `Feature ${Math.floor(i / 4)} · Model ${i % 4}`,
        credits: (i % 97) + 1,
      })),
    }),
    older: JSON.stringify({ ...catalog, version: "2025-06-01" }),
    same: JSON.stringify(catalog),
    baddate: JSON.stringify({ ...catalog, version: "9999" }),
    invalid: JSON.stringify({ ...later, entries: entries((e) => (e.id === "ai-expand" ? { credits: 0 } : {})) }),
    garbage: "<!doctype html><title>Not a price list</title>",
    // Valid and newer, but past 256 KiB.
    large: JSON.stringify(later) + " ".repeat(300 * 1024),
    // Valid and newer, with markup in the names and a field nested 100,000 levels deep.
    hostile: `{"extra":${deep},` + JSON.stringify({
      ...later,
      categories: catalog.categories.map((c) => ({ ...c, name: `<b>${c.name}</b>` })),
      entries: entries((e) => (e.id === "ai-expand" ? { name: '<img src=x onerror="window.pwned=1">AI Expand', credits: 5 } : {})),
    }).slice(1),
  };
}

/// Polls `get` until it deep-equals `expected` (the page updates after the key event returns),
/// then asserts, so a failure shows the last value seen.
export async function eventually(get, expected, message, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await get();
    try {
      assert.deepEqual(last, expected);
      return;
    } catch {
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  assert.deepEqual(last, expected, message);
}

/// A balance endpoint for pages on `origin` whose plan name ends in U+202E (RIGHT-TO-LEFT
/// OVERRIDE), as a hostile or broken account service could send: 1,250 credits, 750 of 2,000
/// used. `base` is its api-base; `close()` stops it.
export async function startHostileBalance(origin) {
  const server = createServer((req, res) => {
    const headers = {
      "content-type": "application/json",
      "access-control-allow-origin": origin,
      "access-control-allow-credentials": "true",
      "access-control-allow-headers": "authorization",
    };
    if (req.method === "OPTIONS") return res.writeHead(204, headers).end();
    res.writeHead(200, headers).end(JSON.stringify({
      balance: 1250,
      updated_at: "2026-11-25T14:05:00Z",
      plan: { name: "Creator\u202e", period_credits: 2000, period_used: 750, period_ends_at: "2099-12-01T00:00:00Z" },
    }));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/// A plan the end-to-end suites type, line by line ([entry, quantity]), and the quote it makes:
/// 3 × 4 + 12 × 8 + 1,000 × 3 = 3,108 credits, all once.
export const TYPED_PLAN = [["ai-expand", 3], ["text-to-image/nano-banana-pro", 12], ["image-to-image/kling", 1000]];
export const TYPED_QUOTE = {
  total: 3108,
  once: 3108,
  monthly: 0,
  lines: [
    { id: "ai-expand", quantity: 3, period: "once", credits_each: 4, credits: 12 },
    { id: "text-to-image/nano-banana-pro", quantity: 12, period: "once", credits_each: 8, credits: 96 },
    { id: "image-to-image/kling", quantity: 1000, period: "once", credits_each: 3, credits: 3000 },
  ],
};

/// Run in the page (any driver's evaluate): where the first character of each of `needles` is
/// drawn, as the left edge of its box, in the text of `selector` inside the shadow root of the
/// element `host` finds; null for a needle not found. The hostile plan's numbers must keep
/// their order: a stray U+202E beside them would otherwise draw them right to left.
export function drawnLeft({ host, selector, needles }) {
  const box = document.querySelector(host).shadowRoot.querySelector(selector);
  return needles.map((needle) => {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(needle);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        return r.getBoundingClientRect().left;
      }
    }
    return null;
  });
}

/// A server that sends headers and then never the body: only an abort ends a request to it.
/// `open()` is how many requests it holds now, `most()` the most it held at once, `base` its
/// address.
export async function startSilentServer() {
  let open = 0;
  let most = 0;
  const server = createServer((req, res) => {
    open++;
    most = Math.max(most, open);
    req.socket.on("close", () => open--);
    res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    open: () => open,
    most: () => most,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
