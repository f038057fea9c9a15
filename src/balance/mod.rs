//! The live balance: the account API client (`api`), the driver that asks it (`driver`) and the
//! panel content that shows its answers (`panel`).
//!
//! A signed-out visitor of a pricing page has no `api-base` and never needs any of this, so in
//! the `pkg/` build it is a separate wasm chunk, fetched the first time an element with an
//! `api-base` shows its panel (see [`mount_panel`]).

pub mod api;
mod driver;
mod from_usage;
mod panel;

pub use driver::use_balance;

use leptos::prelude::*;

use crate::split::{split_point, ChunkUnavailable, MountedPanel};
use crate::state::BalanceInputs;

split_point! {
    balance;
    /// Starts the balance driver under the current reactive owner (so that it stops, and aborts
    /// its request, when that owner is cleaned up) and mounts the panel's content into `slot`.
    pub fn mount_panel(inputs: BalanceInputs, slot: web_sys::HtmlElement) -> Result<MountedPanel, ChunkUnavailable> {
        // Reads while setting up are the driver's own business, not the caller's dependencies.
        Ok(untrack(|| {
            use_balance(inputs);
            // `mount_to` parents its owner to the current one: the panel sees the element's
            // context (state, text) like any component.
            MountedPanel(Box::new(leptos::mount::mount_to(slot, panel::BalanceBody)))
        }))
    }
}
