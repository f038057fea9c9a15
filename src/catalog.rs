//! The price list shipped in this build, read once per page.

use std::sync::OnceLock;

use vidmud_credits_core::catalog::{CatalogWire, SEED_JSON};
use vidmud_credits_core::{Catalog, CatalogError};

static SEED: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();

/// The embedded catalog, parsed with the browser's `JSON.parse` (far smaller than linking a
/// JSON parser into the wasm) and validated by the core.
pub fn seed() -> Result<&'static Catalog, &'static CatalogError> {
    SEED.get_or_init(|| {
        let value = js_sys::JSON::parse(SEED_JSON)
            .map_err(|_| CatalogError::Malformed("not JSON".into()))?;
        let wire: CatalogWire = serde_wasm_bindgen::from_value(value)
            .map_err(|e| CatalogError::Malformed(e.to_string()))?;
        Catalog::from_wire(wire)
    })
    .as_ref()
}
