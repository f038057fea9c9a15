use leptos::prelude::*;

use crate::lazy::{loader, Lazy};
use crate::messages::use_text;
use crate::state::use_state;

/// The buyer's panels, each where it shows: cheaper-model hints and pack advice, "What can I
/// still make?" (its disclosure is in the first download, its content is not), and "Save and
/// share". Their code is a chunk of its own (`crate::buyer`), fetched once the panels are
/// wanted (`WidgetState::buyer_wanted`): a visitor who only reads the prices never downloads
/// it, and one who starts typing has it by the time the first total is worth advice on. A
/// failed download says so where the panel would be, with Retry; the calculator is unaffected.
#[component]
pub fn BuyerSection() -> impl IntoView {
    let t = use_text();
    let s = use_state();
    let drafts = s.drafts;
    let wanted = s.buyer_wanted;
    view! {
        <Lazy wanted=wanted load=loader(super::advice) />
        <details
            class="vc-canmake"
            data-testid="can-make"
            open=drafts.with_value(|d| d.can_make_open)
            on:toggle:target=move |ev| {
                let open = ev.target().open();
                drafts.update_value(|d| d.can_make_open = open);
            }
        >
            <summary class="vc-canmake__title">{t.m.can_make_title}</summary>
            <Lazy wanted=wanted load=loader(super::can_make_part) />
        </details>
        <Lazy wanted=wanted load=loader(super::keep_part) />
    }
}

/// What the balance leaves after the plan and how long it lasts, placed in the total bar.
#[component]
pub fn AfterPlan() -> impl IntoView {
    let wanted = use_state().buyer_wanted;
    view! { <Lazy wanted=wanted load=loader(super::after_plan_part) /> }
}
