//! The buyer's panels: cheaper-model hints, which packs to buy, and what a budget can still
//! make, and what the balance leaves after the plan; and keeping and sharing the plan
//! (`crate::keep`). A chunk of its own in the `pkg/` build, fetched when first needed (see
//! `BuyerSection`): a visitor who only looks at prices never downloads it.

mod after_plan;
mod buy_link;
mod can_make;
mod clear_of_bar;
mod hints;
mod pack_advice;
mod plan;
mod runway;
mod section;
mod undo;

pub use section::{AfterPlan, BuyerSection};

use leptos::prelude::*;

use crate::lazy::add_styles;
use crate::split::{split_point, ChunkUnavailable};

/// The buyer's panels' rules (style/buyer.css), added to the element's stylesheet by each part
/// before it is made.
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/buyer.min.css"));

// The buyer chunk's parts, each placed where it shows by `section.rs` behind a `Lazy`
// boundary. They share one chunk: wanted at the same moment, fetched once.

split_point! {
    buyer;
    /// The plan's summary, the pack advice right under it (the buyer's answer, on one phone
    /// screen with the total) and cheaper-model hints, above "What can I still make?".
    pub fn advice() -> Result<AnyView, ChunkUnavailable> {
        add_styles(STYLE);
        Ok(view! {
            <plan::PlanSummary />
            <pack_advice::PackAdvice />
            <hints::CheaperModels />
        }
        .into_any())
    }
}

split_point! {
    buyer;
    /// "What can I still make?"'s content.
    pub fn can_make_part() -> Result<AnyView, ChunkUnavailable> {
        add_styles(STYLE);
        Ok(view! { <can_make::CanMake /> }.into_any())
    }
}

split_point! {
    buyer;
    /// Undo, and what the balance leaves after the plan, in the total bar.
    pub fn after_plan_part() -> Result<AnyView, ChunkUnavailable> {
        add_styles(STYLE);
        Ok(view! {
            <undo::UndoButton />
            <after_plan::AfterPlanLine />
            <clear_of_bar::ClearOfBar />
        }
        .into_any())
    }
}

split_point! {
    buyer;
    /// "Save and share", which also reads the kept or linked plan and keeps the plan from
    /// then on (see `crate::keep`).
    pub fn keep_part() -> Result<AnyView, ChunkUnavailable> {
        add_styles(STYLE);
        Ok(crate::keep::Keep().into_any())
    }
}
