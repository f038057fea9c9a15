//! Writes the prerendered first views (see `vidmud_credits::prerender`):
//! `cargo run -p vidmud-credits --example prerender -- <pkg dir> <base>` writes
//! `<pkg dir>/prerender/<language>.html` for each language, styled by `<base>vidmud-credits.css`,
//! and that stylesheet itself. `cargo xtask pkg` runs it.

// Natively only: the prerender is made with Leptos's HTML view layer, which the wasm build
// doesn't have (`cargo clippy --target wasm32-unknown-unknown --all-targets` still checks this).
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use leptos::prelude::Owner;
    use leptos::reactive::diagnostics::SpecialNonReactiveZone;
    use leptos::tachys::view::RenderHtml;
    use vidmud_credits::prerender::{first_view, shadow_root, LANGUAGES};

    /// The widget's stylesheet, minified by build.rs (the live element adopts the same text),
    /// and the rules only a prerendered view needs.
    const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));
    const PRERENDER: &str = include_str!(concat!(env!("OUT_DIR"), "/prerender.min.css"));

    pub fn main() {
        let mut args = std::env::args().skip(1);
        let (Some(out), Some(base)) = (args.next(), args.next()) else {
            eprintln!("usage: prerender <pkg dir> <base URL path of pkg/, e.g. /pkg/>");
            std::process::exit(2);
        };
        let out = std::path::Path::new(&out);
        let write = |path: &std::path::Path, text: &str| {
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        };
        std::fs::create_dir_all(out.join("prerender")).expect("pkg/prerender can be made");
        write(
            &out.join("vidmud-credits.css"),
            &format!("{STYLE}{PRERENDER}"),
        );
        let css = format!("{}/vidmud-credits.css", base.trim_end_matches('/'));
        // Made once, ahead of time: nothing in this view is meant to react, so its reads of
        // signals outside a tracking context are not the mistake Leptos's debug builds warn
        // of (some 350 lines of warnings a build).
        let _once = SpecialNonReactiveZone::enter();
        for (name, locale) in LANGUAGES {
            let owner = Owner::new();
            let html = owner.with(|| first_view(locale, &[]).to_html());
            write(
                &out.join(format!("prerender/{name}.html")),
                &(shadow_root(&html, &css) + "\n"),
            );
        }
    }
}
