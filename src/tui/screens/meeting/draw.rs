//! Drawing the meeting screen from its state, with no I/O: the list of clusters, the 一览
//! table (the expert's points per qualitative indicator in every cluster side by side, with the
//! panel's quantitative points and the totals), the signing dialogs, or the open cluster's
//! review screen.

use super::app::{ClusterEntry, MeetingApp, MeetingMode, OverviewRow, overview_rows};
use super::keymap;
use crate::columns::{fit, right};
use crate::display::points;
use crate::i18n::Lang;
use crate::tui::labels::labels;
use crate::tui::screens::review::draw::MIN_SIZE;
use crate::tui::widgets::{TextInput, centred, dialog, footer, help, wrap_lines};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

/// Width of a cluster's column in 一览.
const CELL: usize = 9;
/// Width of the indicator column in 一览.
const NAME: usize = 22;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &MeetingApp) {
    if let MeetingMode::Review(inner) = &app.mode {
        crate::tui::screens::review::draw::draw(frame, inner);
        return;
    }
    let area = frame.area();
    let l = labels(app.lang);
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = format!("{} ({}×{})", l.too_small, area.width, area.height);
        frame.render_widget(
            Paragraph::new(wrap_lines(vec![Line::from(text)], area.width)),
            area,
        );
        return;
    }
    let [main, bottom] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let title = match app.lang {
        Lang::Zh => format!(
            " 评审会 {} │ {} │ 专家 {} {} ",
            app.title, app.date, app.expert.id, app.expert.name
        ),
        Lang::En => format!(
            " meeting {} │ {} │ expert {} {} ",
            app.title, app.date, app.expert.id, app.expert.name
        ),
    };
    let block = Block::bordered().title(fit(&title, usize::from(main.width).saturating_sub(4)));
    let inner = block.inner(main);
    frame.render_widget(block, main);
    match &app.mode {
        MeetingMode::Overview { row, column } => draw_overview(frame, app, inner, *row, *column),
        _ => draw_list(frame, app, inner),
    }
    footer::draw(frame, bottom, &keymap::hint_bar(app), &app.status, app.lang);
    match &app.mode {
        MeetingMode::SignConfirm { targets } => draw_confirm(frame, app, targets),
        MeetingMode::SignKey { input, error, .. } => {
            draw_key(frame, app, input, error.as_deref());
        }
        MeetingMode::Help { scroll } => help::draw(
            frame,
            &keymap::help(app.lang),
            *scroll,
            l.help_title,
            app.lang,
        ),
        _ => {}
    }
}

/// Where the expert stands with a cluster, in words.
pub fn state_text(entry: &ClusterEntry, lang: Lang) -> String {
    let (Some(session), Some(summary)) = (&entry.session, &entry.summary) else {
        return lang.pick("未开始", "not started").to_string();
    };
    match (&session.declaration, &session.signed, lang) {
        (None, _, Lang::Zh) => "未声明".to_string(),
        (None, _, Lang::En) => "undeclared".to_string(),
        (Some(_), _, Lang::Zh) if session.recused() => "已回避".to_string(),
        (Some(_), _, Lang::En) if session.recused() => "recused".to_string(),
        (Some(_), Some(_), Lang::Zh) => format!("已签署 r{}", session.revision),
        (Some(_), Some(_), Lang::En) => format!("signed r{}", session.revision),
        (Some(_), None, Lang::Zh) if summary.problems.is_empty() => "可签署".to_string(),
        (Some(_), None, Lang::En) if summary.problems.is_empty() => "ready".to_string(),
        (Some(_), None, Lang::Zh) => "评审中".to_string(),
        (Some(_), None, Lang::En) => "in progress".to_string(),
    }
}

fn draw_list(frame: &mut Frame, app: &MeetingApp, area: Rect) {
    let l = labels(app.lang);
    let width = usize::from(area.width);
    let mut lines = vec![
        Line::from(app.lang.pick(
            "本次评审会的集群（Enter 评审，Tab 一览各集群评分）",
            "the meeting's clusters (Enter reviews one, Tab shows my scores across them)",
        ))
        .style(Style::default().add_modifier(Modifier::DIM)),
    ];
    for (n, entry) in app.clusters.iter().enumerate() {
        let progress = entry.summary.as_ref().map_or_else(
            || format!("{} 0/{}", l.scored, app.rubric.indicators().count()),
            |s| format!("{} {}/{}", l.scored, s.done.0, s.done.1),
        );
        let total = entry.summary.as_ref().map_or_else(
            || "—".to_string(),
            |s| format!("{}/{}", points(s.totals.total), points(app.rubric.total)),
        );
        let marker = if n == app.selected { "▸" } else { " " };
        let head = format!(
            "{marker} {} {}（{}）",
            n + 1,
            entry.cluster,
            entry.package_id
        );
        let tail = format!("{} · {progress} · {total}", state_text(entry, app.lang));
        let room = width.saturating_sub(crate::columns::width(&tail) + 1);
        let line = Line::from(format!("{}{tail}", fit(&head, room + 1)));
        lines.push(if n == app.selected {
            line.style(Style::default().add_modifier(Modifier::REVERSED))
        } else {
            line
        });
    }
    lines.push(Line::default());
    if let Some(entry) = app.cluster() {
        let problems: Vec<String> = entry
            .summary
            .as_ref()
            .map(|s| s.problems.iter().map(|p| p.message(app.lang)).collect())
            .unwrap_or_default();
        if !problems.is_empty() {
            lines.push(
                Line::from(format!("{}：{}", l.signoff_problems, problems.join("；")))
                    .style(Style::default().fg(Color::Yellow)),
            );
        }
    }
    if !app.roster {
        lines.push(
            Line::from(app.lang.pick(
                "评审会尚无名册（roster.toml）：可以评分，签署须待组长放入名册",
                "the meeting has no roster (roster.toml) yet: scoring works, signing waits for it",
            ))
            .style(Style::default().fg(Color::Yellow)),
        );
    }
    frame.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
}

/// A row's label in 一览.
fn row_label(app: &MeetingApp, row: OverviewRow) -> String {
    let l = app.lang;
    match row {
        OverviewRow::Qualitative(id) | OverviewRow::Quantitative(id) => app
            .rubric
            .indicator(id)
            .map(|i| format!("{:>2} {}", i.id, i.short))
            .unwrap_or_default(),
        OverviewRow::QualitativeTotal => {
            l.pick("定性小计（本人）", "qualitative (mine)").to_string()
        }
        OverviewRow::QuantitativeTotal => l
            .pick("定量小计（数据）", "quantitative (figures)")
            .to_string(),
        OverviewRow::Total => l.pick("总分", "total").to_string(),
    }
}

/// A cell of 一览.
fn cell(entry: &ClusterEntry, row: OverviewRow) -> String {
    match row {
        OverviewRow::Qualitative(id) => entry.points(id).map_or("—".to_string(), points),
        OverviewRow::Quantitative(id) => entry
            .quantitative
            .get(&id)
            .map_or("—".to_string(), |p| points(*p)),
        OverviewRow::QualitativeTotal => points(entry.qualitative_total()),
        OverviewRow::QuantitativeTotal => points(entry.quantitative_total()),
        OverviewRow::Total => points(entry.qualitative_total() + entry.quantitative_total()),
    }
}

fn draw_overview(frame: &mut Frame, app: &MeetingApp, area: Rect, row: usize, column: usize) {
    let rows = overview_rows(&app.rubric);
    let width = usize::from(area.width);
    let visible = (width.saturating_sub(NAME + 1) / (CELL + 1)).max(1);
    let first = column.saturating_sub(visible.saturating_sub(1));
    let shown: Vec<(usize, &ClusterEntry)> = app
        .clusters
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .collect();
    let mut lines = Vec::new();
    lines.push(
        Line::from(app.lang.pick(
            "一览：本人在各集群的定性评分并排对照（定量为申报数据计得的专家组分值）",
            "my qualitative points in every cluster side by side (quantitative: the panel's points from the figures)",
        ))
        .style(Style::default().add_modifier(Modifier::DIM)),
    );
    let mut header = fit(app.lang.pick("指标", "indicator"), NAME);
    for (_, entry) in &shown {
        header.push(' ');
        header.push_str(&right(&fit(&entry.package_id, CELL), CELL));
    }
    lines.push(Line::from(header).style(Style::default().add_modifier(Modifier::BOLD)));
    let height = usize::from(area.height).saturating_sub(3);
    let top = row
        .saturating_sub(height.saturating_sub(1))
        .min(rows.len().saturating_sub(height));
    for (n, kind) in rows.iter().enumerate().skip(top).take(height) {
        let mut spans = vec![ratatui::text::Span::raw(fit(&row_label(app, *kind), NAME))];
        for (index, entry) in &shown {
            spans.push(ratatui::text::Span::raw(" "));
            let mut style = match kind {
                OverviewRow::Quantitative(_) | OverviewRow::QuantitativeTotal => {
                    Style::default().add_modifier(Modifier::DIM)
                }
                OverviewRow::Total => Style::default().add_modifier(Modifier::BOLD),
                _ => Style::default(),
            };
            if n == row && *index == column {
                style = style.add_modifier(Modifier::REVERSED);
            }
            spans.push(ratatui::text::Span::styled(
                right(&cell(entry, *kind), CELL),
                style,
            ));
        }
        lines.push(Line::from(spans));
    }
    if let Some(entry) = app.clusters.get(column) {
        lines.push(
            Line::from(fit(
                &format!("▸ {}（{}）", entry.cluster, entry.package_id),
                width,
            ))
            .style(Style::default().fg(Color::Cyan)),
        );
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_confirm(frame: &mut Frame, app: &MeetingApp, targets: &[usize]) {
    let screen = frame.area();
    let height = u16::try_from(targets.len() + 7).unwrap_or(u16::MAX);
    let area = centred(screen, screen.width * 3 / 4, height);
    let inner = dialog(frame, area, labels(app.lang).signoff_title);
    let mut lines = vec![Line::from(match app.lang {
        Lang::Zh => format!(
            "将签署以下 {} 个集群的评分表（按评审会名册核验您的密钥），签署后只读：",
            targets.len()
        ),
        Lang::En => format!(
            "these {} clusters' score sheets will be signed (your key checked against the meeting's roster), read-only afterwards:",
            targets.len()
        ),
    })];
    for index in targets {
        if let Some(entry) = app.clusters.get(*index) {
            let total = entry
                .summary
                .as_ref()
                .map_or("—".to_string(), |s| points(s.totals.total));
            lines.push(Line::from(format!(
                "  {}（{}）· {total}",
                entry.cluster, entry.package_id
            )));
        }
    }
    let waiting: Vec<&str> = app
        .clusters
        .iter()
        .enumerate()
        .filter(|(n, c)| {
            !targets.contains(n)
                && c.session
                    .as_ref()
                    .is_some_and(|s| s.signed.is_none() && !s.recused())
        })
        .map(|(_, c)| c.package_id.as_str())
        .collect();
    if !waiting.is_empty() {
        lines.push(Line::from(match app.lang {
            Lang::Zh => format!("尚未就绪、不签署：{}", waiting.join("、")),
            Lang::En => format!("not ready, not signed: {}", waiting.join(", ")),
        }));
    }
    frame.render_widget(Paragraph::new(wrap_lines(lines, inner.width)), inner);
}

fn draw_key(frame: &mut Frame, app: &MeetingApp, input: &TextInput, error: Option<&str>) {
    let l = labels(app.lang);
    let screen = frame.area();
    let area = centred(screen, screen.width * 3 / 4, 7);
    let inner = dialog(frame, area, l.sign_key_title);
    frame.render_widget(
        Paragraph::new(wrap_lines(vec![Line::from(l.sign_key_prompt)], inner.width)),
        Rect { height: 2, ..inner },
    );
    input.draw(
        frame,
        Rect {
            y: inner.y + 2,
            height: 1,
            ..inner
        },
        input.pending.is_none(),
    );
    if let Some(error) = error {
        frame.render_widget(
            Paragraph::new(fit(error, usize::from(inner.width)))
                .style(Style::default().fg(Color::Red)),
            Rect {
                y: inner.y + 3,
                height: 1,
                ..inner
            },
        );
    }
}
