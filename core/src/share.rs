//! Keeping and sharing a plan: the `#plan=` link, the value kept in storage, and the CSV export.
//!
//! A link is the plan's lines as `<id>:<quantity>[@day|@week|@month]`, joined by commas:
//! `text-to-image/flux-dev:10,ai-expand:3@month`. Catalog ids are `[a-z0-9/-]`, so a link needs
//! no escaping; reading one still percent-decodes each part, because some apps escape `:` or `/`
//! when they pass a link on. Reading never fails: parts that are not understood are counted and
//! skipped, and the rest of the plan is kept.

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
use crate::period::Period;
use crate::plan::{Plan, Quote};
use crate::quantity::MAX_QUANTITY;

/// The name of the plan's part in a URL fragment: `#plan=…`.
pub const FRAGMENT_KEY: &str = "plan=";

/// The version written in every stored plan. A stored value with another version is not read.
pub const STORE_VERSION: u64 = 1;

/// A link holds at most this many parts; more are skipped (a catalog has a few dozen entries, so
/// a real plan never comes near it). It bounds the work a hostile link can cause.
pub const MAX_PARTS: usize = 1_000;

/// A plan as a link's value (no `plan=`), lines in id order. Lines with a period and no quantity
/// are kept, so a period picked before the quantity survives a reload too.
pub fn encode(plan: &Plan) -> String {
    let mut out = String::new();
    for (id, quantity, period) in plan.lines() {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(id);
        out.push(':');
        out.push_str(&quantity.to_string());
        if period.is_recurring() {
            out.push('@');
            out.push_str(period.as_str());
        }
    }
    out
}

/// A plan read from a link's value, and how many parts of it were skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    pub plan: Plan,
    /// Every part skipped, whatever the reason.
    pub skipped: usize,
    /// The skipped parts by reason, indexed by [`Skip`] (`by_reason[Skip::Unknown as usize]`):
    /// a warning names the real reason, not one reason for all.
    pub by_reason: [usize; 4],
}

/// Why a part of a link or a kept plan was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Not `<id>:<quantity>[@day|@week|@month]`, or a bad `%` escape.
    Malformed,
    /// A quantity that is not a whole number from 0 to [`MAX_QUANTITY`].
    Quantity,
    /// An id that no price list has.
    Unknown,
    /// Past the first [`MAX_PARTS`] parts, which are all that is read.
    PastLimit,
}

impl Skip {
    /// Every reason, in the order of [`Decoded::by_reason`].
    pub const ALL: [Skip; 4] = [
        Skip::Malformed,
        Skip::Quantity,
        Skip::Unknown,
        Skip::PastLimit,
    ];

    /// The reason, for a developer's console (English, like every warning).
    pub fn reason(self) -> &'static str {
        match self {
            Skip::Malformed => "not written as <id>:<quantity>[@day|@week|@month]",
            Skip::Quantity => "a quantity that is not a whole number from 0 to 1000000",
            Skip::Unknown => "in no price list",
            Skip::PastLimit => "past the first 1000 lines, which are all that is read",
        }
    }
}

/// Reads a link's value (what follows `plan=`) against the price lists in `known`: a part is
/// read when any of them has its id (a live price list first, then the built-in one, so that a
/// line the live one dropped is kept, to be flagged). Parts naming an id none of them has, with
/// a quantity that isn't a whole number from 0 to 1,000,000, with an unknown period, or that
/// don't percent-decode to text are skipped and counted. Empty parts (a trailing comma) are not
/// parts. When an id appears twice, the last one wins.
pub fn decode(known: &[&Catalog], value: &str) -> Decoded {
    let mut d = Decoded::default();
    for (i, raw) in value.split(',').enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let read = if i >= MAX_PARTS {
            Err(Skip::PastLimit)
        } else {
            read_part(known, &mut d.plan, raw)
        };
        if let Err(why) = read {
            d.skipped += 1;
            d.by_reason[why as usize] += 1;
        }
    }
    d
}

fn read_part(known: &[&Catalog], plan: &mut Plan, raw: &str) -> Result<(), Skip> {
    let part = percent_decode(raw).ok_or(Skip::Malformed)?;
    let (id, rest) = part.trim().rsplit_once(':').ok_or(Skip::Malformed)?;
    let (quantity, period) = match rest.split_once('@') {
        Some((q, p)) => (q, Period::parse(p).ok_or(Skip::Malformed)?),
        None => (rest, Period::Once),
    };
    let quantity: u32 = Some(quantity)
        .filter(|q| !q.is_empty() && q.len() <= 7 && q.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|q| q.parse().ok())
        .filter(|q| *q <= MAX_QUANTITY)
        .ok_or(Skip::Quantity)?;
    let catalog = known
        .iter()
        .find(|c| c.entry(id).is_some())
        .ok_or(Skip::Unknown)?;
    // Neither can fail now: the id is the catalog's and the quantity in range.
    plan.set(catalog, id, u64::from(quantity))
        .and_then(|()| plan.set_period(catalog, id, period))
        .map_err(|_| Skip::Unknown)
}

/// `%XX` escapes decoded; `None` for a bad escape, or one that isn't ASCII: everything a link
/// holds is ASCII, so anything else is junk (and the check needs no UTF-8 validation).
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let hex = rest.get(i + 1..i + 3)?;
        let byte = u8::from_str_radix(hex, 16).ok().filter(u8::is_ascii)?;
        out.push(char::from(byte));
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    Some(out)
}

/// The plan's value in a URL fragment (with or without its `#`), where the fragment's parts are
/// separated by `&`: `#plan=…` or `#pricing&plan=…`.
pub fn plan_in_fragment(fragment: &str) -> Option<&str> {
    fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .split('&')
        .find_map(|part| part.strip_prefix(FRAGMENT_KEY))
}

/// The link "Copy link" copies: the page's address with its path and query, and a fragment of
/// `plan=<value>` alone (none for an empty plan). The page's own fragment is left out, as is any
/// `user:password@`: a host may keep a session or an access token there
/// (`#access_token=…&token_type=bearer`), and a link that is passed on must hold the plan and
/// nothing of the account.
pub fn share_link(page_url: &str, value: &str) -> String {
    let base = page_url.split('#').next().unwrap_or("");
    let base = match base.find("://") {
        Some(i) if !base[..i].contains(['/', '?']) => {
            let rest = &base[i + 3..];
            let authority = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
            match authority.rfind('@') {
                Some(at) => format!("{}{}", &base[..i + 3], &rest[at + 1..]),
                None => base.to_owned(),
            }
        }
        _ => base.to_owned(),
    };
    with_plan(&base, value)
}

/// `url` with its fragment's `plan=` part set to `value`, other parts of the fragment kept. An
/// empty value removes the part, and the `#` too when nothing else is left.
pub fn with_plan(url: &str, value: &str) -> String {
    let (base, fragment) = match url.find('#') {
        Some(i) => (&url[..i], &url[i + 1..]),
        None => (url, ""),
    };
    let mut parts: Vec<String> = fragment
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with(FRAGMENT_KEY))
        .map(str::to_owned)
        .collect();
    if !value.is_empty() {
        parts.push(format!("{FRAGMENT_KEY}{value}"));
    }
    if parts.is_empty() {
        base.to_owned()
    } else {
        format!("{base}#{}", parts.join("&"))
    }
}

/// What is kept in storage under an element's key, `{"version":1,"plan":"<link value>"}`: read
/// and written through serde (the widget with the browser's JSON, native users with
/// serde_json), so there is one shape and one reader of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stored {
    /// [`STORE_VERSION`] when written by this widget.
    pub version: u64,
    /// The plan as a link's value (see [`encode`]).
    pub plan: String,
}

impl Stored {
    /// What is kept for a plan already encoded as a link's value.
    pub fn new(link: &str) -> Stored {
        Stored {
            version: STORE_VERSION,
            plan: link.to_owned(),
        }
    }

    /// The plan kept, read against `known` as a link is: parts that are not understood (an
    /// entry that left the catalog) are skipped and counted. Another version of the format is
    /// refused whole rather than half-understood.
    pub fn read(&self, known: &[&Catalog]) -> Result<Decoded, StoredError> {
        if self.version != STORE_VERSION {
            return Err(StoredError::Version(self.version.to_string()));
        }
        Ok(decode(known, &self.plan))
    }
}

/// Why a stored value was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredError {
    #[error("it is not a saved plan")]
    Foreign,
    #[error("it was saved by version {0} of the widget's format, not {STORE_VERSION}")]
    Version(String),
}

/// The text kept in storage for a plan.
#[cfg(feature = "json")]
pub fn to_stored(plan: &Plan) -> String {
    serde_json::to_string(&Stored::new(&encode(plan))).unwrap_or_default()
}

/// Reads stored text: anything but a [`Stored`] (another app's data under the same key, a hand
/// edit, a truncated write) is refused as foreign.
#[cfg(feature = "json")]
pub fn from_stored(known: &[&Catalog], text: &str) -> Result<Decoded, StoredError> {
    serde_json::from_str::<Stored>(text)
        .map_err(|_| StoredError::Foreign)?
        .read(known)
}

/// The CSV header: the quote's field names, so that a sheet and the `quote` property agree.
pub const CSV_HEADER: [&str; 6] = [
    "id",
    "name",
    "period",
    "quantity",
    "credits_each",
    "credits",
];

/// The plan as CSV (RFC 4180: CRLF line ends, fields with `"`, `,` or line breaks quoted): a
/// header, one row per priced line in catalog order, then rows named `once`, `monthly` and
/// `total` with their sums in the last column. Starts with a UTF-8 byte order mark, without
/// which Excel reads the names' `·` wrongly.
///
/// Safe to open in a spreadsheet, whichever list separator it splits on: Excel in German or
/// French splits on `;`, others on tabs. Fields that hold `;` or a tab are quoted too, and every
/// part of a field that a separator (`,`, `;`, tab) may start as a cell, the field's start
/// included, is prefixed with `'` when it starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: so `X;=1+1;` is written `"X;'=1+1;"`, and no cell is read as a formula.
pub fn to_csv(catalog: &Catalog, quote: &Quote) -> String {
    let mut out = String::from("\u{feff}");
    row(&mut out, &CSV_HEADER);
    for line in &quote.lines {
        let name = catalog.entry(&line.id).map_or("", |e| e.name.as_str());
        row(
            &mut out,
            &[
                &line.id,
                name,
                line.period.as_str(),
                &line.quantity.to_string(),
                &line.credits_each.to_string(),
                &line.credits.to_string(),
            ],
        );
    }
    for (label, sum) in [
        ("once", quote.once),
        ("monthly", quote.monthly),
        ("total", quote.total),
    ] {
        row(&mut out, &["", label, "", "", "", &sum.to_string()]);
    }
    out
}

/// Starts a spreadsheet formula when it begins a cell.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// What a cell may begin after, in some spreadsheet's reading of a CSV line: a list separator,
/// or a line break that a reader splitting on another separator doesn't see as quoted.
const CELL_BREAKS: [char; 5] = [',', ';', '\t', '\r', '\n'];

/// `field` with `'` before every part that could begin a cell (the start, and after each of
/// [`CELL_BREAKS`], past any quotes) and would start a formula there.
fn neutralised(field: &str) -> String {
    let mut out = String::with_capacity(field.len() + 1);
    let mut cell_starts = true;
    for c in field.chars() {
        if cell_starts && FORMULA_START.contains(&c) {
            out.push('\'');
        }
        out.push(c);
        // Quotes are looked past: a reader splitting on another separator may take a `"` at a
        // cell's start as the quote of a text whose next character then starts it.
        cell_starts = CELL_BREAKS.contains(&c) || (cell_starts && c == '"');
    }
    out
}

fn row(out: &mut String, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let field = neutralised(field);
        if field.contains(['"', ',', ';', '\t', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SEED_JSON;
    use proptest::prelude::*;

    fn seed() -> Catalog {
        Catalog::from_wire(serde_json::from_str(SEED_JSON).unwrap()).unwrap()
    }

    fn plan(c: &Catalog, lines: &[(&str, u64, Period)]) -> Plan {
        let mut p = Plan::new();
        for (id, q, period) in lines {
            p.set(c, id, *q).unwrap();
            p.set_period(c, id, *period).unwrap();
        }
        p
    }

    #[test]
    fn encodes_the_documented_example() {
        let c = seed();
        let p = plan(
            &c,
            &[
                ("text-to-image/flux-dev", 10, Period::Once),
                ("ai-expand", 3, Period::Month),
            ],
        );
        assert_eq!(encode(&p), "ai-expand:3@month,text-to-image/flux-dev:10");
        let d = decode(&[&c], "text-to-image/flux-dev:10,ai-expand:3@month");
        assert_eq!(
            d,
            Decoded {
                plan: p,
                skipped: 0,
                by_reason: [0; 4],
            }
        );
    }

    #[test]
    fn a_line_only_the_built_in_list_has_is_kept_to_be_flagged() {
        let built_in = seed();
        let mut live = built_in.clone();
        live.entries.retain(|e| e.id != "photo-restoration");
        let d = decode(
            &[&live, &built_in],
            "photo-restoration:2,ai-expand:3,nope:1",
        );
        assert_eq!(d.skipped, 1);
        assert_eq!(d.plan.quantity("photo-restoration"), 2);
        let gone: Vec<_> = d.plan.withdrawn(&live).map(|l| l.0).collect();
        assert_eq!(gone, ["photo-restoration"]);
        assert_eq!(decode(&[&live], "photo-restoration:2").skipped, 1);
    }

    #[test]
    fn skips_and_counts_what_it_does_not_understand() {
        let c = seed();
        let d = decode(
            &[&c],
            "ai-expand:3,nope:1,ai-expand,text-to-image/flux-dev:-1,text-to-image/flux-dev:1.5,\
             text-to-image/flux-dev:1000001,image-to-image/kling:2@year,%ZZ,%FF%FE:1,,\
             text-to-image/flux-dev%3A7%40week, ",
        );
        assert_eq!(d.skipped, 8);
        // `ai-expand` and `%ZZ` are malformed, as are `@year` and the non-ASCII escape; -1, 1.5
        // and 1000001 are no quantity; `nope` is in no price list.
        assert_eq!(d.by_reason, [4, 3, 1, 0]);
        let want = plan(
            &c,
            &[
                ("ai-expand", 3, Period::Once),
                ("text-to-image/flux-dev", 7, Period::Week),
            ],
        );
        assert_eq!(d.plan, want);
    }

    #[test]
    fn the_last_of_a_repeated_id_wins() {
        let c = seed();
        let d = decode(&[&c], "ai-expand:3@day,ai-expand:5");
        assert_eq!(d.plan, plan(&c, &[("ai-expand", 5, Period::Once)]));
        assert_eq!(d.skipped, 0);
    }

    #[test]
    fn a_huge_link_is_bounded() {
        let c = seed();
        let link = vec!["ai-expand:1"; MAX_PARTS + 5].join(",");
        let d = decode(&[&c], &link);
        assert_eq!(d.skipped, 5);
        assert_eq!(d.by_reason[Skip::PastLimit as usize], 5);
        assert_eq!(d.by_reason[Skip::Unknown as usize], 0);
    }

    #[test]
    fn finds_and_sets_the_plan_in_a_fragment() {
        assert_eq!(plan_in_fragment("#plan=a:1"), Some("a:1"));
        assert_eq!(plan_in_fragment("#top&plan=a:1&x=2"), Some("a:1"));
        assert_eq!(plan_in_fragment("#top"), None);
        assert_eq!(plan_in_fragment(""), None);
        assert_eq!(
            with_plan("https://h.example/p?q=1", "a:1"),
            "https://h.example/p?q=1#plan=a:1"
        );
        assert_eq!(
            with_plan("https://h.example/p#top&plan=b:2", "a:1"),
            "https://h.example/p#top&plan=a:1"
        );
        assert_eq!(
            with_plan("https://h.example/p#plan=b:2", ""),
            "https://h.example/p"
        );
        assert_eq!(
            with_plan("https://h.example/p#top&plan=b:2", ""),
            "https://h.example/p#top"
        );
    }

    /// A kept plan once reported every skipped line as "in no price list".
    #[cfg(feature = "json")]
    #[test]
    fn each_skipped_part_has_its_real_reason() {
        let c = seed();
        let d = from_stored(
            &[&c],
            r#"{"version":1,"plan":"ai-expand:2000000,nope:1,ai-expand:1.5,ai-expand:2@year,ai-expand:1"}"#,
        )
        .unwrap();
        assert_eq!(d.skipped, 4);
        let count = |why: Skip| d.by_reason[why as usize];
        assert_eq!(count(Skip::Quantity), 2);
        assert_eq!(count(Skip::Unknown), 1);
        assert_eq!(count(Skip::Malformed), 1);
        assert_eq!(count(Skip::PastLimit), 0);
        assert_eq!(d.plan.quantity("ai-expand"), 1);
        assert_eq!(Skip::Unknown.reason(), "in no price list");
        for why in Skip::ALL {
            assert_eq!(Skip::ALL[why as usize], why);
        }
    }

    /// "Copy link" once kept the page's whole fragment, an access token included.
    #[test]
    fn a_shared_link_holds_the_plan_and_nothing_of_the_fragment() {
        assert_eq!(
            share_link(
                "https://h.example/p?session=abc123#access_token=SECRET&token_type=bearer",
                "ai-expand:3"
            ),
            "https://h.example/p?session=abc123#plan=ai-expand:3"
        );
        assert_eq!(
            share_link("https://h.example/p#top&plan=b:2", "a:1"),
            "https://h.example/p#plan=a:1"
        );
        assert_eq!(
            share_link("https://h.example/p?q=1#access_token=x", ""),
            "https://h.example/p?q=1"
        );
        assert_eq!(
            share_link("https://me:pw@h.example/p?u=a@b#x", "a:1"),
            "https://h.example/p?u=a@b#plan=a:1"
        );
        assert_eq!(share_link("/p?x=1#y", "a:1"), "/p?x=1#plan=a:1");
    }

    #[cfg(feature = "json")]
    #[test]
    fn stored_values_carry_a_version() {
        let c = seed();
        let p = plan(&c, &[("ai-expand", 3, Period::Month)]);
        let stored = to_stored(&p);
        assert_eq!(stored, r#"{"version":1,"plan":"ai-expand:3@month"}"#);
        // What is written is JSON, for anyone who looks.
        let json: serde_json::Value = serde_json::from_str(&stored).unwrap();
        assert_eq!(json["plan"], "ai-expand:3@month");
        assert_eq!(from_stored(&[&c], &stored).unwrap().plan, p);
        assert_eq!(
            from_stored(&[&c], r#"{"version":0,"plan":"ai-expand:1"}"#),
            Err(StoredError::Version("0".into()))
        );
        assert_eq!(
            from_stored(&[&c], r#"{"version":12,"plan":"ai-expand:1"}"#),
            Err(StoredError::Version("12".into()))
        );
        for foreign in [
            "",
            "[1]",
            r#""x""#,
            r#"{"plan":"ai-expand:1"}"#,
            r#"{"version":1}"#,
            r#"{"version":1,"plan":"ai-expand:1"#,
            r#"{"version":1,"plan":3}"#,
            r#"{"version":1,"plan":"ai-expand:1","more":1}"#,
            r#"{"version":"1","plan":"ai-expand:1"}"#,
        ] {
            assert_eq!(
                from_stored(&[&c], foreign),
                Err(StoredError::Foreign),
                "{foreign}"
            );
        }
    }

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        let mut out = String::new();
        row(
            &mut out,
            &["=1+1", "a,b", "say \"hi\"", "-3", "@x", "\tz", "ok"],
        );
        assert_eq!(
            out,
            "'=1+1,\"a,b\",\"say \"\"hi\"\"\",'-3,'@x,\"'\tz\",ok\r\n"
        );
        let mut out = String::new();
        row(&mut out, &["=a,b", "+\"\r\n"]);
        assert_eq!(out, "\"'=a,b\",\"'+\"\"\r\n\"\r\n");
    }

    /// Excel in German or French splits a CSV line on `;`: a name `X;=1+1;` was a bare `=1+1`
    /// cell there.
    #[test]
    fn csv_neutralises_formulas_behind_any_separator() {
        let mut out = String::new();
        row(&mut out, &["X;=1+1;", "a,@b", "c\t-1", "d\n+2", "e;f"]);
        assert_eq!(
            out,
            "\"X;'=1+1;\",\"a,'@b\",\"c\t'-1\",\"d\n'+2\",\"e;f\"\r\n"
        );
        // Split as a `;` spreadsheet would, no cell starts a formula.
        for line in out.split(['\r', '\n']) {
            for cell in line.split(';') {
                let cell = cell.trim_start_matches('"');
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "{cell:?} in {out:?}"
                );
            }
        }
    }

    /// Reads RFC 4180 text with an independent reader (the `csv` crate).
    fn read_csv(text: &str) -> Vec<Vec<String>> {
        let text = text.strip_prefix('\u{feff}').expect("starts with a BOM");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    fn any_plan() -> impl Strategy<Value = Vec<(usize, u64, usize)>> {
        proptest::collection::vec((0usize..21, 0u64..=1_000_000, 0usize..4), 0..25)
    }

    fn build(c: &Catalog, lines: &[(usize, u64, usize)]) -> Plan {
        let mut p = Plan::new();
        for (i, q, period) in lines {
            let id = c.entries[i % c.entries.len()].id.clone();
            p.set(c, &id, *q).unwrap();
            p.set_period(c, &id, Period::ALL[*period]).unwrap();
        }
        p
    }

    proptest! {
        #[test]
        fn decode_of_encode_is_the_plan(lines in any_plan()) {
            let c = seed();
            let p = build(&c, &lines);
            let d = decode(&[&c], &encode(&p));
            prop_assert_eq!(d.skipped, 0);
            prop_assert_eq!(&d.plan, &p);
            #[cfg(feature = "json")]
            prop_assert_eq!(from_stored(&[&c], &to_stored(&p)).unwrap().plan, p);
        }

        #[test]
        fn decoding_any_text_never_panics(text in "\\PC{0,200}", ids in proptest::collection::vec(0usize..21, 0..6)) {
            let c = seed();
            let d = decode(&[&c], &text);
            prop_assert!(d.skipped <= text.split(',').count());
            // Near misses of real parts, too.
            let near: Vec<String> = ids.iter().map(|i| format!("{}:{text}", c.entries[*i].id)).collect();
            let _ = decode(&[&c], &near.join(","));
            let _ = plan_in_fragment(&text);
            let _ = with_plan(&text, &text);
        }

        #[cfg(feature = "json")]
    #[test]
        fn any_stored_text_is_read_or_refused(text in "\\PC{0,120}") {
            let c = seed();
            let _ = from_stored(&[&c], &text);
            // Any plan text kept is read back as that text is read in a link.
            let kept = serde_json::to_string(&Stored::new(&text)).unwrap();
            prop_assert_eq!(from_stored(&[&c], &kept).unwrap(), decode(&[&c], &text));
            let _ = from_stored(&[&c], &format!("{{\"version\":{text}"));
        }

        #[test]
        fn the_csv_reads_back(lines in any_plan()) {
            let c = seed();
            let q = build(&c, &lines).quote(&c).unwrap();
            let rows = read_csv(&to_csv(&c, &q));
            prop_assert_eq!(rows.len(), q.lines.len() + 4);
            prop_assert_eq!(&rows[0], &CSV_HEADER.map(str::to_owned).to_vec());
            for (row, line) in rows[1..].iter().zip(&q.lines) {
                let name = &c.entry(&line.id).unwrap().name;
                prop_assert_eq!(row, &vec![
                    line.id.clone(), name.clone(), line.period.as_str().to_owned(),
                    line.quantity.to_string(), line.credits_each.to_string(), line.credits.to_string(),
                ]);
            }
            let sums: Vec<(String, String)> = rows[q.lines.len() + 1..].iter().map(|r| (r[1].clone(), r[5].clone())).collect();
            prop_assert_eq!(sums, vec![
                ("once".into(), q.once.to_string()),
                ("monthly".into(), q.monthly.to_string()),
                ("total".into(), q.total.to_string()),
            ]);
        }

        /// Read back with RFC 4180, a field is itself with `'` before each part that would start
        /// a formula; split on any list separator or line break, as some spreadsheet would,
        /// no cell of the line starts one.
        #[test]
        fn any_field_reads_back_and_never_starts_a_formula(
            field in "\\PC{0,30}|([=+@\\-\t\r\",;\n]{1,3}[a-z0-9 ]{0,4}){1,4}",
        ) {
            let mut out = String::from("\u{feff}");
            row(&mut out, &[&field, "x"]);
            let rows = read_csv(&out);
            let cell = &rows[0][0];
            let mut expected = String::new();
            let mut starts = true;
            for c in field.chars() {
                if starts && FORMULA_START.contains(&c) {
                    expected.push('\'');
                }
                expected.push(c);
                starts = CELL_BREAKS.contains(&c) || (starts && c == '"');
            }
            prop_assert_eq!(cell, &expected);
            for part in out.trim_start_matches('\u{feff}').split(CELL_BREAKS) {
                let part = part.trim_start_matches('"');
                prop_assert!(!part.starts_with(FORMULA_START), "{:?} in {:?}", part, out);
            }
        }
    }
}
