//! What the "Save and share" buttons do.

use leptos::prelude::*;
use leptos::task::spawn_local;
use vidmud_credits_core::{share, Period, Quote};

use crate::messages::{fill, Text};
use crate::state::WidgetState;
use wasm_bindgen::JsCast;

/// What the last press of a button came to.
#[derive(Clone, PartialEq)]
pub enum Said {
    Nothing,
    /// Done: a short confirmation.
    Done(String),
    /// The clipboard refused: the text in a field to copy by hand, under `label`.
    ByHand {
        label: &'static str,
        text: String,
        test_id: &'static str,
    },
}

/// What a button asks for.
#[derive(Clone, Copy)]
pub enum Action {
    /// `opens_here`: the element has `sync-url`, so the link opens the plan on this page.
    CopyLink {
        opens_here: bool,
    },
    DownloadCsv,
    CopySummary,
}

/// The CSV's file name.
const CSV_FILE: &str = "vidmud-credits-plan.csv";

/// Runs a button's action; what came of it goes to `said`.
pub fn run(action: Action, s: WidgetState, t: Text, said: RwSignal<Said>) {
    let k = t.keep();
    match action {
        Action::CopyLink { opens_here } => {
            let value = s.plan.with_untracked(share::encode);
            copy(
                // The page's path and query, and of its fragment only the plan: a host may keep
                // an access token there.
                share::share_link(&super::kept::page_url(), &value),
                if opens_here {
                    k.link_copied
                } else {
                    k.link_copied_plain
                },
                k.link_manual,
                "share-link",
                said,
            );
        }
        Action::CopySummary => {
            copy(
                summary(s, t),
                k.summary_copied,
                k.summary_manual,
                "share-summary",
                said,
            );
        }
        Action::DownloadCsv => {
            let csv = quote(s).map(|q| share::to_csv(&s.catalog.read_value(), &q));
            if let Some(csv) = csv {
                if download(&csv).is_some() {
                    said.set(Said::Done(fill(k.csv_saved, &[CSV_FILE])));
                }
            }
        }
    }
}

fn quote(s: WidgetState) -> Option<Quote> {
    s.plan
        .with_untracked(|p| p.quote(&s.catalog.read_value()).ok())
}

/// Copies `text`; where the clipboard refuses, shows it in a selected field instead.
fn copy(
    text: String,
    done: &'static str,
    label: &'static str,
    test_id: &'static str,
    said: RwSignal<Said>,
) {
    said.set(Said::Nothing);
    // No clipboard (an insecure page) or a refusal: the text goes in a field instead.
    // `navigator.clipboard` is undefined on an insecure page, though typed as always there.
    let clipboard: wasm_bindgen::JsValue = window().navigator().clipboard().into();
    let written = (!clipboard.is_undefined())
        .then(|| web_sys::Clipboard::from(clipboard).write_text(&text))
        .map(wasm_bindgen_futures::JsFuture::from);
    spawn_local(async move {
        let ok = match written {
            Some(promise) => promise.await.is_ok(),
            None => false,
        };
        said.try_set(if ok {
            Said::Done(done.to_owned())
        } else {
            Said::ByHand {
                label,
                text,
                test_id,
            }
        });
    });
}

/// The plan in a few lines of plain text, in the element's language and number format.
fn summary(s: WidgetState, t: Text) -> String {
    let k = t.keep();
    let mut out = String::from(k.summary_title);
    out.push('\n');
    let Some(q) = quote(s) else {
        return out;
    };
    if q.lines.is_empty() {
        out.push_str(k.summary_empty);
        return out;
    }
    let catalog = s.catalog.get_value();
    for line in &q.lines {
        let name = catalog
            .entry(&line.id)
            .map_or(line.id.as_str(), |e| e.name.as_str());
        let quantity = t.number(u64::from(line.quantity));
        let credits = t.credits(line.credits);
        let text = match line.period {
            Period::Once => fill(k.summary_once, &[&quantity, name, &credits]),
            p => {
                let how_often = t.m.periods[Period::ALL.iter().position(|x| *x == p).unwrap_or(0)];
                fill(k.summary_recurring, &[&quantity, name, how_often, &credits])
            }
        };
        out.push_str(&text);
        out.push('\n');
    }
    out.push_str(&fill(k.summary_total, &[&t.credits(q.total)]));
    if q.monthly > 0 {
        out.push('\n');
        out.push_str(&fill(t.buyer().monthly, &[&t.credits(q.monthly)]));
    }
    out
}

/// Saves `csv` as a file, through a link to it as a `data:` URL (a plan's CSV is a few
/// kilobytes at most); `None` if the browser refused.
fn download(csv: &str) -> Option<()> {
    let a: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&vidmud_credits_core::url::data_url(
        "text/csv;charset=utf-8",
        csv,
    ));
    a.set_download(CSV_FILE);
    a.click();
    Some(())
}
