//! The one boundary between the first download and a chunk: a part of the view whose code is in
//! a chunk of the split build (see `crate::split`) is a `Lazy` placed where the part shows.

use std::future::Future;
use std::pin::Pin;

use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::messages::{use_text, Text};
use crate::retry::RetryButton;
use crate::split::ChunkUnavailable;

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/element.js")]
extern "C" {
    /// Adds a chunk's own rules to the one stylesheet every element adopts, once per text. A
    /// part calls it before its view is made, so nothing shows unstyled; its rules then travel
    /// with its chunk rather than in the first download.
    #[wasm_bindgen(js_name = addStyles)]
    pub fn add_styles(css: &str);
}

/// What fetches a part's chunk and makes the part. Boxed, so that one copy of the boundary
/// serves every part (a generic one cost the first download a copy per part).
pub type Loader = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Part>>>>;

/// A part, or why its chunk couldn't be had.
pub type Part = Result<AnyView, ChunkUnavailable>;

/// A [`Loader`] from a split point (or a closure calling one).
pub fn loader<Fut: Future<Output = Part> + 'static>(load: impl Fn() -> Fut + 'static) -> Loader {
    Box::new(move || Box::pin(load()))
}

/// Where a lazy part stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Not wanted yet: nothing is fetched.
    Idle,
    /// Its chunk is being fetched.
    Loading,
    /// Shown.
    Ready,
    /// Its chunk couldn't be fetched; Retry asks again.
    Failed,
}

/// A part of the view whose code is in a chunk. Nothing is fetched until `wanted` holds; then
/// `fallback` shows while the chunk loads, and the part once it has (it reads its state from
/// context, as any component). A chunk that can't be fetched (404, offline) shows `failed`'s
/// words with Retry, which asks again; the rest of the widget is unaffected.
#[component]
pub fn Lazy(
    /// Whether the part is wanted. Once it is, it stays for this view.
    #[prop(into)]
    wanted: Signal<bool>,
    /// Fetches the chunk and makes the part: a split point returning a view (see [`loader`]).
    load: Loader,
    /// What shows while the chunk loads (a quiet line, or nothing).
    #[prop(optional)]
    fallback: Option<fn(Text) -> &'static str>,
    /// The words for a chunk that couldn't be fetched; "This part of the widget couldn't be
    /// downloaded" by default.
    #[prop(optional)]
    failed: Option<fn(Text) -> String>,
    /// Where the part stands, for a caller whose own state follows it (the balance panel's
    /// `data-state`).
    #[prop(optional)]
    phase: Option<RwSignal<Phase>>,
    /// The class of the fallback's and the error's line (`vc-note` by default; the error's
    /// adds `--error`).
    #[prop(optional)]
    note_class: Option<&'static str>,
) -> impl IntoView {
    let t = use_text();
    let note = note_class.unwrap_or("vc-note");
    let phase = phase.unwrap_or_else(|| RwSignal::new(Phase::Idle));
    phase.set(Phase::Idle);
    // The part, from the moment the chunk made it until it is shown.
    let part = StoredValue::new_local(None::<AnyView>);
    let attempt = RwSignal::new(0u32);
    // The part is made under this boundary's owner, not the effect's: it lives as long as the
    // view does, and the fetch is cancelled when the view goes.
    let owner = Owner::current().unwrap_or_default();
    crate::effect::effect(move || {
        attempt.track();
        if !wanted.get() || matches!(phase.get_untracked(), Phase::Loading | Phase::Ready) {
            return;
        }
        phase.set(Phase::Loading);
        // Untracked: what the part reads while it is made is its own business, not this
        // effect's.
        untrack(|| {
            owner.with(|| {
                let made = load();
                spawn_local_scoped_with_cancellation(async move {
                    match made.await {
                        Ok(view) => {
                            part.set_value(Some(view));
                            phase.set(Phase::Ready);
                        }
                        Err(ChunkUnavailable) => phase.set(Phase::Failed),
                    }
                })
            })
        });
    });
    move || match phase.get() {
        Phase::Idle => EitherOf4::A(()),
        Phase::Loading => EitherOf4::B(fallback.map(|f| view! { <p class=note>{f(t)}</p> })),
        Phase::Ready => EitherOf4::C(part.try_update_value(Option::take).flatten()),
        Phase::Failed => EitherOf4::D(view! {
            <p class=format!("{note} {note}--error")>
                {failed.map_or_else(|| t.m.failure_unavailable.to_owned(), |f| f(t))}
            </p>
            <RetryButton on_retry=Callback::new(move |()| attempt.update(|n| *n += 1)) />
        }),
    }
}
