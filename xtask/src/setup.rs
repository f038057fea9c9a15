//! Installs the toolchain the other commands need, skipping whatever is already there.
//!
//! Sources (see shared/TOOLCHAIN.md): rustup for the wasm target; crates.io for Trunk,
//! wasm-split-cli and the wasm-bindgen CLI; npm for wasm-opt (binaryen) and esbuild (`tools/`)
//! and for the test drivers and axe-core (`tests/e2e/`); Debian for Chromium, Firefox ESR,
//! WebKitGTK's WebDriver and Xvfb.

use std::path::PathBuf;
use std::process::Command;

use crate::{cmd, e2e_dir, root, run, Result, WASM_TARGET};

pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Trunk 0.22 needs a newer rustc than these machines have.
const TRUNK_VERSION: &str = "~0.21";
/// The wasm splitter that matches leptos 0.8's `wasm_split` runtime.
const WASM_SPLIT_VERSION: &str = "0.2.4";
/// Debian packages the end-to-end suite drives, and the commands that show each is there.
const BROWSERS: [(&str, &str); 5] = [
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("firefox-esr", "/usr/bin/firefox-esr"),
    ("webkit2gtk-driver", "/usr/bin/WebKitWebDriver"),
    ("xvfb", "/usr/bin/Xvfb"),
];

/// PATH with cargo's bin directory and the npm tools (wasm-opt) in front.
pub fn tool_path() -> String {
    let mut parts: Vec<PathBuf> = vec![
        crate::root().join("tools/node_modules/.bin"),
        e2e_dir().join("node_modules/.bin"),
        cargo_bin(),
    ];
    if let Some(p) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(parts)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"))
        .join("bin")
}

/// What a command prints for `--version`, if it runs at all.
fn version_of(program: &str) -> Option<String> {
    let out = cmd(program).arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The wasm-bindgen version Cargo.lock resolved: the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

/// What building `pkg/` and serving the demo need.
pub fn ensure_build() -> Result {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_wasm_split()?;
    ensure_trunk()?;
    ensure_node()?;
    ensure_npm(&crate::root().join("tools"), "esbuild")
}

/// Everything: the build tools, then what the tests drive.
pub fn ensure_all() -> Result {
    ensure_build()?;
    ensure_npm(&e2e_dir(), "playwright-core")?;
    ensure_browsers()
}

fn ensure_wasm_target() -> Result {
    let out = cmd("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == WASM_TARGET)
    {
        return Ok(());
    }
    run(cmd("rustup").args(["target", "add", WASM_TARGET]))
}

fn ensure_wasm_bindgen() -> Result {
    let want = locked_wasm_bindgen()?;
    let have = version_of("wasm-bindgen");
    let runner = version_of("wasm-bindgen-test-runner");
    let wanted = format!("wasm-bindgen {want}");
    if have.as_deref() == Some(wanted.as_str()) && runner.is_some() {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-bindgen-cli {want} (have: {have:?}); takes a few minutes");
    // Not --locked: the CLI's own lock file pins a webpki-roots release the registry lacks.
    run(cmd("cargo").args(["install", "wasm-bindgen-cli", "--force", "--version", &want]))
}

fn ensure_trunk() -> Result {
    if version_of("trunk").is_some_and(|v| v.starts_with("trunk 0.21")) {
        return Ok(());
    }
    eprintln!("xtask: installing Trunk {TRUNK_VERSION}; takes several minutes on a new machine");
    run(cmd("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

fn ensure_wasm_split() -> Result {
    // It has no --version flag: ask cargo what it installed.
    let out = cmd("cargo")
        .args(["install", "--list"])
        .output()
        .map_err(|e| format!("cargo install --list: {e}"))?;
    let wanted = format!("wasm_split_cli_support v{WASM_SPLIT_VERSION}:");
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == wanted)
    {
        return Ok(());
    }
    eprintln!("xtask: installing wasm-split-cli {WASM_SPLIT_VERSION}; takes a few minutes");
    run(cmd("cargo")
        .args(["install", "--locked", "wasm_split_cli_support"])
        .args([
            "--version",
            WASM_SPLIT_VERSION,
            "--features",
            "build-binary",
        ]))
}

fn ensure_node() -> Result {
    if version_of("node").is_none() || version_of("npm").is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    Ok(())
}

/// `npm ci` in `dir`, unless its node_modules is as new as its lock file and has `marker`.
pub fn ensure_npm(dir: &std::path::Path, marker: &str) -> Result {
    let stamp = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => match (s.modified(), l.modified()) {
            (Ok(s), Ok(l)) => s >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh && dir.join("node_modules").join(marker).exists() {
        return Ok(());
    }
    run(cmd("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir))
}

fn ensure_browsers() -> Result {
    let missing: Vec<&str> = BROWSERS
        .iter()
        .filter(|(_, bin)| !std::path::Path::new(bin).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing)
}

fn apt_install(packages: &[&str]) -> Result {
    eprintln!("xtask: installing {packages:?} from Debian");
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let apt = |args: &[&str]| -> Result {
        if root_user {
            run(cmd("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"))
        } else {
            run(cmd("sudo")
                .arg("--preserve-env=DEBIAN_FRONTEND")
                .arg("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"))
        }
    };
    apt(&["update", "-q"])?;
    let mut args = vec!["install", "-y", "-q"];
    args.extend_from_slice(packages);
    apt(&args)
}
