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

/// The pricing link with `credits=<n>` added to its query, and `packs=<id>,<id>` when packs
/// are advised (each id percent-encoded, the commas not), keeping any fragment last.
pub fn buy_url(pricing_url: &str, credits: u64, packs: &[&str]) -> Option<String> {
    let href = safe_href(pricing_url)?;
    let (before, fragment) = match href.find('#') {
        Some(i) => href.split_at(i),
        None => (href, ""),
    };
    let joiner = if !before.contains('?') {
        "?"
    } else if before.ends_with('?') || before.ends_with('&') {
        ""
    } else {
        "&"
    };
    let mut url = format!("{before}{joiner}credits={credits}");
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
    }
}
