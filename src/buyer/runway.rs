use leptos::prelude::*;
use vidmud_credits_core::runway_days;

use crate::messages::use_text;
use crate::state::use_state;

/// How long the balance lasts at the plan's monthly rate, shown while a balance is known and
/// the plan has a recurring line. A plan is only made after the widget is first used, so it
/// comes with the buyer's chunk, in the total bar beside what the balance leaves.
#[component]
pub fn Runway() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let days = move || {
        let balance = s.balance.with(|b| b.shown().map(|b| b.balance))?;
        let totals = s.plan.with(|p| p.totals(&s.catalog.read_value()))?;
        runway_days(balance, totals.once, totals.monthly)
    };
    move || {
        days().map(|days| {
            view! {
                <p class="vc-runway" data-testid="runway" data-days=days.to_string()>
                    {t.runway(days, js_sys::Date::now())}
                </p>
            }
        })
    }
}
