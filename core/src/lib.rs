//! Pure core of the Vidmud credits widget.
//!
//! Everything here is plain Rust with no browser or Leptos dependency, so the numbers a person
//! sees are computed by code that is tested natively in seconds: the price catalog, the plan and
//! its quote, the parsing of typed quantities, the account API's answers. The widget's
//! components only call into this crate; words and number formats are the widget's (`Intl`).

pub mod balance;
pub mod can_make;
pub mod catalog;
pub mod hints;
pub mod json;
pub mod live;
pub mod packs;
pub mod period;
pub mod plan;
pub mod quantity;
pub mod share;
pub mod time;
pub mod url;
pub mod usage;

pub use balance::{
    token_is_sendable, AfterPlan, AnswerError, Balance, BalanceFailure, BalancePhase, BalanceView,
    PlanUsage,
};
pub use can_make::can_make;
pub use catalog::{Catalog, CatalogError, Entry, Visible};
pub use hints::{cheaper_models, Hint};
pub use json::Json;
pub use packs::{advise, pack_month, parse_packs, Advice, Pack, PackMonth, Packs, Price};
pub use period::{runway, runway_days, Period, Runway};
pub use plan::{Plan, PlanError, Quote, QuoteLine, Totals};
pub use quantity::{parse_quantity, parse_whole, QuantityError, MAX_QUANTITY};
pub use usage::{plan_from_usage, FromUsage, Usage, UsageWire};
