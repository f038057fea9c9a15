//! The kept plan: read once when the element connects, then written on every change.

use leptos::prelude::*;
use std::sync::Arc;

use vidmud_credits_core::share::{self, Decoded, Stored, StoredError};
use vidmud_credits_core::Catalog;

use wasm_bindgen::JsValue;

use crate::state::{Keeping, WidgetState};

/// Reads the plan kept for this element, once per element (not per view: a new locale is a new
/// view: `Keeping::restored`). With `sync-url`, a `#plan=` in the page's URL
/// wins over storage. A plan the person has already started is never replaced. Stored data
/// that can't be read is left alone, with a warning, until the next change overwrites it.
pub fn restore(s: WidgetState, skipped: RwSignal<usize>) {
    let place = s.keeping.get_value();
    if s.keeping
        .try_update_value(|k| std::mem::replace(&mut k.restored, true))
        .unwrap_or(true)
    {
        return;
    }
    if s.plan.with_untracked(|p| p.lines().next().is_some()) {
        return;
    }
    let linked = place.sync.then(url_plan).flatten();
    if let Some(value) = linked {
        apply(s, skipped, share::decode(&borrowed(&known(s)), &value));
    } else if let Some(raw) = place.key.as_deref().and_then(read) {
        // Read through serde into the core's `Stored`; anything else is another app's data.
        let stored = match crate::js_value::from_json::<Stored>(&raw) {
            Some(Ok(stored)) => Ok(stored),
            _ => Err(StoredError::Foreign),
        };
        match stored.and_then(|stored| stored.read(&borrowed(&known(s)))) {
            Ok(d) => {
                // One warning per reason, each naming its own: a quantity out of range is not
                // "in no price list".
                for why in share::Skip::ALL {
                    let n = d.by_reason[why as usize];
                    if n > 0 {
                        warn(&format!(
                            "{n} line(s) of the kept plan were left out: {}",
                            why.reason()
                        ));
                    }
                }
                s.plan.set(d.plan);
            }
            Err(e) => warn(&format!("kept plan ignored: {e}")),
        }
    }
}

/// The price lists a kept or linked plan's ids are read against: the one in use, then the
/// built-in one, whose entries a live price list dropped are kept to be flagged (see
/// `super::withdrawn`).
fn known(s: WidgetState) -> [Arc<Catalog>; 2] {
    [s.catalog.get_value(), crate::catalog::seed()]
}

/// [`known`], borrowed as the core's readers take it.
fn borrowed(known: &[Arc<Catalog>; 2]) -> [&Catalog; 2] {
    [&known[0], &known[1]]
}

fn apply(s: WidgetState, skipped: RwSignal<usize>, d: Decoded) {
    skipped.set(d.skipped);
    if s.plan.with_untracked(|p| *p != d.plan) {
        s.plan.set(d.plan);
    }
}

/// Keeps the plan from now on: in storage under the element's key, and with `sync-url` in the
/// URL's fragment (replacing the history entry, so typing adds none). With `sync-url`, a
/// `#plan=` the page navigates to later (a link on the same page) is read as at load. `saved`
/// says whether storage holds the plan as it is now.
pub fn follow(s: WidgetState, skipped: RwSignal<usize>, saved: RwSignal<bool>) {
    let Keeping { key, sync, .. } = s.keeping.get_value();
    if key.is_none() && !sync {
        return;
    }
    let warned = std::cell::Cell::new(false);
    let mut ran = false;
    crate::effect::effect(move || {
        let value = s.plan.with(share::encode);
        // An empty plan at the start is nothing to keep: what storage holds (even data that
        // couldn't be read) stays until the person changes something.
        if let (Some(key), true) = (&key, std::mem::replace(&mut ran, true) || !value.is_empty()) {
            let stored = (!value.is_empty()).then(|| stored_text(&value));
            let written = write(key, stored.as_deref());
            if !written && !warned.replace(true) {
                warn("the plan can't be kept: storage is unavailable here");
            }
            saved.set(written && stored.is_some());
        }
        if sync {
            set_url_plan(&value);
        }
    });
    if sync {
        let handle = window_event_listener(leptos::ev::hashchange, move |_| {
            if let Some(value) = url_plan() {
                apply(s, skipped, share::decode(&borrowed(&known(s)), &value));
            }
        });
        on_cleanup(move || handle.remove());
    }
}

/// What is kept for a plan encoded as a link's value: the core's `Stored`, as JSON text.
fn stored_text(link: &str) -> String {
    let value = crate::js_value::to_js(&Stored::new(link)).unwrap_or(JsValue::NULL);
    js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// The page's `localStorage`; `None` where it is unavailable (reading it throws in sandboxed
/// frames and some private modes).
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// What storage holds under `key`; `None` also when storage is unavailable.
fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Writes (or, for `None`, removes) the kept plan; `false` when storage refused or threw.
fn write(key: &str, value: Option<&str>) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    match value {
        Some(v) => storage.set_item(key, v),
        None => storage.remove_item(key),
    }
    .is_ok()
}

/// The page's address, `location.href`.
pub fn page_url() -> String {
    window().location().href().unwrap_or_default()
}

/// The `#plan=` value of the page's URL.
fn url_plan() -> Option<String> {
    let hash = window().location().hash().ok()?;
    share::plan_in_fragment(&hash).map(str::to_owned)
}

/// Puts `#plan=<value>` in the page's URL, replacing the history entry, so typing adds none.
fn set_url_plan(value: &str) {
    if url_plan().as_deref().unwrap_or("") == value {
        return;
    }
    let url = share::with_plan(&page_url(), value);
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

fn warn(message: &str) {
    web_sys::console::warn_1(&format!("vidmud-credits: {message}").into());
}
