// The <vidmud-credits> custom element. It only forwards the platform's callbacks to Rust, which
// owns all state; no eval or Function constructor, so `script-src 'self' 'wasm-unsafe-eval'`
// is enough.

const OBSERVED = ["api-base", "credentials", "pricing-url", "account-url"];

export function defineElement(name, css, hooks) {
  if (customElements.get(name)) return;
  // One constructed stylesheet shared by every instance: works under `style-src 'self'`.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);

  class VidmudCredits extends HTMLElement {
    static get observedAttributes() {
      return OBSERVED;
    }

    #id = 0;
    #token = null;

    constructor() {
      super();
      const root = this.attachShadow({ mode: "open" });
      root.adoptedStyleSheets = [sheet];
    }

    connectedCallback() {
      // A token set before the element was defined sits on the instance and hides the setter.
      if (Object.prototype.hasOwnProperty.call(this, "authToken")) {
        const token = this.authToken;
        delete this.authToken;
        this.authToken = token;
      }
      // Still mounted: the host moved the element, and the plan must survive the move.
      if (this.#id) return;
      const mountPoint = document.createElement("div");
      mountPoint.className = "vc-root";
      this.shadowRoot.append(mountPoint);
      const attrs = OBSERVED.map((a) => this.getAttribute(a));
      this.#id = hooks.mount(this, mountPoint, attrs, this.#token);
    }

    disconnectedCallback() {
      // A move fires disconnected then connected: wait a microtask before deciding it's removal.
      queueMicrotask(() => {
        if (this.isConnected || !this.#id) return;
        const id = this.#id;
        this.#id = 0;
        hooks.unmount(id);
        this.shadowRoot.replaceChildren();
      });
    }

    attributeChangedCallback(name, oldValue, value) {
      if (this.#id && oldValue !== value) hooks.setAttr(this.#id, OBSERVED.indexOf(name), value);
    }

    /// The current quote: { total, lines: [{ id, quantity, credits_each, credits }] }.
    get quote() {
      return this.#id ? hooks.quote(this.#id) : { total: 0, lines: [] };
    }

    // Write-only: the token is kept here and in Rust memory, never in an attribute, the DOM,
    // a URL, logs or storage, and reading it back gives nothing away.
    get authToken() {
      return undefined;
    }

    set authToken(value) {
      this.#token = value == null || value === "" ? null : String(value);
      if (this.#id) hooks.setToken(this.#id, this.#token);
    }

    /// Asks the account API for the balance again.
    refresh() {
      if (this.#id) hooks.refresh(this.#id);
    }
  }

  customElements.define(name, VidmudCredits);
}
