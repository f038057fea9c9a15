use leptos::html::Input;
use leptos::prelude::*;
use vidmud_credits_core::balance::MAX_SAFE_INTEGER;
use vidmud_credits_core::{can_make, parse_whole, QuantityError};

use crate::messages::{fill, use_text, Text};
use crate::state::{use_state, Typed};

/// "What can I still make?": a budget box (starting at the balance when one is known) and, for
/// every priced entry, how many more generations fit in the budget after this plan, most first.
///
/// A budget that isn't a whole number of credits is handled like a bad quantity: it stays in
/// the box, counts as 0, and a message says why.
#[component]
pub fn CanMake() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let input = NodeRef::<Input>::new();
    // `None` while the box is empty.
    let budget = RwSignal::new(None::<u64>);
    let error = RwSignal::new(None::<QuantityError>);
    let typed = RwSignal::new(false);
    let judge =
        move |raw: &str, bad_input: bool| match parse_whole(raw, bad_input, MAX_SAFE_INTEGER) {
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
        };
    let read = move || {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let raw = el.value();
        let bad_input = el.validity().bad_input();
        typed.set(true);
        // Kept for the next view of this element (a new locale or price list).
        s.drafts.update_value(|d| {
            d.budget = Some(Typed {
                value: raw.clone(),
                bad_input,
            })
        });
        judge(&raw, bad_input);
    };
    // A budget typed in an earlier view of this element is the budget again.
    let mut earlier = s.drafts.with_value(|d| d.budget.clone());
    typed.set(earlier.is_some());
    // Until the person types a budget, it follows this account's last balance, also when
    // there is none any more: another account's balance (a new token whose balance fails)
    // must not stay behind as the budget. A refresh of the same account keeps it.
    crate::effect::effect(move || {
        let balance = s.balance.with(|b| b.last.as_ref().map(|b| b.balance));
        let Some(el) = input.get() else { return };
        if let Some(Typed { value, bad_input }) = earlier.take() {
            el.set_value(&value);
            judge(&value, bad_input);
        }
        // Focus comes back here if it was here when the last view of the element went (this
        // panel arrives a moment after the rest of a new view).
        let refocus = s
            .drafts
            .try_update_value(|d| d.focus.take_if(|f| f.as_str() == "#vc-budget").is_some());
        if refocus == Some(true) {
            let _ = el.focus();
        }
        if typed.get_untracked() {
            return;
        }
        el.set_value(&balance.map(|b| b.to_string()).unwrap_or_default());
        budget.set(balance);
    });
    let total = move || {
        s.plan
            .with(|p| p.total(&s.catalog.read_value()))
            .unwrap_or(0)
    };
    let rows = move || {
        let budget = budget.get()?;
        let catalog = s.catalog.get_value();
        let made = can_make(&catalog, budget, total());
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
        QuantityError::Separator => t.m.qty_separator.to_owned(),
        QuantityError::TooLarge => {
            fill(t.buyer().budget_too_large, &[&t.credits(MAX_SAFE_INTEGER)])
        }
    };
    fill(t.m.counted_as_zero, &[&why])
}
