//! Glue between the `<vidmud-credits>` custom element (a JS snippet, `element.js`) and Leptos.
//!
//! Each connected element gets an id, its own reactive owner and `UnmountHandle`; removing the
//! element drops them, which unmounts the view and aborts its requests.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;
use vidmud_credits_core::{BalanceView, Plan, Quote};
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

use crate::balance::{use_balance, AccountConfig};
use crate::catalog;
use crate::components::{HostLinks, Widget};

/// The element's tag name: a contract with every host page.
pub const TAG: &str = "vidmud-credits";

const STYLE: &str = include_str!("../style/widget.css");

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
    static INSTANCES: RefCell<BTreeMap<u32, Instance>> = const { RefCell::new(BTreeMap::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

fn controls(id: u32) -> Option<Controls> {
    INSTANCES.with(|m| m.borrow().get(&id).map(|i| i.controls))
}

/// Attribute order shared with `element.js`'s `OBSERVED`.
fn apply_attr(c: &Controls, index: u32, value: Option<String>) {
    let value = value.filter(|v| !v.trim().is_empty());
    match index {
        0 => c.config.update(|k| k.api_base = value),
        1 => c
            .config
            .update(|k| k.omit_credentials = value.as_deref() == Some("omit")),
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

fn balance_detail(view: &BalanceView) -> JsValue {
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"state".into(), &view.phase.as_str().into());
    let balance = view
        .shown()
        .map_or(JsValue::NULL, |b| JsValue::from(b.balance as f64));
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
        let balance = use_balance(c.config.into(), c.token.into(), c.refresh.into());
        let catalog = catalog::seed();

        let quote = Memo::new(move |_| c.plan.with(quote_of));
        let host_events = send_wrapper::SendWrapper::new(host.clone());
        Effect::new(move |prev: Option<()>| {
            // Read, not just tracked: a memo nobody has read has not subscribed to the plan yet.
            let detail = quote.with(|q| quote_value(q.as_ref()));
            // The event reports changes, not the initial empty plan.
            if prev.is_some() {
                dispatch(&host_events, "credits-change", &detail);
            }
        });
        let host_events = send_wrapper::SendWrapper::new(host.clone());
        Effect::new(move |prev: Option<BalanceView>| {
            let now = balance.get();
            if prev
                .as_ref()
                .is_none_or(|p| p.phase != now.phase || p.shown() != now.shown())
            {
                dispatch(&host_events, "credits-balance", &balance_detail(&now));
            }
            now
        });

        match catalog {
            Ok(catalog) => view! {
                <Widget
                    catalog=catalog
                    plan=c.plan
                    links=c.links
                    balance=balance
                    on_retry=Callback::new(move |()| c.refresh.update(|n| *n = n.wrapping_add(1)))
                />
            }
            .into_any(),
            Err(e) => view! {
                <p class="vc-fatal" role="alert">{format!("The price list couldn't be loaded: {e}.")}</p>
            }
            .into_any(),
        }
    });
    if let Some(controls) = made.take() {
        INSTANCES.with(|m| {
            m.borrow_mut().insert(
                id,
                Instance {
                    controls,
                    _handle: Box::new(handle),
                },
            )
        });
    }
    id
}

fn unmount(id: u32) {
    // Take it out first, drop it after: dropping runs cleanups that may call back in here.
    let instance = INSTANCES.with(|m| m.borrow_mut().remove(&id));
    drop(instance);
}

/// Defines `<vidmud-credits>`; elements already in the page upgrade (and mount) right away.
pub fn define() {
    static DEFINED: std::sync::Once = std::sync::Once::new();
    DEFINED.call_once(define_once);
}

fn define_once() {
    let hooks = js_sys::Object::new();
    let set = |name: &str, f: &JsValue| {
        let _ = js_sys::Reflect::set(&hooks, &name.into(), f);
    };
    // The hooks live as long as the page: the element class may be instantiated at any time.
    let mount_fn =
        Closure::<dyn Fn(HtmlElement, HtmlElement, js_sys::Array, Option<String>) -> u32>::new(
            mount,
        );
    set("mount", mount_fn.as_ref());
    mount_fn.forget();
    let unmount_fn = Closure::<dyn Fn(u32)>::new(unmount);
    set("unmount", unmount_fn.as_ref());
    unmount_fn.forget();
    let attr_fn = Closure::<dyn Fn(u32, u32, Option<String>)>::new(|id, index, value| {
        if let Some(c) = controls(id) {
            apply_attr(&c, index, value);
        }
    });
    set("setAttr", attr_fn.as_ref());
    attr_fn.forget();
    let token_fn = Closure::<dyn Fn(u32, Option<String>)>::new(|id, token| {
        if let Some(c) = controls(id) {
            // Setting it asks again even when it is the same token: a host sets it to re-auth.
            c.token.set(token);
            c.refresh.update(|n| *n = n.wrapping_add(1));
        }
    });
    set("setToken", token_fn.as_ref());
    token_fn.forget();
    let refresh_fn = Closure::<dyn Fn(u32)>::new(|id| {
        if let Some(c) = controls(id) {
            c.refresh.update(|n| *n = n.wrapping_add(1));
        }
    });
    set("refresh", refresh_fn.as_ref());
    refresh_fn.forget();
    let quote_fn = Closure::<dyn Fn(u32) -> JsValue>::new(|id| match controls(id) {
        Some(c) => c
            .plan
            .try_with_untracked(|p| quote_value(quote_of(p).as_ref()))
            .unwrap_or(JsValue::NULL),
        None => JsValue::NULL,
    });
    set("quote", quote_fn.as_ref());
    quote_fn.forget();
    define_element(TAG, STYLE, &hooks);
}
