//! Browser tests (wasm-bindgen-test in headless Chromium): the components and the element glue
//! inside a real DOM, and the API client against real `fetch`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use vidmud_credits::api::{fetch_balance, ApiError, ApiRequest, Outcome};
use vidmud_credits::intl::Locale;
use vidmud_credits::messages::Text;
use vidmud_credits::state::{Controls, HostLinks, Keeping};
use vidmud_credits::Widget;
use vidmud_credits_core::balance::parse_rfc3339_for_tests;
use vidmud_credits_core::{Balance, BalanceFailure, BalanceView};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn container() -> HtmlElement {
    let div = document()
        .create_element("div")
        .unwrap()
        .unchecked_into::<HtmlElement>();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn type_into(input: &HtmlInputElement, text: &str) {
    // As a person would, focus first: that is what loads the buyer's panels.
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    let focus = web_sys::CustomEvent::new_with_event_init_dict("focusin", &init).unwrap();
    input.dispatch_event(&focus).unwrap();
    input.set_value(text);
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
}

fn total(root: &Element) -> String {
    find(root, "[data-testid=total]")
        .get_attribute("data-value")
        .unwrap()
}

/// Mounts the widget with its state in context, as the element does, in `locale`, and waits
/// for the whole price list: the first category mounts with the view, the rest a task later.
async fn mount_in(locale: &str) -> (HtmlElement, Controls, impl Sized) {
    let div = container();
    let made = std::rc::Rc::new(std::cell::Cell::new(None));
    let made_inside = made.clone();
    let locale = Locale::parse(locale).expect("a valid tag");
    let handle = leptos::mount::mount_to(div.clone(), move || {
        let c = Controls::new(Text::new(locale), None, Keeping::default(), false);
        c.links.set(HostLinks {
            pricing_url: Some("https://vidmud.test/pricing".into()),
            account_url: None,
        });
        c.provide(vidmud_credits::catalog::seed(), Callback::new(|_| true));
        provide_context(c.text.get_untracked());
        made_inside.set(Some(c));
        view! { <Widget balance=c.balance_inputs() filter=c.filter buyer=c.buyer_wanted /> }
    });
    gloo_timers::future::TimeoutFuture::new(0).await;
    assert!(
        div.query_selector("[data-partial]").unwrap().is_none(),
        "the whole price list"
    );
    (div, made.take().expect("mounted"), handle)
}

/// The widget in en-US, with the element's balance signal and plan.
async fn mount_widget() -> (HtmlElement, Controls, impl Sized) {
    mount_in("en-US").await
}

/// Lets a change run through the effects it starts: the plan feeds each row's line, the line
/// the row's text, and the text its box, each a task later.
async fn settle() {
    for _ in 0..8 {
        tick().await;
    }
}

#[wasm_bindgen_test]
async fn typing_quantities_updates_the_plan_and_total() {
    let (div, c, _handle) = mount_widget().await;
    let plan = c.plan;
    tick().await;
    let expand: HtmlInputElement = find(&div, "[data-entry='ai-expand'] input").unchecked_into();
    type_into(&expand, "3");
    let kling: HtmlInputElement =
        find(&div, "[data-entry='image-to-image/kling'] input").unchecked_into();
    type_into(&kling, "10");

    settle().await;
    assert_eq!(total(&div), "42");
    assert_eq!(plan.get_untracked().quantity("ai-expand"), 3);
    // A change event (spinner, paste) is handled the same way.
    kling.set_value("11");
    kling
        .dispatch_event(&Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(total(&div), "45");
}

#[wasm_bindgen_test]
async fn bad_text_counts_as_zero_with_a_message_and_is_kept() {
    let (div, c, _handle) = mount_widget().await;
    let plan = c.plan;
    tick().await;
    let input: HtmlInputElement = find(&div, "[data-entry='ai-expand'] input").unchecked_into();
    type_into(&input, "4");

    settle().await;
    assert_eq!(total(&div), "16");
    type_into(&input, "-4");
    settle().await;
    assert_eq!(total(&div), "0");
    assert_eq!(plan.get_untracked().quantity("ai-expand"), 0);
    let error = find(&div, "[data-entry='ai-expand'] .vc-row__error")
        .text_content()
        .unwrap();
    assert!(error.contains("negative"), "{error}");
    assert_eq!(input.value(), "-4", "what was typed stays");
}

#[wasm_bindgen_test]
async fn the_plan_is_the_source_of_truth_for_the_boxes() {
    let (div, c, _handle) = mount_widget().await;
    let plan = c.plan;
    tick().await;
    let catalog = vidmud_credits::catalog::seed();
    plan.update(|p| p.set(&catalog, "chat-editing", 7).unwrap());
    settle().await;
    let input: HtmlInputElement = find(&div, "[data-entry='chat-editing'] input").unchecked_into();
    assert_eq!(input.value(), "7");
    assert_eq!(total(&div), "14");
    // Clear plan (a click, in the plan's summary) empties the boxes; Undo fills them again.
    // (The element wants the buyer's panels on a plan's first change; here, by hand.)
    c.buyer_wanted.set(true);
    settle().await;
    let before = plan.get_untracked();
    find(&div, "[data-testid=clear-plan]")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(input.value(), "");
    assert_eq!(total(&div), "0");
    find(&div, "[data-testid=undo]")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(plan.get_untracked(), before);
    assert_eq!(input.value(), "7");
    assert!(div.query_selector("[data-testid=undo]").unwrap().is_none());
}

fn good_balance(balance: u64) -> Balance {
    Balance {
        balance,
        updated_at_ms: parse_rfc3339_for_tests("2026-11-25T14:05:00Z"),
        plan: None,
    }
}

#[wasm_bindgen_test]
async fn after_plan_shows_what_is_left_or_what_is_missing() {
    let (div, c, _handle) = mount_widget().await;
    let balance = c.balance;
    tick().await;
    // A plan, and the buyer's parts loaded (what-can-I-make is there), but no balance yet.
    let input: HtmlInputElement = find(&div, "[data-entry='ai-expand'] input").unchecked_into();
    type_into(&input, "10");
    settle().await;
    find(&div, "[data-field=budget]");
    assert!(
        div.query_selector("[data-testid=after-plan]")
            .unwrap()
            .is_none(),
        "hidden without a balance"
    );
    balance.set(
        BalanceView::idle()
            .loading(false)
            .received(good_balance(100)),
    );
    tick().await;
    let panel = find(&div, "[data-testid=balance]");
    assert_eq!(panel.get_attribute("data-state").as_deref(), Some("ok"));
    assert_eq!(panel.get_attribute("data-value").as_deref(), Some("100"));
    settle().await;
    let after = find(&div, "[data-testid=after-plan]");
    assert_eq!(after.get_attribute("data-value").as_deref(), Some("60"));
    assert!(after
        .text_content()
        .unwrap()
        .contains("60 credits left after this plan"));
    type_into(&input, "100");

    settle().await;
    let after = find(&div, "[data-testid=after-plan]");
    assert_eq!(after.get_attribute("data-value").as_deref(), Some("-300"));
    assert!(after
        .text_content()
        .unwrap()
        .contains("You need 300 more credits"));
    let link = find(&after, "a");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://vidmud.test/pricing?credits=300")
    );
    // A failed refresh keeps the number, marked stale; a plain error shows none.
    balance.update(|b| *b = b.loading(true).failed(BalanceFailure::Network));
    tick().await;
    let panel = find(&div, "[data-testid=balance]");
    assert_eq!(panel.get_attribute("data-state").as_deref(), Some("stale"));
    assert_eq!(panel.get_attribute("data-value").as_deref(), Some("100"));
    balance.set(
        BalanceView::idle()
            .loading(false)
            .failed(BalanceFailure::Network),
    );
    tick().await;
    let panel = find(&div, "[data-testid=balance]");
    assert_eq!(panel.get_attribute("data-state").as_deref(), Some("error"));
    assert_eq!(panel.get_attribute("data-value"), None);
    assert!(div
        .query_selector("[data-testid=after-plan]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn the_custom_element_mounts_in_an_open_shadow_root() {
    vidmud_credits::element::define();
    let el = document().create_element("vidmud-credits").unwrap();
    // Not kept: an earlier test's plan would otherwise come back from storage.
    el.set_attribute("persist", "none").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    // The first view mounts in the task after the element connects.
    gloo_timers::future::TimeoutFuture::new(0).await;
    let root = el.shadow_root().expect("open shadow root");
    let input: HtmlInputElement = root
        .query_selector("[data-entry='ai-expand'] input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_into(&input, "2");

    settle().await;
    let quote = js_sys::Reflect::get(&el, &"quote".into()).unwrap();
    let total = js_sys::Reflect::get(&quote, &"total".into()).unwrap();
    assert_eq!(total.as_f64(), Some(8.0));
    el.remove();
    // Unmounting waits a microtask (a move is not a removal).
    tick().await;
    tick().await;
    assert_eq!(root.child_element_count(), 0);
}

fn blob_url(body: &str) -> String {
    let parts = js_sys::Array::of1(&body.into());
    let blob = web_sys::Blob::new_with_str_sequence(&parts).unwrap();
    web_sys::Url::create_object_url_with_blob(&blob).unwrap()
}

async fn fetch(url: String) -> Outcome<vidmud_credits_core::Balance> {
    let controller = web_sys::AbortController::new().unwrap();
    let req = ApiRequest {
        url,
        token: None,
        include_cookies: false,
    };
    fetch_balance(&req, &controller).await
}

#[wasm_bindgen_test]
async fn client_reads_a_good_answer() {
    let url = blob_url(r#"{"balance": 1600, "updated_at": "2026-11-25T14:05:00Z", "unknown": 1}"#);
    assert_eq!(fetch(url).await, Outcome::Answer(good_balance(1600)));
}

#[wasm_bindgen_test]
async fn client_never_turns_a_bad_answer_into_a_number() {
    for body in [
        "<html>oops</html>",
        r#"{"balance": "1600", "updated_at": "2026-11-25T14:05:00Z"}"#,
        r#"{"balance": -1, "updated_at": "2026-11-25T14:05:00Z"}"#,
        r#"{"balance": 1.5, "updated_at": "2026-11-25T14:05:00Z"}"#,
        r#"{"balance": 9007199254740992, "updated_at": "2026-11-25T14:05:00Z"}"#,
        r#"{"updated_at": "2026-11-25T14:05:00Z"}"#,
        r#"{"balance": 5, "updated_at": "later"}"#,
    ] {
        let got = fetch(blob_url(body)).await;
        assert!(
            matches!(got, Outcome::Failed(ApiError::BadAnswer(_))),
            "{body} gave {got:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn client_reads_no_more_than_a_mebibyte() {
    use vidmud_credits::api::MAX_BODY;
    let answer = |pad: usize| {
        format!(
            r#"{{"balance": 1600, "updated_at": "2026-11-25T14:05:00Z", "pad": "{}"}}"#,
            "x".repeat(pad)
        )
    };
    let fits = answer(MAX_BODY - 100);
    assert!(fits.len() <= MAX_BODY);
    assert_eq!(
        fetch(blob_url(&fits)).await,
        Outcome::Answer(good_balance(1600))
    );
    let over = answer(MAX_BODY);
    assert!(over.len() > MAX_BODY);
    assert_eq!(
        fetch(blob_url(&over)).await,
        Outcome::Failed(ApiError::TooLarge)
    );
}

#[wasm_bindgen_test]
async fn client_reports_network_failure_and_cancellation() {
    // Nothing listens on port 9 of loopback.
    let got = fetch("http://127.0.0.1:9/v1/credits/balance".into()).await;
    assert_eq!(got, Outcome::Failed(ApiError::Network));
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let req = ApiRequest {
        url: blob_url("{}"),
        token: Some("secret".into()),
        include_cookies: true,
    };
    assert_eq!(
        fetch_balance(&req, &controller).await,
        Outcome::Failed(ApiError::Cancelled)
    );
}

#[wasm_bindgen_test]
async fn no_api_base_means_idle_and_no_request() {
    let (div, c, _handle) = mount_widget().await;
    tick().await;
    let panel = find(&div, "[data-testid=balance]");
    assert_eq!(panel.get_attribute("data-state").as_deref(), Some("idle"));
    c.refresh();
    tick().await;
    assert_eq!(c.balance.get_untracked().phase.as_str(), "idle");
    assert!(panel
        .text_content()
        .unwrap()
        .contains("Sign in to the Studio"));
}

#[wasm_bindgen_test]
async fn numbers_follow_the_locale() {
    for (locale, want) in [
        ("en-US", "1,250"),
        ("de-DE", "1.250"),
        ("fr-FR", "1\u{202f}250"),
    ] {
        let (div, c, _handle) = mount_in(locale).await;
        tick().await;
        c.plan.update(|p| {
            p.set(&vidmud_credits::catalog::seed(), "photo-restoration", 625)
                .unwrap()
        });
        tick().await;
        let shown = find(&div, "[data-testid=total]").text_content().unwrap();
        assert_eq!(shown, want, "{locale}");
        assert_eq!(total(&div), "1250", "data-value stays a plain integer");
    }
    // A tag that is not a language is not a locale; the element then falls back.
    assert_eq!(Locale::parse("not a tag!"), None);
    assert_eq!(Locale::parse("de-de").unwrap().tag(), "de-DE");
}

#[wasm_bindgen_test]
async fn the_element_reports_changes_with_credits_change() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    vidmud_credits::element::define();
    let el = document().create_element("vidmud-credits").unwrap();
    el.set_attribute("persist", "none").unwrap();
    let seen: Rc<RefCell<Vec<f64>>> = Rc::default();
    let sink = seen.clone();
    let listener = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        let total = js_sys::Reflect::get(&e.detail(), &"total".into()).unwrap();
        sink.borrow_mut().push(total.as_f64().unwrap());
    });
    // Listening on the document: it bubbles out of the element (composed is checked end to end,
    // through an outer shadow root, in tests/e2e/balance.test.mjs).
    document()
        .add_event_listener_with_callback("credits-change", listener.as_ref().unchecked_ref())
        .unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    // The first view mounts in the task after the element connects.
    gloo_timers::future::TimeoutFuture::new(0).await;
    let root = el.shadow_root().unwrap();
    let input: HtmlInputElement = root
        .query_selector("[data-entry='photo-restoration'] input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    type_into(&input, "5");

    settle().await;
    type_into(&input, "6");

    settle().await;
    assert_eq!(
        *seen.borrow(),
        vec![10.0, 12.0],
        "one event per change, none at start"
    );
    document()
        .remove_event_listener_with_callback("credits-change", listener.as_ref().unchecked_ref())
        .unwrap();
    el.remove();
    tick().await;
}

#[wasm_bindgen_test]
async fn a_cheaper_model_is_offered_and_switched_only_when_asked() {
    let (div, c, _handle) = mount_widget().await;
    let plan = c.plan;
    tick().await;
    let pro: HtmlInputElement =
        find(&div, "[data-entry='text-to-image/nano-banana-pro'] input").unchecked_into();
    type_into(&pro, "10");

    settle().await;
    // The cheapest step of the ladder (8 credits down to 1).
    let hint = find(
        &div,
        "[data-testid=hint][data-for='text-to-image/nano-banana-pro'][data-alt='text-to-image/flux-dev']",
    );
    assert_eq!(hint.get_attribute("data-saves").as_deref(), Some("70"));
    // Offered, not taken.
    assert_eq!(total(&div), "80");
    find(&hint, "button")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(total(&div), "10");
    let p = plan.get_untracked();
    assert_eq!(p.quantity("text-to-image/flux-dev"), 10);
    assert_eq!(p.quantity("text-to-image/nano-banana-pro"), 0);
    assert!(div.query_selector("[data-testid=hint]").unwrap().is_none());
    // The boxes follow the plan.
    let flux: HtmlInputElement =
        find(&div, "[data-entry='text-to-image/flux-dev'] input").unchecked_into();
    assert_eq!(flux.value(), "10");
    assert_eq!(pro.value(), "");
}

#[wasm_bindgen_test]
async fn a_bad_budget_counts_as_zero_and_stays_in_the_box() {
    let (div, _c, _handle) = mount_widget().await;
    tick().await;
    let expand: HtmlInputElement = find(&div, "[data-entry='ai-expand'] input").unchecked_into();
    type_into(&expand, "3"); // a plan of 12
    settle().await;
    let budget: HtmlInputElement = find(&div, "[data-field=budget]").unchecked_into();
    type_into(&budget, "100");
    settle().await;
    let count = |id: &str| {
        find(&div, &format!("[data-can-make='{id}']"))
            .get_attribute("data-count")
            .unwrap()
    };
    assert_eq!(count("text-to-image/flux-dev"), "88");
    assert_eq!(count("text-to-image/nano-banana-pro"), "11");
    type_into(&budget, "12.5");

    settle().await;
    assert_eq!(count("text-to-image/flux-dev"), "0");
    assert_eq!(budget.value(), "12.5");
    assert!(find(&div, "#vc-budget-error")
        .text_content()
        .unwrap()
        .contains("Use a whole number — counted as 0."));
}
