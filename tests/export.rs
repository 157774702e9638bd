//! Figures and event files for reports: from the library and from the command line.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use accords::export::{
    Figure, FigureRange, FigureSize, FigureTheme, events_csv, parse_svg, png_from_svg, render_png, render_svg,
};
use accords::load::default_dataset;
use accords::model::{Dataset, EventId};
use accords::query::{ActorMatch, Filter};
use accords::scene::LaneMode;
use resvg::usvg;

fn data() -> Dataset {
    default_dataset().unwrap().dataset
}

fn figure(theme: FigureTheme) -> Figure {
    Figure {
        title: "Test figure".into(),
        size: FigureSize::SLIDE,
        theme,
        range: FigureRange::All,
        lanes: LaneMode::Actor,
        arrangement: accords::scene::LaneArrangement::default(),
        focus: None,
        highlight: Vec::new(),
    }
}

/// Every element id in the parsed SVG tree.
fn ids(tree: &usvg::Tree) -> Vec<String> {
    fn walk(group: &usvg::Group, out: &mut Vec<String>) {
        for node in group.children() {
            if !node.id().is_empty() {
                out.push(node.id().to_owned());
            }
            if let usvg::Node::Group(g) = node {
                walk(g, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    out
}

#[test]
fn the_svg_parses_and_has_one_mark_per_event_party_and_the_legend_of_kinds_shown() {
    let data = data();
    let filter = Filter { actors: vec!["AZE".into(), "RUS".into()], actor_match: ActorMatch::All, ..Filter::default() };
    let shown = filter.apply(&data);
    let svg = render_svg(&data, &shown, &filter, &figure(FigureTheme::Light));
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("valid SVG");
    let ids = ids(&tree);
    let marks = ids.iter().filter(|id| id.starts_with("mark-")).count();
    let event_parties: usize = shown.iter().map(|id| data.event(*id).parties.len()).sum();
    assert_eq!(marks, event_parties);
    let mut legend: Vec<&str> = ids.iter().filter_map(|id| id.strip_prefix("legend-")).collect();
    legend.sort_unstable();
    // The treaties between the two have milestones, so their lifecycles are drawn and explained.
    assert!(legend.contains(&"lifecycle"), "{legend:?}");
    legend.retain(|id| *id != "lifecycle");
    let mut kinds: Vec<&str> = shown.iter().map(|id| data.event(*id).kind.code()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(legend, kinds);
    assert!(
        svg.contains("Russia and Azerbaijan together") || svg.contains("Azerbaijan and Russia together"),
        "the filter line"
    );
    assert!(!svg.contains("href"), "no external references");
}

#[test]
fn the_png_has_the_requested_size_and_real_text() {
    let data = data();
    let shown = Filter::default().apply(&data);
    let mut fig = figure(FigureTheme::Print);
    fig.size = FigureSize { width: 1000, height: 700, scale: 2.0 };
    let png = render_png(&data, &shown, &Filter::default(), &fig).unwrap();
    let image = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!((image.width(), image.height()), (2000, 1400));
    // The title sits alone in the top-left corner: dark pixels there are text, so fonts were found.
    let dark = (0..800)
        .flat_map(|x| (40..110).map(move |y| (x, y)))
        .filter(|&(x, y)| image.get_pixel(x, y).0[0] < 100)
        .count();
    assert!(dark > 500, "only {dark} dark pixels where the title should be");
}

#[test]
fn text_without_a_font_would_vanish_so_the_bundled_font_is_used() {
    let with_text = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="white"/><text x="5" y="30" font-size="28" font-family="sans-serif">Accords</text></svg>"#;
    let png = png_from_svg(with_text, 1.0).unwrap();
    let image = image::load_from_memory(&png).unwrap().to_rgba8();
    let inked = image.pixels().filter(|p| p.0[0] < 128).count();
    assert!(inked > 100, "the word was not drawn ({inked} dark pixels)");
}

#[test]
fn the_same_figure_gives_the_same_bytes() {
    let data = data();
    let shown: Vec<EventId> = Filter::default().apply(&data);
    let a = render_png(&data, &shown, &Filter::default(), &figure(FigureTheme::Dark)).unwrap();
    let b = render_png(&data, &shown, &Filter::default(), &figure(FigureTheme::Dark)).unwrap();
    assert!(a == b);
}

#[test]
fn csv_has_the_documented_header_and_one_row_per_event() {
    let data = data();
    let shown = Filter { text: "Shusha".into(), ..Filter::default() }.apply(&data);
    let csv = events_csv(&data, &shown).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, accords::export::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), shown.len());
    let shusha = rows.iter().find(|r| &r[0] == "shusha-declaration").unwrap();
    assert_eq!(&shusha[6], "TUR;AZE");
}

fn accords(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_accords")).args(args).env_remove("DISPLAY").output().unwrap()
}

#[test]
fn the_cli_exports_with_filters_and_respects_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fig.svg");
    let out_str = out.to_str().unwrap();
    let args = ["export", "--out", out_str, "--actor", "TUR", "--kind", "declaration", "--theme", "print"];
    let first = accords(&args);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("mark-shusha-declaration"), "Turkey's declarations include Shusha");
    assert!(
        !svg.contains("mark-rus-aze-allied-interaction-declaration"),
        "Turkey was not a party to the 2022 declaration"
    );

    let again = accords(&args);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already exists"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(accords(&forced).status.success());
    // The same arguments give the same bytes.
    assert_eq!(std::fs::read_to_string(&out).unwrap(), svg);

    let png = dir.path().join("fig.png");
    let made = accords(&[
        "export",
        "--out",
        png.to_str().unwrap(),
        "--size",
        "800x600",
        "--scale",
        "2",
        "--range",
        "2020..2022",
    ]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let image = image::open(&png).unwrap();
    assert_eq!((image.width(), image.height()), (1600, 1200));

    let bad = accords(&["export", "--out", dir.path().join("fig.gif").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("must end in .svg, .png or .pdf"));
    let missing = accords(&["export", "--out", "/no/such/dir/fig.svg"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("folder /no/such/dir does not exist"));
}

/// What a reader of a PDF meets: each page's size in points, the web addresses its links open,
/// and whether the document carries its own font programs.
struct PdfSeen {
    pages: Vec<(f32, f32)>,
    links: Vec<Vec<String>>,
    embeds_fonts: bool,
    /// The names of the fonts the document uses.
    fonts: Vec<String>,
}

fn read_pdf(bytes: &[u8]) -> PdfSeen {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let number = |o: &lopdf::Object| o.as_float().or_else(|_| o.as_i64().map(|n| n as f32)).unwrap();
    let deref = |o: &lopdf::Object| match o {
        lopdf::Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
        other => other.clone(),
    };
    let mut seen = PdfSeen { pages: Vec::new(), links: Vec::new(), embeds_fonts: false, fonts: Vec::new() };
    for id in doc.get_pages().values() {
        let page = doc.get_dictionary(*id).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        seen.pages.push((number(&media[2]) - number(&media[0]), number(&media[3]) - number(&media[1])));
        let annots = page.get(b"Annots").map(|a| deref(a).as_array().unwrap().clone()).unwrap_or_default();
        let uri = |a: &lopdf::Object| {
            let action = deref(deref(a).as_dict().unwrap().get(b"A").unwrap());
            let uri = action.as_dict().unwrap().get(b"URI").unwrap().as_str().unwrap().to_vec();
            String::from_utf8(uri).unwrap()
        };
        seen.links.push(annots.iter().map(uri).collect());
    }
    seen.embeds_fonts =
        doc.objects.values().any(|o| o.as_dict().is_ok_and(|d| d.has(b"FontFile2") || d.has(b"FontFile3")));
    seen.fonts = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok()?.get(b"BaseFont").ok()?.as_name().ok())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    seen
}

#[test]
fn a_pdf_figure_is_one_page_the_figure_s_size_then_citations_linking_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fig.pdf");
    let args = ["export", "--out", out.to_str().unwrap(), "--actor", "RUS", "--kind", "treaty"];
    let plain = accords(&[&args[..], &["--size", "a4-landscape", "--theme", "print"]].concat());
    assert!(plain.status.success(), "{}", String::from_utf8_lossy(&plain.stderr));
    let seen = read_pdf(&std::fs::read(&out).unwrap());
    assert_eq!(seen.pages.len(), 1, "without --citations the PDF is the figure alone");
    let (w, h) = seen.pages[0];
    assert!((w - 842.25).abs() < 0.5 && (h - 595.5).abs() < 0.5, "A4 landscape is 842×595 pt, not {w}×{h}");
    assert!(seen.embeds_fonts, "the figure's text is set in an embedded font, so it prints the same anywhere");

    let cited = accords(&[&args[..], &["--citations", "--force"]].concat());
    assert!(cited.status.success(), "{}", String::from_utf8_lossy(&cited.stderr));
    let seen = read_pdf(&std::fs::read(&out).unwrap());
    assert!(seen.pages.len() >= 2);
    assert!(seen.links[0].is_empty(), "the figure page has no links");
    for &(w, h) in &seen.pages[1..] {
        assert!((w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5, "citation pages are A4 portrait, not {w}×{h}");
    }
    // Every web source of every event drawn — the event's own and its milestones' — is a link, and
    // nothing else is (a long address wrapped over two lines is a link on each).
    let data = data();
    let mut kinds = accords::model::KindSet::none();
    kinds.set(accords::model::Kind::Treaty, true);
    let filter = Filter { actors: vec!["RUS".into()], kinds, ..Filter::default() };
    let shown = filter.apply(&data);
    let mut expected: Vec<String> = shown
        .iter()
        .flat_map(|id| {
            let event = data.event(*id);
            let milestones = event.milestones.iter().flat_map(|m| m.sources.iter().map(accords::model::Source::as_ref));
            event.sources.iter().chain(milestones).map(|s| s.url.to_string()).collect::<Vec<_>>()
        })
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
        .collect();
    let mut linked: Vec<String> = seen.links.concat();
    for urls in [&mut expected, &mut linked] {
        urls.sort();
        urls.dedup();
    }
    assert!(expected.len() > 10, "{expected:?}");
    assert_eq!(linked, expected);

    let refused = accords(&["export", "--out", dir.path().join("fig.svg").to_str().unwrap(), "--citations"]);
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && message.contains("--citations adds pages to a PDF"), "{message}");
}

#[test]
fn pinned_lanes_come_first_and_folded_ones_last_in_a_figure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pinned.svg");
    let args = ["export", "--out", out.to_str().unwrap(), "--actor", "AZE", "--actor", "RUS", "--all-actors"];
    let made = accords(&[&args[..], &["--pin", "TUR", "--pin", "IRN", "--fold", "OSCE"]].concat());
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    let names: Vec<&str> = svg
        .split(r#"<text class="lane-name""#)
        .skip(1)
        .map(|rest| rest.split_once('>').unwrap().1.split_once("</text>").unwrap().0)
        .collect();
    assert!(names[0] == "Turkey" && names[1].starts_with("Iran"), "{names:?}");
    // Each lane name carries the code that pins or folds it; the merged lanes have none.
    let codes = attributes(&svg, "lane-name", "data-lane");
    assert_eq!(codes[..2], ["TUR", "IRN"], "{codes:?}");
    assert!(!codes.contains(&"OSCE"), "the folded lane is not OSCE's own: {codes:?}");
    assert!(names.last().unwrap().starts_with("OSCE (folded)"), "{names:?}");
    assert_eq!(names.iter().filter(|n| n.starts_with("OSCE")).count(), 1, "{names:?}");

    let refused = accords(&[&args[..], &["--pin", "ATLANTIS", "--force"]].concat());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && message.contains(r#"--pin "ATLANTIS": no lane"#), "{message}");
    assert!(message.contains("AZE") && message.contains("RUS"), "the lanes it has are named: {message}");
}

#[test]
fn citations_of_the_highlighted_events_alone_link_only_their_sources() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("story.pdf");
    let id = "rus-aze-allied-interaction-declaration";
    let args = ["export", "--out", out.to_str().unwrap(), "--actor", "AZE", "--actor", "RUS", "--all-actors"];
    let cited = accords(&[&args[..], &["--highlight", id, "--citations", "highlighted"]].concat());
    assert!(cited.status.success(), "{}", String::from_utf8_lossy(&cited.stderr));
    let seen = read_pdf(&std::fs::read(&out).unwrap());
    assert_eq!(seen.pages.len(), 2, "the figure, then one page for one event");
    let data = data();
    let event = data.event(data.event_by_id(id).unwrap());
    let milestones = event.milestones.iter().flat_map(|m| m.sources.iter().map(accords::model::Source::as_ref));
    let mut expected: Vec<String> = event.sources.iter().chain(milestones).map(|s| s.url.to_string()).collect();
    let mut linked = seen.links.concat();
    for urls in [&mut expected, &mut linked] {
        urls.sort();
        urls.dedup();
    }
    assert!(!expected.is_empty());
    assert_eq!(linked, expected);

    let refused = accords(&[&args[..], &["--citations", "highlighted", "--force"]].concat());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && message.contains("none was given"), "{message}");
}

#[test]
fn a_highlighted_event_is_ringed_and_named_even_where_its_label_would_not_fit() {
    let data = data();
    let filter = Filter::default();
    let shown = filter.apply(&data);
    let plain = render_svg(&data, &shown, &filter, &figure(FigureTheme::Print));
    let label = |svg: &str, id: &str| svg.contains(&format!(r#"id="label-{id}""#));
    // An event that the crowded default figure leaves unlabelled.
    let quiet = *shown.iter().find(|e| !label(&plain, data.event(**e).id)).expect("a crowded figure drops some labels");
    let quiet_id = data.event(quiet).id.to_string();
    let mut fig = figure(FigureTheme::Print);
    fig.highlight = vec![quiet];
    let svg = render_svg(&data, &shown, &filter, &fig);
    assert!(label(&svg, &quiet_id), "a highlighted event always gets its label");
    let rings = svg.matches(r#"<circle class="highlight""#).count();
    assert_eq!(rings, data.event(quiet).parties.len().max(1), "one ring on each of its lanes");
    assert!(svg.contains(&format!(r#"class="highlight label-highlight" data-event="{quiet_id}""#)));
    assert!(!svg.contains("class=\"highlight\" data-event=\"rus-aze-allied-interaction-declaration\""));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fig.svg");
    let out = out.to_str().unwrap();
    let unknown = accords(&["export", "--out", out, "--highlight", "no-such-event"]);
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(message.contains(r#"--highlight "no-such-event": no event has that id"#), "{message}");
    let hidden =
        accords(&["export", "--out", out, "--actor", "TUR", "--highlight", "rus-aze-allied-interaction-declaration"]);
    let message = String::from_utf8_lossy(&hidden.stderr);
    assert!(!hidden.status.success() && message.contains("the filters hide that event"), "{message}");
    let made = accords(&["export", "--out", out, "--highlight", &quiet_id]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    assert!(label(&std::fs::read_to_string(out).unwrap(), &quiet_id));
}

#[test]
fn list_csv_works_from_the_command_line() {
    let out = accords(&["list", "--csv", "--actor", "NAM"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(&format!("{}\n", accords::export::CSV_COLUMNS.join(","))), "{text}");
    assert!(text.contains("\nazerbaijan-joins-nam,2011-05,"), "{text}");
}

/// Boxes of the drawn label texts, as resvg lays them out with the bundled font.
fn label_boxes(tree: &usvg::Tree) -> Vec<(String, usvg::Rect)> {
    fn walk(group: &usvg::Group, out: &mut Vec<(String, usvg::Rect)>) {
        for node in group.children() {
            match node {
                usvg::Node::Text(text) if text.id().starts_with("label-") => {
                    out.push((text.id().to_owned(), text.bounding_box()));
                }
                usvg::Node::Group(g) => walk(g, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    out
}

#[test]
fn drawn_labels_never_overlap() {
    let data = data();
    for (filter, theme) in [
        (Filter::default(), FigureTheme::Light),
        (
            Filter { actors: vec!["AZE".into(), "RUS".into()], actor_match: ActorMatch::All, ..Filter::default() },
            FigureTheme::Print,
        ),
    ] {
        let shown = filter.apply(&data);
        let tree = parse_svg(&render_svg(&data, &shown, &filter, &figure(theme))).unwrap();
        let boxes = label_boxes(&tree);
        assert!(boxes.len() > 20, "only {} labels", boxes.len());
        // Labels sit inside the plot, which clips what leaves it: none may be cut at the top.
        let svg = render_svg(&data, &shown, &filter, &figure(theme));
        let plot_top: f32 = svg
            .split(r#"<clipPath id="plot"><rect"#)
            .nth(1)
            .and_then(|r| r.split("y=\"").nth(1))
            .and_then(|r| r.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        for (id, b) in &boxes {
            assert!(b.top() >= plot_top, "{id} starts at {} above the plot's top {plot_top}", b.top());
        }
        for (i, (a_id, a)) in boxes.iter().enumerate() {
            for (b_id, b) in &boxes[i + 1..] {
                let apart =
                    a.right() <= b.left() || b.right() <= a.left() || a.bottom() <= b.top() || b.bottom() <= a.top();
                assert!(apart, "{a_id} {a:?} overlaps {b_id} {b:?}");
            }
        }
    }
}

#[test]
fn a_fixed_figure_looks_as_it_did() {
    let data = data();
    let filter = Filter { actors: vec!["AZE".into(), "TUR".into()], ..Filter::default() };
    let shown = filter.apply(&data);
    let mut fig = figure(FigureTheme::Print);
    fig.size = FigureSize { width: 1200, height: 700, scale: 1.0 };
    fig.title = "Azerbaijan and Turkey, 1997–2022".into();
    let png = render_png(&data, &shown, &filter, &fig).unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/figure_aze_tur_print.png");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        assert!(std::env::var_os("CI").is_none() || path.exists(), "the figure snapshot is missing in CI");
        std::fs::write(&path, &png).unwrap();
    }
    let expected = image::open(&path).unwrap().to_rgba8();
    let actual = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!(actual.dimensions(), expected.dimensions());
    let differing = actual
        .pixels()
        .zip(expected.pixels())
        .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 8))
        .count();
    let allowed = (actual.width() * actual.height()) as usize / 1000;
    if differing > allowed {
        std::fs::write(path.with_extension("new.png"), &png).unwrap();
        panic!(
            "{differing} pixels differ (allowed {allowed}); the new figure is in {}",
            path.with_extension("new.png").display()
        );
    }
}

#[test]
fn a_figure_of_many_events_draws_crowded_lanes_as_density_strips() {
    let text = accords::bench_data::native_json(accords::bench_data::Spec { events: 20_000, actors: 30, seed: 5 });
    let data = accords::load::from_text(&text, std::path::Path::new("many.json")).unwrap().dataset;
    let filter = Filter::default();
    let shown = filter.apply(&data);
    let svg = render_svg(&data, &shown, &filter, &figure(FigureTheme::Light));
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("valid SVG");
    let ids = ids(&tree);
    assert!(ids.iter().any(|id| id == "density-0"), "the busiest lane is a strip");
    let marks = ids.iter().filter(|id| id.starts_with("mark-")).count();
    assert!(marks < shown.len() / 10, "{marks} marks: most events are counted, not drawn one by one");
    assert!(svg.len() < 2_000_000, "the figure stays small: {} bytes", svg.len());
}

/// The values of `attribute` on the elements of `svg` whose class starts with `class`.
fn attributes<'a>(svg: &'a str, class: &str, attribute: &str) -> Vec<&'a str> {
    let opening = format!(r#"class="{class}"#);
    svg.match_indices(&opening)
        .filter_map(|(at, _)| {
            let element = &svg[svg[..at].rfind('<')?..];
            let element = &element[..element.find('>')?];
            let key = format!(r#" {attribute}=""#);
            let start = element.find(&key)? + key.len();
            Some(&element[start..start + element[start..].find('"')?])
        })
        .collect()
}

#[test]
fn the_lifecycle_legend_draws_each_glyph_as_the_plot_draws_it() {
    let data = data();
    let shown = Filter::default().apply(&data);
    let svg = render_svg(&data, &shown, &Filter::default(), &figure(FigureTheme::Light));
    let legend = |code: &str, attribute: &str| attributes(&svg, &format!("legend-life {code}\""), attribute);
    // Each status drawn in the plot has one sample in the legend, dashed as the plot's lines are.
    for status in ["signed", "in-force", "suspended"] {
        let plot = attributes(&svg, &format!("lifecycle {status}\""), "stroke-width");
        assert!(!plot.is_empty(), "the default data has {status} stretches");
        assert_eq!(legend(status, "stroke-width"), [plot[0]], "{status}");
        let dashes = |found: Vec<&str>| found.first().copied().map(str::to_owned);
        assert_eq!(
            dashes(legend(status, "stroke-dasharray")),
            dashes(attributes(&svg, &format!("lifecycle {status}\""), "stroke-dasharray")),
            "{status}"
        );
    }
    // An end's tick is taller than a step's, as on the lanes.
    let height = |code: &str| {
        let (top, bottom) = (legend(code, "y1"), legend(code, "y2"));
        bottom[0].parse::<f64>().unwrap() - top[0].parse::<f64>().unwrap()
    };
    assert!(height("ended") > height("step"));
    // A figure with no lifecycle in it has no lifecycle legend.
    let summits = Filter { kinds: [accords::model::Kind::Summit].into_iter().collect(), ..Filter::default() };
    let plain = render_svg(&data, &summits.apply(&data), &summits, &figure(FigureTheme::Light));
    assert!(!plain.contains("legend-life"));
}

#[test]
fn a_focused_figure_draws_exactly_the_lineage_of_its_event_and_names_every_element() {
    let data = data();
    let id = data.event_by_id("rus-aze-allied-interaction-declaration").unwrap();
    let shown = Filter::default().apply(&data);
    let focused = Figure { focus: Some(id), ..figure(FigureTheme::Light) };
    let svg = render_svg(&data, &shown, &Filter::default(), &focused);
    let own = data.event(id).id;
    let mut drawn: Vec<(&str, &str)> =
        attributes(&svg, "lineage", "data-event").into_iter().zip(attributes(&svg, "lineage", "data-to")).collect();
    drawn.sort_unstable();
    let mut expected: Vec<(&str, &str)> =
        data.event(id).related.iter().map(|r| (own, data.event(r.event).id)).collect();
    expected.extend(data.referring_to(id).iter().map(|(other, _)| (data.event(*other).id, own)));
    expected.sort_unstable();
    assert_eq!(drawn, expected, "the arcs join exactly the related events");
    assert!(attributes(&svg, "lineage", "data-relation").contains(&"builds-on"));
    // Every marker, bar, label, leader and connector says which event it belongs to.
    for class in ["marker", "bar", "label", "connector"] {
        let events = attributes(&svg, class, "data-event");
        assert!(!events.is_empty(), "no {class} with data-event");
        assert!(events.iter().all(|e| data.event_by_id(e).is_some()), "{class}: {events:?}");
    }
    // The rest is dimmed; the focused event is not.
    assert!(svg.contains(r#"opacity="0.18""#));
    let own_attribute = format!(r#"data-event="{own}""#);
    let own_elements: Vec<&str> =
        svg.match_indices(&own_attribute).map(|(at, _)| &svg[at..at + svg[at..].find('>').unwrap()]).collect();
    assert!(
        !own_elements.is_empty() && own_elements.iter().all(|e| !e.contains("opacity=\"0.18\"")),
        "{own_elements:?}"
    );
    let unfocused = render_svg(&data, &shown, &Filter::default(), &figure(FigureTheme::Light));
    assert!(!unfocused.contains(r#"class="lineage"#) && !unfocused.contains(r#"opacity="0.18""#));
}

#[test]
fn export_focus_takes_an_event_id_and_refuses_an_unknown_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("focus.svg");
    let made = Command::new(env!("CARGO_BIN_EXE_accords"))
        .args(["export", "--focus", "rus-aze-allied-interaction-declaration", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    assert!(std::fs::read_to_string(&out).unwrap().contains(r#"class="lineage builds-on""#));
    let refused = Command::new(env!("CARGO_BIN_EXE_accords"))
        .args(["export", "--focus", "no-such-event", "--out"])
        .arg(dir.path().join("other.svg"))
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no-such-event"));
    assert!(!dir.path().join("other.svg").exists(), "nothing is written");
}

/// Events titled, and actors named, in the scripts of the region, one script each.
const SCRIPTS: &str = r#"{"actors": [
  {"code": "ARM", "name": "Հայաստան", "type": "state"}, {"code": "GEO", "name": "საქართველო", "type": "state"},
  {"code": "IRN", "name": "ایران", "type": "state"}, {"code": "ISR", "name": "ישראל", "type": "state"},
  {"code": "RUS", "name": "Россия", "type": "state"}, {"code": "USA", "name": "United States", "type": "state"},
  {"code": "ARE", "name": "الإمارات", "type": "state"}
 ], "events": [
  {"id": "hy", "date": "1997-08-29", "title": "Բարեկամության պայմանագիր", "kind": "treaty", "parties": ["ARM", "RUS"]},
  {"id": "ka", "date": "2008-08-12", "title": "ექვსპუნქტიანი შეთანხმება", "kind": "ceasefire", "parties": ["GEO", "RUS"]},
  {"id": "fa", "date": "2015-07-14", "title": "برنامه جامع اقدام مشترک", "kind": "treaty", "parties": ["IRN", "USA"]},
  {"id": "he", "date": "2020-09-15", "title": "הסכמי אברהם", "kind": "declaration", "parties": ["ISR", "ARE"]}
]}"#;

#[test]
fn every_script_is_drawn_with_real_glyphs_as_wide_as_the_scene_measured_it() {
    let data = accords::load::from_text(SCRIPTS, std::path::Path::new("scripts.json")).unwrap().dataset;
    let filter = Filter::default();
    let shown = filter.apply(&data);
    let svg = render_svg(&data, &shown, &filter, &figure(FigureTheme::Print));
    let tree = parse_svg(&svg).unwrap();
    let mut labels = 0;
    for (id, family) in [
        ("hy", "Noto Sans Armenian"),
        ("ka", "Noto Sans Georgian"),
        ("fa", "Noto Sans Arabic"),
        ("he", "Noto Sans Hebrew"),
    ] {
        let Some(usvg::Node::Text(text)) = tree.node_by_id(&format!("label-{id}")) else { continue };
        labels += 1;
        let glyphs: Vec<_> = text.layouted().iter().flat_map(|span| &span.positioned_glyphs).collect();
        for glyph in glyphs.iter().filter(|g| g.text.trim() != "") {
            assert_ne!(glyph.id.0, 0, "{id}: {:?} has no glyph (a box)", glyph.text);
            let face = tree.fontdb().face(glyph.font).unwrap();
            assert!(
                face.families.iter().any(|(name, _)| name == family),
                "{id}: {:?} is not set in {family}",
                glyph.text
            );
        }
        // The scene placed the label by its measure; the figure draws it that wide.
        let measured = accords::scene::text::text_width_px(data.event(data.event_by_id(id).unwrap()).label(), 12.0);
        let drawn = f64::from(text.bounding_box().width());
        assert!((drawn - measured).abs() < 2.0, "{id}: drawn {drawn} px, measured {measured} px");
    }
    assert!(labels >= 3, "only {labels} of the four labels drawn");
    // Each citation page line names its font too, so a PDF embeds every script's face.
    let pdf = accords::export::render_pdf(
        &data,
        &shown,
        &filter,
        &figure(FigureTheme::Print),
        accords::export::Citations::Every,
    )
    .unwrap();
    let fonts = read_pdf(&pdf).fonts;
    for family in ["NotoSansArmenian", "NotoSansGeorgian", "NotoSansArabic", "NotoSansHebrew"] {
        assert!(fonts.iter().any(|name| name.contains(family)), "the PDF embeds no {family}: {fonts:?}");
    }
}
