//! `vidmud-account-api [--port N] [--scenario NAME] [--allow-origin ORIGIN]...`
//!
//! Environment: `VIDMUD_API_PORT`, `VIDMUD_SCENARIO`, `VIDMUD_ALLOW_ORIGINS` (comma-separated).
//! `--port 0` picks a free port. Prints `listening on http://127.0.0.1:PORT` once ready.

use std::io::Write;

use vidmud_account_api::{app, AppState, Scenario};

fn usage(problem: &str) -> ! {
    let names: Vec<&str> = Scenario::ALL.iter().map(|(n, _)| *n).collect();
    eprintln!(
        "vidmud-account-api: {problem}\nusage: vidmud-account-api [--port N] [--scenario {}] [--allow-origin ORIGIN]...",
        names.join("|")
    );
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let mut port: u16 = std::env::var("VIDMUD_API_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8787);
    let mut scenario = std::env::var("VIDMUD_SCENARIO").unwrap_or_else(|_| "plan".into());
    let mut origins: Vec<String> = std::env::var("VIDMUD_ALLOW_ORIGINS")
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--port" => {
                port = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--port needs a number"))
            }
            "--scenario" => scenario = value(),
            "--allow-origin" => origins.push(value()),
            "-h" | "--help" => usage("help"),
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    let scenario =
        Scenario::parse(&scenario).unwrap_or_else(|| usage(&format!("no scenario {scenario:?}")));
    if origins.is_empty() {
        origins = vec![
            "http://127.0.0.1:8080".into(),
            "http://localhost:8080".into(),
        ];
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap_or_else(|e| usage(&format!("can't listen on 127.0.0.1:{port}: {e}")));
    let addr = listener.local_addr().expect("bound socket has an address");
    println!("listening on http://{addr}");
    let _ = std::io::stdout().flush();
    axum::serve(listener, app(AppState::new(scenario, origins)))
        .await
        .expect("server runs");
}
