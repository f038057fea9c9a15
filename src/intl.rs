//! Numbers, plurals and dates for the element's locale, through the browser's `Intl`.
//!
//! The locale is a BCP 47 tag from the element's `locale` attribute, else the nearest `lang`
//! of the host page, else the browser's language. The browser already ships every locale's
//! digits, separators, month names and plural rules: none of them is written here.

use std::cell::{OnceCell, RefCell};

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // js-sys's stable binding has no `catch`: a malformed tag from a host would throw through the
    // wasm. With it, a bad tag is simply not a locale.
    #[wasm_bindgen(js_namespace = Intl, js_name = getCanonicalLocales, catch)]
    fn canonical_locales(tag: &str) -> Result<Array, JsValue>;
}

/// Used when neither the element, the page nor the browser names a usable locale.
const FALLBACK: &str = "en-US";

/// A BCP 47 tag the browser accepted, in its canonical form (`de-de` → `de-DE`). Interned, so
/// that it is `Copy` and components can capture it freely.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locale(&'static str);

impl Default for Locale {
    fn default() -> Self {
        Locale(FALLBACK)
    }
}

/// The one `'static` copy of a tag: a page uses a locale or two, each kept once.
fn intern(tag: String) -> &'static str {
    thread_local!(static TAGS: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) });
    TAGS.with(|tags| {
        if let Some(t) = tags.borrow().iter().find(|t| **t == tag) {
            return *t;
        }
        let t: &'static str = Box::leak(tag.into_boxed_str());
        tags.borrow_mut().push(t);
        t
    })
}

impl Locale {
    /// The locale `tag` names, taken as written: for a view made ahead of time, natively, where
    /// there is no `Intl` to ask (see `crate::prerender`).
    #[cfg(not(target_arch = "wasm32"))]
    pub const fn ahead_of_time(tag: &'static str) -> Locale {
        Locale(tag)
    }

    /// `None` for anything that is not a well-formed language tag.
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        if tag.is_empty() {
            return None;
        }
        let canonical = canonical_locales(tag).ok()?.get(0).as_string()?;
        Some(Locale(intern(canonical)))
    }

    /// The element's locale: its `locale` attribute, else the nearest `lang` around it, else
    /// the browser's language. A value that is not a language tag is passed over.
    pub fn resolve(attribute: Option<&str>, host: &web_sys::Element) -> Locale {
        let page_lang = || {
            let el = host.closest("[lang]").ok()??;
            Locale::parse(&el.get_attribute("lang")?)
        };
        let browser = || Locale::parse(&web_sys::window()?.navigator().language()?);
        attribute
            .and_then(Locale::parse)
            .or_else(page_lang)
            .or_else(browser)
            .unwrap_or_default()
    }

    /// The canonical tag.
    pub fn tag(&self) -> &'static str {
        self.0
    }

    /// A whole number with the locale's grouping: `1,250`, `1.250`, `1 250`.
    pub fn number(&self, n: u64) -> String {
        #[cfg(not(target_arch = "wasm32"))]
        return ahead_of_time::number(n);
        // Every number shown is below 2^53 (the core's bounds), so f64 holds it exactly.
        #[cfg(target_arch = "wasm32")]
        self.with(|f| call_text(&f.number, &JsValue::from(n as f64)))
    }

    /// Whether `n` takes the locale's "one" form (`1 credit`); otherwise "other".
    pub fn is_one(&self, n: u64) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        return n == 1;
        #[cfg(target_arch = "wasm32")]
        self.with(|f| f.plural.select(n as f64) == "one")
    }

    /// A short date, in the reader's time zone: `Dec 1`, `1. Dez.`.
    pub fn month_day(&self, epoch_ms: i64) -> String {
        let date = Date::new(&JsValue::from(epoch_ms as f64));
        self.with(|f| {
            let options = [("month", "short"), ("day", "numeric")];
            call_text(
                f.month_day.get_or_init(|| date_format(self.0, &options)),
                &date,
            )
        })
    }

    /// A whole date, in the reader's time zone: `December 5, 2026`, `5. Dezember 2026`. Built
    /// per call: only a printed plan shows it.
    pub fn long_date(&self, epoch_ms: f64) -> String {
        let options = [("year", "numeric"), ("month", "long"), ("day", "numeric")];
        call_text(
            &date_format(self.0, &options),
            &Date::new(&JsValue::from(epoch_ms)),
        )
    }

    /// A time of day, in the reader's time zone: `2:05 PM`, `14:05`.
    pub fn time(&self, epoch_ms: i64) -> String {
        let date = Date::new(&JsValue::from(epoch_ms as f64));
        self.with(|f| {
            let options = [("hour", "numeric"), ("minute", "2-digit")];
            call_text(f.time.get_or_init(|| date_format(self.0, &options)), &date)
        })
    }

    /// An amount of money: `€8.99`, `8,99 €`; with no currency, a number with two decimals.
    /// Built per call: only the pack advice shows money, once per change.
    pub fn money(&self, amount: f64, currency: Option<&str>) -> String {
        self.decimal_or_money(amount, currency, 2)
    }

    /// A number with exactly `digits` decimals: `2.7`, `2,7`.
    pub fn decimal(&self, value: f64, digits: u32) -> String {
        self.decimal_or_money(value, None, digits)
    }

    /// Money in `currency`, or without one a number with `digits` decimals. Built per call:
    /// only the pack advice shows these, once per change.
    fn decimal_or_money(&self, amount: f64, currency: Option<&str>, digits: u32) -> String {
        let o = Object::new();
        // One of the two calls by name through `Reflect`: js-sys takes Intl's options as a
        // plain object, and its fields are set by name.
        let set = |k: &str, v: &JsValue| {
            let _ = Reflect::set(&o, &JsValue::from(k), v);
        };
        match currency {
            Some(c) => {
                set("style", &"currency".into());
                set("currency", &c.into());
            }
            None => {
                set("minimumFractionDigits", &digits.into());
                set("maximumFractionDigits", &digits.into());
            }
        }
        let format = Intl::NumberFormat::new(&Array::of1(&JsValue::from(self.0)), &o).format();
        call_text(&format, &JsValue::from(amount))
    }

    fn with<T>(&self, use_it: impl FnOnce(&Formatters) -> T) -> T {
        thread_local! {
            // Building an Intl formatter costs far more than using one; a page has a locale or two.
            static CACHE: RefCell<Vec<(&'static str, Formatters)>> = const { RefCell::new(Vec::new()) };
        }
        CACHE.with(|cache| {
            if let Some((_, f)) = cache.borrow().iter().find(|(tag, _)| *tag == self.0) {
                return use_it(f);
            }
            let made = Formatters::new(self.0);
            let out = use_it(&made);
            cache.borrow_mut().push((self.0, made));
            out
        })
    }
}

/// One locale's formatters. Each costs milliseconds to build, so the date ones, which only the
/// balance panel uses, are built when first needed.
struct Formatters {
    // Natively (a view rendered ahead of time) numbers don't go through Intl.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    number: Function,
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    plural: Intl::PluralRules,
    month_day: OnceCell<Function>,
    time: OnceCell<Function>,
}

impl Formatters {
    fn new(tag: &str) -> Formatters {
        let locales = Array::of1(&JsValue::from(tag));
        Formatters {
            // Only whole numbers are shown: the default options print them without a fraction.
            number: Intl::NumberFormat::new(&locales, &Object::new()).format(),
            plural: Intl::PluralRules::new(&locales, &Object::new()),
            month_day: OnceCell::new(),
            time: OnceCell::new(),
        }
    }
}

/// A bound `Intl.DateTimeFormat` `format` for `tag` with these options.
fn date_format(tag: &str, options: &[(&str, &str)]) -> Function {
    let o = Object::new();
    // The other call by name through `Reflect`, for the same reason as in `money`.
    for (k, v) in options {
        let _ = Reflect::set(&o, &JsValue::from(*k), &JsValue::from(*v));
    }
    Intl::DateTimeFormat::new(&Array::of1(&JsValue::from(tag)), &o).format()
}

/// Calls a bound `Intl` `format` function; formatting a valid value can't fail, but a
/// string is always returned.
fn call_text(format: &Function, value: &JsValue) -> String {
    format
        .call1(&JsValue::UNDEFINED, value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Numbers when the first view is rendered ahead of time, natively, where there is no `Intl`:
/// written as en-US writes them (`1,250`), the fallback locale, which is the one a view made
/// ahead of time is made in. In a browser every number goes through `Intl`.
#[cfg(not(target_arch = "wasm32"))]
mod ahead_of_time {
    /// `n` in groups of three digits, separated by commas.
    pub fn number(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(d);
        }
        out
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn groups_thousands_as_en_us_does() {
            for (n, text) in [
                (0, "0"),
                (12, "12"),
                (999, "999"),
                (1000, "1,000"),
                (1250, "1,250"),
            ] {
                assert_eq!(super::number(n), text);
            }
            assert_eq!(
                super::number(9_007_199_254_740_991),
                "9,007,199,254,740,991"
            );
        }
    }
}
