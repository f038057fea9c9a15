//! The calculator: the price list in use (built-in, or a newer one from `catalog-url`), a row
//! per entry with its quantity box, the filter, and the total. All of it is in the first
//! download but the live price list's loader (`live`), which is part of the usage chunk.

mod filter;
pub mod live;
mod price_list;
mod row;
mod total;

pub use filter::FilterBox;
pub use price_list::PriceList;
pub use row::EntryRow;
pub use total::TotalBar;
