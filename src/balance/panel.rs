use leptos::either::{Either, EitherOf5};
use leptos::prelude::*;
use vidmud_credits_core::url::safe_href;
use vidmud_credits_core::{BalancePhase, PlanUsage};

use super::note::BalanceNote;
use crate::messages::{fill, isolate, use_text};
use crate::retry::RetryButton;
use crate::state::use_state;

/// The balance panel's content in every state the account API can lead to; the panel around
/// it (and its `data-state`) belongs to `BalanceSection`.
#[component]
pub fn BalanceBody() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let phase = move || s.balance.with(|b| b.phase);
    // Back online after a failure (the browser was offline, or the network dropped): ask
    // again at once, as Retry would, rather than leave the error up until someone presses it.
    let online = window_event_listener(leptos::ev::online, move |_| {
        let failed = s
            .balance
            .with_untracked(|b| matches!(b.phase, BalancePhase::Error | BalancePhase::Stale));
        if failed {
            s.retry.run(());
        }
    });
    on_cleanup(move || online.remove());
    // The Account Center link, only if following it can't run script.
    let account_href = move || {
        s.links.with(|l| {
            l.account_url
                .as_deref()
                .and_then(safe_href)
                .map(str::to_owned)
        })
    };
    let why = move || {
        s.balance
            .with(|b| b.error)
            .map(|f| t.failure(f))
            .unwrap_or_default()
    };
    // Either-branches rather than `.into_any()`: an AnyView carries a vtable per render path.
    move || match phase() {
        BalancePhase::Idle => EitherOf5::A(view! { <BalanceNote text=|m| m.balance_idle /> }),
        BalancePhase::Loading => EitherOf5::A(view! { <BalanceNote text=|m| m.balance_loading /> }),
        BalancePhase::SignedOut => {
            let sign_in = t.balance().sign_in;
            EitherOf5::B(view! {
                <p class="vc-balance__note">
                    {match account_href() {
                        Some(href) => Either::Left(view! { <a href=href>{sign_in}</a> }),
                        None => Either::Right(sign_in),
                    }}
                </p>
            })
        }
        BalancePhase::Error => EitherOf5::C(view! {
            <p class="vc-balance__note vc-balance__note--error">
                {fill(t.m.balance_error, &[&why()])}
            </p>
            <RetryButton on_retry=s.retry />
        }),
        BalancePhase::Ok | BalancePhase::Stale => {
            let Some(b) = s.balance.with(|v| v.shown().cloned()) else {
                return EitherOf5::E(());
            };
            let stale = phase() == BalancePhase::Stale;
            let account = account_href();
            let amount = b.balance;
            EitherOf5::D(view! {
                <p class="vc-balance__amount">
                    <span class="vc-balance__label">{t.balance().your_balance}</span>
                    " "
                    <strong class="vc-balance__value">{t.number(amount)}</strong>
                    " "
                    {t.credit_unit(amount)}
                </p>
                {stale.then(|| view! {
                    <p class="vc-balance__note vc-balance__note--stale">
                        {fill(t.balance().balance_stale, &[
                            &t.locale.month_day(b.updated_at_ms),
                            &t.locale.time(b.updated_at_ms),
                            &why(),
                        ])}
                    </p>
                    <RetryButton on_retry=s.retry />
                })}
                {b.plan.clone().map(|p| view! { <PlanUsageBar usage=p /> })}
                <super::from_usage::FromUsage />
                {account.map(|href| view! {
                    <a class="vc-balance__link" href=href>{t.balance().history}</a>
                })}
            })
        }
    }
}

/// How much of the subscription's period credits are used, as text and as a bar.
#[component]
fn PlanUsageBar(
    /// The plan usage from the account API.
    usage: PlanUsage,
) -> impl IntoView {
    let t = use_text();
    let pct = usage.used_percent();
    let text = fill(
        t.balance().plan_usage,
        &[
            &t.number(usage.period_used),
            &t.number(usage.period_credits),
            &t.locale.month_day(usage.period_ends_at_ms),
        ],
    );
    let label = fill(
        t.balance().plan_usage_label,
        &[&isolate(&usage.name), &t.credits(usage.period_used)],
    );
    let name = usage.name;
    view! {
        <div class="vc-usage" data-testid="plan-usage">
            <p class="vc-usage__text">
                <span class="vc-usage__name">{name}</span>
                " · "
                {text}
            </p>
            // A native progress bar: its fill needs no inline style, which strict-CSP hosts block.
            <progress class="vc-usage__bar" aria-label=label max="100" value=pct.to_string()></progress>
        </div>
    }
}
