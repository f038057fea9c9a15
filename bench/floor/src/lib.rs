//! The floor the widget is measured against: a bare Leptos 0.8 CSR app (a counter, a number
//! input and a derived total), built with the same release profile.

use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

#[component]
fn Counter() -> impl IntoView {
    let (count, set_count) = signal(0u64);
    let (qty, set_qty) = signal(0u64);
    let total = Memo::new(move |_| count.get() * qty.get());
    view! {
        <button on:click=move |_| set_count.update(|n| *n += 1)>"+1"</button>
        <input type="number" on:input=move |ev| set_qty.set(event_target_value(&ev).parse().unwrap_or(0)) />
        <p data-testid="total">{move || total.get().to_string()}</p>
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    leptos::mount::mount_to_body(Counter);
}
