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
    total: impl Fn() -> Option<u64> + Copy + Send + Sync + 'static,
    /// The balance.
    balance: RwSignal<BalanceView>,
    /// Links from the host, for "Buy credits".
    links: RwSignal<HostLinks>,
) -> impl IntoView {
    let after = move || {
        let total = total()?;
        balance.with(|b| b.shown().map(|b| AfterPlan::of(b.balance, total)))
    };
    move || {
        after().map(|after| {
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
                    class=if short.is_some() { "vc-after vc-after--short" } else { "vc-after" }
                    data-testid="after-plan"
                    data-value=signed_text(after)
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

/// `AfterPlan::signed` as text, without linking 128-bit integer formatting.
fn signed_text(after: AfterPlan) -> String {
    match after {
        AfterPlan::Left(n) => n.to_string(),
        AfterPlan::Short(n) => format!("-{n}"),
    }
}
