// The npm package (issue 20), as a front-end team takes it: `npm install` of the tarball that
// `cargo xtask dist` writes into a new Vite app, `import "vidmud-credits"`, `vite build`, and the
// built page working in Chromium (prices, the balance with api-base, the buyer's panels from
// their chunks); the package's types checked with `tsc --strict` against a host file (and a
// misspelt `detail` field refused); its Custom Elements Manifest. Vite and TypeScript are
// pinned in tests/host/, installed by `cargo xtask test`.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, startStatic, startApi, eventually } from "./harness.mjs";
import { launchEngine, openRendered, read } from "./drivers.mjs";

const run = promisify(execFile);
const PKG = JSON.parse(readFileSync(join(ROOT, "pkg/package.json"), "utf8"));
const TARBALL = join(ROOT, "dist", `vidmud-credits-${PKG.version}.tgz`);
const APP = join(ROOT, "target/host-app");
const TOOLS = join(ROOT, "tests/host/node_modules");
const W = "#w";

let web, api, engine;
before(async () => {
  web = await startStatic();
  api = await startApi(web.origin, "ok");
});
after(async () => {
  await engine?.close();
  api?.close();
  await web?.close();
});

/// A new app in target/host-app/ with `files`, the tarball installed into it as a host would.
async function newApp(files) {
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(APP, { recursive: true });
  writeFileSync(join(APP, "package.json"), JSON.stringify({ name: "host-app", private: true, type: "module" }, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(APP, name), text);
  cpSync(TARBALL, join(APP, "vidmud-credits.tgz"));
  // A tarball with no dependencies installs without the registry.
  await run("npm", ["install", "--no-audit", "--no-fund", "--offline", "--loglevel=error", "./vidmud-credits.tgz"], { cwd: APP });
}

test("the package: name, exports, types, sideEffects, license, customElements, README, every file", () => {
  assert.ok(existsSync(TARBALL), `${TARBALL} (cargo xtask dist writes it)`);
  assert.equal(PKG.name, "vidmud-credits");
  assert.equal(PKG.license, "MIT");
  assert.deepEqual(PKG.exports["."], { types: "./vidmud-credits.d.ts", default: "./vidmud-credits.js" });
  assert.equal(PKG.types, "vidmud-credits.d.ts");
  assert.ok(PKG.sideEffects.includes("./vidmud-credits.js"));
  assert.equal(PKG.customElements, "custom-elements.json");
  for (const f of ["README.md", "LICENSE", "vidmud-credits.js", "vidmud-credits.d.ts", "custom-elements.json", "vidmud_credits_bg.wasm"]) {
    assert.ok(PKG.files.includes(f), f);
  }
});

test("a Vite app that installs the tarball and imports it builds, and its page prices, shows the balance and loads the buyer's panels", async () => {
  await newApp({
    "index.html": `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>A Vite host</title><link rel="icon" href="data:," /></head>
  <body>
    <vidmud-credits id="w" persist="none"></vidmud-credits>
    <script type="module" src="./main.js"></script>
  </body>
</html>
`,
    "main.js": `import "vidmud-credits";
// The account API from the query, as this test's host configures it.
const q = new URLSearchParams(location.search);
const el = document.querySelector("vidmud-credits");
if (q.has("api")) {
  el.apiBase = q.get("api");
  el.authToken = "vidmud-demo-token";
}
`,
  });
  await run(process.execPath, [join(TOOLS, "vite/bin/vite.js"), "build", "--base=/vite-app/", "--logLevel=warn"], { cwd: APP });
  // Every wasm module of the package was found: the main module and each chunk, copied, or
  // (under Vite's 4 KiB assetsInlineLimit) inlined as a data: URL.
  const assets = join(APP, "dist/assets");
  const copied = readdirSync(assets).filter((f) => f.endsWith(".wasm")).length;
  const scripts = readdirSync(assets).filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(assets, f), "utf8")).join("");
  const inlined = scripts.split("data:application/wasm;base64,").length - 1;
  const shipped = readdirSync(join(ROOT, "pkg")).filter((f) => f.endsWith(".wasm")).length;
  assert.equal(copied + inlined, shipped, `${copied} copied and ${inlined} inlined of ${shipped}`);

  engine = await launchEngine("chromium");
  const page = await openRendered(engine, `${web.origin}/vite-app/?api=${encodeURIComponent(api.base)}`, W);
  await eventually(() => read(page, W, '[data-testid="balance"]', "@data-value"), "1600");
  await page.type(W, '[data-entry="ai-expand"] input[type="number"]', "5");
  await eventually(() => read(page, W, '[data-testid="total"]', "@data-value"), "20");
  // The buyer's chunk: Your plan, and what the balance leaves.
  await eventually(() => read(page, W, '[data-plan-line="ai-expand"]', "@data-credits"), "20");
  await eventually(() => read(page, W, '[data-testid="after-plan"]', "@data-value"), "1580");
  assert.deepEqual(await page.problems(), []);
  await page.close();
});

const HOST_TS = `import ready, { type Quote, type Pack } from "vidmud-credits";

await ready();
const el = document.querySelector("vidmud-credits");
if (el) {
  el.apiBase = "https://api.vidmud.example";
  el.locale = "de-DE";
  el.syncUrl = true;
  el.authToken = "token";
  const packs: Pack[] = [{ id: "starter", name: "Starter", credits: 100, price: 1.99, currency: "EUR" }];
  el.packs = packs;
  const quote: Quote | null = el.quote;
  const total: number = quote?.total ?? 0;
  el.addEventListener("credits-change", (e) => {
    const monthly: number = e.detail.monthly + total;
    const period: "once" | "day" | "week" | "month" = e.detail.lines[0].period;
    console.log(monthly, period);
  });
  el.addEventListener("credits-buy", (e) => {
    const wanted: number = e.detail.credits;
    const ids: string[] = e.detail.packs;
    if (wanted > 0 && ids.length) e.preventDefault();
  });
  el.addEventListener("credits-balance", (e) => {
    const balance: number | null = e.detail.balance;
    console.log(e.detail.state, balance);
  });
  el.refresh();
}
`;

test("types: a host file type-checks with tsc --strict; a misspelt detail field does not", async () => {
  await newApp({ "host.ts": HOST_TS, "typo.ts": HOST_TS.replace("e.detail.monthly", "e.detail.montly") });
  const tsc = (file) =>
    run(process.execPath, [join(TOOLS, "typescript/bin/tsc"), "--strict", "--noEmit", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2022,dom", file], { cwd: APP });
  await tsc("host.ts");
  const refused = await tsc("typo.ts").then(
    () => null,
    (e) => e.stdout,
  );
  assert.ok(refused, "typo.ts type-checked");
  assert.match(refused, /typo\.ts.*error TS\d+: Property 'montly' does not exist/);
});

test("custom-elements.json: the tag, every attribute, property, event and custom property of the README", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "pkg/custom-elements.json"), "utf8"));
  const element = manifest.modules[0].declarations[0];
  assert.equal(element.tagName, "vidmud-credits");
  assert.equal(manifest.modules[0].exports[0].kind, "custom-element-definition");
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const attributes = [...readme.split("### Attributes")[1].split("###")[0].matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual(element.attributes.map((a) => a.name), attributes);
  const members = element.members.map((m) => m.name);
  for (const p of ["quote", "authToken", "packs", "apiBase", "credentials", "pricingUrl", "accountUrl", "locale", "catalogUrl", "label", "persist", "theme", "syncUrl", "refresh"]) {
    assert.ok(members.includes(p), p);
  }
  assert.deepEqual(
    element.events.map((e) => [e.name, e.type.text]),
    [
      ["credits-change", "CustomEvent<Quote>"],
      ["credits-balance", "CustomEvent<BalanceDetail>"],
      ["credits-buy", "CustomEvent<BuyDetail>"],
    ],
  );
  const css = element.cssProperties.map((c) => c.name);
  for (const c of ["--vc-font", "--vc-bg", "--vc-accent", "--vc-radius", "--vc-focus"]) assert.ok(css.includes(c), c);
});
