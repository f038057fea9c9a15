//! The price list shipped in this build.
//!
//! build.rs read `data/catalog.json`, validated it with the core's rules (a bad price list fails
//! the build) and wrote it out as Rust tables; here they become the core's `Catalog`, once per
//! page.

use std::sync::Arc;
use vidmud_credits_core::catalog::{Category, Entry, Unpriced};

use vidmud_credits_core::Catalog;

mod data {
    include!(concat!(env!("OUT_DIR"), "/catalog.rs"));
}

fn build() -> Catalog {
    let s = |s: &str| s.to_owned();
    Catalog {
        version: s(data::VERSION),
        categories: data::CATEGORIES
            .iter()
            .map(|&(id, name)| Category {
                id: s(id),
                name: s(name),
            })
            .collect(),
        entries: data::ENTRIES
            .iter()
            .map(|&(id, category, feature, model, name, credits)| Entry {
                id: s(id),
                category,
                feature: s(feature),
                model: model.map(s),
                name: s(name),
                credits,
            })
            .collect(),
        unpriced: data::UNPRICED
            .iter()
            .map(|&(id, category, feature, name, note)| Unpriced {
                id: s(id),
                category,
                feature: s(feature),
                name: s(name),
                note: note.map(s),
            })
            .collect(),
    }
}

/// The embedded catalog, built once per page and shared by every instance.
pub fn seed() -> Arc<Catalog> {
    thread_local!(static SEED: Arc<Catalog> = Arc::new(build()));
    SEED.with(Arc::clone)
}
