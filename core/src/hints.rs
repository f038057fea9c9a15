//! Cheaper models: for a planned line whose feature offers a cheaper model, what switching to
//! the cheapest one would save. Nothing switches by itself; the person decides, since models
//! differ in quality.

use crate::catalog::Catalog;
use crate::plan::{Plan, PlanError};

/// A line that a cheaper model of the same feature could make for less.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    /// The planned entry, by index into `catalog.entries`.
    pub from: usize,
    /// The cheapest other model of the same feature (ties: catalog order).
    pub to: usize,
    /// Credits the plan's total would go down by after [`Plan::switch`].
    pub saves: u64,
}

/// The cheapest other model of `from`'s feature, if it costs less than `from`.
pub fn cheapest_alternative(catalog: &Catalog, from: usize) -> Option<usize> {
    let this = catalog.entries.get(from)?;
    this.model.as_ref()?;
    catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            *i != from
                && e.model.is_some()
                && e.category == this.category
                && e.feature == this.feature
                && e.credits < this.credits
        })
        // `min_by_key` keeps the first of equal keys: ties go to catalog order.
        .min_by_key(|(_, e)| e.credits)
        .map(|(i, _)| i)
}

/// One hint per planned line (quantity above 0) that a cheaper model could make for less, in
/// catalog order. A line is only hinted when switching is a plain move (see [`Plan::switch`]).
pub fn cheaper_models(catalog: &Catalog, plan: &Plan) -> Vec<Hint> {
    let Some(before) = plan.total(catalog) else {
        return Vec::new();
    };
    catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| plan.quantity(&e.id) > 0)
        .filter_map(|(from, _)| {
            let to = cheapest_alternative(catalog, from)?;
            let mut switched = plan.clone();
            switched.switch(catalog, from, to).ok()?;
            let after = switched.total(catalog)?;
            let saves = before.checked_sub(after).filter(|s| *s > 0)?;
            Some(Hint { from, to, saves })
        })
        .collect()
}

impl Plan {
    /// Moves line `from`'s quantity and period to entry `to` (indices into `catalog.entries`),
    /// adding to `to`'s quantity when it already has one with the same period. When `to` has a
    /// quantity with another period the two can't be added without changing what the plan
    /// means, so nothing changes (`PlanError::PeriodsDiffer`); nor when the sum exceeds the
    /// quantity limit.
    pub fn switch(&mut self, catalog: &Catalog, from: usize, to: usize) -> Result<(), PlanError> {
        let (Some(a), Some(b)) = (catalog.entries.get(from), catalog.entries.get(to)) else {
            return Err(PlanError::UnknownEntry(String::new()));
        };
        let (q, period) = (self.quantity(&a.id), self.period(&a.id));
        let (q_to, period_to) = (self.quantity(&b.id), self.period(&b.id));
        if q_to > 0 && period_to != period {
            return Err(PlanError::PeriodsDiffer);
        }
        let sum = u64::from(q) + u64::from(q_to);
        let mut next = self.clone();
        next.set(catalog, &b.id, sum)?;
        next.set_period(catalog, &b.id, period)?;
        next.set(catalog, &a.id, 0)?;
        next.set_period(catalog, &a.id, crate::period::Period::Once)?;
        *self = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SEED_JSON;
    use crate::period::Period;
    use proptest::prelude::*;

    fn seed() -> Catalog {
        Catalog::from_wire(serde_json::from_str(SEED_JSON).unwrap()).unwrap()
    }

    fn id(c: &Catalog, i: usize) -> &str {
        &c.entries[i].id
    }

    #[test]
    fn hints_the_cheapest_other_model_ties_in_catalog_order() {
        let c = seed();
        let mut p = Plan::new();
        p.set(&c, "text-to-image/nano-banana-pro", 10).unwrap();
        p.set(&c, "image-to-image/nano-banana-pro", 2).unwrap();
        p.set(&c, "ai-expand", 3).unwrap(); // no model: no hint
        p.set(&c, "text-to-image/flux-dev", 5).unwrap(); // already the cheapest: no hint
        let hints = cheaper_models(&c, &p);
        assert_eq!(hints.len(), 2);
        // Flux Dev and Z-Image both cost 1: Flux Dev comes first in the catalog.
        assert_eq!(id(&c, hints[0].from), "text-to-image/nano-banana-pro");
        assert_eq!(id(&c, hints[0].to), "text-to-image/flux-dev");
        assert_eq!(hints[0].saves, 10 * (8 - 1));
        // Image to Image: Qwen (2) is the cheapest, before Nano Banana and Kling (3).
        assert_eq!(id(&c, hints[1].to), "image-to-image/qwen");
        assert_eq!(hints[1].saves, 2 * (8 - 2));
    }

    #[test]
    fn switching_moves_quantity_and_period_and_adds_to_the_same_period() {
        let c = seed();
        let (pro, flux) = (
            c.index_of("text-to-image/nano-banana-pro").unwrap(),
            c.index_of("text-to-image/flux-dev").unwrap(),
        );
        let mut p = Plan::new();
        p.set(&c, "text-to-image/nano-banana-pro", 10).unwrap();
        p.set_period(&c, "text-to-image/nano-banana-pro", Period::Day)
            .unwrap();
        p.set(&c, "text-to-image/flux-dev", 4).unwrap();
        p.set_period(&c, "text-to-image/flux-dev", Period::Day)
            .unwrap();
        let before = p.total(&c).unwrap();
        let saves = cheaper_models(&c, &p)[0].saves;
        p.switch(&c, pro, flux).unwrap();
        assert_eq!(p.quantity("text-to-image/flux-dev"), 14);
        assert_eq!(p.period("text-to-image/flux-dev"), Period::Day);
        assert_eq!(p.quantity("text-to-image/nano-banana-pro"), 0);
        assert_eq!(p.total(&c).unwrap(), before - saves);
        // The hint is gone once taken.
        assert!(cheaper_models(&c, &p).is_empty());
    }

    #[test]
    fn lines_with_different_periods_are_not_merged() {
        let c = seed();
        let (pro, flux) = (
            c.index_of("text-to-image/nano-banana-pro").unwrap(),
            c.index_of("text-to-image/flux-dev").unwrap(),
        );
        let mut p = Plan::new();
        p.set(&c, "text-to-image/nano-banana-pro", 10).unwrap();
        p.set(&c, "text-to-image/flux-dev", 4).unwrap();
        p.set_period(&c, "text-to-image/flux-dev", Period::Week)
            .unwrap();
        let kept = p.clone();
        assert_eq!(p.switch(&c, pro, flux), Err(PlanError::PeriodsDiffer));
        assert_eq!(p, kept);
        assert!(cheaper_models(&c, &p).is_empty());
    }

    proptest! {
        #[test]
        fn every_hint_saves_exactly_what_it_says(
            lines in proptest::collection::vec((0usize..21, 0u64..2_000, 0usize..4), 0..12)
        ) {
            let c = seed();
            let mut p = Plan::new();
            for (i, q, per) in lines {
                let id = c.entries[i % c.entries.len()].id.clone();
                p.set(&c, &id, q).unwrap();
                p.set_period(&c, &id, Period::ALL[per]).unwrap();
            }
            let before = p.total(&c).unwrap();
            for h in cheaper_models(&c, &p) {
                prop_assert!(c.entries[h.to].credits < c.entries[h.from].credits);
                let mut s = p.clone();
                s.switch(&c, h.from, h.to).unwrap();
                prop_assert_eq!(s.total(&c).unwrap() + h.saves, before);
            }
        }
    }
}
