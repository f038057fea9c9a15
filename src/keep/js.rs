//! The buyer chunk's browser calls (keeping the plan, and the hints' scrolling), made through
//! `Reflect` rather than web-sys bindings.
//!
//! wasm-bindgen writes a JS wrapper for every binding into the one glue file that each page
//! fetches first, whichever chunk calls it: bindings for storage, history, the clipboard and
//! blobs would add about half a kilobyte (gzip) to every first load for calls that only this
//! chunk makes, after a person has a plan. `Reflect.get` and `Reflect.apply` cover them all.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `target[key]`; `None` when reading it throws (`localStorage` in a sandboxed frame) or it is
/// `undefined` or `null`.
pub fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// `target[method](...args)`; `Err` when there is no such method or the call throws.
pub fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let f = get(target, method)
        .filter(JsValue::is_function)
        .ok_or(JsValue::NULL)?;
    let list = Array::new();
    for a in args {
        list.push(a);
    }
    Reflect::apply(f.unchecked_ref::<js_sys::Function>(), target, &list)
}

/// A global: `window[name]`.
pub fn global(name: &str) -> Option<JsValue> {
    get(&js_sys::global(), name)
}

/// A property that is text, such as `location.href`.
pub fn text(target: &JsValue, key: &str) -> Option<String> {
    get(target, key)?.as_string()
}
