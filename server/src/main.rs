//! `vidmud-account-api [--port N] [--scenario NAME] [--allow-origin ORIGIN]...
//! [--catalog built-in|newer] [--log-credentials]`
//!
//! Environment: `VIDMUD_API_PORT`, `VIDMUD_SCENARIO`, `VIDMUD_ALLOW_ORIGINS` (comma-separated),
//! `VIDMUD_CATALOG`. `--port`, `--scenario` and `--catalog` win over their variables;
//! `--allow-origin` adds to `VIDMUD_ALLOW_ORIGINS`.
//! `--port 0` picks a free port. Prints `listening on http://127.0.0.1:PORT` once ready.
//!
//! `--allow-origin` names an origin whose pages may read the balance and usage with the
//! visitor's cookies; `*` lets any origin read them, but without credentials (see
//! `account_cors` in server/src/lib.rs). Without one, the demo's own origins are allowed.
//!
//! `--catalog` chooses the price list `GET /v1/catalog` serves: `built-in` (the default) is
//! `data/catalog.json` as the widget has it, so the demo shows Vidmud's prices; `newer` is the
//! repriced one the end-to-end tests take.
//!
//! `--log-credentials` makes `GET /__requests` show the Authorization and Cookie headers and
//! the query as they came, for the end-to-end tests that check what the widget sent. Without
//! it they are redacted: the demo's server is reached with real sign-ins too. A flag, not a
//! query parameter on `/__requests`, so that only whoever starts the server can turn it on,
//! not whoever can reach the log.

use std::io::Write;

use vidmud_account_api::{app, AppState, Scenario, ServedCatalog};

fn usage(problem: &str) -> ! {
    let names: Vec<&str> = Scenario::ALL.iter().map(|(n, _)| *n).collect();
    let catalogs: Vec<&str> = ServedCatalog::ALL.iter().map(|(n, _)| *n).collect();
    eprintln!(
        "vidmud-account-api: {problem}\nusage: vidmud-account-api [--port N] [--scenario {}] [--allow-origin ORIGIN|*]... [--catalog {}] [--log-credentials]",
        names.join("|"),
        catalogs.join("|")
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
    let mut catalog = std::env::var("VIDMUD_CATALOG").unwrap_or_else(|_| "built-in".into());
    let mut log_credentials = false;
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
            "--catalog" => catalog = value(),
            "--log-credentials" => log_credentials = true,
            "-h" | "--help" => usage("help"),
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    let scenario =
        Scenario::parse(&scenario).unwrap_or_else(|| usage(&format!("no scenario {scenario:?}")));
    let catalog = ServedCatalog::parse(&catalog)
        .unwrap_or_else(|| usage(&format!("no price list {catalog:?}")));
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
    let state = AppState::new(scenario, origins)
        .log_credentials(log_credentials)
        .catalog(catalog);
    axum::serve(listener, app(state))
        .await
        .expect("server runs");
}
