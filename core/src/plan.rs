//! A plan is how many generations of each catalog entry a person intends to make; its quote is
//! what that costs. All arithmetic is on integers and checked.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::quantity::MAX_QUANTITY;

/// Quantity per entry id, sorted by id, each id at most once and never with 0. Entries not
/// mentioned are 0. (A sorted `Vec` rather than a `BTreeMap`: a plan holds a few dozen lines at
/// most, and the map's code costs the wasm build far more than a linear scan costs at runtime.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    quantities: Vec<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("`{0}` is not in the price list")]
    UnknownEntry(String),
    #[error("a quantity must be between 0 and 1,000,000, not {0}")]
    OutOfRange(u64),
    #[error("the plan's total is too large to compute exactly")]
    TooLarge,
}

/// One priced line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteLine {
    pub id: String,
    pub quantity: u32,
    pub credits_each: u32,
    pub credits: u64,
}

/// What a plan costs: the lines with a quantity above 0, in catalog order, and their total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub total: u64,
    pub lines: Vec<QuoteLine>,
}

impl Plan {
    pub fn new() -> Plan {
        Plan::default()
    }

    /// Sets a line. Unknown ids and out-of-range quantities are refused and change nothing.
    pub fn set(&mut self, catalog: &Catalog, id: &str, quantity: u64) -> Result<(), PlanError> {
        if catalog.entry(id).is_none() {
            return Err(PlanError::UnknownEntry(id.to_owned()));
        }
        let q = u32::try_from(quantity)
            .ok()
            .filter(|q| *q <= MAX_QUANTITY)
            .ok_or(PlanError::OutOfRange(quantity))?;
        match (self.find(id), q) {
            (Ok(i), 0) => {
                self.quantities.remove(i);
            }
            (Ok(i), q) => self.quantities[i].1 = q,
            (Err(_), 0) => {}
            (Err(i), q) => self.quantities.insert(i, (id.to_owned(), q)),
        }
        Ok(())
    }

    pub fn quantity(&self, id: &str) -> u32 {
        self.find(id).map_or(0, |i| self.quantities[i].1)
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.quantities
            .binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    pub fn is_empty(&self) -> bool {
        self.quantities.is_empty()
    }

    pub fn clear(&mut self) {
        self.quantities.clear();
    }

    /// The quote's total alone, without building its lines.
    pub fn total(&self, catalog: &Catalog) -> Option<u64> {
        let mut total: u64 = 0;
        for (id, quantity) in &self.quantities {
            let Some(entry) = catalog.entry(id) else {
                continue;
            };
            let credits = u64::from(*quantity).checked_mul(u64::from(entry.credits))?;
            total = total
                .checked_add(credits)
                .filter(|t| *t <= crate::balance::MAX_SAFE_INTEGER)?;
        }
        Some(total)
    }

    /// Prices the plan against a catalog. Lines whose entry left the catalog are skipped: a plan
    /// can outlive a catalog version, and a price that no longer exists must not be guessed.
    ///
    /// Arithmetic is checked. A validated catalog bounds prices and entries so that no plan can
    /// reach 2^53 (the total stays exact as a JavaScript number too); `TooLarge` is the answer
    /// if that ever stops being true, never a wrapped or saturated number.
    pub fn quote(&self, catalog: &Catalog) -> Result<Quote, PlanError> {
        let mut lines = Vec::with_capacity(self.quantities.len());
        let mut total: u64 = 0;
        for entry in &catalog.entries {
            let quantity = self.quantity(&entry.id);
            if quantity == 0 {
                continue;
            }
            let credits = u64::from(quantity)
                .checked_mul(u64::from(entry.credits))
                .ok_or(PlanError::TooLarge)?;
            total = total
                .checked_add(credits)
                .filter(|t| *t <= crate::balance::MAX_SAFE_INTEGER)
                .ok_or(PlanError::TooLarge)?;
            lines.push(QuoteLine {
                id: entry.id.clone(),
                quantity,
                credits_each: entry.credits,
                credits,
            });
        }
        Ok(Quote { total, lines })
    }
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

    #[test]
    fn the_dearest_possible_plan_stays_exact_and_fits_javascript() {
        use crate::catalog::{CatalogWire, MAX_CREDITS, MAX_ENTRIES};
        let entries: Vec<String> = (0..MAX_ENTRIES)
            .map(|i| format!(r#"{{"id":"e{i}","category":"c","feature":"F","name":"E","credits":{MAX_CREDITS}}}"#))
            .collect();
        let text = format!(
            r#"{{"version":"t","categories":[{{"id":"c","name":"C"}}],"entries":[{}]}}"#,
            entries.join(",")
        );
        let c = Catalog::from_wire(serde_json::from_str::<CatalogWire>(&text).unwrap()).unwrap();
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
            // Fits a JavaScript number exactly.
            prop_assert!(q.total < (1 << 53));
        }
    }
}
