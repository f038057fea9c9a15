use std::cell::RefCell;
use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use send_wrapper::SendWrapper;
use vidmud_credits_core::BalanceFailure;
use wasm_bindgen::JsCast;

use crate::messages::{fill, use_text};
use crate::split::MountedPanel;
use crate::usage::mount_usage;

/// The "Start from my last 30 days" button. What a press does (the request, the new plan, what
/// is said about it) is a chunk of its own, `crate::usage`, mounted beside the button on each
/// press; a new press replaces the last one, aborting its request.
#[component]
pub fn FromUsage() -> impl IntoView {
    let t = use_text();
    let slot = NodeRef::<Div>::new();
    let held: Rc<RefCell<Option<MountedPanel>>> = Rc::default();
    let on_drop = SendWrapper::new(held.clone());
    on_cleanup(move || drop(on_drop.take()));
    let owner = Owner::current();
    let press = move |_| {
        let (Some(slot), Some(owner)) = (slot.get(), owner.clone()) else {
            return;
        };
        // Take it out first, drop it after: dropping runs cleanups.
        let last = held.borrow_mut().take();
        drop(last);
        let slot: web_sys::HtmlElement = slot.unchecked_into();
        slot.set_text_content(None);
        let held = held.clone();
        owner.with(|| {
            spawn_local_scoped_with_cancellation(async move {
                match mount_usage(slot.clone()).await {
                    Ok(m) => *held.borrow_mut() = Some(m),
                    Err(_) => slot.set_text_content(Some(&fill(
                        t.balance().from_usage_error,
                        &[&t.failure(BalanceFailure::Unavailable)],
                    ))),
                }
            })
        });
    };
    view! {
        <div class="vc-from-usage">
            <button type="button" class="vc-button" data-testid="from-usage" on:click=press>
                {t.balance().from_usage}
            </button>
            <div class="vc-slot" aria-live="polite" node_ref=slot></div>
        </div>
    }
}
