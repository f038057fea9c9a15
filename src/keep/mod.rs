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

use crate::split::MountedPanel;

/// Reads the kept or linked plan (once per element), starts keeping the plan, and mounts the
/// "Save and share" bar into `slot`, under the current reactive owner.
pub fn mount(slot: web_sys::HtmlElement) -> MountedPanel {
    let skipped = RwSignal::new(0usize);
    let s = crate::state::use_state();
    let mut opens_here = false;
    if let Ok(Some(root)) = slot.closest(".vc-root") {
        let place = kept::Place::of(&root);
        opens_here = place.sync;
        kept::restore(s, &root, &place, skipped);
        kept::follow(s, place, skipped);
    }
    let mounted = leptos::mount::mount_to(slot, move || {
        view! {
            <withdrawn::Withdrawn />
            <panel::KeepBar skipped=skipped.read_only() opens_here=opens_here />
        }
    });
    MountedPanel(Box::new(mounted))
}
