//! Minifies the widget's stylesheet and price list into OUT_DIR: both ship inside the wasm, where
//! comments and indentation are bytes every host downloads. The sources stay readable.

use std::path::Path;

fn main() {
    minify_into("style/widget.css", "widget.min.css", minify);
    minify_into("data/catalog.json", "catalog.min.json", compact_json);
}

/// Writes `shrink(src)` to OUT_DIR/`out`, and has cargo rerun this when `src` changes.
fn minify_into(src: &str, out: &str, shrink: fn(&str) -> String) {
    println!("cargo::rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join(out), shrink(&text)).expect("OUT_DIR is writable");
}

/// Removes whitespace outside JSON strings; the text means exactly the same.
fn compact_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
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
