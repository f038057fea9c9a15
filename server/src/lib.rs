//! The reference Vidmud account API: `GET /v1/credits/balance` and
//! `GET /v1/credits/usage?days=N` as `docs/account-api.md` specifies them, with switchable
//! scenarios for development and tests (see [`Scenario`]; both endpoints follow the same one,
//! with the same sign-in, CORS, status and `Retry-After` behaviour).
//!
//! It also serves `GET /v1/catalog`, a price list newer than the one built into the widget
//! ([`newer_catalog`]), for the demo's and the tests' `catalog-url`.
//!
//! Control endpoints (development only, never part of the contract):
//! `PUT /__scenario/{name}` switches scenario; `GET /__requests` lists the balance and usage
//! requests received (method, path, query, Authorization, Cookie, Origin); `DELETE /__requests`
//! clears it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use std::convert::Infallible;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, put};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;
use vidmud_credits_core::balance::Count;
use vidmud_credits_core::usage::{UsageLineWire, UsageWire};

/// The bearer token the demo signs in with.
pub const DEMO_TOKEN: &str = "vidmud-demo-token";
/// A session cookie that also counts as signed in (for hosts that use cookies).
pub const DEMO_COOKIE: &str = "vidmud_session=demo";

/// What the endpoints do. Every scenario applies to the balance and the usage alike: the bad
/// answers are the usage's own bad answers of the same kind (see [`usage_body`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// 200, a balance without a plan.
    Ok,
    /// 200, a balance with plan usage.
    Plan,
    /// 200, a balance too small for most plans.
    Low,
    /// 401 for everyone.
    SignedOut,
    /// 503.
    ServerError,
    /// Answers after 15 s, beyond the widget's 10 s limit.
    Slow,
    /// 200 with the headers and the start of a body at once, the rest after 15 s.
    StalledBody,
    /// 200 with the `Plan` answer sent one byte every 10 ms (about 2 s in all).
    Trickle,
    /// 200 with a valid answer padded to 30 MB: over the widget's 1 MiB limit.
    Huge,
    /// 200 with an HTML body.
    Malformed,
    /// 200 with JSON of the wrong shape (the balance as a string).
    WrongShape,
    /// 200 with a negative balance.
    Negative,
    /// 429 with `Retry-After: 1` for the first two requests to each endpoint, then as `Plan`.
    RateLimited,
    /// The balance as `Plan`; the usage 200 with JSON that does not parse.
    UsageBad,
    /// The balance as `Plan`; the usage as `Plan` plus lines whose ids are markup (an `<img>`
    /// with an `onerror`, a `<b>`): ids no price list has, so the widget lists them as skipped.
    UsageHostile,
}

impl Scenario {
    pub const ALL: [(&'static str, Scenario); 15] = [
        ("ok", Scenario::Ok),
        ("plan", Scenario::Plan),
        ("low", Scenario::Low),
        ("signed-out", Scenario::SignedOut),
        ("server-error", Scenario::ServerError),
        ("slow", Scenario::Slow),
        ("stalled-body", Scenario::StalledBody),
        ("trickle", Scenario::Trickle),
        ("huge", Scenario::Huge),
        ("malformed", Scenario::Malformed),
        ("wrong-shape", Scenario::WrongShape),
        ("negative", Scenario::Negative),
        ("rate-limited", Scenario::RateLimited),
        ("usage-bad", Scenario::UsageBad),
        ("usage-hostile", Scenario::UsageHostile),
    ];

    pub fn parse(name: &str) -> Option<Scenario> {
        Scenario::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
    }
}

/// One request an endpoint of the contract saw.
#[derive(Debug, Clone, Serialize)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub cookie: Option<String>,
    pub origin: Option<String>,
    /// When it arrived, in ms since the server started.
    pub at_ms: u128,
}

/// The contract's endpoints. They share everything but their answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Balance,
    Usage,
}

#[derive(Debug)]
struct Inner {
    scenario: Scenario,
    /// `429`s sent so far in `rate-limited`, per endpoint (balance, usage).
    rate_limited_so_far: [u32; 2],
    seen: Vec<Seen>,
}

/// Shared server state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Mutex<Inner>>,
    allow_origins: Arc<Vec<String>>,
    started: Instant,
}

impl AppState {
    pub fn new(scenario: Scenario, allow_origins: Vec<String>) -> AppState {
        AppState {
            inner: Arc::new(Mutex::new(Inner {
                scenario,
                rate_limited_so_far: [0; 2],
                seen: Vec::new(),
            })),
            allow_origins: Arc::new(allow_origins),
            started: Instant::now(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock can't leave the data half-written: recover it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/v1/credits/balance", any(balance))
        .route("/v1/credits/usage", any(usage))
        .route("/v1/catalog", get(catalog))
        .route("/__scenario/{name}", put(set_scenario))
        .route("/__requests", any(requests))
        .with_state(state)
}

pub const PLAN_BODY_BALANCE: u64 = 1250;

/// What [`newer_catalog`] changes in the built-in price list: this entry's new price,
pub const NEWER_REPRICED: (&str, u32) = ("text-to-image/flux-dev", 2);
/// this entry withdrawn,
pub const NEWER_WITHDRAWN: &str = "photo-restoration";
/// and this entry added (id, name, credits), in the image generator.
pub const NEWER_ADDED: (&str, &str, u32) =
    ("text-to-image/seedream-4", "Text to Image · Seedream 4", 3);

/// The price list of `GET /v1/catalog`: the built-in one (`data/catalog.json`) dated a day
/// later, with one entry repriced, one withdrawn and one added (see the constants above).
pub fn newer_catalog() -> serde_json::Value {
    let mut c: serde_json::Value =
        serde_json::from_str(vidmud_credits_core::catalog::SEED_JSON).expect("valid JSON");
    let version = c["version"].as_str().unwrap_or_default();
    c["version"] = next_day(version).into();
    let entries = c["entries"].as_array_mut().expect("entries");
    entries.retain(|e| e["id"] != NEWER_WITHDRAWN);
    for e in entries.iter_mut() {
        if e["id"] == NEWER_REPRICED.0 {
            e["credits"] = NEWER_REPRICED.1.into();
        }
    }
    let (id, name, credits) = NEWER_ADDED;
    entries.push(json!({
        "id": id, "category": "image-generator", "feature": "Text to Image",
        "model": "Seedream 4", "name": name, "credits": credits,
    }));
    c
}

/// The day after an ISO date (`YYYY-MM-DD`).
fn next_day(date: &str) -> String {
    let part = |r: std::ops::Range<usize>| date.get(r).and_then(|p| p.parse::<u32>().ok());
    let (Some(mut y), Some(mut m), Some(mut d)) = (part(0..4), part(5..7), part(8..10)) else {
        return date.to_owned();
    };
    d += 1;
    if i64::from(d) > vidmud_credits_core::time::days_in_month(i64::from(y), i64::from(m)) {
        (d, m) = (1, m + 1);
    }
    if m > 12 {
        (m, y) = (1, y + 1);
    }
    format!("{y:04}-{m:02}-{d:02}")
}

/// `GET /v1/catalog`: public, so any origin may read it, without credentials.
async fn catalog() -> Response {
    let mut r = Json(newer_catalog()).into_response();
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// When every answer was computed: the balance's `updated_at` and the usage's `to`.
pub const ANSWERED_AT: &str = "2026-11-25T14:05:00Z";

/// The usage period the widget asks for, and the range of `days` the server accepts.
pub const DEFAULT_USAGE_DAYS: u32 = 30;
pub const MAX_USAGE_DAYS: u32 = 366;

/// The demo account's usage over 30 days. `video/veo-3` is not in the catalog, so the widget
/// lists it as skipped.
pub const DEMO_USAGE_30_DAYS: [(&str, u64); 4] = [
    ("text-to-image/flux-dev", 120),
    ("ai-expand", 14),
    ("image-to-image/nano-banana", 9),
    ("video/veo-3", 4),
];

fn header_str(h: &HeaderMap, name: HeaderName) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// CORS for allowed origins, with credentials: the widget sends cookies unless told not to.
fn cors(state: &AppState, headers: &HeaderMap, response: &mut Response) {
    let h = response.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    let Some(origin) = headers.get(header::ORIGIN) else {
        return;
    };
    let allowed = origin
        .to_str()
        .is_ok_and(|o| state.allow_origins.iter().any(|a| a == o || a == "*"));
    if !allowed {
        return;
    }
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    h.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After"),
    );
}

async fn balance(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&state, Endpoint::Balance, method, &uri, &headers).await
}

async fn usage(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    endpoint(&state, Endpoint::Usage, method, &uri, &headers).await
}

/// What both endpoints share: the preflight, the request log, the rate limit, sign-in, CORS
/// and `Cache-Control`. Only the signed-in answer differs.
async fn endpoint(
    state: &AppState,
    which: Endpoint,
    method: Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Response {
    if method == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        cors(state, headers, &mut r);
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Authorization, Accept"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        return r;
    }
    let authorization = header_str(headers, header::AUTHORIZATION);
    let cookie = header_str(headers, header::COOKIE);
    let scenario = {
        let mut inner = state.lock();
        inner.seen.push(Seen {
            method: method.to_string(),
            path: uri.path().to_owned(),
            query: uri.query().map(str::to_owned),
            authorization: authorization.clone(),
            cookie: cookie.clone(),
            origin: header_str(headers, header::ORIGIN),
            at_ms: state.started.elapsed().as_millis(),
        });
        // Only GETs count against the limit: a stray POST must not use up the 429s.
        let scenario = inner.scenario;
        let so_far = &mut inner.rate_limited_so_far[which as usize];
        if method == Method::GET && scenario == Scenario::RateLimited && *so_far < 2 {
            *so_far += 1;
            None
        } else {
            Some(scenario)
        }
    };
    let mut response = if method != Method::GET {
        StatusCode::METHOD_NOT_ALLOWED.into_response()
    } else {
        match scenario {
            None => (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response(),
            Some(s) => {
                let signed_in = authorization.as_deref() == Some(&format!("Bearer {DEMO_TOKEN}"))
                    || cookie
                        .as_deref()
                        .is_some_and(|c| c.split(';').any(|p| p.trim() == DEMO_COOKIE));
                if s == Scenario::SignedOut || !signed_in {
                    StatusCode::UNAUTHORIZED.into_response()
                } else {
                    match which {
                        Endpoint::Balance => answer(s, body(s)).await,
                        Endpoint::Usage => match usage_days(uri.query()) {
                            Some(days) => answer(s, usage_body(s, days)).await,
                            None => (
                                StatusCode::BAD_REQUEST,
                                "days must be a whole number from 1 to 366",
                            )
                                .into_response(),
                        },
                    }
                }
            }
        }
    };
    cors(state, headers, &mut response);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The body of a signed-in balance answer in each scenario.
pub fn body(scenario: Scenario) -> Option<String> {
    let updated_at = ANSWERED_AT;
    let plan = json!({
        "name": "Creator",
        "period_credits": 2000,
        "period_used": 750,
        "period_ends_at": "2026-12-01T00:00:00Z",
    });
    let v = match scenario {
        Scenario::Ok => json!({ "balance": 1600, "updated_at": updated_at, "currency": "credits" }),
        Scenario::Plan
        | Scenario::RateLimited
        | Scenario::Slow
        | Scenario::StalledBody
        | Scenario::Trickle
        | Scenario::UsageBad
        | Scenario::UsageHostile => {
            json!({ "balance": PLAN_BODY_BALANCE, "updated_at": updated_at, "plan": plan })
        }
        Scenario::Low => json!({ "balance": 100, "updated_at": updated_at }),
        Scenario::Huge => {
            json!({ "balance": 1600, "updated_at": updated_at, "pad": "x".repeat(30 << 20) })
        }
        Scenario::WrongShape => json!({ "balance": "1600", "updated_at": updated_at }),
        Scenario::Negative => json!({ "balance": -5, "updated_at": updated_at }),
        Scenario::Malformed => return Some("<html><body>Bad gateway</body></html>".to_owned()),
        Scenario::SignedOut | Scenario::ServerError => return None,
    };
    Some(v.to_string())
}

/// `days` from a usage query: absent is [`DEFAULT_USAGE_DAYS`]; otherwise one whole number
/// from 1 to [`MAX_USAGE_DAYS`], in plain digits. Anything else (`None`) is a `400`. Other
/// parameters are ignored.
pub fn usage_days(query: Option<&str>) -> Option<u32> {
    let mut days = None;
    for pair in query.unwrap_or("").split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if key != "days" {
            continue;
        }
        if days.is_some() || value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        days = Some(value.parse::<u32>().ok()?);
    }
    Some(days.unwrap_or(DEFAULT_USAGE_DAYS)).filter(|d| (1..=MAX_USAGE_DAYS).contains(d))
}

/// The demo account's usage over the `days` before [`ANSWERED_AT`]: the 30-day counts scaled to
/// `days` (rounded to the nearest whole number).
pub fn demo_usage(days: u32) -> UsageWire {
    UsageWire {
        from: days_before_answer(days),
        to: ANSWERED_AT.to_owned(),
        lines: DEMO_USAGE_30_DAYS
            .iter()
            .map(|(id, count)| UsageLineWire {
                id: (*id).to_owned(),
                count: Count((count * u64::from(days) + 15) / 30),
            })
            .collect(),
    }
}

/// [`ANSWERED_AT`] minus whole days, in the same RFC 3339 form.
fn days_before_answer(days: u32) -> String {
    // Days since 1970-01-01 of 2026-11-25, then back to a civil date (Howard Hinnant's
    // algorithm; the core only reads dates).
    const ANSWERED_DAY: i64 = 20_782;
    let z = ANSWERED_DAY - i64::from(days) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T14:05:00Z")
}

/// The ids `usage-hostile` adds to the demo usage.
pub const HOSTILE_USAGE_IDS: [&str; 2] = ["<img src=x onerror=window.pwned=1>", "<b>bold</b>"];

/// The body of a signed-in usage answer in each scenario: the demo usage where the balance is
/// good, and a bad usage answer of the same kind where the balance's is bad.
pub fn usage_body(scenario: Scenario, days: u32) -> Option<String> {
    let good = || serde_json::to_string(&demo_usage(days)).expect("the wire types serialize");
    let changed = |change: fn(&mut serde_json::Value)| {
        let mut v = serde_json::to_value(demo_usage(days)).expect("the wire types serialize");
        change(&mut v);
        Some(v.to_string())
    };
    match scenario {
        Scenario::Ok
        | Scenario::Plan
        | Scenario::Low
        | Scenario::RateLimited
        | Scenario::Slow
        | Scenario::StalledBody
        | Scenario::Trickle => Some(good()),
        Scenario::Huge => changed(|v| v["pad"] = json!("x".repeat(30 << 20))),
        Scenario::WrongShape => changed(|v| v["lines"][0]["count"] = json!("120")),
        Scenario::Negative => changed(|v| v["lines"][0]["count"] = json!(-4)),
        Scenario::UsageHostile => changed(|v| {
            let lines = v["lines"].as_array_mut().expect("usage has lines");
            for id in HOSTILE_USAGE_IDS {
                lines.push(json!({ "id": id, "count": 3 }));
            }
        }),
        Scenario::Malformed => body(scenario),
        // Cut off after the first line, as a connection dropped by a proxy might leave it.
        Scenario::UsageBad => {
            let text = good();
            let cut = text.find("},").map_or(text.len() / 2, |i| i + 2);
            Some(text[..cut].to_owned())
        }
        Scenario::SignedOut | Scenario::ServerError => None,
    }
}

/// The signed-in answer in scenario `s`, with `body` (the endpoint's body for `s`) where there is
/// one.
async fn answer(s: Scenario, body: Option<String>) -> Response {
    match s {
        Scenario::ServerError => (StatusCode::SERVICE_UNAVAILABLE, "unavailable").into_response(),
        Scenario::SignedOut => StatusCode::UNAUTHORIZED.into_response(),
        _ => {
            if s == Scenario::Slow {
                tokio::time::sleep(Duration::from_secs(15)).await;
            }
            let body = body.unwrap_or_default();
            if s == Scenario::StalledBody {
                let (head, tail) = body.split_at(body.len() / 2);
                let (head, tail) = (Bytes::from(head.to_owned()), Bytes::from(tail.to_owned()));
                let first = futures_util::stream::once(async move { Ok::<_, Infallible>(head) });
                let rest = futures_util::stream::once(async move {
                    tokio::time::sleep(Duration::from_secs(15)).await;
                    Ok(tail)
                });
                let stream = futures_util::StreamExt::chain(first, rest);
                return (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "application/json")],
                    Body::from_stream(stream),
                )
                    .into_response();
            }
            if s == Scenario::Trickle {
                let bytes = futures_util::StreamExt::then(
                    futures_util::stream::iter(body.into_bytes()),
                    |b| async move {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        Ok::<_, Infallible>(Bytes::from(vec![b]))
                    },
                );
                return (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "application/json")],
                    Body::from_stream(bytes),
                )
                    .into_response();
            }
            let content_type = if s == Scenario::Malformed {
                "text/html"
            } else {
                "application/json"
            };
            (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], body).into_response()
        }
    }
}

async fn set_scenario(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match Scenario::parse(&name) {
        Some(s) => {
            let mut inner = state.lock();
            inner.scenario = s;
            inner.rate_limited_so_far = [0; 2];
            StatusCode::NO_CONTENT.into_response()
        }
        None => (StatusCode::NOT_FOUND, format!("no scenario {name:?}")).into_response(),
    }
}

async fn requests(State(state): State<AppState>, method: Method) -> Response {
    let mut inner = state.lock();
    if method == Method::DELETE {
        inner.seen.clear();
        return StatusCode::NO_CONTENT.into_response();
    }
    let seen: Vec<Seen> = inner
        .seen
        .iter()
        .filter(|s| s.method == "GET")
        .cloned()
        .collect();
    Json(seen).into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_day_rolls_over_months_years_and_leap_days() {
        for (day, next) in [
            ("2026-11-25", "2026-11-26"),
            ("2026-11-30", "2026-12-01"),
            ("2026-12-31", "2027-01-01"),
            ("2028-02-28", "2028-02-29"),
            ("2027-02-28", "2027-03-01"),
        ] {
            assert_eq!(super::next_day(day), next);
        }
    }
}
