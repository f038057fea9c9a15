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
    /// Not a number at all (letters, `1e3`, a lone `.`).
    NotANumber,
    /// Below zero.
    Negative,
    /// Has a fractional part.
    NotWhole,
    /// Holds a `.` or `,` that may group thousands or close a fraction of zeros (`5.000`,
    /// `1,000`, `10.000`, `5.0`): five in one language, five thousand in another. The widget
    /// asks for digits only instead of guessing which.
    Separator,
    /// Above [`MAX_QUANTITY`].
    TooLarge,
}

/// Reads a quantity. `bad_input` is the browser's own verdict (`validity.badInput`): a number
/// input reports text it cannot read as an empty value, so emptiness alone is not enough.
/// Empty means "none planned" and counts as 0 without complaint.
///
/// Only digits (and a sign) are read. Any `.` or `,` is refused, whatever follows it: "5.000"
/// is five in English and five thousand in German, and a number input reads it as 5 in every
/// locale, so no reading of it is safe to price.
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
    if !body.bytes().any(|b| b.is_ascii_digit())
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(QuantityError::NotANumber);
    }
    if body.contains(['.', ',']) {
        return Err(separator_error(body, negative));
    }
    let significant = body.trim_start_matches('0');
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

/// Why digits with a `.` or `,` among them are refused. A negative number is told it is
/// negative first. Three digits after the last separator (`1.000`, `10,000`, `1.000.000`), or
/// only zeros (`5.0`, `5,00`, `5.`), read as a whole number in some language: people are asked
/// for digits only. Anything else (`1.5`, `0,25`) has a real fractional part.
fn separator_error(body: &str, negative: bool) -> QuantityError {
    if negative && body.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        return QuantityError::Negative;
    }
    let last = body.rsplit(['.', ',']).next().unwrap_or("");
    if last.len() == 3 || last.bytes().all(|b| b == b'0') {
        QuantityError::Separator
    } else {
        QuantityError::NotWhole
    }
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
            ("-5.000", Negative),
            ("1.5", NotWhole),
            ("0.01", NotWhole),
            ("1,5", NotWhole),
            ("1.000,5", NotWhole),
            ("abc", NotANumber),
            ("1e3", NotANumber),
            ("NaN", NotANumber),
            ("Infinity", NotANumber),
            ("--1", NotANumber),
            (".", NotANumber),
            (",", NotANumber),
            ("-", NotANumber),
            ("1 000", NotANumber),
            ("1000001", TooLarge),
            ("99999999999999999999999999", TooLarge),
        ];
        for (raw, want) in cases {
            assert_eq!(parse_quantity(raw, false), Err(want), "{raw:?}");
        }
        assert_eq!(parse_quantity("", true), Err(NotANumber));
    }

    /// German writes five thousand as "5.000", and a number input reads that as 5 whatever
    /// the page's language: no text with a separator may count as anything but 0.
    #[test]
    fn grouped_thousands_and_zero_fractions_are_refused_never_read() {
        for raw in [
            "5.000",
            "1.000",
            "10.000",
            "1.000.000",
            "1,000",
            "10,000",
            "5.0",
            "5,00",
            "5.",
            "0.0",
            "-0.0",
            "+5.000",
            " 5.000 ",
        ] {
            assert_eq!(
                parse_quantity(raw, false),
                Err(QuantityError::Separator),
                "{raw:?}"
            );
            assert_eq!(
                parse_whole(raw, false, u64::MAX >> 11),
                Err(QuantityError::Separator),
                "{raw:?} as a budget"
            );
        }
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

        /// Whatever the digits around it, a `.` or `,` never yields a number.
        #[test]
        fn a_separator_is_never_read(
            int in "[0-9]{0,7}",
            sep in "[.,]",
            frac in "[0-9]{0,4}",
            sign in "[+-]?",
            max in 0u64..(1 << 53),
        ) {
            let raw = format!("{sign}{int}{sep}{frac}");
            prop_assert!(parse_quantity(&raw, false).is_err());
            prop_assert!(parse_whole(&raw, false, max).is_err());
        }

        /// German-style grouping of any whole number is refused with the "digits only" reason.
        #[test]
        fn german_grouping_asks_for_digits(n in 1_000u64..(1 << 53)) {
            let digits = n.to_string();
            let mut grouped = String::new();
            for (i, d) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    grouped.push('.');
                }
                grouped.push(d);
            }
            prop_assert_eq!(parse_whole(&grouped, false, u64::MAX >> 11), Err(QuantityError::Separator));
            prop_assert_eq!(parse_whole(&grouped.replace('.', ","), false, u64::MAX >> 11), Err(QuantityError::Separator));
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
