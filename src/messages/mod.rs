//! Every word the widget shows, in one place.
//!
//! English is here, in a [`Messages`] value and one struct per chunk ([`BalanceMessages`],
//! [`BuyerMessages`], [`KeepMessages`]), so that each download holds only the words it shows.
//! Every other language is one file in this folder, a [`Language`] value loaded as a chunk of
//! its own the first time an element needs it (see [`Text::wants`] for the list). Texts with parts filled in at run time are templates
//! with numbered slots (`{0}`, `{1}`), so a translation can put them in its own order; the
//! numbers and dates that go into them are already formatted for the element's locale by
//! [`Text`]. Plural forms are chosen by the locale's `Intl.PluralRules`.

use vidmud_credits_core::{BalanceFailure, QuantityError, MAX_QUANTITY};

use crate::intl::Locale;
use crate::split::ChunkUnavailable;

mod de;

/// A translation: every text of the widget, in one language other than English.
pub struct Language {
    pub m: Messages,
    pub balance: BalanceMessages,
    pub buyer: BuyerMessages,
    pub keep: KeepMessages,
}

/// The languages there are translations for, by the locale's language subtag.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Translation {
    De,
}

impl Translation {
    /// Fetches the translation's chunk (once per page; later calls answer at once).
    pub async fn load(self) -> Result<&'static Language, ChunkUnavailable> {
        match self {
            Translation::De => de::load().await,
        }
    }
}

/// The widget's texts in one language.
pub struct Messages {
    pub title: &'static str,
    pub lede: &'static str,
    /// Category headings in this language, by category id; a category not named here (every
    /// one in English, or one only a live price list has) keeps the price list's own name.
    pub categories: &'static [(&'static str, &'static str)],

    pub balance_region: &'static str,
    pub balance_idle: &'static str,
    pub balance_loading: &'static str,
    /// `{0}`: why, from the `failure_*` texts.
    pub balance_error: &'static str,
    pub retry: &'static str,
    pub failure_unavailable: &'static str,

    pub filter_label: &'static str,
    pub filter_placeholder: &'static str,
    /// `{0}`: the query as typed.
    pub nothing_matches: &'static str,
    pub not_priced: &'static str,

    /// `{0}`: credits, with their noun.
    pub each: &'static str,
    /// `{0}`: the entry's name. The period choice's accessible name.
    pub period_label: &'static str,
    /// `{0}`: the entry's name. The − stepper's accessible name.
    pub step_down: &'static str,
    /// `{0}`: the entry's name. The + stepper's accessible name.
    pub step_up: &'static str,
    /// The period choice's options: once, day, week, month.
    pub periods: [&'static str; 4],
    /// `{0}`: credits, with their noun. A recurring line's subtotal.
    pub per_month: &'static str,
    /// `{0}`: why.
    pub counted_as_zero: &'static str,
    pub qty_not_a_number: &'static str,
    pub qty_negative: &'static str,
    pub qty_not_whole: &'static str,
    /// A `.` or `,` in a quantity or budget (`5.000`): digits only, whatever the language.
    pub qty_separator: &'static str,
    /// `{0}`: the largest quantity.
    pub qty_too_large: &'static str,

    pub total: &'static str,
    pub no_total: &'static str,
    /// The "What can I still make?" disclosure, in the first download.
    pub can_make_title: &'static str,

    /// `{0}`: a number.
    pub credits: Forms,
    /// The noun alone, beside a number shown apart from it.
    pub credit_unit: Forms,
}

/// A text's plural forms, chosen by `Intl.PluralRules`: `[one, other]`. Languages with more
/// forms than English map the rest onto these two until a language needs them.
pub type Forms = [&'static str; 2];

/// English, the default and the fallback.
pub static EN: Messages = Messages {
    title: "Credits calculator",
    lede: "Plan what you will make and see what it costs. Prices are credits per generation.",
    categories: &[],

    balance_region: "Credit balance",
    balance_idle: "Sign in to the Studio to compare this plan with your balance.",
    balance_loading: "Checking your balance…",
    balance_error: "Your balance couldn't be loaded. {0}.",
    retry: "Retry",

    failure_unavailable: "This part of the widget couldn't be downloaded",

    filter_label: "Filter features and models",
    filter_placeholder: "e.g. kling, remover",
    nothing_matches: "Nothing matches “{0}”.",
    not_priced: "price not published yet",

    each: "{0} each",
    period_label: "How often: {0}",
    step_down: "One fewer: {0}",
    step_up: "One more: {0}",
    periods: ["once", "a day", "a week", "a month"],
    per_month: "{0} a month",
    counted_as_zero: "{0} — counted as 0.",
    qty_not_a_number: "Enter a number of generations",
    qty_negative: "Can't be negative",
    qty_not_whole: "Use a whole number",
    qty_separator: "Type digits only, like 5000, with no point or comma",
    qty_too_large: "At most {0} per line",

    total: "Total",
    no_total: "—",
    can_make_title: "What can I still make?",

    credits: ["{0} credit", "{0} credits"],
    credit_unit: ["credit", "credits"],
};

/// The texts of the parts that load as chunks, one struct per chunk, kept apart from
/// [`Messages`] so that each travels with its chunk: a download holds only the words it shows.
/// These are the balance panel's (`crate::balance`, with its usage chunk).
pub struct BalanceMessages {
    pub sign_in: &'static str,
    pub your_balance: &'static str,
    /// `{0}` date, `{1}` time, `{2}` why.
    pub balance_stale: &'static str,
    pub history: &'static str,
    /// `{0}` used, `{1}` of how many, `{2}` renewal date.
    pub plan_usage: &'static str,
    /// `{0}` plan name, `{1}` credits used.
    pub plan_usage_label: &'static str,

    pub failure_network: &'static str,
    pub failure_timeout: &'static str,
    pub failure_rate_limited: &'static str,
    /// `{0}`: the HTTP status.
    pub failure_status: &'static str,
    pub failure_bad_answer: &'static str,
    pub failure_bad_token: &'static str,

    pub from_usage: &'static str,
    /// `{0}` first day, `{1}` last day.
    pub from_usage_done: &'static str,
    /// `{0}`: the ids, comma separated.
    /// Usage ids the price list doesn't know, named as models: `[one, other]`, `{0}` the ids.
    pub from_usage_skipped: [&'static str; 2],
    /// `{0}`: why, from the `failure_*` texts.
    pub from_usage_error: &'static str,
    pub from_usage_too_large: &'static str,
}

/// The texts of the buyer's panels (`crate::buyer`), which load as a chunk of their own.
pub struct BuyerMessages {
    pub plan_title: &'static str,
    /// `{0}`: how many planned lines the price list's filter hides.
    pub hidden_planned: Forms,
    /// `{0}` a quantity, by the line's period: once, a day, a week, a month.
    pub plan_quantity: [&'static str; 4],
    /// `{0}`: each line's name and credits a month, comma separated. The bar's text.
    pub plan_bar: &'static str,
    /// `{0}` a line's name, `{1}` its credits a month, with their noun.
    pub plan_bar_part: &'static str,
    /// `{0}`: credits, with their noun.
    pub monthly: &'static str,
    pub clear_plan: &'static str,
    /// `{0}`: today's date. Shown only on a printed plan, which reads as a quote.
    pub quote_date: &'static str,
    /// The Undo button's visible text.
    pub undo: &'static str,
    /// Its accessible name, by what it undoes: Clear plan, Switch, "Start from my last 30 days".
    pub undo_label: [&'static str; 3],

    pub runway_none: &'static str,
    /// `{0}`: a number of months.
    pub lasts_months: Forms,
    /// `{0}`: a number of weeks.
    pub lasts_weeks: Forms,
    /// `{0}`: a number of days.
    pub lasts_days: Forms,
    /// `{0}`: how long, from `lasts_*`; `{1}`: the date.
    pub runway: &'static str,
    /// The subscription's credits a month cover the plan's rate: `{0}` is those credits.
    pub runway_covered: &'static str,

    pub buy_credits: &'static str,
    /// `{0}`: a number of credits.
    pub need_more: Forms,
    /// `{0}`: a number of credits.
    pub left_after_plan: Forms,

    pub cheaper_title: &'static str,
    /// A priced pack for a monthly plan: name, price, `{2}` months it lasts, `{3}` a month.
    pub pack_month: &'static str,
    /// Marks the pack that comes cheapest a month.
    pub pack_month_cheapest: &'static str,
    /// Heads the list of packs a month.
    pub packs_a_month: &'static str,
    /// `{0}` the planned line's name, `{1}` the cheaper model, `{2}` credits saved.
    pub hint: &'static str,
    /// As `hint`, for a recurring line: the saving is a month's.
    pub hint_monthly: &'static str,
    pub hint_quality: &'static str,
    pub switch: &'static str,
    /// `{0}` the planned line's name, `{1}` the cheaper model. The Switch button's name.
    pub switch_label: &'static str,

    pub budget_label: &'static str,
    pub budget_not_a_number: &'static str,
    /// `{0}`: the largest budget, with its noun.
    pub budget_too_large: &'static str,
    pub budget_empty: &'static str,
    /// `{0}`: how many more generations.
    pub can_make_more: &'static str,
    pub can_make_none: &'static str,

    pub packs_title: &'static str,
    /// `{0}`: credits, with their noun.
    pub packs_for_shortfall: &'static str,
    /// `{0}`: credits, with their noun.
    pub packs_for_total: &'static str,
    /// `{0}` how many, `{1}` the pack's name, `{2}` its credits, with their noun.
    pub pack_item: &'static str,
    /// `{0}`: the price, formatted as money.
    pub packs_price: &'static str,
    pub packs_cheapest: &'static str,
    pub packs_fewest: &'static str,
    pub packs_too_many: &'static str,
    pub buy_packs: &'static str,
}

/// The texts of the keep chunk (`crate::keep`): what the "Save and share" buttons say, and the
/// summary they copy.
pub struct KeepMessages {
    /// The buttons' group.
    pub bar_label: &'static str,
    pub copy_link: &'static str,
    pub export_csv: &'static str,
    pub copy_summary: &'static str,
    /// With `sync-url`: the link opens the plan on this page.
    pub link_copied: &'static str,
    /// Without `sync-url`: this page doesn't read the link, so nothing is promised of it.
    pub link_copied_plain: &'static str,
    /// The field's label when the clipboard can't be written.
    pub link_manual: &'static str,
    pub summary_copied: &'static str,
    pub summary_manual: &'static str,
    /// `{0}`: the file's name.
    pub csv_saved: &'static str,
    /// `{0}`: how many parts.
    pub link_skipped: Forms,
    pub summary_title: &'static str,
    /// `{0}` quantity, `{1}` name, `{2}` credits with their noun.
    pub summary_once: &'static str,
    /// `{0}` quantity, `{1}` name, `{2}` how often (a period's text), `{3}` credits a month.
    pub summary_recurring: &'static str,
    /// `{0}`: credits, with their noun.
    pub summary_total: &'static str,
    pub summary_empty: &'static str,
    /// Says, quietly, that the plan is kept in this browser.
    pub saved: &'static str,
    /// Over the plan's lines that the price list in use no longer has.
    pub withdrawn_title: &'static str,
    /// `{0}` quantity, `{1}` the name it had.
    pub withdrawn_line: &'static str,
    pub withdrawn_remove: &'static str,
}

/// English texts of the keep chunk.
pub static EN_KEEP: KeepMessages = KeepMessages {
    bar_label: "Save and share this plan",
    copy_link: "Copy link",
    export_csv: "Download CSV",
    copy_summary: "Copy summary",
    link_copied: "Link copied. It opens this plan on this page; it holds no account data.",
    link_copied_plain: "Link copied. It holds the plan and no account data.",
    link_manual: "Copy this link",
    summary_copied: "Summary copied.",
    summary_manual: "Copy this summary",
    csv_saved: "Downloaded {0}.",
    link_skipped: [
        "{0} part of the plan's link wasn't understood and was left out.",
        "{0} parts of the plan's link weren't understood and were left out.",
    ],
    summary_title: "Vidmud credits plan",
    summary_once: "{0} × {1}: {2}",
    summary_recurring: "{0} × {1}, {2}: {3} a month",
    summary_total: "Total: {0}",
    summary_empty: "No generations planned yet.",
    saved: "Saved",
    withdrawn_title: "No longer offered, and left out of the totals:",
    withdrawn_line: "{0} × {1}",
    withdrawn_remove: "Remove from the plan",
};

/// English texts of the balance panel.
pub static EN_BALANCE: BalanceMessages = BalanceMessages {
    sign_in: "Sign in to see your balance",
    your_balance: "Your balance",
    balance_stale: "As of {0}, {1}. Couldn't refresh: {2}. ",
    history: "History in Account Center",
    plan_usage: "{0} of {1} plan credits used · renews {2}",
    plan_usage_label: "{0} plan: {1}",
    failure_network: "Couldn't reach the account service",
    failure_timeout: "The account service didn't answer within 10 seconds",
    failure_rate_limited: "The account service is busy; try again in a minute",
    failure_status: "The account service had a problem (HTTP {0})",
    failure_bad_answer: "The account service sent an answer that couldn't be read",
    failure_bad_token:
        "The sign-in token this page gave can't be sent (it holds characters a token can't have)",
    from_usage: "Start from my last 30 days",
    from_usage_done: "Plan filled from your usage, {0} to {1}, as monthly lines.",
    from_usage_skipped: [
        "A model not in this price list, so not priced: {0}.",
        "Models not in this price list, so not priced: {0}.",
    ],
    from_usage_error: "Your usage couldn't be loaded. {0}. Your plan is unchanged.",
    from_usage_too_large: "Your usage is more than one plan line can hold",
};

/// English texts of the buyer's panels.
pub static EN_BUYER: BuyerMessages = BuyerMessages {
    plan_title: "Your plan",
    hidden_planned: [
        "{0} of these lines is hidden by the filter above; it still counts.",
        "{0} of these lines are hidden by the filter above; they still count.",
    ],
    plan_quantity: ["{0} once", "{0} a day", "{0} a week", "{0} a month"],
    plan_bar: "Credits a month by line: {0}.",
    plan_bar_part: "{0} {1}",
    monthly: "Includes {0} every month (a month is a twelfth of a year).",
    clear_plan: "Clear plan",
    quote_date: "Quote of {0}",
    undo: "Undo",
    undo_label: [
        "Undo Clear plan",
        "Undo Switch",
        "Undo Start from my last 30 days",
    ],
    runway_none: "Your balance doesn't cover this plan's one-off generations.",
    lasts_months: ["about {0} month", "about {0} months"],
    lasts_weeks: ["about {0} week", "about {0} weeks"],
    lasts_days: ["{0} day", "{0} days"],
    runway: "At this rate your balance lasts {0} (until {1}).",
    runway_covered: "Your plan's {0} a month cover this rate.",
    buy_credits: "Buy credits",
    need_more: ["You need {0} more credit", "You need {0} more credits"],
    left_after_plan: [
        "{0} credit left after this plan",
        "{0} credits left after this plan",
    ],
    cheaper_title: "Cheaper models",
    pack_month: "{0} · {1} · lasts {2} months · {3} a month",
    pack_month_cheapest: "cheapest a month",
    packs_a_month: "At this plan's monthly rate:",
    hint: "{0}: {1} would cost {2} less for this plan.",
    hint_monthly: "{0}: {1} would cost {2} less a month for this plan.",
    hint_quality: "Models differ in quality: compare results before you switch.",
    switch: "Switch",
    switch_label: "Switch {0} to {1}",
    budget_label: "Budget in credits",
    budget_not_a_number: "Enter a number of credits",
    budget_too_large: "At most {0}",
    budget_empty: "Enter a budget to see how many more of each you could make after this plan.",
    can_make_more: "{0} more",
    can_make_none: "Nothing more fits in this budget after this plan.",
    packs_title: "Suggested packs",
    packs_for_shortfall: "To cover the {0} you need:",
    packs_for_total: "To cover this plan's {0}:",
    pack_item: "{0} × {1} ({2})",
    packs_price: "≈ {0}",
    packs_cheapest: "The cheapest combination of the packs offered.",
    packs_fewest: "The fewest packs that cover it.",
    packs_too_many: "That is more than packs are suggested for; contact us for a quote.",
    buy_packs: "Buy these packs",
};

/// Text a host or the account API supplied (a plan, pack or entry name, an id), ready to be
/// placed among the widget's own words: wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
/// ISOLATE, so that its direction, or a stray U+202E in it, can't reorder the numbers around
/// it. Text that is an element's whole content is isolated by the stylesheet instead.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// Fills a template's numbered slots. A slot with no argument is left as written, so a
/// translation with a typo shows the typo rather than losing text.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let slot = after
            .find('}')
            .and_then(|close| Some((after[..close].parse::<usize>().ok()?, close)));
        match slot.and_then(|(i, close)| Some((args.get(i)?, close))) {
            Some((arg, close)) => {
                out.push_str(arg);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The messages and number formats of one element's locale: what components format with.
///
/// Components take it from context once, when they are built, and capture it: the element
/// rebuilds its view when its locale changes (rare: an attribute set by the host), so no text
/// needs to be reactive, only the numbers inside it.
#[derive(Clone, Copy)]
pub struct Text {
    pub locale: Locale,
    pub m: &'static Messages,
    /// The translation the words come from; `None`: English.
    tr: Option<&'static Language>,
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        // One static per language: the same language is the same address.
        self.locale == other.locale && std::ptr::eq(self.m, other.m)
    }
}

impl Text {
    /// English words with the locale's numbers and dates.
    pub fn new(locale: Locale) -> Text {
        Text {
            locale,
            m: &EN,
            tr: None,
        }
    }

    /// The same numbers and dates in `language`'s words.
    pub fn translated(self, language: &'static Language) -> Text {
        Text {
            m: &language.m,
            tr: Some(language),
            ..self
        }
    }

    /// The translation this locale's language has, if it isn't showing yet. Any other language
    /// is English words (with the locale's numbers and dates).
    pub fn wants(self) -> Option<Translation> {
        let language = self.locale.tag().split('-').next().unwrap_or("");
        match language {
            "de" => Some(Translation::De),
            _ => None,
        }
        .filter(|_| self.tr.is_none())
    }

    /// The balance panel's texts, in this element's language. Only its chunks call this, so
    /// the texts stay out of the first download.
    pub fn balance(self) -> &'static BalanceMessages {
        self.tr.map_or(&EN_BALANCE, |l| &l.balance)
    }

    /// The keep chunk's texts, in this element's language (called from that chunk only).
    pub fn keep(self) -> &'static KeepMessages {
        self.tr.map_or(&EN_KEEP, |l| &l.keep)
    }

    /// The buyer's panels' texts, in this element's language (called from that chunk only).
    pub fn buyer(self) -> &'static BuyerMessages {
        self.tr.map_or(&EN_BUYER, |l| &l.buyer)
    }

    /// A number for the locale: `1,250`.
    pub fn number(self, n: u64) -> String {
        self.locale.number(n)
    }

    /// The form of `forms` that `n` takes, with `n` in its slot.
    pub fn plural(self, forms: Forms, n: u64) -> String {
        let form = if self.locale.is_one(n) {
            forms[0]
        } else {
            forms[1]
        };
        fill(form, &[&self.number(n)])
    }

    /// A number with its noun: `1 credit`, `1,250 credits`.
    pub fn credits(self, n: u64) -> String {
        self.plural(self.m.credits, n)
    }

    /// The noun alone, for a number shown apart from it.
    pub fn credit_unit(self, n: u64) -> &'static str {
        self.m.credit_unit[usize::from(!self.locale.is_one(n))]
    }

    /// Why typed text counts as 0.
    pub fn quantity_error(self, e: QuantityError) -> String {
        let why = match e {
            QuantityError::NotANumber => self.m.qty_not_a_number.to_owned(),
            QuantityError::Negative => self.m.qty_negative.to_owned(),
            QuantityError::NotWhole => self.m.qty_not_whole.to_owned(),
            QuantityError::Separator => self.m.qty_separator.to_owned(),
            QuantityError::TooLarge => fill(
                self.m.qty_too_large,
                &[&self.number(u64::from(MAX_QUANTITY))],
            ),
        };
        fill(self.m.counted_as_zero, &[&why])
    }

    /// How long a balance lasts at a plan's monthly rate, counted from `now_ms`: "about 3
    /// weeks (until Dec 17)". Short spans in days, then weeks, then months, each rounded.
    pub fn runway(self, days: u64, now_ms: f64) -> String {
        if days == 0 {
            return self.buyer().runway_none.to_owned();
        }
        let span = match days {
            0..14 => self.plural(self.buyer().lasts_days, days),
            14..60 => self.plural(self.buyer().lasts_weeks, (days + 3) / 7),
            _ => self.plural(self.buyer().lasts_months, (days * 12 + 182) / 365),
        };
        // Days past what a date can hold are still "a long time": no date rather than a wrong one.
        let until = now_ms + days as f64 * 86_400_000.0;
        let date = if until < 8.64e15 {
            self.locale.month_day(until as i64)
        } else {
            String::new()
        };
        fill(self.buyer().runway, &[&span, &date])
    }

    /// Why there is no fresh balance.
    pub fn failure(self, f: BalanceFailure) -> String {
        match f {
            BalanceFailure::Network => self.balance().failure_network.to_owned(),
            BalanceFailure::Timeout => self.balance().failure_timeout.to_owned(),
            BalanceFailure::RateLimited => self.balance().failure_rate_limited.to_owned(),
            // A status is a code, not a quantity: no grouping.
            BalanceFailure::Status(s) => fill(self.balance().failure_status, &[&s.to_string()]),
            BalanceFailure::BadAnswer => self.balance().failure_bad_answer.to_owned(),
            BalanceFailure::Unavailable => self.m.failure_unavailable.to_owned(),
            BalanceFailure::BadToken => self.balance().failure_bad_token.to_owned(),
        }
    }
}

/// The current element's text, provided by the element for its view.
pub fn use_text() -> Text {
    leptos::prelude::use_context::<Text>().expect("rendered under an element")
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fills_numbered_slots_in_any_order() {
        assert_eq!(fill("{0} of {1}", &["3", "5"]), "3 of 5");
        assert_eq!(fill("{1}, {0}", &["a", "b"]), "b, a");
        assert_eq!(fill("no slots", &["x"]), "no slots");
    }

    #[test]
    fn leaves_what_is_not_a_slot_as_written() {
        assert_eq!(fill("{2} {x} {} {", &["a"]), "{2} {x} {} {");
        assert_eq!(fill("“{0}”", &["<b>"]), "“<b>”");
    }
}
