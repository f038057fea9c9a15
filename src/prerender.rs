//! The first view made ahead of time, natively, from the same components as the live one: what
//! `cargo xtask pkg` writes to `pkg/prerender/<language>.html` for hosts to paste inside
//! `<vidmud-credits>`, so that the price list and a zero total are on the page at its first
//! paint, before any wasm arrives. The element's class takes over from it (src/element.js).
//!
//! A view is made here, and turned into HTML by Leptos's `RenderHtml::to_html` where the `ssr`
//! view layer is built: the prerender example and the first-view test (a dependency of theirs
//! only; the wasm build never has it).

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use leptos::prelude::*;

use crate::intl::Locale;
use crate::messages::Text;
use crate::state::{Controls, Keeping};
use crate::Widget;

/// The languages a prerender is made in, by file name: English and German.
pub const LANGUAGES: [(&str, &str); 2] = [("en", "en-US"), ("de", "de-DE")];

/// Effects run after a view is mounted in a browser, never while it renders: ahead of time
/// there is nothing to run them for, so what they would spawn is dropped.
struct AheadOfTime;

impl CustomExecutor for AheadOfTime {
    fn spawn(&self, _: PinnedFuture<()>) {}
    fn spawn_local(&self, _: PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

/// The first view of an element in `locale` (a tag of [`LANGUAGES`]) with `plan`'s quantities,
/// no account API and the built-in price list: `to_html` it under `owner`. Call it inside
/// `owner.with`.
pub fn first_view(locale: &'static str, plan: &[(&str, u64)]) -> impl IntoView {
    let _ = Executor::init_custom_executor(AheadOfTime);
    let mut text = Text::new(Locale::ahead_of_time(locale));
    if let Some(wanted) = text.wants() {
        // Natively a language is no chunk: its `load` is ready at once.
        if let Poll::Ready(Ok(language)) = now(wanted.load()) {
            text = text.translated(language);
        }
    }
    let c = Controls::new(text, None, Keeping::default(), false);
    let catalog = crate::catalog::seed();
    c.plan.update(|p| {
        for (id, q) in plan {
            let _ = p.set(&catalog, id, *q);
        }
    });
    c.provide(catalog, Callback::new(|_| true));
    provide_context(c.text.get_untracked());
    view! { <Widget balance=c.balance_inputs() filter=c.filter buyer=c.buyer_wanted /> }
}

/// What a host pastes inside `<vidmud-credits>`: a declarative shadow root holding `view` (the
/// first view's HTML) in a root the element's class recognises, styled by the stylesheet at
/// `css` (a file, so that it works under `style-src 'self'`).
pub fn shadow_root(view: &str, css: &str) -> String {
    let css = css.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<template shadowrootmode=\"open\"><link rel=\"stylesheet\" href=\"{css}\"><div class=\"vc-root\" data-prerendered=\"\">{view}</div></template>"
    )
}

/// Polls `future` once: natively, the futures here are ready at once.
fn now<F: Future>(future: F) -> Poll<F::Output> {
    pin!(future).poll(&mut Context::from_waker(Waker::noop()))
}
