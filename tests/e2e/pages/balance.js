// A host page configured from its query string: ?api=…&token=demo&credentials=…&pricing=…&account=…
// The element is configured (token included) before the module defines it, as a host that
// renders its markup first would do.
import init from "/pkg/vidmud_credits.js";

const q = new URLSearchParams(location.search);
const el = document.createElement("vidmud-credits");
el.id = "w";
if (q.has("api")) el.setAttribute("api-base", q.get("api"));
if (q.has("credentials")) el.setAttribute("credentials", q.get("credentials"));
el.setAttribute("pricing-url", q.get("pricing") ?? "https://vidmud.test/pricing");
if (q.has("account")) el.setAttribute("account-url", q.get("account"));
// The token itself never goes in a URL: `token=demo` picks the reference server's demo token.
if (q.get("token") === "demo") el.authToken = "vidmud-demo-token";
window.balanceEvents = [];
el.addEventListener("credits-balance", (e) => window.balanceEvents.push(e.detail));
document.querySelector("#slot").append(el);
await init();
