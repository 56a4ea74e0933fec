//! The detail pane: what the selected indicator means and how it stands.

use crate::columns::{width, wrap};
use crate::display::{exact, figure, points};
use crate::i18n::Lang;
use crate::rubric::{Indicator, IndicatorKind, Measure, Method, ScoringRule};
use crate::tui::app::{App, Focus};
use crate::tui::labels::{Labels, labels, status_label, status_mark};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the detail of the selected indicator, wrapped for CJK text and scrolled.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(indicator) = app.indicator() else {
        return;
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
    let text_area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    let wrapped: Vec<Line> = lines
        .into_iter()
        .flat_map(|line| wrap_line(line, usize::from(text_area.width)))
        .collect();
    frame.render_widget(
        Paragraph::new(wrapped).scroll((app.detail_scroll, 0)),
        text_area,
    );
}

/// Wraps one styled line to the pane's width, keeping each span's style.
fn wrap_line(line: Line<'static>, columns: usize) -> Vec<Line<'static>> {
    let plain: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if width(&plain) <= columns {
        return vec![line];
    }
    // the style of every character, so that wrapped pieces keep their spans' styles
    let styles: Vec<Style> = line
        .spans
        .iter()
        .flat_map(|s| std::iter::repeat_n(line.style.patch(s.style), s.content.chars().count()))
        .collect();
    let mut position = 0;
    let mut out = Vec::new();
    let chars: Vec<char> = plain.chars().collect();
    for piece in wrap(&plain, columns) {
        // find the piece in the original text (wrapping only drops spaces at breaks)
        while chars.get(position).is_some_and(|c| *c == ' ') && !piece.starts_with(' ') {
            position += 1;
        }
        let mut spans: Vec<Span<'static>> = Vec::new();
        for c in piece.chars() {
            let style = styles.get(position).copied().unwrap_or_default();
            match spans.last_mut() {
                Some(last) if last.style == style => last.content.to_mut().push(c),
                _ => spans.push(Span::styled(c.to_string(), style)),
            }
            position += 1;
        }
        out.push(Line::from(spans));
    }
    out
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
    let comment = score
        .map(|s| s.comment.clone())
        .filter(|c| !c.trim().is_empty());
    lines.push(Line::from(Span::styled(
        format!("{} ", l.opinion),
        Style::default().add_modifier(Modifier::DIM),
    )));
    match comment {
        Some(text) => lines.extend(text.lines().map(|t| Line::from(t.to_string()))),
        None => lines.push(Line::from(l.no_opinion).style(Style::default().fg(Color::DarkGray))),
    }
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
        Method::Bands(bands) => {
            let steps: Vec<String> = bands
                .iter()
                .map(|b| format!("≥{}:{}", figure(b.at), figure(b.fraction)))
                .collect();
            format!("{} {}", l.bands, steps.join(" "))
        }
    }
}
