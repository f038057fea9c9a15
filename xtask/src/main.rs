//! The project's only entry points: `cargo xtask serve | test | dist | bench | setup`.
//!
//! Every command first installs what is missing (and skips what is there), using only crates.io,
//! the npm registry and Debian's packages: no step downloads from GitHub.

mod bench;
mod imports;
mod manifest;
mod pkg;
mod setup;
mod tidy;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::Instant;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Where `cargo xtask serve` runs the reference account API; `index.html` points at it.
pub const API_PORT: u16 = 8787;
pub const DEMO_PORT: u16 = 8080;

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("test") => test(),
        Some("dist") => setup::ensure_build().and_then(|()| dist(&base(&args))),
        // What Trunk's pre-build hook runs (Trunk.toml): pkg/ alone.
        Some("pkg") => setup::ensure_build().and_then(|()| pkg::build(&base(&args))),
        // The lock check first: bench/lighthouse/ is installed only after minutes of building.
        Some("bench") => setup::ensure_all()
            .and_then(|()| setup::check_npm_locks())
            .and_then(|()| bench::run()),
        Some("fuzz") => fuzz(args.get(1).map(String::as_str)),
        Some("setup") => setup::ensure_all(),
        _ => {
            eprintln!(
                "usage: cargo xtask <command>\n\n  serve   build and serve the demo at http://127.0.0.1:{DEMO_PORT} with the reference account API\n  test    everything: fmt, clippy (native + wasm32), native tests, browser tests, end-to-end\n  dist    release build: pkg/ (split wasm, what hosts embed) and the demo in dist/ (Trunk)\n  pkg     pkg/ alone; --base <path> makes its prerenders for a pkg/ served there (default /pkg/)\n  bench   first-load bytes, chunks and first render against a bare Leptos counter\n  fuzz    every parser and decoder of the core with hostile input, [seconds] each (default 30)\n  setup   install what the others need (idempotent)"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => {
            eprintln!("xtask: done in {:.0?}", started.elapsed());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Where hosts serve `pkg/` (`--base <path>`; default `/pkg/`), for the prerenders' stylesheet
/// link. `dist` hands it to the `pkg` that Trunk's hook runs through `VIDMUD_PKG_BASE`.
fn base(args: &[String]) -> String {
    args.iter()
        .position(|a| a == "--base")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| env::var("VIDMUD_PKG_BASE").ok())
        .unwrap_or_else(|| "/pkg/".to_owned())
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repository")
        .to_path_buf()
}

pub fn e2e_dir() -> PathBuf {
    root().join("tests/e2e")
}

/// A command with PATH extended by the places setup installs to.
pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", setup::tool_path());
    c
}

/// A command as a person would type it: the program and its arguments, without the
/// environment (`cmd` puts a long PATH there).
fn shown(c: &Command) -> String {
    std::iter::once(c.get_program())
        .chain(c.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs a command, failing with its description when it fails.
pub fn run(c: &mut Command) -> Result {
    let shown = shown(c);
    eprintln!("xtask: $ {shown}");
    let status = c
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn step(name: &str) {
    eprintln!("\nxtask: ── {name} ──");
}

/// Release build of the embeddable package (pkg/) and of the demo host page (dist/), which
/// loads pkg/ exactly as a host does: Trunk's pre-build hook (Trunk.toml) builds pkg/ and
/// copies it in.
pub fn dist(base: &str) -> Result {
    step("release build: pkg/ (split wasm), the demo in dist/ (Trunk), the npm package");
    run(cmd("trunk")
        .args(["build", "--release", "--offline"])
        .env("VIDMUD_PKG_BASE", base))?;
    pkg::pack()
}

/// Builds one crate for wasm32 in release, unsplit, and runs wasm-bindgen and wasm-opt over it
/// (the bench's bare Leptos floor).
pub fn build_plain_pkg(package: &str, lib: &str, out: &Path) -> Result {
    run(cmd("cargo").args(["build", "--release", "--target", WASM_TARGET, "-p", package]))?;
    let wasm = root().join(format!("target/{WASM_TARGET}/release/{lib}.wasm"));
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("clearing {}: {e}", out.display()))?;
    }
    run(cmd("wasm-bindgen")
        .args(["--target", "web", "--out-dir"])
        .arg(out)
        .arg(&wasm))?;
    pkg::optimise_wasm(&out.join(format!("{lib}_bg.wasm")))
}

/// Starts the reference account API in the background.
pub fn start_api(port: u16, allow_origins: &[String], scenario: &str) -> Result<Child> {
    run(cmd("cargo").args(["build", "-p", "vidmud-account-api"]))?;
    let bin = root().join("target/debug/vidmud-account-api");
    let mut c = cmd(bin.to_str().ok_or("non-UTF-8 path")?);
    c.args(["--port", &port.to_string(), "--scenario", scenario]);
    for o in allow_origins {
        c.args(["--allow-origin", o]);
    }
    c.stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start the reference account API: {e}"))
}

fn serve() -> Result {
    // Serving needs the build tools only: no browser, no test packages.
    setup::ensure_build()?;
    step("reference account API");
    let origins = [
        format!("http://127.0.0.1:{DEMO_PORT}"),
        format!("http://localhost:{DEMO_PORT}"),
    ];
    let scenario = env::var("VIDMUD_SCENARIO").unwrap_or_else(|_| "plan".into());
    // No `--catalog`: the server's default is the built-in price list at /v1/catalog, so the
    // demo shows Vidmud's own prices (`VIDMUD_CATALOG=newer` shows the repriced one), and its
    // dates follow the clock, so the plan renews in the future.
    let mut api = start_api(API_PORT, &origins, &scenario)?;
    step("demo (Trunk, release; its pre-build hook builds pkg/)");
    eprintln!("xtask: the demo will be at http://127.0.0.1:{DEMO_PORT}/ (Ctrl-C stops both)");
    let served = run(cmd("trunk").args(["serve", "--release", "--offline"]));
    let _ = api.kill();
    served
}

const DENY: [&str; 3] = ["--", "-D", "warnings"];

/// `cargo clippy --target wasm32-unknown-unknown <args> -- -D warnings`.
fn clippy_wasm32(args: &[&str]) -> Result {
    run(cmd("cargo")
        .args(["clippy", "--target", WASM_TARGET])
        .args(args)
        .args(DENY))
}

/// `cargo xtask fuzz [seconds]`: `core/tests/fuzz.rs`, each target for that long, optimised
/// (several times the inputs a debug build gets through). `cargo xtask test` runs the same file
/// for one second a target, with the other native tests.
fn fuzz(seconds: Option<&str>) -> Result {
    let seconds = seconds.unwrap_or("30");
    seconds
        .parse::<f64>()
        .map_err(|_| format!("fuzz: `{seconds}` is not a number of seconds"))?;
    run(cmd("cargo")
        .args([
            "test",
            "--release",
            "-p",
            "vidmud-credits-core",
            "--features",
            "json",
        ])
        .args(["--test", "fuzz", "--", "--nocapture", "--test-threads=1"])
        .env("VIDMUD_FUZZ_SECS", seconds))
}

fn test() -> Result {
    setup::ensure_all()?;
    let root = root();
    step("format");
    run(cmd("cargo").args(["fmt", "--all", "--check"]))?;
    step("clippy, native");
    run(cmd("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("clippy, wasm32");
    // The core's tests stay native (proptest has no wasm32 entropy source): lint its library.
    clippy_wasm32(&["-p", "vidmud-credits-core", "--lib"])?;
    clippy_wasm32(&[
        "-p",
        "vidmud-credits",
        "-p",
        "leptos-floor",
        "--all-targets",
    ])?;
    // The split build's own code path (src/split.rs with `leptos::wasm_split`).
    clippy_wasm32(&["-p", "vidmud-credits", "--lib", "--features", "split"])?;
    // xtask's own tests include `npm ci --dry-run` for every npm folder (setup::check_npm_lock).
    step("native tests (core with a 1 s fuzz pass per parser, reference server, xtask: doc paths, npm lock files)");
    run(cmd("cargo").args(["test", "--workspace"]))?;
    step("browser tests: wasm-bindgen-test in headless Chromium");
    // The runner ends Chromium without deleting its profile (about 35 MB a run, under TMPDIR):
    // give it a directory of its own and empty it afterwards, so that runs don't fill the disk.
    let profiles = root.join("target/tmp/wasm-bindgen-test");
    std::fs::create_dir_all(&profiles).map_err(|e| format!("{}: {e}", profiles.display()))?;
    let browser_tests = run(cmd("cargo")
        .args(["test", "-p", "vidmud-credits", "--target", WASM_TARGET])
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", setup::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("TMPDIR", &profiles));
    let _ = std::fs::remove_dir_all(&profiles);
    browser_tests?;
    dist("/pkg/")?;
    step("end-to-end: the release pkg/ in Chromium, Firefox and WebKit");
    // `cargo test --workspace` above built the reference server (server/tests/http.rs runs the
    // binary); a separate `cargo build -p` would build its dependencies again with other
    // features, about 400 MB more in target/.
    let api_bin = root.join("target/debug/vidmud-account-api");
    if !api_bin.is_file() {
        return Err(format!(
            "{} was not built by the native tests",
            api_bin.display()
        ));
    }
    run(cmd("node")
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .arg(root.join("tests/e2e/"))
        .env("VIDMUD_ROOT", &root)
        .env("VIDMUD_API_BIN", &api_bin))?;
    Ok(())
}
