//! Accords: diplomatic events — treaties, declarations, joint statements, ceasefires, memberships —
//! on an interactive timeline.
//!
//! The data flows one way: [`load`] turns files into a validated [`model::Dataset`]; a
//! [`query::Filter`] picks the events to show; `scene` lays them out without knowing how they are
//! drawn; `ui` paints the scene in the window. Only `ui` knows egui.

pub mod cli;
pub mod export;
pub mod load;
pub mod model;
pub mod query;

/// Whether a link may be opened or stored as a source: only `http` and `https` addresses.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://"].iter().any(|scheme| {
        lower.strip_prefix(scheme).is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_web_links_pass() {
        assert!(super::is_web_link("https://www.nato.int/x"));
        assert!(super::is_web_link("HTTP://example.org"));
        for bad in ["javascript:alert(1)", "file:///etc/passwd", "https://", "ftp://x", "https://a b"] {
            assert!(!super::is_web_link(bad), "{bad}");
        }
    }
}
pub mod scene;
pub mod synthetic;
pub mod ui;
