use leptos::prelude::*;

use crate::messages::use_text;
use crate::state::{use_state, Undoable};

/// Undo, beside the total: offered after "Clear plan", Switch or "Start from my last 30 days"
/// until the plan changes again, and brings back exactly the plan before. Beside the total
/// because that stays on screen wherever the change was made.
#[component]
pub fn UndoButton() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    // Any other change of the plan ends the offer (a later return to the same plan doesn't
    // bring it back).
    let offered = move || {
        s.plan.with(|p| {
            s.drafts
                .with_value(|d| d.undo.as_ref().filter(|u| u.after == *p).map(|u| u.what))
        })
    };
    crate::effect::effect(move || {
        if offered().is_none() {
            s.drafts.update_value(|d| d.undo = None);
        }
    });
    let undo = move |_| {
        if let Some(u) = s.drafts.try_update_value(|d| d.undo.take()).flatten() {
            s.plan.set(u.before);
        }
    };
    move || {
        offered().map(|what| {
            let label = t.buyer().undo_label[match what {
                Undoable::Clear => 0,
                Undoable::Switch => 1,
                Undoable::FromUsage => 2,
            }];
            view! {
                <button
                    type="button"
                    class="vc-button vc-button--quiet vc-undo"
                    data-testid="undo"
                    data-undoes=what.as_str()
                    aria-label=label
                    on:click=undo
                >
                    {t.buyer().undo}
                </button>
            }
        })
    }
}
