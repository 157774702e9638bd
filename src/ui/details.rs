//! The details panel: everything about the selected event, with its sources and related events.

use egui::RichText;

use super::command::Command;
use super::paint::swatch_ui;
use crate::model::{Dataset, EventId, Relation};

/// Draws everything about `selected`; `incoming` are the events that link to it, `shown` the
/// events the filters let through.
pub fn show(
    ui: &mut egui::Ui,
    data: &Dataset,
    shown: &[EventId],
    selected: Option<EventId>,
    incoming: &[(EventId, Relation)],
    out: &mut Vec<Command>,
) {
    ui.heading("Details");
    let Some(id) = selected else {
        ui.label("Select an event on the timeline or in the table to read about it.");
        ui.add_space(8.0);
        ui.weak("← / → walk through the shown events, Enter zooms to the selected one, Esc clears the selection, Alt+← goes back. F1 lists every key.");
        return;
    };
    let event = data.event(id);
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.label(RichText::new(&*event.title).strong().size(16.0));
        if shown.binary_search(&id).is_err() {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, "Hidden by the current filters.");
                let show = ui
                    .button("Show it")
                    .on_hover_text("Clear the filters, so it shows on the timeline (Ctrl+Z undoes)");
                if show.clicked() {
                    out.push(Command::ShowHidden(id));
                }
            });
        }
        // Rows of wrapping text, not a grid: grid cells do not wrap and would widen the panel.
        let fact = |ui: &mut egui::Ui, name: &str, value: &str| {
            ui.horizontal_wrapped(|ui| {
                ui.weak(name);
                ui.label(value);
            });
        };
        fact(ui, "Date", &event.date_text());
        ui.horizontal(|ui| {
            ui.weak("Type");
            swatch_ui(ui, event.kind);
            ui.label(event.kind.label()).on_hover_text(event.kind.description());
        });
        fact(ui, "Parties", &data.party_names(event));
        if !event.location.is_empty() {
            fact(ui, "Place", event.location);
        }
        ui.add_space(6.0);
        ui.label(event.summary);
        if !event.provisions.is_empty() {
            ui.add_space(6.0);
            ui.strong("Provisions");
            for provision in event.provisions.iter() {
                ui.label(format!("• {provision}"));
            }
        }
        // The lineage first: it is the story; the lifecycle and the sources are for checking it.
        related_ui(ui, data, event, incoming, out);
        lifecycle_ui(ui, data, event);
        ui.add_space(6.0);
        ui.strong("Sources");
        for source in event.sources.iter() {
            // Only web links reach the model, but check again where a click would open it.
            // The label comes from the file; the host beside it is where the link really goes.
            if let Ok(host) = crate::web_link_host(source.url) {
                ui.horizontal_wrapped(|ui| {
                    ui.hyperlink_to(source.label, source.url).on_hover_text(source.url);
                    if !crate::label_names_host(source.label, &host) {
                        ui.weak(format!("({host})"));
                    }
                });
            } else {
                ui.label(source.label);
            }
        }
    });
}

/// The events this one builds on, refers to, … and those that build on it, each a link that
/// selects and reveals it.
fn related_ui(
    ui: &mut egui::Ui,
    data: &Dataset,
    event: crate::model::Event<'_>,
    incoming: &[(EventId, Relation)],
    out: &mut Vec<Command>,
) {
    let outgoing = event.related.iter().map(|r| (r.event, r.relation.phrase()));
    let incoming = incoming.iter().map(|&(other, relation)| (other, relation.inverse_phrase()));
    let links: Vec<(EventId, &str)> = outgoing.chain(incoming).collect();
    if !links.is_empty() {
        ui.add_space(6.0);
        ui.strong("Related events");
        for (other, phrase) in links {
            let other_event = data.event(other);
            ui.horizontal_wrapped(|ui| {
                ui.weak(phrase);
                let text = format!("{} ({})", other_event.label(), other_event.date);
                if ui.link(text).on_hover_text(other_event.title).clicked() {
                    out.push(Command::Reveal(other));
                }
            });
        }
    }
}

/// The lifecycle section: what the sources leave open, then each step with its party, sources and
/// note.
fn lifecycle_ui(ui: &mut egui::Ui, data: &Dataset, event: crate::model::Event<'_>) {
    if event.milestones.is_empty() && event.lifecycle_note.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.strong("Lifecycle");
    if !event.lifecycle_note.is_empty() {
        ui.weak(event.lifecycle_note);
    }
    for m in event.milestones {
        ui.horizontal_wrapped(|ui| {
            ui.weak(m.date.to_string());
            let who = m.party.map_or_else(|| "all parties".to_owned(), |p| data.actor(p).name.clone());
            ui.label(format!("{}: {}", who, m.stage.label()));
            for source in &m.sources {
                if crate::is_web_link(&source.url) {
                    ui.hyperlink_to("source", &*source.url).on_hover_text(format!("{} — {}", source.label, source.url));
                }
            }
        });
        if !m.note.is_empty() {
            ui.weak(&*m.note);
        }
    }
}
