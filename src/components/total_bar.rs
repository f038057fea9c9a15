use leptos::prelude::*;
use vidmud_credits_core::format::credits;
use vidmud_credits_core::BalanceView;

use super::{AfterPlanLine, HostLinks};

/// The plan's total, announced politely to screen readers as it changes, with what the balance
/// leaves and a way to start over.
#[component]
pub fn TotalBar(
    /// The plan's total in credits; `None` when it can't be computed exactly.
    total: impl Fn() -> Option<u64> + Copy + Send + Sync + 'static,
    /// The balance, for the "after this plan" line.
    balance: RwSignal<BalanceView>,
    /// Links from the host, for "Buy credits".
    links: RwSignal<HostLinks>,
    /// Empties the plan.
    on_clear: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="vc-summary">
            <div class="vc-total" role="status" aria-live="polite" aria-atomic="true">
                <span class="vc-total__label">"Total"</span>
                " "
                <strong class="vc-total__value" data-testid="total" data-value=move || total().map(|t| t.to_string())>
                    {move || total().map_or_else(|| "—".to_owned(), credits)}
                </strong>
                " "
                <span class="vc-total__unit">{move || if total() == Some(1) { "credit" } else { "credits" }}</span>
            </div>
            <AfterPlanLine total=total balance=balance links=links />
            <button
                type="button"
                class="vc-button vc-button--quiet"
                on:click=move |_| on_clear.run(())
            >
                "Clear plan"
            </button>
        </div>
    }
}
