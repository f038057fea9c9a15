// Records what a person's console would show into window.__problems, for drivers that cannot
// listen to the browser's console (WebKitGTK's WebDriver has no BiDi). A classic script loaded
// first in <head>, so it is in place before the widget's module runs; an external file, since
// the strict-CSP pages refuse inline scripts. Each entry starts with its kind ("csp:",
// "console.error:", "error:", "unhandledrejection:") so drivers that capture the console
// natively can take only what they cannot see themselves.
(() => {
  const problems = (window.__problems = []);
  const text = (v) => {
    if (v instanceof Error) return `${v.name}: ${v.message}`;
    if (typeof v === "string") return v;
    try {
      return JSON.stringify(v) ?? String(v);
    } catch {
      return String(v);
    }
  };
  const original = console.error;
  console.error = function (...args) {
    problems.push(`console.error: ${args.map(text).join(" ")}`);
    return original.apply(this, args);
  };
  window.addEventListener(
    "error",
    (e) => {
      // Elements that fail to load (img, script, link) reach a capturing listener, with no message.
      const what = e.target?.src || e.target?.href || e.target?.outerHTML?.slice(0, 80) || "?";
      problems.push(`error: ${e.error ? text(e.error) : e.message || `failed to load ${what}`}`);
    },
    true,
  );
  // What the widget tells a host developer (bad packs, a kept plan it ignored) goes to
  // console.warn: not a problem, but kept in window.warnings for the tests that expect it.
  const warnings = (window.warnings = []);
  const warn = console.warn;
  console.warn = function (...args) {
    warnings.push(args.join(" "));
    return warn.apply(this, args);
  };
  window.addEventListener("unhandledrejection", (e) => problems.push(`unhandledrejection: ${text(e.reason)}`));
  document.addEventListener("securitypolicyviolation", (e) =>
    problems.push(`csp: ${e.violatedDirective} ${e.blockedURI}`),
  );
})();
