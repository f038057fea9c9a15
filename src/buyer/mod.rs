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
mod section;

pub use section::{AfterPlan, BuyerSection};

use leptos::prelude::*;

use crate::split::{split_point, ChunkUnavailable};

// The buyer chunk's parts, each placed where it shows by `section.rs` behind a `Lazy`
// boundary. They share one chunk: wanted at the same moment, fetched once.

split_point! {
    buyer;
    /// Cheaper-model hints and the pack advice, above "What can I still make?".
    pub fn advice() -> Result<AnyView, ChunkUnavailable> {
        Ok(view! {
            <hints::CheaperModels />
            <pack_advice::PackAdvice />
        }
        .into_any())
    }
}

split_point! {
    buyer;
    /// "What can I still make?"'s content.
    pub fn can_make_part() -> Result<AnyView, ChunkUnavailable> {
        Ok(view! { <can_make::CanMake /> }.into_any())
    }
}

split_point! {
    buyer;
    /// What the balance leaves after the plan, and how long it lasts, in the total bar.
    pub fn after_plan_part() -> Result<AnyView, ChunkUnavailable> {
        Ok(view! {
            <runway::Runway />
            <after_plan::AfterPlanLine />
        }
        .into_any())
    }
}

split_point! {
    buyer;
    /// "Save and share", which also reads the kept or linked plan and keeps the plan from
    /// then on (see `crate::keep`).
    pub fn keep_part() -> Result<AnyView, ChunkUnavailable> {
        Ok(crate::keep::Keep().into_any())
    }
}
