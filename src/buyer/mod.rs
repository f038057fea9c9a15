//! The buyer's panels: cheaper-model hints, which packs to buy, and what a budget can still
//! make, and what the balance leaves after the plan; and keeping and sharing the plan
//! (`crate::keep`). A chunk of its own in the `pkg/` build, fetched when first needed (see
//! `BuyerSection`): a visitor who only looks at prices never downloads it.

mod after_plan;
mod buy_link;
mod can_make;
mod hints;
mod pack_advice;
mod runway;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::split::{split_point, ChunkUnavailable, MountedPanel};

split_point! {
    buyer;
    /// Mounts the hints and the pack advice into `panels`, the "What can I still make?" panel
    /// into `can_make`, and the "Save and share" bar into the widget's keep slot (which also
    /// starts keeping the plan, see `crate::keep`), under the current reactive owner (so they
    /// see the element's context and go with it).
    pub fn mount_buyer(panels: web_sys::HtmlElement, can_make: web_sys::HtmlElement) -> Result<MountedPanel, ChunkUnavailable> {
        Ok(untrack(|| {
            let a = leptos::mount::mount_to(panels, || {
                view! {
                    <hints::CheaperModels />
                    <pack_advice::PackAdvice />
                }
            });
            // The other slots are found from the panels' slot: all are in the same widget.
            let widget = can_make.closest(".vc").ok().flatten();
            let slot = |class: &str| {
                let e = widget.as_ref()?.query_selector(class).ok().flatten()?;
                Some(e.unchecked_into::<web_sys::HtmlElement>())
            };
            let after = slot(".vc-after-slot")
                .map(|e| {
                    leptos::mount::mount_to(e.unchecked_into(), || {
                        view! {
                            <runway::Runway />
                            <after_plan::AfterPlanLine />
                        }
                    })
                });
            let b = leptos::mount::mount_to(can_make, can_make::CanMake);
            let kept = slot(".vc-keep-slot").map(crate::keep::mount);
            MountedPanel(Box::new((a, b, after, kept)))
        }))
    }
}
