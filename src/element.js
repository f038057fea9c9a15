// The <vidmud-credits> class. It forwards the platform's callbacks to the Rust handle that each
// connected element keeps; why each step is there is written in element.rs.

// The first Intl formatter of a page loads the engine's locale data (40 ms and more in
// Chromium). Made in a task of its own, which runs while the host's init() downloads and
// compiles the wasm, that cost leaves the task that renders the widget.
setTimeout(() => {
  new Intl.NumberFormat().format(0);
  new Intl.PluralRules().select(0);
}, 0);

export function defineElement(name, css, observed, mount) {
  if (customElements.get(name)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  // Storage keys in use on this page, and the element keeping its plan under each.
  const keeping = new Map();

  class VidmudCredits extends HTMLElement {
    static get observedAttributes() {
      return observed;
    }

    #handle = null;
    #key = "";
    #token = null;
    #packs = null;
    #packsJson;

    constructor() {
      super();
      this.attachShadow({ mode: "open" }).adoptedStyleSheets = [sheet];
    }

    #label() {
      const root = this.shadowRoot.querySelector(".vc-root");
      const label = this.getAttribute("label")?.trim();
      if (!root) return;
      if (label) {
        root.setAttribute("role", "region");
        root.setAttribute("aria-label", label);
      } else {
        root.removeAttribute("role");
        root.removeAttribute("aria-label");
      }
    }

    connectedCallback() {
      if (Object.prototype.hasOwnProperty.call(this, "authToken")) {
        const token = this.authToken;
        delete this.authToken;
        this.authToken = token;
      }
      if (Object.prototype.hasOwnProperty.call(this, "packs")) {
        const packs = this.packs;
        delete this.packs;
        this.packs = packs;
      }
      if (this.#handle) return;
      const mountPoint = document.createElement("div");
      mountPoint.className = "vc-root";
      this.shadowRoot.append(mountPoint);
      this.#label();
      const persist = this.getAttribute("persist");
      let key = persist === "none" ? "" : "vidmud-credits:" + (persist || this.id || "plan");
      const holder = keeping.get(key);
      // An element being replaced is still the holder until its freeing microtask runs: a
      // replacement connected in the same task takes the key over.
      if (key && holder && holder !== this && holder.isConnected) {
        console.warn("vidmud-credits: another element on this page keeps its plan under " + key + ", so this one keeps none; give each element an id or a persist name");
        key = "";
      }
      if (key) keeping.set(key, this);
      this.#key = key;
      const sync = this.hasAttribute("sync-url");
      let waiting = sync;
      try {
        waiting ||= key !== "" && localStorage.getItem(key) !== null;
      } catch {}
      this.#handle = mount(this, mountPoint, this.#token, key, sync, waiting);
      if (this.#packsJson !== undefined) this.#handle.setPacks(this.#packsJson);
    }

    disconnectedCallback() {
      queueMicrotask(() => {
        if (this.isConnected || !this.#handle) return;
        const handle = this.#handle;
        this.#handle = null;
        if (keeping.get(this.#key) === this) keeping.delete(this.#key);
        handle.free();
        this.shadowRoot.replaceChildren();
      });
    }

    attributeChangedCallback(attribute, oldValue, value) {
      if (attribute === "label") this.#label();
      if (this.#handle && oldValue !== value) this.#handle.attributeChanged(attribute, value);
    }

    get quote() {
      return this.#handle ? this.#handle.quote() : { total: 0, once: 0, monthly: 0, lines: [] };
    }

    get authToken() {
      return undefined;
    }

    set authToken(value) {
      this.#token = value == null || value === "" ? null : String(value);
      this.#handle?.setToken(this.#token);
    }

    get packs() {
      return this.#packs;
    }

    set packs(value) {
      let json = null;
      try {
        json = value == null ? null : JSON.stringify(value);
      } catch (e) {
        console.warn("vidmud-credits: packs ignored: " + e);
      }
      this.#packs = value ?? null;
      this.#packsJson = json ?? null;
      this.#handle?.setPacks(this.#packsJson);
    }

    refresh() {
      this.#handle?.refresh();
    }
  }

  customElements.define(name, VidmudCredits);
}
