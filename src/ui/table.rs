//! The events table: the shown events, sortable by column; a click selects and reveals.

use egui::{Align, Label, RichText, Sense};
use egui_extras::{Column, TableBuilder};

use super::command::{Command, Format, Purpose};
use crate::model::{Dataset, EventId, PartialDate, Status};
use crate::scene::text::display_order;

/// A column the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum SortColumn {
    #[default]
    Date,
    Title,
    Kind,
    Parties,
}

/// Sort order and the rows in that order.
#[derive(Debug, Default)]
pub struct TableState {
    sort: SortColumn,
    descending: bool,
    /// The shown events in table order; empty and `valid == false` after the filter changes.
    rows: Vec<EventId>,
    valid: bool,
    /// Scroll so the selected row is visible on the next frame.
    pub scroll_to_selection: bool,
}

impl TableState {
    /// Forgets the row order, for when the shown events change.
    pub fn invalidate(&mut self) {
        self.valid = false;
    }
}

impl TableState {
    fn sort(&mut self, data: &Dataset, shown: &[EventId]) {
        if self.valid {
            return;
        }
        let mut rows = shown.to_vec();
        match self.sort {
            SortColumn::Date => {}
            SortColumn::Title => rows.sort_by_cached_key(|id| data.event(*id).title.to_lowercase()),
            SortColumn::Kind => rows.sort_by_key(|id| data.event(*id).kind.label()),
            SortColumn::Parties => rows.sort_by_cached_key(|id| data.party_codes(data.event(*id))),
        }
        if self.descending {
            rows.reverse();
        }
        self.rows = rows;
        self.valid = true;
    }
}

/// The table's heading: how many events, saving them, and folding the table away.
fn header_ui(ui: &mut egui::Ui, count: usize, out: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.strong(format!("Events ({count})"));
        if ui.small_button("Save as CSV…").on_hover_text("The shown events as a spreadsheet table").clicked() {
            out.push(Command::Choose(Purpose::Save(Format::EventsCsv)));
        }
        if ui.small_button("Save as JSON…").on_hover_text("The shown events as JSON").clicked() {
            out.push(Command::Choose(Purpose::Save(Format::EventsJson)));
        }
        if ui
            .small_button("▼ Hide")
            .on_hover_text("Fold the table away, leaving its room to the timeline (Ctrl+T)")
            .clicked()
        {
            out.push(Command::ToggleTable);
        }
    });
}

/// Draws the shown events as rows; `in_force` adds a column of the parties each was in force for.
pub fn show(
    ui: &mut egui::Ui,
    data: &Dataset,
    shown: &[EventId],
    selected: Option<EventId>,
    in_force: Option<PartialDate>,
    table: &mut TableState,
    out: &mut Vec<Command>,
) {
    header_ui(ui, shown.len(), out);
    table.sort(data, shown);
    let scroll_to = if std::mem::take(&mut table.scroll_to_selection) {
        selected.and_then(|s| table.rows.iter().position(|r| *r == s))
    } else {
        None
    };
    let mut builder = TableBuilder::new(ui)
        .striped(true)
        .sense(Sense::click())
        .cell_layout(egui::Layout::left_to_right(Align::Center))
        .column(Column::initial(190.0).resizable(true))
        .column(Column::remainder().at_least(200.0).clip(true))
        .column(Column::initial(150.0).resizable(true))
        .column(Column::initial(200.0).resizable(true).clip(true));
    // With an "in force on" day, a last column says for which parties each agreement was in force.
    if in_force.is_some() {
        builder = builder.column(Column::initial(180.0).resizable(true).clip(true));
    }
    let mut builder = builder.min_scrolled_height(0.0).max_scroll_height(f32::INFINITY);
    if let Some(row) = scroll_to {
        builder = builder.scroll_to_row(row, Some(Align::Center));
    }
    let mut clicked = None;
    builder
        .header(22.0, |mut header| {
            for (column, name) in [
                (SortColumn::Date, "Date"),
                (SortColumn::Title, "Title"),
                (SortColumn::Kind, "Type"),
                (SortColumn::Parties, "Parties"),
            ] {
                header.col(|ui| {
                    let arrow = match (table.sort == column, table.descending) {
                        (true, false) => " ↑",
                        (true, true) => " ↓",
                        (false, _) => "",
                    };
                    let button =
                        ui.add(egui::Button::new(RichText::new(format!("{name}{arrow}")).strong()).frame(false));
                    if button.on_hover_text(format!("Sort by {}", name.to_lowercase())).clicked() {
                        table.descending = table.sort == column && !table.descending;
                        table.sort = column;
                        table.valid = false;
                    }
                });
            }
            if let Some(day) = in_force {
                header.col(|ui| {
                    ui.strong(format!("In force on {day} for"));
                });
            }
        })
        .body(|body| {
            body.rows(20.0, table.rows.len(), |mut row| {
                let id = table.rows[row.index()];
                let event = data.event(id);
                row.set_selected(selected == Some(id));
                // Cells are plain text, not selectable, so a click anywhere on the row selects the event.
                row.col(|ui| {
                    ui.add(Label::new(event.date_text()).selectable(false));
                });
                row.col(|ui| {
                    let title = display_order(event.title);
                    ui.add(Label::new(title.as_ref()).selectable(false).truncate()).on_hover_text(title.as_ref());
                });
                row.col(|ui| {
                    ui.add(Label::new(event.kind.label()).selectable(false));
                });
                row.col(|ui| {
                    let parties = ui.add(Label::new(data.party_codes(event)).selectable(false).truncate());
                    parties.on_hover_text(data.party_names(event));
                });
                if let Some(day) = in_force {
                    let day = day.first_day_number();
                    let codes: Vec<&str> = event
                        .parties
                        .iter()
                        .filter(|p| event.status_for(**p, day) == Some(Status::InForce))
                        .map(|p| data.actor(*p).code.as_str())
                        .collect();
                    row.col(|ui| {
                        ui.add(Label::new(codes.join(", ")).selectable(false).truncate());
                    });
                }
                if row.response().clicked() {
                    clicked = Some(id);
                }
            });
        });
    if let Some(id) = clicked {
        out.push(Command::Reveal(id));
    }
}
