use std::cell::RefCell;
use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::buyer::mount_buyer;
use crate::messages::use_text;
use crate::split::MountedPanel;

/// The buyer's panels, in the first download only as two empty slots and the "What can I
/// still make?" disclosure. The panels themselves (cheaper-model hints, pack advice, the
/// budget box and its counts, the "Save and share" bar) are a chunk of their own,
/// `crate::buyer`.
///
/// The chunk is fetched the first time focus enters the widget: every way of using a panel
/// (typing a quantity, opening the disclosure, a button) starts there, so a visitor who only
/// reads the prices never downloads it, and one who starts typing has it by the time the
/// first total is worth advice on. A failed download leaves a note in the disclosure and is
/// tried again on the next focus; the calculator is unaffected.
#[component]
pub fn BuyerSection(
    /// Set by the section: the widget calls it when focus first enters.
    loader: StoredValue<Option<Callback<()>>>,
) -> impl IntoView {
    let t = use_text();
    let drafts = crate::state::use_state().drafts;
    let panels = NodeRef::<Div>::new();
    let can_make = NodeRef::<Div>::new();
    // Dropped with the element's view: that unmounts the panels.
    let held: Rc<RefCell<Option<MountedPanel>>> = Rc::default();
    let on_drop = SendWrapper::new(held.clone());
    on_cleanup(move || drop(on_drop.take()));
    let busy = Rc::new(std::cell::Cell::new(false));
    let owner = Owner::current();
    let held = SendWrapper::new(held);
    let busy = SendWrapper::new(busy);
    loader.set_value(Some(Callback::new(move |()| {
        let (Some(a), Some(b), Some(owner)) = (panels.get(), can_make.get(), owner.clone()) else {
            return;
        };
        if busy.get() || held.borrow().is_some() {
            return;
        }
        busy.set(true);
        let (held, busy) = ((*held).clone(), (*busy).clone());
        let b: web_sys::HtmlElement = b.unchecked_into();
        b.set_text_content(None);
        owner.with(|| {
            spawn_local_scoped_with_cancellation(async move {
                match mount_buyer(a.unchecked_into(), b.clone()).await {
                    Ok(m) => {
                        *held.borrow_mut() = Some(m);
                        refocus(drafts, &b);
                    }
                    Err(_) => b.set_text_content(Some(t.m.failure_unavailable)),
                }
                busy.set(false);
            })
        });
    })));
    view! {
        <div class="vc-slot" node_ref=panels></div>
        <details
            class="vc-canmake"
            data-testid="can-make"
            open=drafts.with_value(|d| d.can_make_open)
            on:toggle:target=move |ev| {
                let open = ev.target().open();
                drafts.update_value(|d| d.can_make_open = open);
            }
        >
            <summary class="vc-canmake__title">{t.m.can_make_title}</summary>
            <div class="vc-slot" node_ref=can_make></div>
        </details>
        // "Save and share": mounted here by the chunk.
        <div class="vc-slot vc-keep-slot"></div>
    }
}

/// Gives focus back to the control that had it when the last view went, if it is one of the
/// buyer's panels (the budget box): those mount a moment after the rest of a new view.
fn refocus(drafts: StoredValue<crate::state::Drafts>, inside: &web_sys::HtmlElement) {
    let Some(selector) = drafts.try_update_value(|d| d.focus.take()).flatten() else {
        return;
    };
    let widget = inside.closest(".vc").ok().flatten();
    let target = widget.and_then(|w| w.query_selector(&selector).ok().flatten());
    // Not there either: nothing more to wait for.
    if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = target.focus();
    }
}
