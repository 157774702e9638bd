//! Accords: diplomatic events — treaties, declarations, joint statements, ceasefires, memberships —
//! on an interactive timeline.
//!
//! The data flows one way: [`load`] turns files into a validated [`model::Dataset`]; a
//! [`query::Filter`] picks the events to show; `scene` lays them out without knowing how they are
//! drawn; `ui` paints the scene in the window, and `export` draws it into figures. Only `ui` knows
//! egui. A [`view::ViewSpec`] is a whole view as one line of text. The command line lives in the
//! binary (`src/main.rs`, `src/cli.rs`).

pub mod export;
pub mod load;
pub mod model;
pub mod query;

/// Why an address is not accepted as a link, or `Ok` with the host it really opens.
///
/// Only `http` and `https` addresses with a host pass, without user names or passwords (which let
/// `https://good.example@evil.example/` look like one site and open another), and without control
/// or bidirectional-override characters (which make an address read differently than it opens).
pub fn web_link_host(url: &str) -> Result<String, &'static str> {
    if url.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err("an address without control or text-direction characters");
    }
    let url = url.trim();
    // The URL standard skips extra slashes, so `https:///etc/passwd` would open the host `etc`.
    let after_scheme = ["http://", "https://"].iter().find_map(|scheme| {
        url.get(..scheme.len()).filter(|s| s.eq_ignore_ascii_case(scheme)).map(|_| &url[scheme.len()..])
    });
    match after_scheme {
        None => return Err("an http:// or https:// address"),
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '\\']) => {
            return Err("an address with a host, as in https://example.org/page");
        }
        Some(_) => {}
    }
    let parsed = url::Url::parse(url).map_err(|_| "an http:// or https:// address")?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("an http:// or https:// address");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("an address without a user name or password before the host");
    }
    match parsed.host_str() {
        Some(host) if !host.is_empty() => Ok(host.to_owned()),
        _ => Err("an address with a host, as in https://example.org/page"),
    }
}

/// [`web_link_host`] for the many addresses of a file, remembering its answer for each address's
/// scheme and authority (up to and with the first `/`, backslash, `?` or `#` after `://`): the URL
/// standard parses a web address's path, query and fragment without ever failing, so whether an
/// address passes, and which host it opens, depend on that part alone (and on control characters,
/// looked for in every address). Files cite a few sites many times; each is parsed once.
#[derive(Debug, Default)]
pub struct LinkHosts {
    known: hashbrown::HashMap<String, Result<String, &'static str>>,
}

impl LinkHosts {
    /// At most this many sites are remembered; then the memory starts again.
    const MAX_KNOWN: usize = 4096;

    /// What [`web_link_host`] says of `url`; a host seen before is lent, not copied.
    pub fn host(&mut self, url: &str) -> Result<std::borrow::Cow<'_, str>, &'static str> {
        let trimmed = url.trim();
        let Some(after_scheme) = memchr::memmem::find(trimmed.as_bytes(), b"://").map(|at| at + 3) else {
            return web_link_host(url).map(Into::into);
        };
        let printable_ascii = url.bytes().all(|b| (b' '..=b'~').contains(&b));
        if !printable_ascii && url.chars().any(|c| c.is_control() || is_bidi_control(c)) {
            return web_link_host(url).map(Into::into);
        }
        let rest = &trimmed.as_bytes()[after_scheme..];
        let end = rest.iter().position(|b| b"/\\?#".contains(b)).map_or(trimmed.len(), |at| after_scheme + at + 1);
        let key = &trimmed[..end];
        if self.known.len() == Self::MAX_KNOWN && !self.known.contains_key(key) {
            self.known.clear();
        }
        let known = self.known.entry_ref(key).or_insert_with(|| web_link_host(url));
        known.as_deref().map(Into::into).map_err(|e| *e)
    }
}

/// Whether a link's label already names the site it opens: some domain of the host, two labels or
/// more (`trend.az` for `en.trend.az`), stands in the label. `nato.int` does not name
/// `nato.int.evil.example`, whose domains are `nato.int.evil.example`, `int.evil.example` and
/// `evil.example`.
pub fn label_names_host(label: &str, host: &str) -> bool {
    let label = label.to_lowercase();
    let parts: Vec<&str> = host.split('.').collect();
    // A whole name in the label, not the tail of another (`co.uk` of `evil.co.uk`).
    let stands_alone = |domain: &str| {
        label.match_indices(domain).any(|(at, _)| {
            let before = label[..at].chars().next_back();
            let after = label[at + domain.len()..].chars().next();
            let part_of_name = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '-');
            !part_of_name(before) && !part_of_name(after)
        })
    };
    (0..parts.len().saturating_sub(1)).any(|i| stands_alone(&parts[i..].join(".")))
}

/// Whether a link may be opened or stored as a source (see [`web_link_host`]).
pub fn is_web_link(url: &str) -> bool {
    web_link_host(url).is_ok()
}

/// Characters that change the direction of the text around them (U+202A–U+202E, U+2066–U+2069,
/// and the marks U+200E, U+200F, U+061C).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_web_links_pass() {
        assert_eq!(super::web_link_host("https://www.nato.int/x").as_deref(), Ok("www.nato.int"));
        assert!(super::is_web_link("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "https:///etc/passwd",
            "ftp://x",
            "https://a b",
            "https://good.example@evil.example/",
            "https://user:pw@example.org/",
            "https://example.org/\u{202E}fdp.exe",
            "https://example.org/\u{7}",
        ] {
            assert!(!super::is_web_link(bad), "{bad:?}");
        }
    }

    #[test]
    fn remembered_hosts_are_what_the_parser_says_of_each_address() {
        let sites =
            ["https://example.org", "HTTPS://Example.ORG", "http://a.example:8080", "https://", "https://u@a.example"];
        let sites =
            sites.iter().chain(&["https://a b", "ftp://example.org", "https://xn--d1acufc.xn--p1ai", "https://[::1]"]);
        let rests = [
            "",
            "/",
            "/e0",
            "//x",
            "///",
            "?q=1",
            "#top",
            "\\x",
            "/a b",
            "/\u{7}",
            "/\u{202E}x",
            "/ü?ä#ö",
            "@evil.example/",
        ];
        let mut hosts = super::LinkHosts::default();
        // Twice over, so the second pass answers from memory.
        for _ in 0..2 {
            for site in sites.clone() {
                for rest in rests {
                    let url = format!("{site}{rest}");
                    assert_eq!(
                        hosts.host(&url).map(std::borrow::Cow::into_owned),
                        super::web_link_host(&url),
                        "{url:?}"
                    );
                }
            }
        }
        assert!(hosts.known.len() < sites.count() * rests.len(), "addresses of one site share an entry");
    }

    #[test]
    fn a_label_names_its_host_only_by_a_domain_of_it() {
        assert!(super::label_names_host("Trend News Agency (trend.az)", "en.trend.az"));
        assert!(super::label_names_host("Meydan TV (meydan.tv)", "www.meydan.tv"));
        assert!(!super::label_names_host("NATO (nato.int)", "nato.int.evil.example"));
        assert!(!super::label_names_host("NATO", "evil.example"));
        assert!(!super::label_names_host("example", "example"), "a bare word is no domain");
        assert!(super::label_names_host("BBC (bbc.co.uk)", "news.bbc.co.uk"));
        assert!(!super::label_names_host("Evil (evil.co.uk)", "news.bbc.co.uk"));
    }
}
pub mod bench_data;
pub mod scene;
pub mod ui;
pub mod view;
