//! A plan is how many generations of each catalog entry a person intends to make, and how
//! often; its quote is what that costs: once, and per month. All arithmetic is on integers and
//! checked.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::period::Period;
use crate::quantity::MAX_QUANTITY;

/// Quantity and period per entry id, sorted by id, each id at most once. Entries not mentioned
/// are 0, once. A line is kept while it has a quantity or a period other than once (the period
/// picked before the quantity is typed is remembered). (A sorted `Vec` rather than a
/// `BTreeMap`: a plan holds a few dozen lines at most, and the map's code costs the wasm build
/// far more than a linear scan costs at runtime.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    lines: Vec<(String, u32, Period)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("`{0}` is not in the price list")]
    UnknownEntry(String),
    #[error("a quantity must be between 0 and 1,000,000, not {0}")]
    OutOfRange(u64),
    #[error("the plan's total is too large to compute exactly")]
    TooLarge,
    #[error("the two lines happen at different periods")]
    PeriodsDiffer,
}

/// One priced line of a quote. `credits` is what the line costs once, or per month for a
/// recurring line (rounded up on its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteLine {
    pub id: String,
    pub quantity: u32,
    pub period: Period,
    pub credits_each: u32,
    pub credits: u64,
}

/// What a plan costs: the lines with a quantity above 0, in catalog order; `once`, the sum of
/// the once-lines; `monthly`, the sum of the recurring lines per month; and `total = once +
/// monthly`, what the next month needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub total: u64,
    pub once: u64,
    pub monthly: u64,
    pub lines: Vec<QuoteLine>,
}

/// A plan's sums without its lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub once: u64,
    pub monthly: u64,
}

impl Totals {
    /// `once + monthly`: what the next month needs.
    pub fn total(self) -> u64 {
        self.once + self.monthly
    }

    /// Adds one line's credits to the sum its period belongs to; `None` on overflow.
    fn add(&mut self, period: Period, credits: u64) -> Option<()> {
        let sum = if period.is_recurring() {
            &mut self.monthly
        } else {
            &mut self.once
        };
        *sum = sum.checked_add(credits)?;
        Some(())
    }

    /// The sums, if their total stays exact as a JavaScript number.
    fn exact(self) -> Option<Totals> {
        self.once
            .checked_add(self.monthly)
            .filter(|total| *total <= crate::balance::MAX_SAFE_INTEGER)
            .map(|_| self)
    }
}

impl Plan {
    pub fn new() -> Plan {
        Plan::default()
    }

    /// Sets a line's quantity, keeping its period. Unknown ids and out-of-range quantities are
    /// refused and change nothing.
    pub fn set(&mut self, catalog: &Catalog, id: &str, quantity: u64) -> Result<(), PlanError> {
        if catalog.entry(id).is_none() {
            return Err(PlanError::UnknownEntry(id.to_owned()));
        }
        let q = u32::try_from(quantity)
            .ok()
            .filter(|q| *q <= MAX_QUANTITY)
            .ok_or(PlanError::OutOfRange(quantity))?;
        let period = self.period(id);
        self.put(id, q, period);
        Ok(())
    }

    /// Sets how often a line happens, keeping its quantity.
    pub fn set_period(
        &mut self,
        catalog: &Catalog,
        id: &str,
        period: Period,
    ) -> Result<(), PlanError> {
        if catalog.entry(id).is_none() {
            return Err(PlanError::UnknownEntry(id.to_owned()));
        }
        let quantity = self.quantity(id);
        self.put(id, quantity, period);
        Ok(())
    }

    fn put(&mut self, id: &str, quantity: u32, period: Period) {
        let keep = quantity > 0 || period.is_recurring();
        match (self.find(id), keep) {
            (Ok(i), false) => {
                self.lines.remove(i);
            }
            (Ok(i), true) => self.lines[i] = (id.to_owned(), quantity, period),
            (Err(_), false) => {}
            (Err(i), true) => self.lines.insert(i, (id.to_owned(), quantity, period)),
        }
    }

    pub fn quantity(&self, id: &str) -> u32 {
        self.find(id).map_or(0, |i| self.lines[i].1)
    }

    pub fn period(&self, id: &str) -> Period {
        self.find(id).map_or(Period::Once, |i| self.lines[i].2)
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.lines.binary_search_by(|(k, _, _)| k.as_str().cmp(id))
    }

    /// The lines, by id: quantity and period, including lines with a period and no quantity yet.
    pub fn lines(&self) -> impl Iterator<Item = (&str, u32, Period)> {
        self.lines.iter().map(|(id, q, p)| (id.as_str(), *q, *p))
    }

    /// No line has a quantity.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|(_, q, _)| *q == 0)
    }

    pub fn clear(&mut self) {
        self.lines.clear();
    }

    /// The lines with a quantity whose entry is not in `catalog`: a kept or linked plan that
    /// outlived its price list. They count in no total; the widget flags them.
    pub fn withdrawn<'a>(
        &'a self,
        catalog: &'a Catalog,
    ) -> impl Iterator<Item = (&'a str, u32, Period)> + 'a {
        self.lines()
            .filter(move |(id, q, _)| *q > 0 && catalog.entry(id).is_none())
    }

    /// Drops every line whose entry is not in `catalog`.
    pub fn drop_withdrawn(&mut self, catalog: &Catalog) {
        self.lines.retain(|(id, _, _)| catalog.entry(id).is_some());
    }

    /// The quote's sums alone, without building its lines.
    pub fn totals(&self, catalog: &Catalog) -> Option<Totals> {
        let mut t = Totals::default();
        for (id, quantity, period) in &self.lines {
            let Some(entry) = catalog.entry(id) else {
                continue;
            };
            t.add(*period, line_credits(*quantity, entry.credits, *period)?)?;
        }
        t.exact()
    }

    /// The quote's total alone (`once + monthly`).
    pub fn total(&self, catalog: &Catalog) -> Option<u64> {
        self.totals(catalog).map(Totals::total)
    }

    /// Prices the plan against a catalog. Lines whose entry left the catalog are skipped: a plan
    /// can outlive a catalog version, and a price that no longer exists must not be guessed.
    ///
    /// Arithmetic is checked. A validated catalog bounds prices and entries so that no plan can
    /// reach 2^53 (the total stays exact as a JavaScript number too); `TooLarge` is the answer
    /// if that ever stops being true, never a wrapped or saturated number.
    pub fn quote(&self, catalog: &Catalog) -> Result<Quote, PlanError> {
        let mut lines = Vec::with_capacity(self.lines.len());
        let mut t = Totals::default();
        for entry in &catalog.entries {
            let Ok(i) = self.find(&entry.id) else {
                continue;
            };
            let (_, quantity, period) = self.lines[i];
            if quantity == 0 {
                continue;
            }
            let credits =
                line_credits(quantity, entry.credits, period).ok_or(PlanError::TooLarge)?;
            t.add(period, credits).ok_or(PlanError::TooLarge)?;
            lines.push(QuoteLine {
                id: entry.id.clone(),
                quantity,
                period,
                credits_each: entry.credits,
                credits,
            });
        }
        let t = t.exact().ok_or(PlanError::TooLarge)?;
        Ok(Quote {
            total: t.total(),
            once: t.once,
            monthly: t.monthly,
            lines,
        })
    }
}

/// What one line costs: once, or per month.
pub fn line_credits(quantity: u32, credits_each: u32, period: Period) -> Option<u64> {
    period.credits(u64::from(quantity).checked_mul(u64::from(credits_each))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SEED_JSON;
    use proptest::prelude::*;

    fn seed() -> Catalog {
        Catalog::from_wire(serde_json::from_str(SEED_JSON).unwrap()).unwrap()
    }

    #[test]
    fn quote_lists_planned_lines_in_catalog_order() {
        let c = seed();
        let mut p = Plan::new();
        p.set(&c, "image-to-image/kling", 10).unwrap();
        p.set(&c, "ai-expand", 3).unwrap();
        p.set(&c, "text-to-image/kling", 5).unwrap();
        let q = p.quote(&c).unwrap();
        assert_eq!(q.total, 3 * 4 + 5 * 2 + 10 * 3);
        let ids: Vec<&str> = q.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(
            ids,
            ["ai-expand", "text-to-image/kling", "image-to-image/kling"]
        );
        assert_eq!(q.lines[2].credits_each, 3);
        assert_eq!(q.lines[2].credits, 30);
    }

    #[test]
    fn withdrawn_lines_are_listed_left_out_and_droppable() {
        let c = seed();
        let mut p = Plan::new();
        p.set(&c, "ai-expand", 3).unwrap();
        p.set(&c, "photo-restoration", 2).unwrap();
        p.set_period(&c, "ai-headshot", Period::Month).unwrap();
        let mut newer = c.clone();
        newer
            .entries
            .retain(|e| e.id != "photo-restoration" && e.id != "ai-headshot");
        let gone: Vec<_> = p.withdrawn(&newer).collect();
        assert_eq!(gone, [("photo-restoration", 2, Period::Once)]);
        assert_eq!(p.quote(&newer).unwrap().total, 3 * 4);
        assert_eq!(p.total(&newer), Some(3 * 4));
        p.drop_withdrawn(&newer);
        assert_eq!(p.withdrawn(&c).count(), 0);
        assert_eq!(p.lines().map(|l| l.0).collect::<Vec<_>>(), ["ai-expand"]);
    }

    #[test]
    fn zero_removes_a_line_and_empty_plan_costs_nothing() {
        let c = seed();
        let mut p = Plan::new();
        assert_eq!(p.quote(&c).unwrap(), Quote::default());
        p.set(&c, "ai-expand", 3).unwrap();
        p.set(&c, "ai-expand", 0).unwrap();
        assert!(p.is_empty());
        assert_eq!(p.quote(&c).unwrap().total, 0);
    }

    #[test]
    fn refuses_unknown_ids_and_out_of_range_quantities() {
        let c = seed();
        let mut p = Plan::new();
        assert_eq!(
            p.set(&c, "nope", 1),
            Err(PlanError::UnknownEntry("nope".into()))
        );
        assert_eq!(
            p.set(&c, "ai-expand", 1_000_001),
            Err(PlanError::OutOfRange(1_000_001))
        );
        assert_eq!(
            p.set(&c, "ai-expand", u64::MAX),
            Err(PlanError::OutOfRange(u64::MAX))
        );
        assert!(p.is_empty());
    }

    /// The largest catalog validation allows: every entry at the highest price.
    fn dearest_catalog() -> Catalog {
        use crate::catalog::{CatalogWire, MAX_CREDITS, MAX_ENTRIES};
        let entries: Vec<String> = (0..MAX_ENTRIES)
            .map(|i| format!(r#"{{"id":"e{i}","category":"c","feature":"F","name":"E","credits":{MAX_CREDITS}}}"#))
            .collect();
        let text = format!(
            r#"{{"version":"t","categories":[{{"id":"c","name":"C"}}],"entries":[{}]}}"#,
            entries.join(",")
        );
        Catalog::from_wire(serde_json::from_str::<CatalogWire>(&text).unwrap()).unwrap()
    }

    #[test]
    fn the_dearest_possible_plan_stays_exact_and_fits_javascript() {
        use crate::catalog::{MAX_CREDITS, MAX_ENTRIES};
        let c = dearest_catalog();
        let mut p = Plan::new();
        for e in &c.entries {
            p.set(&c, &e.id, u64::from(MAX_QUANTITY)).unwrap();
        }
        let q = p.quote(&c).unwrap();
        assert_eq!(
            q.total,
            u64::from(MAX_QUANTITY) * u64::from(MAX_CREDITS) * MAX_ENTRIES as u64
        );
        assert!(q.total < 1 << 53);
    }

    #[test]
    fn the_largest_plan_is_exact() {
        let c = seed();
        let mut p = Plan::new();
        for e in &c.entries {
            p.set(&c, &e.id, u64::from(MAX_QUANTITY)).unwrap();
        }
        let sum: u64 = c.entries.iter().map(|e| u64::from(e.credits)).sum();
        assert_eq!(p.quote(&c).unwrap().total, sum * u64::from(MAX_QUANTITY));
    }

    proptest! {
        #[test]
        fn total_is_the_sum_of_quantity_times_price(qs in proptest::collection::vec(0..=MAX_QUANTITY, 21)) {
            let c = seed();
            let mut p = Plan::new();
            for (e, q) in c.entries.iter().zip(&qs) {
                p.set(&c, &e.id, u64::from(*q)).unwrap();
            }
            let q = p.quote(&c).unwrap();
            let expected: u128 = c.entries.iter().zip(&qs)
                .map(|(e, q)| u128::from(*q) * u128::from(e.credits)).sum();
            prop_assert_eq!(u128::from(q.total), expected);
            prop_assert_eq!(p.total(&c), Some(q.total));
            prop_assert_eq!(q.lines.iter().map(|l| l.credits).sum::<u64>(), q.total);
            prop_assert!(q.lines.iter().all(|l| l.quantity > 0 && l.credits == u64::from(l.quantity) * u64::from(l.credits_each)));
            prop_assert_eq!((q.once, q.monthly), (q.total, 0));
            // Fits a JavaScript number exactly.
            prop_assert!(q.total < (1 << 53));
        }
    }

    #[test]
    fn periods_price_per_month_and_lines_add_up() {
        let c = seed();
        let mut p = Plan::new();
        p.set(&c, "ai-expand", 3).unwrap(); // 12 once
        p.set_period(&c, "text-to-image/flux-dev", Period::Day)
            .unwrap();
        // The period picked before the quantity is remembered, and costs nothing yet.
        assert_eq!(p.period("text-to-image/flux-dev"), Period::Day);
        assert!(p.quote(&c).unwrap().lines.len() == 1);
        p.set(&c, "text-to-image/flux-dev", 10).unwrap(); // 10 a day at 1: ⌈3650 / 12⌉ = 305
        p.set(&c, "chat-editing", 5).unwrap();
        p.set_period(&c, "chat-editing", Period::Week).unwrap(); // 10 a week: ⌈520 / 12⌉ = 44
        let q = p.quote(&c).unwrap();
        assert_eq!((q.once, q.monthly, q.total), (12, 305 + 44, 12 + 305 + 44));
        assert_eq!(
            p.totals(&c),
            Some(Totals {
                once: 12,
                monthly: 349
            })
        );
        let flux = q
            .lines
            .iter()
            .find(|l| l.id == "text-to-image/flux-dev")
            .unwrap();
        assert_eq!((flux.period, flux.credits), (Period::Day, 305));
        // Back to once: the line costs what it costs once.
        p.set_period(&c, "text-to-image/flux-dev", Period::Once)
            .unwrap();
        assert_eq!(p.quote(&c).unwrap().once, 12 + 10);
        // A quantity of 0 with a period other than once is kept but not quoted.
        p.set(&c, "chat-editing", 0).unwrap();
        assert_eq!(p.period("chat-editing"), Period::Week);
        assert!(p
            .quote(&c)
            .unwrap()
            .lines
            .iter()
            .all(|l| l.id != "chat-editing"));
        assert_eq!(
            p.set_period(&c, "nope", Period::Day),
            Err(PlanError::UnknownEntry("nope".into()))
        );
    }

    #[test]
    fn the_dearest_daily_plan_still_fits_javascript() {
        let c = dearest_catalog();
        let mut p = Plan::new();
        for e in &c.entries {
            p.set(&c, &e.id, u64::from(MAX_QUANTITY)).unwrap();
            p.set_period(&c, &e.id, Period::Day).unwrap();
        }
        let q = p.quote(&c).unwrap();
        assert!(q.total < 1 << 53, "{}", q.total);
        assert_eq!(q.total, q.monthly);
    }

    proptest! {
        #[test]
        fn recurring_lines_add_up_to_their_totals(
            lines in proptest::collection::vec((0..=MAX_QUANTITY, 0usize..4), 21)
        ) {
            let c = seed();
            let mut p = Plan::new();
            for (e, (q, period)) in c.entries.iter().zip(&lines) {
                p.set(&c, &e.id, u64::from(*q)).unwrap();
                p.set_period(&c, &e.id, Period::ALL[*period]).unwrap();
            }
            let q = p.quote(&c).unwrap();
            let once: u64 = q.lines.iter().filter(|l| !l.period.is_recurring()).map(|l| l.credits).sum();
            let monthly: u64 = q.lines.iter().filter(|l| l.period.is_recurring()).map(|l| l.credits).sum();
            prop_assert_eq!((q.once, q.monthly), (once, monthly));
            prop_assert_eq!(q.total, once + monthly);
            prop_assert_eq!(p.total(&c), Some(q.total));
            for l in &q.lines {
                prop_assert_eq!(Some(l.credits), line_credits(l.quantity, l.credits_each, l.period));
            }
        }
    }
}
