//! The `<vidmud-credits>` widget: a credits calculator and balance panel for Vidmud AI Studio.
//!
//! Hosts load it with `import init from "…/pkg/vidmud_credits.js"; await init();`, which defines
//! the custom element. Everything with a number in it is computed by `vidmud-credits-core`;
//! this crate draws it (in the element's locale), talks to the account API and glues the
//! element to the page.

// The element, then the features, then what they share; the core is a crate of its own. Imports
// run that way only: element → features → shared → core.
pub mod element;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod widget;

pub mod balance;
pub mod buyer;
pub mod calculator;
pub mod keep;

pub mod api;
pub mod catalog;
pub mod effect;
pub mod intl;
pub mod js_value;
pub mod lazy;
pub mod messages;
pub mod retry;
pub mod split;
pub mod state;

pub use widget::Widget;

/// Defines the `<vidmud-credits>` element when the module is initialised.
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    element::define();
}
