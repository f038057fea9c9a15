use leptos::prelude::*;
use vidmud_credits_core::Plan;

use crate::messages::{fill, isolate, use_text};
use crate::state::use_state;

/// The plan's lines whose entry the price list in use no longer has (a kept or linked plan that
/// outlived a price change): listed by the name they had, counted in no total, with a button
/// that removes them. Nothing is shown while every line is offered.
#[component]
pub fn Withdrawn() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let k = t.keep();
    let lines = Memo::new(move |_| {
        let (catalog, built_in) = (s.catalog.get_value(), crate::catalog::seed());
        s.plan.with(|p| {
            p.withdrawn(&catalog)
                .map(|(id, quantity, _)| {
                    // The built-in price list still knows the name; an id is the fallback.
                    let name = built_in
                        .entry(id)
                        .map_or(id, |e| e.name.as_str())
                        .to_owned();
                    (
                        id.to_owned(),
                        fill(
                            k.withdrawn_line,
                            &[&t.number(u64::from(quantity)), &isolate(&name)],
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    move || {
        let items = lines.get();
        (!items.is_empty()).then(|| {
            view! {
                <div class="vc-withdrawn" role="note" data-testid="no-longer-offered">
                    <p class="vc-withdrawn__title">{k.withdrawn_title}</p>
                    <ul class="vc-withdrawn__list">
                        {items
                            .into_iter()
                            .map(|(id, text)| view! { <li data-id=id>{text}</li> })
                            .collect_view()}
                    </ul>
                    <button
                        type="button"
                        class="vc-button vc-button--quiet"
                        data-testid="remove-withdrawn"
                        on:click=move |_| s.plan.update(|p: &mut Plan| p.drop_withdrawn(&s.catalog.read_value()))
                    >
                        {k.withdrawn_remove}
                    </button>
                </div>
            }
        })
    }
}
