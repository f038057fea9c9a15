//! The few URLs the widget builds or follows: the balance and usage endpoints, and links from
//! host attributes, which must never run script.

/// `{api-base}/v1/credits/balance`, with any trailing slashes of the base dropped. `None` when the
/// base is blank, which means "no account API": the widget makes no request at all.
pub fn balance_url(api_base: &str) -> Option<String> {
    let base = api_base.trim().trim_end_matches('/');
    if base.is_empty() {
        return None;
    }
    Some(format!("{base}/v1/credits/balance"))
}

/// `{api-base}/v1/credits/usage?days={days}`, with the base trimmed as for [`balance_url`];
/// `None` when the base is blank.
pub fn usage_url(api_base: &str, days: u32) -> Option<String> {
    let base = api_base.trim().trim_end_matches('/');
    if base.is_empty() {
        return None;
    }
    Some(format!("{base}/v1/credits/usage?days={days}"))
}

/// A host-supplied link, kept only if following it cannot run script: http(s) URLs and
/// relative references pass; `javascript:`, `data:` and other schemes do not.
pub fn safe_href(href: &str) -> Option<&str> {
    let h = href.trim();
    if h.is_empty() {
        return None;
    }
    let scheme_end = h.find(':');
    let path_start = h.find(['/', '?', '#']).unwrap_or(h.len());
    match scheme_end {
        Some(colon) if colon < path_start => {
            let scheme = h[..colon].to_ascii_lowercase();
            (scheme == "https" || scheme == "http").then_some(h)
        }
        _ => Some(h),
    }
}

/// The pricing link with `credits=<n>` in its query, and `packs=<id>,<id>` when packs are
/// advised (each id percent-encoded, the commas not). Any `credits` or `packs` parameter the
/// link already has is dropped, so a page that reads the first value reads these; the other
/// parameters and the fragment are kept as they were, in their order.
pub fn buy_url(pricing_url: &str, credits: u64, packs: &[&str]) -> Option<String> {
    let href = safe_href(pricing_url)?;
    let (before, fragment) = match href.find('#') {
        Some(i) => href.split_at(i),
        None => (href, ""),
    };
    let (path, query) = before.split_once('?').unwrap_or((before, ""));
    let mut url = String::from(path);
    url.push('?');
    for param in query.split('&') {
        let name = param.split('=').next().unwrap_or("");
        if param.is_empty() || is_named(name, "credits") || is_named(name, "packs") {
            continue;
        }
        url.push_str(param);
        url.push('&');
    }
    url.push_str("credits=");
    url.push_str(&credits.to_string());
    if !packs.is_empty() {
        url.push_str("&packs=");
        for (i, id) in packs.iter().enumerate() {
            if i > 0 {
                url.push(',');
            }
            encode_into(&mut url, id);
        }
    }
    url.push_str(fragment);
    Some(url)
}

/// Whether a query parameter's name, as a page would read it (`%XX` decoded, `+` a space), is
/// `name`: `cr%65dits` is `credits` to `URLSearchParams`.
fn is_named(raw: &str, name: &str) -> bool {
    let b = raw.as_bytes();
    let mut decoded = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| char::from(c).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                decoded.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                decoded.push(b' ');
                i += 1;
            }
            (c, _, _) => {
                decoded.push(c);
                i += 1;
            }
        }
    }
    decoded == name.as_bytes()
}

/// A `data:` URL holding `body` as `media_type`, percent-encoded (for a download the widget
/// makes itself, such as the plan's CSV).
pub fn data_url(media_type: &str, body: &str) -> String {
    let mut url = format!("data:{media_type},");
    encode_into(&mut url, body);
    url
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode_into(out: &mut String, text: &str) {
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn data_urls_escape_all_but_unreserved_characters() {
        assert_eq!(
            data_url("text/csv;charset=utf-8", "a,b\r\n·~"),
            "data:text/csv;charset=utf-8,a%2Cb%0D%0A%C2%B7~"
        );
    }

    #[test]
    fn builds_the_balance_url() {
        assert_eq!(
            balance_url("https://api.vidmud.test").as_deref(),
            Some("https://api.vidmud.test/v1/credits/balance")
        );
        assert_eq!(
            balance_url("http://127.0.0.1:8787/").as_deref(),
            Some("http://127.0.0.1:8787/v1/credits/balance")
        );
        assert_eq!(
            balance_url("/account//").as_deref(),
            Some("/account/v1/credits/balance")
        );
        assert_eq!(balance_url("  "), None);
    }

    #[test]
    fn builds_the_usage_url() {
        assert_eq!(
            usage_url("https://api.vidmud.test", 30).as_deref(),
            Some("https://api.vidmud.test/v1/credits/usage?days=30")
        );
        assert_eq!(
            usage_url(" http://127.0.0.1:8787// ", 7).as_deref(),
            Some("http://127.0.0.1:8787/v1/credits/usage?days=7")
        );
        assert_eq!(
            usage_url("/account/", 30).as_deref(),
            Some("/account/v1/credits/usage?days=30")
        );
        assert_eq!(usage_url("", 30), None);
        assert_eq!(usage_url(" / ", 30), None);
    }

    #[test]
    fn only_safe_links_pass() {
        assert_eq!(
            safe_href("https://vidmud.test/pricing"),
            Some("https://vidmud.test/pricing")
        );
        assert_eq!(safe_href("/pricing"), Some("/pricing"));
        assert_eq!(safe_href("pricing?a=1"), Some("pricing?a=1"));
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href(" JavaScript:alert(1)"), None);
        assert_eq!(safe_href("data:text/html,hi"), None);
        assert_eq!(safe_href(""), None);
    }

    #[test]
    fn adds_credits_to_the_pricing_link() {
        assert_eq!(
            buy_url("https://v.test/pricing", 450, &[]).as_deref(),
            Some("https://v.test/pricing?credits=450")
        );
        assert_eq!(
            buy_url("/pricing?plan=pro", 1, &[]).as_deref(),
            Some("/pricing?plan=pro&credits=1")
        );
        assert_eq!(
            buy_url("/pricing?", 1, &[]).as_deref(),
            Some("/pricing?credits=1")
        );
        assert_eq!(
            buy_url("/pricing#buy", 2, &[]).as_deref(),
            Some("/pricing?credits=2#buy")
        );
        assert_eq!(buy_url("javascript:x", 2, &[]), None);
        let packs = ["pro", "pro", "a b&c"];
        assert_eq!(
            buy_url("/pricing#buy", 900, &packs).as_deref(),
            Some("/pricing?credits=900&packs=pro,pro,a%20b%26c#buy")
        );
        assert_eq!(
            buy_url("/pricing?a=1&&b=2&", 3, &[]).as_deref(),
            Some("/pricing?a=1&b=2&credits=3")
        );
    }

    /// `pricing-url="/p?credits=5"` once gave `?credits=5&credits=120`: a page reading the first
    /// value showed 5.
    #[test]
    fn credits_and_packs_replace_any_present() {
        assert_eq!(
            buy_url("/p?credits=5", 120, &[]).as_deref(),
            Some("/p?credits=120")
        );
        assert_eq!(
            buy_url(
                "/p?packs=x&plan=pro&credits=5&cr%65dits=6&credits#buy",
                120,
                &["a"]
            )
            .as_deref(),
            Some("/p?plan=pro&credits=120&packs=a#buy")
        );
        // Names that only contain or resemble them stay.
        assert_eq!(
            buy_url("/p?mycredits=1&credits_x=2&packs2=3", 7, &[]).as_deref(),
            Some("/p?mycredits=1&credits_x=2&packs2=3&credits=7")
        );
    }

    /// A query parameter `name=value` as `URLSearchParams` would read it, for the tests.
    fn params(url: &str) -> Vec<(String, String)> {
        let before = url.split('#').next().unwrap();
        let query = before.split_once('?').map_or("", |(_, q)| q);
        query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect()
    }

    proptest! {
        /// Whatever the pricing link holds, the buy link has one `credits` and at most one
        /// `packs`, with the values asked for, after the link's other parameters in their order,
        /// and its fragment last and unchanged.
        #[test]
        fn buy_links_carry_one_credits_and_keep_the_rest(
            path in "(https://v\\.test)?/[a-z]{0,6}",
            query in proptest::collection::vec(
                ("(credits|packs|cr%65dits|plan|[a-z]{1,8})", "(=[a-z0-9%]{0,4})?"),
                0..6,
            ),
            fragment in "(#[a-z=&?]{0,8})?",
            credits in 0u64..10_000_000,
            packs in proptest::collection::vec("[a-z0-9 &]{1,4}", 0..3),
        ) {
            let query: Vec<String> = query.into_iter().map(|(k, v)| format!("{k}{v}")).collect();
            let href = if query.is_empty() {
                format!("{path}{fragment}")
            } else {
                format!("{path}?{}{fragment}", query.join("&"))
            };
            let ids: Vec<&str> = packs.iter().map(String::as_str).collect();
            let url = buy_url(&href, credits, &ids).unwrap();
            let start = format!("{path}?");
            prop_assert!(url.starts_with(&start));
            prop_assert!(url.ends_with(&fragment));
            let got = params(&url);
            let ours = |k: &str| is_named(k, "credits") || is_named(k, "packs");
            let kept: Vec<(String, String)> = got.iter().filter(|(k, _)| !ours(k)).cloned().collect();
            let theirs: Vec<(String, String)> = params(&href).into_iter().filter(|(k, _)| !ours(k)).collect();
            prop_assert_eq!(kept, theirs);
            let credit_values: Vec<&str> = got.iter().filter(|(k, _)| is_named(k, "credits")).map(|(_, v)| v.as_str()).collect();
            prop_assert_eq!(credit_values, vec![credits.to_string()]);
            let pack_params = got.iter().filter(|(k, _)| is_named(k, "packs")).count();
            prop_assert_eq!(pack_params, usize::from(!packs.is_empty()));
            // Ours come last, credits then packs.
            let n = got.len();
            let tail = if packs.is_empty() { 1 } else { 2 };
            prop_assert!(got[..n - tail].iter().all(|(k, _)| !ours(k)));
            prop_assert!(is_named(&got[n - tail].0, "credits"));
        }
    }
}
