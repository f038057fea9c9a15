//! Credit packs the host sells, and the advice which of them to buy for a number of credits.
//!
//! The host gives the packs as a JSON array of
//! `{ "id": string, "name": string, "credits": integer > 0, "price"?: number >= 0,
//! "currency"?: ISO 4217 }`. Only its first [`MAX_PACKS`] entries are read. Entries that break
//! the contract are skipped one by one, so one typo does not hide every pack; the widget logs a
//! warning (`console.warn`) for each of the first [`MAX_WARNED`] and one that counts the rest, so
//! a list of a million bad entries costs no more than a short one. Names are plain text: nothing
//! here or in the widget reads them as markup.
//!
//! [`advise`] picks what to buy for a need of credits:
//! - when every pack has a price and all share one currency (a missing currency counts as one
//!   more value, so packs that all lack it share it), the cheapest combination that covers the
//!   need; equal prices go to fewer credits, then to fewer packs;
//! - otherwise the combination with the fewest packs, then the fewest credits.
//!
//! A combination is a multiset: any pack may be bought any number of times. Combinations still
//! equal after those rules go to the one that buys the most of the first pack in host order,
//! then the most of the second, and so on (its count vector is the greatest in lexicographic
//! order), so the advice is the same on every run.
//!
//! The choice is exact (no heuristic) for any need up to [`MAX_ADVICE_CREDITS`].

use crate::json::Json;

/// The most entries read from the host's list, and so the most packs kept; later entries are
/// not read at all, and skipped with one warning. It bounds the work of reading the list (a
/// caller may hand over only the first `MAX_PACKS + 1` entries, with the same result) and of
/// [`advise`].
pub const MAX_PACKS: usize = 20;

/// The most skipped entries that get a warning of their own; one more warning counts the rest.
pub const MAX_WARNED: usize = 3;

/// The most credits one pack may hold.
pub const MAX_PACK_CREDITS: u64 = 10_000_000;

/// The largest need [`advise`] answers. Above it there is no advice: a number that large is a
/// typo more often than a purchase, and the exact search's memory grows with the need.
pub const MAX_ADVICE_CREDITS: u64 = 1_000_000;

/// The highest price a pack may have, in its currency's units.
pub const MAX_PRICE: f64 = 1e12;

const SKIPPED: &str = "vidmud-credits: packs[";

/// A validated pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    /// Unique among the packs, trimmed, not empty.
    pub id: String,
    /// Plain text, trimmed, not empty.
    pub name: String,
    /// From 1 to [`MAX_PACK_CREDITS`].
    pub credits: u64,
    /// `None` when the host gave no price.
    pub price: Option<Price>,
}

/// A price, or the total price of an [`Advice`].
#[derive(Debug, Clone, PartialEq)]
pub struct Price {
    /// As the host gave it, for display (the widget formats it with `Intl`).
    pub amount: f64,
    /// The amount in thousandths, rounded: what comparisons and sums use, so that no float
    /// rounding decides which pack is cheaper.
    pub milli: u64,
    /// Three uppercase ASCII letters, or `None` when the host gave no currency.
    pub currency: Option<String>,
}

/// The host's packs, as far as they are valid, and one warning for each entry skipped.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Packs {
    pub packs: Vec<Pack>,
    /// English messages for developers, ready for `console.warn`.
    pub warnings: Vec<String>,
}

/// What to buy: how many of each pack, and what that comes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    /// How many of each pack to buy, by the pack's index in the slice given to [`advise`].
    pub counts: Vec<u32>,
    /// The credits bought in all, at least the need.
    pub credits: u64,
    /// The number of packs bought in all.
    pub packs: u32,
    /// The total price, only when the advice is the cheapest (every pack priced in one
    /// currency). `amount` is `milli / 1000`.
    pub price: Option<Price>,
}

impl Advice {
    /// The ids of the packs to buy in the host's order, a pack bought twice listed twice.
    pub fn ids<'a>(&self, packs: &'a [Pack]) -> Vec<&'a str> {
        packs
            .iter()
            .zip(&self.counts)
            .flat_map(|(pack, &count)| (0..count).map(move |_| pack.id.as_str()))
            .collect()
    }
}

/// Reads the host's packs. Anything but an array gives no packs and one warning. Of an array,
/// only the first [`MAX_PACKS`] entries are read, and one warning says the rest were not; each
/// invalid entry among them is skipped, the first [`MAX_WARNED`] with a warning naming its index
/// and the reason, and the others counted in one more warning. So there are at most five
/// warnings, however long the list.
pub fn parse_packs(value: &Json) -> Packs {
    let mut out = Packs::default();
    let Json::Array(entries) = value else {
        out.warnings
            .push("vidmud-credits: packs must be a JSON array; no packs shown".to_owned());
        return out;
    };
    let mut unwarned = 0;
    for (index, entry) in entries.iter().enumerate().take(MAX_PACKS) {
        match parse_pack(entry, &out.packs) {
            Ok(pack) => out.packs.push(pack),
            Err(_) if out.warnings.len() == MAX_WARNED => unwarned += 1,
            Err(why) => out
                .warnings
                .push(format!("{SKIPPED}{index}] skipped: {why}")),
        }
    }
    if unwarned > 0 {
        out.warnings.push(format!(
            "vidmud-credits: packs: {unwarned} more invalid entries skipped (only the first {MAX_WARNED} are described)"
        ));
    }
    if entries.len() > MAX_PACKS {
        out.warnings.push(format!(
            "{SKIPPED}{MAX_PACKS}] and after skipped, unread: at most {MAX_PACKS} packs are read"
        ));
    }
    out
}

// The reasons are fixed texts except for the id: formatting a rejected number would pull float
// printing into the wasm for a message only developers read.
fn parse_pack(entry: &Json, kept: &[Pack]) -> Result<Pack, String> {
    if !matches!(entry, Json::Object(_)) {
        return Err("not an object".into());
    }
    let id = match entry.get("id") {
        // No control characters: ids travel in URLs and in newline-separated lists.
        Some(Json::String(s)) if !s.trim().is_empty() && !s.chars().any(char::is_control) => {
            s.trim()
        }
        _ => return Err("id must be a non-empty string without control characters".into()),
    };
    if kept.iter().any(|p| p.id == id) {
        return Err(format!("id \"{id}\" is already used by an earlier pack"));
    }
    let name = match entry.get("name") {
        Some(Json::String(s)) if !s.trim().is_empty() => s.trim(),
        _ => return Err("name must be a non-empty string".into()),
    };
    let credits = match entry.get("credits") {
        Some(&Json::Number(n)) if n.is_finite() && n.fract() == 0.0 && n >= 1.0 => n,
        _ => return Err("credits must be a whole number above 0".into()),
    };
    if credits > MAX_PACK_CREDITS as f64 {
        return Err(format!("credits must be at most {MAX_PACK_CREDITS}"));
    }
    let amount = match entry.get("price") {
        None | Some(Json::Null) => None,
        // The range test also refuses NaN; infinities are outside it.
        Some(&Json::Number(n)) if (0.0..=MAX_PRICE).contains(&n) => Some(n),
        _ => return Err("price must be a number from 0 to 1000000000000".into()),
    };
    let currency = match entry.get("currency") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) if s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(s.to_ascii_uppercase())
        }
        _ => return Err("currency must be 3 letters, like \"EUR\"".into()),
    };
    Ok(Pack {
        id: id.to_owned(),
        name: name.to_owned(),
        // Whole and in 1..=MAX_PACK_CREDITS, so the conversion is exact.
        credits: credits as u64,
        price: amount.map(|amount| Price {
            // -0 would be shown as "-0".
            amount: if amount == 0.0 { 0.0 } else { amount },
            // At most 1e15, below 2^53: exact in f64 and in u64.
            milli: (amount * 1000.0).round() as u64,
            currency,
        }),
    })
}

/// What to buy to have at least `need` credits (see the module documentation for the rules).
///
/// `None` when `need` is 0 or above [`MAX_ADVICE_CREDITS`], when there are no packs with credits,
/// when there are more than [`MAX_PACKS`] packs (the time bound holds up to there), or when even
/// the cheapest combination costs `u64::MAX` thousandths or more (a total no price list reaches
/// in practice, and one [`Price::milli`] could not hold).
///
/// Takes time proportional to the number of distinct pack sizes times `need`, and memory of 8
/// bytes per credit of `need` plus the largest pack below it: at most 16 MB (32 MB for price
/// lists where even the cheapest way costs 8.8 billion or more).
pub fn advise(packs: &[Pack], need: u64) -> Option<Advice> {
    if need == 0 || need > MAX_ADVICE_CREDITS || packs.len() > MAX_PACKS {
        return None;
    }
    let currency = shared_currency(packs);
    let cheapest = currency.is_some();
    let all: Vec<Item> = packs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.credits > 0)
        .map(|(index, p)| Item {
            index,
            credits: p.credits,
            // In the fewest-packs mode price plays no part: every pack costs the same, nothing.
            milli: match (&p.price, cheapest) {
                (Some(price), true) => price.milli,
                _ => 0,
            },
        })
        .collect();
    // Of packs with equal credits only the cheapest, and of those the first, can be in the
    // advice: swapping one for it never makes a combination worse, and the tie rule prefers the
    // earlier pack. Fewer sizes make the search faster.
    let items: Vec<Item> = all
        .iter()
        .filter(|a| {
            !all.iter()
                .any(|b| b.credits == a.credits && (b.milli, b.index) < (a.milli, a.index))
        })
        .copied()
        .collect();

    let rank = |c: &Choice| {
        if cheapest {
            (c.cost, c.credits, u64::from(c.packs))
        } else {
            (u64::from(c.packs), c.credits, 0)
        }
    };
    let mut best: Option<Choice> = None;
    // A pack that covers the need alone is best alone: anything added costs as much or more and
    // adds credits and a pack. Host order with a strict comparison keeps the earlier on ties.
    for item in items.iter().filter(|i| i.credits >= need) {
        let choice = Choice {
            cost: item.milli,
            credits: item.credits,
            packs: 1,
            counts: vec![(item.index, 1)],
        };
        if best.as_ref().is_none_or(|b| rank(&choice) < rank(b)) {
            best = Some(choice);
        }
    }
    let small: Vec<Item> = items.iter().filter(|i| i.credits < need).copied().collect();
    if !small.is_empty() {
        // Any best total is at most the cheapest way with one kind of pack. When that fits the
        // compact key, so do all entries that matter.
        let bound = items
            .iter()
            .map(|i| u128::from(need.div_ceil(i.credits)).saturating_mul(u128::from(i.milli)))
            .min()
            .unwrap_or(0);
        let choice = if bound < 1 << (64 - PACK_BITS) {
            combine::<u64>(&small, need, cheapest)
        } else {
            combine::<u128>(&small, need, cheapest)
        };
        // A combination of small packs has at least two packs and one alone has one, so the
        // two kinds never tie.
        if let Some(choice) = choice {
            if best.as_ref().is_none_or(|b| rank(&choice) < rank(b)) {
                best = Some(choice);
            }
        }
    }

    let best = best?;
    let mut counts = vec![0u32; packs.len()];
    for &(index, count) in &best.counts {
        if let Some(slot) = counts.get_mut(index) {
            *slot = count;
        }
    }
    Some(Advice {
        counts,
        credits: best.credits,
        packs: best.packs,
        price: currency.map(|currency| Price {
            amount: best.cost as f64 / 1000.0,
            milli: best.cost,
            currency: currency.map(str::to_owned),
        }),
    })
}

/// The currency all packs share (`Some(None)`: all have none) when every pack with credits has
/// a price; `None` otherwise.
fn shared_currency(packs: &[Pack]) -> Option<Option<&str>> {
    let mut shared = None;
    for pack in packs.iter().filter(|p| p.credits > 0) {
        let currency = pack.price.as_ref()?.currency.as_deref();
        match shared {
            None => shared = Some(currency),
            Some(s) if s == currency => {}
            Some(_) => return None,
        }
    }
    shared
}

#[derive(Debug, Clone, Copy)]
struct Item {
    index: usize,
    credits: u64,
    milli: u64,
}

/// A candidate advice: its totals and (pack index, count) pairs in host order.
struct Choice {
    cost: u64,
    credits: u64,
    packs: u32,
    counts: Vec<(usize, u32)>,
}

/// One table entry: the best (cost, packs) found for a sum, packed into one integer with the
/// cost in the high bits, so that one comparison orders by cost and then packs and one saturating
/// addition adds a pack. `MAX` is "unreached" (or saturated: never a real total).
trait Key: Copy + Ord {
    const MAX: Self;
    const ZERO: Self;
    /// `None` when the cost does not fit.
    fn new(cost: u64, packs: u32) -> Option<Self>;
    fn plus(self, other: Self) -> Self;
    /// `None` when the cost does not fit a `u64`.
    fn cost(self) -> Option<u64>;
    fn packs(self) -> u32;
}

/// The low bits that hold the pack count. A table has fewer than 2^21 sums (see [`combine`]),
/// and a sum's pack count is at most the sum, so counts never carry into the cost.
const PACK_BITS: u32 = 21;

/// The compact key, 8 bytes per sum. Costs below 2^43 thousandths (8.8 billion in the currency)
/// fit: [`advise`] uses it whenever the best total is known to be below that.
impl Key for u64 {
    const MAX: u64 = u64::MAX;
    const ZERO: u64 = 0;

    fn new(cost: u64, packs: u32) -> Option<u64> {
        (cost < 1 << (64 - PACK_BITS) && packs < 1 << PACK_BITS)
            .then(|| cost << PACK_BITS | u64::from(packs))
    }

    fn plus(self, other: u64) -> u64 {
        self.saturating_add(other)
    }

    fn cost(self) -> Option<u64> {
        Some(self >> PACK_BITS)
    }

    fn packs(self) -> u32 {
        // Masked to PACK_BITS bits: the conversion is exact.
        (self & ((1 << PACK_BITS) - 1)) as u32
    }
}

/// The key for absurd price lists, 16 bytes per sum: any `u64` cost, and sums of up to 2^32 of
/// them, fit.
impl Key for u128 {
    const MAX: u128 = u128::MAX;
    const ZERO: u128 = 0;

    fn new(cost: u64, packs: u32) -> Option<u128> {
        Some(u128::from(cost) << 32 | u128::from(packs))
    }

    fn plus(self, other: u128) -> u128 {
        self.saturating_add(other)
    }

    fn cost(self) -> Option<u64> {
        u64::try_from(self >> 32).ok()
    }

    fn packs(self) -> u32 {
        // Masked to 32 bits: the conversion is exact.
        (self & 0xffff_ffff) as u32
    }
}

/// How many sums [`combine`] updates pack by pack before moving on: a block stays in the cache
/// while every pack goes over it.
const BLOCK: usize = 4096;

/// The best combination of packs that each hold fewer credits than `need`.
///
/// Why it is exact, and why the table stops where it does. Prices are >= 0 and credits > 0, so
/// in a best combination no pack can be left out and still cover the need (leaving it out would
/// cost no more, with fewer credits and packs). Such a combination's sum `S` is therefore below
/// `need + c` for each of its packs' credits `c`, and so are all its partial sums. Pack `p` is
/// thus only ever added below `need + c_p`, and the table needs no sum at or above
/// `need + max c`: `need` steps per pack size in all, and fewer than 2 × `need` sums. Every
/// entry is a real combination's key or `MAX`; the entries on a best combination's path are
/// exact, since they cost at most its total and `advise` picks a key type that holds that.
///
/// The table is filled pack by pack (unbounded knapsack), block by block. Blocks change only
/// the order of the same updates: build any combination by adding its packs in host order; its
/// partial sums rise, so when a pack is added inside a block, the sum it starts from is in an
/// earlier block (complete) or in this one, already updated with the packs before it.
///
/// Then the best sum at or above `need` is taken and taken apart by walking back: for each pack
/// in host order, remove it as long as the sum without it plus the pack equals the table's
/// entry. That removes as many of the first pack as any best combination holds, then of the
/// second, which is the tie rule.
fn combine<K: Key>(small: &[Item], need: u64, cheapest: bool) -> Option<Choice> {
    // All sums are multiples of the gcd; working in its units shrinks the table by that factor.
    let g = small.iter().fold(0, |g, i| gcd(g, i.credits));
    if g == 0 {
        return None;
    }
    // Everything below is less than 2 × MAX_ADVICE_CREDITS, so it fits a 32-bit usize.
    let n = usize::try_from(need.div_ceil(g)).ok()?;
    let units: Vec<usize> = small
        .iter()
        .map(|i| usize::try_from(i.credits / g))
        .collect::<Result<_, _>>()
        .ok()?;
    let len = n.checked_add(*units.iter().max()?)?;
    if len >= 1 << PACK_BITS {
        return None;
    }
    // A pack whose price alone does not fit the key costs more than the best total, so it is in
    // no best combination: leaving it out changes nothing.
    let adds: Vec<Option<K>> = small.iter().map(|i| K::new(i.milli, 1)).collect();
    let mut table = vec![K::MAX; len];
    *table.first_mut()? = K::ZERO;
    let mut block = 0;
    while block < len {
        let block_end = block.saturating_add(BLOCK);
        for (&c, add) in units.iter().zip(&adds) {
            if let Some(add) = *add {
                relax(
                    &mut table,
                    c,
                    add,
                    block,
                    block_end.min(n.saturating_add(c)),
                );
            }
        }
        block = block_end;
    }

    let mut best: Option<((u64, u64, u64), usize)> = None;
    for (s, key) in table.iter().enumerate().skip(n) {
        if *key == K::MAX {
            continue;
        }
        let Some(cost) = key.cost() else { continue };
        let (s64, packs) = (s as u64, u64::from(key.packs()));
        let rank = if cheapest {
            (cost, s64, packs)
        } else {
            (packs, s64, 0)
        };
        if best.is_none_or(|(b, _)| rank < b) {
            best = Some((rank, s));
        }
    }
    let (_, sum) = best?;

    let mut counts = Vec::with_capacity(small.len());
    let mut rem = sum;
    for ((item, &c), add) in small.iter().zip(&units).zip(&adds) {
        let Some(add) = *add else { continue };
        let mut count = 0u32;
        while let Some(before) = rem.checked_sub(c) {
            if table[before].plus(add) != table[rem] {
                break;
            }
            count = count.checked_add(1)?;
            rem = before;
        }
        if count > 0 {
            counts.push((item.index, count));
        }
    }
    // The walk always ends at 0 when the table is right; anything else is no advice, not a
    // wrong one.
    if rem != 0 {
        return None;
    }
    let key = table[sum];
    Some(Choice {
        cost: key.cost()?,
        credits: (sum as u64).checked_mul(g)?,
        packs: key.packs(),
        counts,
    })
}

/// Adds one more pack of `c` units (key `add`) to the sums from `lo` (at least `c`) up to, not
/// including, `hi`, keeping the better key. Works in runs of at most `c` sums: a run reads only
/// sums before it, already final for this pack, so the loop borrows two disjoint slices and
/// needs no bounds checks.
fn relax<K: Key>(table: &mut [K], c: usize, add: K, lo: usize, hi: usize) {
    let hi = hi.min(table.len());
    let mut start = lo.max(c);
    while start < hi {
        let stop = hi.min(start.saturating_add(c));
        let (from, to) = table[..stop].split_at_mut(start);
        for (to, &from) in to.iter_mut().zip(&from[start - c..]) {
            // An unreached sum stays unreached: MAX plus anything saturates to MAX.
            *to = (*to).min(from.plus(add));
        }
        start = stop;
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// What a priced pack comes to for a plan that needs some credits each month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackMonth {
    /// How long the pack's credits last at that rate, in tenths of a month, rounded down
    /// (27 is "2.7 months").
    pub tenths: u64,
    /// Its price spread over those months: price × monthly ÷ credits, in hundredths of the
    /// currency, rounded to the nearest (660 is "6.60").
    pub cents: u64,
}

/// What `pack` comes to for a plan that needs `monthly` credits a month: `None` when nothing
/// recurs or the pack has no price. Integer arithmetic on the price's thousandths, so no float
/// rounding decides which pack is cheaper a month.
pub fn pack_month(pack: &Pack, monthly: u64) -> Option<PackMonth> {
    let price = pack.price.as_ref()?;
    if monthly == 0 || pack.credits == 0 {
        return None;
    }
    let (credits, monthly) = (u128::from(pack.credits), u128::from(monthly));
    let tenths = credits * 10 / monthly;
    // milli × monthly / credits thousandths, to hundredths: ÷ 10, half up.
    let cents = (u128::from(price.milli) * monthly + 5 * credits) / (10 * credits);
    Some(PackMonth {
        tenths: u64::try_from(tenths).ok()?,
        cents: u64::try_from(cents).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::{Duration, Instant};

    fn json(text: &str) -> Json {
        serde_json::from_str(text).unwrap()
    }

    fn pack(id: &str, credits: u64, price: Option<(f64, Option<&str>)>) -> Pack {
        Pack {
            id: id.into(),
            name: id.into(),
            credits,
            price: price.map(|(amount, currency)| Price {
                amount,
                milli: (amount * 1000.0).round() as u64,
                currency: currency.map(str::to_owned),
            }),
        }
    }

    fn eur(id: &str, credits: u64, amount: f64) -> Pack {
        pack(id, credits, Some((amount, Some("EUR"))))
    }

    #[test]
    fn reads_good_entries() {
        let p = parse_packs(&json(
            r#"[{"id": " starter ", "name": " Starter ", "credits": 100, "price": 1.99,
                 "currency": "eur"},
                {"id": "big", "name": "Big", "credits": 1000.0, "price": null, "currency": null},
                {"id": "free", "name": "Free", "credits": 10, "price": 0, "extra": [1]},
                {"id": "neg-zero", "name": "N", "credits": 1, "price": -0.0}]"#,
        ));
        assert_eq!(p.warnings, Vec::<String>::new());
        assert_eq!(
            p.packs,
            vec![
                pack("starter", 100, Some((1.99, Some("EUR")))),
                pack("big", 1000, None),
                pack("free", 10, Some((0.0, None))),
                pack("neg-zero", 1, Some((0.0, None))),
            ]
            .into_iter()
            .zip(["Starter", "Big", "Free", "N"])
            .map(|(p, name)| Pack {
                name: name.into(),
                ..p
            })
            .collect::<Vec<_>>()
        );
        assert_eq!(p.packs[0].price.as_ref().unwrap().milli, 1990);
        assert!(p.packs[3].price.as_ref().unwrap().amount.is_sign_positive());
    }

    #[test]
    fn skips_each_bad_entry_with_a_warning() {
        let cases = [
            (r#"5"#, "not an object"),
            (
                r#"{"name": "A", "credits": 1}"#,
                "id must be a non-empty string without control characters",
            ),
            (
                r#"{"id": "  ", "name": "A", "credits": 1}"#,
                "id must be a non-empty string without control characters",
            ),
            (
                r#"{"id": 7, "name": "A", "credits": 1}"#,
                "id must be a non-empty string without control characters",
            ),
            (
                r#"{"id": "a", "credits": 1}"#,
                "name must be a non-empty string",
            ),
            (
                r#"{"id": "a", "name": " ", "credits": 1}"#,
                "name must be a non-empty string",
            ),
            (
                r#"{"id": "a", "name": "A"}"#,
                "credits must be a whole number above 0",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": "5"}"#,
                "credits must be a whole number above 0",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 0}"#,
                "credits must be a whole number above 0",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": -5}"#,
                "credits must be a whole number above 0",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 1.5}"#,
                "credits must be a whole number above 0",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 10000001}"#,
                "credits must be at most 10000000",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 1, "price": -1}"#,
                "price must be a number from 0 to 1000000000000",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 1, "price": "1"}"#,
                "price must be a number from 0 to 1000000000000",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 1, "price": 1e13}"#,
                "price must be a number from 0 to 1000000000000",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 1, "currency": "EU"}"#,
                "currency must be 3 letters, like \"EUR\"",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 1, "currency": "EUR "}"#,
                "currency must be 3 letters, like \"EUR\"",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 1, "currency": "€€€"}"#,
                "currency must be 3 letters, like \"EUR\"",
            ),
            (
                r#"{"id": "a", "name": "A", "credits": 1, "currency": 978}"#,
                "currency must be 3 letters, like \"EUR\"",
            ),
        ];
        for (entry, why) in cases {
            let text = format!(r#"[{{"id": "ok", "name": "Ok", "credits": 1}}, {entry}]"#);
            let p = parse_packs(&json(&text));
            assert_eq!(p.packs.len(), 1, "{entry}");
            assert_eq!(
                p.warnings,
                [format!("vidmud-credits: packs[1] skipped: {why}")],
                "{entry}"
            );
        }
        // Non-finite numbers cannot come from JSON text but can be built.
        for bad in [f64::NAN, f64::INFINITY] {
            let entry = Json::Object(vec![
                ("id".into(), Json::String("a".into())),
                ("name".into(), Json::String("A".into())),
                ("credits".into(), Json::Number(bad)),
            ]);
            assert_eq!(parse_packs(&Json::Array(vec![entry])).packs, []);
        }
        assert_eq!(
            parse_packs(&json(
                r#"[{"id": "a", "name": "A", "credits": 1, "price": 1e12}]"#
            ))
            .packs[0]
                .price
                .as_ref()
                .unwrap()
                .milli,
            1_000_000_000_000_000
        );
    }

    #[test]
    fn not_an_array_is_no_packs_and_one_warning() {
        for text in [r#"{"id": "a"}"#, "null", "3", r#""packs""#] {
            let p = parse_packs(&json(text));
            assert_eq!(p.packs, []);
            assert_eq!(
                p.warnings,
                ["vidmud-credits: packs must be a JSON array; no packs shown"]
            );
        }
        assert_eq!(parse_packs(&json("[]")), Packs::default());
    }

    #[test]
    fn a_repeated_id_keeps_the_first() {
        let p = parse_packs(&json(
            r#"[{"id": "a", "name": "First", "credits": 1},
                {"id": "b", "credits": 2},
                {"id": " a", "name": "Second", "credits": 3},
                {"id": "b", "name": "B", "credits": 4}]"#,
        ));
        let kept: Vec<(&str, &str)> = p
            .packs
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect();
        // The skipped packs[1] did not claim "b".
        assert_eq!(kept, [("a", "First"), ("b", "B")]);
        assert_eq!(
            p.warnings,
            [
                "vidmud-credits: packs[1] skipped: name must be a non-empty string",
                "vidmud-credits: packs[2] skipped: id \"a\" is already used by an earlier pack",
            ]
        );
    }

    #[test]
    fn names_are_kept_as_plain_text() {
        let p = parse_packs(&json(
            r#"[{"id": "x", "name": "<img src=x onerror=alert(1)>", "credits": 5}]"#,
        ));
        assert_eq!(p.packs[0].name, "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn at_most_max_packs_are_read() {
        let entries: Vec<String> = (0..MAX_PACKS + 5)
            .map(|i| format!(r#"{{"id": "p{i}", "name": "P", "credits": {}}}"#, i + 1))
            .collect();
        let p = parse_packs(&json(&format!("[{}]", entries.join(","))));
        assert_eq!(p.packs.len(), MAX_PACKS);
        assert_eq!(p.packs[MAX_PACKS - 1].id, format!("p{}", MAX_PACKS - 1));
        let after = format!(
            "vidmud-credits: packs[{MAX_PACKS}] and after skipped, unread: at most {MAX_PACKS} packs are read"
        );
        assert_eq!(p.warnings, std::slice::from_ref(&after));
        // An invalid entry takes one of the places read: what follows the 20th is not looked at.
        let p = parse_packs(&json(&format!("[5, {}]", entries.join(","))));
        assert_eq!(p.packs.len(), MAX_PACKS - 1);
        assert_eq!(
            p.warnings,
            [
                "vidmud-credits: packs[0] skipped: not an object".to_owned(),
                after
            ]
        );
    }

    /// 100,000 invalid entries once gave 100,000 warnings and froze the page for seconds.
    #[test]
    fn a_flood_of_invalid_entries_gives_a_few_warnings() {
        let bad = Json::Object(vec![("id".into(), Json::String(String::new()))]);
        let good = Json::Object(vec![
            ("id".into(), Json::String("a".into())),
            ("name".into(), Json::String("A".into())),
            ("credits".into(), Json::Number(5.0)),
        ]);
        let mut entries = vec![bad.clone(); 100_000];
        entries[5] = good;
        let p = parse_packs(&Json::Array(entries.clone()));
        assert_eq!(p.packs.len(), 1);
        let why = "id must be a non-empty string without control characters";
        assert_eq!(
            p.warnings,
            [
                format!("vidmud-credits: packs[0] skipped: {why}"),
                format!("vidmud-credits: packs[1] skipped: {why}"),
                format!("vidmud-credits: packs[2] skipped: {why}"),
                format!(
                    "vidmud-credits: packs: {} more invalid entries skipped (only the first 3 are described)",
                    MAX_PACKS - 4
                ),
                format!("vidmud-credits: packs[{MAX_PACKS}] and after skipped, unread: at most {MAX_PACKS} packs are read"),
            ]
        );
        // What the widget hands over, the first entries alone, reads the same.
        entries.truncate(MAX_PACKS + 1);
        assert_eq!(parse_packs(&Json::Array(entries)), p);
    }

    fn euro_packs() -> Vec<Pack> {
        vec![
            eur("p100", 100, 1.99),
            eur("p500", 500, 8.99),
            eur("p1000", 1000, 16.99),
        ]
    }

    #[test]
    fn all_priced_in_one_currency_advises_the_cheapest() {
        let packs = euro_packs();
        let a = advise(&packs, 600).unwrap();
        assert_eq!(a.ids(&packs), ["p100", "p500"]);
        assert_eq!(a.counts, [1, 1, 0]);
        assert_eq!((a.credits, a.packs), (600, 2));
        assert_eq!(
            a.price,
            Some(Price {
                amount: 10.98,
                milli: 10_980,
                currency: Some("EUR".into())
            })
        );
        // 1000 for 16.99 beats 500 + 5 × 100 (18.94) and 2 × 500 (17.98).
        assert_eq!(advise(&packs, 901).unwrap().ids(&packs), ["p1000"]);
        // Beyond the biggest pack, repeats.
        let a = advise(&packs, 2050).unwrap();
        assert_eq!(a.ids(&packs), ["p100", "p1000", "p1000"]);
        assert_eq!(a.price.unwrap().milli, 35_970);
    }

    #[test]
    fn ids_follow_host_order_with_repeats() {
        let packs = vec![eur("p500", 500, 8.99), eur("p100", 100, 1.99)];
        let a = advise(&packs, 1100).unwrap();
        assert_eq!(a.ids(&packs), ["p500", "p500", "p100"]);
        assert_eq!(
            (a.counts.as_slice(), a.credits, a.packs),
            (&[2, 1][..], 1100, 3)
        );
    }

    #[test]
    fn a_missing_price_or_mixed_currencies_advise_the_fewest_packs() {
        let mut packs = euro_packs();
        packs[1].price = None;
        let a = advise(&packs, 600).unwrap();
        assert_eq!(a.ids(&packs), ["p1000"]);
        assert_eq!(a.price, None);
        // Fewest packs, then fewest credits: 1000 + 100 rather than 1000 + 500 or 2 × 1000.
        assert_eq!(advise(&packs, 1001).unwrap().ids(&packs), ["p100", "p1000"]);

        let mut packs = euro_packs();
        packs[2].price.as_mut().unwrap().currency = Some("USD".into());
        assert_eq!(advise(&packs, 600).unwrap().ids(&packs), ["p1000"]);
        // "No currency" differs from EUR...
        let mut packs = euro_packs();
        packs[0].price.as_mut().unwrap().currency = None;
        assert_eq!(advise(&packs, 600).unwrap().price, None);
        // ...but all without one share it.
        let packs: Vec<Pack> = euro_packs()
            .into_iter()
            .map(|mut p| {
                p.price.as_mut().unwrap().currency = None;
                p
            })
            .collect();
        let price = advise(&packs, 600).unwrap().price.unwrap();
        assert_eq!((price.milli, price.currency), (10_980, None));
    }

    #[test]
    fn ties_go_to_fewer_credits_then_fewer_packs_then_host_order() {
        // Same price: fewer credits.
        let packs = vec![eur("a", 12, 1.0), eur("b", 10, 1.0)];
        assert_eq!(advise(&packs, 9).unwrap().ids(&packs), ["b"]);
        // Same price and credits: fewer packs.
        let packs = vec![eur("a", 10, 1.0), eur("b", 20, 2.0)];
        assert_eq!(advise(&packs, 15).unwrap().ids(&packs), ["b"]);
        // Same everything: the earlier pack, also when its twin is listed between others.
        let packs = vec![eur("a", 3, 1.0), eur("b", 5, 1.0), eur("c", 3, 1.0)];
        assert_eq!(advise(&packs, 6).unwrap().ids(&packs), ["a", "a"]);
        // 3 + 5 and 4 + 4 cost and weigh the same: the most of the first pack.
        let packs = vec![eur("x", 4, 1.0), eur("y", 3, 0.75), eur("z", 5, 1.25)];
        assert_eq!(advise(&packs, 8).unwrap().ids(&packs), ["x", "x"]);
        let packs = vec![eur("z", 5, 1.25), eur("y", 3, 0.75), eur("x", 4, 1.0)];
        assert_eq!(advise(&packs, 8).unwrap().ids(&packs), ["z", "y"]);
    }

    #[test]
    fn no_advice_for_nothing_or_too_much() {
        let packs = euro_packs();
        assert_eq!(advise(&packs, 0), None);
        assert_eq!(advise(&[], 10), None);
        assert_eq!(advise(&packs, MAX_ADVICE_CREDITS + 1), None);
        assert!(advise(&packs, MAX_ADVICE_CREDITS).is_some());
        // Packs built by hand with 0 credits are ignored, not looped on.
        assert_eq!(advise(&[pack("zero", 0, None)], 10), None);
        let too_many = vec![pack("a", 1, None); MAX_PACKS + 1];
        assert_eq!(advise(&too_many, 10), None);
    }

    #[test]
    fn totals_beyond_u64_thousandths_are_no_advice() {
        let huge = |id: &str, credits| Pack {
            price: Some(Price {
                amount: 1e12,
                milli: u64::MAX / 4,
                currency: None,
            }),
            ..pack(id, credits, None)
        };
        assert_eq!(advise(&[huge("a", 1)], 8), None);
        // A single pack that covers the need is still exact.
        let a = advise(&[huge("a", 1), huge("b", 100)], 8).unwrap();
        assert_eq!(a.ids(&[huge("a", 1), huge("b", 100)]), ["b"]);
    }

    #[test]
    fn price_lists_too_dear_for_the_compact_key_get_the_same_advice() {
        let dear: Vec<Pack> = euro_packs()
            .into_iter()
            .map(|mut p| {
                p.price.as_mut().unwrap().milli *= 1_000_000_000;
                p
            })
            .collect();
        // The cheapest way, 6 × 100 at 11.94e9, is past 2^43 thousandths.
        let a = advise(&dear, 600).unwrap();
        assert_eq!(a.ids(&dear), ["p100", "p500"]);
        assert_eq!(a.price.unwrap().milli, 10_980_000_000_000);
    }

    fn timed(packs: &[Pack], need: u64) -> Duration {
        let start = Instant::now();
        let advice = advise(packs, need);
        let took = start.elapsed();
        assert!(advice.is_some_and(|a| a.credits >= need));
        took
    }

    /// The need is the largest answered and the gcd is 1, so the table spans 1,000,999 sums (or
    /// nearly 2,000,000 with packs just below the need), and each pack size sweeps a million.
    /// Printed with `--nocapture`; the bound is asserted in release builds, for three packs and
    /// for the most [`parse_packs`] keeps (each size distinct, no size dominated).
    #[test]
    fn worst_case_time() {
        let priced = vec![eur("a", 999, 9.99), eur("b", 1000, 10.0), eur("c", 7, 0.07)];
        let mut unpriced = priced.clone();
        unpriced[0].price = None;
        let near_need: Vec<Pack> = (0..MAX_PACKS as u64)
            .map(|i| eur(&format!("w{i}"), 999_999 - i, 9_999.99 - i as f64 / 100.0))
            .collect();
        let spread: Vec<Pack> = (0..MAX_PACKS as u64)
            .map(|i| eur(&format!("s{i}"), 1 + 31 * i, 0.01 + 0.31 * i as f64))
            .collect();
        for (what, packs, bound) in [
            ("999/1000/7 cheapest", &priced, true),
            ("999/1000/7 fewest packs", &unpriced, true),
            ("MAX_PACKS sizes just below the need", &near_need, true),
            ("MAX_PACKS sizes spread", &spread, true),
        ] {
            let took = timed(packs, MAX_ADVICE_CREDITS);
            println!("advise, {what}, need 1_000_000: {took:?}");
            if bound && !cfg!(debug_assertions) {
                assert!(took < Duration::from_millis(50), "{what}: {took:?}");
            }
        }
    }

    /// The rules of the module documentation, applied to every combination with at most
    /// `need / credits + 1` of each pack.
    fn brute_force(packs: &[Pack], need: u64) -> Option<Advice> {
        if need == 0 || packs.is_empty() {
            return None;
        }
        let first = packs[0].price.as_ref().map(|p| &p.currency);
        let cheapest = packs
            .iter()
            .all(|p| p.price.as_ref().map(|p| &p.currency) == first && first.is_some());
        // The best key and its counts. The key holds the credits (both modes) and the cost
        // (cheapest mode), so nothing is summed again at the end.
        let mut best: Option<((u64, u64, u64), Vec<u32>)> = None;
        let mut counts = vec![0u32; packs.len()];
        loop {
            let credits: u64 = packs
                .iter()
                .zip(&counts)
                .map(|(p, &n)| p.credits * u64::from(n))
                .sum();
            let cost: u64 = packs
                .iter()
                .zip(&counts)
                .map(|(p, &n)| p.price.as_ref().map_or(0, |p| p.milli) * u64::from(n))
                .sum();
            let n: u64 = counts.iter().map(|&n| u64::from(n)).sum();
            if credits >= need {
                let key = if cheapest {
                    (cost, credits, n)
                } else {
                    (n, credits, 0)
                };
                let better = match &best {
                    None => true,
                    Some((k, c)) => key < *k || (key == *k && counts > *c),
                };
                if better {
                    best = Some((key, counts.clone()));
                }
            }
            // Next combination, odometer style.
            let mut i = 0;
            loop {
                if i == packs.len() {
                    let (key, counts) = best?;
                    let (credits, cost) = if cheapest { (key.1, key.0) } else { (key.1, 0) };
                    return Some(Advice {
                        packs: counts.iter().sum(),
                        credits,
                        price: cheapest.then(|| Price {
                            amount: cost as f64 / 1000.0,
                            milli: cost,
                            currency: first.cloned().flatten(),
                        }),
                        counts,
                    });
                }
                if u64::from(counts[i]) < need / packs[i].credits + 1 {
                    counts[i] += 1;
                    break;
                }
                counts[i] = 0;
                i += 1;
            }
        }
    }

    fn small_pack() -> impl Strategy<Value = (u64, Option<u64>, Option<&'static str>)> {
        let milli = prop_oneof![
            (0u64..=10).prop_map(|w| w * 1000),
            (0u64..=1000).prop_map(|c| c * 10)
        ];
        (
            1u64..=20,
            prop_oneof![Just(None), milli.prop_map(Some)],
            prop_oneof![Just(None), Just(Some("EUR")), Just(Some("USD"))],
        )
    }

    fn to_packs(raw: Vec<(u64, Option<u64>, Option<&str>)>) -> Vec<Pack> {
        raw.into_iter()
            .enumerate()
            .map(|(i, (credits, milli, currency))| Pack {
                price: milli.map(|milli| Price {
                    amount: milli as f64 / 1000.0,
                    milli,
                    currency: currency.map(str::to_owned),
                }),
                ..pack(&format!("p{i}"), credits, None)
            })
            .collect()
    }

    /// Half the cases all priced in one currency (cheapest mode), half anything (mostly the
    /// fewest-packs mode).
    fn small_packs() -> impl Strategy<Value = Vec<Pack>> {
        let one_currency = (
            prop::collection::vec(small_pack(), 1..=4),
            prop_oneof![Just(None), Just(Some("EUR"))],
        )
            .prop_map(|(raw, currency)| {
                raw.into_iter()
                    .map(|(credits, milli, _)| (credits, Some(milli.unwrap_or(990)), currency))
                    .collect()
            });
        prop_oneof![one_currency, prop::collection::vec(small_pack(), 1..=4)].prop_map(to_packs)
    }

    fn any_json() -> impl Strategy<Value = Json> {
        let key = prop_oneof![
            Just("id".to_owned()),
            Just("name".to_owned()),
            Just("credits".to_owned()),
            Just("price".to_owned()),
            Just("currency".to_owned()),
            ".{0,4}",
        ];
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::Bool),
            any::<f64>().prop_map(Json::Number),
            (0u32..20).prop_map(|n| Json::Number(f64::from(n))),
            prop_oneof![
                Just(f64::NAN),
                Just(f64::INFINITY),
                Just(-0.0),
                Just(1e12),
                Just(1e7)
            ]
            .prop_map(Json::Number),
            prop_oneof![
                Just("a".to_owned()),
                Just("eur".to_owned()),
                Just(" ".to_owned()),
                ".{0,6}"
            ]
            .prop_map(Json::String),
        ];
        leaf.prop_recursive(4, 64, 8, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Json::Array),
                prop::collection::vec((key.clone(), inner), 0..8).prop_map(Json::Object),
            ]
        })
    }

    proptest! {
        #[test]
        fn advice_matches_brute_force(packs in small_packs(), need in 1u64..=60) {
            let advice = advise(&packs, need);
            prop_assert_eq!(&advice, &brute_force(&packs, need));
            // Prices 2^40 times higher take the wide key; the choice must not change.
            let dear: Vec<Pack> = packs
                .iter()
                .cloned()
                .map(|mut p| {
                    if let Some(price) = &mut p.price {
                        price.milli <<= 40;
                    }
                    p
                })
                .collect();
            prop_assert_eq!(advise(&dear, need).map(|a| a.counts), advice.map(|a| a.counts));
        }

        /// Lists longer than what is read, valid and invalid entries mixed.
        #[test]
        fn long_lists_are_read_only_as_far_as_max_packs(kinds in prop::collection::vec(0u8..3, 0..80)) {
            let entries: Vec<Json> = kinds
                .iter()
                .enumerate()
                .map(|(i, k)| match k {
                    0 => Json::Object(vec![
                        ("id".into(), Json::String(format!("p{i}"))),
                        ("name".into(), Json::String("P".into())),
                        ("credits".into(), Json::Number(1.0)),
                    ]),
                    1 => Json::Object(vec![("id".into(), Json::String(format!("p{i}")))]),
                    _ => Json::Null,
                })
                .collect();
            let p = parse_packs(&Json::Array(entries.clone()));
            let valid = kinds.iter().take(MAX_PACKS).filter(|k| **k == 0).count();
            prop_assert_eq!(p.packs.len(), valid);
            prop_assert!(p.warnings.len() <= MAX_WARNED + 2);
            prop_assert_eq!(
                p.warnings.last().is_some_and(|w| w.contains("and after skipped, unread")),
                entries.len() > MAX_PACKS
            );
            let head = Json::Array(entries[..entries.len().min(MAX_PACKS + 1)].to_vec());
            prop_assert_eq!(parse_packs(&head), p);
        }

        #[test]
        fn parse_packs_never_panics_and_keeps_only_valid_packs(value in any_json()) {
            let p = parse_packs(&value);
            prop_assert!(p.packs.len() <= MAX_PACKS);
            prop_assert!(p.warnings.len() <= MAX_WARNED + 2);
            if let Json::Array(entries) = &value {
                let read = entries.len().min(MAX_PACKS);
                let skipped = read - p.packs.len();
                let described = p.warnings.iter().filter(|w| w.contains("] skipped: ")).count();
                prop_assert_eq!(described, skipped.min(MAX_WARNED));
                prop_assert_eq!(
                    p.warnings.len(),
                    described + usize::from(skipped > MAX_WARNED) + usize::from(entries.len() > MAX_PACKS)
                );
                // The first MAX_PACKS + 1 entries decide everything.
                let head = Json::Array(entries.iter().take(MAX_PACKS + 1).cloned().collect());
                prop_assert_eq!(&parse_packs(&head), &p);
            } else {
                prop_assert_eq!(p.warnings.len(), 1);
            }
            for (i, pack) in p.packs.iter().enumerate() {
                prop_assert!(!pack.id.is_empty() && pack.id.trim() == pack.id);
                prop_assert!(p.packs[..i].iter().all(|q| q.id != pack.id));
                prop_assert!(!pack.name.is_empty() && pack.name.trim() == pack.name);
                prop_assert!((1..=MAX_PACK_CREDITS).contains(&pack.credits));
                if let Some(price) = &pack.price {
                    prop_assert!(price.amount >= 0.0 && price.milli <= 1_000_000_000_000_000);
                    if let Some(c) = &price.currency {
                        prop_assert!(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()));
                    }
                }
            }
        }
    }

    proptest! {
        // Each case may fill a table of a million sums; a few cases are enough for "no panic".
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn advise_never_panics(
            raw in prop::collection::vec(
                (
                    prop_oneof![1u64..=1000, any::<u64>()],
                    prop_oneof![
                        Just(None),
                        any::<u64>().prop_map(Some),
                        (0u64..100_000).prop_map(Some),
                    ],
                ),
                0..=4,
            ),
            need in 0u64..2_000_000,
        ) {
            let packs: Vec<Pack> = raw
                .into_iter()
                .enumerate()
                .map(|(i, (credits, milli))| Pack {
                    price: milli.map(|milli| Price { amount: 0.0, milli, currency: None }),
                    ..pack(&format!("p{i}"), credits, None)
                })
                .collect();
            if let Some(a) = advise(&packs, need) {
                prop_assert!(a.credits >= need);
                let credits = packs
                    .iter()
                    .zip(&a.counts)
                    .map(|(p, &n)| u128::from(p.credits) * u128::from(n))
                    .sum::<u128>();
                prop_assert_eq!(credits, u128::from(a.credits));
                let packs_bought: u64 = a.counts.iter().map(|&n| u64::from(n)).sum();
                prop_assert_eq!(packs_bought, u64::from(a.packs));
                prop_assert_eq!(a.ids(&packs).len(), a.packs as usize);
            }
        }
    }

    #[test]
    fn a_pack_a_month_is_how_long_it_lasts_and_its_price_spread_over_that() {
        // Creator, 2,000 credits for €17.99, for a plan of 734 a month: 2.7 months, €6.60.
        let creator = eur("creator", 2000, 17.99);
        assert_eq!(
            pack_month(&creator, 734),
            Some(PackMonth {
                tenths: 27,
                cents: 660
            })
        );
        assert_eq!(pack_month(&creator, 0), None);
        let unpriced = Pack {
            price: None,
            ..creator.clone()
        };
        assert_eq!(pack_month(&unpriced, 734), None);
    }

    proptest! {
        #[test]
        fn a_pack_a_month_rounds_as_it_says(
            credits in 1u64..=MAX_PACK_CREDITS,
            milli in 0u64..10_000_000_000,
            monthly in 1u64..1u64 << 40,
        ) {
            let pack = Pack {
                id: "p".into(),
                name: "P".into(),
                credits,
                price: Some(Price { amount: milli as f64 / 1000.0, milli, currency: Some("EUR".into()) }),
            };
            let m = pack_month(&pack, monthly).unwrap();
            let (c, mo) = (u128::from(credits), u128::from(monthly));
            // Rounded down to a tenth of a month.
            prop_assert!(u128::from(m.tenths) * mo <= c * 10 && c * 10 < (u128::from(m.tenths) + 1) * mo);
            // Within half a cent of the exact price a month.
            let exact_x10c = u128::from(milli) * mo; // cents × 10 × credits
            let got = u128::from(m.cents) * 10 * c;
            prop_assert!(got + 5 * c > exact_x10c && got <= exact_x10c + 5 * c);
        }
    }
}
