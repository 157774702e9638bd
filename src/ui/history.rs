//! What can be gone back to: the selections made (back and forward, as in a browser) and the
//! changes of filters, lanes, theme and view (undo and redo, through egui's `Undoer`).

use crate::model::EventId;
use crate::query::Filter;
use crate::scene::{LaneArrangement, LaneMode};
use crate::view::Theme;

/// The most selections remembered behind the current one.
const MAX_BACK: usize = 200;

/// The selections before and after the current one.
#[derive(Debug, Default)]
pub struct SelectionHistory {
    back: Vec<EventId>,
    forward: Vec<EventId>,
}

impl SelectionHistory {
    /// Records a move from `from` to another selection made by hand: forward is forgotten.
    pub fn moved(&mut self, from: Option<EventId>) {
        if let Some(from) = from
            && self.back.last() != Some(&from)
        {
            self.back.push(from);
            if self.back.len() > MAX_BACK {
                self.back.remove(0);
            }
        }
        self.forward.clear();
    }

    /// The selection to go back to from `current`, if any.
    pub fn back(&mut self, current: Option<EventId>) -> Option<EventId> {
        let to = self.back.pop()?;
        self.forward.extend(current);
        Some(to)
    }

    /// The selection to go forward to from `current`, if any.
    pub fn forward(&mut self, current: Option<EventId>) -> Option<EventId> {
        let to = self.forward.pop()?;
        self.back.extend(current);
        Some(to)
    }

    /// Whether there is a selection to go back to.
    pub fn can_go_back(&self) -> bool {
        !self.back.is_empty()
    }

    /// Whether there is a selection to go forward to.
    pub fn can_go_forward(&self) -> bool {
        !self.forward.is_empty()
    }

    /// Forgets everything, for another data set.
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// What undo and redo bring back.
#[derive(Debug, Clone, PartialEq)]
pub struct Undoable {
    pub filter: Filter,
    pub lane_mode: LaneMode,
    pub arrangement: LaneArrangement,
    pub theme: Theme,
    pub all_lifecycles: bool,
    /// The days in view.
    pub days: (f64, f64),
}

/// Undo points for [`Undoable`]: a change that stays a second is one step; a burst of wheel steps
/// or keystrokes closer together than that is one step too.
pub type Undoer = egui::util::undoer::Undoer<Undoable>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_and_forward_walk_the_selections_made() {
        let (a, b, c) = (EventId(1), EventId(2), EventId(3));
        let mut history = SelectionHistory::default();
        history.moved(None);
        history.moved(Some(a));
        history.moved(Some(b));
        // Now at c.
        assert_eq!(history.back(Some(c)), Some(b));
        assert_eq!(history.back(Some(b)), Some(a));
        assert_eq!(history.back(Some(a)), None);
        assert_eq!(history.forward(Some(a)), Some(b));
        assert_eq!(history.forward(Some(b)), Some(c));
        assert_eq!(history.forward(Some(c)), None);
        // A new selection made by hand forgets what was ahead.
        assert_eq!(history.back(Some(c)), Some(b));
        history.moved(Some(b));
        assert_eq!(history.forward(Some(a)), None);
    }
}
