use leptos::prelude::*;
use serde::Deserialize;
use vidmud_credits_core::packs::{advise, pack_month, parse_packs, Pack, PackMonth, MAX_PACKS};
use vidmud_credits_core::Json;
use wasm_bindgen::JsCast;

use super::buy_link::BuyLink;
use crate::js_value::Deserializer;
use crate::messages::{fill, isolate, use_text, Text};
use crate::state::{use_state, Buy};

/// Which packs to buy, and for how much money: for the shortfall when a balance is known and
/// short, for the whole total when there is no balance (a signed-out visitor, about to buy).
/// Shown only when the host gave packs.
#[component]
pub fn PackAdvice() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    // Parsed once per change of the host's packs; what is skipped is reported to the developer.
    let packs = Memo::new(move |_| s.packs.with(|raw| read_packs(raw.as_deref())));
    // What to cover, and whether it is a shortfall.
    let need = Memo::new(move |_| {
        let total = s.plan.with(|p| p.total(&s.catalog.read_value()))?;
        match s.balance.with(|b| b.shown().map(|b| b.balance)) {
            Some(balance) => total
                .checked_sub(balance)
                .filter(|n| *n > 0)
                .map(|n| (n, true)),
            None => (total > 0).then_some((total, false)),
        }
    });
    // The plan's credits a month: with it, each priced pack says what it comes to a month.
    let monthly = Memo::new(move |_| {
        s.plan
            .with(|p| p.totals(&s.catalog.read_value()))
            .map_or(0, |t| t.monthly)
    });
    let advice = Memo::new(move |_| {
        let (n, _) = need.get()?;
        packs.with(|p| (!p.is_empty()).then(|| advise(p, n)))
    });
    // The shortfall's own Buy link names the same packs.
    crate::effect::effect(move || {
        let ids = match (need.get(), advice.get()) {
            (Some((_, true)), Some(Some(a))) => packs.with(|p| owned(a.ids(p))),
            _ => Vec::new(),
        };
        // Only a real change is news: the links feed the shortfall's Buy link.
        s.advised.maybe_update(|a| {
            let changed = *a != ids;
            *a = ids;
            changed
        });
    });
    move || {
        let (n, short) = need.get()?;
        let advice = advice.get()?;
        let title = view! { <h3 class="vc-panel__title">{t.buyer().packs_title}</h3> };
        let Some(a) = advice else {
            // Past what advice is computed for (MAX_ADVICE_CREDITS), or beyond exact money.
            return Some(leptos::either::Either::Left(view! {
                <div class="vc-panel vc-packs" data-testid="pack-advice" data-packs="">
                    {title}
                    <p class="vc-note">{t.buyer().packs_too_many}</p>
                </div>
            }));
        };
        let (joined, buy) = packs.with(|p| {
            let ids = a.ids(p);
            (
                ids.join(","),
                Buy {
                    credits: n,
                    packs: owned(ids),
                },
            )
        });
        let months = a_month(t, &packs.get(), monthly.get());
        let lines = packs.with(|p| {
            p.iter()
                .zip(&a.counts)
                .filter(|(_, c)| **c > 0)
                .map(|(pack, c)| {
                    let text = fill(
                        t.buyer().pack_item,
                        &[
                            &t.number(u64::from(*c)),
                            &isolate(&pack.name),
                            &t.credits(pack.credits),
                        ],
                    );
                    view! { <li>{text}</li> }
                })
                .collect_view()
        });
        let money = a.price.as_ref().map(|p| {
            fill(
                t.buyer().packs_price,
                &[&t.locale.money(p.amount, p.currency.as_deref())],
            )
        });
        let mode = if a.price.is_some() {
            t.buyer().packs_cheapest
        } else {
            t.buyer().packs_fewest
        };
        let lead = if short {
            t.buyer().packs_for_shortfall
        } else {
            t.buyer().packs_for_total
        };
        Some(leptos::either::Either::Right(view! {
            <div class="vc-panel vc-packs" data-testid="pack-advice" data-packs=joined data-credits=n.to_string()>
                {title}
                <p class="vc-packs__lead">{fill(lead, &[&t.credits(n)])}</p>
                <ul class="vc-packs__list">{lines}</ul>
                <p class="vc-packs__price">
                    {money.map(|m| view! { <strong data-testid="pack-price">{m}</strong> " " })}
                    <span class="vc-note">{mode}</span>
                </p>
                <BuyLink buy=buy label=t.buyer().buy_packs />
                {months}
            </div>
        }))
    }
}

/// The host's packs: those that pass validation. Bad JSON and skipped entries are reported
/// with `console.warn` (a host developer's mistake, not the visitor's), never as an error.
///
/// Only the array's first `MAX_PACKS + 1` entries cross into Rust: they decide all that
/// `parse_packs` says, and a list of a million entries then costs one `JSON.parse` instead of a
/// million values read and a warning each (90 s of a frozen page).
fn read_packs(raw: Option<&str>) -> Vec<Pack> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let Ok(value) = js_sys::JSON::parse(raw) else {
        warn("vidmud-credits: packs ignored: not valid JSON");
        return Vec::new();
    };
    let head = if js_sys::Array::is_array(&value) {
        let head = value
            .unchecked_into::<js_sys::Array>()
            .slice(0, MAX_PACKS as u32 + 1);
        match Json::deserialize(Deserializer(head.into())) {
            Ok(head) => head,
            Err(_) => {
                warn("vidmud-credits: packs ignored: not valid JSON");
                return Vec::new();
            }
        }
    } else {
        // Not read further: whatever it holds, it is not the array packs must be, and the
        // warning says so alike for every such value.
        Json::Null
    };
    let parsed = parse_packs(&head);
    for w in &parsed.warnings {
        warn(w);
    }
    parsed.packs
}

fn warn(text: &str) {
    web_sys::console::warn_1(&text.into());
}

/// Pack ids as a Buy action holds them.
fn owned<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    ids.into_iter().map(str::to_owned).collect()
}

/// For a plan with a monthly part, every priced pack with how long it lasts at that rate and
/// what it comes to a month, the cheapest a month marked (when all are in one currency).
fn a_month(t: Text, packs: &[Pack], monthly: u64) -> Option<impl IntoView> {
    let options: Vec<(&Pack, PackMonth)> = packs
        .iter()
        .filter_map(|p| Some((p, pack_month(p, monthly)?)))
        .collect();
    if options.is_empty() {
        return None;
    }
    let one_currency = options.windows(2).all(|w| {
        w[0].0.price.as_ref().map(|p| &p.currency) == w[1].0.price.as_ref().map(|p| &p.currency)
    });
    let cheapest = one_currency
        .then(|| options.iter().map(|(_, m)| m.cents).min())
        .flatten();
    let items = options
        .into_iter()
        .map(|(pack, m)| {
            let price = pack.price.as_ref();
            let currency = price.and_then(|p| p.currency.as_deref());
            let money = |amount: f64| t.locale.money(amount, currency);
            let is_cheapest = Some(m.cents) == cheapest;
            let text = fill(
                t.buyer().pack_month,
                &[
                    &isolate(&pack.name),
                    &money(price.map_or(0.0, |p| p.amount)),
                    &t.locale.decimal(m.tenths as f64 / 10.0, 1),
                    &money(m.cents as f64 / 100.0),
                ],
            );
            view! {
                <li
                    data-pack-option=pack.id.clone()
                    data-months=format!("{}.{}", m.tenths / 10, m.tenths % 10)
                    data-per-month=format!("{}.{:02}", m.cents / 100, m.cents % 100)
                    data-cheapest=is_cheapest.then_some("")
                >
                    {text}
                    {is_cheapest.then(|| view! { " · " <strong>{t.buyer().pack_month_cheapest}</strong> })}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <p class="vc-note">{t.buyer().packs_a_month}</p>
        <ul class="vc-packs__list" data-testid="pack-months">{items}</ul>
    })
}
