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
    let groups = catalog.groups();
    let sections = catalog
        .categories
        .iter()
        .enumerate()
        .filter(|(ci, _)| {
            groups.iter().any(|g| g.category == *ci)
                || catalog.unpriced.iter().any(|u| u.category == *ci)
        })
        .map(|(ci, category)| {
            let heading_id = format!("vc-cat-{}", category.id);
            let heading = t
                .m
                .categories
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
        })
        .collect_view();
    let nothing = move || {
        (!visible.with(|v| v.any()))
            .then(|| filter.with(|q| fill(t.m.nothing_matches, &[q.trim()])))
    };
    let list_class = if catalog.entries.len() > LONG_LIST {
        "vc-list vc-list--long"
    } else {
        "vc-list"
    };
    view! {
        <div class=list_class>
            {sections}
            // Always in the page, empty unless nothing matches: a live region that appears with
            // its text is often not announced.
            <p class="vc-empty" role="status">{nothing}</p>
        </div>
    }
}
