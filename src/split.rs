//! Split points: parts of the widget that the `pkg/` build puts in their own wasm chunks, each
//! fetched the first time it is used.
//!
//! With the `split` feature (only `cargo xtask dist`, which runs `wasm-split-cli` between cargo
//! and wasm-bindgen) a split point goes through `leptos::wasm_split` in its `fallible` form: a
//! chunk that fails to load (404, offline) is an `Err` the caller shows, where the panicking
//! form would abort every instance on the page. A failed load is not remembered, so asking
//! again retries the download. Without the feature (tests, `cargo check`) the same function is
//! a plain `async fn`: a wasm with split points that was never split can't even be
//! instantiated.

/// The error of a split point whose chunk couldn't be loaded. The browser has already logged
/// why (its text differs by engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkUnavailable;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkUnavailable
    }
}

/// Declares `async fn $name(..) -> Result<_, ChunkUnavailable>` whose body lives in chunk
/// `$chunk` of the split build. Arguments and result must be concrete types.
macro_rules! split_point {
    (
        $chunk:ident;
        $(#[$meta:meta])*
        pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        $(#[$meta])*
        pub fn $name($($arg: $ty),*) -> $ret $body

        #[cfg(not(feature = "split"))]
        $(#[$meta])*
        pub async fn $name($($arg: $ty),*) -> $ret $body
    };
}

pub(crate) use split_point;
