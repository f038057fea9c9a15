use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ResizeObserver, ScrollIntoViewOptions, ScrollLogicalPosition};

/// Keeps whatever takes focus clear of the sticky total bar (WCAG 2.2 Focus Not Obscured),
/// without moving what is already in view.
///
/// The bar's height goes to the view's `--vc-bar`, which every control's scroll margin reads
/// (see the stylesheet): browsers that honour it scroll a control only when the bar would hide
/// it, never one already in view above it (a margin of the tallest bar would move every control
/// in the last 120 px of the screen). WebKit ignores a focused text box's scroll margin, and
/// reveals only its line of text: there a control that focus left under the bar, or partly
/// off screen, is scrolled clear here. Until this part loads the bar holds the total alone,
/// which the stylesheet's default covers, and nothing below it has had focus yet.
#[component]
pub fn ClearOfBar() -> impl IntoView {
    let anchor = NodeRef::<leptos::html::Span>::new();
    crate::effect::effect(move || {
        let Some(el) = anchor.get() else { return };
        let (Some(bar), Some(view)) = (
            el.closest(".vc-summary")
                .ok()
                .flatten()
                .and_then(|b| b.dyn_into::<HtmlElement>().ok()),
            el.closest(".vc")
                .ok()
                .flatten()
                .and_then(|v| v.dyn_into::<HtmlElement>().ok()),
        ) else {
            return;
        };
        let (measured, styled) = (bar.clone(), view.clone());
        let resized = Closure::<dyn FnMut()>::new(move || {
            let height = measured.offset_height();
            let _ = styled
                .style()
                .set_property("--vc-bar", &format!("{height}px"));
        });
        let Ok(observer) = ResizeObserver::new(resized.as_ref().unchecked_ref()) else {
            return;
        };
        observer.observe(&bar);
        let covering = bar.clone();
        let focused =
            Closure::<dyn FnMut(web_sys::FocusEvent)>::new(move |ev: web_sys::FocusEvent| {
                let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                    return;
                };
                if covering.contains(Some(&target)) {
                    return;
                }
                reveal(&target, &covering);
            });
        let _ = view.add_event_listener_with_callback("focusin", focused.as_ref().unchecked_ref());
        let held = SendWrapper::new((observer, resized, view, focused));
        on_cleanup(move || {
            let (observer, _, view, focused) = &*held;
            observer.disconnect();
            let _ = view
                .remove_event_listener_with_callback("focusin", focused.as_ref().unchecked_ref());
        });
    });
    view! { <span hidden node_ref=anchor></span> }
}

/// Scrolls `target` clear of `bar` and into the viewport, by as little as it takes, when it
/// isn't.
fn reveal(target: &Element, bar: &Element) {
    let (r, b) = (
        target.get_bounding_client_rect(),
        bar.get_bounding_client_rect(),
    );
    let bottom = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(f64::MAX);
    let hidden = r.bottom() > b.top() && r.top() < b.bottom();
    if hidden || r.top() < 0.0 || r.bottom() > bottom {
        let options = ScrollIntoViewOptions::new();
        options.set_block(ScrollLogicalPosition::Nearest);
        target.scroll_into_view_with_scroll_into_view_options(&options);
    }
}
