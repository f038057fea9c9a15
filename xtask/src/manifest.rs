//! `pkg/custom-elements.json`, the Custom Elements Manifest (schema 2.1.0) that editors and
//! design tools read, made from the README's tables, so that the manifest and the page hosts
//! read can't disagree: the attributes (`### Attributes`), properties, methods and events
//! (`### Properties, methods, events`) and the custom properties for theming (`## Theming`).
//! Each event's type comes from the package's types (`package/vidmud-credits.d.ts`); the tests
//! below check that the types and the README name the same properties and events.

use serde_json::{json, Value};

use crate::Result;

/// The rows of the first table after `heading`, each a list of its cells (header and rule rows
/// left out).
fn table<'a>(readme: &'a str, heading: &str) -> Vec<Vec<&'a str>> {
    let Some(at) = readme.lines().position(|l| l.trim() == heading) else {
        return Vec::new();
    };
    readme
        .lines()
        .skip(at + 1)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split(" | ")
                .map(str::trim)
                .collect()
        })
        .collect()
}

/// The text of the section that starts at `heading`, up to the next heading of its level.
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let Some(start) = readme.find(&format!("\n{heading}\n")) else {
        return "";
    };
    let body = &readme[start + heading.len() + 2..];
    let level = heading.split(' ').next().unwrap_or("##");
    let end = body.find(&format!("\n{level} ")).unwrap_or(body.len());
    &body[..end]
}

/// The names in backticks at the start of a cell: "`apiBase`, `locale`" gives both.
fn names(cell: &str) -> Vec<&str> {
    cell.split(", ")
        .filter_map(|n| n.strip_prefix('`')?.split('`').next())
        .map(|n| n.trim_end_matches("()"))
        .collect()
}

/// `apiBase` → `api-base`.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The events the types declare on the element, with their types: `"credits-change":
/// CustomEvent<Quote>;` lines of `VidmudCreditsEventMap`.
fn event_types(types: &str) -> Vec<(String, String)> {
    let Some(start) = types.find("interface VidmudCreditsEventMap") else {
        return Vec::new();
    };
    types[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with('}'))
        .filter_map(|l| {
            let (name, ty) = l.trim().split_once(": ")?;
            Some((
                name.trim_matches('"').to_owned(),
                ty.trim_end_matches(';').to_owned(),
            ))
        })
        .collect()
}

/// The properties and methods the types declare on the element.
#[cfg(test)]
fn type_members(types: &str) -> Vec<String> {
    let Some(start) = types.find("interface VidmudCreditsElement") else {
        return Vec::new();
    };
    let mut out: Vec<String> = types[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with('}'))
        .filter(|l| {
            l.starts_with("  ") && !l.starts_with("   ") && !l.trim_start().starts_with("/")
        })
        .filter_map(|l| {
            let l = l.trim().trim_start_matches("readonly ");
            let l = l
                .strip_prefix("get ")
                .or(l.strip_prefix("set "))
                .unwrap_or(l);
            let name: String = l
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            (!name.is_empty() && !name.ends_with("EventListener")).then_some(name)
        })
        .collect();
    out.dedup();
    out
}

/// The manifest, from the README's text and the types' text.
pub fn manifest(readme: &str, types: &str) -> Result<Value> {
    let attributes: Vec<(String, String)> = table(readme, "### Attributes")
        .iter()
        .filter_map(|row| {
            Some((
                names(row.first()?).first()?.to_string(),
                row.get(1)?.to_string(),
            ))
        })
        .collect();
    if attributes.is_empty() {
        return Err("README.md: no table under ### Attributes".into());
    }
    let typed_events = event_types(types);
    let mut members = Vec::new();
    let mut events = Vec::new();
    for row in table(readme, "### Properties, methods, events") {
        let [cell, kind, what] = row[..] else {
            return Err(format!("README.md: a row of 3 cells expected: {row:?}"));
        };
        for name in names(cell) {
            if kind.starts_with("event") {
                let ty = typed_events
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, t)| t.clone())
                    .ok_or_else(|| {
                        format!("{name}: an event the README names and the types don't")
                    })?;
                events.push(json!({ "name": name, "description": what, "type": { "text": ty } }));
            } else if kind == "method" {
                members.push(json!({ "kind": "method", "name": name, "description": what }));
            } else {
                let mut member = json!({ "kind": "field", "name": name, "description": what });
                let attribute = kebab(name);
                if attributes.iter().any(|(a, _)| *a == attribute) {
                    member["attribute"] = json!(attribute);
                }
                if kind.starts_with("read-only") {
                    member["readonly"] = json!(true);
                }
                members.push(member);
            }
        }
    }
    let css_properties: Vec<Value> = {
        let theming = section(readme, "## Theming");
        let mut seen = Vec::new();
        for part in theming.split('`') {
            if part.starts_with("--vc-") && !seen.contains(&part) {
                seen.push(part);
            }
        }
        seen.iter().map(|n| json!({ "name": n })).collect()
    };
    let attributes: Vec<Value> = attributes
        .iter()
        .map(|(name, what)| json!({ "name": name, "description": what }))
        .collect();
    Ok(json!({
        "schemaVersion": "2.1.0",
        "readme": "README.md",
        "modules": [{
            "kind": "javascript-module",
            "path": "vidmud-credits.js",
            "declarations": [{
                "kind": "class",
                "name": "VidmudCreditsElement",
                "tagName": "vidmud-credits",
                "customElement": true,
                "description": "Vidmud AI Studio's credits calculator and balance widget.",
                "attributes": attributes,
                "members": members,
                "events": events,
                "cssProperties": css_properties,
            }],
            "exports": [{
                "kind": "custom-element-definition",
                "name": "vidmud-credits",
                "declaration": { "name": "VidmudCreditsElement", "module": "vidmud-credits.js" },
            }],
        }],
    }))
}

/// Writes `custom-elements.json` into `out` from the repository's README and types.
pub fn write(out: &std::path::Path) -> Result {
    let read =
        |p: &str| std::fs::read_to_string(crate::root().join(p)).map_err(|e| format!("{p}: {e}"));
    let value = manifest(&read("README.md")?, &read("package/vidmud-credits.d.ts")?)?;
    let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    std::fs::write(out.join("custom-elements.json"), text + "\n").map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(p: &str) -> String {
        std::fs::read_to_string(crate::root().join(p)).unwrap()
    }

    fn declaration() -> Value {
        let m = manifest(&read("README.md"), &read("package/vidmud-credits.d.ts")).unwrap();
        m["modules"][0]["declarations"][0].clone()
    }

    fn names_of(list: &Value) -> Vec<String> {
        let mut n: Vec<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap().to_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn the_manifest_lists_every_attribute_property_event_and_custom_property() {
        let d = declaration();
        assert_eq!(d["tagName"], "vidmud-credits");
        let attributes = names_of(&d["attributes"]);
        for a in [
            "api-base",
            "credentials",
            "pricing-url",
            "account-url",
            "locale",
            "catalog-url",
        ] {
            assert!(attributes.contains(&a.to_owned()), "{a}");
        }
        assert_eq!(
            names_of(&d["events"]),
            ["credits-balance", "credits-buy", "credits-change"]
        );
        let change = d["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "credits-change")
            .unwrap();
        assert_eq!(change["type"]["text"], "CustomEvent<Quote>");
        let css = names_of(&d["cssProperties"]);
        assert!(
            css.contains(&"--vc-accent".to_owned()) && css.len() >= 12,
            "{css:?}"
        );
        // Every attribute but `packs` (a JSON text; the property takes the array) has a
        // property of its own that reflects it.
        let members = d["members"].as_array().unwrap();
        for a in &attributes {
            let reflected = members.iter().any(|m| m["attribute"] == a.as_str());
            assert!(
                reflected || a == "packs" || a == "sync-url",
                "{a} has no property"
            );
        }
    }

    /// The README's properties and methods are exactly those the types declare on the element.
    #[test]
    fn the_readme_and_the_types_name_the_same_members_and_events() {
        let d = declaration();
        let mut documented = names_of(&d["members"]);
        documented.dedup();
        let mut typed = type_members(&read("package/vidmud-credits.d.ts"));
        typed.sort();
        typed.dedup();
        assert_eq!(documented, typed);
        let mut events: Vec<String> = event_types(&read("package/vidmud-credits.d.ts"))
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        events.sort();
        assert_eq!(names_of(&d["events"]), events);
    }

    #[test]
    fn names_and_kebab_case() {
        assert_eq!(names("`apiBase`, `locale`"), ["apiBase", "locale"]);
        assert_eq!(names("`refresh()`"), ["refresh"]);
        assert_eq!(kebab("pricingUrl"), "pricing-url");
    }
}
