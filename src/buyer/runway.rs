use leptos::either::Either;
use leptos::prelude::*;
use vidmud_credits_core::{runway, Runway};

use crate::messages::{fill, use_text};
use crate::state::use_state;

/// How long the balance lasts at the plan's monthly rate, shown while a balance is known and
/// the plan has a recurring line. A subscription's credits a month count against the rate: a
/// rate they cover is said to be covered. A plan is only made after the widget is first used,
/// so it comes with the buyer's chunk, in the plan's summary after its monthly part.
#[component]
pub fn Runway() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let known = move || {
        let (balance, grant) = s.balance.with(|b| {
            b.shown()
                .map(|b| (b.balance, b.plan.as_ref().map(|p| p.period_credits)))
        })?;
        let totals = s.plan.with(|p| p.totals(&s.catalog.read_value()))?;
        Some((runway(balance, totals.once, totals.monthly, grant)?, grant))
    };
    move || {
        known().map(|(r, grant)| match r {
            Runway::Covered => Either::Left(view! {
                <span class="vc-runway" data-testid="runway" data-covered="">
                    {fill(t.buyer().runway_covered, &[&t.credits(grant.unwrap_or(0))])}
                </span>
            }),
            Runway::Days(days) => Either::Right(view! {
                <span class="vc-runway" data-testid="runway" data-days=days.to_string()>
                    {t.runway(days, js_sys::Date::now())}
                </span>
            }),
        })
    }
}
