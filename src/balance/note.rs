use leptos::prelude::*;

use crate::messages::{use_text, Messages};

/// One line of plain text in the balance panel, in the element's language.
#[component]
pub fn BalanceNote(
    /// Which message to show.
    text: fn(&Messages) -> &'static str,
) -> impl IntoView {
    view! { <p class="vc-balance__note">{text(use_text().m)}</p> }
}
