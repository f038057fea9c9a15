use std::sync::Arc;

use leptos::prelude::*;
use vidmud_credits_core::plan::line_credits;
use vidmud_credits_core::{parse_quantity, Period, Plan, Visible};
use web_sys::HtmlInputElement;

use crate::messages::{fill, use_text};
use crate::state::{use_state, Typed};

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
    /// Whether the entry's group has a heading naming its feature: then the row shows only
    /// the model, and the feature is there for screen readers alone.
    titled: bool,
) -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let (catalog, plan) = (s.catalog, s.plan);
    let entry = catalog.with_value(|c| c.entries[index].clone());
    let id: Arc<str> = Arc::from(entry.id.as_str());
    let dom_id = vidmud_credits_core::catalog::dom_id(&id);
    let input_id = format!("vc-q-{dom_id}");
    let period_id = format!("vc-p-{dom_id}");
    let error_id = format!("vc-e-{dom_id}");
    let quantity = move || line.get() >> 2;
    let period = move || Period::ALL[(line.get() & 3) as usize];
    // What the box shows: what was typed, or the plan's quantity when it changed from
    // elsewhere. Text this box refused in an earlier view of the element (a new locale or
    // price list) is shown again, with its message.
    let earlier = s.drafts.with_value(|d| d.row(&id).cloned());
    let error = RwSignal::new(
        earlier
            .as_ref()
            .and_then(|t| parse_quantity(&t.value, t.bad_input).err()),
    );
    let text = RwSignal::new(match earlier {
        Some(t) => t.value,
        None => shown_quantity(line.get_untracked() >> 2),
    });
    let drafts = s.drafts;
    let keep_draft = {
        let id = id.clone();
        move |typed: Option<Typed>| drafts.update_value(|d| d.set_row(&id, typed))
    };
    let set_quantity = {
        let id = id.clone();
        move |q: u32| {
            plan.maybe_update(|p| {
                let changed = p.quantity(&id) != q;
                if changed {
                    // In range by construction: parse_quantity never returns more than the limit.
                    let _ = p.set(&catalog.read_value(), &id, u64::from(q));
                }
                changed
            });
        }
    };
    // Only a real change is written back to the box.
    let show = move |value: String| text.maybe_update(|t| std::mem::replace(t, value) != *t);
    // Whether the box holds text the browser can't read, which `text` can't mirror (a number
    // box reports it as `""`).
    let unreadable = send_wrapper::SendWrapper::new(std::rc::Rc::new(std::cell::Cell::new(false)));
    let on_input = {
        let keep_draft = keep_draft.clone();
        let unreadable = unreadable.clone();
        move |ev: leptos::ev::Event| {
            let input: HtmlInputElement = event_target(&ev);
            let (value, bad_input) = (input.value(), input.validity().bad_input());
            // Text the browser can't read is in the box but not in `value` (it reports `""`):
            // the box keeps it as it is.
            unreadable.set(bad_input);
            if !bad_input {
                show(value.clone());
            }
            match parse_quantity(&value, bad_input) {
                Ok(q) => {
                    error.set(None);
                    keep_draft(None);
                    set_quantity(q);
                }
                Err(e) => {
                    error.set(Some(e));
                    keep_draft(Some(Typed { value, bad_input }));
                    set_quantity(0);
                }
            }
        }
    };

    // When the plan changes from elsewhere (Switch, a kept or linked plan), the box shows it,
    // unless it already says it or holds refused text for a line now at 0. "Clear plan" (a
    // bump of `resets`) empties the box whatever it holds.
    let mut seen_resets = None;
    let id_now = id.clone();
    let unreadable_now = unreadable;
    crate::effect::effect(move || {
        // The line tells that the plan changed; the plan itself says what it holds now (the
        // line lags it by an effect, and a box must not be rewritten from a stale number).
        line.track();
        let q = plan.with_untracked(|p| p.quantity(&id_now));
        let n = resets.get();
        let cleared = seen_resets.replace(n).is_some_and(|p| p != n);
        let refused = error.get_untracked().is_some();
        let says =
            !unreadable_now.get() && text.with_untracked(|t| parse_quantity(t, false)) == Ok(q);
        // Refused text stays while its line is at 0: the person is still typing it.
        let keeps = says || q == 0 && refused;
        if cleared || !keeps {
            // Written whatever `text` held: the box may hold what `text` couldn't mirror.
            unreadable_now.set(false);
            text.set(shown_quantity(q));
            error.set(None);
            keep_draft(None);
        }
    });

    // "Text to Image · Nano Banana Pro" under the heading "Text to Image" shows as "Nano Banana
    // Pro": one line on a phone instead of two. The box is still named with the whole name.
    let (shown, named) = match &entry.model {
        Some(model) if titled && entry.name == format!("{} · {model}", entry.feature) => {
            (model.clone(), Some(entry.name.clone()))
        }
        _ => (entry.name.clone(), None),
    };
    let credits = entry.credits;
    let subtotal = move || {
        let (q, period) = (quantity(), period());
        match line_credits(q, credits, period) {
            Some(0) | None => t.m.no_total.to_owned(),
            Some(c) if period.is_recurring() => fill(t.m.per_month, &[&t.credits(c)]),
            Some(c) => t.credits(c),
        }
    };
    let on_period = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let chosen = event_target_value(&ev);
            if let Some(p) = Period::parse(&chosen) {
                plan.update(|plan| {
                    let _ = plan.set_period(&catalog.read_value(), &id, p);
                });
            }
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
            data-entry=id.to_string()
            hidden=move || !visible.with(|v| v.entries[index])
        >
            <label class="vc-row__name" for=input_id.clone()>
                {shown}
            </label>
            <span class="vc-row__price" data-credits=entry.credits.to_string()>
                {fill(t.m.each, &[&t.credits(u64::from(entry.credits))])}
            </span>
            // − and +: a thumb's arrow keys. One listener for every row's (src/element.js) steps
            // the box as its arrow keys do, and the box's own input handler takes it from
            // there. Not Tab stops: the keyboard has the arrow keys.
            <button
                type="button"
                class="vc-step vc-step--down"
                tabindex="-1"
                data-step="-1"
                aria-label=fill(t.m.step_down, &[&entry.name])
            >
                "\u{2212}"
            </button>
            <input
                id=input_id
                class="vc-row__qty"
                type="number"
                inputmode="numeric"
                min="0"
                max="1000000"
                step="1"
                placeholder="0"
                prop:value=move || text.get()
                aria-label=named
                aria-describedby=error_id.clone()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                on:input=on_input.clone()
                on:change=on_input
            />
            <button
                type="button"
                class="vc-step vc-step--up"
                tabindex="-1"
                data-step="1"
                aria-label=fill(t.m.step_up, &[&entry.name])
            >
                "+"
            </button>
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

/// A quantity as its box shows it: empty for none.
fn shown_quantity(q: u32) -> String {
    if q == 0 {
        String::new()
    } else {
        q.to_string()
    }
}
