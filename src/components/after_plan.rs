use leptos::prelude::*;
use vidmud_credits_core::url::buy_url;
use vidmud_credits_core::{AfterPlan, Totals};

use crate::messages::use_text;
use crate::state::use_state;

/// What the balance leaves after the plan, or how many credits are missing, with a link to buy
/// exactly that many. Shown only while a balance is known.
#[component]
pub fn AfterPlanLine(
    /// The plan's sums; `None` when they can't be computed exactly.
    totals: impl Fn() -> Option<Totals> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let known = move || {
        let totals = totals()?;
        s.balance.with(|b| b.shown().map(|b| (b.balance, totals)))
    };
    move || {
        known().map(|(balance, totals)| {
            let after = AfterPlan::of(balance, totals.total());
            let (text, short) = match after {
                AfterPlan::Left(n) => (t.plural(t.m.left_after_plan, n), None),
                AfterPlan::Short(n) => (t.plural(t.m.need_more, n), Some(n)),
            };
            let buy = short.and_then(|n| {
                s.links
                    .with(|l| l.pricing_url.as_deref().and_then(|u| buy_url(u, n)))
            });
            view! {
                <p
                    class=if short.is_some() { "vc-after vc-after--short" } else { "vc-after" }
                    data-testid="after-plan"
                    data-value=signed_text(after)
                >
                    <span>{text}</span>
                    {buy.map(|href| view! {
                        " "
                        <a
                            class="vc-button vc-button--primary"
                            href=href
                            on:click=move |ev| {
                                // The host may run its own purchase flow instead (the Studio's
                                // web view does): then the link isn't followed.
                                if let Some(n) = short {
                                    if !s.buy.run(n) {
                                        ev.prevent_default();
                                    }
                                }
                            }
                        >
                            {t.m.buy_credits}
                        </a>
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
