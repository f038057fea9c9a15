use leptos::prelude::*;

use crate::messages::use_text;
use crate::state::use_state;

/// The plan's total, announced politely to screen readers as it changes, with what the balance
/// leaves after it. It sticks to the bottom of the screen, so it stays short: what the plan is
/// made of, and the actions on it, are in the plan's summary above.
#[component]
pub fn TotalBar(
    /// What the balance leaves after the plan, and Undo, beside the total.
    children: Children,
) -> impl IntoView {
    let s = use_state();
    let t = use_text();
    // None only if a plan could not be totalled exactly, which a validated catalog rules out.
    // `Plan::total` sums without building the lines: cheap enough to ask each time.
    let total = move || s.plan.with(|p| p.total(&s.catalog.read_value()));
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
            {children()}
        </div>
    }
}
