use leptos::prelude::*;
use vidmud_credits_core::Period;
use wasm_bindgen::JsCast;

use super::runway::Runway;
use crate::messages::{fill, isolate, use_text};
use crate::state::use_state;

/// One planned line as the summary shows it.
#[derive(Clone, PartialEq)]
struct Line {
    id: String,
    name: String,
    quantity: u32,
    period: Period,
    /// What the line costs once, or a month for a recurring line.
    credits: u64,
    /// A recurring line's colour in the bar, and beside its name: 0, 1 or 2 in turn.
    hue: Option<u8>,
}

/// "Your plan": every planned line, whatever the filter hides, with what it costs; a bar of the
/// credits a month, split by line; the monthly part and how long the balance lasts at it; and
/// "Clear plan". Shown while the plan has a line.
#[component]
pub fn PlanSummary() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    // The quote's lines, in its order (the price list's), with their names.
    let lines = Memo::new(move |_| {
        let catalog = s.catalog.read_value();
        let quote = s.plan.with(|p| p.quote(&catalog)).unwrap_or_default();
        quote
            .lines
            .into_iter()
            .filter_map(|l| {
                Some(Line {
                    name: catalog.entries[catalog.index_of(&l.id)?].name.clone(),
                    id: l.id,
                    quantity: l.quantity,
                    period: l.period,
                    credits: l.credits,
                    hue: None,
                })
            })
            .filter(|l| l.quantity > 0)
            .scan(0u8, |next, mut l| {
                if l.period.is_recurring() {
                    l.hue = Some(*next % 3);
                    *next = next.wrapping_add(1);
                }
                Some(l)
            })
            .collect::<Vec<_>>()
    });
    // Planned lines the price list's filter hides still count, and are listed here: the
    // summary says how many the list above doesn't show.
    let hidden = move || {
        let catalog = s.catalog.read_value();
        let visible = s.filter.with(|q| catalog.visible(q));
        lines.with(|l| {
            l.iter()
                .filter(|l| catalog.index_of(&l.id).is_some_and(|i| !visible.entries[i]))
                .count() as u64
        })
    };
    let monthly = move || {
        lines.with(|l| {
            l.iter()
                .filter(|l| l.period.is_recurring())
                .map(|l| l.credits)
                .sum::<u64>()
        })
    };
    let items = move || {
        lines
            .get()
            .into_iter()
            .map(|l| {
                let credits = if l.period.is_recurring() {
                    fill(t.m.per_month, &[&t.credits(l.credits)])
                } else {
                    t.credits(l.credits)
                };
                view! {
                    <li
                        class="vc-plan__line"
                        data-plan-line=l.id
                        data-quantity=l.quantity.to_string()
                        data-period=l.period.as_str()
                        data-credits=l.credits.to_string()
                    >
                        <span class="vc-plan__name">
                            {l.hue.map(|h| view! { <span class="vc-plan__key" data-hue=h.to_string()></span> })}
                            {l.name}
                        </span>
                        <span class="vc-plan__qty">
                            {fill(t.buyer().plan_quantity[l.period as usize], &[&t.number(u64::from(l.quantity))])}
                        </span>
                        <span class="vc-plan__credits">{credits}</span>
                    </li>
                }
            })
            .collect_view()
    };
    // The credits a month as a bar, a part per recurring line; its text says the same.
    let bar = move || {
        let total = monthly();
        (total > 0).then(|| {
            let parts: Vec<Line> = lines.with(|l| {
                l.iter()
                    .filter(|l| l.period.is_recurring())
                    .cloned()
                    .collect()
            });
            let words: Vec<String> = parts
                .iter()
                .map(|l| {
                    fill(
                        t.buyer().plan_bar_part,
                        &[&isolate(&l.name), &t.credits(l.credits)],
                    )
                })
                .collect();
            let segments = parts
                .into_iter()
                .map(|l| {
                    // A share in hundredths of a percent: exact enough for any screen.
                    let share = l.credits * 10_000 / total;
                    let width = format!("{}.{:02}%", share / 100, share % 100);
                    view! {
                        <span
                            class="vc-plan__part"
                            data-plan-bar=l.id
                            data-credits=l.credits.to_string()
                            data-hue=l.hue.unwrap_or(0).to_string()
                            style:inline-size=width
                        ></span>
                    }
                })
                .collect_view();
            view! {
                <div
                    class="vc-plan__bar"
                    data-testid="plan-bar"
                    role="img"
                    aria-label=fill(t.buyer().plan_bar, &[&words.join(", ")])
                >
                    {segments}
                </div>
            }
        })
    };
    let clear = move |ev: leptos::ev::MouseEvent| {
        s.clear_plan();
        focus_undo(&ev);
    };
    view! {
        <div
            class="vc-panel vc-plan"
            role="group"
            aria-labelledby="vc-plan-title"
            data-testid="plan"
            hidden=move || lines.with(Vec::is_empty)
        >
            <div class="vc-plan__head">
                <h3 class="vc-panel__title" id="vc-plan-title">{t.buyer().plan_title}</h3>
                <button type="button" class="vc-button vc-button--quiet" data-testid="clear-plan" on:click=clear>
                    {t.buyer().clear_plan}
                </button>
            </div>
            <p
                class="vc-note"
                data-testid="hidden-planned"
                data-count=move || hidden().to_string()
                hidden=move || hidden() == 0
            >
                {move || t.plural(t.buyer().hidden_planned, hidden())}
            </p>
            <ul class="vc-plan__lines">{items}</ul>
            {bar}
            <p class="vc-plan__month">
                <span class="vc-monthly" data-testid="monthly" data-value=move || monthly().to_string() hidden=move || monthly() == 0>
                    {move || fill(t.buyer().monthly, &[&t.credits(monthly())])}
                </span>
                " "
                <Runway />
            </p>
            // Made when the plan first shows: a page left open past midnight prints the day
            // the plan was made.
            <p class="vc-plan__date" data-testid="quote-date">
                {fill(t.buyer().quote_date, &[&t.locale.long_date(js_sys::Date::now())])}
            </p>
        </div>
    }
}

/// After "Clear plan" the summary and its button are gone: focus goes to Undo, beside the
/// total, once it shows, so keyboard users keep their place and can take it back.
fn focus_undo(ev: &leptos::ev::MouseEvent) {
    let view = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(".vc").ok().flatten());
    let view = send_wrapper::SendWrapper::new(view);
    request_animation_frame(move || {
        let undo = view
            .as_ref()
            .and_then(|v| v.query_selector("[data-testid=\"undo\"]").ok().flatten())
            .and_then(|u| u.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(undo) = undo {
            let _ = undo.focus();
        }
    });
}
