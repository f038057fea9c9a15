//! Prepares what ships inside the wasm, in OUT_DIR:
//! - the price list (`data/catalog.json`) as Rust code: it is known at build time, so the wasm
//!   needn't carry a JSON reader or the validation for it (the balance chunk has its own
//!   reader). The catalog is validated here with the core's own rules, so a bad price list
//!   fails the build;
//! - the widget's stylesheet, minified: comments and indentation are bytes every host
//!   downloads. The sources stay readable.

use std::fmt::Write;
use std::path::Path;

use vidmud_credits_core::catalog::CatalogWire;
use vidmud_credits_core::Catalog;

fn main() {
    minify_into("style/widget.css", "widget.min.css", minify);
    minify_into("style/buyer.css", "buyer.min.css", minify);
    minify_into("style/prerender.css", "prerender.min.css", minify);
    minify_into("data/catalog.json", "catalog.rs", catalog_code);
}

/// Writes `make(src)` to OUT_DIR/`out`, and has cargo rerun this when `src` changes.
fn minify_into(src: &str, out: &str, make: fn(&str) -> String) {
    println!("cargo::rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join(out), make(&text)).expect("OUT_DIR is writable");
}

/// Rust constants with the validated catalog's data, as tables of string slices: the wasm
/// then holds the text once, in its data section, and one small loop (src/catalog.rs) builds
/// the core's `Catalog` from them. A price list that the core refuses fails the build here.
fn catalog_code(json: &str) -> String {
    let wire: CatalogWire =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("data/catalog.json: {e}"));
    let catalog = Catalog::from_wire(wire)
        .unwrap_or_else(|e| panic!("data/catalog.json is not a valid price list: {e}"));
    // `{:?}` of a str is a Rust string literal, escapes included.
    let mut code = format!("pub const VERSION: &str = {:?};\n", catalog.version);
    code.push_str("/// (id, name)\npub const CATEGORIES: &[(&str, &str)] = &[\n");
    for c in &catalog.categories {
        let _ = writeln!(code, "    ({:?}, {:?}),", c.id, c.name);
    }
    code.push_str("];\n/// (id, category index, feature, model, name, credits)\n");
    code.push_str("pub type Entry = (&'static str, usize, &'static str, Option<&'static str>, &'static str, u32);\n");
    code.push_str("pub const ENTRIES: &[Entry] = &[\n");
    for e in &catalog.entries {
        let _ = writeln!(
            code,
            "    ({:?}, {}, {:?}, {:?}, {:?}, {}),",
            e.id, e.category, e.feature, e.model, e.name, e.credits
        );
    }
    code.push_str("];\n/// (id, category index, feature, name, note)\n");
    code.push_str("pub type Unpriced = (&'static str, usize, &'static str, &'static str, Option<&'static str>);\n");
    code.push_str("pub const UNPRICED: &[Unpriced] = &[\n");
    for u in &catalog.unpriced {
        let _ = writeln!(
            code,
            "    ({:?}, {}, {:?}, {:?}, {:?}),",
            u.id, u.category, u.feature, u.name, u.note
        );
    }
    code.push_str("];\n");
    code
}

/// Drops comments and collapses whitespace; removes it around `{ } ; ,` and after `:`, which
/// never changes what a rule means (a space before `:` can: `a :hover`, so it is kept).
fn minify(css: &str) -> String {
    let mut no_comments = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        no_comments.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    no_comments.push_str(rest);
    let collapsed = no_comments.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let bytes: Vec<char> = collapsed.chars().collect();
    for (i, &c) in bytes.iter().enumerate() {
        if c == ' ' {
            let prev = i.checked_sub(1).map(|j| bytes[j]);
            let next = bytes.get(i + 1).copied();
            let tight = |ch: Option<char>| matches!(ch, Some('{' | '}' | ';' | ','));
            if tight(prev) || tight(next) || prev == Some(':') {
                continue;
            }
        }
        out.push(c);
    }
    out.replace(";}", "}")
}
