//! Keeping and sharing a plan: the plan kept in `localStorage` and, with `sync-url`, in the page
//! URL's `#plan=`; "Copy link", "Download CSV" and "Copy summary".
//!
//! Part of the buyer's chunk (`crate::buyer`), which mounts it: fetched the first time focus
//! enters the widget, when the plan changes, or at once when a kept or linked plan is waiting.
//! A visitor who only reads the prices never downloads it, and has no plan to share either. (A
//! chunk of its own would cost the first download another loader, and the buyer's panels are
//! wanted at the same moments anyway.)

mod actions;
mod kept;
mod panel;
mod withdrawn;

use leptos::prelude::*;

/// Reads the kept or linked plan (once per element, not per view), keeps the plan from then
/// on, and shows the "Save and share" bar.
#[component]
pub fn Keep() -> impl IntoView {
    let skipped = RwSignal::new(0usize);
    let saved = RwSignal::new(false);
    let s = crate::state::use_state();
    let opens_here = s.keeping.with_value(|k| k.sync);
    kept::restore(s, skipped);
    kept::follow(s, skipped, saved);
    view! {
        <withdrawn::Withdrawn />
        <panel::KeepBar skipped=skipped.read_only() saved=saved.read_only() opens_here=opens_here />
    }
}
