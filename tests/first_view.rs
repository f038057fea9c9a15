//! The first view renders from state alone: the price list, the filter and the total, made
//! natively to HTML with Leptos's `RenderHtml::to_html`, the way a prerender would make them.
//! Natively every browser API panics when called, so a render that touches one fails here.
#![cfg(not(target_arch = "wasm32"))]

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use vidmud_credits::prerender::{first_view, shadow_root};

fn render(plan: &[(&str, u64)]) -> String {
    let owner = Owner::new();
    owner.with(|| first_view("en-US", plan).to_html())
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

#[test]
fn the_german_first_view_is_in_german() {
    let owner = Owner::new();
    let html = owner.with(|| first_view("de-DE", &[]).to_html());
    assert!(html.contains("Credits-Rechner"), "{html}");
    assert!(html.contains("je 2 Credits"), "{html}");
    assert!(!html.contains("Credits calculator"), "{html}");
}

#[test]
fn a_prerender_is_a_declarative_shadow_root_with_a_stylesheet_link() {
    let html = shadow_root(
        "<div class=\"vc\"></div>",
        "/assets/a\"b/vidmud-credits.css",
    );
    assert!(html.starts_with("<template shadowrootmode=\"open\"><link rel=\"stylesheet\" href=\"/assets/a&quot;b/vidmud-credits.css\">"));
    assert!(html.ends_with(
        "<div class=\"vc-root\" data-prerendered=\"\"><div class=\"vc\"></div></div></template>"
    ));
}
