//! A live price list: a catalog fetched from the host's `catalog-url`, used in place of the one
//! built in only when it is valid and newer.
//!
//! Versions are ISO dates (`YYYY-MM-DD`). Comparing them as dates, not as any text, means a
//! server can't win with `"9999"` or `"zzz"`, and a typo in a version is refused rather than
//! read as newer or older.

use crate::catalog::{Catalog, CatalogError};

/// The largest live catalog read: 256 KiB (the built-in one is under 10 KiB).
pub const MAX_BYTES: usize = 256 * 1024;

/// Why a live catalog was not used: the built-in one stays.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Invalid(#[from] CatalogError),
    #[error("its version `{0}` is not a date (YYYY-MM-DD)")]
    BadVersion(String),
    #[error("its version {live} is not later than the built-in {built_in}")]
    NotNewer { live: String, built_in: String },
}

/// Whether `s` is a calendar date written `YYYY-MM-DD` (years 0001 to 9999).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r.clone())?
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| s[r].parse().ok())?
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    y > 0
        && (1..=12).contains(&m)
        && (1..=crate::time::days_in_month(i64::from(y), i64::from(m))).contains(&i64::from(d))
}

/// The live catalog, if it is later than the built-in version. Both must be dates; the
/// built-in one always is (the build checks it).
pub fn accept(live: Catalog, built_in: &str) -> Result<Catalog, Refusal> {
    if !is_iso_date(&live.version) {
        return Err(Refusal::BadVersion(live.version));
    }
    // Same-length ISO dates order as text.
    if !is_iso_date(built_in) || live.version.as_str() <= built_in {
        return Err(Refusal::NotNewer {
            live: live.version,
            built_in: built_in.to_owned(),
        });
    }
    Ok(live)
}

/// Reads, validates and checks a live catalog's text (native callers and the fuzzer; the
/// widget parses with the browser and calls [`accept`]).
#[cfg(feature = "json")]
pub fn read(text: &str, built_in: &str) -> Result<Catalog, Refusal> {
    if text.len() > MAX_BYTES {
        return Err(Refusal::Invalid(CatalogError::Malformed(
            "larger than 256 KiB".into(),
        )));
    }
    accept(Catalog::from_json(text)?, built_in)
}

// The tests read JSON text, as the server and the fuzzer do.
#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use crate::catalog::SEED_JSON;
    use proptest::prelude::*;

    fn with_version(v: &str) -> String {
        let seed = Catalog::from_json(SEED_JSON).unwrap();
        SEED_JSON.replacen(&seed.version, v, 1)
    }

    #[test]
    fn the_built_in_version_is_a_date() {
        assert!(is_iso_date(&Catalog::from_json(SEED_JSON).unwrap().version));
    }

    #[test]
    fn dates_are_checked_as_dates() {
        for ok in [
            "2026-11-26",
            "2028-02-29",
            "2000-02-29",
            "0001-01-01",
            "9999-12-31",
        ] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "",
            "2026-11-31",
            "2027-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-11-00",
            "0000-01-01",
            "2026-1-01",
            "2026/11/26",
            "2026-11-26T00:00",
            "+026-11-26",
            "2026-+1-26",
            "２０２６-11-26",
            "9999",
            "zzz",
            " 2026-11-26",
        ] {
            assert!(!is_iso_date(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_a_later_valid_catalog_is_taken() {
        let built_in = "2026-11-25";
        let newer = read(&with_version("2026-12-01"), built_in).unwrap();
        assert_eq!(newer.version, "2026-12-01");
        assert_eq!(
            read(&with_version("2026-11-25"), built_in),
            Err(Refusal::NotNewer {
                live: "2026-11-25".into(),
                built_in: built_in.into()
            })
        );
        assert!(matches!(
            read(&with_version("2025-01-01"), built_in),
            Err(Refusal::NotNewer { .. })
        ));
        assert_eq!(
            read(&with_version("9999"), built_in),
            Err(Refusal::BadVersion("9999".into()))
        );
        assert!(matches!(
            read("{\"version\":\"2027-01-01\"}", built_in),
            Err(Refusal::Invalid(CatalogError::Malformed(_)))
        ));
        let zero = with_version("2027-01-01").replacen("\"credits\": 1", "\"credits\": 0", 1);
        assert!(matches!(
            read(&zero, built_in),
            Err(Refusal::Invalid(CatalogError::ZeroCredits(_)))
        ));
        let padded = format!("{}{}", with_version("2027-01-01"), " ".repeat(MAX_BYTES));
        assert!(matches!(read(&padded, built_in), Err(Refusal::Invalid(_))));
    }

    #[test]
    fn every_refusal_says_why() {
        let text = Refusal::NotNewer {
            live: "2026-01-01".into(),
            built_in: "2026-11-25".into(),
        }
        .to_string();
        assert_eq!(
            text,
            "its version 2026-01-01 is not later than the built-in 2026-11-25"
        );
    }

    proptest! {
        #[test]
        fn any_text_is_read_or_refused_without_panic(text in ".{0,400}", v in "[0-9-]{0,12}") {
            let _ = read(&text, "2026-11-25");
            let _ = read(&with_version(&v), "2026-11-25");
        }

        #[test]
        fn a_later_date_always_wins(y in 2027u32..9999, m in 1u32..=12, d in 1u32..=28) {
            let v = format!("{y:04}-{m:02}-{d:02}");
            prop_assert_eq!(read(&with_version(&v), "2026-11-25").unwrap().version, v);
        }
    }
}
