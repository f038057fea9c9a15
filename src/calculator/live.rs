//! A live price list: the catalog at the element's `catalog-url`, taken in place of the built-in
//! one when it is valid and newer (`vidmud_credits_core::live`).
//!
//! In the `pkg/` build it is part of the usage chunk (`crate::balance` has the other part), the
//! other reader of account data beyond the balance: only a host that sets `catalog-url`, or a
//! person who asks for a plan from their usage, downloads the code that reads and checks a
//! price list (the built-in one was checked at build time). A chunk of its own would share the
//! API client's request code with the balance's chunk, and wasm-split would cut that code into
//! more, smaller files, which a signed-in page then fetches (docs/performance.md).

use std::future::Future;
use std::pin::Pin;

use vidmud_credits_core::catalog::CatalogWire;
use vidmud_credits_core::live::{self, Refusal};
use vidmud_credits_core::Catalog;
use web_sys::AbortController;

use crate::api::{fetch_public, ApiError};
use crate::split::{split_point, ChunkUnavailable};

/// A price list on its way: valid and newer than the built-in one, or why not.
pub type Pending = Pin<Box<dyn Future<Output = Result<Catalog, Why>>>>;

split_point! {
    usage;
    /// Fetches and checks the price list at `url` (GET, no cookies, within 10 s, at most
    /// 256 KiB): it is taken only if it is valid and dated later than `built_in`, the version
    /// of the built-in list. `controller` aborts the request: the element aborts it when it
    /// asks for another price list, or goes. The fetch and the checks are this chunk's code,
    /// so they are returned as a future for the element to await.
    pub fn fetch_newer(url: String, built_in: String, controller: AbortController) -> Result<Pending, ChunkUnavailable> {
        Ok(Box::pin(async move { fetch(&url, &built_in, &controller).await }))
    }
}

/// Why a live price list was not used, in the words of the warning that says so.
#[derive(Debug, thiserror::Error)]
pub enum Why {
    #[error("as it couldn't be fetched")]
    Network,
    #[error("as it didn't arrive within 10 seconds")]
    Timeout,
    #[error("as the server answered {0}")]
    Status(u16),
    #[error("as it is larger than 256 KiB")]
    TooLarge,
    #[error("as it is not JSON")]
    NotJson,
    #[error("as it is not a price list: {0}")]
    Shape(String),
    #[error("as {0}")]
    Refused(#[from] Refusal),
}

impl From<ApiError> for Why {
    fn from(e: ApiError) -> Why {
        match e {
            ApiError::Timeout => Why::Timeout,
            ApiError::Status(s) => Why::Status(s),
            ApiError::TooLarge => Why::TooLarge,
            _ => Why::Network,
        }
    }
}

async fn fetch(url: &str, built_in: &str, controller: &AbortController) -> Result<Catalog, Why> {
    let body = fetch_public(url, live::MAX_BYTES, controller).await?;
    let wire: CatalogWire = crate::js_value::from_json(&body)
        .ok_or(Why::NotJson)?
        .map_err(|e| Why::Shape(e.0))?;
    let catalog = Catalog::from_wire(wire).map_err(Refusal::from)?;
    Ok(live::accept(catalog, built_in)?)
}
