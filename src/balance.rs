//! Drives the balance panel: starts a request whenever what it depends on changes, folds the
//! outcome into the core's [`BalanceView`], and cancels whatever is in flight when superseded or
//! unmounted.

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use vidmud_credits_core::url::balance_url;
use vidmud_credits_core::BalanceView;
use web_sys::AbortController;

use crate::api::{fetch_balance, ApiError, BalanceRequest, Outcome};

/// What the host configured for the account API.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AccountConfig {
    pub api_base: Option<String>,
    pub omit_credentials: bool,
}

/// Keeps a [`BalanceView`] up to date. A change of `config` or `token` asks again as a new
/// account; a bump of `refresh` asks again for the same one (so a failure can show the last
/// balance as stale).
pub fn use_balance(
    config: Signal<AccountConfig>,
    token: Signal<Option<String>>,
    refresh: Signal<u32>,
) -> ReadSignal<BalanceView> {
    let (view, set_view) = signal(BalanceView::idle());
    let request = Memo::new(move |_| {
        let c = config.get();
        c.api_base
            .as_deref()
            .and_then(balance_url)
            .map(|url| BalanceRequest {
                url,
                token: token.get(),
                include_cookies: !c.omit_credentials,
            })
    });
    Effect::new(move |prev: Option<Option<BalanceRequest>>| {
        let req = request.get();
        refresh.track();
        let same_account = prev.as_ref() == Some(&req);
        let Some(req_now) = req.clone() else {
            set_view.set(BalanceView::idle());
            return req;
        };
        let Ok(controller) = AbortController::new() else {
            set_view.update(|v| *v = v.failed(ApiError::Network.to_string()));
            return req;
        };
        set_view.update(|v| *v = v.loading(same_account));
        let signal = controller.signal();
        // Runs when the next request supersedes this one and when the element is removed.
        let guard = SendWrapper::new(controller);
        on_cleanup(move || guard.abort());
        spawn_local(async move {
            let outcome = fetch_balance(&req_now, &signal).await;
            // A superseded or unmounted request must not touch the panel.
            if signal.aborted() {
                return;
            }
            let _ = set_view.try_update(|v| {
                *v = match outcome {
                    Outcome::Balance(b) => v.received(b),
                    Outcome::SignedOut => v.signed_out(),
                    Outcome::Failed(e) => v.failed(e.to_string()),
                }
            });
        });
        req
    });
    view
}
