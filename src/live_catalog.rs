//! A live price list: the catalog at the element's `catalog-url`, taken in place of the built-in
//! one when it is valid and newer (`vidmud_credits_core::live`).
//!
//! In the `pkg/` build it is part of the usage chunk (`crate::usage`), the other reader of
//! account data beyond the balance: only a host that sets `catalog-url`, or a person who asks
//! for a plan from their usage, downloads the code that reads and checks a price list (the
//! built-in one was checked at build time). A chunk of its own shares the account API
//! client's request code with the balance's chunk, and wasm-split then cuts that code into
//! more, smaller files: measured, that cost a signed-in page's first load 0.9 KB.

use std::rc::Rc;
use std::sync::Arc;

use vidmud_credits_core::catalog::CatalogWire;
use vidmud_credits_core::live::{self, Refusal};
use vidmud_credits_core::Catalog;
use web_sys::{AbortController, HtmlElement};

use crate::balance::api::{fetch_public, ApiError};
use crate::element::Shown;
use crate::split::{split_point, ChunkUnavailable};
use crate::state::Controls;

split_point! {
    usage;
    /// Fetches and checks the price list at `url` for the element `host`, whose state is `c`,
    /// in a task of its own, then shows its view (`shown`). A price list that is valid and
    /// newer than the built-in one becomes the element's; otherwise the built-in one stays,
    /// and a `console.warn` says why. `controller` aborts the request: the element aborts it
    /// when it asks for another price list, or goes.
    pub fn take(url: String, c: Controls, host: HtmlElement, shown: Rc<Shown>, controller: AbortController) -> Result<(), ChunkUnavailable> {
        // The chunk may arrive after the element went, or after it asked for another list.
        if shown.gone() || controller.signal().aborted() {
            return Ok(());
        }
        leptos::task::spawn_local(async move {
            let built_in = crate::catalog::seed().version.clone();
            let result = fetch(&url, &built_in, &controller).await;
            // The element may have gone, or asked for another price list, meanwhile.
            if shown.gone()
                || controller.signal().aborted() && !matches!(result, Err(Why::Timeout))
                || host.get_attribute("catalog-url").as_deref() != Some(url.as_str())
            {
                return;
            }
            match result {
                Ok(catalog) => shown.use_catalog(c, Arc::new(catalog)),
                Err(why) => {
                    // The list in use stays: the built-in one, or one an earlier catalog-url
                    // brought.
                    let in_use = &shown.catalog().version;
                    let which = if *in_use == built_in { "built-in one" } else { "one" };
                    web_sys::console::warn_1(
                        &format!(
                            "vidmud-credits: the price list at {url} is not used, {why}; the {which} of {in_use} stays"
                        )
                        .into(),
                    );
                    shown.show_if_none(c);
                }
            }
        });
        Ok(())
    }
}

/// Why a live price list was not used.
#[derive(Debug, thiserror::Error)]
enum Why {
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
