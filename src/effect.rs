//! The one way the widget makes effects.

use leptos::prelude::Effect;

/// An effect (as `Effect::new`) under the current owner, running `f` now-ish and whenever what
/// it read changes.
///
/// Every closure type handed to `Effect::new` gets its own copy of the effect's task; through
/// this one boxed closure (measured in docs/performance.md), every effect of the
/// element and of its chunks shares one copy. An effect that needs its previous run keeps it
/// in a captured variable.
pub fn effect(f: impl FnMut() + 'static) {
    let f: Box<dyn FnMut()> = Box::new(f);
    Effect::new(f);
}
