//! The reference Vidmud account API: `GET /v1/credits/balance` and
//! `GET /v1/credits/usage?days=N` as `docs/account-api.md` specifies them, with switchable
//! scenarios for development and tests (see [`Scenario`]; both endpoints follow the same one,
//! with the same sign-in, CORS, status and `Retry-After` behaviour).
//!
//! Every date in an answer is relative to when it is made (see [`Clock`]): the numbers were
//! computed a few minutes earlier ([`answered_at`]) and a plan renews at the start of the next
//! month ([`period_ends_at`]), so the demo never shows a renewal date in the past.
//!
//! It also serves `GET /v1/catalog`, the price list for the demo's and the tests' `catalog-url`
//! (see [`ServedCatalog`]): by default the one built into the widget, so the demo shows
//! Vidmud's own prices; with `--catalog newer`, a newer one that the widget takes instead.
//!
//! CORS (see [`account_cors`]): the account endpoints answer the allowed origins with
//! credentials (the widget sends cookies unless told not to), or any origin without
//! credentials for `*`. The price list is public: any origin, never credentials.
//!
//! Control endpoints (development only, never part of the contract):
//! `PUT /__scenario/{name}` switches scenario; `GET /__requests` lists the most recent balance
//! and usage GETs received (method, path, query, Authorization, Cookie, Origin; at most
//! [`LOG_CAPACITY`] of them, oldest first); `DELETE /__requests` clears it.
//!
//! The log is a ring, so that a server left running (the demo's, or one under a flood) holds a
//! fixed amount of memory however many requests arrive. And it keeps no credentials unless
//! asked: a development server is still reached with real tokens and cookies, and whoever can
//! read `/__requests` should not collect them. By default it records only what kind of
//! credential came (`Bearer [redacted]`, `vidmud_session=[redacted]`, see [`redact_seen`]);
//! tests that check the exact header a widget sent start the server with `--log-credentials`
//! ([`AppState::log_credentials`]).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, put};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;
use tower_http::cors::{AllowCredentials, AllowOrigin, Any, CorsLayer};
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

/// How many requests `GET /__requests` keeps: the newest, the oldest dropped first. Every test
/// reads back a handful (the most, twenty elements asking once each), so 200 leaves room for a
/// page that keeps asking, while a flood costs at most 200 entries of at most
/// [`LOG_FIELD_MAX`] bytes per field (about 8 MB for five fields) instead of growing without end.
pub const LOG_CAPACITY: usize = 200;

/// The most bytes of one recorded text (path, query, a header) the log keeps; longer ones are
/// cut there and end with [`TRUNCATED`]. HTTP lets a request carry a header section of hundreds
/// of kilobytes, and without this limit [`LOG_CAPACITY`] such requests would still take tens of
/// megabytes. Real tokens, cookies and URLs are far shorter.
pub const LOG_FIELD_MAX: usize = 8 * 1024;

/// What ends a recorded text cut at [`LOG_FIELD_MAX`].
pub const TRUNCATED: &str = "…[truncated]";

/// What stands for a credential in the log when credentials are not logged.
pub const REDACTED: &str = "[redacted]";

/// One request an endpoint of the contract saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// The last [`LOG_CAPACITY`] GETs, oldest first.
    seen: VecDeque<Seen>,
}

/// Which price list `GET /v1/catalog` serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServedCatalog {
    /// `data/catalog.json` exactly as the widget has it built in. It has the same version, so
    /// the widget keeps its own and shows Vidmud's prices: what the demo should show.
    #[default]
    BuiltIn,
    /// [`newer_catalog`]: a day newer, with one entry repriced, one withdrawn and one added,
    /// so that the widget takes it. The end-to-end tests choose it (tests/e2e/harness.mjs).
    Newer,
}

impl ServedCatalog {
    /// The names `--catalog` takes.
    pub const ALL: [(&'static str, ServedCatalog); 2] = [
        ("built-in", ServedCatalog::BuiltIn),
        ("newer", ServedCatalog::Newer),
    ];

    pub fn parse(name: &str) -> Option<ServedCatalog> {
        ServedCatalog::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }
}

/// Where the dates in the answers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The system clock, read for every answer: however long the server runs, a plan renews
    /// in the future and the numbers are minutes old.
    #[default]
    System,
    /// The same instant (ms since the Unix epoch) for every answer: for tests that compare
    /// two answers, or want exact dates.
    Fixed(i64),
}

impl Clock {
    /// Now, in ms since the Unix epoch.
    pub fn now_ms(self) -> i64 {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX)),
            Clock::Fixed(ms) => ms,
        }
    }
}

/// Shared server state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Mutex<Inner>>,
    allow_origins: Arc<Vec<String>>,
    started: Instant,
    /// Whether the log keeps credentials as they came (see [`AppState::log_credentials`]).
    log_credentials: bool,
    catalog: ServedCatalog,
    clock: Clock,
}

impl AppState {
    /// A server in `scenario` that allows `allow_origins` (see [`account_cors`]), whose log
    /// redacts credentials, serving the built-in price list, dated by the system clock.
    pub fn new(scenario: Scenario, allow_origins: Vec<String>) -> AppState {
        AppState {
            inner: Arc::new(Mutex::new(Inner {
                scenario,
                rate_limited_so_far: [0; 2],
                seen: VecDeque::with_capacity(LOG_CAPACITY),
            })),
            allow_origins: Arc::new(allow_origins),
            started: Instant::now(),
            log_credentials: false,
            catalog: ServedCatalog::BuiltIn,
            clock: Clock::System,
        }
    }

    /// The price list `GET /v1/catalog` serves (`--catalog`).
    pub fn catalog(mut self, catalog: ServedCatalog) -> AppState {
        self.catalog = catalog;
        self
    }

    /// Where the answers' dates come from.
    pub fn clock(mut self, clock: Clock) -> AppState {
        self.clock = clock;
        self
    }

    /// With `true`, the log keeps the Authorization and Cookie headers and the query exactly as
    /// they came, for tests that check what a widget sent (`--log-credentials`). Still bounded
    /// by [`LOG_CAPACITY`] and [`LOG_FIELD_MAX`].
    pub fn log_credentials(mut self, yes: bool) -> AppState {
        self.log_credentials = yes;
        self
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
        // `Router::layer` wraps only the routes above: the account endpoints.
        .layer(account_cors(&state.allow_origins))
        .route("/v1/catalog", get(catalog).layer(public_cors()))
        .route("/__scenario/{name}", put(set_scenario))
        .route("/__requests", any(requests))
        .with_state(state)
}

/// CORS for the account endpoints, from `--allow-origin`:
/// - a named origin (`http://127.0.0.1:8080`) is answered with itself and
///   `Access-Control-Allow-Credentials: true`, as the widget sends cookies unless told not to;
/// - `*` alone is answered `Access-Control-Allow-Origin: *` and never with credentials: a
///   browser shows the answer only to a request made without cookies, so a page on any origin
///   can read the balance only with a token it holds itself (`authToken`, with
///   `credentials="omit"`). Any origin *with* credentials would let every site on the web read
///   the balance of whoever visits it, signed in by their cookie;
/// - `*` with named origins: the named ones as above, any other origin answered with itself,
///   without credentials.
///
/// Other origins get no `Access-Control-Allow-*` at all. Preflights allow `GET` with
/// `Authorization` (a header no wildcard covers) and are cached 10 minutes; `Retry-After` is
/// exposed, so the widget can read how long a `429` asks it to wait.
pub fn account_cors(allow_origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET])
        .allow_headers([header::AUTHORIZATION, header::ACCEPT])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600));
    let any_origin = allow_origins.iter().any(|o| o == "*");
    // An origin that can't be a header value can never match a request's `Origin`.
    let named: Arc<Vec<HeaderValue>> = Arc::new(
        allow_origins
            .iter()
            .filter(|o| *o != "*")
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect(),
    );
    if named.is_empty() && any_origin {
        return layer.allow_origin(Any);
    }
    let origins = if any_origin {
        AllowOrigin::mirror_request()
    } else {
        AllowOrigin::list(named.iter().cloned())
    };
    // A predicate, not `true`: credentials go with a named origin only, and a refused origin
    // gets no CORS header at all.
    layer
        .allow_origin(origins)
        .allow_credentials(AllowCredentials::predicate(move |origin, _| {
            named.contains(origin)
        }))
}

/// CORS for the price list: public, so any origin may read it, without credentials.
fn public_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET])
}

pub const PLAN_BODY_BALANCE: u64 = 1250;

/// What [`newer_catalog`] changes in the built-in price list: this entry's new price,
pub const NEWER_REPRICED: (&str, u32) = ("text-to-image/flux-dev", 2);
/// this entry withdrawn,
pub const NEWER_WITHDRAWN: &str = "photo-restoration";
/// and this entry added (id, name, credits), in the image generator.
pub const NEWER_ADDED: (&str, &str, u32) =
    ("text-to-image/seedream-4", "Text to Image · Seedream 4", 3);

/// The price list of `GET /v1/catalog` with `--catalog newer`: the built-in one
/// (`data/catalog.json`) dated a day later, with one entry repriced, one withdrawn and one added
/// (see the constants above).
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

/// `GET /v1/catalog`: the price list [`AppState::catalog`] chose (CORS: [`public_cors`]).
async fn catalog(State(state): State<AppState>) -> Response {
    let mut r = match state.catalog {
        // The file's own text, so that it is the built-in list to the byte.
        ServedCatalog::BuiltIn => (
            [(header::CONTENT_TYPE, "application/json")],
            vidmud_credits_core::catalog::SEED_JSON,
        )
            .into_response(),
        ServedCatalog::Newer => Json(newer_catalog()).into_response(),
    };
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;

/// How long before an answer the account's numbers were computed: a few minutes, as a service
/// that totals usage now and then would say, so that the widget's "As of" time is a moment
/// clearly past.
pub const COMPUTED_BEFORE_MS: i64 = 5 * MINUTE_MS;

/// When an answer made at `now_ms` says its numbers were computed, the balance's `updated_at`
/// and the usage's `to`: [`COMPUTED_BEFORE_MS`] earlier, down to the whole minute (as the
/// widget shows it).
pub fn answered_at(now_ms: i64) -> i64 {
    (now_ms - COMPUTED_BEFORE_MS).div_euclid(MINUTE_MS) * MINUTE_MS
}

/// When the demo plan's period ends, in an answer made at `now_ms`: the start of the next
/// calendar month (UTC), as a monthly plan renews. Always after `now_ms`.
pub fn period_ends_at(now_ms: i64) -> i64 {
    let (y, m, _) = civil_from_days(now_ms.div_euclid(DAY_MS));
    let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    days_from_civil(y, m, 1) * DAY_MS
}

/// `ms` since the Unix epoch as RFC 3339 in UTC, to the second: `2026-11-25T14:05:00Z`.
pub fn rfc3339(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    let s = ms.rem_euclid(DAY_MS) / 1000;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

// Days since 1970-01-01 to and from a civil (proleptic Gregorian) date: Howard Hinnant's
// algorithms. The core only reads dates; the server is the one place that writes them.

/// The date `(year, month, day)` of day `z` since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// The day since 1970-01-01 of `year`-`month`-`day`.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

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

/// `text` cut to at most [`LOG_FIELD_MAX`] bytes (on a character boundary), marked if cut.
fn bounded(text: &str) -> String {
    if text.len() <= LOG_FIELD_MAX {
        return text.to_owned();
    }
    let mut end = LOG_FIELD_MAX - TRUNCATED.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{TRUNCATED}", &text[..end])
}

/// Whether a query parameter named `name` likely carries a credential (`access_token`,
/// `api_key`, `session`, `X-Amz-Signature`…): the widget sends none, but a host may put one
/// in `api-base`, and the log should not keep it any more than an Authorization header.
fn credential_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "token",
        "secret",
        "password",
        "passwd",
        "auth",
        "session",
        "key",
        "signature",
    ]
    .iter()
    .any(|word| name.contains(word))
        || name == "sig"
}

/// Authorization schemes the log may name: a word from this list is never part of a secret,
/// where any other first word might be (a token with a space in it).
const AUTH_SCHEMES: [&str; 6] = ["Basic", "Bearer", "Digest", "DPoP", "Negotiate", "Token"];

/// `seen` without its credentials: the Authorization header keeps its scheme if it is one of
/// [`AUTH_SCHEMES`] (`Bearer [redacted]`), the Cookie header its cookie names
/// (`vidmud_session=[redacted]`), and the query every parameter but the values of
/// [`credential_param`] ones. What kind of credential came, and that one came at all, stays
/// visible; the secret does not. Absent headers stay absent (`null`), so the JSON has the same
/// shape either way.
pub fn redact_seen(seen: Seen) -> Seen {
    let authorization = seen.authorization.map(|a| {
        let scheme = a.split_once(' ').and_then(|(first, _)| {
            AUTH_SCHEMES
                .into_iter()
                .find(|s| s.eq_ignore_ascii_case(first))
        });
        match scheme {
            Some(scheme) => format!("{scheme} {REDACTED}"),
            None => REDACTED.to_owned(),
        }
    });
    let cookie = seen.cookie.map(|c| {
        c.split(';')
            .filter(|pair| !pair.trim().is_empty())
            .map(|pair| match pair.trim().split_once('=') {
                Some((name, _)) => format!("{name}={REDACTED}"),
                None => REDACTED.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    });
    let query = seen.query.map(|q| {
        q.split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) if credential_param(name) => format!("{name}={REDACTED}"),
                _ => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&")
    });
    Seen {
        authorization,
        cookie,
        query,
        ..seen
    }
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

/// What both endpoints share: the request log, the rate limit, sign-in and `Cache-Control`
/// (and CORS, from [`account_cors`] around both). Only the signed-in answer differs.
async fn endpoint(
    state: &AppState,
    which: Endpoint,
    method: Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Response {
    let authorization = header_str(headers, header::AUTHORIZATION);
    let cookie = header_str(headers, header::COOKIE);
    // Only GETs are listed by `GET /__requests`, so only GETs are kept: other methods would
    // only push them out of the ring.
    let seen = (method == Method::GET).then(|| {
        let seen = Seen {
            method: method.to_string(),
            path: bounded(uri.path()),
            query: uri.query().map(bounded),
            authorization: authorization.as_deref().map(bounded),
            cookie: cookie.as_deref().map(bounded),
            origin: header_str(headers, header::ORIGIN).as_deref().map(bounded),
            at_ms: state.started.elapsed().as_millis(),
        };
        if state.log_credentials {
            seen
        } else {
            redact_seen(seen)
        }
    });
    let scenario = {
        let mut inner = state.lock();
        if let Some(seen) = seen {
            if inner.seen.len() >= LOG_CAPACITY {
                inner.seen.pop_front();
            }
            inner.seen.push_back(seen);
        }
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
                    let now_ms = state.clock.now_ms();
                    match which {
                        Endpoint::Balance => answer(s, body(s, now_ms)).await,
                        Endpoint::Usage => match usage_days(uri.query()) {
                            Some(days) => answer(s, usage_body(s, days, now_ms)).await,
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
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The body of a signed-in balance answer in each scenario, made at `now_ms`.
pub fn body(scenario: Scenario, now_ms: i64) -> Option<String> {
    let updated_at = rfc3339(answered_at(now_ms));
    let plan = json!({
        "name": "Creator",
        "period_credits": 2000,
        "period_used": 750,
        "period_ends_at": rfc3339(period_ends_at(now_ms)),
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

/// The demo account's usage over the `days` before [`answered_at`] of `now_ms`: the 30-day
/// counts scaled to `days` (rounded to the nearest whole number).
pub fn demo_usage(days: u32, now_ms: i64) -> UsageWire {
    let to = answered_at(now_ms);
    UsageWire {
        from: rfc3339(to - i64::from(days) * DAY_MS),
        to: rfc3339(to),
        lines: DEMO_USAGE_30_DAYS
            .iter()
            .map(|(id, count)| UsageLineWire {
                id: (*id).to_owned(),
                count: Count((count * u64::from(days) + 15) / 30),
            })
            .collect(),
    }
}

/// The ids `usage-hostile` adds to the demo usage.
pub const HOSTILE_USAGE_IDS: [&str; 2] = ["<img src=x onerror=window.pwned=1>", "<b>bold</b>"];

/// The body of a signed-in usage answer in each scenario, made at `now_ms`: the demo usage
/// where the balance is good, and a bad usage answer of the same kind where the balance's is
/// bad.
pub fn usage_body(scenario: Scenario, days: u32, now_ms: i64) -> Option<String> {
    let usage = || demo_usage(days, now_ms);
    let good = || serde_json::to_string(&usage()).expect("the wire types serialize");
    let changed = |change: fn(&mut serde_json::Value)| {
        let mut v = serde_json::to_value(usage()).expect("the wire types serialize");
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
        Scenario::Malformed => body(scenario, now_ms),
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
    Json(&inner.seen).into_response()
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

    /// The dates are written here and read by the core's parser, as the widget reads them.
    #[test]
    fn dates_are_minutes_old_and_renew_at_the_next_month() {
        use super::{answered_at, period_ends_at, rfc3339};
        use vidmud_credits_core::time::parse_rfc3339;
        let at = |text: &str| parse_rfc3339(text).expect(text);
        for (now, updated, renews) in [
            (
                "2026-11-25T14:10:00Z",
                "2026-11-25T14:05:00Z",
                "2026-12-01T00:00:00Z",
            ),
            // Down to the whole minute.
            (
                "2026-11-25T14:10:59Z",
                "2026-11-25T14:05:00Z",
                "2026-12-01T00:00:00Z",
            ),
            // Across midnight, a year's end, and a month that has just begun.
            (
                "2027-01-01T00:02:00Z",
                "2026-12-31T23:57:00Z",
                "2027-02-01T00:00:00Z",
            ),
            (
                "2026-12-31T23:59:59Z",
                "2026-12-31T23:54:00Z",
                "2027-01-01T00:00:00Z",
            ),
            (
                "2028-02-29T12:00:00Z",
                "2028-02-29T11:55:00Z",
                "2028-03-01T00:00:00Z",
            ),
            (
                "2026-12-01T00:00:00Z",
                "2026-11-30T23:55:00Z",
                "2027-01-01T00:00:00Z",
            ),
        ] {
            let now = at(now);
            assert_eq!(rfc3339(answered_at(now)), updated, "{}", rfc3339(now));
            assert_eq!(rfc3339(period_ends_at(now)), renews, "{}", rfc3339(now));
            assert!(answered_at(now) < now && now < period_ends_at(now));
        }
        // Every day of four years (a leap year among them) round-trips through the parser.
        let start = at("2026-01-01T00:00:00Z");
        for day in 0..4 * 366 {
            let ms = start + day * 86_400_000 + 51_330_000;
            assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms), "{}", rfc3339(ms));
        }
    }

    #[test]
    fn bounded_cuts_long_text_on_a_character_boundary() {
        use super::{bounded, LOG_FIELD_MAX, TRUNCATED};
        assert_eq!(bounded("Bearer x"), "Bearer x");
        let exact = "a".repeat(LOG_FIELD_MAX);
        assert_eq!(bounded(&exact), exact, "at the limit: whole");
        for long in ["é".repeat(LOG_FIELD_MAX), "a".repeat(10 * LOG_FIELD_MAX)] {
            let cut = bounded(&long);
            assert!(cut.len() <= LOG_FIELD_MAX, "{} bytes", cut.len());
            assert!(cut.ends_with(TRUNCATED));
            assert!(long.starts_with(cut.trim_end_matches(TRUNCATED)));
        }
    }

    #[test]
    fn redaction_keeps_the_kind_of_credential_only() {
        use super::{redact_seen, Seen};
        let seen = |authorization: Option<&str>, cookie: Option<&str>, query: Option<&str>| Seen {
            method: "GET".into(),
            path: "/v1/credits/balance".into(),
            query: query.map(Into::into),
            authorization: authorization.map(Into::into),
            cookie: cookie.map(Into::into),
            origin: Some("http://127.0.0.1:8080".into()),
            at_ms: 7,
        };
        for (sent, logged) in [
            ("Bearer abc", "Bearer [redacted]"),
            ("bearer abc def", "Bearer [redacted]"),
            ("Basic dXNlcjpwYXNz", "Basic [redacted]"),
            // A first word that is no known scheme may be half a secret.
            ("half-of-a-secret other-half", "[redacted]"),
            ("Bearer", "[redacted]"),
            ("", "[redacted]"),
        ] {
            let r = redact_seen(seen(Some(sent), None, None));
            assert_eq!(r.authorization.as_deref(), Some(logged), "{sent:?}");
        }
        for (sent, logged) in [
            ("vidmud_session=demo", "vidmud_session=[redacted]"),
            ("a=1; b=2;", "a=[redacted]; b=[redacted]"),
            ("lonevalue", "[redacted]"),
        ] {
            let r = redact_seen(seen(None, Some(sent), None));
            assert_eq!(r.cookie.as_deref(), Some(logged), "{sent:?}");
        }
        for (sent, logged) in [
            ("days=30", "days=30"),
            ("days=30&", "days=30&"),
            ("access_token=x&days=7", "access_token=[redacted]&days=7"),
            (
                "API_KEY=x&Session=y&sig=z&token",
                "API_KEY=[redacted]&Session=[redacted]&sig=[redacted]&token",
            ),
            ("X-Amz-Signature=abc&x=1", "X-Amz-Signature=[redacted]&x=1"),
        ] {
            let r = redact_seen(seen(None, None, Some(sent)));
            assert_eq!(r.query.as_deref(), Some(logged), "{sent:?}");
        }
        let untouched = seen(None, None, None);
        assert_eq!(redact_seen(untouched.clone()), untouched);
    }
}
