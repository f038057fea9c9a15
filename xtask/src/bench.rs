//! `cargo xtask bench`: the widget's size and cold first render, side by side with a bare
//! Leptos 0.8 counter built with the same profile (bench/floor). A benchmark, not a test: it
//! prints what it measured and fails only if it could not measure.

use std::io::Write;
use std::path::Path;

use crate::{build_pkg, cmd, dist, root, Result};

struct Sizes {
    raw: usize,
    gzip: usize,
    brotli: usize,
}

/// gzip is measured with the `gzip -9` command itself (zlib's deflate, what servers use), not a
/// Rust deflate: miniz-based encoders come out some hundreds of bytes larger on this wasm.
fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut child = std::process::Command::new("gzip")
        .args(["-9", "-c", "-n"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("gzip: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("gzip: no stdin")?;
    let input = bytes.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().map_err(|e| format!("gzip: {e}"))?;
    writer
        .join()
        .map_err(|_| "gzip: writer panicked")?
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("gzip failed: {}", out.status));
    }
    Ok(out.stdout.len())
}

fn sizes(bytes: &[u8]) -> Result<Sizes> {
    let gzip = gzip_len(bytes)?;
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(Sizes {
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    })
}

fn file_sizes(path: &Path) -> Result<Sizes> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    sizes(&bytes)
}

fn kib(n: usize) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}

/// The embed's size budget: pkg/ wasm + js, gzip -9.
pub const BUDGET_GZIP: usize = 120 * 1024;

/// pkg/'s wasm + js, gzipped; `cargo xtask test` fails when it is over the budget.
pub fn check_budget() -> Result {
    let pkg = root().join("pkg");
    let wasm = file_sizes(&pkg.join("vidmud_credits_bg.wasm"))?;
    let js = js_sizes(&pkg, "vidmud_credits")?;
    let total = wasm.gzip + js.gzip;
    eprintln!(
        "xtask: pkg wasm+js gzip -9: {total} B (wasm {} B, js {} B); budget {BUDGET_GZIP} B",
        wasm.gzip, js.gzip
    );
    if total > BUDGET_GZIP {
        return Err(format!(
            "pkg is {total} B gzipped, over the {BUDGET_GZIP} B budget"
        ));
    }
    Ok(())
}

pub fn run() -> Result {
    dist()?;
    let floor_pkg = root().join("target/bench/floor-pkg");
    build_pkg("leptos-floor", "leptos_floor", &floor_pkg, None)?;
    let pkg = root().join("pkg");
    let rows = [
        (
            "widget .wasm",
            file_sizes(&pkg.join("vidmud_credits_bg.wasm"))?,
        ),
        ("widget .js", js_sizes(&pkg, "vidmud_credits")?),
        (
            "floor .wasm",
            file_sizes(&floor_pkg.join("leptos_floor_bg.wasm"))?,
        ),
        ("floor .js", js_sizes(&floor_pkg, "leptos_floor")?),
    ];
    let total = |a: &Sizes, b: &Sizes| Sizes {
        raw: a.raw + b.raw,
        gzip: a.gzip + b.gzip,
        brotli: a.brotli + b.brotli,
    };
    let widget = total(&rows[0].1, &rows[1].1);
    let floor = total(&rows[2].1, &rows[3].1);

    let out = cmd("node")
        .arg(root().join("tests/e2e/bench.mjs"))
        .env("VIDMUD_ROOT", root())
        .output()
        .map_err(|e| format!("node bench.mjs: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "first-render measurement failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let times = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let (widget_ms, floor_ms) = times
        .split_once(' ')
        .and_then(|(w, f)| Some((w.parse::<f64>().ok()?, f.parse::<f64>().ok()?)))
        .ok_or_else(|| format!("unexpected bench.mjs output: {times:?}"))?;

    println!("| file | raw | gzip -9 | brotli -q 11 |");
    println!("| --- | --- | --- | --- |");
    let totals = [("widget wasm+js", &widget), ("floor wasm+js", &floor)];
    for (name, s) in rows.iter().map(|(n, s)| (*n, s)).chain(totals) {
        println!(
            "| {name} | {} | {} | {} |",
            kib(s.raw),
            kib(s.gzip),
            kib(s.brotli)
        );
    }
    println!(
        "\nwasm+js gzip: widget {} ({} B) = {:.2}x the floor's {} (budget {} B: {})",
        kib(widget.gzip),
        widget.gzip,
        widget.gzip as f64 / floor.gzip as f64,
        kib(floor.gzip),
        BUDGET_GZIP,
        if widget.gzip <= BUDGET_GZIP {
            "within"
        } else {
            "OVER"
        }
    );
    println!(
        "cold first render, median of 7 loads in headless Chromium: widget {widget_ms:.0} ms, floor {floor_ms:.0} ms ({:.2}x)",
        widget_ms / floor_ms
    );
    Ok(())
}

/// The JS a host loads: the glue plus its snippets (the element class).
fn js_sizes(pkg: &Path, lib: &str) -> Result<Sizes> {
    let mut bytes = std::fs::read(pkg.join(format!("{lib}.js"))).map_err(|e| e.to_string())?;
    let snippets = pkg.join("snippets");
    if snippets.exists() {
        let mut stack = vec![snippets];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).map_err(|e| e.to_string())? {
                let p = entry.map_err(|e| e.to_string())?.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    bytes.extend(std::fs::read(&p).map_err(|e| e.to_string())?);
                }
            }
        }
    }
    sizes(&bytes)
}
