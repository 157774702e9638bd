//! The filter panel: text search, the day agreements were in force, agreement types, actors and
//! the date range. It edits a copy of the filter and sends the copy when anything changed.

use egui::{RichText, TextEdit};

use super::command::Command;
use super::paint::swatch_ui;
use crate::model::{ActorType, Dataset, Kind, KindSet, PartialDate};
use crate::query::{ActorMatch, Filter};
use crate::scene::text::display_order;

/// Text the person is typing into the panel's fields, kept apart from the filter until it parses.
#[derive(Debug, Default)]
pub struct FilterInputs {
    pub actor_search: String,
    pub from: String,
    pub to: String,
    pub in_force: String,
    /// Put the cursor in the search box on the next frame.
    pub focus_search: bool,
    /// The filter the date fields were last written from: when the filter changes by other means
    /// (undo, a saved view), the fields follow it.
    shown_for: Option<Filter>,
}

impl FilterInputs {
    /// Writes the date fields from `filter` if it changed by other means than typing in them.
    fn follow(&mut self, filter: &Filter) {
        if self.shown_for.as_ref() == Some(filter) {
            return;
        }
        let text = |date: Option<PartialDate>| date.map(PartialDate::iso).unwrap_or_default();
        let parsed = |field: &str| PartialDate::parse(field).ok();
        // A field holding what the filter holds (or a typo the filter ignores) is left as typed.
        for (field, date) in
            [(&mut self.from, filter.from), (&mut self.to, filter.to), (&mut self.in_force, filter.in_force)]
        {
            let same = parsed(field) == date || (date.is_none() && field.trim().is_empty());
            if !same {
                *field = text(date);
            }
        }
        self.shown_for = Some(filter.clone());
    }
}

/// Draws the panel for `filter` over `data`, with `shown` events passing it (or passing the last
/// filter, while `updating`).
pub fn show(
    ui: &mut egui::Ui,
    data: &Dataset,
    (shown, updating): (usize, bool),
    filter: &Filter,
    inputs: &mut FilterInputs,
    out: &mut Vec<Command>,
) {
    inputs.follow(filter);
    let mut edited = filter.clone();
    ui.heading("Filters");
    if updating {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("{shown} of {} events shown; updating…", data.len()));
        });
    } else {
        ui.label(format!("{shown} of {} events shown", data.len()));
    }
    let search = ui.add(
        TextEdit::singleline(&mut edited.text)
            .hint_text("Search titles, places, summaries (Ctrl+F)")
            .desired_width(f32::INFINITY),
    );
    search.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Search"));
    if std::mem::take(&mut inputs.focus_search) {
        search.request_focus();
    }
    let typed = search.changed();
    let mut reset = false;
    let mut dates_changed = false;
    if ui.add_enabled(!filter.is_empty(), egui::Button::new("Reset filters")).clicked() {
        reset = true;
    }
    ui.separator();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        let range = egui::CollapsingHeader::new("Date range")
            .default_open(true)
            .show(ui, |ui| dates_ui(ui, inputs, &mut edited));
        dates_changed = range.body_returned.unwrap_or(false);
        egui::CollapsingHeader::new("In force on")
            .default_open(true)
            .show(ui, |ui| in_force_ui(ui, data, &mut inputs.in_force, &mut edited));
        egui::CollapsingHeader::new("Agreement types")
            .default_open(true)
            .show(ui, |ui| kinds_ui(ui, data, &mut edited));
        egui::CollapsingHeader::new("Actors")
            .default_open(true)
            .show(ui, |ui| actors_ui(ui, data, &mut inputs.actor_search, &mut edited));
    });
    if reset {
        out.push(Command::ResetFilters);
    } else if edited != *filter {
        // The date fields and the search box change with each key; ticks and radio buttons are a step each.
        let typing = typed || ui.ctx().egui_wants_keyboard_input();
        inputs.shown_for = Some(edited.clone());
        out.push(if typing { Command::TypeFilter(edited) } else { Command::SetFilter(edited) });
        // A new date range shows its events: the view fits them.
        if dates_changed {
            out.push(Command::Fit);
        }
    }
}

/// A day, typed or picked on a slider over the data's years: only treaties, agreements,
/// memberships and partnerships in force that day stay (for the selected actors, if any).
fn in_force_ui(ui: &mut egui::Ui, data: &Dataset, text: &mut String, filter: &mut Filter) {
    date_field(ui, "In force on date", "e.g. 2022-02-22", text, &mut filter.in_force);
    // The slider spans the years the data starts in; events are sorted by their start.
    let (Some(first), Some(last)) = (data.events().next(), data.events().next_back()) else { return };
    let (low, high) = (first.start_day(), last.end_day().max(first.start_day() + 1));
    let mut day = filter.in_force.map_or(high, PartialDate::first_day_number).clamp(low, high);
    let slider = ui.add(
        egui::Slider::new(&mut day, low..=high)
            .show_value(false)
            .custom_formatter(|d, _| crate::model::date_of_day_number(d as i64).format("%-d %b %Y").to_string()),
    );
    slider.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "In force on (slider)"));
    if slider.changed() {
        let picked = crate::model::date_of_day_number(day);
        *text = picked.format("%Y-%m-%d").to_string();
        filter.in_force = PartialDate::parse(text).ok();
    }
    if filter.in_force.is_some() {
        ui.weak(
            "Treaties, agreements, memberships and partnerships in force that day (for the ticked actors, if any).",
        );
    }
}

/// Whether a date being typed is complete: a four-digit year, then perhaps `-MM` and `-DD`. While
/// it is not (2, 20, 202 on the way to 2022), the filter waits; Enter or leaving the field applies
/// whatever parses.
fn looks_complete(text: &str) -> bool {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let digits = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [year] => digits(year, 4),
        [year, month] => digits(year, 4) && digits(month, 2),
        [year, month, day] => digits(year, 4) && digits(month, 2) && digits(day, 2),
        _ => false,
    }
}

/// A date field: `bound` follows `text` once the date is complete, on Enter or when the field is
/// left; a date that does not parse is told under the field then. Whether `bound` changed.
fn date_field(ui: &mut egui::Ui, name: &str, hint: &str, text: &mut String, bound: &mut Option<PartialDate>) -> bool {
    let edit = ui.add(TextEdit::singleline(text).hint_text(hint).desired_width(150.0));
    edit.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, name));
    let finished = edit.lost_focus();
    let wanted = if text.trim().is_empty() {
        Some(None)
    } else if edit.changed() && looks_complete(text) || finished {
        PartialDate::parse(text).ok().map(Some)
    } else {
        None
    };
    if !edit.has_focus()
        && !text.trim().is_empty()
        && let Err(e) = PartialDate::parse(text)
    {
        ui.colored_label(ui.visuals().error_fg_color, format!("{e}; not applied"));
    }
    match wanted {
        Some(date) if date != *bound => {
            *bound = date;
            true
        }
        _ => false,
    }
}

fn dates_ui(ui: &mut egui::Ui, inputs: &mut FilterInputs, filter: &mut Filter) -> bool {
    let mut changed = false;
    egui::Grid::new("dates").num_columns(2).show(ui, |ui| {
        for (name, text, bound) in
            [("From", &mut inputs.from, &mut filter.from), ("To", &mut inputs.to, &mut filter.to)]
        {
            ui.label(name);
            let field = format!("{name} date");
            ui.vertical(|ui| changed |= date_field(ui, &field, "2008, 2008-07 or 2008-07-03", text, bound));
            ui.end_row();
        }
    });
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to.last_day() < from.first_day()
    {
        ui.colored_label(ui.visuals().error_fg_color, "“To” is before “From”: nothing can match.");
    }
    changed
}

fn kinds_ui(ui: &mut egui::Ui, data: &Dataset, filter: &mut Filter) {
    let counts = data.kind_counts();
    ui.horizontal(|ui| {
        if ui.small_button("All").clicked() {
            filter.kinds = KindSet::all();
        }
        if ui.small_button("None").clicked() {
            filter.kinds = KindSet::none();
        }
    });
    for kind in Kind::ALL.into_iter().filter(|k| counts[k.index()] > 0) {
        let mut on = filter.kinds.contains(kind);
        ui.horizontal(|ui| {
            swatch_ui(ui, kind);
            let text = format!("{} ({})", kind.label(), counts[kind.index()]);
            if ui.checkbox(&mut on, text).on_hover_text(kind.description()).changed() {
                filter.kinds.set(kind, on);
            }
        });
    }
}

fn actors_ui(ui: &mut egui::Ui, data: &Dataset, search: &mut String, filter: &mut Filter) {
    ui.horizontal(|ui| {
        ui.label("Events with");
        ui.radio_value(&mut filter.actor_match, ActorMatch::Any, "any of")
            .on_hover_text("Events involving at least one selected actor");
        ui.radio_value(&mut filter.actor_match, ActorMatch::All, "all of")
            .on_hover_text("Only events that involve every selected actor together");
    });
    let find = ui.add(TextEdit::singleline(search).hint_text("Find an actor").desired_width(f32::INFINITY));
    find.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Find an actor"));
    // Always there, greyed out while no actor is ticked: ticking one does not move the list.
    if ui.add_enabled(!filter.actors.is_empty(), egui::Button::new("Clear actors").small()).clicked() {
        filter.actors.clear();
    }
    let needle = search.trim().to_lowercase();
    let mut actors: Vec<_> = data
        .actors()
        .iter()
        .enumerate()
        .map(|(i, a)| (a, data.events_of(crate::model::ActorId(i as u32)).len()))
        .filter(|(a, _)| {
            needle.is_empty() || a.name.to_lowercase().contains(&needle) || a.code.to_lowercase().contains(&needle)
        })
        .collect();
    actors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
    // A data set may have hundreds of actors: rows scrolled out of sight only take their room.
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    for (actor, count) in actors {
        if !ui.is_rect_visible(egui::Rect::from_min_size(ui.cursor().min, row)) {
            ui.allocate_exact_size(row, egui::Sense::hover());
            continue;
        }
        let mut on = filter.actors.contains(&actor.code);
        let kind = match actor.actor_type {
            ActorType::State => "",
            ActorType::Organisation => " ·org",
        };
        let text = RichText::new(format!("{} ({count}){kind}", display_order(&actor.name)));
        if ui.checkbox(&mut on, text).on_hover_text(&actor.code).changed() {
            if on {
                filter.actors.push(actor.code.clone());
            } else {
                filter.actors.retain(|c| c != &actor.code);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    /// The panel alone, with what it was given and what it sent.
    struct Panel {
        data: Dataset,
        filter: Filter,
        inputs: FilterInputs,
        sent: Vec<Command>,
    }

    fn panel() -> Harness<'static, Panel> {
        let panel = Panel {
            data: crate::load::default_dataset().unwrap().dataset,
            filter: Filter::default(),
            inputs: FilterInputs::default(),
            sent: Vec::new(),
        };
        Harness::builder().with_size([300.0, 1200.0]).build_ui_state(
            |ui, p: &mut Panel| show(ui, &p.data, (0, false), &p.filter, &mut p.inputs, &mut p.sent),
            panel,
        )
    }

    #[test]
    fn the_panel_sends_a_tick_as_one_step_and_typing_as_keystrokes_and_changes_nothing_itself() {
        let mut harness = panel();
        let conflicts = harness.state().data.kind_counts()[Kind::Conflict.index()];
        harness.get_by_label(&format!("Conflict ({conflicts})")).click();
        harness.run();
        let sent = std::mem::take(&mut harness.state_mut().sent);
        assert!(matches!(sent.as_slice(), [Command::SetFilter(f)] if !f.kinds.contains(Kind::Conflict)), "{sent:?}");
        assert!(harness.state().filter.kinds.contains(Kind::Conflict), "the app, not the panel, applies it");

        harness.get_by_label("Search").click();
        harness.get_by_label("Search").type_text("war");
        harness.run();
        let sent = std::mem::take(&mut harness.state_mut().sent);
        assert!(sent.iter().any(|c| matches!(c, Command::TypeFilter(f) if f.text == "war")), "{sent:?}");
    }

    #[test]
    fn a_date_field_follows_a_filter_changed_elsewhere() {
        let mut harness = panel();
        harness.state_mut().filter.from = PartialDate::parse("2008").ok();
        harness.run();
        assert_eq!(harness.state().inputs.from, "2008", "an undo or a saved view shows in the field");
        harness.state_mut().filter.from = None;
        harness.run();
        assert_eq!(harness.state().inputs.from, "");
    }
}
