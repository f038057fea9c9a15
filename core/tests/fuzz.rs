//! Hostile input at scale: every parser and decoder of the core, fed for a set time.
//!
//! `cargo xtask fuzz [seconds]` runs each target for that long (default 30 s); `cargo xtask
//! test` runs a short pass (1 s each). There is no coverage-guided fuzzer on stable Rust here
//! (cargo-fuzz and afl need nightly or a C toolchain's instrumentation), so inputs are made the
//! way such fuzzers start: valid seeds (the shipped catalog, the reference server's answers,
//! real links and stored values) with random edits drawn from a dictionary of the formats'
//! tokens, and random text. A panic fails the test; so does any input that takes longer than
//! `SLOW` or a parser whose time grows faster than its input (`*_is_linear`).
//!
//! Reproduce a run with `VIDMUD_FUZZ_SEED=<seed printed by the run>`.

use std::time::{Duration, Instant};

use vidmud_credits_core::balance::parse_balance_json;
use vidmud_credits_core::catalog::{dom_id, SEED_JSON};
use vidmud_credits_core::share::{
    decode, from_stored, plan_in_fragment, share_link, to_stored, with_plan,
};
use vidmud_credits_core::usage::parse_usage_json;
use vidmud_credits_core::{
    parse_packs, parse_quantity, parse_whole, Catalog, Json, Plan, QuantityError, MAX_QUANTITY,
};

/// No single input of a few kilobytes may take this long.
const SLOW: Duration = Duration::from_millis(50);

/// Tokens of the formats under test, spliced into inputs.
const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "null",
    "true",
    "false",
    "-1",
    "0",
    "1e309",
    "-0",
    "9007199254740993",
    "18446744073709551616",
    "1.5",
    "NaN",
    "\"id\"",
    "\"credits\"",
    "\"entries\"",
    "\"balance\"",
    "\"lines\"",
    "\"count\"",
    "\"version\"",
    "\"plan\"",
    "\"price\"",
    "\"currency\"",
    "@",
    "@month",
    "@day",
    "@year",
    "%",
    "%3A",
    "%FF",
    "%2",
    "plan=",
    "#",
    "&",
    "ai-expand",
    "text-to-image/flux-dev",
    "2026-11-25T14:05:00Z",
    "2026-02-30T25:61:61+99:99",
    "<img src=x onerror=alert(1)>",
    "\u{0}",
    "\u{202e}",
    "💥",
    "\r\n",
    "\t",
    // German-style quantities: thousands grouped with `.`, decimals after `,`.
    "5.000",
    "1.000.000",
    ",5",
    ".",
    // Lookalike ids: `/` and runs of `-` side by side.
    "-",
    "/",
    "--",
    "text-to-image--flux-dev",
    "X;=1+1;",
];

/// xorshift64*: enough randomness to explore, and a seed that replays a run.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("VIDMUD_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                t.as_nanos() as u64 | 1
            });
        eprintln!("fuzz seed: VIDMUD_FUZZ_SEED={seed}");
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// `seed` with one to eight random edits, cut at char boundaries.
    fn mutate(&mut self, seed: &str) -> String {
        let mut s: Vec<char> = seed.chars().collect();
        for _ in 0..=self.below(8) {
            let at = self.below(s.len() + 1);
            match self.below(6) {
                0 => {
                    let end = (at + self.below(16)).min(s.len());
                    s.drain(at..end);
                }
                1 | 2 => {
                    let token = DICTIONARY[self.below(DICTIONARY.len())];
                    s.splice(at..at, token.chars());
                }
                3 => {
                    let end = (at + self.below(64)).min(s.len());
                    let copy: Vec<char> = s[at..end].to_vec();
                    let to = self.below(s.len() + 1);
                    s.splice(to..to, copy);
                }
                4 if at < s.len() => {
                    s[at] = char::from_u32(self.next() as u32 % 0x3000).unwrap_or('?')
                }
                _ => {
                    let digits = self.next().to_string();
                    s.splice(at..at, digits.chars());
                }
            }
        }
        s.into_iter().collect()
    }

    /// Random text: dictionary tokens and random characters.
    fn text(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..self.below(64) {
            if self.below(2) == 0 {
                s.push_str(DICTIONARY[self.below(DICTIONARY.len())]);
            } else {
                s.push(char::from_u32(self.next() as u32 % 0x11_0000).unwrap_or('x'));
            }
        }
        s
    }
}

/// How long each target runs: `VIDMUD_FUZZ_SECS`, else 1 s.
fn budget() -> Duration {
    let secs = std::env::var("VIDMUD_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(1.0);
    Duration::from_secs_f64(secs)
}

/// Feeds `parse` mutated seeds and random text until the budget is spent; fails on a slow
/// input (a panic fails the test by itself). Prints how many inputs it tried.
fn fuzz(name: &str, seeds: &[String], mut parse: impl FnMut(&str)) {
    let mut rng = Rng::new();
    let deadline = Instant::now() + budget();
    let (mut runs, mut slowest) = (0u64, Duration::ZERO);
    while Instant::now() < deadline {
        let input = if rng.below(8) == 0 {
            rng.text()
        } else {
            let seed = &seeds[rng.below(seeds.len())];
            rng.mutate(seed)
        };
        let started = Instant::now();
        parse(&input);
        let took = started.elapsed();
        slowest = slowest.max(took);
        assert!(
            took < SLOW,
            "{name}: {took:?} for {} bytes: {input:?}",
            input.len()
        );
        runs += 1;
    }
    eprintln!("{name}: {runs} inputs, slowest {slowest:?}");
    assert!(runs > 0);
}

fn catalog() -> Catalog {
    Catalog::from_json(SEED_JSON).expect("the shipped catalog is valid")
}

#[test]
fn catalog_text() {
    // Also as a live price list: the same reading, then the version check.
    let later = SEED_JSON.replacen(&catalog().version, "2027-01-31", 1);
    let seeds = [SEED_JSON.to_owned(), later, lookalike_catalog()];
    fuzz("catalog", &seeds, |s| {
        if let Ok(c) = Catalog::from_json(s) {
            assert_dom_ids_distinct(&c);
        }
        let _ = vidmud_credits_core::live::read(s, "2026-11-25");
    });
}

/// A price list holding ids that differ only in `/` against `--` and the like.
fn lookalike_catalog() -> String {
    let entry = |id: &str| {
        format!(r#"{{"id": "{id}", "category": "c", "feature": "F", "name": "N", "credits": 1}}"#)
    };
    let ids = [
        "text-to-image/flux-dev",
        "text-to-image--flux-dev",
        "a-/b",
        "a/-b",
        "a---b",
        "a//b",
        "a----b",
        "-a-",
    ];
    let entries: Vec<String> = ids.iter().map(|id| entry(id)).collect();
    format!(
        r#"{{"version": "2027-01-31", "categories": [{{"id": "c", "name": "C"}}], "entries": [{}]}}"#,
        entries.join(", ")
    )
}

/// Fails unless every entry of `c` has an element id of its own.
fn assert_dom_ids_distinct(c: &Catalog) {
    let mut doms: Vec<(String, &str)> = c
        .entries
        .iter()
        .map(|e| (dom_id(&e.id), e.id.as_str()))
        .collect();
    doms.sort();
    for pair in doms.windows(2) {
        assert_ne!(
            pair[0].0, pair[1].0,
            "{} and {} share an element id",
            pair[0].1, pair[1].1
        );
    }
}

#[test]
fn lookalike_ids() {
    // Any input, also read over an alphabet of few letters and many `-` and `/`, as
    // whitespace-separated ids: every set of them a price list accepts gets distinct element ids.
    let seeds = [
        "text-to-image/flux-dev text-to-image--flux-dev".to_owned(),
        "a-/b a/-b a---b a//b a----b -a- a- -a a-b/c a--b-c".to_owned(),
    ];
    fuzz("lookalike ids", &seeds, |s| {
        let squeezed: String = s
            .chars()
            .map(|c| ['a', '-', '/', ' ', 'b', '-', '/'][c as usize % 7])
            .collect();
        for text in [s, squeezed.as_str()] {
            let mut ids: Vec<&str> = text.split_whitespace().collect();
            ids.sort_unstable();
            ids.dedup();
            let entries: Vec<String> = ids
                .iter()
                .map(|id| {
                    let id = serde_json::to_string(id).unwrap();
                    format!(r#"{{"id": {id}, "category": "c", "feature": "F", "name": "N", "credits": 1}}"#)
                })
                .collect();
            let json = format!(
                r#"{{"version": "2026-01-01", "categories": [{{"id": "c", "name": "C"}}], "entries": [{}]}}"#,
                entries.join(",")
            );
            if let Ok(c) = Catalog::from_json(&json) {
                assert_dom_ids_distinct(&c);
            }
        }
    });
}

#[test]
fn typed_quantities() {
    let seeds = [
        "5.000",
        "1.000",
        "10.000",
        "1.000.000",
        "1,000",
        "5,0",
        "5.0",
        "5.",
        "-5.000",
        "+1.000",
        " 7 ",
        "1000000",
        "1000001",
        "9007199254740991",
        "1.5",
        "0,25",
    ]
    .map(str::to_owned);
    const SAFE: u64 = (1 << 53) - 1;
    fuzz("typed quantities", &seeds, |s| {
        let q = parse_quantity(s, false);
        let w = parse_whole(s, false, SAFE);
        // Never a number out of text with a separator: "5.000" is five thousand in German.
        if s.contains(['.', ',']) {
            assert!(q.is_err() && w.is_err(), "{s:?} read as {q:?} / {w:?}");
        }
        if let Ok(n) = q {
            assert!(n <= MAX_QUANTITY);
            assert_eq!(w, Ok(u64::from(n)), "{s:?}");
        }
        // The input's digits written the German way are refused, with the digits-only reason.
        let digits: String = s.chars().filter(char::is_ascii_digit).take(16).collect();
        let digits = digits.trim_start_matches('0');
        if digits.len() >= 4 {
            let mut grouped = String::new();
            for (i, d) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    grouped.push('.');
                }
                grouped.push(d);
            }
            assert_eq!(
                parse_whole(&grouped, false, SAFE),
                Err(QuantityError::Separator),
                "{grouped:?}"
            );
        }
    });
}

#[test]
fn balance_answer() {
    let seeds = [
        r#"{"balance": 1600, "updated_at": "2026-11-25T14:05:00Z", "currency": "credits"}"#,
        r#"{"balance": 1250, "updated_at": "2026-11-25T14:05:00Z", "plan": {"name": "Creator", "period_credits": 2000, "period_used": 750, "period_ends_at": "2026-12-01T00:00:00Z"}}"#,
    ]
    .map(str::to_owned);
    fuzz("balance answer", &seeds, |s| {
        let _ = parse_balance_json(s);
    });
}

#[test]
fn usage_answer() {
    let seeds = [r#"{"from": "2026-10-26T14:05:00Z", "to": "2026-11-25T14:05:00Z", "lines": [{"id": "text-to-image/flux-dev", "count": 120}, {"id": "ai-expand", "count": 14}, {"id": "video/veo-3", "count": 4}]}"#.to_owned()];
    let c = catalog();
    fuzz("usage answer", &seeds, |s| {
        if let Ok(usage) = parse_usage_json(s) {
            let _ = vidmud_credits_core::plan_from_usage(&c, &usage);
        }
    });
}

#[test]
fn packs() {
    let seeds = [r#"[{"id": "starter", "name": "Starter", "credits": 500, "price": 4.99, "currency": "EUR"}, {"id": "pro", "name": "Pro", "credits": 2000, "price": 17.99, "currency": "EUR"}, {"id": "x", "name": "<b>X</b>", "credits": 7}]"#.to_owned()];
    fuzz("packs", &seeds, |s| {
        if let Ok(json) = serde_json::from_str::<Json>(s) {
            let packs = parse_packs(&json);
            // Advice for a small need: the exhaustive bound (a million credits) is timed apart,
            // in the packs module's own tests.
            let _ = vidmud_credits_core::advise(&packs.packs, 1_234);
        }
    });
}

#[test]
fn plan_link() {
    let c = catalog();
    let seeds = [
        "text-to-image/flux-dev:10,ai-expand:3@month".to_owned(),
        "ai-expand:1000000@day,image-to-image/kling:0@week,nope:1,%3Cimg%3E:2".to_owned(),
    ];
    fuzz("plan link", &seeds, |s| {
        let d = decode(&[&c], s);
        assert!(d.skipped <= s.split(',').count());
        assert_eq!(d.by_reason.iter().sum::<usize>(), d.skipped);
        let _ = plan_in_fragment(s);
        let _ = with_plan(s, s);
        // A shared link's fragment is the plan and nothing else.
        let link = share_link(s, "ai-expand:1");
        assert!(link.ends_with("#plan=ai-expand:1"), "{link:?}");
        assert_eq!(link.matches('#').count(), 1, "{link:?}");
    });
}

#[test]
fn stored_plan() {
    let c = catalog();
    let mut plan = Plan::new();
    plan.set(&c, "ai-expand", 3).unwrap();
    plan.set(&c, "text-to-image/flux-dev", 10).unwrap();
    let seeds = [
        to_stored(&plan),
        r#"{"version":7,"plan":"ai-expand:1"}"#.to_owned(),
    ];
    fuzz("stored plan", &seeds, |s| {
        let _ = from_stored(&[&c], s);
    });
}

/// Seconds for `parse(input)`, the best of three (noise only ever adds time).
fn time(input: &str, parse: &mut impl FnMut(&str)) -> f64 {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            parse(input);
            started.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

/// Fails if `parse` takes more than about linear time: the input grown 8 times may take at most
/// 24 times as long (quadratic growth would be 64 times).
fn assert_linear(name: &str, make: impl Fn(usize) -> String, mut parse: impl FnMut(&str)) {
    let (small, large) = (make(20_000), make(160_000));
    let ratio = time(&large, &mut parse) / time(&small, &mut parse).max(1e-6);
    eprintln!("{name}: 8 × the input took {ratio:.1} × the time");
    assert!(
        ratio < 24.0,
        "{name}: 8 × the input took {ratio:.1} × the time"
    );
}

#[test]
fn parsers_are_linear() {
    let c = catalog();
    assert_linear(
        "plan link",
        |n| "ai-expand:1@month,".repeat(n / 18),
        |s| {
            let _ = decode(&[&c], s);
        },
    );
    assert_linear(
        "stored plan",
        |n| {
            format!(
                "{{\"version\":1,\"plan\":\"{}\"}}",
                "ai-expand:1,".repeat(n / 12)
            )
        },
        |s| {
            let _ = from_stored(&[&c], s);
        },
    );
    assert_linear(
        "usage answer",
        |n| {
            let line = r#"{"id": "ai-expand", "count": 1},"#;
            let lines = line.repeat(n / line.len());
            format!(
                r#"{{"from": "2026-10-26T14:05:00Z", "to": "2026-11-25T14:05:00Z", "lines": [{}]}}"#,
                lines.trim_end_matches(',')
            )
        },
        |s| {
            let _ = parse_usage_json(s);
        },
    );
    assert_linear(
        "packs",
        |n| {
            let pack = r#"{"id": "p", "name": "P", "credits": 500},"#;
            format!("[{}]", pack.repeat(n / pack.len()).trim_end_matches(','))
        },
        |s| {
            if let Ok(json) = serde_json::from_str::<Json>(s) {
                let _ = parse_packs(&json);
            }
        },
    );
    assert_linear(
        "catalog",
        |n| {
            let pad = " ".repeat(n);
            SEED_JSON.replacen('{', &format!("{{{pad}"), 1)
        },
        |s| {
            let _ = Catalog::from_json(s);
        },
    );
    assert_linear(
        "balance answer",
        |n| {
            format!(
                r#"{{"balance": 1600, "updated_at": "2026-11-25T14:05:00Z", "note": "{}"}}"#,
                "x".repeat(n)
            )
        },
        |s| {
            let _ = parse_balance_json(s);
        },
    );
}
