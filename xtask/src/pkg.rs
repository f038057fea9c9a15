//! Builds `pkg/`, the package hosts embed: the widget's wasm split into a first-load module and
//! chunks fetched when first used, bound by wasm-bindgen, optimised by wasm-opt, the JS
//! minified, and a `package.json` that lists every file.
//!
//! The split is a step between cargo and wasm-bindgen, which Trunk can't take (trunk-rs/trunk#1022):
//! cargo (`--features split`, relocations kept) → wasm-split-cli → wasm-bindgen
//! `--keep-lld-exports` → wasm-opt `-Oz` on every module → esbuild `--minify` on every script.

use std::path::{Path, PathBuf};

use crate::{cmd, root, run, Result, WASM_TARGET};

/// The widget's crate and library names.
const PACKAGE: &str = "vidmud-credits";
const LIB: &str = "vidmud_credits";

/// What `wasm-opt` may assume every engine supports: what Rust 1.95 emits for wasm32 and all
/// three engines run (Chromium 156, Firefox 153 ESR, WebKitGTK 2.50).
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Builds the split `pkg/`, with its prerendered first views made for a `pkg/` served at `base`.
pub fn build(base: &str) -> Result {
    let out = root().join("pkg");
    let staging = root().join("target/split");
    // Relocations let wasm-split move code between modules; they stay in the output otherwise,
    // so only this build asks for them.
    run(cmd("cargo")
        .args(["rustc", "--release", "--target", WASM_TARGET, "-p", PACKAGE])
        .args(["--lib", "--crate-type", "cdylib", "--features", "split"])
        .args(["--", "-C", "link-arg=--emit-relocs"]))?;
    let wasm = root().join(format!("target/{WASM_TARGET}/release/{LIB}.wasm"));
    recreate(&staging)?;
    run(cmd("wasm-split-cli").arg(&wasm).arg(&staging).args([
        "--target",
        "web",
        "--out-name",
        LIB,
    ]))?;
    recreate(&out)?;
    run(cmd("wasm-bindgen")
        .args(["--target", "web", "--keep-lld-exports", "--out-name", LIB])
        .arg("--out-dir")
        .arg(&out)
        .arg(staging.join(format!("{LIB}.wasm"))))?;
    // The split runtime and the chunks sit beside the main module: chunks are fetched relative
    // to `__wasm_split.js`, so the package works from any path or CDN.
    for file in list(&staging)? {
        let name = file_name(&file);
        if name != format!("{LIB}.wasm") {
            copy(&file, &out.join(&name))?;
        }
    }
    // The module that defines the element when loaded (one tag, or a bundler's import), its
    // types, and what an npm package carries: the README and the licence.
    for (from, to) in [
        ("package/vidmud-credits.js", "vidmud-credits.js"),
        ("package/vidmud-credits.d.ts", "vidmud-credits.d.ts"),
        ("README.md", "README.md"),
        ("LICENSE", "LICENSE"),
    ] {
        copy(&root().join(from), &out.join(to))?;
    }
    for file in walk(&out)? {
        match file.extension().and_then(|e| e.to_str()) {
            Some("wasm") => optimise_wasm(&file)?,
            Some("js") => minify_js(&file)?,
            _ => {}
        }
    }
    crate::imports::shorten(
        &out.join(format!("{LIB}_bg.wasm")),
        &out.join(format!("{LIB}.js")),
    )?;
    // The first views, made natively from the same components (src/prerender.rs), and the
    // stylesheet they link to.
    run(cmd("cargo")
        .args([
            "run",
            "--quiet",
            "-p",
            PACKAGE,
            "--example",
            "prerender",
            "--",
        ])
        .arg(&out)
        .arg(base))?;
    crate::manifest::write(&out)?;
    write_package_json(&out)
}

/// wasm-opt in place: `-Oz`, repeated until it stops shrinking (`--converge`), after
/// flattening and re-looping the control flow (`--flatten --rereloop`, which lets `-Oz` find
/// more to fold: about 400 bytes gzip of the first download), and without the custom sections
/// no browser reads (names, `producers`, `target_features`: about 150 bytes gzip per file).
/// Then once more, without flattening and with functions that differ only in constants merged
/// (`--merge-similar-functions`): 230 bytes gzip off the first download, 300 off a signed-in
/// host's first load.
pub fn optimise_wasm(file: &Path) -> Result {
    run(cmd("wasm-opt")
        .args(["--flatten", "--rereloop", "-Oz", "--converge"])
        .args([
            "--strip-debug",
            "--strip-producers",
            "--strip-target-features",
        ])
        .args(WASM_FEATURES)
        .arg("-o")
        .arg(file)
        .arg(file))?;
    run(cmd("wasm-opt")
        .args(["-Oz", "--converge", "--merge-similar-functions", "-Oz"])
        .args(["--converge"])
        .args(WASM_FEATURES)
        .arg("-o")
        .arg(file)
        .arg(file))
}

/// esbuild `--minify` in place. Module syntax, imports and exports stay as they are; only
/// whitespace, comments and local names shrink.
fn minify_js(file: &Path) -> Result {
    let tmp = file.with_extension("min.tmp");
    run(cmd("esbuild")
        .arg(file)
        .args([
            "--minify",
            "--format=esm",
            "--target=es2022",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", tmp.display())))?;
    std::fs::rename(&tmp, file).map_err(|e| format!("{}: {e}", file.display()))
}

/// `package.json` with every file of the package, so that a packager copies the chunks too.
fn write_package_json(out: &Path) -> Result {
    let mut files: Vec<String> = walk(out)?
        .iter()
        .filter_map(|f| f.strip_prefix(out).ok())
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    files.push("package.json".into());
    files.sort();
    let list = files
        .iter()
        .map(|f| format!("    \"{f}\""))
        .collect::<Vec<_>>()
        .join(",\n");
    let json = include_str!("../../package/package.template.json")
        .replace("\"@FILES@\"", &format!("[\n{list}\n  ]"))
        .replace("@VERSION@", &crate::setup::locked_version(PACKAGE)?);
    std::fs::write(out.join("package.json"), json).map_err(|e| e.to_string())
}

/// `npm pack` of pkg/ into dist/: `dist/vidmud-credits-<version>.tgz`, what a host installs.
pub fn pack() -> Result {
    let dist = root().join("dist");
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    run(cmd("npm")
        .args(["pack", "--loglevel=error", "--pack-destination"])
        .arg(&dist)
        .current_dir(root().join("pkg")))
}

fn recreate(dir: &Path) -> Result {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("clearing {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        out.push(entry.map_err(|e| e.to_string())?.path());
    }
    out.sort();
    Ok(out)
}

/// Every file under `dir`, sorted.
pub fn walk(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for p in list(&d)? {
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}
