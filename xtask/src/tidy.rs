//! Tidy checks, run by `cargo test --workspace`. Files move, and text that points at a file no
//! longer there sends a reader the wrong way, so:
//!
//! - every repository path that the README, `docs/` or a comment names exists (comments in
//!   `.rs`, `.js`, `.mjs`, `.css`, `.toml` and `.html` files; a path is a word that starts with
//!   a top-level folder, or the name of a file at the root), and every relative link in the
//!   docs leads to a file and, with `#`, to a heading;
//! - nothing cites a file a clone doesn't have, such as the build machines' notes
//!   (`shared/TOOLCHAIN.md`): a comment says what such a note says, in words;
//! - the tree of `src/` in `docs/architecture.md` is the tree of `src/`: it names every file
//!   there, and nothing else;
//! - the README stays a README: at most 12,000 bytes;
//! - the widget's imports run one way, element → features → shared → core: no module of `src/`
//!   names one of a layer above it, and no two modules name each other, directly or round a
//!   circle.

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use crate::root;

    /// Folders at the top of the repository. A word that starts with one is a path to check.
    /// (`demo/` holds the demo page's assets; the page itself is `index.html`.)
    const TOP: [&str; 11] = [
        "src/", "core/", "server/", "xtask/", "tests/", "demo/", "data/", "style/", "docs/",
        "tools/", "bench/",
    ];

    /// Files at the repository's root that text may name by their bare name.
    const ROOT_FILES: [&str; 7] = [
        "Cargo.toml",
        "Cargo.lock",
        "Trunk.toml",
        "index.html",
        "build.rs",
        "webdriver.json",
        "README.md",
    ];

    /// Folders never searched for comments: build output, installed packages, git.
    const NOT_SOURCE: [&str; 5] = ["target", "dist", "pkg", "node_modules", ".git"];

    /// The README's ceiling, in bytes: what a user reads; the rest is in `docs/`.
    const README_MAX: u64 = 12_000;

    /// Path-like words in `text` that start with one of [`TOP`] or are one of [`ROOT_FILES`],
    /// without a trailing `:line` or `#anchor`.
    fn named_paths(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for word in text.split(|c: char| c.is_whitespace() || "`()[]<>\"'|,;".contains(c)) {
            let word = word.trim_end_matches(['.', ':', '!', '?']);
            let word = word.split('#').next().unwrap_or_default();
            // `xtask/src/main.rs:40` names the file.
            let word = match word.split_once(':') {
                Some((path, line)) if line.chars().all(|c| c.is_ascii_digit()) => path,
                _ => word,
            };
            let at_top = TOP.iter().any(|t| word.starts_with(t));
            // `snippets/…/src/element.js`-style elisions, globs and placeholders aren't paths.
            if (at_top || ROOT_FILES.contains(&word)) && !word.contains(['…', '*', '{', '<', '$'])
            {
                found.push(word.to_owned());
            }
        }
        found
    }

    /// Words in `text` that cite a file outside the repository: the machines' notes
    /// (`shared/TOOLCHAIN.md`, `../shared/…`, `/work/shared/…`).
    fn outside_citations(text: &str) -> Vec<String> {
        text.split(|c: char| c.is_whitespace() || "`()[]<>\"'|,;".contains(c))
            .filter(|w| {
                let mut from_root = *w;
                while let Some(up) = from_root.strip_prefix("../") {
                    from_root = up;
                }
                from_root.starts_with("shared/")
                    || w.contains("/work/shared")
                    || w.contains("TOOLCHAIN.md")
            })
            .map(str::to_owned)
            .collect()
    }

    /// Relative targets of Markdown links, `[text](target)` or `[text](target#anchor)`, as
    /// (target, anchor); the target is empty for an anchor in the same doc.
    fn link_targets(text: &str) -> Vec<(String, Option<String>)> {
        let mut found = Vec::new();
        for (i, _) in text.match_indices("](") {
            let rest = &text[i + 2..];
            let Some(end) = rest.find(')') else { continue };
            let link = &rest[..end];
            let external = link.contains("://") || link.starts_with("mailto:");
            if link.is_empty() || external {
                continue;
            }
            let (target, anchor) = match link.split_once('#') {
                Some((target, anchor)) => (target, Some(anchor.to_owned())),
                None => (link, None),
            };
            found.push((target.to_owned(), anchor));
        }
        found
    }

    /// The anchors a Markdown doc has: its headings, as GitHub makes them (lower case, spaces
    /// as `-`, punctuation dropped), and `<a id="…">`.
    fn anchors(doc: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut in_code = false;
        for line in doc.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if let Some(heading) = line.strip_prefix('#').filter(|_| !in_code) {
                let slug = heading
                    .trim_start_matches('#')
                    .trim()
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                    .map(|c| if c == ' ' { '-' } else { c })
                    .collect();
                found.insert(slug);
            }
        }
        for (i, _) in doc.match_indices("<a id=\"") {
            let rest = &doc[i + 7..];
            if let Some(end) = rest.find('"') {
                found.insert(rest[..end].to_owned());
            }
        }
        found
    }

    /// How comments are written in a kind of file.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Syntax {
        /// `//` to the end of the line (also `///` and `//!`) and `/* … */`; strings in `"`.
        Rust,
        /// `//` to the end of the line and `/* … */`; strings in `"`, `'` or `` ` ``.
        Js,
        /// `/* … */`.
        Css,
        /// `#` to the end of the line; strings in `"` or `'`.
        Toml,
        /// `<!-- … -->`.
        Html,
    }

    fn syntax_of(path: &Path) -> Option<Syntax> {
        match path.extension()?.to_str()? {
            "rs" => Some(Syntax::Rust),
            "js" | "mjs" => Some(Syntax::Js),
            "css" => Some(Syntax::Css),
            "toml" => Some(Syntax::Toml),
            "html" => Some(Syntax::Html),
            _ => None,
        }
    }

    /// The length of the Rust char literal `rest` starts with (`'"'`, `'\''`), if it is one
    /// rather than a lifetime.
    fn char_literal(rest: &str) -> Option<usize> {
        let body = rest.strip_prefix('\'')?;
        let len = match body.strip_prefix('\\') {
            Some(escaped) => 1 + escaped.find('\'')?,
            None => body.chars().next()?.len_utf8(),
        };
        body[len..].starts_with('\'').then_some(len + 2)
    }

    /// The text of every comment in `source`, one line of output per line of source. A string
    /// is followed to the end of its line only, which is enough to keep `"http://…"` out.
    fn comments(source: &str, syntax: Syntax) -> String {
        let (line_comment, block, quotes) = match syntax {
            Syntax::Rust => (Some("//"), Some(("/*", "*/")), "\""),
            Syntax::Js => (Some("//"), Some(("/*", "*/")), "\"'`"),
            Syntax::Css => (None, Some(("/*", "*/")), ""),
            Syntax::Toml => (Some("#"), None, "\"'"),
            Syntax::Html => (None, Some(("<!--", "-->")), ""),
        };
        let mut out = String::new();
        let mut in_block = false;
        for line in source.lines() {
            let mut rest = line;
            let mut quote: Option<char> = None;
            while !rest.is_empty() {
                if in_block {
                    let close = block.expect("in a block comment").1;
                    let end = rest.find(close).unwrap_or(rest.len());
                    out.push_str(&rest[..end]);
                    out.push(' ');
                    in_block = end == rest.len();
                    rest = &rest[(end + close.len()).min(rest.len())..];
                    continue;
                }
                let c = rest.chars().next().expect("not empty");
                let mut step = c.len_utf8();
                if let Some(q) = quote {
                    if c == '\\' {
                        // The escaped character too.
                        step += rest[1..].chars().next().map_or(0, char::len_utf8);
                    } else if c == q {
                        quote = None;
                    }
                } else if line_comment.is_some_and(|m| rest.starts_with(m)) {
                    out.push_str(rest);
                    break;
                } else if let Some((open, _)) = block.filter(|(open, _)| rest.starts_with(open)) {
                    in_block = true;
                    step = open.len();
                } else if syntax == Syntax::Rust && c == '\'' {
                    step = char_literal(rest).unwrap_or(1);
                } else if quotes.contains(c) {
                    quote = Some(c);
                }
                rest = &rest[step..];
            }
            out.push('\n');
        }
        out
    }

    /// Every file under `dir`, entering the folders whose name `enter` accepts; names starting
    /// with `.` (hidden) or ending with `~` (editors' backups) are passed over.
    fn files_in(dir: &Path, enter: &dyn Fn(&str) -> bool, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("a readable folder") {
            let path = entry.expect("a folder entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            if !path.is_dir() {
                found.push(path);
            } else if enter(name) {
                files_in(&path, enter, found);
            }
        }
    }

    /// Every file under `dir` whose kind has comments, skipping [`NOT_SOURCE`].
    fn source_files(dir: &Path, found: &mut Vec<PathBuf>) {
        let mut all = Vec::new();
        files_in(dir, &|name| !NOT_SOURCE.contains(&name), &mut all);
        found.extend(all.into_iter().filter(|p| syntax_of(p).is_some()));
    }

    fn shown(root: &Path, path: &Path) -> String {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
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
        let mut wrong = Vec::new();
        for doc in &docs {
            let text = std::fs::read_to_string(doc).expect("a readable doc");
            let at = shown(&root, doc);
            for path in named_paths(&text) {
                if !root.join(&path).exists() {
                    wrong.push(format!("{at}: {path} doesn't exist"));
                }
            }
            // A link is relative to the doc it is in.
            let dir = doc.parent().expect("a folder");
            for (target, anchor) in link_targets(&text) {
                let file = dir.join(&target);
                if !file.exists() {
                    wrong.push(format!("{at}: the link to {target} leads nowhere"));
                    continue;
                }
                let Some(anchor) = anchor else { continue };
                let linked = if target.is_empty() {
                    text.clone()
                } else if target.ends_with(".md") {
                    std::fs::read_to_string(&file).expect("a readable doc")
                } else {
                    continue;
                };
                if !anchors(&linked).contains(&anchor) {
                    wrong.push(format!("{at}: {target}#{anchor}: no such heading"));
                }
            }
            for cited in outside_citations(&text) {
                wrong.push(format!("{at}: {cited} is not in the repository"));
            }
        }
        assert!(wrong.is_empty(), "docs:\n{}", wrong.join("\n"));
    }

    #[test]
    fn every_path_a_comment_names_exists() {
        let root = root();
        let mut files = Vec::new();
        source_files(&root, &mut files);
        // This file's own tests name wrong paths on purpose.
        files.retain(|f| !f.ends_with("xtask/src/tidy.rs"));
        files.sort();
        assert!(files.len() > 50, "found only {} source files", files.len());
        let mut wrong = Vec::new();
        for file in &files {
            let syntax = syntax_of(file).expect("a source file");
            let text = std::fs::read_to_string(file).expect("a readable source file");
            let said = comments(&text, syntax);
            let at = shown(&root, file);
            for path in named_paths(&said) {
                if !root.join(&path).exists() {
                    wrong.push(format!("{at}: {path} doesn't exist"));
                }
            }
            for cited in outside_citations(&said) {
                wrong.push(format!(
                    "{at}: {cited} is not in the repository; say what it says instead"
                ));
            }
        }
        assert!(wrong.is_empty(), "comments:\n{}", wrong.join("\n"));
    }

    /// The files a tree names: the first fenced block of `doc` whose first line is `src/`.
    /// Each line below it is one folder (`name/`) or file, indented under its folder, and may
    /// go on with words that say what it is.
    fn tree_in(doc: &str) -> Result<BTreeSet<String>, String> {
        let mut blocks = doc.split("```").skip(1).step_by(2);
        let block = blocks
            .find(|b| b.lines().nth(1).is_some_and(|l| l.trim_end() == "src/"))
            .ok_or("no fenced block starting with a line `src/`")?;
        let mut named = BTreeSet::new();
        // The folders open at each indent, src/ first.
        let mut open: Vec<(usize, String)> = vec![(0, "src/".to_owned())];
        for line in block.lines().skip(2).filter(|l| !l.trim().is_empty()) {
            let indent = line.len() - line.trim_start().len();
            let name = line.split_whitespace().next().expect("not blank");
            if indent == 0 {
                return Err(format!("`{line}` is outside src/"));
            }
            while open.len() > 1 && open.last().is_some_and(|(i, _)| *i >= indent) {
                open.pop();
            }
            let path = format!("{}{name}", open.last().expect("src/").1);
            if name.ends_with('/') {
                open.push((indent, path));
            } else if name.contains('.') {
                named.insert(path);
            } else {
                return Err(format!("`{line}` names neither a folder (`x/`) nor a file"));
            }
        }
        Ok(named)
    }

    /// Every file under `dir`, as paths from the repository's root.
    fn files_under(root: &Path, dir: &Path, found: &mut BTreeSet<String>) {
        let mut all = Vec::new();
        files_in(dir, &|_| true, &mut all);
        found.extend(all.iter().map(|p| shown(root, p)));
    }

    #[test]
    fn the_architecture_tree_is_src() {
        let root = root();
        let doc = std::fs::read_to_string(root.join("docs/architecture.md"))
            .expect("docs/architecture.md");
        let named = tree_in(&doc).unwrap_or_else(|e| panic!("docs/architecture.md: {e}"));
        let mut there = BTreeSet::new();
        files_under(&root, &root.join("src"), &mut there);
        let not_named: Vec<_> = there.difference(&named).collect();
        let not_there: Vec<_> = named.difference(&there).collect();
        assert!(
            not_named.is_empty() && not_there.is_empty(),
            "docs/architecture.md's tree of src/ is not src/:\n\
             in src/ but not in the tree: {not_named:?}\n\
             in the tree but not in src/: {not_there:?}"
        );
    }

    #[test]
    fn the_readme_is_short() {
        let size = std::fs::metadata(root().join("README.md"))
            .expect("README.md")
            .len();
        assert!(
            size <= README_MAX,
            "README.md is {size} bytes, over {README_MAX}: move detail to docs/"
        );
    }

    #[test]
    fn finds_paths_in_prose_and_code_spans() {
        let text = "see `src/element.rs` and (tests/e2e/size.test.mjs). Not snippets/…/x.js, \
                    src/**, but xtask/src/main.rs:40, docs/a.md#usage and Trunk.toml.";
        assert_eq!(
            named_paths(text),
            [
                "src/element.rs",
                "tests/e2e/size.test.mjs",
                "xtask/src/main.rs",
                "docs/a.md",
                "Trunk.toml"
            ]
        );
    }

    #[test]
    fn finds_citations_outside_the_repository() {
        let text = "as measured (shared/TOOLCHAIN.md), see ../shared/x.md and \
                    /work/shared/STYLE.md; not src/shared/state.rs";
        assert_eq!(
            outside_citations(text),
            [
                "shared/TOOLCHAIN.md",
                "../shared/x.md",
                "/work/shared/STYLE.md"
            ]
        );
    }

    #[test]
    fn finds_relative_links() {
        let text = "[a](account-api.md#usage), [b](https://x.example/y), ![c](screenshots/c.png), \
                    [d](#the-plan-link)";
        let anchor = |a: &str| Some(a.to_owned());
        assert_eq!(
            link_targets(text),
            [
                ("account-api.md".to_owned(), anchor("usage")),
                ("screenshots/c.png".to_owned(), None),
                (String::new(), anchor("the-plan-link")),
            ]
        );
    }

    #[test]
    fn finds_anchors() {
        let doc = "# Formats\n## What `pkg/` holds\n### A live price list\n```sh\n# not one\n```\n\
                   <a id=\"rate-limiting\"></a>";
        let expected: BTreeSet<String> = [
            "formats",
            "what-pkg-holds",
            "a-live-price-list",
            "rate-limiting",
        ]
        .map(String::from)
        .into();
        assert_eq!(anchors(doc), expected);
    }

    #[test]
    fn reads_only_comments() {
        let rust = "let u = \"http://x/src/gone.rs\"; // see src/here.rs\n\
                    /// docs/a.md\nlet q = '\"'; // core/b.rs\nlet e = '\\''; // tests/d.rs\n\
                    fn f<'a>(x: &'a str) {} /* data/c.json */";
        assert_eq!(
            named_paths(&comments(rust, Syntax::Rust)),
            [
                "src/here.rs",
                "docs/a.md",
                "core/b.rs",
                "tests/d.rs",
                "data/c.json"
            ]
        );
        let js =
            "fetch(`//src/no.js`); const s = '//src/no2.js'; /* a\nsrc/one.js */ // src/two.js";
        assert_eq!(
            named_paths(&comments(js, Syntax::Js)),
            ["src/one.js", "src/two.js"]
        );
        let toml = "a = \"#src/no.rs\" # see src/yes.rs\n# data/catalog.json";
        assert_eq!(
            named_paths(&comments(toml, Syntax::Toml)),
            ["src/yes.rs", "data/catalog.json"]
        );
        let html = "<a href=\"src/no.html\"><!-- demo/demo.js\n and index.html -->";
        assert_eq!(
            named_paths(&comments(html, Syntax::Html)),
            ["demo/demo.js", "index.html"]
        );
    }

    #[test]
    fn reads_a_tree() {
        let doc = "text\n```text\nsrc/\n  lib.rs        start\n  balance/      the balance\n    \
                   api.rs      the client\n  state.rs\n```\n";
        let expected: BTreeSet<String> = ["src/lib.rs", "src/balance/api.rs", "src/state.rs"]
            .map(String::from)
            .into();
        assert_eq!(tree_in(doc), Ok(expected));
        assert!(tree_in("```\nsrc/\n  the widget\n```").is_err());
        assert!(tree_in("```\nsrc/\n  lib.rs\nstate.rs\n```").is_err());
        assert!(tree_in("```\ncore/\n```").is_err());
    }

    /// Where each top-level module of `src/` sits: a module may name only modules of its own
    /// layer or below. The element and its view compose the features; the features share
    /// state, words, the API client and the rest.
    fn layer(module: &str) -> Option<u8> {
        match module {
            "lib" | "element" | "prerender" | "widget" => Some(0),
            "balance" | "buyer" | "calculator" | "keep" => Some(1),
            "api" | "catalog" | "effect" | "intl" | "js_value" | "lazy" | "messages" | "retry"
            | "split" | "state" => Some(2),
            _ => None,
        }
    }

    /// `crate::x` names in Rust code (comments left out), as (naming module, named module).
    fn crate_imports(src: &Path) -> BTreeSet<(String, String)> {
        let mut files = BTreeSet::new();
        files_under(src, src, &mut files);
        let mut edges = BTreeSet::new();
        for file in files.iter().filter(|f| f.ends_with(".rs")) {
            let from = file.split(['/', '.']).next().unwrap_or_default().to_owned();
            let text = std::fs::read_to_string(src.join(file)).expect("a readable file");
            let code: String = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n");
            for (at, _) in code.match_indices("crate::") {
                let to: String = code[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !to.is_empty() && to != from {
                    edges.insert((from.clone(), to));
                }
            }
        }
        edges
    }

    /// The modules `from` reaches through `edges`.
    fn reach(edges: &BTreeSet<(String, String)>, from: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_owned()];
        while let Some(m) = todo.pop() {
            for (a, b) in edges {
                if *a == m && seen.insert(b.clone()) {
                    todo.push(b.clone());
                }
            }
        }
        seen
    }

    #[test]
    fn imports_run_one_way() {
        let edges = crate_imports(&root().join("src"));
        let mut wrong = Vec::new();
        for (from, to) in &edges {
            match (layer(from), layer(to)) {
                (Some(a), Some(b)) if b < a => {
                    wrong.push(format!("{from} names {to}, a layer above"))
                }
                (None, _) => wrong.push(format!("src/{from} is in no layer (see `layer`)")),
                (_, None) => wrong.push(format!("{from} names {to}, which is in no layer")),
                _ => {}
            }
            if reach(&edges, to).contains(from) {
                wrong.push(format!("{from} and {to} name each other, round a circle"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn an_import_up_or_round_a_circle_is_caught() {
        let edge = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        let edges: BTreeSet<_> = [edge("state", "balance"), edge("balance", "state")].into();
        assert!(reach(&edges, "balance").contains("balance"));
        assert!(layer("state") > layer("balance"));
        assert!(layer("element") < layer("keep"));
    }
}
