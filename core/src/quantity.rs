//! What a person typed into a quantity box, read strictly.
//!
//! A quantity is a whole number of generations from 0 to [`MAX_QUANTITY`]. Anything else is an
//! error with a reason a person can act on; the caller counts it as 0 and keeps the text, so
//! nothing typed is lost and no wrong number is ever shown.

/// The most generations one line of a plan may hold.
pub const MAX_QUANTITY: u32 = 1_000_000;

/// Why typed text is not a quantity. The widget's messages word each reason for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityError {
    /// Not a number at all (letters, `1e3`, `1,000`).
    NotANumber,
    /// Below zero.
    Negative,
    /// Has a fractional part.
    NotWhole,
    /// Above [`MAX_QUANTITY`].
    TooLarge,
}

/// Reads a quantity. `bad_input` is the browser's own verdict (`validity.badInput`): a number
/// input reports text it cannot read as an empty value, so emptiness alone is not enough.
/// Empty means "none planned" and counts as 0 without complaint.
pub fn parse_quantity(raw: &str, bad_input: bool) -> Result<u32, QuantityError> {
    // In range by construction: at most MAX_QUANTITY.
    parse_whole(raw, bad_input, u64::from(MAX_QUANTITY)).map(|q| q as u32)
}

/// Reads a whole number from 0 to `max` (at most 2^53 − 1) with the rules of
/// [`parse_quantity`]; empty is 0.
// Inlined: the widget's first download calls it only through `parse_quantity`, and a chunk's
// own copy keeps it from being shared (and kept whole) in that download.
#[inline(always)]
pub fn parse_whole(raw: &str, bad_input: bool, max: u64) -> Result<u64, QuantityError> {
    if bad_input {
        return Err(QuantityError::NotANumber);
    }
    let s = raw.trim();
    if s.is_empty() {
        return Ok(0);
    }
    let (negative, body) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() && frac.is_none_or(str::is_empty) || !digits(int) {
        return Err(QuantityError::NotANumber);
    }
    if let Some(f) = frac {
        if !digits(f) {
            return Err(QuantityError::NotANumber);
        }
        if f.bytes().any(|b| b != b'0') {
            return Err(if negative {
                QuantityError::Negative
            } else {
                QuantityError::NotWhole
            });
        }
    }
    let significant = int.trim_start_matches('0');
    if negative && !significant.is_empty() {
        return Err(QuantityError::Negative);
    }
    // Sixteen digits can't overflow u64, and anything longer is over 2^53 anyway.
    if significant.len() > 16 {
        return Err(QuantityError::TooLarge);
    }
    let value = significant
        .bytes()
        .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'));
    if value > max {
        return Err(QuantityError::TooLarge);
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_whole_numbers() {
        assert_eq!(parse_quantity("0", false), Ok(0));
        assert_eq!(parse_quantity("12", false), Ok(12));
        assert_eq!(parse_quantity(" 007 ", false), Ok(7));
        assert_eq!(parse_quantity("+3", false), Ok(3));
        assert_eq!(parse_quantity("5.0", false), Ok(5));
        assert_eq!(parse_quantity("1000000", false), Ok(MAX_QUANTITY));
        assert_eq!(parse_quantity("-0", false), Ok(0));
    }

    #[test]
    fn empty_is_nothing_planned() {
        assert_eq!(parse_quantity("", false), Ok(0));
        assert_eq!(parse_quantity("   ", false), Ok(0));
    }

    #[test]
    fn every_bad_input_has_a_reason() {
        use QuantityError::*;
        let cases = [
            ("-1", Negative),
            ("-2.5", Negative),
            ("1.5", NotWhole),
            ("0.01", NotWhole),
            ("abc", NotANumber),
            ("1e3", NotANumber),
            ("NaN", NotANumber),
            ("Infinity", NotANumber),
            ("--1", NotANumber),
            (".", NotANumber),
            ("-", NotANumber),
            ("1,000", NotANumber),
            ("1000001", TooLarge),
            ("99999999999999999999999999", TooLarge),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_quantity(raw, false), Err(want), "{raw:?}");
        }
        assert_eq!(parse_quantity("", true), Err(NotANumber));
    }

    #[test]
    fn whole_numbers_up_to_any_limit() {
        assert_eq!(
            parse_whole("9007199254740991", false, (1 << 53) - 1),
            Ok((1 << 53) - 1)
        );
        assert_eq!(
            parse_whole("9007199254740992", false, (1 << 53) - 1),
            Err(QuantityError::TooLarge)
        );
        assert_eq!(
            parse_whole("99999999999999999999", false, u64::MAX >> 11),
            Err(QuantityError::TooLarge)
        );
        assert_eq!(parse_whole("", false, 5), Ok(0));
        assert_eq!(parse_whole("6", false, 5), Err(QuantityError::TooLarge));
    }

    proptest! {
        #[test]
        fn never_panics_and_never_exceeds_the_limit(raw in "\\PC{0,40}", bad in any::<bool>()) {
            if let Ok(q) = parse_quantity(&raw, bad) {
                prop_assert!(q <= MAX_QUANTITY);
            }
        }

        #[test]
        fn round_trips_every_valid_quantity(q in 0u32..=MAX_QUANTITY) {
            prop_assert_eq!(parse_quantity(&q.to_string(), false), Ok(q));
        }

        #[test]
        fn rejects_everything_above_the_limit(q in (MAX_QUANTITY as u64 + 1)..u64::MAX) {
            prop_assert_eq!(parse_quantity(&q.to_string(), false), Err(QuantityError::TooLarge));
        }
    }
}
