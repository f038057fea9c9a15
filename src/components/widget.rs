use leptos::prelude::*;
use vidmud_credits_core::{BalanceView, Catalog, Plan};

use super::{BalancePanel, FilterBox, PriceList, TotalBar};

/// Links the host page supplies through attributes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HostLinks {
    /// Where to buy credits (`pricing-url`).
    pub pricing_url: Option<String>,
    /// The Account Center: sign in, history (`account-url`).
    pub account_url: Option<String>,
}

/// The whole calculator: balance, price list, and the total with what the balance leaves.
#[component]
pub fn Widget(
    /// The validated price list.
    catalog: &'static Catalog,
    /// Quantities planned: the one source of truth, shared with the element's `quote`.
    plan: RwSignal<Plan>,
    /// Links from the host's attributes.
    links: RwSignal<HostLinks>,
    /// The account balance as the panel should show it.
    balance: RwSignal<BalanceView>,
    /// Asks the account API again (Retry, and the element's `refresh()`).
    on_retry: Callback<()>,
) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    // Bumped by "Clear plan" so each row also forgets text it refused.
    let resets = RwSignal::new(0u32);
    // None only if a plan could not be totalled exactly, which a validated catalog rules out.
    // Read by several parts of the total bar: `Plan::total` sums without building the lines.
    let total = move || plan.with(|p| p.total(catalog));
    view! {
        <div class="vc">
            <header class="vc-head">
                <h2 class="vc-title">"Credits calculator"</h2>
                <p class="vc-lede">
                    "Plan what you will make and see what it costs. Prices are credits per generation."
                </p>
            </header>
            <BalancePanel balance=balance links=links on_retry=on_retry />
            <FilterBox filter=filter />
            <PriceList catalog=catalog plan=plan filter=filter resets=resets />
            <TotalBar
                total=total
                balance=balance
                links=links
                on_clear=Callback::new(move |()| {
                    plan.update(Plan::clear);
                    resets.update(|n| *n += 1);
                })
            />
        </div>
    }
}
