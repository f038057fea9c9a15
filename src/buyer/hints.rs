use leptos::prelude::*;
use vidmud_credits_core::{cheaper_models, Entry};
use wasm_bindgen::JsCast;

use crate::messages::{fill, isolate, use_text};
use crate::state::{use_state, Undoable};

/// "Cheaper models": for each planned line whose feature has a cheaper model, what switching
/// would save, with a Switch button. Nothing switches by itself; models differ in quality.
#[component]
pub fn CheaperModels() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let hints = Memo::new(move |_| s.plan.with(|p| cheaper_models(&s.catalog.read_value(), p)));
    move || {
        let hints = hints.get();
        let catalog = s.catalog.get_value();
        (!hints.is_empty()).then(|| {
            let items = hints
                .into_iter()
                .map(|h| {
                    let (from, to) = (&catalog.entries[h.from], &catalog.entries[h.to]);
                    let alt = to.id.clone();
                    // A recurring line's saving recurs: it is said "a month".
                    let monthly = s.plan.with(|p| p.period(&from.id).is_recurring());
                    let words = if monthly { t.buyer().hint_monthly } else { t.buyer().hint };
                    let switch = move |ev: leptos::ev::MouseEvent| {
                        s.change(Undoable::Switch, |p| {
                            let _ = p.switch(&s.catalog.read_value(), h.from, h.to);
                        });
                        focus_row(&ev, &alt);
                    };
                    view! {
                        <li
                            class="vc-hint"
                            data-testid="hint"
                            data-for=from.id.clone()
                            data-alt=to.id.clone()
                            data-saves=h.saves.to_string()
                        >
                            <span>{fill(words, &[&isolate(&from.name), &isolate(model(to)), &t.credits(h.saves)])}</span>
                            " "
                            <button
                                type="button"
                                class="vc-button"
                                aria-label=fill(t.buyer().switch_label, &[&isolate(&from.name), &isolate(model(to))])
                                on:click=switch
                            >
                                {t.buyer().switch}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="vc-panel vc-hints">
                    <h3 class="vc-panel__title">{t.buyer().cheaper_title}</h3>
                    <p class="vc-note">{t.buyer().hint_quality}</p>
                    <ul class="vc-hints__list">{items}</ul>
                </div>
            }
        })
    }
}

/// A model's own name ("Flux Dev"), or the entry's name.
fn model(e: &Entry) -> &str {
    e.model.as_deref().unwrap_or(&e.name)
}

/// After a switch the hint and its button are gone: focus goes to the quantity box of the
/// line that took the quantity, so keyboard users keep their place.
fn focus_row(ev: &leptos::ev::MouseEvent, id: &str) {
    let row = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(".vc").ok().flatten())
        .and_then(|w| {
            w.query_selector(&format!("[data-entry=\"{id}\"] input"))
                .ok()
                .flatten()
        });
    if let Some(input) = row.and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = input.focus();
        // Focus doesn't scroll a box that is in the viewport but under the sticky total bar;
        // `block: "nearest"` scrolls only as far as its scroll margin asks, which keeps it
        // clear of the bar (WCAG 2.2 Focus Not Obscured).
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        input.scroll_into_view_with_scroll_into_view_options(&options);
    }
}
