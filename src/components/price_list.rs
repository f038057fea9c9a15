use leptos::prelude::*;
use vidmud_credits_core::{Catalog, Plan};

use super::EntryRow;

/// The price list, by category and then feature, each entry with its quantity box.
#[component]
pub fn PriceList(
    /// The validated price list.
    catalog: &'static Catalog,
    /// Quantities planned.
    plan: RwSignal<Plan>,
    /// The filter query.
    filter: RwSignal<String>,
    /// Bumped when the plan is cleared.
    resets: RwSignal<u32>,
) -> impl IntoView {
    let groups = catalog.groups();
    let sections = catalog
        .categories
        .iter()
        .enumerate()
        .filter(|(ci, _)| groups.iter().any(|g| g.category == *ci) || catalog.unpriced.iter().any(|u| u.category == *ci))
        .map(|(ci, category)| {
            let cat_name: &'static str = &category.name;
            let heading_id = format!("vc-cat-{}", category.id);
            let labelled_by = heading_id.clone();
            let shown = move || {
                filter.with(|q| {
                    catalog.entries.iter().any(|e| e.category == ci && e.matches(cat_name, q))
                        || catalog.unpriced.iter().any(|u| u.category == ci && u.matches(cat_name, q))
                })
            };
            let feature_groups = groups
                .iter()
                .filter(|g| g.category == ci)
                .map(|g| {
                    let rows = g
                        .entries
                        .iter()
                        .map(|&i| {
                            let entry = &catalog.entries[i];
                            view! { <EntryRow entry=entry category=cat_name plan=plan filter=filter resets=resets /> }
                        })
                        .collect_view();
                    let members: Vec<usize> = g.entries.clone();
                    let group_shown = move || {
                        filter.with(|q| members.iter().any(|&i| catalog.entries[i].matches(cat_name, q)))
                    };
                    let single = g.entries.len() == 1;
                    let feature = g.feature.to_owned();
                    view! {
                        <li class="vc-group" hidden=move || !group_shown()>
                            {(!single).then(|| view! { <h4 class="vc-group__title">{feature}</h4> })}
                            <ul class="vc-rows">{rows}</ul>
                        </li>
                    }
                })
                .collect_view();
            let unpriced = catalog
                .unpriced
                .iter()
                .filter(|u| u.category == ci)
                .map(|u| {
                    view! {
                        <li
                            class="vc-group vc-group--unpriced"
                            data-unpriced=u.id.clone()
                            hidden=move || !filter.with(|q| u.matches(cat_name, q))
                        >
                            <span class="vc-row__name">{u.name.clone()}</span>
                            " "
                            <span class="vc-row__price">"price not published yet"</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="vc-cat" aria-labelledby=labelled_by hidden=move || !shown()>
                    <h3 class="vc-cat__title" id=heading_id>{cat_name}</h3>
                    <ul class="vc-groups">{feature_groups}{unpriced}</ul>
                </section>
            }
        })
        .collect_view();
    // Nothing matches when no category is shown: the sections' own test, asked once more.
    let nothing = move || {
        filter.with(|q| {
            !catalog
                .entries
                .iter()
                .any(|e| e.matches(&catalog.categories[e.category].name, q))
                && !catalog
                    .unpriced
                    .iter()
                    .any(|u| u.matches(&catalog.categories[u.category].name, q))
        })
    };
    view! {
        <div class="vc-list">
            {sections}
            // Always in the page, empty unless nothing matches: a live region that appears with
            // its text is often not announced.
            <p class="vc-empty" role="status">
                {move || nothing().then(|| format!("Nothing matches “{}”.", filter.get().trim()))}
            </p>
        </div>
    }
}
