use leptos::prelude::*;

use crate::messages::{fill, use_text};
use crate::state::use_state;

/// The plan's total, announced politely to screen readers as it changes, with what the balance
/// leaves and a way to start over.
#[component]
pub fn TotalBar(
    /// Empties the plan.
    on_clear: Callback<()>,
    /// What the balance leaves after the plan, under the total.
    children: Children,
) -> impl IntoView {
    let s = use_state();
    let t = use_text();
    // None only if a plan could not be totalled exactly, which a validated catalog rules out.
    // `Plan::total` sums without building the lines: cheap enough to ask each time.
    let totals = move || s.plan.with(|p| p.totals(&s.catalog.read_value()));
    let total = move || totals().map(|t| t.total());
    let monthly = move || totals().map_or(0, |t| t.monthly);
    view! {
        <div class="vc-summary">
            <div class="vc-total" role="status" aria-live="polite" aria-atomic="true">
                <span class="vc-total__label">{t.m.total}</span>
                " "
                <strong class="vc-total__value" data-testid="total" data-value=move || total().map(|t| t.to_string())>
                    {move || total().map_or_else(|| t.m.no_total.to_owned(), |n| t.number(n))}
                </strong>
                " "
                <span class="vc-total__unit">{move || t.credit_unit(total().unwrap_or(0))}</span>
            </div>
            <p class="vc-monthly" data-testid="monthly" data-value=move || monthly().to_string() hidden=move || monthly() == 0>
                {move || fill(t.m.monthly, &[&t.credits(monthly())])}
            </p>
            {children()}
            <button
                type="button"
                class="vc-button vc-button--quiet"
                on:click=move |_| on_clear.run(())
            >
                {t.m.clear_plan}
            </button>
        </div>
    }
}
