//! How often a planned line happens, what that costs per month, and how long a balance lasts.
//!
//! A month is a twelfth of a year: a daily line costs ⌈q × c × 365 / 12⌉ a month, a weekly one
//! ⌈q × c × 52 / 12⌉, a monthly one q × c. Each line is rounded up on its own, so that the lines
//! always add up to the totals shown.

use serde::Serialize;

/// How often a line of a plan happens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// Once, now (the default).
    #[default]
    Once,
    Day,
    Week,
    Month,
}

impl Period {
    /// Every period, in the order a person picks from.
    pub const ALL: [Period; 4] = [Period::Once, Period::Day, Period::Week, Period::Month];

    /// The contract's name: `once`, `day`, `week`, `month`.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Once => "once",
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// Reads a contract name; anything else is not a period.
    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn is_recurring(self) -> bool {
        self != Period::Once
    }

    /// The credits a line costs: once, or per month for a recurring line, from `each_time`
    /// (quantity × credits per generation). `None` only if it would not fit a u64.
    pub fn credits(self, each_time: u64) -> Option<u64> {
        // Occurrences per year over 12 months; rounded up, never down, so a plan never shows
        // less than it costs.
        let per_year = match self {
            Period::Once | Period::Month => return Some(each_time),
            Period::Day => 365,
            Period::Week => 52,
        };
        each_time
            .checked_mul(per_year)?
            .checked_add(11)
            .map(|x| x / 12)
    }
}

/// Whole days a balance lasts: first the once-lines are paid, then what is left goes at the
/// monthly rate, ⌊(balance − once) × 365 / 12 / monthly⌋; 0 when the once-lines aren't covered.
/// `None` when nothing recurs (it lasts forever).
pub fn runway_days(balance: u64, once: u64, monthly: u64) -> Option<u64> {
    if monthly == 0 {
        return None;
    }
    let left = u128::from(balance.saturating_sub(once));
    // u128 for the product. Balances are below 2^53 (the answer's validation), so the result
    // fits; past that, "longer than can be counted" is the honest answer.
    Some(u64::try_from(left * 365 / (12 * u128::from(monthly))).unwrap_or(u64::MAX))
}

/// How long a balance lasts at a plan's monthly rate, knowing the account's subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runway {
    /// The subscription's own credits each month cover the monthly rate: the balance is not
    /// drawn down by it.
    Covered,
    /// Whole days, as [`runway_days`] counts them.
    Days(u64),
}

/// How long `balance` lasts: first the once-lines are paid, then the monthly rate goes, less
/// `grant`, the credits the account's subscription adds each month (the balance answer's
/// `plan.period_credits`; a plan is assumed to grant them every month). A rate the grant covers
/// is [`Runway::Covered`], unless the once-lines alone exceed the balance (0 days, as without a
/// grant). `None` when nothing recurs.
pub fn runway(balance: u64, once: u64, monthly: u64, grant: Option<u64>) -> Option<Runway> {
    if monthly == 0 {
        return None;
    }
    let grant = grant.unwrap_or(0);
    if monthly <= grant {
        return Some(if once > balance {
            Runway::Days(0)
        } else {
            Runway::Covered
        });
    }
    runway_days(balance, once, monthly - grant).map(Runway::Days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_subscription_that_covers_the_rate_is_said() {
        // Creator: 2,000 a month; the plan needs 609 a month and 200 once.
        assert_eq!(runway(1250, 200, 609, Some(2000)), Some(Runway::Covered));
        // The one-off lines alone exceed the balance: 0 days, as without a plan.
        assert_eq!(runway(150, 200, 609, Some(2000)), Some(Runway::Days(0)));
        // 6,084 a month against 2,000 granted: ⌊1,050 × 365 / 12 / 4,084⌋ = 7 days.
        assert_eq!(runway(1250, 200, 6084, Some(2000)), Some(Runway::Days(7)));
        // Without a subscription, as before: ⌊1,050 × 365 / 12 / 609⌋ = 52 days.
        assert_eq!(runway(1250, 200, 609, None), Some(Runway::Days(52)));
        assert_eq!(runway(1250, 200, 0, Some(2000)), None);
    }

    proptest! {
        #[test]
        fn the_runway_knows_the_subscription(
            balance in 0u64..1u64 << 53,
            once in 0u64..1u64 << 40,
            monthly in 0u64..1u64 << 40,
            grant in proptest::option::of(0u64..1u64 << 40),
        ) {
            let r = runway(balance, once, monthly, grant);
            let c = grant.unwrap_or(0);
            match r {
                None => prop_assert_eq!(monthly, 0),
                Some(Runway::Covered) => prop_assert!(monthly > 0 && monthly <= c && once <= balance),
                Some(Runway::Days(d)) => {
                    prop_assert!(monthly > c || once > balance);
                    if monthly > c {
                        prop_assert_eq!(Some(d), runway_days(balance, once, monthly - c));
                        // A grant never shortens it.
                        prop_assert!(Some(d) >= runway_days(balance, once, monthly));
                    } else {
                        prop_assert_eq!(d, 0);
                    }
                }
            }
            // Without a subscription it is what it always was.
            prop_assert_eq!(
                runway(balance, once, monthly, None),
                runway_days(balance, once, monthly).map(Runway::Days)
            );
        }
    }

    #[test]
    fn a_month_is_a_twelfth_of_a_year() {
        assert_eq!(Period::Once.credits(10), Some(10));
        assert_eq!(Period::Month.credits(10), Some(10));
        // 10 a day: 3650 a year, 304.17 a month, rounded up.
        assert_eq!(Period::Day.credits(10), Some(305));
        // 10 a week: 520 a year, 43.33 a month.
        assert_eq!(Period::Week.credits(10), Some(44));
        assert_eq!(Period::Day.credits(12), Some(365));
        assert_eq!(Period::Week.credits(0), Some(0));
        assert_eq!(Period::Day.credits(u64::MAX), None);
    }

    #[test]
    fn names_round_trip() {
        for p in Period::ALL {
            assert_eq!(Period::parse(p.as_str()), Some(p));
        }
        assert_eq!(Period::parse("Day"), None);
        assert_eq!(Period::parse(""), None);
        assert_eq!(Period::default(), Period::Once);
    }

    #[test]
    fn runway_after_the_once_lines() {
        // 1,250 credits, 50 once, 1,200 a month: 365 / 12 days ≈ 30.4, so 30 whole days.
        assert_eq!(runway_days(1250, 50, 1200), Some(30));
        assert_eq!(runway_days(1250, 1250, 10), Some(0));
        assert_eq!(runway_days(100, 500, 10), Some(0));
        assert_eq!(runway_days(100, 0, 0), None);
        assert_eq!(runway_days(u64::MAX, 0, 1), Some(u64::MAX));
    }

    proptest! {
        #[test]
        fn monthly_is_never_less_than_the_exact_share(x in 0u64..1u64 << 40, p in 0usize..4) {
            let p = Period::ALL[p];
            let exact_num = match p { Period::Day => x * 365, Period::Week => x * 52, _ => x * 12 };
            let m = p.credits(x).unwrap();
            // m is the smallest whole number with m × 12 ≥ the yearly amount.
            prop_assert!(m * 12 >= exact_num);
            prop_assert!(m == 0 || (m - 1) * 12 < exact_num);
        }

        #[test]
        fn runway_is_the_floor(balance in 0u64..1u64 << 53, once in 0u64..1u64 << 53, monthly in 1u64..1u64 << 40) {
            let d = runway_days(balance, once, monthly).unwrap();
            let left = u128::from(balance.saturating_sub(once));
            prop_assert!(u128::from(d) * 12 * u128::from(monthly) <= left * 365);
            prop_assert!((u128::from(d) + 1) * 12 * u128::from(monthly) > left * 365);
        }
    }
}
