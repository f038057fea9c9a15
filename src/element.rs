//! Glue between the `<vidmud-credits>` custom element (a JS snippet, `element.js`) and Leptos.
//!
//! Each connected element gets an id, its own reactive owner and `UnmountHandle`; removing the
//! element drops them, which unmounts the view and aborts its requests.
//!
//! What `element.js` does, and why (its own comments are kept short: it ships to every host):
//! - The class lives in a wasm-bindgen snippet rather than being built with `eval`, so a host's
//!   `script-src 'self' 'wasm-unsafe-eval'` is enough.
//! - One constructed stylesheet, shared by every instance, is adopted by each open shadow root:
//!   it applies under `style-src 'self'`, where `<style>` and `style=""` would not.
//! - A token set on an element before the class was defined sits on the instance and hides the
//!   setter; `connectedCallback` moves it to the setter ("upgrading" the property).
//! - The view mounts into a `<div>` inside the shadow root (`mount_to` wants an element).
//! - `disconnectedCallback` also fires when a host moves the element: unmounting waits a
//!   microtask and is skipped if the element is connected again, so a move keeps the plan.
//! - `authToken` is write-only: kept in a private field and in Rust memory, never in an
//!   attribute, the DOM, a URL, logs or storage; reading it back gives `undefined`.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::either::Either;
use leptos::prelude::*;
use vidmud_credits_core::{BalancePhase, Plan, Quote};
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::balance::{use_balance, AccountConfig};
use crate::catalog;
use crate::components::{HostLinks, Widget};

/// The element's tag name: a contract with every host page.
pub const TAG: &str = "vidmud-credits";

const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

#[wasm_bindgen(module = "/src/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(name: &str, css: &str, hooks: &JsValue);
}

/// Everything a mounted element's callbacks need to reach.
#[derive(Clone, Copy)]
struct Controls {
    plan: RwSignal<Plan>,
    config: RwSignal<AccountConfig>,
    links: RwSignal<HostLinks>,
    token: RwSignal<Option<String>>,
    refresh: RwSignal<u32>,
}

struct Instance {
    controls: Controls,
    // Dropping this unmounts the view and disposes its reactive owner.
    _handle: Box<dyn Any>,
}

thread_local! {
    // A few elements per page at most: a `Vec` costs far less wasm than a map.
    static INSTANCES: RefCell<Vec<(u32, Instance)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

impl Controls {
    /// Asks the account API again for the same account (Retry, `refresh()`, a token set).
    fn refresh(&self) {
        self.refresh.update(|n| *n = n.wrapping_add(1));
    }
}

fn controls(id: u32) -> Option<Controls> {
    INSTANCES.with(|m| {
        m.borrow()
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, i)| i.controls)
    })
}

/// Attribute order shared with `element.js`'s `OBSERVED`.
fn apply_attr(c: &Controls, index: u32, value: Option<String>) {
    let value = value.filter(|v| !v.trim().is_empty());
    match index {
        // Notify only on a real change: a change of the account API's settings asks it again.
        0 => c.config.maybe_update(|k| {
            let changed = k.api_base != value;
            k.api_base = value;
            changed
        }),
        1 => c.config.maybe_update(|k| {
            let omit = value
                .as_deref()
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("omit"));
            let changed = k.omit_credentials != omit;
            k.omit_credentials = omit;
            changed
        }),
        2 => c.links.update(|l| l.pricing_url = value),
        3 => c.links.update(|l| l.account_url = value),
        _ => {}
    }
}

/// The `quote` property's value: `null` when there is no exact quote to give.
fn quote_value(quote: Option<&Quote>) -> JsValue {
    quote
        .and_then(|q| serde_wasm_bindgen::to_value(q).ok())
        .unwrap_or(JsValue::NULL)
}

fn quote_of(plan: &Plan) -> Option<Quote> {
    catalog::seed().ok().and_then(|c| plan.quote(c).ok())
}

fn dispatch(host: &HtmlElement, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// `{ state, balance }`, `balance` being `null` unless one is shown.
fn balance_detail((phase, balance): (BalancePhase, Option<u64>)) -> JsValue {
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"state".into(), &phase.as_str().into());
    let balance = balance.map_or(JsValue::NULL, |b| JsValue::from(b as f64));
    let _ = js_sys::Reflect::set(&detail, &"balance".into(), &balance);
    detail.into()
}

fn mount(
    host: HtmlElement,
    mount_point: HtmlElement,
    attrs: js_sys::Array,
    token: Option<String>,
) -> u32 {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    });
    let made: Rc<Cell<Option<Controls>>> = Rc::new(Cell::new(None));
    let made_inside = made.clone();
    let handle = leptos::mount::mount_to(mount_point, move || {
        let c = Controls {
            plan: RwSignal::new(Plan::new()),
            config: RwSignal::new(AccountConfig::default()),
            links: RwSignal::new(HostLinks::default()),
            token: RwSignal::new(token),
            refresh: RwSignal::new(0),
        };
        for (i, v) in attrs.iter().enumerate() {
            apply_attr(&c, i as u32, v.as_string());
        }
        made_inside.set(Some(c));
        let balance = use_balance(c.config, c.token, c.refresh);
        let catalog = catalog::seed();

        let host_events = send_wrapper::SendWrapper::new(host.clone());
        // Taken now, not in the effect's first run: that runs a microtask later, and a change
        // made in between (a host setting a quantity right after appending) must be reported.
        let mounted_with = c.plan.with_untracked(quote_of);
        Effect::new(move |prev: Option<Option<Quote>>| {
            let quote = c.plan.with(quote_of);
            // The event reports changes of the quote, not the initial plan nor no-op edits.
            if prev.as_ref().unwrap_or(&mounted_with) != &quote {
                dispatch(&host_events, "credits-change", &quote_value(quote.as_ref()));
            }
            quote
        });
        let host_events = send_wrapper::SendWrapper::new(host.clone());
        Effect::new(move |prev: Option<(BalancePhase, Option<u64>)>| {
            let now = balance.with(|b| (b.phase, b.shown().map(|s| s.balance)));
            if prev != Some(now) {
                dispatch(&host_events, "credits-balance", &balance_detail(now));
            }
            now
        });

        match catalog {
            Ok(catalog) => Either::Left(view! {
                <Widget
                    catalog=catalog
                    plan=c.plan
                    links=c.links
                    balance=balance
                    on_retry=Callback::new(move |()| c.refresh())
                />
            }),
            // The catalog is validated by a native test before any build ships, so this is a
            // corrupted download, not a data error a person could fix: say so plainly.
            Err(_) => Either::Right(view! {
                <p class="vc-fatal" role="alert">
                    "The price list couldn't be loaded. Reload the page to try again."
                </p>
            }),
        }
    });
    if let Some(controls) = made.take() {
        INSTANCES.with(|m| {
            m.borrow_mut().push((
                id,
                Instance {
                    controls,
                    _handle: Box::new(handle),
                },
            ))
        });
    }
    id
}

fn unmount(id: u32) {
    // Take it out first, drop it after: dropping runs cleanups that may call back in here.
    let instance = INSTANCES.with(|m| {
        let mut m = m.borrow_mut();
        let at = m.iter().position(|(k, _)| *k == id);
        at.map(|i| m.swap_remove(i))
    });
    drop(instance);
}

/// Defines `<vidmud-credits>`; elements already in the page upgrade (and mount) right away.
pub fn define() {
    thread_local!(static DEFINED: Cell<bool> = const { Cell::new(false) });
    if !DEFINED.replace(true) {
        define_once();
    }
}

/// What `element.js` asks of an instance, through the one `call` hook (one closure type instead
/// of one per operation keeps the wasm and its JS glue smaller). Shared with `element.js`.
const OP_UNMOUNT: u32 = 1;
const OP_SET_ATTR: u32 = 2;
const OP_SET_TOKEN: u32 = 3;
const OP_REFRESH: u32 = 4;
const OP_QUOTE: u32 = 5;

fn call(op: u32, id: u32, index: u32, value: Option<String>) -> JsValue {
    if op == OP_UNMOUNT {
        unmount(id);
        return JsValue::UNDEFINED;
    }
    let Some(c) = controls(id) else {
        return JsValue::NULL;
    };
    match op {
        OP_SET_ATTR => apply_attr(&c, index, value),
        OP_SET_TOKEN => {
            // Setting it asks again even when it is the same token: a host sets it to re-auth.
            c.token.set(value);
            c.refresh();
        }
        OP_REFRESH => c.refresh(),
        OP_QUOTE => {
            return c
                .plan
                .try_with_untracked(|p| quote_value(quote_of(p).as_ref()))
                .unwrap_or(JsValue::NULL)
        }
        _ => {}
    }
    JsValue::UNDEFINED
}

fn define_once() {
    let hooks = js_sys::Object::new();
    // The hooks live as long as the page: the element class may be instantiated at any time.
    let mount_fn =
        Closure::<dyn Fn(HtmlElement, HtmlElement, js_sys::Array, Option<String>) -> u32>::new(
            mount,
        );
    let _ = js_sys::Reflect::set(&hooks, &"mount".into(), mount_fn.as_ref());
    mount_fn.forget();
    let call_fn = Closure::<dyn Fn(u32, u32, u32, Option<String>) -> JsValue>::new(call);
    let _ = js_sys::Reflect::set(&hooks, &"call".into(), call_fn.as_ref());
    call_fn.forget();
    define_element(TAG, STYLE, &hooks);
}
