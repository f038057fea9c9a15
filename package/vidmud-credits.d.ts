// Types of the package's module, `vidmud-credits` (pkg/vidmud-credits.js): importing it defines
// <vidmud-credits>. Every name here is a contract the README documents.

/** How often a line of the plan recurs. */
export type Period = "once" | "day" | "week" | "month";

/** One line of the plan: an entry with a quantity above 0. */
export interface QuoteLine {
  /** The entry's id, e.g. `"text-to-image/nano-banana-pro"`. */
  id: string;
  quantity: number;
  period: Period;
  /** The entry's price in credits. */
  credits_each: number;
  /** What the line costs once, or a month when it recurs (rounded up on its own). */
  credits: number;
}

/** The plan's price: `quote`, and the detail of `credits-change`. */
export interface Quote {
  /** `once + monthly`: what the next month needs. */
  total: number;
  once: number;
  monthly: number;
  /** In the price list's order. */
  lines: QuoteLine[];
}

/** A pack the host sells, as `packs` (property or attribute) takes it. */
export interface Pack {
  id: string;
  name: string;
  /** Above 0. */
  credits: number;
  /** At least 0, in `currency`. */
  price?: number;
  /** An ISO 4217 code, e.g. `"EUR"`. */
  currency?: string;
}

/** The balance panel's state. */
export type BalanceState = "idle" | "loading" | "ok" | "stale" | "signed-out" | "error";

/** The detail of `credits-balance`. */
export interface BalanceDetail {
  state: BalanceState;
  /** `null` unless `state` is `ok` or `stale`. */
  balance: number | null;
}

/** The detail of `credits-buy`, before every Buy action (cancelable). */
export interface BuyDetail {
  /** The credits needed: the shortfall, or the total with no balance. */
  credits: number;
  /** The advised pack ids, in the host's order, repeats included. */
  packs: string[];
}

/** The element's events: each bubbles and is composed. */
export interface VidmudCreditsEventMap extends HTMLElementEventMap {
  "credits-change": CustomEvent<Quote>;
  "credits-balance": CustomEvent<BalanceDetail>;
  "credits-buy": CustomEvent<BuyDetail>;
}

/** `<vidmud-credits>`. Each string property reflects its attribute; `null` removes it. */
export interface VidmudCreditsElement extends HTMLElement {
  /** The plan's price; `null` when there is no exact quote to give. */
  readonly quote: Quote | null;
  /** Write-only: the account API's bearer token. Reading gives `undefined`. */
  get authToken(): undefined;
  set authToken(token: string | null | undefined);
  /** The host's packs; the latest of this and the `packs` attribute wins. */
  packs: Pack[] | null;
  /** `api-base`: the account API. */
  apiBase: string | null;
  /** `credentials`: `include` (default) or `omit`. */
  credentials: "include" | "omit" | (string & {}) | null;
  /** `pricing-url`: where Buy goes. */
  pricingUrl: string | null;
  /** `account-url`: the Account Center. */
  accountUrl: string | null;
  /** `locale`: a BCP 47 tag. */
  locale: string | null;
  /** `catalog-url`: a newer price list. */
  catalogUrl: string | null;
  /** `label`: the element's accessible name. */
  label: string | null;
  /** `persist`: where the plan is kept (read when the element connects). */
  persist: string | null;
  /** `theme`: `light`, `dark` or `auto`. */
  theme: "light" | "dark" | "auto" | (string & {}) | null;
  /** `sync-url`: the plan follows the page's `#plan=` (read when the element connects). */
  syncUrl: boolean;
  /** Asks the account API again. */
  refresh(): void;

  addEventListener<K extends keyof VidmudCreditsEventMap>(
    type: K,
    listener: (this: VidmudCreditsElement, event: VidmudCreditsEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof VidmudCreditsEventMap>(
    type: K,
    listener: (this: VidmudCreditsElement, event: VidmudCreditsEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "vidmud-credits": VidmudCreditsElement;
  }
}

/** Resolves once `<vidmud-credits>` is defined (the module defines it when loaded). */
export default function ready(): Promise<unknown>;
