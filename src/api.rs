//! The account API client: one balance or usage request per call, with the contract's timeout, rate-limit
//! waits and cancellation. What an answer means is decided by the core; this module only moves
//! bytes and maps browser failures to [`ApiError`].

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::Request;
use js_sys::Uint8Array;
use vidmud_credits_core::balance::{classify_status, BalanceWire, StatusClass};
use vidmud_credits_core::usage::{Usage, UsageWire};
use vidmud_credits_core::{token_is_sendable, AnswerError, Balance, BalanceFailure};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, ReadableStreamDefaultReader, ReadableStreamReadResult,
    RequestCredentials,
};

/// The largest answer body read: 1 MiB.
pub const MAX_BODY: usize = 1 << 20;

/// No complete answer within this time is an error.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// How many `429`s in a row are waited out before giving up, so a server that keeps refusing
/// can't hold the widget in a request loop.
pub const MAX_RATE_LIMIT_RETRIES: u32 = 3;

/// What one account API request needs. `token` is sent only as a bearer header.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub url: String,
    pub token: Option<String>,
    pub include_cookies: bool,
}

/// Why there is no balance to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    Network,
    Timeout,
    RateLimited,
    Status(u16),
    BadAnswer(AnswerError),
    /// A body over [`MAX_BODY`].
    TooLarge,
    Cancelled,
    /// The host's token can't go in a header (see `token_is_sendable`): nothing was sent.
    BadToken,
}

impl From<AnswerError> for ApiError {
    fn from(e: AnswerError) -> Self {
        ApiError::BadAnswer(e)
    }
}

impl ApiError {
    /// The reason people are told (in the messages module's words).
    pub fn failure(&self) -> BalanceFailure {
        match self {
            // A cancelled request is never shown; if it were, it did not reach the service.
            ApiError::Network | ApiError::Cancelled => BalanceFailure::Network,
            ApiError::Timeout => BalanceFailure::Timeout,
            ApiError::RateLimited => BalanceFailure::RateLimited,
            ApiError::Status(s) => BalanceFailure::Status(*s),
            ApiError::BadAnswer(_) | ApiError::TooLarge => BalanceFailure::BadAnswer,
            ApiError::BadToken => BalanceFailure::BadToken,
        }
    }
}

/// A finished request: the answer read as `T`, signed out, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    Answer(T),
    SignedOut,
    Failed(ApiError),
}

/// Asks for the balance (see [`fetch_answer`]).
pub async fn fetch_balance(req: &ApiRequest, abort: &AbortController) -> Outcome<Balance> {
    read_answer(fetch_answer(req, abort).await, |body| {
        let wire: BalanceWire = parse(body)?;
        wire.validate()
    })
}

/// Asks for the last days' usage (see [`fetch_answer`]).
pub async fn fetch_usage(req: &ApiRequest, abort: &AbortController) -> Outcome<Usage> {
    read_answer(fetch_answer(req, abort).await, |body| {
        let wire: UsageWire = parse(body)?;
        wire.validate()
    })
}

fn parse<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, AnswerError> {
    crate::js_value::from_json(body)
        .ok_or(AnswerError::NotJson)?
        .map_err(|e| AnswerError::Shape(e.0))
}

fn read_answer<T>(
    outcome: Outcome<String>,
    read: impl FnOnce(&str) -> Result<T, AnswerError>,
) -> Outcome<T> {
    match outcome {
        Outcome::Answer(body) => match read(&body) {
            Ok(v) => Outcome::Answer(v),
            Err(e) => Outcome::Failed(ApiError::BadAnswer(e)),
        },
        Outcome::SignedOut => Outcome::SignedOut,
        Outcome::Failed(e) => Outcome::Failed(e),
    }
}

/// Asks until there is an answer body, waiting out `429`s. `abort` cancels everything in
/// flight; the caller owns it and aborts when the element goes away or the request is
/// superseded.
async fn fetch_answer(req: &ApiRequest, abort: &AbortController) -> Outcome<String> {
    let mut rate_limited = 0;
    loop {
        match fetch_once(req, abort).await {
            Ok(Ok(outcome)) => return outcome,
            // The last refusal is reported at once: waiting would only delay a known outcome.
            Ok(Err(_)) if rate_limited == MAX_RATE_LIMIT_RETRIES => {
                return Outcome::Failed(ApiError::RateLimited)
            }
            Ok(Err(wait)) => {
                rate_limited += 1;
                if let Err(e) = sleep(wait, &abort.signal()).await {
                    return Outcome::Failed(e);
                }
            }
            Err(e) => return Outcome::Failed(e),
        }
    }
}

/// One request: an outcome, or (rate limited) how long to wait before asking again.
async fn fetch_once(
    req: &ApiRequest,
    controller: &AbortController,
) -> Result<Result<Outcome<String>, Duration>, ApiError> {
    let (status, retry_after, body) = send_timed(req, MAX_BODY, controller).await?;
    match classify_status(status, retry_after.as_deref()) {
        StatusClass::Answer => Ok(Ok(Outcome::Answer(body))),
        StatusClass::SignedOut => Ok(Ok(Outcome::SignedOut)),
        StatusClass::Failed(status) => Err(ApiError::Status(status)),
        StatusClass::RetryAfter(secs) => Ok(Err(Duration::from_secs(u64::from(secs)))),
    }
}

/// Fetches a public document (a price list): a GET without cookies or token, within the
/// timeout; its body if the answer is `200` and at most `cap` bytes.
pub async fn fetch_public(
    url: &str,
    cap: usize,
    controller: &AbortController,
) -> Result<String, ApiError> {
    let req = ApiRequest {
        url: url.to_owned(),
        token: None,
        include_cookies: false,
    };
    match send_timed(&req, cap, controller).await? {
        (200, _, body) => Ok(body),
        (status, _, _) => Err(ApiError::Status(status)),
    }
}

/// [`send`] under [`TIMEOUT`], telling a timeout and a cancel apart from other failures.
///
/// The 10 s timer aborts through the caller's controller: a timeout ends the whole exchange,
/// so there is nothing left to keep alive, and one controller is all the cancellation needed.
async fn send_timed(
    req: &ApiRequest,
    cap: usize,
    controller: &AbortController,
) -> Result<(u16, Option<String>, String), ApiError> {
    let outer = controller.signal();
    if outer.aborted() {
        return Err(ApiError::Cancelled);
    }
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        leptos::prelude::set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            TIMEOUT,
        )
        .ok()
    };
    let result = send(req, cap, &outer).await;
    if let Some(t) = timer {
        t.clear();
    }
    result.map_err(|e| {
        if timed_out.get() {
            ApiError::Timeout
        } else if outer.aborted() {
            ApiError::Cancelled
        } else {
            e
        }
    })
}

/// Sends the request and reads the whole body, so a body that never finishes is caught by the
/// timeout too.
async fn send(
    req: &ApiRequest,
    cap: usize,
    signal: &AbortSignal,
) -> Result<(u16, Option<String>, String), ApiError> {
    // The browser would throw on such a header, out of reach of any error handling here.
    if req.token.as_deref().is_some_and(|t| !token_is_sendable(t)) {
        return Err(ApiError::BadToken);
    }
    // A web-sys request rather than gloo-net's builder: gloo-net 0.6's builder appends its own
    // (empty) query after a `&` to any URL that already has one, so the server would see
    // `?days=30&` and a signed price-list URL would no longer match its signature.
    let headers = web_sys::Headers::new().map_err(|_| ApiError::Network)?;
    headers
        .set("Accept", "application/json")
        .map_err(|_| ApiError::Network)?;
    if let Some(token) = &req.token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(|_| ApiError::BadToken)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    init.set_credentials(if req.include_cookies {
        RequestCredentials::Include
    } else {
        RequestCredentials::Omit
    });
    init.set_signal(Some(signal));
    let request =
        web_sys::Request::new_with_str_and_init(&req.url, &init).map_err(|_| ApiError::Network)?;
    let response = Request::from(request)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    // gloo-net hands back every status as Ok; the status is judged by the core, not here.
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    let body = if status == 200 {
        read_capped(&response, cap).await?
    } else {
        String::new()
    };
    Ok((status, retry_after, body))
}

/// Reads an answer's body, up to `cap` bytes: past that it is an error, and reading stops there
/// (a balance is a few hundred bytes; a server that sends megabytes is broken, and the widget
/// must not hold them).
async fn read_capped(response: &gloo_net::http::Response, cap: usize) -> Result<String, ApiError> {
    let Some(body) = response.body() else {
        return Ok(String::new());
    };
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let step: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(|_| ApiError::Network)?
            .unchecked_into();
        if step.get_done().unwrap_or(true) {
            break;
        }
        let chunk: Uint8Array = step.get_value().unchecked_into();
        let start = bytes.len();
        let end = start + chunk.length() as usize;
        if end > cap {
            // Releases the connection; what it says about the cancel doesn't matter.
            let _ = reader.cancel();
            return Err(ApiError::TooLarge);
        }
        bytes.resize(end, 0);
        chunk.copy_to(&mut bytes[start..]);
    }
    String::from_utf8(bytes).map_err(|_| ApiError::BadAnswer(AnswerError::NotJson))
}

/// Waits, in short steps so that an abort (a removed element, a newer request) ends the wait
/// within a quarter second instead of keeping the task alive for up to a minute.
async fn sleep(d: Duration, abort: &AbortSignal) -> Result<(), ApiError> {
    // Whole quarter seconds: `Retry-After` is whole seconds, and u32 arithmetic stays small.
    let steps = u32::try_from(d.as_secs())
        .unwrap_or(u32::MAX)
        .saturating_mul(4);
    for _ in 0..steps {
        if abort.aborted() {
            return Err(ApiError::Cancelled);
        }
        gloo_timers::future::sleep(Duration::from_millis(250)).await;
    }
    if abort.aborted() {
        Err(ApiError::Cancelled)
    } else {
        Ok(())
    }
}
