//! The filter panel: text search, actors, agreement types and the date range.

use egui::{RichText, TextEdit};

use super::app::AccordsApp;
use super::paint::swatch_ui;
use crate::model::{ActorType, Kind, KindSet, PartialDate};
use crate::query::{ActorMatch, Filter};

impl AccordsApp {
    pub(super) fn filters_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Filters");
        ui.label(format!("{} of {} events shown", self.shown.len(), self.data.events().len()));
        let search = ui.add(
            TextEdit::singleline(&mut self.state.filter.text)
                .hint_text("Search titles, places, summaries (Ctrl+F)")
                .desired_width(f32::INFINITY),
        );
        search.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Search"));
        if std::mem::take(&mut self.inputs.focus_search) {
            search.request_focus();
        }
        if ui.add_enabled(!self.state.filter.is_empty(), egui::Button::new("Reset filters")).clicked() {
            self.state.filter = Filter::default();
            self.inputs.from.clear();
            self.inputs.to.clear();
            self.inputs.in_force.clear();
        }
        ui.separator();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            egui::CollapsingHeader::new("Date range").default_open(true).show(ui, |ui| self.dates_ui(ui));
            egui::CollapsingHeader::new("In force on").default_open(true).show(ui, |ui| self.in_force_ui(ui));
            egui::CollapsingHeader::new("Agreement types").default_open(true).show(ui, |ui| self.kinds_ui(ui));
            egui::CollapsingHeader::new("Actors").default_open(true).show(ui, |ui| self.actors_ui(ui));
        });
    }

    /// A day, typed or picked on a slider over the data's years: only treaties, agreements,
    /// memberships and partnerships in force that day stay (for the selected actors, if any).
    fn in_force_ui(&mut self, ui: &mut egui::Ui) {
        let text = &mut self.inputs.in_force;
        let filter = &mut self.state.filter;
        let edit = ui.add(TextEdit::singleline(text).hint_text("e.g. 2022-02-22").desired_width(150.0));
        edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "In force on date"));
        if text.trim().is_empty() {
            filter.in_force = None;
        } else {
            match PartialDate::parse(text) {
                Ok(date) => filter.in_force = Some(date),
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("{e}; not applied"));
                }
            }
        }
        // The slider spans the years the data starts in; events are sorted by their start.
        let events = self.data.events();
        let (Some(first), Some(last)) = (events.first(), events.last()) else { return };
        let (low, high) = (first.start_day(), last.end_day().max(first.start_day() + 1));
        let mut day = filter.in_force.map_or(high, PartialDate::first_day_number).clamp(low, high);
        let slider = ui.add(
            egui::Slider::new(&mut day, low..=high)
                .show_value(false)
                .custom_formatter(|d, _| crate::model::date_of_day_number(d as i64).format("%-d %b %Y").to_string()),
        );
        slider.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "In force on (slider)"));
        if slider.changed() {
            let date = crate::model::date_of_day_number(day);
            *text = date.format("%Y-%m-%d").to_string();
            filter.in_force = PartialDate::parse(text).ok();
        }
        if filter.in_force.is_some() {
            ui.weak(
                "Treaties, agreements, memberships and partnerships in force that day (for the ticked actors, if any).",
            );
        }
    }

    fn dates_ui(&mut self, ui: &mut egui::Ui) {
        let inputs = &mut self.inputs;
        let filter = &mut self.state.filter;
        egui::Grid::new("dates").num_columns(2).show(ui, |ui| {
            for (name, text, bound) in
                [("From", &mut inputs.from, &mut filter.from), ("To", &mut inputs.to, &mut filter.to)]
            {
                ui.label(name);
                let edit =
                    ui.add(TextEdit::singleline(text).hint_text("2008, 2008-07 or 2008-07-03").desired_width(150.0));
                edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
                ui.end_row();
                if text.trim().is_empty() {
                    *bound = None;
                } else {
                    match PartialDate::parse(text) {
                        Ok(date) => *bound = Some(date),
                        Err(e) => {
                            ui.label("");
                            ui.colored_label(ui.visuals().error_fg_color, format!("{e}; not applied"));
                            ui.end_row();
                        }
                    }
                }
            }
        });
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && to.last_day() < from.first_day()
        {
            ui.colored_label(ui.visuals().error_fg_color, "“To” is before “From”: nothing can match.");
        }
    }

    fn kinds_ui(&mut self, ui: &mut egui::Ui) {
        let counts = self.data.kind_counts();
        ui.horizontal(|ui| {
            if ui.small_button("All").clicked() {
                self.state.filter.kinds = KindSet::all();
            }
            if ui.small_button("None").clicked() {
                self.state.filter.kinds = KindSet::none();
            }
        });
        for kind in Kind::ALL.into_iter().filter(|k| counts[k.index()] > 0) {
            let mut on = self.state.filter.kinds.contains(kind);
            ui.horizontal(|ui| {
                swatch_ui(ui, kind);
                let text = format!("{} ({})", kind.label(), counts[kind.index()]);
                if ui.checkbox(&mut on, text).on_hover_text(kind.description()).changed() {
                    self.state.filter.kinds.set(kind, on);
                }
            });
        }
    }

    fn actors_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label("Events with");
            let filter = &mut self.state.filter;
            ui.radio_value(&mut filter.actor_match, ActorMatch::Any, "any of")
                .on_hover_text("Events involving at least one selected actor");
            ui.radio_value(&mut filter.actor_match, ActorMatch::All, "all of")
                .on_hover_text("Only events that involve every selected actor together");
        });
        let find = ui.add(
            TextEdit::singleline(&mut self.inputs.actor_search).hint_text("Find an actor").desired_width(f32::INFINITY),
        );
        find.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Find an actor"));
        if !self.state.filter.actors.is_empty() && ui.small_button("Clear actors").clicked() {
            self.state.filter.actors.clear();
        }
        let needle = self.inputs.actor_search.trim().to_lowercase();
        let mut actors: Vec<_> = self
            .data
            .actors()
            .iter()
            .enumerate()
            .map(|(i, a)| (a, self.data.events_of(crate::model::ActorId(i as u32)).len()))
            .filter(|(a, _)| {
                needle.is_empty() || a.name.to_lowercase().contains(&needle) || a.code.to_lowercase().contains(&needle)
            })
            .collect();
        actors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        for (actor, count) in actors {
            let selected = self.state.filter.actors.contains(&actor.code);
            let mut on = selected;
            let kind = match actor.actor_type {
                ActorType::State => "",
                ActorType::Organisation => " ·org",
            };
            let text = RichText::new(format!("{} ({count}){kind}", actor.name));
            if ui.checkbox(&mut on, text).on_hover_text(&actor.code).changed() {
                if on {
                    self.state.filter.actors.push(actor.code.clone());
                } else {
                    self.state.filter.actors.retain(|c| c != &actor.code);
                }
            }
        }
    }
}
