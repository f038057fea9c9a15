//! The first view renders from state alone: the price list, the filter and the total, made
//! natively to HTML with Leptos's `RenderHtml::to_html`, the way a prerender would make them.
//! Natively every browser API panics when called, so a render that touches one fails here.
#![cfg(not(target_arch = "wasm32"))]

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use vidmud_credits::intl::Locale;
use vidmud_credits::messages::Text;
use vidmud_credits::state::{Controls, Keeping};
use vidmud_credits::Widget;

/// Effects run after a view is mounted in a browser, never while it renders: ahead of time
/// there is nothing to run them for, so what they would spawn is dropped.
struct AheadOfTime;

impl CustomExecutor for AheadOfTime {
    fn spawn(&self, _: PinnedFuture<()>) {}
    fn spawn_local(&self, _: PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}

fn render(plan: &[(&str, u64)]) -> String {
    let _ = Executor::init_custom_executor(AheadOfTime);
    let owner = Owner::new();
    owner.with(|| {
        let c = Controls::new(
            Text::new(Locale::default()),
            None,
            Keeping::default(),
            false,
        );
        let catalog = vidmud_credits::catalog::seed();
        c.plan.update(|p| {
            for (id, q) in plan {
                p.set(&catalog, id, *q).expect("a priced entry");
            }
        });
        c.provide(catalog, Callback::new(|_| true));
        provide_context(c.text.get_untracked());
        view! { <Widget balance=c.balance_inputs() filter=c.filter buyer=c.buyer_wanted /> }
            .to_html()
    })
}

#[test]
fn the_price_list_filter_and_total_render_from_state_alone() {
    let html = render(&[("ai-expand", 300), ("chat-editing", 2)]);
    let catalog = vidmud_credits::catalog::seed();
    for e in &catalog.entries {
        assert!(
            html.contains(&format!("data-entry=\"{}\"", e.id)),
            "{}",
            e.id
        );
        assert!(html.contains(&e.name), "{}", e.name);
    }
    assert_eq!(catalog.entries.len(), 21);
    // 300 × 4 + 2 × 2, written as the fallback locale writes it.
    assert!(html.contains("data-value=\"1204\""), "{html}");
    assert!(html.contains(">1,204<"), "{html}");
    assert!(html.contains("id=\"vc-filter\""));
}
