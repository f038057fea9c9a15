use leptos::prelude::*;

use super::row::{packed, EntryRow};
use crate::messages::{fill, use_text};
use crate::state::use_state;

/// From how many entries a price list counts as long: its groups out of view then skip
/// rendering (`.vc-list--long` in the stylesheet). The built-in list has 21.
const LONG_LIST: usize = 100;

/// The price list, by category and then feature, each entry with its quantity box. What the
/// filter leaves visible is decided once, by `Catalog::visible`.
#[component]
pub fn PriceList(
    /// The filter query.
    filter: ReadSignal<String>,
) -> impl IntoView {
    let s = use_state();
    let resets = s.resets.read_only();
    let t = use_text();
    let catalog = s.catalog.get_value();
    let visible = Memo::new(move |_| filter.with(|q| s.catalog.read_value().visible(q)));
    // Each row reads a signal of its own line, written here only when that line changed. Rows
    // reading the plan itself would each re-subscribe on every change, and dropping a reader
    // costs time in proportion to a signal's readers: a keystroke took 250 ms with 1,000
    // entries.
    let lines: Vec<_> = catalog
        .entries
        .iter()
        .map(|e| RwSignal::new(s.plan.with_untracked(|p| packed(p, &e.id))))
        .collect();
    let rows = lines.clone();
    let list = catalog.clone();
    crate::effect::effect(move || {
        s.plan.with(|p| {
            for (line, e) in rows.iter().zip(&list.entries) {
                let now = packed(p, &e.id);
                if line.get_untracked() != now {
                    line.set(now);
                }
            }
        })
    });
    // The first screen first: the first category mounts with the view, the others in the next
    // task. All 21 rows in the task that mounts the view came near a long task on a phone (80
    // to 100 ms at 4× CPU). Only for a first view with nothing to put focus back on: a later
    // view (a new locale or price list) mounts whole, so that focus finds its box. Natively
    // (the prerender) every row is there at once.
    let whole = cfg!(not(target_arch = "wasm32")) || s.drafts.with_value(|d| d.focus.is_some());
    let rest = RwSignal::new(whole);
    let section = {
        let catalog = catalog.clone();
        let lines = lines.clone();
        move |ci: usize| {
            let category = &catalog.categories[ci];
            let groups = catalog.groups();
            let heading_id = format!("vc-cat-{}", category.id);
            let heading =
                t.m.categories
                    .iter()
                    .find(|(id, _)| *id == category.id)
                    .map_or_else(|| category.name.clone(), |(_, name)| (*name).to_owned());
            let labelled_by = heading_id.clone();
            let feature_groups = groups
                .iter()
                .filter(|g| g.category == ci)
                .map(|g| {
                    let single = g.entries.len() == 1;
                    let rows = g
                        .entries
                        .iter()
                        .map(|&i| {
                            let line = lines[i].read_only();
                            view! { <EntryRow index=i visible=visible resets=resets line=line titled=!single /> }
                        })
                        .collect_view();
                    let members = g.entries.clone();
                    let feature = g.feature.to_owned();
                    view! {
                        <li class="vc-group" hidden=move || !visible.with(|v| v.any_of(&members))>
                            {(!single).then(|| view! { <h4 class="vc-group__title">{feature}</h4> })}
                            <ul class="vc-rows">{rows}</ul>
                        </li>
                    }
                })
                .collect_view();
            let unpriced = catalog
                .unpriced
                .iter()
                .enumerate()
                .filter(|(_, u)| u.category == ci)
                .map(|(ui, u)| {
                    view! {
                        <li
                            class="vc-group vc-group--unpriced"
                            data-unpriced=u.id.clone()
                            hidden=move || !visible.with(|v| v.unpriced[ui])
                        >
                            <span class="vc-row__name">{u.name.clone()}</span>
                            " "
                            <span class="vc-row__price">{t.m.not_priced}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                // A named group, not a region: a page with two elements would repeat every
                // region's name (axe `landmark-unique`). The element itself is the region.
                <div role="group" class="vc-cat" aria-labelledby=labelled_by hidden=move || !visible.with(|v| v.categories[ci])>
                    <h3 class="vc-cat__title" id=heading_id>{heading}</h3>
                    <ul class="vc-groups">{feature_groups}{unpriced}</ul>
                </div>
            }
        }
    };
    let groups = catalog.groups();
    let shown: Vec<usize> = (0..catalog.categories.len())
        .filter(|ci| {
            groups.iter().any(|g| g.category == *ci)
                || catalog.unpriced.iter().any(|u| u.category == *ci)
        })
        .collect();
    let (now, later) = shown.split_at(if whole {
        shown.len()
    } else {
        shown.len().min(1)
    });
    let sections: Vec<_> = now.iter().map(|&ci| section(ci)).collect();
    // The rest, built and put in place (before the empty-list line) in the next task, by the
    // same code as the first (a reactive child would be a second copy of the whole view's
    // code: 6 KB), owned by this component; its state lives as long as it does.
    let list = NodeRef::<leptos::html::Div>::new();
    let empty = NodeRef::<leptos::html::P>::new();
    if !whole {
        let later = later.to_vec();
        let owner = Owner::current();
        let kept = StoredValue::new_local(None);
        set_timeout(
            move || {
                // The view may be gone by now (the element removed in the same task): its
                // refs are disposed then, and reading one would trap.
                let (Some(owner), Some(Some(list)), Some(Some(empty))) =
                    (owner, list.try_get_untracked(), empty.try_get_untracked())
                else {
                    return;
                };
                owner.with(|| {
                    let rows: Vec<_> = later.iter().map(|&ci| section(ci)).collect();
                    let mut built = rows.build();
                    built.mount(&list, Some(&empty));
                    kept.try_set_value(Some(built));
                    rest.try_set(true);
                });
            },
            std::time::Duration::ZERO,
        );
    }
    let nothing = move || {
        (!visible.with(|v| v.any()))
            .then(|| filter.with(|q| fill(t.m.nothing_matches, &[q.trim()])))
    };
    // Until the rest is in place the list holds about its whole height, at most a screen's: what
    // follows it ("What can I still make?", the total bar) is where it will be, below the fold,
    // instead of in view and then pushed out of it (a layout shift of 0.065 at desktop size in
    // Lighthouse). A priced row without a quantity is 49 px or more, an unpriced one 33, a
    // category's or feature's title 24: an estimate that errs low.
    let titles = groups.iter().filter(|g| g.entries.len() > 1).count() + shown.len();
    let priced: usize = groups.iter().map(|g| g.entries.len()).sum();
    let held = format!(
        "min(100vh, {}px)",
        priced * 49 + catalog.unpriced.len() * 33 + titles * 24
    );
    let holding = move || (!rest.get()).then(|| held.clone());
    let list_class = if catalog.entries.len() > LONG_LIST {
        "vc-list vc-list--long"
    } else {
        "vc-list"
    };
    view! {
        // `data-partial` while only the first category's rows are there: a hook for tests.
        <div class=list_class data-partial=move || (!rest.get()).then_some("") style:min-block-size=holding node_ref=list>
            {sections}
            // Always in the page, empty unless nothing matches: a live region that appears with
            // its text is often not announced.
            <p class="vc-empty" role="status" node_ref=empty>{nothing}</p>
        </div>
    }
}
