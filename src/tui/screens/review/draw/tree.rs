//! The indicator list: categories with subtotals, indicators with weight, points and marks.

use crate::columns::{fit, right};
use crate::display::{exact, points};
use crate::rubric::IndicatorKind;
use crate::session::MeasureStatus;
use crate::tui::labels::{labels, status_mark};
use crate::tui::screens::review::app::{App, Focus};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// One line of the list.
enum Row {
    Header,
    Category(usize),
    Indicator(usize),
}

/// Draws the list, scrolled so that the selected indicator is visible.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let l = labels(app.lang);
    let mut rows = vec![Row::Header];
    let mut index = 0;
    for (c, category) in app.rubric.categories.iter().enumerate() {
        rows.push(Row::Category(c));
        for _ in &category.indicators {
            rows.push(Row::Indicator(index));
            index += 1;
        }
    }
    let w = usize::from(area.width);
    let name_width = w.saturating_sub(16);
    let height = usize::from(area.height);
    let selected_row = rows
        .iter()
        .position(|r| matches!(r, Row::Indicator(i) if *i == app.selected))
        .unwrap_or(0);
    let offset = selected_row
        .saturating_sub(height / 2)
        .min(rows.len().saturating_sub(height));
    let lines: Vec<Line> = rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|row| match row {
            Row::Header => Line::from(format!(
                " {} {} {}   ",
                fit(l.indicator, name_width + 1),
                right(&fit(l.weight, 4), 4),
                right(&fit(l.points, 5), 5)
            ))
            .style(Style::default().add_modifier(Modifier::DIM)),
            Row::Category(c) => {
                let category = &app.rubric.categories[*c];
                let subtotal = app
                    .summary
                    .totals
                    .categories
                    .get(*c)
                    .map_or("—".to_string(), |t| points(t.points));
                Line::from(format!(
                    " {} {} {}   ",
                    fit(&category.name, name_width + 1),
                    right(&exact(category.weight), 4),
                    right(&subtotal, 5)
                ))
                .style(Style::default().add_modifier(Modifier::BOLD))
            }
            Row::Indicator(i) => indicator_line(app, *i, name_width),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn indicator_line(app: &App, index: usize, name_width: usize) -> Line<'static> {
    let Some(indicator) = app
        .order
        .get(index)
        .and_then(|id| app.rubric.indicator(*id))
    else {
        return Line::default();
    };
    let selected = index == app.selected;
    let shown = app
        .summary
        .indicators
        .iter()
        .find(|s| s.indicator == indicator.id)
        .and_then(|s| s.points)
        .map_or("—".to_string(), points);
    // two columns of marks: the state of the work, and ⚠ where a declared figure differs
    let mark = match indicator.kind {
        IndicatorKind::Qualitative => {
            let score = app.session.scores.get(&indicator.id);
            match (
                score.and_then(|s| s.points),
                score.is_some_and(|s| !s.comment.trim().is_empty()),
            ) {
                (Some(_), true) => "✓ ".to_string(),
                (None, false) => "  ".to_string(),
                _ => "· ".to_string(),
            }
        }
        IndicatorKind::Quantitative => {
            let statuses: Vec<MeasureStatus> = indicator
                .measures
                .iter()
                .map(|m| {
                    app.session
                        .annotations
                        .get(&m.id)
                        .map(|a| a.status)
                        .unwrap_or_default()
                })
                .collect();
            let worst = [
                MeasureStatus::Missing,
                MeasureStatus::Doubtful,
                MeasureStatus::Unchecked,
                MeasureStatus::Verified,
            ]
            .into_iter()
            .find(|s| statuses.contains(s))
            .unwrap_or_default();
            let state = if worst == MeasureStatus::Unchecked {
                " "
            } else {
                status_mark(worst)
            };
            let differs = indicator
                .measures
                .iter()
                .any(|m| app.package.figures.get(&m.id).is_some_and(|f| f.differs));
            format!("{state}{}", if differs { "⚠" } else { " " })
        }
    };
    let marker = if selected { "▸" } else { " " };
    // columns: marker, number, name, weight, points, two marks — aligned with the header
    let text = format!(
        "{marker}{} {} {} {} {}",
        right(&indicator.id.to_string(), 2),
        fit(&indicator.short, name_width.saturating_sub(2)),
        right(&exact(indicator.weight), 4),
        right(&shown, 5),
        mark
    );
    let style = match (selected, app.focus) {
        (true, Focus::List) => Style::default().add_modifier(Modifier::REVERSED),
        (true, Focus::Detail) => Style::default().add_modifier(Modifier::UNDERLINED),
        _ if indicator.kind == IndicatorKind::Quantitative => Style::default().fg(Color::Gray),
        _ => Style::default(),
    };
    Line::from(text).style(style)
}
