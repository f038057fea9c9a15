use leptos::prelude::*;

use crate::messages::use_text;

/// A search box that narrows the price list. Escape clears it.
#[component]
pub fn FilterBox(
    /// The query, written only by this box; rows not matching every word are hidden (their
    /// quantities still count).
    filter: RwSignal<String>,
) -> impl IntoView {
    let t = use_text();
    view! {
        <div class="vc-filter">
            <label class="vc-filter__label" for="vc-filter">{t.m.filter_label}</label>
            <input
                id="vc-filter"
                class="vc-filter__input"
                type="search"
                autocomplete="off"
                spellcheck="false"
                placeholder=t.m.filter_placeholder
                prop:value=move || filter.get()
                on:input:target=move |ev| filter.set(ev.target().value())
                on:keydown=move |ev| {
                    if ev.key() == "Escape" && !filter.with_untracked(String::is_empty) {
                        ev.prevent_default();
                        filter.set(String::new());
                    }
                }
            />
        </div>
    }
}
