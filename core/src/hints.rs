//! Cheaper models: for a planned line whose feature offers cheaper models, what switching to
//! each step down would save. Nothing switches by itself; the person decides, since models
//! differ in quality.

use crate::catalog::Catalog;
use crate::plan::{Plan, PlanError};

/// A line that a cheaper model of the same feature could make for less.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    /// The planned entry, by index into `catalog.entries`.
    pub from: usize,
    /// A cheaper model of the same feature (see [`cheaper_alternatives`]).
    pub to: usize,
    /// Credits the plan's total would go down by after [`Plan::switch`] (a month, for a
    /// recurring line).
    pub saves: u64,
}

/// At most this many cheaper models are offered for one line.
pub const MAX_LADDER: usize = 3;

/// The cheaper models of `from`'s feature, a ladder down from its price: one per lower price
/// level (the first model of that level in catalog order), closest price first, at most
/// [`MAX_LADDER`]. A jump to the cheapest alone would hide the steps between, which may be
/// the better trade of quality for credits.
pub fn cheaper_alternatives(catalog: &Catalog, from: usize) -> Vec<usize> {
    let Some(this) = catalog.entries.get(from).filter(|e| e.model.is_some()) else {
        return Vec::new();
    };
    let mut levels: Vec<(u32, usize)> = Vec::new();
    for (i, e) in catalog.entries.iter().enumerate() {
        let same_feature = e.category == this.category && e.feature == this.feature;
        if i != from
            && same_feature
            && e.model.is_some()
            && e.credits < this.credits
            && !levels.iter().any(|(c, _)| *c == e.credits)
        {
            levels.push((e.credits, i));
        }
    }
    // Stable: within a level the first in catalog order was kept above.
    levels.sort_by_key(|(credits, _)| std::cmp::Reverse(*credits));
    levels.truncate(MAX_LADDER);
    levels.into_iter().map(|(_, i)| i).collect()
}

/// The hints for every planned line (quantity above 0): one per cheaper model of its ladder
/// that makes the plan cost less, lines in catalog order, each closest price first. A line is
/// only hinted when switching is a plain move (see [`Plan::switch`]).
pub fn cheaper_models(catalog: &Catalog, plan: &Plan) -> Vec<Hint> {
    let Some(before) = plan.total(catalog) else {
        return Vec::new();
    };
    catalog
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| plan.quantity(&e.id) > 0)
        .flat_map(|(from, _)| {
            cheaper_alternatives(catalog, from)
                .into_iter()
                .filter_map(move |to| {
                    let mut switched = plan.clone();
                    switched.switch(catalog, from, to).ok()?;
                    let after = switched.total(catalog)?;
                    let saves = before.checked_sub(after).filter(|s| *s > 0)?;
                    Some(Hint { from, to, saves })
                })
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
    fn hints_a_ladder_of_cheaper_models_closest_first() {
        let c = seed();
        let mut p = Plan::new();
        p.set(&c, "text-to-image/nano-banana-pro", 10).unwrap();
        p.set(&c, "image-to-image/nano-banana-pro", 2).unwrap();
        p.set(&c, "ai-expand", 3).unwrap(); // no model: no hint
        p.set(&c, "text-to-image/flux-dev", 5).unwrap(); // already the cheapest: no hint
        let hints = cheaper_models(&c, &p);
        let seen: Vec<(&str, &str, u64)> = hints
            .iter()
            .map(|h| (id(&c, h.from), id(&c, h.to), h.saves))
            .collect();
        assert_eq!(
            seen,
            [
                // 8 credits down to 3, 2 and 1: each level's first model in catalog order
                // (Nano Banana before Imagen 4, Qwen before Kling, Flux Dev before Z-Image).
                (
                    "text-to-image/nano-banana-pro",
                    "text-to-image/nano-banana",
                    50
                ),
                ("text-to-image/nano-banana-pro", "text-to-image/qwen", 60),
                (
                    "text-to-image/nano-banana-pro",
                    "text-to-image/flux-dev",
                    70
                ),
                // Image to Image: 3 (Nano Banana before Kling), then Qwen at 2.
                (
                    "image-to-image/nano-banana-pro",
                    "image-to-image/nano-banana",
                    10
                ),
                ("image-to-image/nano-banana-pro", "image-to-image/qwen", 12),
            ]
        );
    }

    proptest! {
        #[test]
        fn a_ladder_is_cheaper_each_step_distinct_and_short(from in 0usize..21) {
            let c = seed();
            let ladder = cheaper_alternatives(&c, from);
            prop_assert!(ladder.len() <= MAX_LADDER);
            let prices: Vec<u32> = ladder.iter().map(|&i| c.entries[i].credits).collect();
            prop_assert!(prices.windows(2).all(|w| w[0] > w[1]), "closest first, one per level");
            for &i in &ladder {
                let (a, b) = (&c.entries[from], &c.entries[i]);
                prop_assert!(b.credits < a.credits && a.feature == b.feature && a.category == b.category);
            }
        }
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
        let saves = cheaper_models(&c, &p)
            .into_iter()
            .find(|h| h.to == flux)
            .unwrap()
            .saves;
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
        // That step is not offered; the steps between still are.
        let hints = cheaper_models(&c, &p);
        assert!(hints.iter().all(|h| h.to != flux));
        assert_eq!(hints.len(), 2);
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
