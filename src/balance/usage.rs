//! "Start from my last 30 days": the usage request, the plan made from its answer, and what
//! the widget says about it. A chunk of its own in the `pkg/` build, fetched the first time the
//! button is pressed: reading the usage answer is most of its weight, and most signed-in visits
//! never ask for it. The button itself is in the balance panel.

use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vidmud_credits_core::url::usage_url;
use vidmud_credits_core::usage::plan_from_usage;
use vidmud_credits_core::Plan;
use web_sys::AbortController;

use crate::api::{fetch_usage, ApiError, ApiRequest, Outcome};
use crate::messages::{fill, isolate, use_text, Text};
use crate::split::{split_point, ChunkUnavailable};
use crate::state::{use_state, Undoable};

split_point! {
    usage;
    /// One press of the button: it asks at once. When it goes (a new press, the element
    /// removed), its request is aborted and what it said goes with it.
    pub fn usage_run() -> Result<AnyView, ChunkUnavailable> {
        Ok(untrack(|| view! { <UsageRun /> }.into_any()))
    }
}

/// Where one press stands.
#[derive(Clone, PartialEq)]
enum Status {
    Loading,
    /// The plan was replaced; `skipped` are the ids that were not priced.
    Done {
        from_ms: i64,
        to_ms: i64,
        skipped: Vec<String>,
    },
    /// The plan was not touched.
    Failed(String),
}

/// One press of "Start from my last 30 days": asks the account API for the last 30 days'
/// usage and replaces the plan with it, one per-month line per priced id. Ids the price list
/// doesn't know are listed, never priced. A failure is a message beside the button and leaves
/// the plan as it was; after a fill, Undo (beside the total) brings the previous plan back, and
/// what was said about the fill goes with it.
#[component]
fn UsageRun() -> impl IntoView {
    let s = use_state();
    let t = use_text();
    let status = RwSignal::new(Status::Loading);
    let before = StoredValue::new(None::<Plan>);
    let req = s.config.with_untracked(|c| {
        Some(ApiRequest {
            url: usage_url(c.api_base.as_deref()?, 30)?,
            token: s.token.get_untracked(),
            include_cookies: !c.omit_credentials,
        })
    });
    match (req, AbortController::new()) {
        (Some(req), Ok(controller)) => {
            let guard = send_wrapper::SendWrapper::new(controller.clone());
            on_cleanup(move || guard.abort());
            spawn_local(async move {
                let outcome = fetch_usage(&req, &controller).await;
                // Unmounted: nothing to say. A timeout aborts too, and is reported.
                if controller.signal().aborted()
                    && !matches!(outcome, Outcome::Failed(ApiError::Timeout))
                {
                    return;
                }
                let next = match outcome {
                    Outcome::Answer(usage) => match plan_from_usage(&s.catalog.get_value(), &usage)
                    {
                        Ok(filled) => {
                            let _ = before.try_set_value(s.plan.try_get_untracked());
                            s.change(Undoable::FromUsage, |p| *p = filled.plan);
                            Status::Done {
                                from_ms: usage.from_ms,
                                to_ms: usage.to_ms,
                                skipped: filled.skipped,
                            }
                        }
                        Err(_) => Status::Failed(t.balance().from_usage_too_large.to_owned()),
                    },
                    Outcome::SignedOut => Status::Failed(t.balance().sign_in.to_owned()),
                    Outcome::Failed(e) => Status::Failed(t.failure(e.failure())),
                };
                let _ = status.try_set(next);
            });
        }
        _ => status.set(Status::Failed(t.balance().sign_in.to_owned())),
    }
    // Undone: the plan is what it was before the press.
    let undone = move || before.with_value(|b| b.as_ref().is_some_and(|b| s.plan.with(|p| p == b)));
    // Either-branches rather than `.into_any()`: an AnyView's functions sit in the function
    // table, which keeps them (and all they call) in the first download.
    move || match status.get() {
        Status::Done { .. } if undone() => EitherOf4::A(()),
        Status::Loading => EitherOf4::B(view! {
            <p class="vc-balance__note" data-testid="usage-status" data-state="loading">
                {t.m.balance_loading}
            </p>
        }),
        Status::Done {
            from_ms,
            to_ms,
            skipped,
        } => EitherOf4::C(view! {
            <p class="vc-balance__note" data-testid="usage-status" data-state="ok">
                {fill(t.balance().from_usage_done, &[&t.locale.month_day(from_ms), &t.locale.month_day(to_ms)])}
                {(!skipped.is_empty()).then(|| view! {
                    " "
                    <span data-testid="usage-skipped" data-ids=skipped.join(",")>
                        {skipped_words(t, &skipped)}
                    </span>
                })}
            </p>
        }),
        Status::Failed(why) => EitherOf4::D(view! {
            <p class="vc-balance__note vc-balance__note--error" data-testid="usage-status" data-state="error">
                {fill(t.balance().from_usage_error, &[&why])}
            </p>
        }),
    }
}

/// The usage ids the price list doesn't know, named as the models they are.
fn skipped_words(t: Text, ids: &[String]) -> String {
    let [one, other] = t.balance().from_usage_skipped;
    let words = if t.locale.is_one(ids.len() as u64) {
        one
    } else {
        other
    };
    let list: Vec<String> = ids.iter().map(|id| isolate(id)).collect();
    fill(words, &[&list.join(", ")])
}
