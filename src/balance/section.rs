use leptos::prelude::*;
use vidmud_credits_core::{BalanceFailure, BalancePhase, BalanceView};

use super::note::BalanceNote;
use crate::lazy::{loader, Lazy, Phase};
use crate::messages::{fill, use_text};
use crate::state::{use_state, BalanceInputs};

/// The balance panel: its frame, state hooks and "Sign in" note are here, in the first
/// download. The account API client and the rest of the panel are a chunk of their own
/// (`crate::balance`), fetched only once the host sets `api-base`, behind a `Lazy` boundary.
/// If that download fails, the panel says so and offers Retry; the calculator is unaffected.
#[component]
pub fn BalanceSection(
    /// What the balance driver reads and writes.
    inputs: BalanceInputs,
) -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let view_signal = inputs.view;
    let chunk = RwSignal::new(Phase::Idle);
    let phase = move || s.balance.with(|b| b.phase);

    // The balance's state follows `api-base` and the chunk: loading from the moment an
    // api-base is set (not only once the driver arrived), an error while the chunk can't be
    // fetched. Once the driver runs, it writes the state itself.
    crate::effect::effect(move || match (s.live.get(), chunk.get()) {
        (false, _) => view_signal.set(BalanceView::idle()),
        (true, Phase::Loading)
            if view_signal.with_untracked(|v| {
                v.phase == BalancePhase::Idle || v.error == Some(BalanceFailure::Unavailable)
            }) =>
        {
            view_signal.set(BalanceView::idle().loading(false))
        }
        (true, Phase::Failed) => {
            view_signal.set(BalanceView::idle().failed(BalanceFailure::Unavailable))
        }
        _ => {}
    });

    // A new boundary each time api-base comes: removing it stops the driver and aborts its
    // request, with the boundary's owner.
    let panel = move || {
        s.live.get().then(|| {
            view! {
                <Lazy
                    wanted=true
                    load=loader(move || super::panel(inputs))
                    fallback=|t| t.m.balance_loading
                    failed=|t| fill(t.m.balance_error, &[t.m.failure_unavailable])
                    note_class="vc-balance__note"
                    phase=chunk
                />
            }
        })
    };
    view! {
        // A named group, not a region (see `PriceList`).
        <div
            role="group"
            tabindex="-1"
            class=move || if s.live.get() { "vc-balance vc-balance--live" } else { "vc-balance" }
            aria-label=t.m.balance_region
            aria-live="polite"
            data-testid="balance"
            data-state=move || phase().as_str()
            data-value=move || s.balance.with(|b| b.shown().map(|b| b.balance.to_string()))
        >
            {move || (!s.live.get()).then(|| view! { <BalanceNote text=|m| m.balance_idle /> })}
            {panel}
        </div>
    }
}
