//! Drives the balance panel: starts a request whenever what it depends on changes, folds the
//! outcome into the core's [`BalanceView`], and cancels whatever is in flight when superseded or
//! unmounted.

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use vidmud_credits_core::url::balance_url;
use vidmud_credits_core::{BalancePhase, BalanceView};
use web_sys::AbortController;

use crate::api::{fetch_balance, ApiError, ApiRequest, Outcome};
use crate::effect::effect;
use crate::state::BalanceInputs;

/// Keeps `inputs.view` up to date for as long as the current reactive owner lives. A change of
/// the config or token asks again as a new account; a bump of `refresh` asks again for the
/// same one (so a failure can show the last balance as stale).
pub fn use_balance(inputs: BalanceInputs) {
    let BalanceInputs {
        config,
        token,
        refresh,
        view,
        drafts,
    } = inputs;
    // No memo in front: the element only notifies `config` when a value really changes, and a
    // token set or refresh() is meant to ask again.
    let request = move || {
        config.with(|c| {
            c.api_base
                .as_deref()
                .and_then(balance_url)
                .map(|url| ApiRequest {
                    url,
                    token: token.get(),
                    include_cookies: !c.omit_credentials,
                })
        })
    };
    let mut first_run = true;
    effect(move || {
        let req = request();
        refresh.track();
        // Kept by the element, not this view: a new view (a new locale or price list) of the
        // same account keeps its balance, and doesn't ask again for one it has.
        let same_account = drafts.with_value(|d| d.asked.as_ref() == Some(&req));
        drafts.update_value(|d| d.asked = Some(req.clone()));
        let answered = view.with_untracked(|v| v.phase == BalancePhase::Ok);
        if std::mem::replace(&mut first_run, false) && same_account && answered {
            return;
        }
        let Some(req_now) = req else {
            view.set(BalanceView::idle());
            return;
        };
        let Ok(controller) = AbortController::new() else {
            view.update(|v| *v = v.failed(ApiError::Network.failure()));
            return;
        };
        view.update(|v| *v = v.loading(same_account));
        // Runs when the next request supersedes this one and when the element is removed.
        let guard = SendWrapper::new(controller.clone());
        on_cleanup(move || guard.abort());
        spawn_local(async move {
            let outcome = fetch_balance(&req_now, &controller).await;
            // A superseded or unmounted request must not touch the panel (a timeout aborts
            // through the same controller, and is reported).
            if controller.signal().aborted()
                && !matches!(outcome, Outcome::Failed(ApiError::Timeout))
            {
                return;
            }
            let _ = view.try_update(|v| {
                *v = match outcome {
                    Outcome::Answer(b) => v.received(b),
                    Outcome::SignedOut => v.signed_out(),
                    Outcome::Failed(e) => v.failed(e.failure()),
                }
            });
        });
    });
}
