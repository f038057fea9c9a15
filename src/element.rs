//! Glue between the `<vidmud-credits>` custom element (a JS snippet, `element.js`) and Leptos.
//!
//! Connecting an element mounts a view and returns a [`Handle`], an exported wasm-bindgen
//! object the element keeps and calls by name (`attributeChanged`, `setToken`, `refresh`,
//! `quote`). Removing the element calls `free()`, which drops the handle: that unmounts the view,
//! disposes its reactive owner and aborts its requests. Rust names the observed attributes; the
//! JS class only forwards them.
//!
//! What `element.js` does, and why (its own comments are kept short: it ships to every host):
//! - The class lives in a wasm-bindgen snippet rather than being built with `eval`, so a host's
//!   `script-src 'self' 'wasm-unsafe-eval'` is enough.
//! - One constructed stylesheet, shared by every instance, is adopted by each open shadow root:
//!   it applies under `style-src 'self'`, where `<style>` and `style=""` would not.
//! - A token set on an element before the class was defined sits on the instance and hides the
//!   setter; `connectedCallback` moves it to the setter ("upgrading" the property).
//! - The view mounts into a `<div>` inside the shadow root (`mount_to` wants an element).
//! - `disconnectedCallback` also fires when a host moves the element: freeing waits a
//!   microtask and is skipped if the element is connected again, so a move keeps the plan.
//! - Where the plan is kept (`persist`, the id, `sync-url`) is worked out when the element
//!   connects and left on the view's root as `data-keep` and `data-sync`, for the buyer's chunk
//!   (`crate::keep`): the class needs the key first, to fetch that chunk at once when a plan is
//!   waiting in storage, and reading storage can throw (sandboxed frames).
//! - The buyer's chunk is fetched by a `focusin` on the view (the signal of a first focus). When
//!   a plan is waiting, the class marks the root `data-panels` and Rust sends that signal as
//!   soon as the view is mounted (which may wait for a translation or a price list), as it does
//!   to a view rebuilt with the panels (see `Shown::mount`). The class sends it on every
//!   `credits-change` too (a plan changed without focus, as a click in Safari doesn't focus a
//!   button). Once loaded, the signal does nothing.
//! - `label` makes the view's root a region of that name (`role`, `aria-label`), set by the
//!   class: attributes on an element the class made cost the first download nothing, where
//!   reactive attributes in the view cost it 0.9 KB. Without a label the widget adds no
//!   landmark to the page, so two elements never repeat a landmark's name.
//! - `authToken` is write-only: kept in a private field and in Rust memory, never in an
//!   attribute, the DOM, a URL, logs or storage; reading it back gives `undefined`.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use vidmud_credits_core::{BalancePhase, Catalog, Plan, Quote};
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::components::Widget;
use crate::effect::effect;
use crate::intl::Locale;
use crate::messages::Text;
use crate::state::{Buy, Controls};

/// The element's tag name: a contract with every host page.
pub const TAG: &str = "vidmud-credits";

/// The attributes the element observes. `theme` is not here: only the stylesheet reads it.
/// `label` is the class's alone (see `element.js`).
pub const OBSERVED: [&str; 8] = [
    "api-base",
    "credentials",
    "pricing-url",
    "account-url",
    "locale",
    "packs",
    "catalog-url",
    "label",
];

const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

#[wasm_bindgen(module = "/src/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(name: &str, css: &str, observed: js_sys::Array, mount: &JsValue);
}

/// One connected element, as its JS class holds it. Dropping it (`free()` from JS) unmounts the
/// view and disposes the element's reactive owner, which aborts its requests.
#[wasm_bindgen]
pub struct Handle {
    host: HtmlElement,
    controls: Controls,
    shown: Rc<Shown>,
}

/// Where an element's view goes, and what is there. Shared with a translation's fetch and a
/// price list's, which show the view when they arrive.
pub struct Shown {
    mount_point: HtmlElement,
    /// Owns the element's state, which outlives any one view of it (a new locale is a new view).
    pub owner: Owner,
    /// The mounted view; dropping it unmounts.
    view: RefCell<Option<Box<dyn Any>>>,
    /// Tells the host that the person is about to buy (`credits-buy`), for every view.
    buy: Callback<Buy, bool>,
    /// The price list in use: the built-in one, or a newer one from `catalog-url` (set by
    /// `crate::live_catalog`, which then shows a new view).
    pub catalog: Cell<&'static Catalog>,
}

impl Drop for Handle {
    fn drop(&mut self) {
        // Take it out first, drop it after: dropping runs cleanups that may call back in.
        let view = self.shown.view.borrow_mut().take();
        drop(view);
        self.shown.owner.cleanup();
    }
}

#[wasm_bindgen]
impl Handle {
    /// An observed attribute changed (`value` is `null` when removed).
    #[wasm_bindgen(js_name = attributeChanged)]
    pub fn attribute_changed(&self, name: &str, value: Option<String>) {
        let text = self.controls.text.get_untracked();
        if name == "catalog-url" {
            self.shown.take_catalog(self.controls, &self.host, value);
            return;
        }
        apply_attribute(&self.controls, &self.host, name, value);
        // Words and number formats are fixed for a view's life: a new locale gets a new view.
        if self.controls.text.get_untracked() != text {
            self.shown.show(self.controls);
        }
    }

    /// `authToken` was set. Setting it asks again even when it is the same token: a host sets
    /// it to re-authenticate.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: Option<String>) {
        self.controls.token.set(token);
        self.controls.refresh();
    }

    /// The `packs` property was set: the array as JSON text (`null` to remove it). The latest
    /// of the property and the attribute wins.
    #[wasm_bindgen(js_name = setPacks)]
    pub fn set_packs(&self, json: Option<String>) {
        self.controls.packs.set(json);
    }

    /// `refresh()`: asks the account API again.
    pub fn refresh(&self) {
        self.controls.refresh();
    }

    /// The `quote` property: `null` when there is no exact quote to give.
    pub fn quote(&self) -> JsValue {
        self.controls
            .plan
            .try_with_untracked(|p| quote_value(quote_of(self.shown.catalog.get(), p).as_ref()))
            .unwrap_or(JsValue::NULL)
    }
}

fn apply_attribute(c: &Controls, host: &HtmlElement, name: &str, value: Option<String>) {
    let value = value.filter(|v| !v.trim().is_empty());
    match name {
        // Notify only on a real change: a change of the account API's settings asks it again.
        "api-base" => {
            let live = value.is_some();
            c.config.maybe_update(|k| {
                let changed = k.api_base != value;
                k.api_base = value;
                changed
            });
            c.live.maybe_update(|l| std::mem::replace(l, live) != live);
        }
        "credentials" => c.config.maybe_update(|k| {
            let omit = value
                .as_deref()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("omit"));
            let changed = k.omit_credentials != omit;
            k.omit_credentials = omit;
            changed
        }),
        "pricing-url" => c.links.update(|l| l.pricing_url = value),
        "account-url" => c.links.update(|l| l.account_url = value),
        "packs" => c.packs.set(value),
        "locale" => {
            let text = text_for(value.as_deref(), host);
            c.text.maybe_update(|t| {
                let changed = *t != text;
                *t = text;
                changed
            })
        }
        _ => {}
    }
}

fn text_for(locale: Option<&str>, host: &HtmlElement) -> Text {
    Text::new(Locale::resolve(locale, host))
}

/// The `quote` object, `null` when there is no exact quote to give. Built by hand: serde's
/// serializer for it cost about 1 KB of the first download.
fn quote_value(quote: Option<&Quote>) -> JsValue {
    let Some(q) = quote else {
        return JsValue::NULL;
    };
    let lines: js_sys::Array = q
        .lines
        .iter()
        .map(|l| {
            object(&[
                ("id", l.id.as_str().into()),
                ("quantity", l.quantity.into()),
                ("period", l.period.as_str().into()),
                ("credits_each", l.credits_each.into()),
                ("credits", (l.credits as f64).into()),
            ])
        })
        .collect();
    object(&[
        ("total", (q.total as f64).into()),
        ("once", (q.once as f64).into()),
        ("monthly", (q.monthly as f64).into()),
        ("lines", lines.into()),
    ])
}

/// A plain object with these properties, in this order.
fn object(props: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in props {
        let _ = js_sys::Reflect::set(&o, &JsValue::from(*k), v);
    }
    o.into()
}

fn quote_of(catalog: &Catalog, plan: &Plan) -> Option<Quote> {
    plan.quote(catalog).ok()
}

fn dispatch(host: &HtmlElement, name: &str, detail: &JsValue) {
    dispatch_cancelable(host, name, detail, false);
}

/// Dispatches a bubbling, composed event; `false` when it was cancelable and a listener called
/// `preventDefault()`.
fn dispatch_cancelable(host: &HtmlElement, name: &str, detail: &JsValue, cancelable: bool) -> bool {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(cancelable);
    init.set_detail(detail);
    match CustomEvent::new_with_event_init_dict(name, &init) {
        Ok(event) => host.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}

/// `credits-buy`'s detail: `{ credits, packs }`.
fn buy_detail(buy: &Buy) -> JsValue {
    let packs: js_sys::Array = buy.packs().map(JsValue::from).collect();
    object(&[
        ("credits", (buy.credits as f64).into()),
        ("packs", packs.into()),
    ])
}

/// `{ state, balance }`, `balance` being `null` unless one is shown.
fn balance_detail((phase, balance): (BalancePhase, Option<u64>)) -> JsValue {
    let balance = balance.map_or(JsValue::NULL, |b| JsValue::from(b as f64));
    object(&[("state", phase.as_str().into()), ("balance", balance)])
}

impl Handle {
    /// Sets up the state of a newly connected `host`, configured from its attributes, and
    /// mounts its view into `mount_point`.
    fn new(host: HtmlElement, mount_point: HtmlElement, token: Option<String>) -> Handle {
        // Effects and a translation's fetch run on Leptos's task executor, which a first mount
        // would start too late when the first view waits for its translation.
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        let (controls, buy) = owner.with(|| {
            let c = Controls::new(text_for(None, &host), token);
            for name in OBSERVED {
                if let Some(value) = host.get_attribute(name) {
                    apply_attribute(&c, &host, name, Some(value));
                }
            }
            let host_events = send_wrapper::SendWrapper::new(host.clone());
            let buy = Callback::new(move |buy: Buy| {
                dispatch_cancelable(&host_events, "credits-buy", &buy_detail(&buy), true)
            });
            (c, buy)
        });
        let shown = Rc::new(Shown {
            mount_point,
            owner,
            view: RefCell::new(None),
            buy,
            catalog: Cell::new(crate::catalog::seed()),
        });
        if !shown.take_catalog(controls, &host, host.get_attribute("catalog-url")) {
            shown.show(controls);
        }
        shown.owner.with(|| report_changes(&host, controls, &shown));
        Handle {
            host,
            controls,
            shown,
        }
    }
}

impl Shown {
    /// Asks for the price list at `url` (see `crate::live_catalog::take`); `false` when there
    /// is none to ask for. An element with a `catalog-url` shows nothing until it is settled,
    /// so that no one reads a price that changes under them. Without one, the built-in price
    /// list is the element's again, also after a live one was in use.
    fn take_catalog(self: &Rc<Self>, c: Controls, host: &HtmlElement, url: Option<String>) -> bool {
        let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
            let built_in = crate::catalog::seed();
            if !std::ptr::eq(self.catalog.get(), built_in) {
                self.use_catalog(c, built_in);
            }
            return false;
        };
        let (shown, host) = (self.clone(), host.clone());
        leptos::task::spawn_local(async move {
            // Without the chunk there is no price list to take: the built-in one stays.
            if crate::live_catalog::take(url, c, host, shown.clone())
                .await
                .is_err()
            {
                shown.show_if_none(c);
            }
        });
        true
    }

    /// Makes `catalog` the element's price list and shows a view with it. The quote changed
    /// with the prices, so the plan is marked changed and the element reports it.
    pub fn use_catalog(self: &Rc<Self>, c: Controls, catalog: &'static Catalog) {
        self.catalog.set(catalog);
        c.plan.update(|_| {});
        self.show(c);
    }

    /// Shows the state unless a view already does: the view there has the prices in use when
    /// a new price list was refused, and a new view would lose focus and selection.
    pub fn show_if_none(self: &Rc<Self>, c: Controls) {
        if self.view.borrow().is_none() {
            self.show(c);
        }
    }

    /// Shows the state in its locale: at once when the words are here; otherwise once the
    /// language's translation has been fetched, the view there is (or none, at first) staying
    /// until then. A translation that can't be fetched leaves English words (the chunk loader
    /// has logged why).
    pub fn show(self: &Rc<Self>, c: Controls) {
        let text = c.text.get_untracked();
        let Some(wanted) = text.wants() else {
            return self.mount(c);
        };
        let shown = self.clone();
        leptos::task::spawn_local(async move {
            let language = wanted.load().await;
            // The element may have gone, or changed its locale again, meanwhile.
            if c.text.try_get_untracked() != Some(text) {
                return;
            }
            if let Ok(language) = language {
                c.text.set(text.translated(language));
            }
            shown.mount(c);
        });
    }

    /// Mounts a view of the state in the current locale, in place of the one there was. If that
    /// one had the buyer's panels, or a kept plan is waiting (`data-panels`), the new one gets
    /// them at once (the signal of a first focus).
    fn mount(&self, c: Controls) {
        let find = |selector| self.mount_point.query_selector(selector).ok().flatten();
        let had_panels = find(".vc-canmake__body").is_some()
            || self.mount_point.get_attribute("data-panels").is_some();
        let old = self.view.borrow_mut().take();
        drop(old);
        let (buy, catalog) = (self.buy, self.catalog.get());
        let mounted = self.owner.with(|| {
            leptos::mount::mount_to(self.mount_point.clone(), move || {
                c.provide(catalog, buy);
                provide_context(c.text.get_untracked());
                view! { <Widget balance=c.balance_inputs() filter=c.filter /> }
            })
        });
        *self.view.borrow_mut() = Some(Box::new(mounted));
        if let (true, Some(root), Ok(focus)) =
            (had_panels, find(".vc"), web_sys::Event::new("focusin"))
        {
            let _ = root.dispatch_event(&focus);
        }
    }
}

/// Tells the host about changes of the quote (`credits-change`) and of the balance panel's
/// state (`credits-balance`).
fn report_changes(host: &HtmlElement, c: Controls, shown: &Rc<Shown>) {
    let host_events = send_wrapper::SendWrapper::new(host.clone());
    // Taken now, not in the effect's first run: that runs a microtask later, and a change made
    // in between (a host setting a quantity right after appending) must be reported.
    let mounted_with = c.plan.with_untracked(|p| quote_of(shown.catalog.get(), p));
    // A new price list notifies the plan's readers too (see `crate::live_catalog`).
    let shown = shown.clone();
    let mut reported = mounted_with;
    effect(move || {
        let quote = c.plan.with(|p| quote_of(shown.catalog.get(), p));
        // The event reports changes of the quote, not the initial plan nor no-op edits.
        if reported != quote {
            dispatch(&host_events, "credits-change", &quote_value(quote.as_ref()));
            reported = quote;
        }
    });
    let host_events = send_wrapper::SendWrapper::new(host.clone());
    let mut reported = None;
    effect(move || {
        let now = c.balance.with(|b| (b.phase, b.shown().map(|s| s.balance)));
        if reported != Some(now) {
            dispatch(&host_events, "credits-balance", &balance_detail(now));
            reported = Some(now);
        }
    });
}

fn mount(host: HtmlElement, mount_point: HtmlElement, token: Option<String>) -> JsValue {
    JsValue::from(Handle::new(host, mount_point, token))
}

/// Defines `<vidmud-credits>`; elements already in the page upgrade (and mount) right away.
pub fn define() {
    thread_local!(static DEFINED: Cell<bool> = const { Cell::new(false) });
    if DEFINED.replace(true) {
        return;
    }
    // The mount hook lives as long as the page: the element class may be instantiated any time.
    let mount = Closure::<dyn Fn(HtmlElement, HtmlElement, Option<String>) -> JsValue>::new(mount);
    let observed = OBSERVED.iter().map(|a| JsValue::from(*a)).collect();
    define_element(TAG, STYLE, observed, mount.as_ref());
    mount.forget();
}
