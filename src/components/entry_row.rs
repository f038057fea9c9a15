use leptos::html::Input;
use leptos::prelude::*;
use vidmud_credits_core::plan::line_credits;
use vidmud_credits_core::{parse_quantity, Period, Plan, QuantityError, Visible};

use crate::messages::{fill, use_text};
use crate::state::use_state;

/// One priced entry: its name, its price, a quantity box and the line's subtotal.
///
/// Whatever is typed stays in the box. Text that is not a quantity counts as 0 and gets a
/// message saying why; the widget never rewrites what the person typed.
#[component]
pub fn EntryRow(
    /// The entry's index in the catalog.
    index: usize,
    /// What the filter leaves visible.
    visible: Memo<Visible>,
    /// Bumped when the plan is cleared.
    resets: ReadSignal<u32>,
    /// This entry's line of the plan, as [`packed`]: the row reads it instead of the plan.
    line: ReadSignal<u32>,
) -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let (catalog, plan) = (s.catalog, s.plan);
    let entry = &catalog.entries[index];
    let id: &'static str = &entry.id;
    let dom_id = id.replace('/', "--");
    let input_id = format!("vc-q-{dom_id}");
    let period_id = format!("vc-p-{dom_id}");
    let error_id = format!("vc-e-{dom_id}");
    let input_ref = NodeRef::<Input>::new();
    let error = RwSignal::new(None::<QuantityError>);
    let quantity = move || line.get() >> 2;
    let period = move || Period::ALL[(line.get() & 3) as usize];
    let set_quantity = move |q: u32| {
        plan.maybe_update(|p| {
            let changed = p.quantity(id) != q;
            if changed {
                // In range by construction: parse_quantity never returns more than the limit.
                let _ = p.set(catalog, id, u64::from(q));
            }
            changed
        });
    };
    let on_input = move |_| {
        let Some(input) = input_ref.get_untracked() else {
            return;
        };
        match parse_quantity(&input.value(), input.validity().bad_input()) {
            Ok(q) => {
                error.set(None);
                set_quantity(q);
            }
            Err(e) => {
                error.set(Some(e));
                set_quantity(0);
            }
        }
    };

    // When the plan changes from elsewhere (Clear, and later a restored or shared plan), show it
    // in the box, unless the box already says it or holds refused text for a line now at 0.
    // "Clear plan" (a bump of `resets`) empties the box whatever it holds.
    let mut seen_resets = None;
    crate::effect::effect(move || {
        let q = quantity();
        let n = resets.get();
        let cleared = seen_resets.replace(n).is_some_and(|p| p != n);
        if let Some(input) = input_ref.get_untracked() {
            let shown = parse_quantity(&input.value(), input.validity().bad_input());
            let keeps_refused_text = q == 0 && shown.is_err() && !cleared;
            if cleared || (shown != Ok(q) && !keeps_refused_text) {
                input.set_value(&if q == 0 { String::new() } else { q.to_string() });
                error.set(None);
            }
        }
    });

    let subtotal = move || {
        let (q, period) = (quantity(), period());
        match line_credits(q, entry.credits, period) {
            Some(0) | None => t.m.no_total.to_owned(),
            Some(c) if period.is_recurring() => fill(t.m.per_month, &[&t.credits(c)]),
            Some(c) => t.credits(c),
        }
    };
    let on_period = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        if let Some(p) = Period::parse(&chosen) {
            plan.update(|plan| {
                let _ = plan.set_period(catalog, id, p);
            });
        }
    };
    view! {
        <li
            class=move || match (error.get().is_some(), quantity() > 0) {
                (false, false) => "vc-row",
                (false, true) => "vc-row vc-row--planned",
                (true, false) => "vc-row vc-row--error",
                (true, true) => "vc-row vc-row--error vc-row--planned",
            }
            data-entry=id
            hidden=move || !visible.with(|v| v.entries[index])
        >
            <label class="vc-row__name" for=input_id.clone()>
                {entry.name.clone()}
            </label>
            <span class="vc-row__price" data-credits=entry.credits.to_string()>
                {fill(t.m.each, &[&t.credits(u64::from(entry.credits))])}
            </span>
            <input
                node_ref=input_ref
                id=input_id
                class="vc-row__qty"
                type="number"
                inputmode="numeric"
                min="0"
                max="1000000"
                step="1"
                placeholder="0"
                aria-describedby=error_id.clone()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                on:input=on_input
                on:change=on_input
            />
            <select
                id=period_id
                class="vc-row__period"
                data-field="period"
                aria-label=fill(t.m.period_label, &[&entry.name])
                prop:value=move || period().as_str()
                on:change=on_period
            >
                {Period::ALL
                    .iter()
                    .zip(t.m.periods)
                    .map(|(p, label)| view! { <option value=p.as_str()>{label}</option> })
                    .collect_view()}
            </select>
            // A span, not <output>: an output is a live region, and 21 of them would announce
            // every keystroke twice; the total's own region says what changed.
            <span class="vc-row__subtotal">
                {subtotal}
            </span>
            <p class="vc-row__error" id=error_id aria-live="polite">
                {move || error.get().map(|e| t.quantity_error(e))}
            </p>
        </li>
    }
}

/// A line of the plan as one number, quantity × 4 + period, so that a row's own signal has a
/// type the first download already holds (quantities stay below 2^30).
pub fn packed(plan: &Plan, id: &str) -> u32 {
    plan.quantity(id) << 2 | plan.period(id) as u32
}
