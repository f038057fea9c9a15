//! The `<vidmud-credits>` widget: a credits calculator and balance panel for Vidmud AI Studio.
//!
//! Hosts load it with `import init from "…/pkg/vidmud_credits.js"; await init();`, which defines
//! the custom element. Everything with a number in it is computed by `vidmud-credits-core`;
//! this crate draws it (in the element's locale), talks to the account API and glues the
//! element to the page.

pub mod balance;
pub mod buyer;
pub mod catalog;
pub mod components;
pub mod effect;
pub mod element;
pub mod intl;
pub mod js_value;
pub mod keep;
pub mod live_catalog;
pub mod messages;
pub mod split;
pub mod state;
pub mod usage;

pub use components::Widget;

/// Defines the `<vidmud-credits>` element when the module is initialised.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    element::define();
}
