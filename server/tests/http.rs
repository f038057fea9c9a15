//! The reference account API over real HTTP: a server on a free port, raw HTTP/1.1 requests.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use vidmud_account_api::{
    app, usage_days, AppState, Scenario, DEMO_COOKIE, DEMO_TOKEN, HOSTILE_USAGE_IDS,
};
use vidmud_credits_core::balance::parse_balance_json;
use vidmud_credits_core::catalog::SEED_JSON;
use vidmud_credits_core::usage::{parse_usage_json, plan_from_usage};
use vidmud_credits_core::{AnswerError, Catalog, Period};

const BALANCE: &str = "/v1/credits/balance";
const USAGE: &str = "/v1/credits/usage?days=30";
const ALLOWED_ORIGIN: &str = "http://127.0.0.1:8080";

/// Starts a server in `scenario` on 127.0.0.1 and returns its address.
async fn start(scenario: Scenario) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    let state = AppState::new(scenario, vec![ALLOWED_ORIGIN.to_owned()]);
    tokio::spawn(async move {
        axum::serve(listener, app(state))
            .await
            .expect("server runs");
    });
    addr
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    /// The first header named `name`, compared case-insensitively.
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn decode_chunked(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size_text = std::str::from_utf8(&raw[..line_end]).expect("chunk size is text");
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).expect("chunk size is hex");
        raw = &raw[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// Sends one request (`headers` as `(name, value)` pairs) with `Connection: close` and reads the
/// whole reply.
async fn send(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if method == "PUT" || method == "POST" {
        request.push_str("Content-Length: 0\r\n");
    }
    request.push_str("\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("write request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read reply");

    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("reply has a header section");
    let head = std::str::from_utf8(&raw[..split]).expect("header section is text");
    let body_bytes = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(
        parts.next(),
        Some("HTTP/1.1"),
        "status line {status_line:?}"
    );
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("status code in {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').expect("header line has a colon");
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    let mut reply = Reply {
        status,
        headers,
        body: String::new(),
    };
    let body = if reply
        .header("transfer-encoding")
        .is_some_and(|te| te.eq_ignore_ascii_case("chunked"))
    {
        decode_chunked(body_bytes)
    } else {
        let len = reply
            .header("content-length")
            .map(|l| l.parse::<usize>().expect("numeric content-length"))
            .unwrap_or(body_bytes.len());
        body_bytes[..len].to_vec()
    };
    reply.body = String::from_utf8(body).expect("body is UTF-8");
    reply
}

fn bearer() -> String {
    format!("Bearer {DEMO_TOKEN}")
}

async fn get_balance(addr: SocketAddr) -> Reply {
    send(addr, "GET", BALANCE, &[("Authorization", &bearer())]).await
}

#[tokio::test]
async fn ok_and_plan_answer_valid_balances() {
    for (scenario, expected_balance) in [(Scenario::Ok, 1600), (Scenario::Plan, 1250)] {
        let addr = start(scenario).await;
        let r = get_balance(addr).await;
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
    let addr = start(Scenario::Plan).await;

    let r = send(addr, "GET", BALANCE, &[("Cookie", DEMO_COOKIE)]).await;
    assert_eq!(r.status, 200, "{r:?}");
    parse_balance_json(&r.body).expect("cookie sign-in gets a valid balance");

    let r = send(
        addr,
        "GET",
        BALANCE,
        &[("Cookie", &format!("theme=dark; {DEMO_COOKIE}"))],
    )
    .await;
    assert_eq!(r.status, 200, "demo cookie among others: {r:?}");

    let r = send(addr, "GET", BALANCE, &[]).await;
    assert_eq!(r.status, 401, "no credentials: {r:?}");
    assert_eq!(r.header("cache-control"), Some("no-store"));

    let r = send(
        addr,
        "GET",
        BALANCE,
        &[("Authorization", "Bearer not-the-demo-token")],
    )
    .await;
    assert_eq!(r.status, 401, "wrong token: {r:?}");

    let r = send(addr, "GET", BALANCE, &[("Cookie", "vidmud_session=other")]).await;
    assert_eq!(r.status, 401, "wrong cookie: {r:?}");
}

#[tokio::test]
async fn signed_out_is_401_and_server_error_is_503() {
    let addr = start(Scenario::SignedOut).await;
    let r = get_balance(addr).await;
    assert_eq!(r.status, 401, "signed-out with the demo token: {r:?}");
    let r = send(addr, "GET", BALANCE, &[("Cookie", DEMO_COOKIE)]).await;
    assert_eq!(r.status, 401, "signed-out with the demo cookie: {r:?}");

    let addr = start(Scenario::ServerError).await;
    let r = get_balance(addr).await;
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
        let addr = start(scenario).await;
        let r = get_balance(addr).await;
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
    let addr = start(Scenario::RateLimited).await;
    for attempt in 1..=2 {
        let r = get_balance(addr).await;
        assert_eq!(r.status, 429, "attempt {attempt}: {r:?}");
        assert_eq!(r.header("retry-after"), Some("1"), "attempt {attempt}");
    }
    let r = get_balance(addr).await;
    assert_eq!(r.status, 200, "third attempt: {r:?}");
    let balance = parse_balance_json(&r.body).expect("valid balance after the limit");
    assert_eq!(balance.balance, 1250);
}

#[tokio::test]
async fn cors_for_allowed_origins_only() {
    let addr = start(Scenario::Plan).await;

    let r = send(
        addr,
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
        addr,
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
        addr,
        "OPTIONS",
        BALANCE,
        &[
            ("Origin", ALLOWED_ORIGIN),
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "authorization"),
        ],
    )
    .await;
    assert_eq!(r.status, 204, "preflight: {r:?}");
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

#[tokio::test]
async fn control_endpoints_switch_scenarios_and_record_requests() {
    let addr = start(Scenario::Plan).await;

    let r = send(addr, "PUT", "/__scenario/server-error", &[]).await;
    assert!((200..300).contains(&r.status), "switch: {r:?}");
    let r = get_balance(addr).await;
    assert_eq!(r.status, 503, "after switching to server-error: {r:?}");

    let r = send(addr, "PUT", "/__scenario/no-such-scenario", &[]).await;
    assert_eq!(r.status, 404, "unknown scenario: {r:?}");
    let r = get_balance(addr).await;
    assert_eq!(r.status, 503, "an unknown name leaves the scenario: {r:?}");

    let r = send(addr, "DELETE", "/__requests", &[]).await;
    assert!((200..300).contains(&r.status), "clear: {r:?}");
    let r = send(addr, "GET", "/__requests", &[]).await;
    assert_eq!(r.status, 200, "{r:?}");
    let seen: serde_json::Value = serde_json::from_str(&r.body).expect("requests list is JSON");
    assert_eq!(seen, serde_json::json!([]), "cleared list");

    send(addr, "PUT", "/__scenario/plan", &[]).await;
    send(
        addr,
        "OPTIONS",
        BALANCE,
        &[
            ("Origin", ALLOWED_ORIGIN),
            ("Access-Control-Request-Method", "GET"),
        ],
    )
    .await;
    let r = send(
        addr,
        "GET",
        "/v1/credits/balance?fresh=1",
        &[("Authorization", &bearer()), ("Origin", ALLOWED_ORIGIN)],
    )
    .await;
    assert_eq!(r.status, 200, "{r:?}");
    send(addr, "GET", BALANCE, &[("Cookie", DEMO_COOKIE)]).await;

    let r = send(addr, "GET", "/__requests", &[]).await;
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

    let r = send(addr, "DELETE", "/__requests", &[]).await;
    assert!((200..300).contains(&r.status), "clear: {r:?}");
    let r = send(addr, "GET", "/__requests", &[]).await;
    let seen: serde_json::Value = serde_json::from_str(&r.body).expect("requests list is JSON");
    assert_eq!(seen, serde_json::json!([]), "list after DELETE");
}

#[tokio::test]
async fn slow_does_not_answer_within_a_second() {
    let addr = start(Scenario::Slow).await;
    let outcome = tokio::time::timeout(Duration::from_secs(1), get_balance(addr)).await;
    assert!(
        outcome.is_err(),
        "slow answered within 1 s: {:?}",
        outcome.ok()
    );
}

async fn get_usage(addr: SocketAddr) -> Reply {
    send(addr, "GET", USAGE, &[("Authorization", &bearer())]).await
}

const DAY_MS: i64 = 86_400_000;

#[tokio::test]
async fn usage_hostile_adds_markup_ids_that_a_plan_skips() {
    let catalog = Catalog::from_json(SEED_JSON).expect("the seed catalog");
    let addr = start(Scenario::UsageHostile).await;
    let usage = parse_usage_json(&get_usage(addr).await.body).expect("a usage answer");
    let got = plan_from_usage(&catalog, &usage).expect("a plan");
    let mut skipped = vec!["video/veo-3"];
    skipped.extend(HOSTILE_USAGE_IDS);
    assert_eq!(got.skipped, skipped);
    assert!(!got.plan.is_empty(), "the known ids still make lines");
}

#[tokio::test]
async fn usage_answers_the_demo_usage_when_signed_in() {
    let catalog = Catalog::from_json(SEED_JSON).expect("the seed catalog");
    for scenario in [
        Scenario::Ok,
        Scenario::Plan,
        Scenario::Low,
        Scenario::UsageBad,
    ] {
        let addr = start(scenario).await;
        let r = get_usage(addr).await;
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
        assert_eq!(usage.to_ms - usage.from_ms, 30 * DAY_MS, "{scenario:?}");
        let balance = parse_balance_json(&get_balance(addr).await.body).expect("a balance");
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

        let r = send(addr, "GET", "/v1/credits/usage", &[("Cookie", DEMO_COOKIE)]).await;
        assert_eq!(r.status, 200, "cookie and no days: {r:?}");
        assert_eq!(parse_usage_json(&r.body), Ok(usage), "days defaults to 30");
    }

    let addr = start(Scenario::Plan).await;
    let r = send(
        addr,
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
        addr,
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
    let addr = start(Scenario::Plan).await;
    for headers in [
        vec![],
        vec![("Authorization", "Bearer not-the-demo-token")],
        vec![("Cookie", "vidmud_session=other")],
    ] {
        let r = send(addr, "GET", USAGE, &headers).await;
        assert_eq!(r.status, 401, "{headers:?}: {r:?}");
        assert_eq!(r.header("cache-control"), Some("no-store"));
    }
    // Sign-in is checked before the query.
    let r = send(addr, "GET", "/v1/credits/usage?days=0", &[]).await;
    assert_eq!(r.status, 401, "{r:?}");
    let r = send(addr, "POST", USAGE, &[("Authorization", &bearer())]).await;
    assert_eq!(r.status, 405, "{r:?}");

    let addr = start(Scenario::SignedOut).await;
    assert_eq!(get_usage(addr).await.status, 401);
    let r = send(addr, "GET", USAGE, &[("Cookie", DEMO_COOKIE)]).await;
    assert_eq!(r.status, 401, "{r:?}");

    let addr = start(Scenario::ServerError).await;
    let r = get_usage(addr).await;
    assert_eq!(r.status, 503, "{r:?}");
    assert_eq!(r.header("cache-control"), Some("no-store"));

    for scenario in [
        Scenario::Malformed,
        Scenario::WrongShape,
        Scenario::Negative,
    ] {
        let addr = start(scenario).await;
        let r = get_usage(addr).await;
        assert_eq!(r.status, 200, "{scenario:?}: {r:?}");
        assert!(
            parse_usage_json(&r.body).is_err(),
            "{scenario:?}: body {:?} was accepted",
            r.body
        );
    }

    let addr = start(Scenario::Slow).await;
    let outcome = tokio::time::timeout(Duration::from_secs(1), get_usage(addr)).await;
    assert!(outcome.is_err(), "slow usage answered within 1 s");
}

#[tokio::test]
async fn usage_bad_breaks_the_usage_only() {
    let addr = start(Scenario::UsageBad).await;
    let r = get_balance(addr).await;
    assert_eq!(r.status, 200, "{r:?}");
    let balance = parse_balance_json(&r.body).expect("the balance is still good");
    assert_eq!(balance.balance, 1250);
    let r = get_usage(addr).await;
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
    let addr = start(Scenario::Plan).await;
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
            addr,
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
        let addr = start(scenario).await;
        for origin in [ALLOWED_ORIGIN, "http://evil.example"] {
            for method in ["GET", "OPTIONS"] {
                let headers = [
                    ("Authorization", bearer()),
                    ("Origin", origin.to_owned()),
                    ("Access-Control-Request-Method", "GET".to_owned()),
                ];
                let headers: Vec<(&str, &str)> =
                    headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
                let b = send(addr, method, BALANCE, &headers).await;
                let u = send(addr, method, USAGE, &headers).await;
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
                    assert_eq!(u.header("vary"), Some("Origin"), "{what}");
                }
            }
        }
    }
}

#[tokio::test]
async fn rate_limited_counts_each_endpoint() {
    let addr = start(Scenario::RateLimited).await;
    assert_eq!(get_balance(addr).await.status, 429);
    for attempt in 1..=2 {
        let r = get_usage(addr).await;
        assert_eq!(r.status, 429, "usage attempt {attempt}: {r:?}");
        assert_eq!(r.header("retry-after"), Some("1"));
    }
    let r = get_usage(addr).await;
    assert_eq!(r.status, 200, "third usage attempt: {r:?}");
    parse_usage_json(&r.body).expect("valid usage after the limit");
    assert_eq!(
        get_balance(addr).await.status,
        429,
        "second balance attempt"
    );
    assert_eq!(get_balance(addr).await.status, 200, "third balance attempt");
}

#[tokio::test]
async fn usage_requests_are_recorded() {
    let addr = start(Scenario::Plan).await;
    get_usage(addr).await;
    let r = send(addr, "GET", "/__requests", &[]).await;
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

#[tokio::test]
async fn the_catalog_is_a_newer_valid_price_list_any_page_may_read() {
    use vidmud_account_api::{NEWER_ADDED, NEWER_REPRICED, NEWER_WITHDRAWN};
    let addr = start(Scenario::Ok).await;
    let r = send(
        addr,
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
