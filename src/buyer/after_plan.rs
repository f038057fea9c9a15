use leptos::prelude::*;
use vidmud_credits_core::AfterPlan;

use super::buy_link::BuyLink;
use crate::messages::use_text;
use crate::state::{use_state, Buy};

/// What the balance leaves after the plan, or how many credits are missing, with a link to buy
/// exactly that many. Shown while a balance is known and the plan has a quantity (with an empty
/// plan it would only repeat the balance), so it comes with the buyer's chunk, mounted into the
/// total bar's slot.
#[component]
pub fn AfterPlanLine() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let totals = move || s.plan.with(|p| p.totals(&s.catalog.read_value()));
    let known = move || {
        let totals = totals().filter(|t| t.total() > 0)?;
        s.balance.with(|b| b.shown().map(|b| (b.balance, totals)))
    };
    move || {
        known().map(|(balance, totals)| {
            let after = AfterPlan::of(balance, totals.total());
            let (text, short) = match after {
                AfterPlan::Left(n) => (t.plural(t.buyer().left_after_plan, n), None),
                AfterPlan::Short(n) => (t.plural(t.buyer().need_more, n), Some(n)),
            };
            // The shortfall's link names the packs the pack advice suggests for it, if any.
            let buy = short.map(|n| Buy {
                credits: n,
                packs: s.advised.get(),
            });
            view! {
                <p
                    class=if short.is_some() { "vc-after vc-after--short" } else { "vc-after" }
                    data-testid="after-plan"
                    data-value=signed_text(after)
                >
                    <span>{text}</span>
                    {buy.map(|buy| view! { <BuyLink buy=buy label=t.buyer().buy_credits /> })}
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
