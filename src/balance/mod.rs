//! The live balance: the account API client (`api`), the driver that asks it (`driver`) and the
//! panel content that shows its answers (`panel`).
//!
//! A signed-out visitor of a pricing page has no `api-base` and never needs any of this, so in
//! the `pkg/` build it is a separate wasm chunk, fetched the first time an element with an
//! `api-base` shows its panel (see [`mount_panel`]).

mod driver;
mod from_usage;
mod note;
mod panel;
mod section;
mod usage;

pub use driver::use_balance;
pub use section::BalanceSection;

use leptos::prelude::*;

use crate::split::{split_point, ChunkUnavailable};
use crate::state::BalanceInputs;

split_point! {
    balance;
    /// Starts the balance driver under the current reactive owner (so that it stops, and aborts
    /// its request, when that owner is cleaned up) and makes the panel's content.
    pub fn panel(inputs: BalanceInputs) -> Result<AnyView, ChunkUnavailable> {
        // Reads while setting up are the driver's own business, not the caller's dependencies.
        Ok(untrack(|| {
            use_balance(inputs);
            view! { <panel::BalanceBody /> }.into_any()
        }))
    }
}
