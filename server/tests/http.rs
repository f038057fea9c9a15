//! The reference account API's routes, called in this process through
//! `tower::ServiceExt::oneshot`; over a real socket only where the socket matters: how an
//! answer's bytes arrive in time (trickle, a stalled body), and the binary's own flags and
//! memory.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request};
use axum::Router;
use http_body_util::{BodyExt, Empty};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;
use vidmud_account_api::{
    app, usage_days, AppState, Clock, Scenario, ServedCatalog, DEMO_COOKIE, DEMO_TOKEN,
    HOSTILE_USAGE_IDS, LOG_CAPACITY, LOG_FIELD_MAX, REDACTED,
};
use vidmud_credits_core::balance::parse_balance_json;
use vidmud_credits_core::catalog::SEED_JSON;
use vidmud_credits_core::live::Refusal;
use vidmud_credits_core::time::parse_rfc3339;
use vidmud_credits_core::usage::{parse_usage_json, plan_from_usage};
use vidmud_credits_core::{AnswerError, Catalog, Period};

const BALANCE: &str = "/v1/credits/balance";
const USAGE: &str = "/v1/credits/usage?days=30";
const ALLOWED_ORIGIN: &str = "http://127.0.0.1:8080";

/// The routes of a server in `scenario` that allows [`ALLOWED_ORIGIN`]. Its request log
/// redacts credentials, as the binary's does without `--log-credentials`.
fn routes(scenario: Scenario) -> Router {
    app(AppState::new(scenario, vec![ALLOWED_ORIGIN.to_owned()]))
}

/// [`routes`] with a request log that keeps credentials, as `--log-credentials` does.
fn routes_logging_credentials(scenario: Scenario) -> Router {
    app(AppState::new(scenario, vec![ALLOWED_ORIGIN.to_owned()]).log_credentials(true))
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    /// The first header named `name` (any case).
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("header value is text"))
    }
}

/// Sends one request (`headers` as `(name, value)` pairs) to `api` and reads the whole reply.
async fn send(api: &Router, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Body::empty()).expect("a valid request");
    let response = api
        .clone()
        .oneshot(request)
        .await
        .expect("routes don't fail");
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX)
        .await
        .expect("the whole body");
    Reply {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: String::from_utf8(body.to_vec()).expect("body is UTF-8"),
    }
}

fn bearer() -> String {
    format!("Bearer {DEMO_TOKEN}")
}

async fn get_balance(api: &Router) -> Reply {
    send(api, "GET", BALANCE, &[("Authorization", &bearer())]).await
}

#[tokio::test]
async fn ok_and_plan_answer_valid_balances() {
    for (scenario, expected_balance) in [(Scenario::Ok, 1600), (Scenario::Plan, 1250)] {
        let api = routes(scenario);
        let r = get_balance(&api).await;
        assert_eq!(r.status, 200, "{scenario:?}: {r:?}");
        let content_type = r.header("content-type").expect("content-type");
        assert!(
            content_type.starts_with("application/json"),
            "{scenario:?}: content-type {content_type:?}"
        );
        assert_eq!(r.header("cache-control"), Some("no-store"), "{scenario:?}");
        let balance = parse_balance_json(&r.body)
            .unwrap_or_else(|e| panic!("{scenario:?}: body {:?} refused: {e}", r.body));
        assert_eq!(balance.balance, expected_balance, "{scenario:?}");
        match scenario {
            Scenario::Ok => assert!(balance.plan.is_none()),
            _ => {
                let plan = balance.plan.expect("plan scenario has a plan");
                assert_eq!(plan.period_credits, 2000);
                assert_eq!(plan.period_used, 750);
            }
        }
    }
}

#[tokio::test]
async fn cookie_signs_in_and_missing_or_wrong_credentials_do_not() {
    let api = routes(Scenario::Plan);

    let r = send(&api, "GET", BALANCE, &[("Cookie", DEMO_COOKIE)]).await;
    assert_eq!(r.status, 200, "{r:?}");
    parse_balance_json(&r.body).expect("cookie sign-in gets a valid balance");

    let r = send(
        &api,
        "GET",
        BALANCE,
        &[("Cookie", &format!("theme=dark; {DEMO_COOKIE}"))],
    )
    .await;
    assert_eq!(r.status, 200, "demo cookie among others: {r:?}");

    let r = send(&api, "GET", BALANCE, &[]).await;
    assert_eq!(r.status, 401, "no credentials: {r:?}");
    assert_eq!(r.header("cache-control"), Some("no-store"));

    let r = send(
        &api,
        "GET",
        BALANCE,
        &[("Authorization", "Bearer not-the-demo-token")],
    )
    .await;
    assert_eq!(r.status, 401, "wrong token: {r:?}");

    let r = send(&api, "GET", BALANCE, &[("Cookie", "vidmud_session=other")]).await;
    assert_eq!(r.status, 401, "wrong cookie: {r:?}");
}

#[tokio::test]
async fn signed_out_is_401_and_server_error_is_503() {
    let api = routes(Scenario::SignedOut);
    let r = get_balance(&api).await;
    assert_eq!(r.status, 401, "signed-out with the demo token: {r:?}");
    let r = send(&api, "GET", BALANCE, &[("Cookie", DEMO_COOKIE)]).await;
    assert_eq!(r.status, 401, "signed-out with the demo cookie: {r:?}");

    let api = routes(Scenario::ServerError);
    let r = get_balance(&api).await;
    assert_eq!(r.status, 503, "{r:?}");
    assert_eq!(r.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn bad_answers_are_200_but_refused_by_the_parser() {
    for scenario in [
        Scenario::Malformed,
        Scenario::WrongShape,
        Scenario::Negative,
    ] {
        let api = routes(scenario);
        let r = get_balance(&api).await;
        assert_eq!(r.status, 200, "{scenario:?}: {r:?}");
        assert!(!r.body.is_empty(), "{scenario:?} has a body");
        assert!(
            parse_balance_json(&r.body).is_err(),
            "{scenario:?}: body {:?} was accepted",
            r.body
        );
    }
}

#[tokio::test]
async fn rate_limited_twice_then_answers() {
    let api = routes(Scenario::RateLimited);
    for attempt in 1..=2 {
        let r = get_balance(&api).await;
        assert_eq!(r.status, 429, "attempt {attempt}: {r:?}");
        assert_eq!(r.header("retry-after"), Some("1"), "attempt {attempt}");
    }
    let r = get_balance(&api).await;
    assert_eq!(r.status, 200, "third attempt: {r:?}");
    let balance = parse_balance_json(&r.body).expect("valid balance after the limit");
    assert_eq!(balance.balance, 1250);
}

#[tokio::test]
async fn cors_for_allowed_origins_only() {
    let api = routes(Scenario::Plan);

    let r = send(
        &api,
        "GET",
        BALANCE,
        &[("Authorization", &bearer()), ("Origin", ALLOWED_ORIGIN)],
    )
    .await;
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );
    assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
    let expose = r
        .header("access-control-expose-headers")
        .expect("expose-headers");
    assert!(
        expose
            .split(',')
            .any(|h| h.trim().eq_ignore_ascii_case("retry-after")),
        "expose-headers {expose:?}"
    );
    let vary = r.header("vary").expect("vary");
    assert!(
        vary.split(',')
            .any(|h| h.trim().eq_ignore_ascii_case("origin")),
        "vary {vary:?}"
    );

    let r = send(
        &api,
        "GET",
        BALANCE,
        &[
            ("Authorization", &bearer()),
            ("Origin", "http://evil.example"),
        ],
    )
    .await;
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("access-control-allow-origin"), None, "{r:?}");
    assert_eq!(r.header("access-control-allow-credentials"), None, "{r:?}");

    let r = send(
        &api,
        "OPTIONS",
        BALANCE,
        &[
            ("Origin", ALLOWED_ORIGIN),
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "authorization"),
        ],
    )
    .await;
    // The layer answers a preflight 200 (the handler used to say 204): any 2xx will do.
    assert!((200..300).contains(&r.status), "preflight: {r:?}");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );
    let methods = r
        .header("access-control-allow-methods")
        .expect("allow-methods");
    assert!(
        methods.split(',').any(|m| m.trim() == "GET"),
        "allow-methods {methods:?}"
    );
    let allow_headers = r
        .header("access-control-allow-headers")
        .expect("allow-headers");
    assert!(
        allow_headers
            .split(',')
            .any(|h| h.trim().eq_ignore_ascii_case("authorization")),
        "allow-headers {allow_headers:?}"
    );
}

/// Whether a comma-separated header value lists `name` (any case).
fn lists(value: Option<&str>, name: &str) -> bool {
    value.is_some_and(|v| v.split(',').any(|h| h.trim().eq_ignore_ascii_case(name)))
}

/// Issue 17: started with `--allow-origin '*'`, the server answered any `Origin` with itself
/// and `Access-Control-Allow-Credentials: true`, so that any site a signed-in person visited
/// could read their balance with their cookie. `*` now means any origin, without credentials.
#[tokio::test]
async fn with_any_origin_a_credentialed_request_gets_no_credentials() {
    let api = app(AppState::new(Scenario::Plan, vec!["*".to_owned()]));
    let bearer = bearer();
    for origin in ["http://evil.example", ALLOWED_ORIGIN] {
        for credential in [("Cookie", DEMO_COOKIE), ("Authorization", bearer.as_str())] {
            let what = format!("{origin} with {}", credential.0);
            let r = send(&api, "GET", BALANCE, &[("Origin", origin), credential]).await;
            // The server answers; a browser keeps the answer from a page that sent cookies.
            assert_eq!(r.status, 200, "{what}: {r:?}");
            assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{what}");
            assert_eq!(r.header("access-control-allow-credentials"), None, "{what}");
            assert!(
                lists(r.header("access-control-expose-headers"), "retry-after"),
                "{what}: {r:?}"
            );
        }
        // A page with a token of its own may still send it: the preflight allows it.
        let r = send(
            &api,
            "OPTIONS",
            BALANCE,
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "authorization"),
            ],
        )
        .await;
        assert!((200..300).contains(&r.status), "preflight: {r:?}");
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        assert_eq!(r.header("access-control-allow-credentials"), None);
        assert!(lists(
            r.header("access-control-allow-headers"),
            "authorization"
        ));
        assert!(lists(r.header("access-control-allow-methods"), "GET"));
    }
}

#[tokio::test]
async fn with_any_origin_and_named_ones_only_the_named_get_credentials() {
    let origins = vec!["*".to_owned(), ALLOWED_ORIGIN.to_owned()];
    let api = app(AppState::new(Scenario::Plan, origins));
    for (origin, credentials) in [
        (ALLOWED_ORIGIN, Some("true")),
        ("http://evil.example", None),
    ] {
        for method in ["GET", "OPTIONS"] {
            let headers = [
                ("Origin", origin),
                ("Cookie", DEMO_COOKIE),
                ("Access-Control-Request-Method", "GET"),
            ];
            let r = send(&api, method, BALANCE, &headers).await;
            let what = format!("{method} from {origin}");
            assert!((200..300).contains(&r.status), "{what}: {r:?}");
            assert_eq!(
                r.header("access-control-allow-origin"),
                Some(origin),
                "{what}"
            );
            assert_eq!(
                r.header("access-control-allow-credentials"),
                credentials,
                "{what}"
            );
            assert!(lists(r.header("vary"), "origin"), "{what}: {r:?}");
        }
    }
}

#[tokio::test]
async fn control_endpoints_switch_scenarios_and_record_requests() {
    let api = routes_logging_credentials(Scenario::Plan);

    let r = send(&api, "PUT", "/__scenario/server-error", &[]).await;
    assert!((200..300).contains(&r.status), "switch: {r:?}");
    let r = get_balance(&api).await;
    assert_eq!(r.status, 503, "after switching to server-error: {r:?}");

    let r = send(&api, "PUT", "/__scenario/no-such-scenario", &[]).await;
    assert_eq!(r.status, 404, "unknown scenario: {r:?}");
    let r = get_balance(&api).await;
    assert_eq!(r.status, 503, "an unknown name leaves the scenario: {r:?}");

    let r = send(&api, "DELETE", "/__requests", &[]).await;
    assert!((200..300).contains(&r.status), "clear: {r:?}");
    let r = send(&api, "GET", "/__requests", &[]).await;
    assert_eq!(r.status, 200, "{r:?}");
    let seen: serde_json::Value = serde_json::from_str(&r.body).expect("requests list is JSON");
    assert_eq!(seen, serde_json::json!([]), "cleared list");

    send(&api, "PUT", "/__scenario/plan", &[]).await;
    send(
        &api,
        "OPTIONS",
        BALANCE,
        &[
            ("Origin", ALLOWED_ORIGIN),
            ("Access-Control-Request-Method", "GET"),
        ],
    )
    .await;
    let r = send(
        &api,
        "GET",
        "/v1/credits/balance?fresh=1",
        &[("Authorization", &bearer()), ("Origin", ALLOWED_ORIGIN)],
    )
    .await;
    assert_eq!(r.status, 200, "{r:?}");
    send(&api, "GET", BALANCE, &[("Cookie", DEMO_COOKIE)]).await;

    let r = send(&api, "GET", "/__requests", &[]).await;
    assert_eq!(r.status, 200, "{r:?}");
    let seen: serde_json::Value = serde_json::from_str(&r.body).expect("requests list is JSON");
    let seen = seen.as_array().expect("requests list is an array");
    assert_eq!(seen.len(), 2, "two GETs, no OPTIONS: {seen:?}");
    for s in seen {
        assert_eq!(s["method"], "GET", "{s}");
        assert_eq!(s["path"], BALANCE, "{s}");
    }
    assert_eq!(seen[0]["authorization"], bearer().as_str());
    assert_eq!(seen[0]["query"], "fresh=1");
    assert_eq!(seen[0]["origin"], ALLOWED_ORIGIN);
    assert_eq!(seen[0]["cookie"], serde_json::Value::Null);
    assert_eq!(seen[1]["authorization"], serde_json::Value::Null);
    assert_eq!(seen[1]["cookie"], DEMO_COOKIE);

    let r = send(&api, "DELETE", "/__requests", &[]).await;
    assert!((200..300).contains(&r.status), "clear: {r:?}");
    let r = send(&api, "GET", "/__requests", &[]).await;
    let seen: serde_json::Value = serde_json::from_str(&r.body).expect("requests list is JSON");
    assert_eq!(seen, serde_json::json!([]), "list after DELETE");
}

#[tokio::test]
async fn slow_does_not_answer_within_a_second() {
    let api = routes(Scenario::Slow);
    let outcome = tokio::time::timeout(Duration::from_secs(1), get_balance(&api)).await;
    assert!(
        outcome.is_err(),
        "slow answered within 1 s: {:?}",
        outcome.ok()
    );
}

async fn get_usage(api: &Router) -> Reply {
    send(api, "GET", USAGE, &[("Authorization", &bearer())]).await
}

const DAY_MS: i64 = 86_400_000;

#[tokio::test]
async fn usage_hostile_adds_markup_ids_that_a_plan_skips() {
    let catalog = Catalog::from_json(SEED_JSON).expect("the seed catalog");
    let api = routes(Scenario::UsageHostile);
    let usage = parse_usage_json(&get_usage(&api).await.body).expect("a usage answer");
    let got = plan_from_usage(&catalog, &usage).expect("a plan");
    let mut skipped = vec!["video/veo-3"];
    skipped.extend(HOSTILE_USAGE_IDS);
    assert_eq!(got.skipped, skipped);
    assert!(!got.plan.is_empty(), "the known ids still make lines");
}

#[tokio::test]
async fn usage_answers_the_demo_usage_when_signed_in() {
    let catalog = Catalog::from_json(SEED_JSON).expect("the seed catalog");
    // One instant for every answer, so that two answers can be compared whole.
    let at = |scenario| {
        let state = AppState::new(scenario, vec![ALLOWED_ORIGIN.to_owned()]);
        app(state.clock(Clock::Fixed(ms("2026-11-25T14:10:30Z"))))
    };
    for scenario in [
        Scenario::Ok,
        Scenario::Plan,
        Scenario::Low,
        Scenario::UsageBad,
    ] {
        let api = at(scenario);
        let r = get_usage(&api).await;
        if scenario == Scenario::UsageBad {
            assert_eq!(r.status, 200, "{r:?}");
            assert_eq!(
                parse_usage_json(&r.body),
                Err(AnswerError::NotJson),
                "{r:?}"
            );
            continue;
        }
        assert_eq!(r.status, 200, "{scenario:?}: {r:?}");
        let content_type = r.header("content-type").expect("content-type");
        assert!(
            content_type.starts_with("application/json"),
            "{content_type:?}"
        );
        assert_eq!(r.header("cache-control"), Some("no-store"), "{scenario:?}");
        let usage = parse_usage_json(&r.body)
            .unwrap_or_else(|e| panic!("{scenario:?}: body {:?} refused: {e}", r.body));
        assert_eq!(usage.to_ms, ms("2026-11-25T14:05:00Z"), "{scenario:?}");
        assert_eq!(usage.from_ms, ms("2026-10-26T14:05:00Z"), "{scenario:?}");
        let balance = parse_balance_json(&get_balance(&api).await.body).expect("a balance");
        assert_eq!(
            usage.to_ms, balance.updated_at_ms,
            "answered at the same time"
        );
        let ids: Vec<&str> = usage.lines.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "text-to-image/flux-dev",
                "ai-expand",
                "image-to-image/nano-banana",
                "video/veo-3"
            ]
        );
        let got = plan_from_usage(&catalog, &usage).expect("a plan");
        assert_eq!(
            got.skipped,
            ["video/veo-3"],
            "one id the catalog doesn't know"
        );
        let quote = got.plan.quote(&catalog).expect("a quote");
        assert_eq!(quote.lines.len(), 3);
        assert!(quote.lines.iter().all(|l| l.period == Period::Month));
        assert_eq!((quote.once, quote.monthly), (0, 120 + 14 * 4 + 9 * 3));

        let r = send(&api, "GET", "/v1/credits/usage", &[("Cookie", DEMO_COOKIE)]).await;
        assert_eq!(r.status, 200, "cookie and no days: {r:?}");
        assert_eq!(parse_usage_json(&r.body), Ok(usage), "days defaults to 30");
    }

    let api = routes(Scenario::Plan);
    let r = send(
        &api,
        "GET",
        "/v1/credits/usage?days=7&fresh=1",
        &[("Authorization", &bearer())],
    )
    .await;
    assert_eq!(r.status, 200, "{r:?}");
    let week = parse_usage_json(&r.body).expect("a week's usage");
    assert_eq!(week.to_ms - week.from_ms, 7 * DAY_MS);
    assert_eq!(week.lines[0], ("text-to-image/flux-dev".to_owned(), 28));
    let r = send(
        &api,
        "GET",
        "/v1/credits/usage?days=366",
        &[("Authorization", &bearer())],
    )
    .await;
    let year = parse_usage_json(&r.body).expect("a leap year's usage");
    assert_eq!(year.to_ms - year.from_ms, 366 * DAY_MS);
}

#[tokio::test]
async fn usage_is_401_when_signed_out_and_follows_the_error_scenarios() {
    let api = routes(Scenario::Plan);
    for headers in [
        vec![],
        vec![("Authorization", "Bearer not-the-demo-token")],
        vec![("Cookie", "vidmud_session=other")],
    ] {
        let r = send(&api, "GET", USAGE, &headers).await;
        assert_eq!(r.status, 401, "{headers:?}: {r:?}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }
    // Sign-in is checked before the query.
    let r = send(&api, "GET", "/v1/credits/usage?days=0", &[]).await;
    assert_eq!(r.status, 401, "{r:?}");
    let r = send(&api, "POST", USAGE, &[("Authorization", &bearer())]).await;
    assert_eq!(r.status, 405, "{r:?}");

    let api = routes(Scenario::SignedOut);
    assert_eq!(get_usage(&api).await.status, 401);
    let r = send(&api, "GET", USAGE, &[("Cookie", DEMO_COOKIE)]).await;
    assert_eq!(r.status, 401, "{r:?}");

    let api = routes(Scenario::ServerError);
    let r = get_usage(&api).await;
    assert_eq!(r.status, 503, "{r:?}");
    assert_eq!(r.header("cache-control"), Some("no-store"));

    for scenario in [
        Scenario::Malformed,
        Scenario::WrongShape,
        Scenario::Negative,
    ] {
        let api = routes(scenario);
        let r = get_usage(&api).await;
        assert_eq!(r.status, 200, "{scenario:?}: {r:?}");
        assert!(
            parse_usage_json(&r.body).is_err(),
            "{scenario:?}: body {:?} was accepted",
            r.body
        );
    }

    let api = routes(Scenario::Slow);
    let outcome = tokio::time::timeout(Duration::from_secs(1), get_usage(&api)).await;
    assert!(outcome.is_err(), "slow usage answered within 1 s");
}

#[tokio::test]
async fn usage_bad_breaks_the_usage_only() {
    let api = routes(Scenario::UsageBad);
    let r = get_balance(&api).await;
    assert_eq!(r.status, 200, "{r:?}");
    let balance = parse_balance_json(&r.body).expect("the balance is still good");
    assert_eq!(balance.balance, 1250);
    let r = get_usage(&api).await;
    assert_eq!(r.status, 200, "{r:?}");
    assert!(
        r.header("content-type")
            .is_some_and(|t| t.starts_with("application/json")),
        "{r:?}"
    );
    assert!(!r.body.is_empty());
    assert_eq!(
        parse_usage_json(&r.body),
        Err(AnswerError::NotJson),
        "{r:?}"
    );
}

#[tokio::test]
async fn usage_days_out_of_range_is_400() {
    let api = routes(Scenario::Plan);
    for query in [
        "days=0",
        "days=367",
        "days=-1",
        "days=+5",
        "days=1.5",
        "days=1e1",
        "days=abc",
        "days=",
        "days",
        "days=99999999999999999999",
        "days=30&days=30",
    ] {
        let r = send(
            &api,
            "GET",
            &format!("/v1/credits/usage?{query}"),
            &[("Authorization", &bearer()), ("Origin", ALLOWED_ORIGIN)],
        )
        .await;
        assert_eq!(r.status, 400, "{query}: {r:?}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{query}");
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some(ALLOWED_ORIGIN),
            "{query}"
        );
    }
    for (query, days) in [
        (None, 30),
        (Some("days=1"), 1),
        (Some("days=366"), 366),
        (Some("days=030"), 30),
        (Some("x=1"), 30),
    ] {
        assert_eq!(usage_days(query), Some(days), "{query:?}");
    }
}

/// The headers a browser looks at for CORS and caching.
fn cors_headers(r: &Reply) -> Vec<(&'static str, Option<String>)> {
    [
        "access-control-allow-origin",
        "access-control-allow-credentials",
        "access-control-expose-headers",
        "access-control-allow-methods",
        "access-control-allow-headers",
        "access-control-max-age",
        "vary",
        "cache-control",
    ]
    .into_iter()
    .map(|n| (n, r.header(n).map(str::to_owned)))
    .collect()
}

#[tokio::test]
async fn usage_has_the_same_cors_as_the_balance() {
    for scenario in [
        Scenario::Plan,
        Scenario::SignedOut,
        Scenario::ServerError,
        Scenario::RateLimited,
    ] {
        let api = routes(scenario);
        for origin in [ALLOWED_ORIGIN, "http://evil.example"] {
            for method in ["GET", "OPTIONS"] {
                let headers = [
                    ("Authorization", bearer()),
                    ("Origin", origin.to_owned()),
                    ("Access-Control-Request-Method", "GET".to_owned()),
                ];
                let headers: Vec<(&str, &str)> =
                    headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
                let b = send(&api, method, BALANCE, &headers).await;
                let u = send(&api, method, USAGE, &headers).await;
                let what = format!("{scenario:?} {method} from {origin}");
                assert_eq!(b.status, u.status, "{what}: {b:?} / {u:?}");
                assert_eq!(b.header("retry-after"), u.header("retry-after"), "{what}");
                assert_eq!(cors_headers(&b), cors_headers(&u), "{what}");
                if origin == ALLOWED_ORIGIN {
                    assert_eq!(
                        u.header("access-control-allow-origin"),
                        Some(ALLOWED_ORIGIN),
                        "{what}"
                    );
                    let vary = u.header("vary").unwrap_or_default();
                    assert!(
                        vary.split(',')
                            .any(|h| h.trim().eq_ignore_ascii_case("origin")),
                        "{what}: vary {vary:?}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn rate_limited_counts_each_endpoint() {
    let api = routes(Scenario::RateLimited);
    assert_eq!(get_balance(&api).await.status, 429);
    for attempt in 1..=2 {
        let r = get_usage(&api).await;
        assert_eq!(r.status, 429, "usage attempt {attempt}: {r:?}");
        assert_eq!(r.header("retry-after"), Some("1"));
    }
    let r = get_usage(&api).await;
    assert_eq!(r.status, 200, "third usage attempt: {r:?}");
    parse_usage_json(&r.body).expect("valid usage after the limit");
    assert_eq!(
        get_balance(&api).await.status,
        429,
        "second balance attempt"
    );
    assert_eq!(get_balance(&api).await.status, 200, "third balance attempt");
}

#[tokio::test]
async fn usage_requests_are_recorded() {
    let api = routes_logging_credentials(Scenario::Plan);
    get_usage(&api).await;
    let r = send(&api, "GET", "/__requests", &[]).await;
    let seen: serde_json::Value = serde_json::from_str(&r.body).expect("requests list is JSON");
    assert_eq!(seen[0]["path"], "/v1/credits/usage", "{seen}");
    assert_eq!(seen[0]["query"], "days=30", "{seen}");
    assert_eq!(seen[0]["authorization"], bearer().as_str());
}

#[test]
fn every_scenario_name_parses_back() {
    for (name, scenario) in Scenario::ALL {
        assert_eq!(Scenario::parse(name), Some(scenario), "{name}");
    }
    assert_eq!(Scenario::parse("no-such-scenario"), None);
    assert_eq!(Scenario::parse("OK"), None);
}

/// What the demo shows: `cargo xtask serve` starts the server without `--catalog`.
#[tokio::test]
async fn by_default_the_catalog_is_the_built_in_price_list_any_page_may_read() {
    let api = routes(Scenario::Ok);
    let r = send(
        &api,
        "GET",
        "/v1/catalog",
        &[("Origin", "https://anyone.test"), ("Cookie", DEMO_COOKIE)],
    )
    .await;
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body, SEED_JSON, "data/catalog.json, to the byte");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-allow-credentials"), None);
    // The same version: the widget keeps its own list, and so its prices.
    let built_in = Catalog::from_json(SEED_JSON).unwrap();
    assert!(matches!(
        vidmud_credits_core::live::read(&r.body, &built_in.version),
        Err(Refusal::NotNewer { .. })
    ));
    assert_eq!(built_in.entries.len(), 21);
}

#[tokio::test]
async fn the_newer_catalog_is_a_valid_price_list_the_widget_takes() {
    use vidmud_account_api::{NEWER_ADDED, NEWER_REPRICED, NEWER_WITHDRAWN};
    let state = AppState::new(Scenario::Ok, vec![ALLOWED_ORIGIN.to_owned()]);
    let api = app(state.catalog(ServedCatalog::Newer));
    let r = send(
        &api,
        "GET",
        "/v1/catalog",
        &[("Origin", "https://anyone.test")],
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-allow-credentials"), None);
    let built_in = Catalog::from_json(SEED_JSON).unwrap();
    let newer = vidmud_credits_core::live::read(&r.body, &built_in.version).expect("taken");
    assert!(newer.version > built_in.version);
    assert_eq!(
        newer.entry(NEWER_REPRICED.0).unwrap().credits,
        NEWER_REPRICED.1
    );
    assert!(built_in.entry(NEWER_WITHDRAWN).is_some());
    assert!(newer.entry(NEWER_WITHDRAWN).is_none());
    assert_eq!(newer.entry(NEWER_ADDED.0).unwrap().name, NEWER_ADDED.1);
    assert_eq!(newer.entries.len(), built_in.entries.len());
}

#[test]
fn every_catalog_name_parses_back() {
    for (name, catalog) in ServedCatalog::ALL {
        assert_eq!(ServedCatalog::parse(name), Some(catalog), "{name}");
    }
    assert_eq!(ServedCatalog::parse("repriced"), None);
}

/// `ms` since the Unix epoch of an RFC 3339 time.
fn ms(text: &str) -> i64 {
    parse_rfc3339(text).expect(text)
}

fn now_ms() -> i64 {
    let since = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH);
    i64::try_from(since.expect("after 1970").as_millis()).expect("in range")
}

/// Issue 17: the demo's plan said "renews Dec 1" after that date had passed. Dated from the
/// system clock, every answer is now minutes old and its plan renews in the future.
#[tokio::test]
async fn the_plan_renews_in_the_future_and_the_numbers_are_minutes_old() {
    let api = routes(Scenario::Plan);
    let before = now_ms();
    let balance = parse_balance_json(&get_balance(&api).await.body).expect("a balance");
    let usage = parse_usage_json(&get_usage(&api).await.body).expect("a usage");
    let after = now_ms();
    let plan = balance.plan.expect("a plan");
    assert!(plan.period_ends_at_ms > after, "renews in the future");
    assert!(
        plan.period_ends_at_ms - before <= 31 * DAY_MS,
        "within a month"
    );
    for at in [balance.updated_at_ms, usage.to_ms] {
        assert!(at < before, "in the past");
        assert!(after - at <= 6 * 60_000 + 1_000, "minutes old: {at}");
    }
}

/// What `GET /__requests` lists.
async fn logged(api: &Router) -> Vec<serde_json::Value> {
    let r = send(api, "GET", "/__requests", &[]).await;
    assert_eq!(r.status, 200, "{r:?}");
    match serde_json::from_str(&r.body).expect("requests list is JSON") {
        serde_json::Value::Array(seen) => seen,
        other => panic!("requests list is not an array: {other}"),
    }
}

#[tokio::test]
async fn the_log_keeps_only_the_newest_requests() {
    let api = routes(Scenario::Plan);
    let total = 2_000;
    for n in 0..total {
        let method = if n % 2 == 0 { "GET" } else { "POST" };
        send(&api, method, &format!("{BALANCE}?n={n}"), &[]).await;
    }
    let seen = logged(&api).await;
    assert_eq!(seen.len(), LOG_CAPACITY, "1,000 GETs and 1,000 POSTs");
    // The newest GETs, oldest first; the POSTs (never listed) pushed none of them out.
    let queries: Vec<&str> = seen.iter().map(|s| s["query"].as_str().unwrap()).collect();
    let expected: Vec<String> = (total - 2 * LOG_CAPACITY..total)
        .step_by(2)
        .map(|n| format!("n={n}"))
        .collect();
    assert_eq!(queries, expected);
    assert!(seen.iter().all(|s| s["method"] == "GET"));

    send(&api, "DELETE", "/__requests", &[]).await;
    get_balance(&api).await;
    assert_eq!(
        logged(&api).await.len(),
        1,
        "the ring starts again after DELETE"
    );
}

#[tokio::test]
async fn the_log_redacts_credentials_unless_asked() {
    let token = "Bearer 5ecret-t0ken";
    let cookie = "theme=dark; vidmud_session=s3cret-session";
    let query = "days=30&access_token=qu3ry-secret&x=1";
    let headers = [
        ("Authorization", token),
        ("Cookie", cookie),
        ("Origin", ALLOWED_ORIGIN),
    ];
    let path = format!("/v1/credits/usage?{query}");

    let api = routes(Scenario::Plan);
    send(&api, "GET", &path, &headers).await;
    send(
        &api,
        "GET",
        BALANCE,
        &[("Authorization", "5ecret-without-a-scheme")],
    )
    .await;
    send(&api, "GET", BALANCE, &[]).await;
    let r = send(&api, "GET", "/__requests", &[]).await;
    for secret in ["5ecret", "s3cret", "qu3ry"] {
        assert!(!r.body.contains(secret), "{secret} in the log: {}", r.body);
    }
    let seen = logged(&api).await;
    assert_eq!(seen[0]["authorization"], format!("Bearer {REDACTED}"));
    assert_eq!(
        seen[0]["cookie"],
        format!("theme={REDACTED}; vidmud_session={REDACTED}")
    );
    assert_eq!(
        seen[0]["query"],
        format!("days=30&access_token={REDACTED}&x=1")
    );
    assert_eq!(seen[0]["origin"], ALLOWED_ORIGIN, "an origin is no secret");
    assert_eq!(seen[0]["path"], "/v1/credits/usage");
    assert_eq!(seen[1]["authorization"], REDACTED, "no scheme to keep");
    assert_eq!(
        seen[2]["authorization"],
        serde_json::Value::Null,
        "none sent"
    );
    assert_eq!(seen[2]["cookie"], serde_json::Value::Null, "none sent");

    let api = routes_logging_credentials(Scenario::Plan);
    send(&api, "GET", &path, &headers).await;
    let seen = logged(&api).await;
    assert_eq!(seen[0]["authorization"], token);
    assert_eq!(seen[0]["cookie"], cookie);
    assert_eq!(seen[0]["query"], query);
}

/// A server on a free port of 127.0.0.1, in this process.
async fn listen(state: AppState) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move {
        axum::serve(listener, app(state))
            .await
            .expect("server runs");
    });
    addr
}

/// Sends one request over a new connection to `addr`; returns once the reply's head is in,
/// with its body still arriving.
async fn open(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> hyper::Response<hyper::body::Incoming> {
    let stream = TcpStream::connect(addr).await.expect("connect");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("Host", addr.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(Empty::<Bytes>::new())
        .expect("a valid request");
    sender.send_request(request).await.expect("a reply")
}

/// [`open`], then the whole body.
async fn fetch(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let (parts, body) = open(addr, method, path, headers).await.into_parts();
    let body = body.collect().await.expect("the whole body").to_bytes();
    Reply {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: String::from_utf8(body.to_vec()).expect("body is UTF-8"),
    }
}

/// What `GET /__requests` lists, over the socket.
async fn logged_at(addr: SocketAddr) -> Vec<serde_json::Value> {
    let r = fetch(addr, "GET", "/__requests", &[]).await;
    assert_eq!(r.status, 200, "{r:?}");
    match serde_json::from_str(&r.body).expect("requests list is JSON") {
        serde_json::Value::Array(seen) => seen,
        other => panic!("requests list is not an array: {other}"),
    }
}

/// `stalled-body`: the head and half the body at once, the rest not for 15 s, which only the
/// bytes on a connection show (the widget's 10 s limit must cover the body too).
#[tokio::test]
async fn stalled_body_sends_the_head_and_stops_half_way() {
    let addr = listen(AppState::new(Scenario::StalledBody, vec![])).await;
    let auth = bearer();
    let head = tokio::time::timeout(
        Duration::from_secs(1),
        open(addr, "GET", BALANCE, &[("Authorization", &auth)]),
    )
    .await
    .expect("the head arrives at once");
    assert_eq!(head.status(), 200);
    let mut body = head.into_body();
    let first = tokio::time::timeout(Duration::from_secs(1), body.frame())
        .await
        .expect("the first half arrives at once")
        .expect("a frame")
        .expect("not an error");
    let first = first.into_data().expect("data");
    assert!(first.starts_with(b"{\"balance\""), "{first:?}");
    let rest = tokio::time::timeout(Duration::from_secs(1), body.frame()).await;
    assert!(rest.is_err(), "the rest came within 1 s: {rest:?}");
}

/// `trickle`: the plan answer one byte every 10 ms, so slow but steady that only a limit on the
/// whole answer (not between bytes) stops it.
#[tokio::test]
async fn trickle_sends_the_plan_answer_a_byte_at_a_time() {
    let addr = listen(AppState::new(Scenario::Trickle, vec![])).await;
    let auth = bearer();
    let started = std::time::Instant::now();
    let head = open(addr, "GET", BALANCE, &[("Authorization", &auth)]).await;
    assert_eq!(head.status(), 200);
    let mut body = head.into_body();
    let (mut frames, mut bytes) = (0, Vec::new());
    while let Some(frame) = body.frame().await {
        let data = frame.expect("not an error").into_data().expect("data");
        assert_eq!(data.len(), 1, "one byte a frame");
        frames += 1;
        bytes.extend_from_slice(&data);
    }
    assert!(frames > 100, "{frames} frames");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let balance =
        parse_balance_json(std::str::from_utf8(&bytes).expect("UTF-8")).expect("the plan answer");
    assert_eq!(balance.balance, 1250);
    assert!(balance.plan.is_some());
}

/// The binary, started by a test and ended when dropped.
struct Server {
    child: std::process::Child,
    addr: SocketAddr,
}

impl Server {
    /// The binary in the `plan` scenario with `args`, on a free port.
    fn start(args: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vidmud-account-api"))
            .args(["--port", "0", "--scenario", "plan"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("the server starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server says where it listens");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("not a listening line: {line:?}"));
        Server { child, addr }
    }

    /// Resident memory in MiB, where /proc tells it (Linux).
    fn rss_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Issue 16, defect 17: 2,000 POSTs with large credentials took the server from 5.6 to 244 MB,
/// every request kept whole. Now it holds the last [`LOG_CAPACITY`] GETs, each field cut at
/// [`LOG_FIELD_MAX`].
#[tokio::test]
async fn a_flood_of_large_requests_leaves_the_server_small() {
    let server = Server::start(&[]);
    let addr = server.addr;
    let before = server.rss_mib();
    let authorization = format!("Bearer {}", "a".repeat(60_000));
    let cookie = format!("vidmud_session={}", "b".repeat(60_000));
    let headers = [
        ("Authorization", authorization.as_str()),
        ("Cookie", cookie.as_str()),
    ];
    let long_path = format!("{BALANCE}?pad={}", "c".repeat(20_000));
    for n in 0..2_000 {
        let method = if n % 4 == 0 { "GET" } else { "POST" };
        fetch(addr, method, &long_path, &headers).await;
    }
    let after = server.rss_mib();
    if let (Some(before), Some(after)) = (before, after) {
        eprintln!("server RSS: {before:.1} MiB before, {after:.1} MiB after 2,000 requests");
        assert!(
            after - before < 40.0,
            "RSS grew from {before:.1} to {after:.1} MiB"
        );
    }
    let seen = logged_at(addr).await;
    assert!(seen.len() <= LOG_CAPACITY, "{} entries", seen.len());
    for s in &seen {
        for field in ["path", "query", "authorization", "cookie", "origin"] {
            let len = s[field].as_str().map_or(0, str::len);
            assert!(len <= LOG_FIELD_MAX, "{field} of {len} bytes");
        }
    }
}

/// The end-to-end tests start the binary with `--log-credentials` (tests/e2e/harness.mjs) and
/// check the very header the widget sent; without the flag the binary redacts.
#[tokio::test]
async fn the_binary_logs_credentials_only_with_the_flag() {
    let auth = bearer();
    for (args, expected) in [
        (&[][..], format!("Bearer {REDACTED}")),
        (&["--log-credentials"][..], bearer()),
    ] {
        let server = Server::start(args);
        let r = fetch(server.addr, "GET", BALANCE, &[("Authorization", &auth)]).await;
        assert_eq!(r.status, 200, "{args:?}: {r:?}");
        let seen = logged_at(server.addr).await;
        assert_eq!(seen[0]["authorization"], expected.as_str(), "{args:?}");
    }
}

/// The demo's server as `cargo xtask serve` starts it (no `--catalog`): Vidmud's own price
/// list, all 21 entries at the built-in prices, and a plan that renews in the future.
#[tokio::test]
async fn the_demo_s_server_shows_the_built_in_prices_and_a_renewal_to_come() {
    let server = Server::start(&["--allow-origin", ALLOWED_ORIGIN]);
    let r = fetch(server.addr, "GET", "/v1/catalog", &[]).await;
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body, SEED_JSON);
    assert_eq!(
        Catalog::from_json(&r.body).expect("valid").entries.len(),
        21
    );

    let auth = bearer();
    let r = fetch(server.addr, "GET", BALANCE, &[("Authorization", &auth)]).await;
    let plan = parse_balance_json(&r.body)
        .expect("a balance")
        .plan
        .expect("a plan");
    assert!(plan.period_ends_at_ms > now_ms(), "{r:?}");

    let server = Server::start(&["--catalog", "newer"]);
    let r = fetch(server.addr, "GET", "/v1/catalog", &[]).await;
    assert_eq!(r.status, 200, "{r:?}");
    let newer = serde_json::to_string(&vidmud_account_api::newer_catalog()).unwrap();
    assert_eq!(r.body, newer, "--catalog newer");
}

/// The flag itself, as a person would start the server for pages on other origins.
#[tokio::test]
async fn the_binary_with_allow_origin_star_gives_no_credentials() {
    let server = Server::start(&["--allow-origin", "*"]);
    let r = fetch(
        server.addr,
        "GET",
        BALANCE,
        &[("Origin", "http://evil.example"), ("Cookie", DEMO_COOKIE)],
    )
    .await;
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-allow-credentials"), None);
}
