//! The detail pane: what the selected indicator means and how it stands.

use crate::display::{exact, figure, points};
use crate::i18n::Lang;
use crate::rubric::{Indicator, IndicatorKind, Measure, Method, ScoringRule};
use crate::tui::labels::{Labels, labels, status_label, status_mark};
use crate::tui::screens::review::app::{App, Focus};
use crate::tui::widgets::wrap_line;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the detail of the selected indicator, wrapped for CJK text and scrolled. The wrapped
/// lines are kept in the app's cache until the indicator, the focus, the width or the session
/// change (an editor open over the pane does not re-wrap it on every key).
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let text_area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    let key = (
        app.selected,
        app.measure,
        app.focus == Focus::Detail,
        text_area.width,
        app.generation,
    );
    let mut cache = app.detail_cache.borrow_mut();
    if cache.key != Some(key) {
        let (lines, selected_row) = wrapped(app, usize::from(text_area.width));
        cache.key = Some(key);
        cache.lines = lines;
        cache.selected_row = selected_row;
    }
    let height = usize::from(text_area.height);
    let mut scroll = usize::from(app.detail_scroll);
    if let (Focus::Detail, Some(row)) = (app.focus, cache.selected_row) {
        // the measure's block is about five lines: keep all of it on screen
        scroll = scroll.min(row).max((row + 5).saturating_sub(height));
    }
    let scroll = scroll.min(cache.lines.len().saturating_sub(height));
    let shown: Vec<Line> = cache
        .lines
        .iter()
        .skip(scroll)
        .take(height)
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(shown), text_area);
}

/// The detail's lines wrapped to `columns`, and the row where the selected measure starts.
fn wrapped(app: &App, columns: usize) -> (Vec<Line<'static>>, Option<usize>) {
    let Some(indicator) = app.indicator() else {
        return (Vec::new(), None);
    };
    let l = labels(app.lang);
    let mut lines = vec![heading(indicator, l, app.lang)];
    let field = |name: &str, text: &str| -> Line<'static> {
        Line::from(vec![
            Span::styled(
                format!("{name} "),
                Style::default().add_modifier(Modifier::DIM),
            ),
            Span::raw(text.to_string()),
        ])
    };
    if !indicator.purpose.is_empty() {
        lines.push(field(l.purpose, &indicator.purpose));
    }
    lines.push(field(l.definition, &indicator.definition));
    if let Some(note) = &indicator.note {
        lines.push(Line::from(vec![
            Span::styled(format!("⚠ {} ", l.note), Style::default().fg(Color::Yellow)),
            Span::raw(note.clone()),
        ]));
    }
    lines.push(Line::default());
    match indicator.kind {
        IndicatorKind::Qualitative => qualitative(app, indicator, l, &mut lines),
        IndicatorKind::Quantitative => quantitative(app, indicator, l, &mut lines),
    }
    opinion(app, indicator, l, &mut lines);
    // wrap, noting where the selected measure starts so that it can be kept in view
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut selected_row = None;
    for line in lines {
        if line
            .spans
            .first()
            .is_some_and(|s| s.content.starts_with("▸ "))
        {
            selected_row = Some(out.len());
        }
        out.extend(wrap_line(line, columns));
    }
    (out, selected_row)
}

/// The expert's opinion on the indicator (qualitative and quantitative alike), readable once
/// signed.
fn opinion(app: &App, indicator: &Indicator, l: &Labels, lines: &mut Vec<Line<'static>>) {
    let comment = app
        .session
        .scores
        .get(&indicator.id)
        .map(|s| s.comment.clone())
        .filter(|c| !c.trim().is_empty());
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!("{} ", l.opinion),
        Style::default().add_modifier(Modifier::DIM),
    )));
    match comment {
        Some(text) => lines.extend(text.lines().map(|t| Line::from(t.to_string()))),
        None => lines.push(Line::from(l.no_opinion).style(Style::default().fg(Color::DarkGray))),
    }
}

fn heading(indicator: &Indicator, l: &Labels, lang: Lang) -> Line<'static> {
    let kind = match indicator.kind {
        IndicatorKind::Qualitative => l.qualitative,
        IndicatorKind::Quantitative => l.quantitative,
    };
    let unit = match lang {
        Lang::Zh => format!("{}分", exact(indicator.weight)),
        Lang::En => format!("{} points", exact(indicator.weight)),
    };
    let mut text = format!("{} {} · {unit} · {kind}", indicator.id, indicator.name);
    if indicator.kind == IndicatorKind::Quantitative {
        text.push_str(&format!(" · {}", indicator.unit));
    }
    Line::from(text).style(Style::default().add_modifier(Modifier::BOLD))
}

fn qualitative(app: &App, indicator: &Indicator, l: &Labels, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::from(l.levels).style(Style::default().add_modifier(Modifier::DIM)));
    for level in &indicator.levels {
        lines.push(Line::from(format!(
            "{} {}–{}  {}",
            level.name,
            exact(level.min),
            exact(level.max),
            level.text
        )));
    }
    lines.push(Line::default());
    let score = app.session.scores.get(&indicator.id);
    let shown = score.and_then(|s| s.points).map_or("—".to_string(), points);
    lines.push(Line::from(vec![
        Span::styled(
            format!("{} ", l.points),
            Style::default().add_modifier(Modifier::DIM),
        ),
        Span::styled(shown, Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(format!(" / {}", exact(indicator.weight))),
    ]));
}

fn quantitative(app: &App, indicator: &Indicator, l: &Labels, lines: &mut Vec<Line<'static>>) {
    let summary = app
        .summary
        .indicators
        .iter()
        .find(|s| s.indicator == indicator.id);
    for (index, measure) in indicator.measures.iter().enumerate() {
        let selected = app.focus == Focus::Detail && index == app.measure;
        let marker = if selected { "▸ " } else { "  " };
        let style = if selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().add_modifier(Modifier::BOLD)
        };
        lines.push(
            Line::from(format!(
                "{marker}{} ({}) · {} {}",
                measure.name,
                measure.id,
                l.share,
                exact(measure.share)
            ))
            .style(style),
        );
        let figure_view = app.package.figures.get(&measure.id);
        let declared = figure_view
            .and_then(|f| f.declared)
            .map_or("—".to_string(), |v| {
                format!("{} {}", figure(v), measure.unit)
            });
        let derived = figure_view
            .and_then(|f| f.derived.as_ref())
            .map_or("—".to_string(), |d| {
                format!("{} {}", figure(d.value), measure.unit)
            });
        let differs = figure_view.is_some_and(|f| f.differs);
        let mut spans = vec![Span::raw(format!(
            "  {} {declared} · {} {derived}",
            l.declared, l.derived
        ))];
        if differs {
            spans.push(Span::styled(" ⚠ >1%", Style::default().fg(Color::Yellow)));
        }
        lines.push(Line::from(spans));
        if let Some(basis) = figure_view
            .and_then(|f| f.derived.as_ref())
            .map(|d| d.basis.clone())
        {
            lines
                .push(Line::from(format!("  {basis}")).style(Style::default().fg(Color::DarkGray)));
        }
        let scored = summary.and_then(|s| s.measures.iter().find(|m| m.measure == measure.id));
        let earned = scored.map_or("—".to_string(), |s| {
            format!("{} / {}", points(s.points), points(s.available))
        });
        lines.push(Line::from(format!(
            "  {} {} · {earned}",
            l.scoring,
            rule_text(&measure.scoring, measure, l)
        )));
        let annotation = app
            .session
            .annotations
            .get(&measure.id)
            .cloned()
            .unwrap_or_default();
        let mut check = format!(
            "  {} {} {}",
            l.check,
            status_mark(annotation.status),
            status_label(annotation.status, app.lang)
        );
        if let Some(corrected) = annotation.corrected {
            check.push_str(&format!(
                " · {} {} {}",
                l.corrected,
                exact(corrected),
                measure.unit
            ));
        }
        if !annotation.note.is_empty() {
            check.push_str(&format!(
                " · {} {}",
                l.annotation,
                annotation.note.replace('\n', " ")
            ));
        }
        lines.push(Line::from(check));
    }
    lines.push(Line::default());
    let total = summary
        .and_then(|s| s.points)
        .map_or("—".to_string(), points);
    lines.push(
        Line::from(format!(
            "{} {total} / {} ({})",
            l.points,
            exact(indicator.weight),
            l.computed
        ))
        .style(Style::default().add_modifier(Modifier::BOLD)),
    );
}

/// A scoring rule in a few words.
fn rule_text(rule: &ScoringRule, measure: &Measure, l: &Labels) -> String {
    match &rule.method {
        Method::Linear { floor, target } => format!(
            "{} {}→{} {}",
            l.linear,
            figure(*floor),
            figure(*target),
            measure.unit
        ),
        Method::Cohort { floor, target } => format!(
            "{} {}→{} {}",
            l.cohort,
            figure(*floor),
            figure(*target),
            measure.unit
        ),
        Method::Efficacy { floor, target } => format!(
            "{} {}→{} {}",
            l.efficacy,
            figure(*floor),
            figure(*target),
            measure.unit
        ),
        Method::Bands(bands) => {
            let steps: Vec<String> = bands
                .iter()
                .map(|b| format!("≥{}:{}", figure(b.at), figure(b.fraction)))
                .collect();
            format!("{} {}", l.bands, steps.join(" "))
        }
    }
}
