//! The price list shipped in this build, read once per page.

use vidmud_credits_core::catalog::CatalogWire;
use vidmud_credits_core::{Catalog, CatalogError};

/// `data/catalog.json` with the whitespace between tokens removed (build.rs).
const SEED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.min.json"));

/// The embedded catalog, parsed with the browser's `JSON.parse` (far smaller than linking a
/// JSON parser into the wasm), read with serde and validated by the core.
pub fn seed() -> Result<&'static Catalog, &'static CatalogError> {
    // Loaded once and kept for the page's life, so every instance can borrow it as 'static.
    thread_local!(static SEED: &'static Result<Catalog, CatalogError> = Box::leak(Box::new(load())));
    SEED.with(|seed| seed.as_ref())
}

fn load() -> Result<Catalog, CatalogError> {
    let wire: CatalogWire = crate::js_value::from_json(SEED_JSON)
        .ok_or_else(|| CatalogError::Malformed("not JSON".into()))?
        .map_err(|e| CatalogError::Malformed(e.0))?;
    Catalog::from_wire(wire)
}
