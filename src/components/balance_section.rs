use leptos::either::EitherOf4;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use send_wrapper::SendWrapper;
use vidmud_credits_core::{BalanceFailure, BalancePhase, BalanceView};
use wasm_bindgen::JsCast;

use super::{BalanceNote, RetryButton};
use crate::balance::mount_panel;
use crate::messages::{fill, use_text};
use crate::state::{use_state, BalanceInputs};

/// Where the balance chunk stands for this panel.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chunk {
    /// Being fetched (or not needed: no `api-base`).
    Waiting,
    /// Its content is mounted in the slot.
    Mounted,
    /// The download failed; Retry asks again.
    Failed,
}

/// The balance panel: its frame, state hooks and "Sign in" note are here, in the first
/// download. The account API client and the rest of the panel are a chunk of their own
/// (`crate::balance`), fetched only once the host sets `api-base`, and mounted into this
/// panel's slot. If that download fails, the panel says so and offers Retry; the calculator is
/// unaffected.
#[component]
pub fn BalanceSection(
    /// What the balance driver reads and writes.
    inputs: BalanceInputs,
) -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let view_signal = inputs.view;
    let slot = NodeRef::<Div>::new();
    let chunk = RwSignal::new(Chunk::Waiting);
    // Bumped by Retry after a failed download, to ask for the chunk again.
    let attempt = RwSignal::new(0u32);
    let phase = move || s.balance.with(|b| b.phase);

    // Runs again when api-base comes or goes, and on Retry; each run's cleanup unmounts what
    // the previous one mounted and stops its driver.
    crate::effect::effect(move || {
        attempt.track();
        if !s.live.get() {
            view_signal.set(BalanceView::idle());
            chunk.set(Chunk::Waiting);
            return;
        }
        let Some(slot) = slot.get() else { return };
        // Loading shows from the moment an api-base is set, not only once the driver arrived.
        if view_signal.with_untracked(|v| v.phase == BalancePhase::Idle) {
            view_signal.update(|v| *v = v.loading(false));
        }
        chunk.set(Chunk::Waiting);
        let slot: web_sys::HtmlElement = slot.unchecked_into();
        spawn_local_scoped_with_cancellation(async move {
            match mount_panel(inputs, slot).await {
                Ok(panel) => {
                    let panel = SendWrapper::new(panel);
                    on_cleanup(move || drop(panel));
                    chunk.set(Chunk::Mounted);
                }
                Err(_) => {
                    view_signal.set(BalanceView::idle().failed(BalanceFailure::Unavailable));
                    chunk.set(Chunk::Failed);
                }
            }
        });
    });

    // Either-branches rather than `.into_any()`: an AnyView carries a vtable per render path.
    let note = move || match (s.live.get(), chunk.get()) {
        (false, _) => EitherOf4::A(view! { <BalanceNote text=|m| m.balance_idle /> }),
        (true, Chunk::Waiting) => {
            EitherOf4::B(view! { <BalanceNote text=|m| m.balance_loading /> })
        }
        (true, Chunk::Mounted) => EitherOf4::C(()),
        (true, Chunk::Failed) => EitherOf4::D(view! {
            <p class="vc-balance__note vc-balance__note--error">
                {fill(t.m.balance_error, &[t.m.failure_unavailable])}
            </p>
            <RetryButton on_retry=Callback::new(move |()| {
                view_signal.set(BalanceView::idle().loading(false));
                attempt.update(|n| *n += 1);
            }) />
        }),
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
            {note}
            <div class="vc-balance__slot" node_ref=slot></div>
        </div>
    }
}
