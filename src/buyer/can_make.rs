use leptos::html::Input;
use leptos::prelude::*;
use vidmud_credits_core::balance::MAX_SAFE_INTEGER;
use vidmud_credits_core::{can_make, parse_whole, QuantityError};

use crate::messages::{fill, use_text, Text};
use crate::state::use_state;

/// "What can I still make?": a budget box (starting at the balance when one is known) and, for
/// every priced entry, how many more generations fit in the budget after this plan, most first.
///
/// A budget that isn't a whole number of credits is handled like a bad quantity: it stays in
/// the box, counts as 0, and a message says why.
#[component]
pub fn CanMake() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let catalog = s.catalog;
    let input = NodeRef::<Input>::new();
    // `None` while the box is empty.
    let budget = RwSignal::new(None::<u64>);
    let error = RwSignal::new(None::<QuantityError>);
    let typed = RwSignal::new(false);
    let read = move || {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let raw = el.value();
        typed.set(true);
        match parse_whole(&raw, el.validity().bad_input(), MAX_SAFE_INTEGER) {
            Ok(_) if raw.trim().is_empty() => {
                error.set(None);
                budget.set(None);
            }
            Ok(n) => {
                error.set(None);
                budget.set(Some(n));
            }
            Err(e) => {
                error.set(Some(e));
                budget.set(Some(0));
            }
        }
    };
    // Until the person types a budget, it follows the balance.
    crate::effect::effect(move || {
        let balance = s.balance.with(|b| b.shown().map(|b| b.balance));
        if let (Some(b), Some(el), false) = (balance, input.get(), typed.get_untracked()) {
            el.set_value(&b.to_string());
            budget.set(Some(b));
        }
    });
    let total = move || s.plan.with(|p| p.total(catalog)).unwrap_or(0);
    let rows = move || {
        let budget = budget.get()?;
        let made = can_make(catalog, budget, total());
        let none = made.iter().all(|(_, n)| *n == 0);
        let items = made
            .into_iter()
            .map(|(i, n)| {
                let e = &catalog.entries[i];
                view! {
                    <li class="vc-canmake__row" data-can-make=e.id.clone() data-count=n.to_string()>
                        <span>{e.name.clone()}</span>
                        <span class="vc-canmake__count">{fill(t.buyer().can_make_more, &[&t.number(n)])}</span>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            {none.then(|| view! { <p class="vc-note">{t.buyer().can_make_none}</p> })}
            <ol class="vc-canmake__list">{items}</ol>
        })
    };
    view! {
        <div class="vc-canmake__body">
            <label class="vc-filter__label" for="vc-budget">{t.buyer().budget_label}</label>
            <input
                node_ref=input
                id="vc-budget"
                class="vc-field"
                data-field="budget"
                type="number"
                inputmode="numeric"
                min="0"
                step="1"
                aria-describedby="vc-budget-error"
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                on:input=move |_| read()
                on:change=move |_| read()
            />
            <p class="vc-row__error" id="vc-budget-error" aria-live="polite">
                {move || error.get().map(|e| budget_error(t, e))}
            </p>
            {move || match budget.get() {
                None => Some(view! { <p class="vc-note">{t.buyer().budget_empty}</p> }),
                Some(_) => None,
            }}
            {rows}
        </div>
    }
}

/// Why a typed budget counts as 0, in the quantity messages' words.
fn budget_error(t: Text, e: QuantityError) -> String {
    let why = match e {
        QuantityError::NotANumber => t.buyer().budget_not_a_number.to_owned(),
        QuantityError::Negative => t.m.qty_negative.to_owned(),
        QuantityError::NotWhole => t.m.qty_not_whole.to_owned(),
        QuantityError::TooLarge => {
            fill(t.buyer().budget_too_large, &[&t.credits(MAX_SAFE_INTEGER)])
        }
    };
    fill(t.m.counted_as_zero, &[&why])
}
