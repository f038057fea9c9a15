use leptos::prelude::*;

/// A search box that narrows the price list. Escape clears it.
#[component]
pub fn FilterBox(
    /// The query; rows not matching every word are hidden (their quantities still count).
    filter: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="vc-filter">
            <label class="vc-filter__label" for="vc-filter">"Filter features and models"</label>
            <input
                id="vc-filter"
                class="vc-filter__input"
                type="search"
                autocomplete="off"
                spellcheck="false"
                placeholder="e.g. kling, remover"
                on:input=move |ev| filter.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Escape" && !filter.with_untracked(String::is_empty) {
                        ev.prevent_default();
                        // The box is the filter's only writer, so it is cleared here rather than
                        // bound to the signal.
                        event_target::<web_sys::HtmlInputElement>(&ev).set_value("");
                        filter.set(String::new());
                    }
                }
            />
        </div>
    }
}
