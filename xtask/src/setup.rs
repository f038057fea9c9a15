//! Installs the toolchain the other commands need, skipping whatever is already there.
//!
//! Sources, the ones that work on machines that can't download from GitHub (so no prebuilt
//! binaries, no `npx playwright install`): rustup for the wasm target; crates.io for Trunk,
//! wasm-split-cli and the wasm-bindgen CLI; npm for wasm-opt (binaryen; Debian's is too old for
//! what Rust 1.95 emits) and esbuild (`tools/`), for the test drivers and axe-core
//! (`tests/e2e/`) and for Vite and TypeScript (`tests/host/`); Debian for Chromium, Firefox ESR, WebKitGTK's WebDriver and Xvfb.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    locked_version("wasm-bindgen")
}

/// The version of `package` in Cargo.lock: a dependency's, or a workspace member's (the one in
/// its Cargo.toml).
pub fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == wanted {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err(format!("Cargo.lock has no {package}"))
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
    // What a host's build uses, for the package's tests: Vite and TypeScript.
    ensure_npm(&crate::root().join("tests/host"), "vite")?;
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

/// Folders at the root that are build output, not npm projects of the repository's own: pkg/
/// holds the package.json hosts install, and none of them has a lock file.
const NOT_NPM_PROJECTS: [&str; 3] = ["target", "pkg", "dist"];

/// Every folder of the repository with a package.json (tools/, tests/e2e/, tests/host/, bench/lighthouse/
/// today), found by walking the tree rather than listed, so that a new one is checked too.
/// node_modules, hidden folders and the build output of [`NOT_NPM_PROJECTS`] are skipped.
pub fn npm_folders() -> Result<Vec<PathBuf>> {
    let root = root();
    let mut found = Vec::new();
    let mut todo = vec![root.clone()];
    while let Some(dir) = todo.pop() {
        if dir.join("package.json").is_file() {
            found.push(dir.clone());
        }
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let skip = name == "node_modules"
                || name.starts_with('.')
                || (dir == root && NOT_NPM_PROJECTS.contains(&name.as_ref()));
            if !skip && entry.file_type().is_ok_and(|t| t.is_dir()) {
                todo.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Whether `npm ci` will install `dir` on a new machine: `npm ci --dry-run` with an empty cache
/// of its own and `--offline`, so that nothing this machine has seen before can help.
///
/// `npm ci` refuses a lock file out of step with package.json ("Missing: third-party-web@0.30.0
/// from lock file", issue 16, defect 18). It is not enough that the lock was in step when it
/// was made: a dependency asked for by dist-tag (`latest`) is checked against what the
/// registry's tag names today, and a lock goes out of step when the tag moves. `--offline`
/// with an empty cache fails such a lock at once (npm would have to ask the registry), the
/// day it is made rather than the day the tag moves; a lock that decides everything itself
/// passes in well under a second, with no network. It writes nothing in `dir`.
pub fn lock_installs_offline(dir: &Path) -> Result {
    if !dir.join("package-lock.json").is_file() {
        return Err(format!(
            "{}: package.json without package-lock.json (`npm ci` needs one: run `npm install` there and commit it)",
            dir.display()
        ));
    }
    npm_ci_dry_run(dir, true)
}

/// `npm ci --dry-run` in `dir` from an empty cache made for this run (and removed after); on
/// failure, what npm printed.
fn npm_ci_dry_run(dir: &Path, offline: bool) -> Result {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let cache = root().join("target/tmp/npm-lock-check").join(format!(
        "{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&cache);
    let mut npm = cmd("npm");
    npm.args(["ci", "--dry-run", "--no-audit", "--no-fund", "--logs-max=0"])
        .arg("--cache")
        .arg(&cache)
        .current_dir(dir);
    if offline {
        npm.arg("--offline");
    }
    let out = npm.output();
    let _ = std::fs::remove_dir_all(&cache);
    let out = out.map_err(|e| format!("could not start npm: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// [`lock_installs_offline`], and when it fails, why: the same dry run with the registry tells
/// a lock out of step (npm's own "Missing: … from lock file") from one that is in step only
/// while a dist-tag stays where it is.
pub fn check_npm_lock(dir: &Path) -> Result {
    let Err(offline) = lock_installs_offline(dir) else {
        return Ok(());
    };
    if !dir.join("package-lock.json").is_file() {
        return Err(offline);
    }
    let shown = dir.display();
    Err(match npm_ci_dry_run(dir, false) {
        Ok(()) => format!(
            "{shown}: `npm ci` passes today only because the registry decides part of the lock \
             (a dependency asked for by a dist-tag such as `latest`), and will fail on a new \
             machine once that tag moves. Pin it with an exact version in package.json's \
             `overrides`, run `npm install` there and commit the lock. npm without the \
             registry said:\n{offline}"
        ),
        Err(online) => format!(
            "{shown}: `npm ci` fails: package-lock.json is out of step with package.json. Run \
             `npm install` there and commit the lock. npm said:\n{online}"
        ),
    })
}

/// [`check_npm_lock`] for every one of [`npm_folders`], reporting every failure at once.
pub fn check_npm_locks() -> Result {
    let failures: Vec<String> = npm_folders()?
        .iter()
        .filter_map(|dir| check_npm_lock(dir).err())
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n\n"))
    }
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

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use serde_json::Value;

    use super::{check_npm_lock, lock_installs_offline, npm_folders};
    use crate::root;

    fn relative(dirs: &[PathBuf]) -> Vec<String> {
        dirs.iter()
            .map(|d| d.strip_prefix(root()).unwrap_or(d).display().to_string())
            .collect()
    }

    #[test]
    fn every_npm_folder_is_found() {
        let found = relative(&npm_folders().expect("the tree can be walked"));
        for wanted in ["bench/lighthouse", "tests/e2e", "tests/host", "tools"] {
            assert!(found.iter().any(|f| f == wanted), "{wanted} in {found:?}");
        }
        for f in &found {
            assert!(
                !f.split('/')
                    .any(|part| part == "node_modules" || part == "target"),
                "{f} is installed or built, not a project"
            );
        }
    }

    /// Issue 16, defect 18: `npm ci` in bench/lighthouse/ stopped with "Missing:
    /// third-party-web@0.30.0 from lock file" on a new machine. Every npm folder must install
    /// from its lock alone.
    #[test]
    fn every_npm_lock_installs_on_a_new_machine() {
        for dir in npm_folders().expect("the tree can be walked") {
            if let Err(e) = check_npm_lock(&dir) {
                panic!("{e}");
            }
        }
    }

    fn read_json(path: &Path) -> Value {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
    }

    fn write_json(path: &Path, value: &Value) {
        std::fs::write(path, serde_json::to_string_pretty(value).expect("JSON"))
            .unwrap_or_else(|e| panic!("{path:?}: {e}"));
    }

    /// A copy of `dir`'s package.json and package-lock.json in a scratch folder of its own
    /// (named after this process too: two test runs may share target/).
    fn scratch_copy(dir: &Path, name: &str) -> PathBuf {
        let scratch = root()
            .join("target/tmp/npm-lock-check-test")
            .join(format!("{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).expect("a scratch folder");
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(dir.join(file), scratch.join(file))
                .unwrap_or_else(|e| panic!("{file} of {dir:?}: {e}"));
        }
        scratch
    }

    /// The check is only worth having if it fails: for each npm folder, a package.json edited
    /// without `npm install`, and a lock that lacks a package, must each be caught.
    #[test]
    fn the_lock_check_catches_a_lock_out_of_step() {
        for dir in npm_folders().expect("the tree can be walked") {
            let label = relative(std::slice::from_ref(&dir))[0].replace('/', "-");

            let copy = scratch_copy(&dir, &format!("{label}-as-is"));
            let as_is = lock_installs_offline(&copy);
            assert!(as_is.is_ok(), "{label}: the copy itself fails: {as_is:?}");

            let added = scratch_copy(&dir, &format!("{label}-dependency-added"));
            let mut package = read_json(&added.join("package.json"));
            package["dependencies"]["left-pad"] = "1.3.0".into();
            write_json(&added.join("package.json"), &package);
            assert!(
                lock_installs_offline(&added).is_err(),
                "{label}: a dependency the lock lacks was not caught"
            );

            let lacking = scratch_copy(&dir, &format!("{label}-package-missing"));
            let mut lock = read_json(&lacking.join("package-lock.json"));
            let packages = lock["packages"].as_object_mut().expect("a v3 lock file");
            let first = packages
                .keys()
                .find(|k| k.starts_with("node_modules/"))
                .cloned()
                .expect("the lock holds a package");
            packages.remove(&first);
            write_json(&lacking.join("package-lock.json"), &lock);
            assert!(
                lock_installs_offline(&lacking).is_err(),
                "{label}: a lock without {first} was not caught"
            );

            for d in [copy, added, lacking] {
                let _ = std::fs::remove_dir_all(d);
            }
        }
    }
}
