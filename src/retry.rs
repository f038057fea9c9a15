use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::messages::use_text;

/// "Retry", for a panel whose content it replaces.
///
/// Retrying swaps the panel's content (and this button) out: focus moves to the panel first,
/// so keyboard and screen-reader users keep their place.
#[component]
pub fn RetryButton(
    /// What retrying does.
    on_retry: Callback<()>,
) -> impl IntoView {
    let t = use_text();
    view! {
        <button
            type="button"
            class="vc-button"
            on:click=move |ev| {
                // The button sits directly in the panel.
                if let Some(p) = event_target::<web_sys::Element>(&ev).parent_element() {
                    let _ = p.unchecked_into::<web_sys::HtmlElement>().focus();
                }
                on_retry.run(())
            }
        >
            {t.m.retry}
        </button>
    }
}
