//! Installs the toolchain the other commands need, skipping whatever is already there.
//!
//! Sources (see shared/TOOLCHAIN.md): rustup for the wasm target, crates.io for Trunk and the
//! wasm-bindgen CLI, npm for wasm-opt (binaryen), Playwright and axe-core, Debian for Chromium.

use std::path::PathBuf;
use std::process::Command;

use crate::{cmd, e2e_dir, root, run, Result, WASM_TARGET};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Trunk 0.22 needs a newer rustc than these machines have.
const TRUNK_VERSION: &str = "~0.21";

/// PATH with cargo's bin directory and the npm tools (wasm-opt) in front.
pub fn tool_path() -> String {
    let mut parts: Vec<PathBuf> = vec![e2e_dir().join("node_modules/.bin"), cargo_bin()];
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

pub fn ensure_all() -> Result {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_trunk()?;
    ensure_npm_packages()?;
    ensure_chromium()?;
    Ok(())
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

fn ensure_npm_packages() -> Result {
    if version_of("node").is_none() || version_of("npm").is_none() {
        apt_install(&["nodejs", "npm"])?;
    }
    let dir = e2e_dir();
    let stamp = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => match (s.modified(), l.modified()) {
            (Ok(s), Ok(l)) => s >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh && dir.join("node_modules/.bin/wasm-opt").exists() {
        return Ok(());
    }
    run(cmd("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir))
}

fn ensure_chromium() -> Result {
    if std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    apt_install(&["chromium", "chromium-driver"])
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
