use leptos::html::Textarea;
use leptos::prelude::*;

use super::actions::{run, Action, Said};
use crate::messages::use_text;
use crate::state::use_state;

/// "Copy link", "Download CSV" and "Copy summary", and what they say: a confirmation, or the
/// link or summary in a selected field when the clipboard can't be written; and how many parts
/// of the link the plan came from were skipped.
#[component]
pub fn KeepBar(
    /// Parts of the link the plan came from that were not understood.
    skipped: ReadSignal<usize>,
    /// Whether the plan is kept in this browser as it is now.
    saved: ReadSignal<bool>,
    /// The element reads `#plan=` from the page's URL (`sync-url`), so a copied link opens
    /// the plan on this page; without it the confirmation doesn't promise that.
    opens_here: bool,
) -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let said = RwSignal::new(Said::Nothing);
    let field = NodeRef::<Textarea>::new();
    // A field shown for copying by hand is selected, ready for Ctrl+C, and scrolled clear of
    // the sticky total bar: focus alone doesn't scroll what is already in the viewport, even
    // under the bar, while scrolling it to the end honours its scroll margin.
    crate::effect::effect(move || {
        if let Some(f) = field.get() {
            let _ = f.focus();
            f.select();
            f.scroll_into_view_with_bool(false);
        }
    });
    let button = move |action: Action, test_id: &'static str, label: &'static str| {
        view! {
            <button
                type="button"
                class="vc-button vc-button--quiet"
                data-testid=test_id
                on:click=move |_| run(action, s, t, said)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="vc-keep" role="group" aria-label=t.keep().bar_label>
            {button(Action::CopyLink { opens_here }, "copy-link", t.keep().copy_link)}
            {button(Action::DownloadCsv, "export-csv", t.keep().export_csv)}
            {button(Action::CopySummary, "copy-summary", t.keep().copy_summary)}
            // Quiet: not a live region; it says once, where the buttons are, that nothing more
            // needs doing to keep the plan.
            <span class="vc-keep__saved" data-testid="saved" hidden=move || !saved.get()>
                {t.keep().saved}
            </span>
            <p
                class="vc-keep__note"
                data-testid="link-skipped"
                data-count=move || skipped.get().to_string()
                hidden=move || skipped.get() == 0
            >
                {move || t.plural(t.keep().link_skipped, skipped.get() as u64)}
            </p>
            <p class="vc-keep__status" data-testid="keep-status" role="status">
                {move || match said.get() {
                    Said::Done(text) => text,
                    _ => String::new(),
                }}
            </p>
            {move || match said.get() {
                Said::ByHand { label, text, test_id } => Some(view! {
                    <label class="vc-keep__byhand">
                        <span>{label}</span>
                        <textarea class="vc-input" readonly rows="3" data-testid=test_id node_ref=field prop:value=text></textarea>
                    </label>
                }),
                _ => None,
            }}
        </div>
    }
}
