//! What a budget still buys after a plan: for each priced entry, how many more generations fit.

use crate::catalog::Catalog;

/// For each priced entry, by index into `catalog.entries`: ⌊max(0, budget − total) / credits⌋,
/// the generations still possible after the plan. Sorted by count, most first; equal counts
/// keep catalog order.
pub fn can_make(catalog: &Catalog, budget: u64, total: u64) -> Vec<(usize, u64)> {
    let left = budget.saturating_sub(total);
    let mut counts: Vec<(usize, u64)> = catalog
        .entries
        .iter()
        .enumerate()
        // Credits are at least 1 in a validated catalog; max(1) keeps a division by zero out
        // even if that ever changed.
        .map(|(i, e)| (i, left / u64::from(e.credits.max(1))))
        .collect();
    // A stable sort: ties stay in catalog order.
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    counts
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
    fn counts_what_is_left_after_the_plan() {
        let c = seed();
        let made = can_make(&c, 100, 20);
        let of = |id: &str| made.iter().find(|(i, _)| c.entries[*i].id == id).unwrap().1;
        assert_eq!(of("text-to-image/flux-dev"), 80); // 1 credit
        assert_eq!(of("ai-expand"), 20); // 4 credits
        assert_eq!(of("text-to-image/nano-banana-pro"), 10); // 8 credits
        assert_eq!(made.len(), c.entries.len());
        // Over budget: nothing more, for everything.
        assert!(can_make(&c, 10, 20).iter().all(|(_, n)| *n == 0));
    }

    proptest! {
        #[test]
        fn sorted_most_first_ties_in_catalog_order(budget in 0u64..1 << 53, total in 0u64..1 << 53) {
            let c = seed();
            let made = can_make(&c, budget, total);
            for w in made.windows(2) {
                prop_assert!(w[0].1 > w[1].1 || (w[0].1 == w[1].1 && w[0].0 < w[1].0));
            }
            for (i, n) in made {
                let credits = u64::from(c.entries[i].credits);
                let left = budget.saturating_sub(total);
                prop_assert!(n * credits <= left && (n + 1) * credits > left);
            }
        }
    }
}
