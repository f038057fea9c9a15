//! Glue between the `<vidmud-credits>` custom element (a JS snippet, `element.js`) and Leptos.
//!
//! Connecting an element sets up its state and returns a [`Handle`], an exported wasm-bindgen
//! object the element keeps and calls by name (`attributeChanged`, `setToken`, `refresh`,
//! `quote`). The first view shows a task later, when the class hands over `catalog-url` (see
//! `Handle::new`). Removing the element calls `free()`, which drops the handle: that unmounts the view,
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
//!   connects and handed to `mount` with the rest (`Keeping`): the class needs the key first,
//!   to tell whether a plan is waiting in storage (reading storage can throw, in sandboxed
//!   frames), and to keep one key to one element. A plan waiting means the buyer's panels,
//!   which read it, are wanted at once (`Controls::buyer_wanted`); otherwise the first focus
//!   inside the element or the first change of its plan wants them.
//! - `label` makes the view's root a region of that name (`role`, `aria-label`), set by the
//!   class: attributes on an element the class made cost the first download nothing, where
//!   reactive attributes in the view cost it more (see docs/performance.md). Without a label
//!   the widget adds no
//!   landmark to the page, so two elements never repeat a landmark's name.
//! - `authToken` is write-only: kept in a private field and in Rust memory, never in an
//!   attribute, the DOM, a URL, logs or storage; reading it back gives `undefined`.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use vidmud_credits_core::{BalancePhase, Catalog, Plan, Quote};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, CustomEvent, CustomEventInit, HtmlElement};

use crate::calculator::live::Why;
use crate::effect::effect;
use crate::intl::Locale;
use crate::messages::Text;
use crate::state::{Buy, Controls, Keeping};
use crate::widget::Widget;

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
    /// Hands a prerendered first view's typed text and focus to the live view just mounted
    /// at `live`, and puts the live one in its place (see element.js).
    #[wasm_bindgen(js_name = takeOver)]
    fn take_over(live: &HtmlElement);
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
    owner: Owner,
    /// The mounted view, if any.
    view: RefCell<Option<View>>,
    /// Set when the element is gone: a fetch that arrives later shows nothing.
    gone: Cell<bool>,
    /// Tells the host that the person is about to buy (`credits-buy`), for every view.
    buy: Callback<Buy, bool>,
    /// The price list in use: the built-in one, or a newer one from `catalog-url` (see
    /// `take_catalog`, which then shows a new view).
    catalog: RefCell<Arc<Catalog>>,
    /// The request for the price list at `catalog-url`, while it is under way: a new
    /// `catalog-url`, or the element going, aborts it, so superseded requests don't hold the
    /// browser's few connections per host.
    catalog_request: RefCell<Option<AbortController>>,
}

/// One mounted view and the reactive owner of everything it made.
struct View {
    /// A child of the element's owner, cleaned up explicitly when the view goes: closures
    /// that keep their owner alive (a pending chunk's task, a stored callback) would otherwise
    /// keep the old view's nodes and effects alive after it was unmounted.
    owner: Owner,
    /// Dropping it unmounts the view's DOM.
    mounted: Box<dyn Any>,
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.shown.gone.set(true);
        self.shown.abort_catalog_request();
        self.shown.unmount();
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
            // Nothing to wait for (the attribute went while the first list was on its way):
            // the built-in list shows, rather than nothing.
            if !self.shown.take_catalog(self.controls, &self.host, value) {
                self.shown.show_if_none(self.controls);
            }
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
            .try_with_untracked(|p| quote_value(quote_of(&self.shown.catalog(), p).as_ref()))
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

/// The `quote` object (the core's `Quote`, field for field), `null` when there is no exact
/// quote to give.
fn quote_value(quote: Option<&Quote>) -> JsValue {
    quote.map_or(JsValue::NULL, to_js)
}

/// `value` as a plain JS value: objects with the fields' names, numbers for integers (every
/// count the widget reports is below 2^53), `null` for `None`.
fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    crate::js_value::to_js(value).unwrap_or(JsValue::NULL)
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
    #[derive(serde::Serialize)]
    struct Detail<'a> {
        credits: u64,
        packs: &'a [String],
    }
    to_js(&Detail {
        credits: buy.credits,
        packs: &buy.packs,
    })
}

/// `credits-balance`'s detail: `{ state, balance }`, `balance` being `null` unless one is shown.
fn balance_detail((phase, balance): (BalancePhase, Option<u64>)) -> JsValue {
    #[derive(serde::Serialize)]
    struct Detail {
        state: &'static str,
        balance: Option<u64>,
    }
    to_js(&Detail {
        state: phase.as_str(),
        balance,
    })
}

impl Handle {
    /// Sets up the state of a newly connected `host`, configured from its attributes, and
    /// mounts its view into `mount_point`.
    fn new(
        host: HtmlElement,
        mount_point: HtmlElement,
        token: Option<String>,
        keeping: Keeping,
        waiting: bool,
    ) -> Handle {
        // Effects and a translation's fetch run on Leptos's task executor, which a first mount
        // would start too late when the first view waits for its translation.
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        let (controls, buy) = owner.with(|| {
            let c = Controls::new(text_for(None, &host), token, keeping, waiting);
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
            gone: Cell::new(false),
            buy,
            catalog: RefCell::new(crate::catalog::seed()),
            catalog_request: RefCell::new(None),
        });
        // No view yet: the class hands over `catalog-url` a task later, which shows the first
        // view (or asks for the price list it waits for). The element upgrades in the task
        // that instantiates the wasm, and on a phone (4× CPU) the two together ran 120 to
        // 200 ms, a long task that holds the page's first input. Meanwhile the element has
        // its state (`quote` answers), and the prerender or the outline shows.
        shown.owner.with(|| report_changes(&host, controls, &shown));
        Handle {
            host,
            controls,
            shown,
        }
    }
}

impl Shown {
    /// Asks for the price list at `url` (see `crate::calculator::live`); `false` when there
    /// is none to ask for. An element with a `catalog-url` shows nothing until it is settled,
    /// so that no one reads a price that changes under them. Without one, the built-in price
    /// list is the element's again, also after a live one was in use.
    fn take_catalog(self: &Rc<Self>, c: Controls, host: &HtmlElement, url: Option<String>) -> bool {
        // Whatever comes next, the list asked for before is no longer wanted.
        self.abort_catalog_request();
        let Some(url) = url.filter(|u| !u.trim().is_empty()) else {
            let built_in = crate::catalog::seed();
            if !Arc::ptr_eq(&self.catalog(), &built_in) {
                self.use_catalog(c, built_in);
            }
            return false;
        };
        let Ok(controller) = AbortController::new() else {
            self.show_if_none(c);
            return true;
        };
        *self.catalog_request.borrow_mut() = Some(controller.clone());
        let (shown, host) = (self.clone(), host.clone());
        let built_in = crate::catalog::seed().version.clone();
        leptos::task::spawn_local(async move {
            let pending = crate::calculator::live::fetch_newer(
                url.clone(),
                built_in.clone(),
                controller.clone(),
            );
            // Without the chunk there is no price list to take: the built-in one stays.
            let Ok(pending) = pending.await else {
                if !controller.signal().aborted() {
                    shown.catalog_request.borrow_mut().take();
                }
                return shown.show_if_none(c);
            };
            let result = pending.await;
            // The element may have gone, or asked for another price list, meanwhile (a
            // timeout aborts through the same controller, and is reported).
            if shown.gone()
                || controller.signal().aborted() && !matches!(result, Err(Why::Timeout))
                || host.get_attribute("catalog-url").as_deref() != Some(url.as_str())
            {
                return;
            }
            // Settled: nothing is on its way any more.
            shown.catalog_request.borrow_mut().take();
            match result {
                Ok(catalog) => shown.use_catalog(c, Arc::new(catalog)),
                Err(why) => {
                    // The list in use stays: the built-in one, or one an earlier catalog-url
                    // brought.
                    let in_use = shown.catalog().version.clone();
                    let which = if in_use == built_in {
                        "built-in one"
                    } else {
                        "one"
                    };
                    web_sys::console::warn_1(
                        &format!(
                            "vidmud-credits: the price list at {url} is not used, {why}; the {which} of {in_use} stays"
                        )
                        .into(),
                    );
                    shown.show_if_none(c);
                }
            }
        });
        true
    }

    /// Aborts the request for a price list, if one is under way.
    fn abort_catalog_request(&self) {
        if let Some(request) = self.catalog_request.borrow_mut().take() {
            request.abort();
        }
    }

    /// The price list in use.
    fn catalog(&self) -> Arc<Catalog> {
        self.catalog.borrow().clone()
    }

    /// Whether the element is gone (its handle freed).
    fn gone(&self) -> bool {
        self.gone.get()
    }

    /// Makes `catalog` the element's price list and shows a view with it. The quote changed
    /// with the prices, so the plan is marked changed and the element reports it.
    pub fn use_catalog(self: &Rc<Self>, c: Controls, catalog: Arc<Catalog>) {
        *self.catalog.borrow_mut() = catalog;
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
        // Nothing shows until the first price list is settled (a new locale meanwhile waits
        // for it too): no one reads a price that changes under them.
        let first_list_pending =
            self.view.borrow().is_none() && self.catalog_request.borrow().is_some();
        if self.gone.get() || first_list_pending {
            return;
        }
        let text = c.text.get_untracked();
        let Some(wanted) = text.wants() else {
            return self.mount(c);
        };
        let shown = self.clone();
        leptos::task::spawn_local(async move {
            let language = wanted.load().await;
            // The element may have gone, or changed its locale again, meanwhile.
            if shown.gone.get() || c.text.try_get_untracked() != Some(text) {
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
        if self.gone.get() {
            return;
        }
        // Where the person was: the new view puts focus back there, so that the next key
        // lands where they were typing, not on the page.
        let focus = self.focused();
        c.drafts.update_value(|d| d.focus = focus.clone());
        self.unmount();
        let (buy, catalog) = (self.buy, self.catalog());
        let owner = self.owner.with(Owner::new);
        let mounted = owner.with(|| {
            leptos::mount::mount_to(self.mount_point.clone(), move || {
                c.provide(catalog, buy);
                provide_context(c.text.get_untracked());
                view! { <Widget balance=c.balance_inputs() filter=c.filter buyer=c.buyer_wanted /> }
            })
        });
        *self.view.borrow_mut() = Some(View {
            owner,
            mounted: Box::new(mounted),
        });
        let _ = self.mount_point.remove_attribute("aria-busy");
        take_over(&self.mount_point);
        let target = focus.as_deref().and_then(|f| {
            let found = self.mount_point.query_selector(f).ok().flatten()?;
            Some((f, found.dyn_into::<HtmlElement>().ok()?))
        });
        if let Some((selector, target)) = target {
            let _ = target.focus();
            c.drafts.update_value(|d| {
                if d.focus.as_deref() == Some(selector) {
                    d.focus = None;
                }
            });
        }
    }

    /// The control of this view that has focus, as a selector that finds its counterpart in
    /// another view of the element: its id, else its test hook or field name.
    fn focused(&self) -> Option<String> {
        let root = self.mount_point.get_root_node();
        let active = root.dyn_ref::<web_sys::ShadowRoot>()?.active_element()?;
        if !self.mount_point.contains(Some(&active)) {
            return None;
        }
        let id = active.id();
        if !id.is_empty() {
            return Some(format!("#{}", css_escape(&id)));
        }
        ["data-testid", "data-field"].into_iter().find_map(|name| {
            let value = active.get_attribute(name)?;
            Some(format!("[{name}=\"{}\"]", css_escape(&value)))
        })
    }

    /// Unmounts the view there is, and frees all it made.
    fn unmount(&self) {
        // Taken out first, dropped after: dropping runs cleanups that may call back in.
        let old = self.view.borrow_mut().take();
        if let Some(View { owner, mounted }) = old {
            drop(mounted);
            owner.cleanup();
        }
    }
}

/// Tells the host about changes of the quote (`credits-change`) and of the balance panel's
/// state (`credits-balance`).
fn report_changes(host: &HtmlElement, c: Controls, shown: &Rc<Shown>) {
    let host_events = send_wrapper::SendWrapper::new(host.clone());
    // Taken now, not in the effect's first run: that runs a microtask later, and a change made
    // in between (a host setting a quantity right after appending) must be reported.
    let mounted_with = c.plan.with_untracked(|p| quote_of(&shown.catalog(), p));
    // A new price list notifies the plan's readers too (see `Shown::use_catalog`).
    let shown = shown.clone();
    let mut reported = mounted_with;
    effect(move || {
        let quote = c.plan.with(|p| quote_of(&shown.catalog(), p));
        // The event reports changes of the quote, not the initial plan nor no-op edits.
        if reported != quote {
            // A plan that changed (a click in Safari doesn't focus a button) wants the buyer's
            // panels too.
            if !c.buyer_wanted.get_untracked() {
                c.buyer_wanted.set(true);
            }
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

/// What the class hands over when an element connects: the element, the `<div>` in its shadow
/// root to mount into, a token set before, and where the plan is kept (the storage key, empty
/// for none; `sync-url`), and whether a kept or linked plan is waiting, so that the buyer's
/// panels, which read it, are wanted at once.
fn mount(
    host: HtmlElement,
    mount_point: HtmlElement,
    token: Option<String>,
    key: String,
    sync: bool,
    waiting: bool,
) -> JsValue {
    let keeping = Keeping {
        key: (!key.is_empty()).then_some(key),
        sync,
        restored: false,
    };
    JsValue::from(Handle::new(host, mount_point, token, keeping, waiting))
}

/// Defines `<vidmud-credits>`; elements already in the page upgrade (and mount) right away.
pub fn define() {
    thread_local!(static DEFINED: Cell<bool> = const { Cell::new(false) });
    if DEFINED.replace(true) {
        return;
    }
    // The mount hook lives as long as the page: the element class may be instantiated any time.
    let mount = Closure::<
        dyn Fn(HtmlElement, HtmlElement, Option<String>, String, bool, bool) -> JsValue,
    >::new(mount);
    let observed = OBSERVED.iter().map(|a| JsValue::from(*a)).collect();
    define_element(TAG, STYLE, observed, mount.as_ref());
    mount.forget();
}

/// `text` with every character but ASCII letters, digits, `-` and `_` escaped for a CSS
/// selector (ids are made from entry ids, which a live price list supplies).
fn css_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (i, ch) in text.chars().enumerate() {
        if ch.is_ascii_digit() && i == 0 {
            // A digit can't start an identifier, and a backslash before it reads as a hex
            // escape: write it as one (digits are U+0030 to U+0039).
            out.push_str("\\3");
            out.push(ch);
            out.push(' ');
        } else if ch.is_ascii_alphanumeric() || ch == '_' || ch == '-' && i > 0 || !ch.is_ascii() {
            out.push(ch);
        } else {
            // Any other character stands for itself after a backslash.
            out.push('\\');
            out.push(ch);
        }
    }
    out
}
