//! The widget's components, one concern per file. They read their element's state from context
//! and call the core; none of them computes a price or parses an answer. The balance panel's
//! content lives with its client in `crate::balance`, a chunk of its own.

mod balance_note;
mod balance_section;
mod buyer_section;
mod entry_row;
mod filter_box;
mod price_list;
mod retry_button;
mod total_bar;
mod widget;

pub use balance_note::BalanceNote;
pub use balance_section::BalanceSection;
pub use buyer_section::BuyerSection;
pub use entry_row::EntryRow;
pub use filter_box::FilterBox;
pub use price_list::PriceList;
pub use retry_button::RetryButton;
pub use total_bar::TotalBar;
pub use widget::Widget;
