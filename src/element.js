// The <vidmud-credits> class. It forwards the platform's callbacks to Rust, which owns all state;
// why each step is there is written in element.rs (this file ships to every host as is).
const OBSERVED = ["api-base", "credentials", "pricing-url", "account-url"];
const UNMOUNT = 1, SET_ATTR = 2, SET_TOKEN = 3, REFRESH = 4, QUOTE = 5;

export function defineElement(name, css, hooks) {
  if (customElements.get(name)) return;
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
      this.attachShadow({ mode: "open" }).adoptedStyleSheets = [sheet];
    }

    connectedCallback() {
      if (Object.prototype.hasOwnProperty.call(this, "authToken")) {
        const token = this.authToken;
        delete this.authToken;
        this.authToken = token;
      }
      if (this.#id) return;
      const mountPoint = document.createElement("div");
      mountPoint.className = "vc-root";
      this.shadowRoot.append(mountPoint);
      const attrs = OBSERVED.map((a) => this.getAttribute(a));
      this.#id = hooks.mount(this, mountPoint, attrs, this.#token);
    }

    disconnectedCallback() {
      queueMicrotask(() => {
        if (this.isConnected || !this.#id) return;
        const id = this.#id;
        this.#id = 0;
        hooks.call(UNMOUNT, id, 0, null);
        this.shadowRoot.replaceChildren();
      });
    }

    attributeChangedCallback(name, oldValue, value) {
      if (this.#id && oldValue !== value) hooks.call(SET_ATTR, this.#id, OBSERVED.indexOf(name), value);
    }

    get quote() {
      return this.#id ? hooks.call(QUOTE, this.#id, 0, null) : { total: 0, lines: [] };
    }

    get authToken() {
      return undefined;
    }

    set authToken(value) {
      this.#token = value == null || value === "" ? null : String(value);
      if (this.#id) hooks.call(SET_TOKEN, this.#id, 0, this.#token);
    }

    refresh() {
      if (this.#id) hooks.call(REFRESH, this.#id, 0, null);
    }
  }

  customElements.define(name, VidmudCredits);
}
