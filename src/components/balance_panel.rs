use leptos::either::EitherOf4;
use leptos::prelude::*;
use vidmud_credits_core::format::{clock, credits, credits_noun, month_day};
use vidmud_credits_core::url::safe_href;
use vidmud_credits_core::{BalancePhase, BalanceView, PlanUsage};
use wasm_bindgen::JsCast;

use super::HostLinks;

/// The account balance in each of its states, as `data-state` on the `balance` test hook.
#[component]
pub fn BalancePanel(
    /// The balance as the core folded it.
    balance: RwSignal<BalanceView>,
    /// Links from the host, for signing in and buying.
    links: RwSignal<HostLinks>,
    /// Asks again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let phase = move || balance.with(|b| b.phase);
    let shown = move || balance.with(|b| b.shown().cloned());
    // The Account Center link, only if following it can't run script.
    let account_href = move || {
        links.with(|l| {
            l.account_url
                .as_deref()
                .and_then(safe_href)
                .map(str::to_owned)
        })
    };
    // Retry swaps the panel's content (and itself) out: focus moves to the panel first, so
    // keyboard and screen-reader users keep their place.
    let retry = move || {
        view! {
            <button
                type="button"
                class="vc-button"
                on:click=move |ev| {
                    // The button sits directly in the panel.
                    if let Some(p) = event_target::<web_sys::Element>(&ev).parent_element() {
                        let _ = p.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                    on_retry.run(())
                }
            >
                "Retry"
            </button>
        }
    };
    // Either-branches rather than `.into_any()`: an AnyView carries a vtable with every render
    // path, server-side ones included, and that costs the wasm build kilobytes per branch.
    let note = |text: &'static str| EitherOf4::A(view! { <p class="vc-balance__note">{text}</p> });
    let body = move || match phase() {
        BalancePhase::Idle => note("Sign in to the Studio to compare this plan with your balance."),
        BalancePhase::Loading => note("Checking your balance…"),
        BalancePhase::SignedOut => match account_href() {
            Some(href) => EitherOf4::B(view! {
                <p class="vc-balance__note">
                    <a href=href>"Sign in to see your balance"</a>
                </p>
            }),
            None => note("Sign in to see your balance"),
        },
        BalancePhase::Error => {
            let why = balance
                .with_untracked(|b| b.error.clone())
                .unwrap_or_default();
            EitherOf4::C(view! {
                <p class="vc-balance__note vc-balance__note--error">
                    "Your balance couldn't be loaded. " {why} "."
                </p>
                {retry()}
            })
        }
        BalancePhase::Ok | BalancePhase::Stale => {
            let Some(b) = shown() else {
                return note("");
            };
            let stale = phase() == BalancePhase::Stale;
            let why = balance
                .with_untracked(|v| v.error.clone())
                .unwrap_or_default();
            let account = account_href();
            EitherOf4::D(view! {
                <p class="vc-balance__amount">
                    <span class="vc-balance__label">"Your balance"</span>
                    " "
                    <strong class="vc-balance__value">{credits(b.balance)}</strong>
                    " "
                    {if b.balance == 1 { "credit" } else { "credits" }}
                </p>
                {stale.then(|| view! {
                    <p class="vc-balance__note vc-balance__note--stale">
                        {format!(
                            "As of {}, {}. Couldn't refresh: {why}. ",
                            local_month_day(b.updated_at_ms),
                            local_clock(b.updated_at_ms)
                        )}
                    </p>
                    {retry()}
                })}
                {b.plan.map(|p| view! { <PlanUsageBar usage=p /> })}
                {account.map(|href| view! {
                    <a class="vc-balance__link" href=href>"History in Account Center"</a>
                })}
            })
        }
    };
    view! {
        <section
            tabindex="-1"
            class="vc-balance"
            aria-label="Credit balance"
            aria-live="polite"
            data-testid="balance"
            data-state=move || phase().as_str()
            data-value=move || shown().map(|b| b.balance.to_string())
        >
            {body}
        </section>
    }
}

/// How much of the subscription's period credits are used, as text and as a bar.
#[component]
fn PlanUsageBar(
    /// The plan usage from the account API.
    usage: PlanUsage,
) -> impl IntoView {
    let pct = usage.used_percent();
    let text = format!(
        "{} of {} plan credits used · renews {}",
        credits(usage.period_used),
        credits(usage.period_credits),
        local_month_day(usage.period_ends_at_ms),
    );
    let label = format!("{} plan: {}", usage.name, credits_noun(usage.period_used));
    view! {
        <div class="vc-usage" data-testid="plan-usage">
            <p class="vc-usage__text">
                <span class="vc-usage__name">{usage.name.clone()}</span>
                " · "
                {text}
            </p>
            // A native progress bar: its fill needs no inline style, which strict-CSP hosts block.
            <progress class="vc-usage__bar" aria-label=label max="100" value=pct.to_string()></progress>
        </div>
    }
}

/// A time in the reader's own time zone, as `HH:MM`.
fn local_clock(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from(ms as f64));
    clock(d.get_hours(), d.get_minutes())
}

/// A date in the reader's own time zone, as `Dec 1`.
fn local_month_day(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from(ms as f64));
    month_day(d.get_month() + 1, d.get_date())
}
