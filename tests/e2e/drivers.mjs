// One small page API over three browser engines, so the same checks run in each:
//   chromium: Debian's Chromium through playwright-core (harness.mjs `launch()`), CDP
//   firefox:  Debian's firefox-esr through puppeteer-core, WebDriver BiDi, headless
//   webkit:   WebKitGTK's MiniBrowser through WebKitWebDriver and selenium-webdriver, classic
//             WebDriver, under an Xvfb this module starts (WebKitGTK has no headless mode)
//
// Everything a test does goes through `evaluate` (a function run in the page) or through real
// input events sent by the driver (`click`, `type`, `press`, `clear`), aimed at an element inside
// a host's open shadow root. Each engine only supplies a handful of primitives; the behaviour
// on top of them is shared, so a difference between engines is the engine's, not the driver's.

import { describe, before, after, afterEach } from "node:test";
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { launch as launchChromium, axeSource, axeViolations } from "./harness.mjs";

export const ENGINES = ["chromium", "firefox", "webkit"];

// Every engine runs with the same clock and language, so dates and numbers read the same.
const LOCALE = "en-US";
const TIMEZONE = "UTC";

/// The engines a suite runs in: VIDMUD_ENGINES (e.g. `firefox,webkit`), all three by default.
export function selectedEngines() {
  return (process.env.VIDMUD_ENGINES ?? ENGINES.join(","))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/// Runs `suite(name, session)` in a `describe` of its own for each selected engine: the engine
/// is launched before its tests (`session.engine`) and closed after them, and the page a test
/// opens (`session.page`) is closed after that test.
export function eachEngine(suite) {
  for (const name of selectedEngines()) {
    describe(name, () => {
      const session = { engine: null, page: null };
      before(async () => {
        session.engine = await launchEngine(name);
      });
      after(async () => {
        await session.engine?.close();
      });
      afterEach(async () => {
        await session.page?.close();
        session.page = null;
      });
      suite(name, session);
    });
  }
}

/// Opens `url` in `engine` and waits for the total of the element `host` and its whole price
/// list (the first view mounts its first category, then the rest a task later: `data-partial`
/// meanwhile). WebKitGTK under Xvfb
/// has (once in several full runs) left a fresh page unrendered for 15 s, an engine hiccup
/// rather than the widget: the page is opened once more before failing, and the retry is
/// logged. Returns the page.
export async function openRendered(engine, url, host) {
  const shown = (h) => {
    const root = document.querySelector(h)?.shadowRoot;
    return !!root?.querySelector('[data-testid="total"]') && !root.querySelector("[data-partial]");
  };
  let page = await engine.newPage(url);
  try {
    await page.waitFor(shown, host, 15000);
  } catch (e) {
    console.log(`${engine.name}: ${url} did not render in 15 s (${e.message}); opening it once more`);
    await page.close();
    page = await engine.newPage(url);
    await page.waitFor(shown, host, 15000);
  }
  return page;
}

/// Starts `name` (one of ENGINES). The browser is meant to be shared by many pages, one at a time.
export async function launchEngine(name) {
  const launchers = { chromium: launchPlaywright, firefox: launchPuppeteer, webkit: launchSelenium };
  if (!launchers[name]) throw new Error(`unknown engine ${name}; expected one of ${ENGINES.join(", ")}`);
  return launchers[name]();
}

/// The engine-neutral page. Subclasses provide `goto(url)`, `_run(source)` (evaluate an
/// expression whose value is a promise of a string, outside the page's CSP as drivers do),
/// `_keys(text)`, `_key(name)`, `_selectAll()`, `_clickAt(x, y)`, `_viewport(width, height)`,
/// `_nativeProblems()`, `_close()`.
class Page {
  /// Runs `fn(...args)` in the page and returns its JSON value. `fn` travels as source text, so
  /// it sees only its arguments. The result goes through JSON.stringify in the page so every
  /// driver returns the same thing (undefined becomes null).
  async evaluate(fn, ...args) {
    const source = `(async () => {
      try { return JSON.stringify({ v: await (${fn})(...${JSON.stringify(args)}) }); }
      catch (e) { return JSON.stringify({ e: String(e) + "\\n" + (e && e.stack || "") }); }
    })()`;
    const out = JSON.parse(await this._run(source));
    if ("e" in out) throw new Error(`in the page: ${out.e}`);
    return out.v ?? null;
  }

  /// Polls `fn(arg)` in the page until `done` holds for what it returns (by default: until it
  /// is truthy), and returns that.
  async waitFor(fn, arg, timeoutMs = 10000, done = Boolean) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        last = await this.evaluate(fn, arg);
        if (done(last)) return last;
      } catch (e) {
        // The page may be between documents; keep polling until the deadline.
        last = e.message;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${fn} (${JSON.stringify(arg)}); last: ${JSON.stringify(last)}`);
      await sleep(50);
    }
  }

  /// A real mouse click on the middle of an element inside `host`'s shadow root: the first one
  /// matching `inner` whose text contains `text` (case-insensitive), if given.
  async click(host, inner, { text } = {}) {
    const aim = async ([h, i, t]) => {
      const all = [...(document.querySelector(h)?.shadowRoot?.querySelectorAll(i) ?? [])];
      const el = all.find((e) => t == null || e.textContent.toLowerCase().includes(t.toLowerCase()));
      if (!el) return { missing: true };
      el.scrollIntoView({ block: "center" });
      // Aim only at a target that holds still: panels still arriving above it move it, and
      // a click sent to where it was a frame ago lands elsewhere.
      const before = JSON.stringify(el.getBoundingClientRect());
      for (let f = 0; f < 2; f++) await new Promise(requestAnimationFrame);
      if (JSON.stringify(el.getBoundingClientRect()) !== before) return { moving: true };
      const r = el.getBoundingClientRect();
      const x = Math.round(r.left + r.width / 2);
      const y = Math.round(r.top + r.height / 2);
      const hit = el.getRootNode().elementFromPoint(x, y);
      return { x, y, hit: !!hit && (hit === el || el.contains(hit)) };
    };
    // Covered is tried again too: content arriving below the target can make the sticky total
    // bar stick over where the target was scrolled to; scrolling again clears it.
    const at = await this.waitFor(aim, [host, inner, text ?? null], 5000, (a) => a?.hit);
    await this._clickAt(at.x, at.y);
  }

  /// A real click (a tap) on the middle of an element inside `host`'s shadow root, where it is
  /// now, as a person taps what they see: nothing scrolls it into view first, and it fails
  /// when the element is out of view or covered (by the sticky total bar, say).
  async tap(host, inner) {
    const at = await this.evaluate(
      ([h, i]) => {
        const el = document.querySelector(h)?.shadowRoot?.querySelector(i);
        if (!el) return { missing: true };
        const r = el.getBoundingClientRect();
        const x = Math.round(r.left + r.width / 2);
        const y = Math.round(r.top + r.height / 2);
        const hit = el.getRootNode().elementFromPoint(x, y);
        return { x, y, hit: !!hit && (hit === el || el.contains(hit)) };
      },
      [host, inner],
    );
    if (!at?.hit) throw new Error(`${host} >>> ${inner} can't be tapped where it is: ${JSON.stringify(at)}`);
    await this._clickAt(at.x, at.y);
  }

  /// Scrolls the page by `dy` CSS pixels, as a person's swipe would, and returns how far it
  /// really moved (less at the end of the page).
  async scrollBy(dy) {
    return this.evaluate(async (d) => {
      const before = scrollY;
      scrollTo(0, before + d);
      for (let f = 0; f < 2; f++) await new Promise(requestAnimationFrame);
      return scrollY - before;
    }, dy);
  }

  /// Types `text` with real key events into an element inside `host`'s shadow root.
  async type(host, inner, text) {
    await this.focus(host, inner);
    await this._keys(String(text));
  }

  /// Presses one key (Playwright's names: "ArrowUp", "Tab", "Escape", "Backspace", "Enter").
  async press(key) {
    await this._key(key);
  }

  /// Empties a text or number box as a person would: select all, then Backspace.
  async clear(host, inner) {
    await this.focus(host, inner);
    await this._selectAll();
    await this._key("Backspace");
    const left = await this.evaluate(
      ([h, i]) => {
        const el = document.querySelector(h).shadowRoot.querySelector(i);
        return el.value !== "" || el.validity.badInput;
      },
      [host, inner],
    );
    if (left) throw new Error(`${host} >>> ${inner} still holds text after select-all and Backspace`);
  }

  /// Focuses an element inside `host`'s shadow root (programmatically: the key events that
  /// follow are the real ones; Playwright's pressSequentially and WebDriver's Element Send Keys
  /// focus the same way).
  async focus(host, inner) {
    await this.waitFor(
      ([h, i]) => {
        const root = document.querySelector(h)?.shadowRoot;
        const el = root?.querySelector(i);
        if (!el) return false;
        el.focus();
        return root.activeElement === el;
      },
      [host, inner],
      5000,
    );
  }

  /// Sets the page's layout viewport to `width` × `height` CSS pixels and returns what the page
  /// then reports (`innerWidth`, `innerHeight`), so a test can assert it got what it asked for.
  async viewport(width, height) {
    await this._viewport(width, height);
    const size = () => ({ width: innerWidth, height: innerHeight });
    const asked = (got) => got?.width === width && got?.height === height;
    // An engine that can't go as small (WebKitGTK's window) settles on another size.
    return this.waitFor(size, null, 5000, asked).catch(() => this.evaluate(size));
  }

  /// Runs axe-core over the whole document, open shadow roots included, and returns its
  /// violations (harness.mjs `axeViolations`). The source is evaluated through the driver, so
  /// the page must allow eval (no strict CSP).
  async axe() {
    await this.evaluate((src) => {
      if (!window.axe) (0, eval)(src);
    }, await axeSource());
    return this.evaluate(axeViolations);
  }

  /// Console errors, uncaught errors and CSP violations seen so far on the current document.
  async problems() {
    return [...(await this._nativeProblems()), ...(await this._probeProblems())];
  }

  /// What pages/probe.js recorded (see that file); engines that capture the console natively
  /// take only the CSP violations, which no driver here reports by itself.
  async _probeProblems(kinds = ["csp:"]) {
    const all = await this.evaluate(() => window.__problems ?? []).catch(() => []);
    return all.filter((p) => kinds.some((k) => p.startsWith(k)));
  }

  async close() {
    await this._close();
  }
}

// ---------------------------------------------------------------- Chromium: playwright-core

async function launchPlaywright() {
  const browser = await launchChromium();
  return {
    name: "chromium",
    async newPage(url, { locale = LOCALE, timezone = TIMEZONE } = {}) {
      const context = await browser.newContext({ locale, timezoneId: timezone });
      const page = new PlaywrightPage(context, await context.newPage());
      if (url) await page.goto(url);
      return page;
    },
    close: () => browser.close(),
  };
}

class PlaywrightPage extends Page {
  /// What the viewport shows now, as a PNG file at `path`.
  screenshot(path) {
    return this.page.screenshot({ path });
  }
  constructor(context, page) {
    super();
    this.context = context;
    this.page = page;
    this.seen = [];
    page.on("console", (m) => m.type() === "error" && this.seen.push(`console.error: ${m.text()}${where(m.location())}`));
    page.on("pageerror", (e) => this.seen.push(`error: ${e.message}`));
  }
  goto(url) {
    return this.page.goto(url);
  }
  _run(source) {
    return this.page.evaluate(source);
  }
  _keys(text) {
    return this.page.keyboard.type(text);
  }
  _key(name) {
    return this.page.keyboard.press(name);
  }
  _selectAll() {
    return this.page.keyboard.press("Control+A");
  }
  _clickAt(x, y) {
    return this.page.mouse.click(x, y);
  }
  _viewport(width, height) {
    return this.page.setViewportSize({ width, height });
  }
  _nativeProblems() {
    return [...this.seen];
  }
  _close() {
    return this.context.close();
  }
}

// ---------------------------------------------------------------- Firefox: puppeteer-core, BiDi

async function launchPuppeteer() {
  const { default: puppeteer } = await import("puppeteer-core");
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true,
    defaultViewport: { width: 1280, height: 720 }, // Playwright's default, so layouts match
    env: { ...process.env, TZ: TIMEZONE },
    extraPrefsFirefox: { "intl.accept_languages": LOCALE, "intl.locale.requested": LOCALE },
  });
  return {
    name: "firefox",
    async newPage(url, { locale = LOCALE, timezone = TIMEZONE } = {}) {
      // BiDi has a locale override, but puppeteer 24 does not expose it: the language is set
      // for the whole browser at launch.
      if (locale !== LOCALE) throw new Error(`firefox: only ${LOCALE} is set up`);
      const context = await browser.createBrowserContext();
      const raw = await context.newPage();
      if (timezone !== TIMEZONE) await raw.emulateTimezone(timezone);
      const page = new PuppeteerPage(context, raw);
      if (url) await page.goto(url);
      return page;
    },
    close: () => browser.close(),
  };
}

class PuppeteerPage extends Page {
  /// What the viewport shows now, as a PNG file at `path`.
  screenshot(path) {
    return this.page.screenshot({ path });
  }
  constructor(context, page) {
    super();
    this.context = context;
    this.page = page;
    this.seen = [];
    page.on("console", (m) => m.type() === "error" && this.seen.push(`console.error: ${m.text()}${where(m.location())}`));
    page.on("pageerror", (e) => this.seen.push(`error: ${e.message ?? e}`));
  }
  goto(url) {
    return this.page.goto(url);
  }
  _run(source) {
    return this.page.evaluate(source);
  }
  _keys(text) {
    return this.page.keyboard.type(text);
  }
  _key(name) {
    return this.page.keyboard.press(name);
  }
  async _selectAll() {
    await this.page.keyboard.down("Control");
    await this.page.keyboard.press("a");
    await this.page.keyboard.up("Control");
  }
  _clickAt(x, y) {
    return this.page.mouse.click(x, y);
  }
  _viewport(width, height) {
    return this.page.setViewport({ width, height });
  }
  _nativeProblems() {
    return [...this.seen];
  }
  _close() {
    return this.context.close();
  }
}

// ---------------------------------------------------------------- WebKit: selenium-webdriver

const WINDOW = { x: 0, y: 0, width: 1280, height: 720 };
const MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

async function launchSelenium() {
  const { Builder } = await import("selenium-webdriver");
  const children = [];
  // An interrupted or crashed run must not leave Xvfb and the driver behind.
  const onSignal = (signal) => {
    stop();
    process.kill(process.pid, signal);
  };
  const stop = () => {
    children.splice(0).reverse().forEach((c) => c.exitCode === null && c.kill());
    process.off("exit", stop).off("SIGINT", onSignal).off("SIGTERM", onSignal);
  };
  process.once("exit", stop).once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    const display = await startXvfb(children);
    const port = await freePort();
    const driverLog = [];
    const driverProcess = spawn(process.env.WEBKIT_WEBDRIVER ?? "WebKitWebDriver", [`--port=${port}`], {
      // LANG: WebKitGTK takes navigator.language from it ("C" otherwise). TZ: the page's clock.
      env: { ...process.env, DISPLAY: `:${display}`, LANG: "en_US.UTF-8", TZ: TIMEZONE },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(driverProcess);
    for (const s of [driverProcess.stdout, driverProcess.stderr]) s.on("data", (d) => driverLog.push(String(d)));
    const server = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${server}/status`)).ok, 10000, () => `WebKitWebDriver did not start: ${driverLog.join("")}`);
    const driver = await new Builder()
      .usingServer(server)
      .withCapabilities({
        browserName: "MiniBrowser",
        "webkitgtk:browserOptions": { binary: process.env.MINIBROWSER ?? MINIBROWSER, args: ["--automation"] },
      })
      .build();
    await driver.manage().setTimeouts({ script: 30000, pageLoad: 30000 });
    await driver.manage().window().setRect(WINDOW);
    let current = null;
    return {
      name: "webkit",
      async newPage(url, { locale = LOCALE, timezone = TIMEZONE } = {}) {
        // One window serves every page in turn (a session is one MiniBrowser process); the
        // language and clock come from the driver's environment.
        if (locale !== LOCALE || timezone !== TIMEZONE) throw new Error(`webkit: only ${LOCALE} and ${TIMEZONE} are set up`);
        if (current) await current.close();
        current = new SeleniumPage(driver);
        if (url) await current.goto(url);
        return current;
      },
      async close() {
        await driver.quit().catch(() => {});
        stop();
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}

const SELENIUM_KEYS = {
  ArrowUp: "\uE013",
  ArrowDown: "\uE015",
  ArrowLeft: "\uE012",
  ArrowRight: "\uE014",
  Backspace: "\uE003",
  Control: "\uE009",
  Delete: "\uE017",
  End: "\uE010",
  Enter: "\uE007",
  Escape: "\uE00C",
  Home: "\uE011",
  Tab: "\uE004",
};

class SeleniumPage extends Page {
  /// What the window shows now, as a PNG file at `path`.
  async screenshot(path) {
    await writeFile(path, Buffer.from(await this.driver.takeScreenshot(), "base64"));
  }
  constructor(driver) {
    super();
    this.driver = driver;
    this.closed = false;
  }
  goto(url) {
    return this.driver.get(url);
  }
  _run(source) {
    // Asynchronous form: the driver hands us a callback, so a promise is awaited the same way
    // in every WebDriver implementation.
    return this.driver.executeAsyncScript(`const done = arguments[arguments.length - 1]; (${source}).then(done);`);
  }
  _actions() {
    return this.driver.actions({ async: true });
  }
  _keys(text) {
    return this._actions().sendKeys(text).perform();
  }
  _key(name) {
    if (name.length > 1 && !SELENIUM_KEYS[name]) throw new Error(`webkit: no key named ${name}`);
    return this._actions().sendKeys(SELENIUM_KEYS[name] ?? name).perform();
  }
  _selectAll() {
    return this._actions().keyDown(SELENIUM_KEYS.Control).sendKeys("a").keyUp(SELENIUM_KEYS.Control).perform();
  }
  _clickAt(x, y) {
    return this._actions().move({ x, y, duration: 0 }).click().perform();
  }
  async _viewport(width, height) {
    // WebDriver sizes the window, not the page: add what the window's frame takes.
    const frame = await this.evaluate(() => [outerWidth - innerWidth, outerHeight - innerHeight]);
    await this.driver.manage().window().setRect({ width: width + frame[0], height: height + frame[1] });
    this.resized = true;
  }
  async _nativeProblems() {
    return [];
  }
  // No console access over classic WebDriver: everything comes from the probe.
  _probeProblems() {
    return super._probeProblems(["csp:", "console.error:", "error:", "unhandledrejection:"]);
  }
  async _close() {
    if (this.closed) return;
    this.closed = true;
    // The next test gets the same window: leave nothing behind in it.
    await this.evaluate(() => {
      localStorage.clear();
      sessionStorage.clear();
    }).catch(() => {});
    await this.driver.get("about:blank");
    if (this.resized) await this.driver.manage().window().setRect(WINDOW);
  }
}

// ---------------------------------------------------------------- processes

/// Starts Xvfb on a display it picks itself (-displayfd: no guessing, no clash with another run).
async function startXvfb(children) {
  const xvfb = spawn(process.env.XVFB ?? "Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "ignore", "pipe", "pipe"],
  });
  children.push(xvfb);
  let err = "";
  xvfb.stderr.on("data", (d) => (err += d));
  return new Promise((resolve, reject) => {
    let out = "";
    xvfb.stdio[3].on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(Number(out.trim()));
    });
    xvfb.once("error", reject);
    xvfb.once("exit", (code) => reject(new Error(`Xvfb exited with ${code}: ${err}`)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function until(check, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(message());
    await sleep(100);
  }
}

// "Failed to load resource" does not say what failed; the location does. (Other messages'
// location is pages/probe.js, which wraps console.error.)
const where = (loc) => (loc?.url && !loc.url.endsWith("/probe.js") ? ` (${loc.url})` : "");

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// Reads from an element inside `host`'s shadow root: "@name" is an attribute, anything else a
/// property (innerText, value, ...). null when the element is not there.
export function read(page, host, inner, what) {
  return page.evaluate(
    (h, i, w) => {
      const el = document.querySelector(h)?.shadowRoot?.querySelector(i);
      if (!el) return null;
      return w.startsWith("@") ? el.getAttribute(w.slice(1)) : el[w];
    },
    host,
    inner,
    what,
  );
}

/// Chooses `period` for entry `id` in `host`, as a host's script or assistive tech would set a
/// select (keyboard handling of a closed <select> differs by engine and platform).
export function choosePeriod(page, host, id, period) {
  return page.evaluate(
    (h, s, v) => {
      const select = document.querySelector(h).shadowRoot.querySelector(s);
      select.value = v;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    },
    host,
    `[data-entry="${id}"] select[data-field="period"]`,
    period,
  );
}

