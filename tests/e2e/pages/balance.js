// A host page configured from its query string:
// ?api=…&token=demo&credentials=…&pricing=…&account=…&locale=…&lang=…&persist=…&pkg=missing-chunks
//  &packs=<JSON, as the attribute>&packs-prop=<JSON, parsed and set as the property>
//  &catalog=<url, as catalog-url>
// (pages/csp-balance.html is the same host, sent with the strict CSP.)
// The element is configured (token included) before the module defines it, as a host that
// renders its markup first would do. `lang` sets the lang of the element's container (the
// page itself is lang="en"); `pkg=missing-chunks` loads a pkg/ whose chunks all answer 404.

const q = new URLSearchParams(location.search);
const el = document.createElement("vidmud-credits");
el.id = "w";
if (q.has("api")) el.setAttribute("api-base", q.get("api"));
if (q.has("credentials")) el.setAttribute("credentials", q.get("credentials"));
el.setAttribute("pricing-url", q.get("pricing") ?? "https://vidmud.test/pricing");
if (q.has("account")) el.setAttribute("account-url", q.get("account"));
if (q.has("locale")) el.setAttribute("locale", q.get("locale"));
if (q.has("persist")) el.setAttribute("persist", q.get("persist"));
if (q.has("packs")) el.setAttribute("packs", q.get("packs"));
if (q.has("catalog")) el.setAttribute("catalog-url", q.get("catalog"));
if (q.has("packs-prop")) el.packs = JSON.parse(q.get("packs-prop"));
if (q.has("lang")) document.querySelector("#slot").lang = q.get("lang");
// The token itself never goes in a URL: `token=demo` picks the reference server's demo token.
if (q.get("token") === "demo") el.authToken = "vidmud-demo-token";
window.balanceEvents = [];
el.addEventListener("credits-balance", (e) => window.balanceEvents.push(e.detail));
document.querySelector("#slot").append(el);
// For the drills with many elements: labels #w "Calculator 0" and adds `count - 1` more signed-in
// elements, #w1 "Calculator 1" onwards, that keep no plan.
window.addLabelled = (count, base, token) => {
  el.setAttribute("label", "Calculator 0");
  for (let i = 1; i < count; i++) {
    const more = document.createElement("vidmud-credits");
    more.id = `w${i}`;
    more.setAttribute("api-base", base);
    more.setAttribute("persist", "none");
    more.setAttribute("label", `Calculator ${i}`);
    more.authToken = token;
    document.querySelector("#slot").append(more);
  }
};
const pkg = q.get("pkg") === "missing-chunks" ? "/pkg-missing-chunks" : "/pkg";
const { default: init } = await import(`${pkg}/vidmud_credits.js`);
await init();
