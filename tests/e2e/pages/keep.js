// A host page for keeping and sharing plans, configured from its query string:
// ?ids=a,b            one element per id (default "k")
//  &persist=<value>   the persist attribute, on every element
//  &sync=1            sync-url on the first element
//  &seed=<text>       written to the first element's default key before the widget loads
//  &storage=throws    reading window.localStorage throws, as in a sandboxed frame
//  &clipboard=none    no navigator.clipboard, as on an insecure page
//  &api=<base>&token=demo   api-base and the reference server's demo token, on every element
//  &catalog=<url>     catalog-url, on every element
// What the page can't see otherwise is recorded (console.warn in window.warnings, by probe.js):
// clipboard writes in window.copied, and links clicked to download a file in window.downloads (the
// download itself is not started: headless browsers differ in what they do with one).

const q = new URLSearchParams(location.search);
const ids = (q.get("ids") ?? "k").split(",");
if (q.has("seed")) localStorage.setItem(`vidmud-credits:${ids[0]}`, q.get("seed"));
if (q.get("storage") === "throws") {
  Object.defineProperty(window, "localStorage", {
    configurable: true,
    get() {
      throw new DOMException("The operation is insecure.", "SecurityError");
    },
  });
}
window.copied = [];
if (q.get("clipboard") === "none") {
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: undefined });
} else {
  // Recorded rather than written: only Chromium lets a test read the system clipboard back.
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText: async (text) => void window.copied.push(String(text)) },
  });
}
window.downloads = [];
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function () {
  if (!this.hasAttribute("download")) return click.call(this);
  window.downloads.push({ href: this.href, download: this.download });
};
ids.forEach((id, i) => {
  const el = document.createElement("vidmud-credits");
  el.id = id;
  if (q.has("persist")) el.setAttribute("persist", q.get("persist"));
  if (i === 0 && q.get("sync") === "1") el.setAttribute("sync-url", "");
  if (q.has("api")) el.setAttribute("api-base", q.get("api"));
  if (q.has("catalog")) el.setAttribute("catalog-url", q.get("catalog"));
  if (q.get("token") === "demo") el.authToken = "vidmud-demo-token";
  document.querySelector("#slot").append(el);
});
const { default: init } = await import("/pkg/vidmud_credits.js");
await init();
