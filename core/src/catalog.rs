//! The price list: what each generation costs, by feature and model.
//!
//! The data lives in `data/catalog.json` so that a price change is a data change. It is embedded
//! at build time and validated when loaded; the validation is what guarantees that ids are unique
//! (plans and links refer to them) and that every price is a positive whole number of credits.

use serde::Deserialize;

/// The most credits one generation may cost, and the most entries a catalog may have. Together
/// with the quantity limit they keep every plan's total below 2^53 (10^6 × 10^5 × 10^3).
pub const MAX_CREDITS: u32 = 100_000;
pub const MAX_ENTRIES: usize = 1_000;

/// The catalog shipped with this build, as JSON text.
pub const SEED_JSON: &str = include_str!("../../data/catalog.json");

/// A catalog as it arrives on the wire, before validation.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogWire {
    pub version: String,
    pub categories: Vec<CategoryWire>,
    pub entries: Vec<EntryWire>,
    #[serde(default)]
    pub unpriced: Vec<UnpricedWire>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CategoryWire {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EntryWire {
    pub id: String,
    pub category: String,
    pub feature: String,
    #[serde(default)]
    pub model: Option<String>,
    pub name: String,
    pub credits: u32,
}

/// Something the guide names without a price yet; shown as such, never priced as 0.
#[derive(Debug, Clone, Deserialize)]
pub struct UnpricedWire {
    pub id: String,
    pub category: String,
    pub feature: String,
    pub name: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// One priced thing a person can make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub category: usize,
    pub feature: String,
    pub model: Option<String>,
    pub name: String,
    pub credits: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpriced {
    pub id: String,
    pub category: usize,
    pub feature: String,
    pub name: String,
    pub note: Option<String>,
}

/// A validated catalog: ids unique, names present, every price above zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub version: String,
    pub categories: Vec<Category>,
    pub entries: Vec<Entry>,
    pub unpriced: Vec<Unpriced>,
}

/// Why a catalog was refused. The message names the entry so a data change is easy to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("the price list is not valid JSON of the expected shape: {0}")]
    Malformed(String),
    #[error("the price list has no version")]
    MissingVersion,
    #[error("the price list has no priced entries")]
    Empty,
    #[error("price list entry #{index} has no id")]
    MissingId { index: usize },
    #[error("price list id `{0}` is used more than once")]
    DuplicateId(String),
    #[error("price list id `{0}` may only use a-z, 0-9, '-' and '/'")]
    BadId(String),
    #[error("price list entry `{0}` has no name or feature")]
    MissingName(String),
    #[error("price list entry `{0}` must cost more than 0 credits")]
    ZeroCredits(String),
    #[error("price list entry `{0}` costs more than 100,000 credits")]
    TooExpensive(String),
    #[error("the price list has more than 1,000 entries")]
    TooManyEntries,
    #[error("price list entry `{id}` names an unknown category `{category}`")]
    UnknownCategory { id: String, category: String },
}

impl Catalog {
    /// Validates a catalog read from the wire.
    pub fn from_wire(wire: CatalogWire) -> Result<Catalog, CatalogError> {
        if wire.version.trim().is_empty() {
            return Err(CatalogError::MissingVersion);
        }
        if wire.entries.is_empty() {
            return Err(CatalogError::Empty);
        }
        if wire.entries.len() > MAX_ENTRIES {
            return Err(CatalogError::TooManyEntries);
        }
        let mut categories: Vec<Category> = Vec::with_capacity(wire.categories.len());
        for c in wire.categories {
            check_id(&c.id, categories.len())?;
            if categories.iter().any(|k| k.id == c.id) {
                return Err(CatalogError::DuplicateId(c.id));
            }
            if c.name.trim().is_empty() {
                return Err(CatalogError::MissingName(c.id));
            }
            categories.push(Category {
                id: c.id,
                name: c.name,
            });
        }
        let category_of = |id: &str, category: &str| {
            categories
                .iter()
                .position(|c| c.id == category)
                .ok_or_else(|| CatalogError::UnknownCategory {
                    id: id.to_owned(),
                    category: category.to_owned(),
                })
        };
        let mut seen: Vec<&str> = Vec::new();
        let mut entries = Vec::with_capacity(wire.entries.len());
        for (index, e) in wire.entries.iter().enumerate() {
            check_id(&e.id, index)?;
            if e.name.trim().is_empty() || e.feature.trim().is_empty() {
                return Err(CatalogError::MissingName(e.id.clone()));
            }
            if e.credits == 0 {
                return Err(CatalogError::ZeroCredits(e.id.clone()));
            }
            if e.credits > MAX_CREDITS {
                return Err(CatalogError::TooExpensive(e.id.clone()));
            }
            let category = category_of(&e.id, &e.category)?;
            entries.push(Entry {
                id: e.id.clone(),
                category,
                feature: e.feature.trim().to_owned(),
                model: e
                    .model
                    .as_ref()
                    .map(|m| m.trim().to_owned())
                    .filter(|m| !m.is_empty()),
                name: e.name.trim().to_owned(),
                credits: e.credits,
            });
        }
        let mut unpriced = Vec::with_capacity(wire.unpriced.len());
        for (index, u) in wire.unpriced.iter().enumerate() {
            check_id(&u.id, index)?;
            if u.name.trim().is_empty() {
                return Err(CatalogError::MissingName(u.id.clone()));
            }
            let category = category_of(&u.id, &u.category)?;
            unpriced.push(Unpriced {
                id: u.id.clone(),
                category,
                feature: u.feature.clone(),
                name: u.name.clone(),
                note: u.note.clone(),
            });
        }
        for id in wire
            .entries
            .iter()
            .map(|e| e.id.as_str())
            .chain(wire.unpriced.iter().map(|u| u.id.as_str()))
        {
            if seen.contains(&id) {
                return Err(CatalogError::DuplicateId(id.to_owned()));
            }
            seen.push(id);
        }
        Ok(Catalog {
            version: wire.version,
            categories,
            entries,
            unpriced,
        })
    }

    /// Parses and validates catalog JSON text (native callers; the widget uses the browser's
    /// parser and [`Catalog::from_wire`]).
    #[cfg(feature = "json")]
    pub fn from_json(text: &str) -> Result<Catalog, CatalogError> {
        let wire =
            serde_json::from_str(text).map_err(|e| CatalogError::Malformed(e.to_string()))?;
        Catalog::from_wire(wire)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.id == id)
    }

    /// Entries grouped for display: category, then feature, in catalog order.
    pub fn groups(&self) -> Vec<Group<'_>> {
        let mut groups: Vec<Group<'_>> = Vec::new();
        for (index, e) in self.entries.iter().enumerate() {
            match groups
                .iter_mut()
                .find(|g| g.category == e.category && g.feature == e.feature)
            {
                Some(g) => g.entries.push(index),
                None => groups.push(Group {
                    category: e.category,
                    feature: &e.feature,
                    entries: vec![index],
                }),
            }
        }
        groups
    }

    /// What a filter query leaves visible: the one place that decides filtering, so the list,
    /// its categories and groups, and the "nothing matches" note always agree.
    pub fn visible(&self, query: &str) -> Visible {
        let entries: Vec<bool> = self
            .entries
            .iter()
            .map(|e| e.matches(&self.categories[e.category].name, query))
            .collect();
        let unpriced: Vec<bool> = self
            .unpriced
            .iter()
            .map(|u| u.matches(&self.categories[u.category].name, query))
            .collect();
        let mut categories = vec![false; self.categories.len()];
        for (e, shown) in self.entries.iter().zip(&entries) {
            categories[e.category] |= *shown;
        }
        for (u, shown) in self.unpriced.iter().zip(&unpriced) {
            categories[u.category] |= *shown;
        }
        Visible {
            entries,
            unpriced,
            categories,
        }
    }
}

/// Which parts of the catalog a filter query leaves visible, by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visible {
    pub entries: Vec<bool>,
    pub unpriced: Vec<bool>,
    pub categories: Vec<bool>,
}

impl Visible {
    /// Whether anything at all is visible.
    pub fn any(&self) -> bool {
        self.categories.iter().any(|c| *c)
    }

    /// Whether any of these entries (a feature group) is visible.
    pub fn any_of(&self, entries: &[usize]) -> bool {
        entries
            .iter()
            .any(|&i| self.entries.get(i).copied().unwrap_or(false))
    }
}

impl Entry {
    /// Whether a filter query matches this entry: every word of the query appears, ignoring ASCII
    /// case, in its name, feature, model or category name.
    pub fn matches(&self, category_name: &str, query: &str) -> bool {
        let model = self.model.as_deref().unwrap_or("");
        matches_query([&self.name, &self.feature, model, category_name], query)
    }
}

impl Unpriced {
    /// Like [`Entry::matches`]: name, feature or category name.
    pub fn matches(&self, category_name: &str, query: &str) -> bool {
        matches_query([&self.name, &self.feature, "", category_name], query)
    }
}

fn matches_query(fields: [&str; 4], query: &str) -> bool {
    query
        .split_whitespace()
        .all(|word| fields.iter().any(|f| contains_ignoring_ascii_case(f, word)))
}

/// Whether `needle` occurs in `haystack`, ignoring ASCII case. A plain scan: fields are a few
/// dozen bytes, and it keeps the general substring search (and a lowercased copy per row and
/// keystroke) out of the wasm's first download.
fn contains_ignoring_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// Entries sharing a category and feature, by index into [`Catalog::entries`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<'a> {
    pub category: usize,
    pub feature: &'a str,
    pub entries: Vec<usize>,
}

/// The part of an entry's element ids (`vc-q-…` for its box) that names the entry: one to one
/// over valid ids ([`check_id`]'s `[a-z0-9/-]`), so no two rows share an element id and every
/// label names its own box. `/` becomes `--`, as rows have always been named
/// (`vc-q-text-to-image--flux-dev`); a `-` beside another `-` or a `/` becomes `_`, which no id
/// holds, so `text-to-image--flux-dev` is `text-to-image__flux-dev` and not Flux Dev's name.
///
/// Why it is one to one: a `-` is kept only between two characters that are neither `-` nor
/// `/`, so in the result each run of `-` is either one kept `-` or two per `/`, and its length
/// (odd or even) says which; `_` is always a `-`.
pub fn dom_id(id: &str) -> String {
    let b = id.as_bytes();
    let mut out = String::with_capacity(id.len() + 4);
    for (i, &c) in b.iter().enumerate() {
        let near = |j: Option<usize>| {
            j.and_then(|j| b.get(j))
                .is_some_and(|n| matches!(n, b'-' | b'/'))
        };
        match c {
            b'/' => out.push_str("--"),
            b'-' if near(i.checked_sub(1)) || near(Some(i + 1)) => out.push('_'),
            _ => out.push(char::from(c)),
        }
    }
    out
}

fn check_id(id: &str, index: usize) -> Result<(), CatalogError> {
    if id.is_empty() {
        return Err(CatalogError::MissingId { index });
    }
    // Ids travel in links and `data-entry` attributes: keep them to a URL- and selector-safe set.
    let ok = id
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/')
        && !id.starts_with('/')
        && !id.ends_with('/');
    if ok {
        Ok(())
    } else {
        Err(CatalogError::BadId(id.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Catalog {
        Catalog::from_wire(serde_json::from_str(SEED_JSON).unwrap()).unwrap()
    }

    #[test]
    fn seed_text_has_no_letters_outside_ascii() {
        // `Entry::matches` ignores ASCII case only; a non-ASCII letter in the catalog would need
        // Unicode case folding (and its tables) back.
        let c = seed();
        let texts = c.entries.iter().flat_map(|e| {
            [
                e.name.as_str(),
                e.feature.as_str(),
                e.model.as_deref().unwrap_or(""),
            ]
        });
        for t in texts.chain(c.categories.iter().map(|k| k.name.as_str())) {
            assert!(
                t.chars().all(|ch| ch.is_ascii() || !ch.is_alphabetic()),
                "{t}"
            );
        }
    }

    #[test]
    fn seed_has_the_21_priced_entries_of_the_guide() {
        let c = seed();
        let expected: [(&str, u32); 21] = [
            ("chat-editing", 2),
            ("ai-reshot", 2),
            ("ai-headshot", 2),
            ("ai-expand", 4),
            ("ai-art-stylish", 2),
            ("ai-image-blender", 4),
            ("photo-restoration", 2),
            ("ai-watermark-remover", 2),
            ("ai-people-remover", 2),
            ("ai-text-remover", 2),
            ("text-to-image/flux-dev", 1),
            ("text-to-image/z-image", 1),
            ("text-to-image/qwen", 2),
            ("text-to-image/nano-banana-pro", 8),
            ("text-to-image/nano-banana", 3),
            ("text-to-image/imagen-4", 3),
            ("text-to-image/kling", 2),
            ("image-to-image/qwen", 2),
            ("image-to-image/nano-banana-pro", 8),
            ("image-to-image/nano-banana", 3),
            ("image-to-image/kling", 3),
        ];
        let got: Vec<(&str, u32)> = c
            .entries
            .iter()
            .map(|e| (e.id.as_str(), e.credits))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(c.unpriced.len(), 1);
        assert_eq!(c.unpriced[0].id, "image-to-video");
    }

    #[test]
    fn price_belongs_to_feature_and_model() {
        let c = seed();
        assert_eq!(c.entry("text-to-image/kling").unwrap().credits, 2);
        assert_eq!(c.entry("image-to-image/kling").unwrap().credits, 3);
    }

    #[test]
    fn seed_ocr_slips_are_mended() {
        let text: String = seed()
            .entries
            .iter()
            .map(|e| format!("{} {} {:?}\n", e.name, e.feature, e.model))
            .collect();
        for slip in ["Al ", "lmage", "lmagen"] {
            assert!(!text.contains(slip), "{slip:?} left in {text}");
        }
        assert!(text.contains("Imagen 4"));
    }

    #[test]
    fn groups_follow_category_then_feature() {
        let c = seed();
        let g = c.groups();
        let names: Vec<(&str, &str, usize)> = g
            .iter()
            .map(|g| {
                (
                    c.categories[g.category].name.as_str(),
                    g.feature,
                    g.entries.len(),
                )
            })
            .collect();
        assert_eq!(names[0], ("Image Editor", "Chat Editing", 1));
        assert!(names.contains(&("Image Generator", "Text to Image", 7)));
        assert!(names.contains(&("Image Generator", "Image to Image", 4)));
        assert_eq!(g.iter().map(|g| g.entries.len()).sum::<usize>(), 21);
    }

    #[test]
    fn filter_matches_every_word_in_any_field() {
        let c = seed();
        let hits = |q: &str| -> Vec<&str> {
            c.entries
                .iter()
                .filter(|e| e.matches(&c.categories[e.category].name, q))
                .map(|e| e.id.as_str())
                .collect()
        };
        assert_eq!(
            hits("kling"),
            ["text-to-image/kling", "image-to-image/kling"]
        );
        assert_eq!(hits("TEXT kling"), ["text-to-image/kling"]);
        assert_eq!(hits("remover").len(), 3);
        assert_eq!(hits("").len(), 21);
        assert_eq!(hits("editor").len(), 10);
        assert!(hits("<script>").is_empty());
        let video = &c.unpriced[0];
        assert!(video.matches(&c.categories[video.category].name, "VIDEO"));
        assert!(!video.matches(&c.categories[video.category].name, "kling"));
    }

    fn wire(entries: &str) -> CatalogWire {
        serde_json::from_str(&format!(
            r#"{{"version":"t","categories":[{{"id":"c","name":"C"}}],"entries":{entries}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn validation_names_what_is_wrong() {
        let dup = wire(
            r#"[{"id":"a","category":"c","feature":"F","name":"A","credits":1},
                {"id":"a","category":"c","feature":"F","name":"B","credits":1}]"#,
        );
        assert_eq!(
            Catalog::from_wire(dup),
            Err(CatalogError::DuplicateId("a".into()))
        );
        let zero = wire(r#"[{"id":"a","category":"c","feature":"F","name":"A","credits":0}]"#);
        assert_eq!(
            Catalog::from_wire(zero),
            Err(CatalogError::ZeroCredits("a".into()))
        );
        let noname = wire(r#"[{"id":"a","category":"c","feature":"F","name":" ","credits":1}]"#);
        assert_eq!(
            Catalog::from_wire(noname),
            Err(CatalogError::MissingName("a".into()))
        );
        let badid = wire(r#"[{"id":"A B","category":"c","feature":"F","name":"A","credits":1}]"#);
        assert_eq!(
            Catalog::from_wire(badid),
            Err(CatalogError::BadId("A B".into()))
        );
        let noid = wire(r#"[{"id":"","category":"c","feature":"F","name":"A","credits":1}]"#);
        assert_eq!(
            Catalog::from_wire(noid),
            Err(CatalogError::MissingId { index: 0 })
        );
        let dear = wire(r#"[{"id":"a","category":"c","feature":"F","name":"A","credits":100001}]"#);
        assert_eq!(
            Catalog::from_wire(dear),
            Err(CatalogError::TooExpensive("a".into()))
        );
        let cat = wire(r#"[{"id":"a","category":"x","feature":"F","name":"A","credits":1}]"#);
        assert!(matches!(
            Catalog::from_wire(cat),
            Err(CatalogError::UnknownCategory { .. })
        ));
        assert_eq!(Catalog::from_wire(wire("[]")), Err(CatalogError::Empty));
        let msg = CatalogError::ZeroCredits("ai-expand".into()).to_string();
        assert!(msg.contains("ai-expand"), "{msg}");
    }

    #[test]
    fn negative_or_fractional_prices_do_not_parse() {
        for credits in ["-1", "1.5", "\"2\"", "4294967296"] {
            let text = format!(
                r#"{{"version":"t","categories":[],"entries":[{{"id":"a","category":"c","feature":"F","name":"A","credits":{credits}}}]}}"#
            );
            assert!(
                serde_json::from_str::<CatalogWire>(&text).is_err(),
                "{credits}"
            );
        }
    }

    #[test]
    fn visible_agrees_with_matches_and_groups() {
        let c = seed();
        let all = c.visible("");
        assert!(all.entries.iter().all(|v| *v) && all.categories.iter().all(|v| *v));
        let kling = c.visible("KLING");
        let shown: Vec<&str> = c
            .entries
            .iter()
            .zip(&kling.entries)
            .filter(|(_, v)| **v)
            .map(|(e, _)| e.id.as_str())
            .collect();
        assert_eq!(shown, ["text-to-image/kling", "image-to-image/kling"]);
        assert!(!kling.unpriced.iter().any(|v| *v));
        assert!(kling.any());
        // A category is visible exactly when something in it is.
        for (ci, visible) in kling.categories.iter().enumerate() {
            let has = c
                .entries
                .iter()
                .zip(&kling.entries)
                .any(|(e, v)| *v && e.category == ci);
            assert_eq!(*visible, has);
        }
        for g in c.groups() {
            assert_eq!(
                kling.any_of(&g.entries),
                g.entries.iter().any(|&i| kling.entries[i])
            );
        }
        // Named without a price is still found.
        let video = c.visible("video");
        assert!(video.unpriced.iter().any(|v| *v) && video.any());
        assert!(!c.visible("nothing like this").any());
    }

    #[test]
    fn dom_ids_keep_their_form_and_tell_lookalikes_apart() {
        assert_eq!(dom_id("text-to-image/flux-dev"), "text-to-image--flux-dev");
        assert_eq!(dom_id("ai-expand"), "ai-expand");
        assert_eq!(dom_id("text-to-image--flux-dev"), "text-to-image__flux-dev");
        // Each of these was `a---b` when `/` alone was replaced.
        assert_eq!(dom_id("a-/b"), "a_--b");
        assert_eq!(dom_id("a/-b"), "a--_b");
        assert_eq!(dom_id("a---b"), "a___b");
        assert_eq!(dom_id("-a-"), "-a-");
        assert_eq!(dom_id("a//b"), "a----b");
        // Every row of the shipped price list keeps the element ids tests and hosts know.
        for e in &seed().entries {
            assert_eq!(dom_id(&e.id), e.id.replace('/', "--"), "{}", e.id);
        }
    }

    /// Reads a [`dom_id`] back, by the argument in its documentation: a test of that argument.
    fn from_dom_id(dom: &str) -> String {
        let mut out = String::new();
        let mut run = 0;
        for c in dom.chars().chain(std::iter::once('.')) {
            if c == '-' {
                run += 1;
                continue;
            }
            if run % 2 == 1 {
                assert_eq!(run, 1, "an odd run is one kept `-`");
                out.push('-');
            } else {
                out.push_str(&"/".repeat(run / 2));
            }
            run = 0;
            match c {
                '_' => out.push('-'),
                '.' => {}
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        /// Ids of few letters and many `-` and `/`: the lookalikes most likely to collide.
        #[test]
        fn distinct_ids_have_distinct_dom_ids(
            a in "[a-c0-1/-]{1,12}",
            b in "[a-c0-1/-]{1,12}",
        ) {
            let valid = |id: &str| check_id(id, 0).is_ok();
            proptest::prop_assume!(valid(&a) && valid(&b));
            let (da, db) = (dom_id(&a), dom_id(&b));
            proptest::prop_assert_eq!(a == b, da == db, "{} -> {}, {} -> {}", a, da, b, db);
            proptest::prop_assert_eq!(from_dom_id(&da), a);
            // Safe in an id attribute and in a CSS selector without escaping.
            proptest::prop_assert!(da.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' || c == b'_'));
        }

        #[test]
        fn visible_is_matches_for_any_query(q in "\\PC{0,12}") {
            let c = seed();
            let v = c.visible(&q);
            for (e, shown) in c.entries.iter().zip(&v.entries) {
                proptest::prop_assert_eq!(*shown, e.matches(&c.categories[e.category].name, &q));
            }
            proptest::prop_assert_eq!(v.any(), v.entries.iter().chain(&v.unpriced).any(|x| *x));
        }

        /// The scan means what the obvious version does: every word in the fields joined,
        /// both lowercased.
        #[test]
        fn matching_is_a_case_blind_substring_search(
            fields in proptest::array::uniform4("[a-zA-Z ·é-]{0,10}"),
            q in "[a-zA-Z é·-]{0,8}",
        ) {
            let joined = fields.join(" ").to_ascii_lowercase();
            let obvious = q.split_whitespace().all(|w| joined.contains(&w.to_ascii_lowercase()));
            let fields = [&*fields[0], &*fields[1], &*fields[2], &*fields[3]];
            proptest::prop_assert_eq!(matches_query(fields, &q), obvious);
        }
    }
}
