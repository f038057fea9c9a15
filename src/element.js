// The <vidmud-credits> class. It forwards the platform's callbacks to the Rust handle that each
// connected element keeps; why each step is there is written in element.rs.

// The first Intl formatter of a page loads the engine's locale data (40 ms and more in
// Chromium, 50 to 100 at 4× CPU). Made in tasks of their own, which run while the host's init()
// downloads and compiles the wasm, that cost leaves the task that renders the widget; in three
// steps (a locale's likely subtags, then a number format, then plural rules), as one came near
// a long task on a phone.
const later = (f) => setTimeout(f, 0);
later(() => {
  new Intl.Locale("en").maximize();
  later(() => {
    new Intl.NumberFormat().format(0);
    later(() => new Intl.PluralRules().select(0));
  });
});

// The one stylesheet every element adopts: the first view's rules, then those a chunk brought
// with it (addStyles), each once.
let sheet = null;
let base = "";
const added = new Set();

export function addStyles(css) {
  if (!sheet || added.has(css)) return;
  added.add(css);
  sheet.replaceSync(base + [...added].join(""));
}

// A row's − or + (src/calculator/row.rs): one step of the row's own quantity box, as its arrow
// keys make, handed to the box's input handler like typing. One listener for every row: a
// handler per row, or one in Rust, costs the first download far more than these lines. Below
// one, the box empties rather than showing 0.
function step(event) {
  const button = event.target.closest?.("[data-step]");
  const box = button?.closest("[data-entry]")?.querySelector('input[type="number"]');
  if (!box) return;
  const up = button.dataset.step === "1";
  if (!up && !(box.valueAsNumber > 0)) return;
  // The box's step is 1, its range 0 to 1,000,000: a step never throws, and stops at the ends.
  up ? box.stepUp() : box.stepDown();
  if (box.valueAsNumber === 0) box.value = "";
  box.dispatchEvent(new Event("input", { bubbles: true }));
}

// The live view, just mounted at `live`, takes the place of a prerendered one: what was typed
// into its boxes goes to the live boxes as typing would, and focus stays where it was. In one
// task, the one after the mount's (the two together came near a long task on a phone), and
// the two views lay out alike: nothing on the page moves.
export const takeOver = (live) => setTimeout(swap, 0, live);

function swap(live) {
  const root = live.getRootNode();
  const first = root.querySelector(".vc-root[data-prerendered]");
  if (!first || !live.isConnected) return;
  const twin = (el) => el.id && live.querySelector("#" + CSS.escape(el.id));
  for (const box of first.querySelectorAll("input")) {
    const to = box.value !== "" && twin(box);
    if (!to) continue;
    to.value = box.value;
    to.dispatchEvent(new Event("input", { bubbles: true }));
  }
  const focused = first.contains(root.activeElement) && root.activeElement;
  for (const old of root.querySelectorAll("link[rel=stylesheet], .vc-root[data-prerendered]")) old.remove();
  live.hidden = false;
  const to = focused && twin(focused);
  if (to) to.focus();
}

export function defineElement(name, css, observed, mount) {
  const defined = customElements.get(name);
  if (defined) {
    // A second copy of the module (two bundles, a tag and an import): the first one stays.
    console.warn(`vidmud-credits: already defined by ${defined.from}; this copy, ${import.meta.url}, is not used`);
    return;
  }
  // A property for each attribute but packs (whose property takes the array), reflecting it
  // (apiBase: api-base); the attribute is what takes effect. sync-url's is a boolean, below.
  const reflected = [...observed, "persist", "theme"].filter((a) => a !== "packs");
  const property = (attribute) => attribute.replace(/-(.)/g, (_, c) => c.toUpperCase());
  // Properties a host may set before the element is defined (see connectedCallback).
  const early = ["authToken", "packs", "syncUrl", ...reflected.map(property)];
  sheet = new CSSStyleSheet();
  base = css;
  sheet.replaceSync(css);
  // Storage keys in use on this page, and the element keeping its plan under each.
  const keeping = new Map();

  class VidmudCredits extends HTMLElement {
    static from = import.meta.url;

    static get observedAttributes() {
      return observed;
    }

    #handle = null;
    #key = "";
    #token = null;
    #packs = null;
    #packsJson;

    #root = null;
    // Whether the handle has had `catalog-url` (its first view's task has run).
    #handedOver = false;

    constructor() {
      super();
      // A host that pasted a prerendered first view (pkg/prerender/) gave the element a
      // declarative shadow root already: it stays on screen until the live view takes over.
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      root.adoptedStyleSheets = [sheet];
      root.addEventListener("click", step);
    }

    #label() {
      const root = this.#root;
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
      for (const key of early) {
        if (!Object.prototype.hasOwnProperty.call(this, key)) continue;
        const value = this[key];
        delete this[key];
        this[key] = value;
      }
      if (this.#handle) return;
      const mountPoint = document.createElement("div");
      mountPoint.className = "vc-root";
      // Busy until a view is mounted (at once, unless a catalog-url or a language's words are
      // on their way); the stylesheet draws the empty root as the widget's outline. Behind a
      // prerendered view, hidden instead: that view is what shows meanwhile.
      if (this.shadowRoot.querySelector(".vc-root[data-prerendered]")) mountPoint.hidden = true;
      else mountPoint.setAttribute("aria-busy", "true");
      this.#root = mountPoint;
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
      const handle = mount(this, mountPoint, this.#token, key, sync, waiting);
      this.#handle = handle;
      if (this.#packsJson !== undefined) handle.setPacks(this.#packsJson);
      // The first view, in a task of its own (see Handle::new in element.rs).
      this.#handedOver = false;
      setTimeout(() => {
        if (this.#handle !== handle) return;
        this.#handedOver = true;
        handle.attributeChanged("catalog-url", this.getAttribute("catalog-url"));
      }, 0);
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
      // Until the first view's task, which hands `catalog-url` over as it is then, a new one
      // waits for it: asked for now as well, the same list would be asked for twice.
      if (attribute === "catalog-url" && !this.#handedOver) return;
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

    get syncUrl() {
      return this.hasAttribute("sync-url");
    }

    set syncUrl(on) {
      this.toggleAttribute("sync-url", !!on);
    }
  }

  for (const attribute of reflected) {
    Object.defineProperty(VidmudCredits.prototype, property(attribute), {
      get() {
        return this.getAttribute(attribute);
      },
      set(value) {
        value == null ? this.removeAttribute(attribute) : this.setAttribute(attribute, value);
      },
    });
  }

  customElements.define(name, VidmudCredits);
}
