//! The widget's components, one concern per file. They read signals and call the core; none of
//! them computes a price or parses an answer.

mod after_plan;
mod balance_panel;
mod entry_row;
mod filter_box;
mod price_list;
mod total_bar;
mod widget;

pub use after_plan::AfterPlanLine;
pub use balance_panel::BalancePanel;
pub use entry_row::EntryRow;
pub use filter_box::FilterBox;
pub use price_list::PriceList;
pub use total_bar::TotalBar;
pub use widget::{HostLinks, Widget};
