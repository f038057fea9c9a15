//! The account API's usage answer (`GET {api-base}/v1/credits/usage?days=30`): reading it
//! strictly, and turning it into a plan of per-month lines.
//!
//! The contract is `docs/account-api.md`. A usage answer fills the plan only when every part of
//! it is right; anything else is an error and the plan stays as it was. Ids the catalog does not
//! price are listed as skipped, never priced.

use serde::{Deserialize, Serialize};

use crate::balance::{AnswerError, Count, MAX_SAFE_INTEGER};
use crate::catalog::Catalog;
use crate::period::Period;
use crate::plan::{Plan, PlanError};
use crate::time::parse_rfc3339;

/// The most lines a usage answer may have (before duplicates are summed).
pub const MAX_USAGE_LINES: usize = 1_000;

/// The `200` answer as it arrives (and as the reference server writes it). Unknown fields are
/// ignored.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct UsageWire {
    pub from: String,
    pub to: String,
    pub lines: Vec<UsageLineWire>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct UsageLineWire {
    pub id: String,
    pub count: Count,
}

/// A usage answer that passed every check: each id (trimmed) at most once, in the order of its
/// first appearance, with the counts of its lines summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Start and end of the period counted, in ms since the Unix epoch; `from_ms <= to_ms`.
    pub from_ms: i64,
    pub to_ms: i64,
    pub lines: Vec<(String, u64)>,
}

impl UsageWire {
    /// The checks that typing alone can't express.
    pub fn validate(self) -> Result<Usage, AnswerError> {
        if self.lines.len() > MAX_USAGE_LINES {
            return Err(AnswerError::TooManyLines);
        }
        let from_ms = parse_rfc3339(&self.from).ok_or(AnswerError::BadTime("from"))?;
        let to_ms = parse_rfc3339(&self.to).ok_or(AnswerError::BadTime("to"))?;
        if from_ms > to_ms {
            return Err(AnswerError::TimesOutOfOrder);
        }
        let mut lines: Vec<(String, u64)> = Vec::with_capacity(self.lines.len());
        for line in self.lines {
            let id = line.id.trim();
            if id.is_empty() {
                return Err(AnswerError::LineWithoutId);
            }
            // A linear scan: at most 1,000 lines, and no map code in the wasm build.
            match lines.iter_mut().find(|(k, _)| k == id) {
                Some((_, sum)) => {
                    *sum = sum
                        .checked_add(line.count.0)
                        .filter(|s| *s <= MAX_SAFE_INTEGER)
                        .ok_or(AnswerError::CountTooLarge)?;
                }
                None => lines.push((id.to_owned(), line.count.0)),
            }
        }
        Ok(Usage {
            from_ms,
            to_ms,
            lines,
        })
    }
}

/// Reads a `200` body with serde_json (native callers and tests; the widget parses with the
/// browser's `JSON.parse` and calls [`UsageWire::validate`]).
#[cfg(any(test, feature = "json"))]
pub fn parse_usage_json(text: &str) -> Result<Usage, AnswerError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| AnswerError::NotJson)?;
    let wire: UsageWire =
        serde_json::from_value(value).map_err(|e| AnswerError::Shape(e.to_string()))?;
    wire.validate()
}

/// A plan made from usage, and the ids it could not price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromUsage {
    pub plan: Plan,
    /// Ids with a count above 0 that the catalog does not price (unknown, or listed as
    /// unpriced), in answer order, each once.
    pub skipped: Vec<String>,
}

/// A new plan with one per-month line per priced id whose count is above 0, the count as its
/// quantity. The counts are taken as they are: the widget asks for 30 days, a month.
///
/// Ids the catalog does not price go to `skipped` and are never priced; lines with a count of 0
/// are left out. A count above the quantity limit refuses the whole answer
/// ([`PlanError::OutOfRange`]): the caller keeps its plan as it was.
pub fn plan_from_usage(catalog: &Catalog, usage: &Usage) -> Result<FromUsage, PlanError> {
    let mut plan = Plan::new();
    let mut skipped: Vec<String> = Vec::new();
    for (id, count) in &usage.lines {
        if *count == 0 {
            continue;
        }
        if catalog.entry(id).is_none() {
            if !skipped.contains(id) {
                skipped.push(id.clone());
            }
            continue;
        }
        // Repeated ids (a `Usage` not made by `validate`) add up, as `validate` would have.
        let quantity = u64::from(plan.quantity(id)).saturating_add(*count);
        plan.set(catalog, id, quantity)?;
        plan.set_period(catalog, id, Period::Month)?;
    }
    Ok(FromUsage { plan, skipped })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SEED_JSON;
    use crate::quantity::MAX_QUANTITY;
    use proptest::prelude::*;

    fn seed() -> Catalog {
        Catalog::from_wire(serde_json::from_str(SEED_JSON).unwrap()).unwrap()
    }

    const FROM: &str = "2026-10-26T14:05:00Z";
    const TO: &str = "2026-11-25T14:05:00Z";

    fn body(lines: &str) -> String {
        format!(r#"{{"from": "{FROM}", "to": "{TO}", "lines": [{lines}]}}"#)
    }

    fn usage(lines: &[(&str, u64)]) -> Usage {
        Usage {
            from_ms: 0,
            to_ms: 0,
            lines: lines.iter().map(|(i, c)| ((*i).to_owned(), *c)).collect(),
        }
    }

    #[test]
    fn reads_a_good_answer() {
        let u = parse_usage_json(&body(
            r#"{"id": "text-to-image/flux-dev", "count": 120}, {"id": "ai-expand", "count": 14.0, "extra": 1},
               {"id": "video/veo-3", "count": 4}"#,
        ))
        .unwrap();
        assert_eq!(u.from_ms, crate::time::parse_rfc3339(FROM).unwrap());
        assert_eq!(u.to_ms, 1_795_615_500_000);
        assert_eq!(
            u.lines,
            vec![
                ("text-to-image/flux-dev".to_owned(), 120),
                ("ai-expand".to_owned(), 14),
                ("video/veo-3".to_owned(), 4)
            ]
        );
        let empty = parse_usage_json(&format!(
            r#"{{"from": "{TO}", "to": "{TO}", "lines": [], "currency": "credits"}}"#
        ))
        .unwrap();
        assert_eq!((empty.from_ms, empty.lines.len()), (empty.to_ms, 0));
    }

    #[test]
    fn sums_repeated_ids_and_trims_them() {
        let u = parse_usage_json(&body(
            r#"{"id": "ai-expand", "count": 3}, {"id": "chat-editing", "count": 1},
               {"id": " ai-expand ", "count": 4}, {"id": "ai-expand", "count": 0}"#,
        ))
        .unwrap();
        assert_eq!(
            u.lines,
            vec![("ai-expand".to_owned(), 7), ("chat-editing".to_owned(), 1)]
        );
        let at_limit = body(&format!(
            r#"{{"id": "a", "count": {}}}, {{"id": "a", "count": 1}}"#,
            MAX_SAFE_INTEGER - 1
        ));
        assert_eq!(
            parse_usage_json(&at_limit).unwrap().lines,
            vec![("a".to_owned(), MAX_SAFE_INTEGER)]
        );
        let over = body(&format!(
            r#"{{"id": "a", "count": {MAX_SAFE_INTEGER}}}, {{"id": "a", "count": 1}}"#
        ));
        assert_eq!(parse_usage_json(&over), Err(AnswerError::CountTooLarge));
    }

    #[test]
    fn refuses_bad_answers() {
        for text in ["", "<html>502</html>", "{", "{\"lines\": [],}"] {
            assert_eq!(
                parse_usage_json(text),
                Err(AnswerError::NotJson),
                "{text:?}"
            );
        }
        let shape = [
            "[]".to_owned(),
            "null".to_owned(),
            format!(r#"{{"from": "{FROM}", "to": "{TO}"}}"#),
            format!(r#"{{"from": "{FROM}", "lines": []}}"#),
            format!(r#"{{"to": "{TO}", "lines": []}}"#),
            format!(r#"{{"from": "{FROM}", "to": "{TO}", "lines": null}}"#),
            format!(r#"{{"from": "{FROM}", "to": "{TO}", "lines": {{}}}}"#),
            format!(r#"{{"from": 0, "to": "{TO}", "lines": []}}"#),
            body(r#"{"id": "ai-expand"}"#),
            body(r#"{"count": 3}"#),
            body(r#"{"id": 5, "count": 3}"#),
            body(r#"{"id": "ai-expand", "count": -1}"#),
            body(r#"{"id": "ai-expand", "count": 1.5}"#),
            body(r#"{"id": "ai-expand", "count": "3"}"#),
            body(r#"{"id": "ai-expand", "count": null}"#),
            body(r#"{"id": "ai-expand", "count": 9007199254740992}"#),
            body(r#""ai-expand""#),
        ];
        for text in &shape {
            assert!(
                matches!(parse_usage_json(text), Err(AnswerError::Shape(_))),
                "{text}"
            );
        }
        assert_eq!(
            parse_usage_json(&format!(
                r#"{{"from": "last month", "to": "{TO}", "lines": []}}"#
            )),
            Err(AnswerError::BadTime("from"))
        );
        assert_eq!(
            parse_usage_json(&format!(
                r#"{{"from": "{FROM}", "to": "2026-11-25", "lines": []}}"#
            )),
            Err(AnswerError::BadTime("to"))
        );
        assert_eq!(
            parse_usage_json(&format!(
                r#"{{"from": "{TO}", "to": "{FROM}", "lines": []}}"#
            )),
            Err(AnswerError::TimesOutOfOrder)
        );
        assert_eq!(
            parse_usage_json(&body(r#"{"id": " ", "count": 3}"#)),
            Err(AnswerError::LineWithoutId)
        );
        assert_eq!(
            parse_usage_json(&body(r#"{"id": "", "count": 0}"#)),
            Err(AnswerError::LineWithoutId)
        );
    }

    #[test]
    fn at_most_a_thousand_lines() {
        let lines = |n: usize| {
            (0..n)
                .map(|i| format!(r#"{{"id": "e{}", "count": 1}}"#, i % 7))
                .collect::<Vec<_>>()
                .join(",")
        };
        let ok = parse_usage_json(&body(&lines(MAX_USAGE_LINES))).unwrap();
        assert_eq!(ok.lines.len(), 7);
        assert_eq!(ok.lines.iter().map(|(_, c)| c).sum::<u64>(), 1000);
        assert_eq!(
            parse_usage_json(&body(&lines(MAX_USAGE_LINES + 1))),
            Err(AnswerError::TooManyLines)
        );
    }

    #[test]
    fn fills_a_plan_with_monthly_lines_and_skips_unpriced_ids() {
        let c = seed();
        let u = parse_usage_json(&body(
            r#"{"id": "video/veo-3", "count": 4}, {"id": "text-to-image/flux-dev", "count": 120},
               {"id": "image-to-video", "count": 2}, {"id": "ai-expand", "count": 14},
               {"id": "chat-editing", "count": 0}, {"id": "unused/model", "count": 0},
               {"id": "image-to-image/nano-banana", "count": 9}"#,
        ))
        .unwrap();
        let got = plan_from_usage(&c, &u).unwrap();
        // Unknown and unpriced ids (image-to-video is in the catalog's `unpriced` list).
        assert_eq!(got.skipped, ["video/veo-3", "image-to-video"]);
        let p = &got.plan;
        assert_eq!(p.quantity("text-to-image/flux-dev"), 120);
        assert_eq!(p.period("text-to-image/flux-dev"), Period::Month);
        assert_eq!(p.quantity("ai-expand"), 14);
        assert_eq!(p.period("ai-expand"), Period::Month);
        assert_eq!(p.quantity("chat-editing"), 0);
        assert_eq!(
            p.period("chat-editing"),
            Period::Once,
            "a 0 count adds no line"
        );
        let q = p.quote(&c).unwrap();
        assert_eq!((q.once, q.monthly), (0, 120 + 14 * 4 + 9 * 3));
        assert_eq!(q.lines.len(), 3);
        assert!(q.lines.iter().all(|l| l.period == Period::Month));

        let nothing = plan_from_usage(&c, &usage(&[])).unwrap();
        assert!(nothing.plan.is_empty() && nothing.skipped.is_empty());
    }

    #[test]
    fn a_count_above_the_limit_refuses_the_whole_answer() {
        let c = seed();
        let max = u64::from(MAX_QUANTITY);
        let fine = usage(&[("ai-expand", max), ("nope", max + 1)]);
        assert_eq!(
            plan_from_usage(&c, &fine)
                .unwrap()
                .plan
                .quantity("ai-expand"),
            MAX_QUANTITY
        );
        let over = usage(&[("chat-editing", 3), ("ai-expand", max + 1)]);
        assert_eq!(
            plan_from_usage(&c, &over),
            Err(PlanError::OutOfRange(max + 1))
        );
        let huge = usage(&[("ai-expand", MAX_SAFE_INTEGER)]);
        assert_eq!(
            plan_from_usage(&c, &huge),
            Err(PlanError::OutOfRange(MAX_SAFE_INTEGER))
        );
    }

    #[test]
    fn repeated_ids_in_a_hand_made_usage_add_up_once_each() {
        let c = seed();
        let u = usage(&[("ai-expand", 2), ("x", 1), ("ai-expand", 3), ("x", 5)]);
        let got = plan_from_usage(&c, &u).unwrap();
        assert_eq!(got.plan.quantity("ai-expand"), 5);
        assert_eq!(got.skipped, ["x"]);
    }

    #[test]
    fn the_wire_types_write_what_they_read() {
        let wire = UsageWire {
            from: FROM.to_owned(),
            to: TO.to_owned(),
            lines: vec![UsageLineWire {
                id: "ai-expand".to_owned(),
                count: Count(14),
            }],
        };
        let text = serde_json::to_string(&wire).unwrap();
        assert_eq!(
            text,
            format!(r#"{{"from":"{FROM}","to":"{TO}","lines":[{{"id":"ai-expand","count":14}}]}}"#)
        );
        assert_eq!(
            parse_usage_json(&text).unwrap().lines,
            vec![("ai-expand".to_owned(), 14)]
        );
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,64}") {
            let _ = parse_usage_json(&text);
        }

        #[test]
        fn arbitrary_lines_never_panic(lines in "[-\\[\\]{}\",:0-9a-z. ]{0,96}") {
            let _ = parse_usage_json(&body(&lines));
        }

        #[test]
        fn plan_lines_add_up_to_the_quote(
            lines in proptest::collection::vec((0usize..24, 0..=u64::from(MAX_QUANTITY) / 2), 0..40)
        ) {
            let c = seed();
            // Catalog ids, an unpriced one and unknown ones, repeated at random.
            let ids: Vec<String> = c.entries.iter().map(|e| e.id.clone())
                .chain(["image-to-video".to_owned(), "video/veo-3".to_owned(), "x".to_owned()])
                .collect();
            let text = body(&lines.iter()
                .map(|(i, n)| format!(r#"{{"id": "{}", "count": {n}}}"#, ids[i % ids.len()]))
                .collect::<Vec<_>>().join(","));
            let u = parse_usage_json(&text).unwrap();
            let mut sums: Vec<(String, u64)> = Vec::new();
            for (i, n) in &lines {
                let id = &ids[i % ids.len()];
                match sums.iter_mut().find(|(k, _)| k == id) {
                    Some((_, s)) => *s += n,
                    None => sums.push((id.clone(), *n)),
                }
            }
            prop_assert_eq!(&u.lines, &sums);
            match plan_from_usage(&c, &u) {
                Ok(got) => {
                    let q = got.plan.quote(&c).unwrap();
                    prop_assert_eq!(q.once, 0);
                    prop_assert_eq!(q.lines.iter().map(|l| l.credits).sum::<u64>(), q.total);
                    prop_assert_eq!(got.plan.total(&c), Some(q.total));
                    let expected: u64 = sums.iter()
                        .filter_map(|(id, n)| c.entry(id).map(|e| n * u64::from(e.credits)))
                        .sum();
                    prop_assert_eq!(q.total, expected);
                    for l in &q.lines {
                        prop_assert_eq!(l.period, Period::Month);
                        prop_assert!(sums.iter().any(|(id, n)| *id == l.id && *n == u64::from(l.quantity)));
                    }
                    let unpriced: Vec<&String> = sums.iter()
                        .filter(|(id, n)| *n > 0 && c.entry(id).is_none())
                        .map(|(id, _)| id).collect();
                    prop_assert_eq!(got.skipped.iter().collect::<Vec<_>>(), unpriced);
                }
                Err(e) => {
                    prop_assert!(matches!(e, PlanError::OutOfRange(_)));
                    prop_assert!(sums.iter().any(|(id, n)| c.entry(id).is_some() && *n > u64::from(MAX_QUANTITY)));
                }
            }
        }
    }
}
