use leptos::prelude::*;
use vidmud_credits_core::url::buy_url;

use crate::state::{use_state, Buy};

/// A Buy action: a link to `pricing-url` with `credits=` and `packs=` for what `buy` names,
/// which first asks the host (the cancelable `credits-buy`) and isn't followed if the host
/// cancels (the Studio's web view runs its own purchase flow). Nothing without a `pricing-url`
/// that is safe to follow.
#[component]
pub fn BuyLink(
    /// What is bought: `credits-buy`'s detail.
    buy: Buy,
    /// The link's text.
    label: &'static str,
) -> impl IntoView {
    let s = use_state();
    move || {
        let ids: Vec<&str> = buy.packs.iter().map(String::as_str).collect();
        let href = s.links.with(|l| {
            l.pricing_url
                .as_deref()
                .and_then(|u| buy_url(u, buy.credits, &ids))
        })?;
        let buy = buy.clone();
        Some(view! {
            " "
            <a
                class="vc-button vc-button--primary"
                href=href
                on:click=move |ev| {
                    if !s.buy.run(buy.clone()) {
                        ev.prevent_default();
                    }
                }
            >
                {label}
            </a>
        })
    }
}
