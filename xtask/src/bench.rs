//! `cargo xtask bench`: what the widget costs a host page, side by side with a bare Leptos 0.8
//! counter built with the same profile (bench/floor). A benchmark, not a test: it prints what
//! it measured and fails only if it could not measure. (The first-load budgets are asserted by
//! tests/e2e/size.test.mjs in `cargo xtask test`.)
//!
//! Sizes are gzip -9 (the gzip command) and brotli -q 11, of what a page really fetches: the
//! browser part is tests/e2e/bench.mjs.

use std::path::Path;

use serde_json::Value;

use crate::{build_plain_pkg, cmd, dist, pkg, root, Result};

/// The CPU speeds bench.mjs measures at, as its keys name them.
const CPU: [(&str, &str); 2] = [("unthrottled", "x1"), ("4× slower", "x4")];

fn kib(n: f64) -> String {
    format!("{:.1} KiB", n / 1024.0)
}

/// gzip -9 and brotli -q 11 lengths of a file, through the same node helpers as the test.
fn sizes_of(files: &[&Path]) -> Result<(f64, f64, f64)> {
    let script = "import { gzipLength, brotliLength } from './first-load.mjs';\n\
                  import { readFileSync } from 'node:fs';\n\
                  let r = 0, g = 0, b = 0;\n\
                  for (const f of process.argv.slice(1)) { const x = readFileSync(f); r += x.length; g += gzipLength(x); b += brotliLength(x); }\n\
                  console.log(JSON.stringify([r, g, b]));";
    let out = cmd("node")
        .args(["--input-type=module", "-e", script])
        .args(files)
        .current_dir(root().join("tests/e2e"))
        .env("VIDMUD_ROOT", root())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    let v: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("sizes: {e}: {}", String::from_utf8_lossy(&out.stderr)))?;
    let n = |i: usize| v[i].as_f64().unwrap_or(0.0);
    Ok((n(0), n(1), n(2)))
}

/// Lighthouse (npm, installed into bench/lighthouse/ on first use: the tests don't need it) on
/// the demo, through tests/e2e/lighthouse.mjs.
fn lighthouse() -> Result<Value> {
    let dir = root().join("bench/lighthouse");
    crate::setup::ensure_npm(&dir, "lighthouse")?;
    node_json(
        "lighthouse.mjs",
        Some((
            "VIDMUD_LIGHTHOUSE",
            &dir.join("node_modules/lighthouse/cli/index.js"),
        )),
    )
}

/// Runs `tests/e2e/<script>` against pkg/ and the reference server (with one more variable
/// if given) and reads the JSON it prints.
fn node_json(script: &str, extra: Option<(&str, &Path)>) -> Result<Value> {
    let mut node = cmd("node");
    node.arg(root().join("tests/e2e").join(script))
        .env("VIDMUD_ROOT", root())
        .env(
            "VIDMUD_API_BIN",
            root().join("target/debug/vidmud-account-api"),
        );
    if let Some((name, value)) = extra {
        node.env(name, value);
    }
    let out = node.output().map_err(|e| format!("node {script}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{script} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("{script} printed no JSON: {e}"))
}

pub fn run() -> Result {
    dist("/pkg/")?;
    let floor_pkg = root().join("target/bench/floor-pkg");
    build_plain_pkg("leptos-floor", "leptos_floor", &floor_pkg)?;
    crate::run(cmd("cargo").args(["build", "-p", "vidmud-account-api"]))?;

    let m = node_json("bench.mjs", None)?;
    let num = |v: &Value| v.as_f64().unwrap_or(f64::NAN);

    let floor_files = [
        floor_pkg.join("leptos_floor_bg.wasm"),
        floor_pkg.join("leptos_floor.js"),
    ];
    let floor_refs: Vec<&Path> = floor_files.iter().map(|p| p.as_path()).collect();
    let (floor_raw, floor_gz, floor_br) = sizes_of(&floor_refs)?;

    println!("## First load (what the page fetches from pkg/ until ready)\n");
    println!("| page | files | raw | gzip -9 | brotli -q 11 | gzip vs floor |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for (name, key) in [
        (
            "pricing page, no api-base (until the total shows)",
            "pricing",
        ),
        ("signed-in host (until the balance shows)", "signedIn"),
    ] {
        let l = &m[key];
        println!(
            "| {name} | {} | {} | {} | {} | {:.2}x |",
            l["files"].as_array().map_or(0, Vec::len),
            kib(num(&l["raw"])),
            kib(num(&l["gzip"])),
            kib(num(&l["brotli"])),
            num(&l["gzip"]) / floor_gz
        );
    }
    println!(
        "| bare Leptos counter (floor) | 2 | {} | {} | {} | 1.00x |",
        kib(floor_raw),
        kib(floor_gz),
        kib(floor_br)
    );

    println!("\n## Every file in pkg/\n");
    println!("| file | raw | gzip -9 | brotli -q 11 |");
    println!("| --- | --- | --- | --- |");
    let pkg_dir = root().join("pkg");
    for file in pkg::walk(&pkg_dir)? {
        let (raw, gz, br) = sizes_of(&[file.as_path()])?;
        let name = file.strip_prefix(&pkg_dir).unwrap_or(&file).display();
        println!("| {name} | {} | {} | {} |", kib(raw), kib(gz), kib(br));
    }

    let ms = |v: &Value| format!("{:.1} ms", num(v));
    let ratio = |a: &Value, b: &Value| format!("{:.2}x", num(a) / num(b));
    println!("\n## Loading at 360 × 740 (median of 10 loads, headless Chromium)\n");
    println!("| CPU | page | first visible total | first contentful paint | longest task while loading: most / median (0: none of 50 ms) | loads with a task over 100 ms | first total vs floor |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (label, key) in CPU {
        let r = &m["render"][key];
        for (page, name) in [
            ("widget", "widget"),
            ("prerendered", "widget with its prerender"),
            ("markup", "its prerender's markup alone, no module"),
            ("floor", "bare Leptos counter (floor)"),
        ] {
            let p = &r[page];
            let loads = p["loads"].as_array().map_or(&[][..], Vec::as_slice);
            let over = loads.iter().filter(|l| num(&l["longest"]) > 100.0).count();
            println!(
                "| {label} | {name} | {} | {} | {} / {} | {over} of {} | {} |",
                ms(&p["total"]),
                ms(&p["fcp"]),
                ms(&p["longest"]),
                ms(&p["longestMedian"]),
                loads.len(),
                ratio(&p["total"], &r["floor"]["total"])
            );
        }
    }
    println!("\n## Key → frame with the new total (200 keystrokes: 1, Backspace; editing: 2, Backspace after a 1)\n");
    println!("Each cell: key → frame at 60 Hz, median / p95; then, from a trace of 200 more keys, the key's work (main thread busy from the key to its frame's commit, without the wait for the frame clock), median / p95.\n");
    println!("| CPU | widget, real price list | editing a quantity | widget, 1,000 entries | floor | work p95 vs floor (real, 1,000) |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for (label, key) in CPU {
        let i = &m["input"][key];
        let cell = |v: &Value| {
            if v.is_null() {
                "—".to_owned()
            } else {
                format!(
                    "{} / {}; work {} / {}",
                    ms(&v["median"]),
                    ms(&v["p95"]),
                    ms(&v["work"]["median"]),
                    ms(&v["work"]["p95"])
                )
            }
        };
        println!(
            "| {label} | {} | {} | {} | {} | {}, {} |",
            cell(&i["widget"]),
            cell(&i["editing"]),
            cell(&i["big"]),
            cell(&i["floor"]),
            ratio(&i["widget"]["work"]["p95"], &i["floor"]["work"]["p95"]),
            ratio(&i["big"]["work"]["p95"], &i["floor"]["work"]["p95"])
        );
    }
    println!("\n## Memory after 5,000 plan changes (garbage collected first)\n");
    println!("| page | JS heap after load | after | growth | DOM nodes after load | after |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for (label, key) in [("widget", "widget"), ("floor", "floor")] {
        let x = &m["memory"][key];
        println!(
            "| {label} | {} | {} | {:+.1} KiB | {} | {} |",
            kib(num(&x["before"]["heap"])),
            kib(num(&x["after"]["heap"])),
            num(&x["heapGrowth"]) / 1024.0,
            num(&x["before"]["nodes"]),
            num(&x["after"]["nodes"])
        );
    }
    let lighthouse = lighthouse()?;
    let runs = lighthouse["demo"]["mobile"]["runs"]
        .as_array()
        .map_or(0, Vec::len);
    println!("\n## Lighthouse, {runs} runs a preset (median; lowest performance)\n");
    println!("| page | preset | performance: median / lowest | accessibility | best practices | SEO | TBT (median) | CLS | LCP |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (page, name) in [
        ("demo", "the demo (dist/, reference API)"),
        ("widget", "pricing page, widget alone"),
        ("prerendered", "pricing page, widget with its prerender"),
        ("floor", "bare Leptos counter (floor)"),
    ] {
        for preset in ["mobile", "desktop"] {
            let l = &lighthouse[page][preset];
            println!(
                "| {name} | {preset} | {} / {} | {} | {} | {} | {:.0} ms | {:.3} | {:.1} s |",
                num(&l["performance"]),
                num(&l["lowest"]),
                num(&l["accessibility"]),
                num(&l["bestPractices"]),
                num(&l["seo"]),
                num(&l["tbt"]),
                num(&l["cls"]),
                num(&l["lcp"]) / 1000.0
            );
        }
    }
    let json_path = root().join("target/bench.json");
    let mut all = m.clone();
    all["lighthouse"] = lighthouse;
    all["floorFirstLoad"] =
        serde_json::json!({ "raw": floor_raw, "gzip": floor_gz, "brotli": floor_br });
    std::fs::write(
        &json_path,
        serde_json::to_string_pretty(&all).unwrap_or_default(),
    )
    .map_err(|e| format!("{}: {e}", json_path.display()))?;
    println!("\nAll figures: {}", json_path.display());
    Ok(())
}
