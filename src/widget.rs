use leptos::prelude::*;

use crate::balance::BalanceSection;
use crate::buyer::{AfterPlan, BuyerSection};
use crate::calculator::{FilterBox, PriceList, TotalBar};
use crate::messages::use_text;
use crate::state::BalanceInputs;

/// The whole calculator: balance, price list, and the total with what the balance leaves.
/// Reads its element's [`WidgetState`](crate::state::WidgetState) from context.
#[component]
pub fn Widget(
    /// What the balance driver reads and writes, handed on to the balance panel only.
    balance: BalanceInputs,
    /// The price list's filter, as typed (the element's, so that a new view keeps it).
    filter: RwSignal<String>,
    /// Whether the buyer's panels are wanted: the first focus inside the view wants them.
    buyer: RwSignal<bool>,
) -> impl IntoView {
    let t = use_text();
    // Every way of using a buyer's panel (typing a quantity, opening the disclosure, a button)
    // starts with focus inside the widget; a visitor who only reads the prices never fetches
    // their chunk.
    let want_buyer = move |_| {
        if !buyer.get_untracked() {
            buyer.set(true);
        }
    };
    view! {
        <div class="vc" on:focusin=want_buyer>
            <header class="vc-head">
                <h2 class="vc-title">{t.m.title}</h2>
                <p class="vc-lede">{t.m.lede}</p>
            </header>
            <BalanceSection inputs=balance />
            <FilterBox filter=filter />
            <PriceList filter=filter.read_only() />
            <BuyerSection />
            <TotalBar>
                <AfterPlan />
            </TotalBar>
        </div>
    }
}
