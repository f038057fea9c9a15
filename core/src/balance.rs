//! The account API's balance answer: reading it strictly, and what the widget shows for it.
//!
//! The contract is `docs/account-api.md`. A balance is shown only when every part of the answer
//! is right; anything else becomes an error, never a number.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::time::parse_rfc3339;

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// How long to wait after a 429 without a usable `Retry-After`, and the most we ever wait.
pub const DEFAULT_RETRY_AFTER_SECS: u32 = 2;
pub const MAX_RETRY_AFTER_SECS: u32 = 60;

/// A count of credits on the wire: a JSON number whose value is a whole number from 0 to
/// 2^53 − 1. `5.0` is 5 (JSON does not tell the two apart); `5.5`, `-1`, `"5"` and `2^53` are
/// refused. The same rule holds whichever JSON parser produced the value. Written as the plain
/// number (the reference server shares the wire types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Count(pub u64);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Count, D::Error> {
        d.deserialize_any(CountVisitor)
    }
}

struct CountVisitor;

impl CountVisitor {
    fn check<E: de::Error>(v: u64) -> Result<Count, E> {
        if v <= MAX_SAFE_INTEGER {
            Ok(Count(v))
        } else {
            Err(E::custom("a credit count above 2^53 - 1"))
        }
    }
}

// Every refusal uses a fixed message: formatting the offending value would pull float printing
// into the wasm build for no benefit to the person reading it.
impl<'de> Visitor<'de> for CountVisitor {
    type Value = Count;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a whole number of credits")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
        Self::check(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
        match u64::try_from(v) {
            Ok(v) => Self::check(v),
            Err(_) => Err(E::custom("a negative credit count")),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
        if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= MAX_SAFE_INTEGER as f64 {
            Ok(Count(v as u64))
        } else if v < 0.0 {
            Err(E::custom("a negative credit count"))
        } else {
            Err(E::custom(
                "a credit count that is not a whole number in range",
            ))
        }
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Count, E> {
        Err(E::custom("a credit count given as a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Count, E> {
        Err(E::custom("a credit count given as true/false"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Count, E> {
        Err(E::custom("a credit count that is null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Count, E> {
        self.visit_unit()
    }

    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<Count, A::Error> {
        Err(de::Error::custom("a credit count given as an object"))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Count, A::Error> {
        Err(de::Error::custom("a credit count given as a list"))
    }
}

/// The `200` answer as it arrives. Unknown fields are ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct BalanceWire {
    pub balance: Count,
    pub updated_at: String,
    #[serde(default)]
    pub plan: Option<PlanUsageWire>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PlanUsageWire {
    pub name: String,
    pub period_credits: Count,
    pub period_used: Count,
    pub period_ends_at: String,
}

/// A balance that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub balance: u64,
    /// When the account service computed it, in ms since the Unix epoch.
    pub updated_at_ms: i64,
    pub plan: Option<PlanUsage>,
}

/// How much of the subscription's credits this period has used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanUsage {
    pub name: String,
    pub period_credits: u64,
    pub period_used: u64,
    pub period_ends_at_ms: i64,
}

impl PlanUsage {
    /// Share used, 0..=100, for the usage bar. Over-use shows as full.
    pub fn used_percent(&self) -> u32 {
        if self.period_credits == 0 {
            return if self.period_used == 0 { 0 } else { 100 };
        }
        if self.period_used >= self.period_credits {
            return 100;
        }
        // used < credits here. Counts from the wire are at most 2^53 - 1, so `used * 100` fits a
        // u64; plain u64 arithmetic keeps 128-bit division out of the wasm build.
        match self.period_used.checked_mul(100) {
            Some(x) => (x / self.period_credits) as u32,
            // Beyond the wire's range: scale both down, which is exact enough to draw a bar.
            None => (self.period_used / (self.period_credits / 100)).min(99) as u32,
        }
    }
}

/// Why a `200` answer was not shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("the answer is not JSON")]
    NotJson,
    #[error("the answer has the wrong shape: {0}")]
    Shape(String),
    #[error("the answer's {0} is not an RFC 3339 time")]
    BadTime(&'static str),
    #[error("the answer's plan has no name")]
    PlanWithoutName,
    /// Usage: `from` is after `to`.
    #[error("the answer's from is after its to")]
    TimesOutOfOrder,
    /// Usage: a line's id is empty or only spaces.
    #[error("the answer has a usage line without an id")]
    LineWithoutId,
    /// Usage: more than 1,000 lines.
    #[error("the answer has more than 1,000 usage lines")]
    TooManyLines,
    /// Usage: the lines of one id add up to more than 2^53 − 1.
    #[error("the answer's counts for one id add up to more than 2^53 - 1")]
    CountTooLarge,
}

impl BalanceWire {
    /// The checks that typing alone can't express.
    pub fn validate(self) -> Result<Balance, AnswerError> {
        let updated_at_ms =
            parse_rfc3339(&self.updated_at).ok_or(AnswerError::BadTime("updated_at"))?;
        let plan = match self.plan {
            None => None,
            Some(p) => {
                if p.name.trim().is_empty() {
                    return Err(AnswerError::PlanWithoutName);
                }
                Some(PlanUsage {
                    name: p.name.trim().to_owned(),
                    period_credits: p.period_credits.0,
                    period_used: p.period_used.0,
                    period_ends_at_ms: parse_rfc3339(&p.period_ends_at)
                        .ok_or(AnswerError::BadTime("period_ends_at"))?,
                })
            }
        };
        Ok(Balance {
            balance: self.balance.0,
            updated_at_ms,
            plan,
        })
    }
}

/// Reads a `200` body with serde_json (native callers and tests; the widget parses with the
/// browser's `JSON.parse` and calls [`BalanceWire::validate`]).
#[cfg(any(test, feature = "json"))]
pub fn parse_balance_json(text: &str) -> Result<Balance, AnswerError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| AnswerError::NotJson)?;
    let wire: BalanceWire =
        serde_json::from_value(value).map_err(|e| AnswerError::Shape(e.to_string()))?;
    wire.validate()
}

/// An RFC 3339 time known to be valid, for tests of code built on [`Balance`].
///
/// # Panics
/// When `s` is not an RFC 3339 time.
pub fn parse_rfc3339_for_tests(s: &str) -> i64 {
    parse_rfc3339(s).expect("a valid RFC 3339 time")
}

/// What an HTTP status means for the balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    /// `200`: read the body.
    Answer,
    /// `401`/`403`.
    SignedOut,
    /// `429`: wait this many seconds, then ask again.
    RetryAfter(u32),
    /// Anything else, `5xx` included.
    Failed(u16),
}

pub fn classify_status(status: u16, retry_after: Option<&str>) -> StatusClass {
    match status {
        200 => StatusClass::Answer,
        401 | 403 => StatusClass::SignedOut,
        429 => StatusClass::RetryAfter(retry_after_secs(retry_after)),
        other => StatusClass::Failed(other),
    }
}

/// `Retry-After` as delta-seconds, capped at a minute. The HTTP-date form and junk fall back to
/// the default: the widget never waits on a clock it does not share with the server.
pub fn retry_after_secs(header: Option<&str>) -> u32 {
    let Some(v) = header.map(str::trim) else {
        return DEFAULT_RETRY_AFTER_SECS;
    };
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return DEFAULT_RETRY_AFTER_SECS;
    }
    let significant = v.trim_start_matches('0');
    if significant.len() > 2 {
        return MAX_RETRY_AFTER_SECS;
    }
    let secs = significant
        .bytes()
        .fold(0u32, |a, b| a * 10 + u32::from(b - b'0'));
    secs.min(MAX_RETRY_AFTER_SECS)
}

/// The balance panel's state, as `data-state` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalancePhase {
    Idle,
    Loading,
    Ok,
    Stale,
    SignedOut,
    Error,
}

impl BalancePhase {
    pub fn as_str(self) -> &'static str {
        match self {
            BalancePhase::Idle => "idle",
            BalancePhase::Loading => "loading",
            BalancePhase::Ok => "ok",
            BalancePhase::Stale => "stale",
            BalancePhase::SignedOut => "signed-out",
            BalancePhase::Error => "error",
        }
    }
}

/// Why there is no fresh balance to show. Kept as a reason, not text, so that it is worded
/// once, in the widget's messages, for the element's locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalanceFailure {
    /// No answer at all (network down, CORS refused).
    Network,
    /// No complete answer within the contract's 10 s.
    Timeout,
    /// Still `429` after the allowed waits.
    RateLimited,
    /// Another status, such as `503`.
    Status(u16),
    /// A `200` whose body isn't a valid balance.
    BadAnswer,
    /// The part of the widget that talks to the account API couldn't be loaded.
    Unavailable,
    /// The host's token can't be sent in an HTTP header (see [`token_is_sendable`]): nothing
    /// was asked.
    BadToken,
}

/// Whether `token` can go in an `Authorization: Bearer` header as it is. Browsers refuse a
/// header with a character above U+00FF or a line break (the request then never starts), and
/// a bearer token (RFC 6750 `b64token`) is made of visible ASCII only; so is what this
/// accepts: at least one character, each from `!` to `~`.
pub fn token_is_sendable(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| (b'!'..=b'~').contains(&b))
}

/// Everything the balance panel shows, folded from the answers received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceView {
    pub phase: BalancePhase,
    /// The last good answer: shown when `Ok`, shown as stale after a failed refresh.
    pub last: Option<Balance>,
    /// Why the last attempt failed; the widget's messages say it in the reader's language.
    pub error: Option<BalanceFailure>,
}

impl Default for BalanceView {
    fn default() -> Self {
        BalanceView::idle()
    }
}

impl BalanceView {
    pub fn idle() -> BalanceView {
        BalanceView {
            phase: BalancePhase::Idle,
            last: None,
            error: None,
        }
    }

    /// A request started. A refresh of the same account keeps the last answer to fall back on;
    /// a different account (new token or API) must never see the previous one's balance.
    pub fn loading(&self, same_account: bool) -> BalanceView {
        BalanceView {
            phase: BalancePhase::Loading,
            last: if same_account {
                self.last.clone()
            } else {
                None
            },
            error: None,
        }
    }

    pub fn received(&self, balance: Balance) -> BalanceView {
        BalanceView {
            phase: BalancePhase::Ok,
            last: Some(balance),
            error: None,
        }
    }

    pub fn signed_out(&self) -> BalanceView {
        BalanceView {
            phase: BalancePhase::SignedOut,
            last: None,
            error: None,
        }
    }

    pub fn failed(&self, why: BalanceFailure) -> BalanceView {
        BalanceView {
            phase: if self.last.is_some() {
                BalancePhase::Stale
            } else {
                BalancePhase::Error
            },
            last: self.last.clone(),
            error: Some(why),
        }
    }

    /// The balance to show, only in the states that show one.
    pub fn shown(&self) -> Option<&Balance> {
        match self.phase {
            BalancePhase::Ok | BalancePhase::Stale => self.last.as_ref(),
            _ => None,
        }
    }
}

/// What the balance leaves after the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterPlan {
    Left(u64),
    Short(u64),
}

impl AfterPlan {
    pub fn of(balance: u64, total: u64) -> AfterPlan {
        if balance >= total {
            AfterPlan::Left(balance - total)
        } else {
            AfterPlan::Short(total - balance)
        }
    }

    /// `balance − total` as a signed integer (`data-value`).
    pub fn signed(self) -> i128 {
        match self {
            AfterPlan::Left(n) => i128::from(n),
            AfterPlan::Short(n) => -i128::from(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const OK: &str = r#"{"balance": 1600, "updated_at": "2026-11-25T14:05:00Z"}"#;

    #[test]
    fn reads_a_good_answer() {
        let b = parse_balance_json(OK).unwrap();
        assert_eq!(b.balance, 1600);
        assert_eq!(b.plan, None);
        let with_plan = r#"{"balance": 1250, "updated_at": "2026-11-25T14:05:00Z", "extra": [1, {"x": null}],
            "plan": {"name": "Pro", "period_credits": 2000, "period_used": 750,
                     "period_ends_at": "2026-12-01T00:00:00Z", "tier": 3}}"#;
        let b = parse_balance_json(with_plan).unwrap();
        let p = b.plan.unwrap();
        assert_eq!(
            (p.period_credits, p.period_used, p.used_percent()),
            (2000, 750, 37)
        );
        assert_eq!(p.period_ends_at_ms, 1_796_083_200_000);
        let null_plan = r#"{"balance": 0, "updated_at": "2026-11-25T14:05:00Z", "plan": null}"#;
        assert_eq!(parse_balance_json(null_plan).unwrap().balance, 0);
        let max =
            format!(r#"{{"balance": {MAX_SAFE_INTEGER}, "updated_at": "2026-11-25T14:05:00Z"}}"#);
        assert_eq!(parse_balance_json(&max).unwrap().balance, MAX_SAFE_INTEGER);
        let whole_float = r#"{"balance": 5.0, "updated_at": "2026-11-25T14:05:00Z"}"#;
        assert_eq!(parse_balance_json(whole_float).unwrap().balance, 5);
    }

    #[test]
    fn never_shows_a_bad_answer_as_a_number() {
        let not_json = [
            "",
            "<html>502 Bad Gateway</html>",
            "{",
            "1600",
            "{\"balance\": 1600,}",
        ];
        for body in not_json {
            let got = parse_balance_json(body);
            assert!(
                matches!(got, Err(AnswerError::NotJson) | Err(AnswerError::Shape(_))),
                "{body:?} gave {got:?}"
            );
        }
        let t = r#""updated_at": "2026-11-25T14:05:00Z""#;
        let wrong = [
            format!(r#"{{"balance": -1, {t}}}"#),
            format!(r#"{{"balance": 1.5, {t}}}"#),
            format!(r#"{{"balance": "1600", {t}}}"#),
            format!(r#"{{"balance": 9007199254740992, {t}}}"#),
            format!(r#"{{"balance": 1e300, {t}}}"#),
            format!(r#"{{"balance": null, {t}}}"#),
            format!(r#"{{"balance": true, {t}}}"#),
            format!(r#"{{"balance": [1], {t}}}"#),
            format!(r#"{{"balance": {{"v": 1}}, {t}}}"#),
            format!(r#"{{{t}}}"#),
            r#"{"balance": 10}"#.to_string(),
            r#"{"balance": 10, "updated_at": 5}"#.to_string(),
            "[]".to_string(),
            "null".to_string(),
            format!(r#"{{"balance": 10, {t}, "plan": {{"name": "Pro"}}}}"#),
            format!(
                r#"{{"balance": 10, {t}, "plan": {{"name": "Pro", "period_credits": -5, "period_used": 1, "period_ends_at": "2026-12-01T00:00:00Z"}}}}"#
            ),
            format!(
                r#"{{"balance": 10, {t}, "plan": {{"name": "Pro", "period_credits": 5, "period_used": "1", "period_ends_at": "2026-12-01T00:00:00Z"}}}}"#
            ),
        ];
        for body in &wrong {
            assert!(
                matches!(parse_balance_json(body), Err(AnswerError::Shape(_))),
                "{body}"
            );
        }
        assert_eq!(
            parse_balance_json(r#"{"balance": 10, "updated_at": "soon"}"#),
            Err(AnswerError::BadTime("updated_at"))
        );
        let bad_end = format!(
            r#"{{"balance": 10, {t}, "plan": {{"name": "Pro", "period_credits": 5, "period_used": 1, "period_ends_at": "Dec 1"}}}}"#
        );
        assert_eq!(
            parse_balance_json(&bad_end),
            Err(AnswerError::BadTime("period_ends_at"))
        );
        let no_name = format!(
            r#"{{"balance": 10, {t}, "plan": {{"name": " ", "period_credits": 5, "period_used": 1, "period_ends_at": "2026-12-01T00:00:00Z"}}}}"#
        );
        assert_eq!(
            parse_balance_json(&no_name),
            Err(AnswerError::PlanWithoutName)
        );
    }

    #[test]
    fn statuses_mean_what_the_contract_says() {
        assert_eq!(classify_status(200, None), StatusClass::Answer);
        assert_eq!(classify_status(401, None), StatusClass::SignedOut);
        assert_eq!(classify_status(403, None), StatusClass::SignedOut);
        assert_eq!(classify_status(429, Some("5")), StatusClass::RetryAfter(5));
        assert_eq!(classify_status(429, None), StatusClass::RetryAfter(2));
        assert_eq!(classify_status(500, None), StatusClass::Failed(500));
        assert_eq!(classify_status(503, None), StatusClass::Failed(503));
        assert_eq!(classify_status(204, None), StatusClass::Failed(204));
        assert_eq!(classify_status(404, None), StatusClass::Failed(404));
        assert_eq!(classify_status(302, None), StatusClass::Failed(302));
    }

    #[test]
    fn retry_after_is_bounded() {
        assert_eq!(retry_after_secs(None), 2);
        assert_eq!(retry_after_secs(Some("")), 2);
        assert_eq!(retry_after_secs(Some("0")), 0);
        assert_eq!(retry_after_secs(Some(" 7 ")), 7);
        assert_eq!(retry_after_secs(Some("60")), 60);
        assert_eq!(retry_after_secs(Some("61")), 60);
        assert_eq!(retry_after_secs(Some("99999999999999999999")), 60);
        assert_eq!(retry_after_secs(Some("-3")), 2);
        assert_eq!(retry_after_secs(Some("1.5")), 2);
        assert_eq!(retry_after_secs(Some("Wed, 21 Oct 2026 07:28:00 GMT")), 2);
    }

    fn good() -> Balance {
        parse_balance_json(OK).unwrap()
    }

    #[test]
    fn states_follow_answers() {
        let v = BalanceView::idle();
        assert_eq!(v.phase.as_str(), "idle");
        let v = v.loading(true);
        assert_eq!((v.phase, v.shown()), (BalancePhase::Loading, None));
        let v = v.failed(BalanceFailure::Network);
        assert_eq!(v.phase, BalancePhase::Error);
        let v = v.loading(true).received(good());
        assert_eq!(v.phase.as_str(), "ok");
        assert_eq!(v.shown().unwrap().balance, 1600);
        let v = v.loading(true);
        assert_eq!(v.shown(), None, "no number while loading");
        let v = v.failed(BalanceFailure::Network);
        assert_eq!(v.phase.as_str(), "stale");
        assert_eq!(v.shown().unwrap().balance, 1600);
        assert_eq!(v.error, Some(BalanceFailure::Network));
        let v = v.signed_out();
        assert_eq!((v.phase.as_str(), v.shown()), ("signed-out", None));
        let other_account = v
            .received(good())
            .loading(false)
            .failed(BalanceFailure::Timeout);
        assert_eq!(
            other_account.phase,
            BalancePhase::Error,
            "another account's balance is never shown"
        );
    }

    #[test]
    fn after_plan_left_or_short() {
        assert_eq!(AfterPlan::of(1600, 450), AfterPlan::Left(1150));
        assert_eq!(AfterPlan::of(100, 550), AfterPlan::Short(450));
        assert_eq!(AfterPlan::of(5, 5), AfterPlan::Left(0));
        assert_eq!(AfterPlan::of(100, 550).signed(), -450);
    }

    proptest! {
        #[test]
        fn after_plan_is_balance_minus_total(b in 0..=MAX_SAFE_INTEGER, t in 0..(1u64 << 40)) {
            prop_assert_eq!(AfterPlan::of(b, t).signed(), i128::from(b) - i128::from(t));
        }

        #[test]
        fn any_integer_balance_in_range_round_trips(b in 0..=MAX_SAFE_INTEGER) {
            let body = format!(r#"{{"balance": {b}, "updated_at": "2026-11-25T14:05:00Z"}}"#);
            prop_assert_eq!(parse_balance_json(&body).unwrap().balance, b);
        }

        #[test]
        fn arbitrary_text_never_panics(body in "\\PC{0,64}") {
            let _ = parse_balance_json(&body);
        }
    }

    #[test]
    fn only_visible_ascii_tokens_are_sent() {
        assert!(token_is_sendable("abc.DEF-123_~+/="));
        for bad in [
            "",
            "a b",
            "tok\u{e9}n\u{2603}",
            "a\nb",
            "a\rb",
            "a\u{0}b",
            "a\u{7f}",
            "\u{100}",
            "caf\u{e9}",
        ] {
            assert!(!token_is_sendable(bad), "{bad:?}");
        }
    }
}
