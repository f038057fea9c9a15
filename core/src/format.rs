//! How credits are written for people: whole numbers with thousands separators.

/// `1150` → `"1,150"`.
pub fn credits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `"1 credit"`, `"2,000 credits"`.
pub fn credits_noun(n: u64) -> String {
    format!(
        "{} {}",
        credits(n),
        if n == 1 { "credit" } else { "credits" }
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `(12, 1)` → `"Dec 1"`; month is 1-based. Out-of-range months give an empty string.
pub fn month_day(month: u32, day: u32) -> String {
    match MONTHS.get((month as usize).wrapping_sub(1)) {
        Some(m) => format!("{m} {day}"),
        None => String::new(),
    }
}

/// `(9, 5)` → `"09:05"`.
pub fn clock(hour: u32, minute: u32) -> String {
    format!("{hour:02}:{minute:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(credits(0), "0");
        assert_eq!(credits(999), "999");
        assert_eq!(credits(1000), "1,000");
        assert_eq!(credits(1150), "1,150");
        assert_eq!(credits(2_000_000), "2,000,000");
        assert_eq!(credits(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(credits_noun(1), "1 credit");
        assert_eq!(credits_noun(2000), "2,000 credits");
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(month_day(12, 1), "Dec 1");
        assert_eq!(month_day(13, 1), "");
        assert_eq!(month_day(0, 1), "");
        assert_eq!(clock(9, 5), "09:05");
    }

    proptest! {
        #[test]
        fn separators_do_not_change_the_number(n in any::<u64>()) {
            let s = credits(n);
            prop_assert_eq!(s.replace(',', "").parse::<u64>().unwrap(), n);
            prop_assert!(s.split(',').skip(1).all(|g| g.len() == 3));
        }
    }
}
