use leptos::prelude::*;
use vidmud_credits_core::format::{credits, credits_noun};
use vidmud_credits_core::url::buy_url;
use vidmud_credits_core::{AfterPlan, BalanceView};

use super::HostLinks;

/// What the balance leaves after the plan, or how many credits are missing, with a link to buy
/// exactly that many. Shown only while a balance is known.
#[component]
pub fn AfterPlanLine(
    /// The plan's total in credits; `None` when it can't be computed exactly.
    #[prop(into)]
    total: Signal<Option<u64>>,
    /// The balance.
    #[prop(into)]
    balance: Signal<BalanceView>,
    /// Links from the host, for "Buy credits".
    #[prop(into)]
    links: Signal<HostLinks>,
) -> impl IntoView {
    let after = Memo::new(move |_| {
        let total = total.get()?;
        balance.with(|b| b.shown().map(|b| AfterPlan::of(b.balance, total)))
    });
    move || {
        after.get().map(|after| {
            let (text, short) = match after {
                AfterPlan::Left(n) => (format!("{} left after this plan", credits_noun(n)), None),
                AfterPlan::Short(n) => (
                    format!(
                        "You need {} more {}",
                        credits(n),
                        if n == 1 { "credit" } else { "credits" }
                    ),
                    Some(n),
                ),
            };
            let buy = short
                .and_then(|n| links.with(|l| l.pricing_url.as_deref().and_then(|u| buy_url(u, n))));
            view! {
                <p
                    class="vc-after"
                    class=("vc-after--short", short.is_some())
                    data-testid="after-plan"
                    data-value=after.signed().to_string()
                >
                    <span>{text}</span>
                    {buy.map(|href| view! {
                        " "
                        <a class="vc-button vc-button--primary" href=href>"Buy credits"</a>
                    })}
                </p>
            }
        })
    }
}
