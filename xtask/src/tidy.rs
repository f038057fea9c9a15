//! Tidy checks, run by `cargo test --workspace`: the docs name only files that exist. Files move
//! (the balance client became a chunk of its own, the demo page moved into demo/), and a README
//! that points at a file no longer there sends a reader the wrong way.

#[cfg(test)]
mod tests {
    use crate::root;

    /// Directories whose files the docs name.
    const TOP: [&str; 11] = [
        "src/", "core/", "server/", "xtask/", "tests/", "demo/", "data/", "style/", "docs/",
        "tools/", "bench/",
    ];

    /// Path-like words in `text` that start with one of [`TOP`].
    fn named_paths(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for word in text.split(|c: char| c.is_whitespace() || "`()[]<>\"'|,;".contains(c)) {
            let word = word.trim_end_matches(['.', ':']);
            let at_top = TOP.iter().any(|t| word.starts_with(t));
            // `snippets/…/src/element.js`-style elisions and globs aren't paths to check.
            if at_top && !word.contains(['…', '*', '{', '<']) {
                found.push(word.to_owned());
            }
        }
        found
    }

    #[test]
    fn every_path_the_docs_name_exists() {
        let root = root();
        let mut docs = vec![root.join("README.md")];
        for entry in std::fs::read_dir(root.join("docs")).expect("docs/") {
            let path = entry.expect("a docs/ entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                docs.push(path);
            }
        }
        let mut missing = Vec::new();
        for doc in &docs {
            let text = std::fs::read_to_string(doc).expect("a readable doc");
            for path in named_paths(&text) {
                if !root.join(&path).exists() {
                    missing.push(format!("{}: {path}", doc.display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "docs name files that don't exist:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn finds_paths_in_prose_and_code_spans() {
        let text = "see `src/element.rs` and (tests/e2e/size.test.mjs). Not snippets/…/x.js.";
        assert_eq!(
            named_paths(text),
            ["src/element.rs", "tests/e2e/size.test.mjs"]
        );
    }
}
