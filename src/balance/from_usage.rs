use leptos::prelude::*;
use vidmud_credits_core::BalanceFailure;

use super::usage::usage_run;
use crate::lazy::{loader, Lazy};
use crate::messages::{fill, use_text};

/// The "Start from my last 30 days" button. What a press does (the request, the new plan, what
/// is said about it) is a chunk of its own, `super::usage`, mounted beside the button on each
/// press; a new press replaces the last one, aborting its request.
#[component]
pub fn FromUsage() -> impl IntoView {
    let t = use_text();
    // Presses so far: each makes a new run in place of the last, whose owner, request and
    // words go with it.
    let presses = RwSignal::new(0u32);
    let run = move || {
        (presses.get() > 0).then(|| {
            view! {
                <Lazy
                    wanted=true
                    load=loader(usage_run)
                    failed=|t| fill(t.balance().from_usage_error, &[&t.failure(BalanceFailure::Unavailable)])
                    note_class="vc-balance__note"
                />
            }
        })
    };
    view! {
        <div class="vc-from-usage">
            <button
                type="button"
                class="vc-button"
                data-testid="from-usage"
                on:click=move |_| presses.update(|n| *n += 1)
            >
                {t.balance().from_usage}
            </button>
            <div class="vc-slot" aria-live="polite">{run}</div>
        </div>
    }
}
