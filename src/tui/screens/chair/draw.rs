//! Drawing the chair's screen from its state, with no I/O.

use super::app::{ChairApp, ChairMode};
use super::keymap;
use crate::columns::{fit, right};
use crate::display::{exact, points};
use crate::i18n::Lang;
use crate::panel::render::{flag_text, summary_lines};
use crate::panel::{ClusterResult, Flag, IndicatorResult};
use crate::rubric::IndicatorKind;
use crate::session::MeasureStatus;
use crate::tui::labels::{labels, method_label, status_mark};
use crate::tui::screens::review::draw::MIN_SIZE;
use crate::tui::widgets::{TextInput, centred, dialog, footer, help, wrap_lines};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Width of the indicator column, of an expert's column, of the panel column.
const NAME: usize = 16;
const CELL: usize = 6;

/// Draws the whole chair's screen.
pub fn draw(frame: &mut Frame, app: &ChairApp) {
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
    let [main, footer] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let meeting = app
        .meeting
        .as_ref()
        .map(|m| format!("{m} │ "))
        .unwrap_or_default();
    let signed = if app.signed {
        format!(
            " │ {}",
            app.signed_by
                .clone()
                .unwrap_or_else(|| app.lang.pick("已签署", "signed").to_string())
        )
    } else {
        String::new()
    };
    let title = match app.lang {
        Lang::Zh => format!(
            " 评审汇总 │ {meeting}{} │ 合议方法 {} │ {} 个集群{signed} ",
            app.file,
            method_label(app.combined.method, app.lang),
            app.combined.clusters.len()
        ),
        Lang::En => format!(
            " combined evaluation │ {meeting}{} │ method {} │ {} clusters{signed} ",
            app.file,
            app.combined.method.as_str(),
            app.combined.clusters.len()
        ),
    };
    let block = Block::bordered().title(fit(&title, usize::from(main.width).saturating_sub(4)));
    let inner = block.inner(main);
    frame.render_widget(block, main);
    let [heading, matrix, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(8),
    ])
    .areas(inner);
    if let Some(cluster) = app.cluster() {
        frame.render_widget(
            Paragraph::new(cluster_heading(app, cluster))
                .style(Style::default().add_modifier(Modifier::BOLD)),
            heading,
        );
        draw_matrix(frame, app, cluster, matrix);
        draw_detail(frame, app, cluster, detail);
    }
    footer::draw(frame, footer, &keymap::hint_bar(app), &app.status, app.lang);
    match &app.mode {
        ChairMode::Matrix => {}
        ChairMode::Ranking { scroll } => draw_ranking(frame, app, *scroll),
        ChairMode::Help { scroll } => {
            let mut lines = keymap::help(app.lang);
            lines.push(crate::tui::keymap::HelpLine::Section(
                app.lang.pick("标记", "marks").to_string(),
            ));
            lines.push(crate::tui::keymap::HelpLine::Keys(
                String::new(),
                app.lang
                    .pick(
                        "红色：偏离合议均值超过阈值 · 黄色：其他标记 · ✎ 已更正数据 · ¶ 有合议意见",
                        "red: divergent · yellow: other flags · ✎ corrected figure · ¶ consensus note",
                    )
                    .to_string(),
            ));
            help::draw(frame, &lines, *scroll, l.help_title, app.lang);
        }
        ChairMode::Note(input) => {
            let name = app
                .result()
                .and_then(|r| app.combined.rubric.indicator(r.id))
                .map(|i| format!("{} {}", i.id, i.short))
                .unwrap_or_default();
            draw_draft(
                frame,
                app.lang.pick("合议意见", "consensus note"),
                &name,
                input,
                None,
                3,
                5,
            );
        }
        ChairMode::CorrectionValue { input, error } => {
            let measure = app.measure_id().unwrap_or_default();
            let (name, unit) = app
                .combined
                .rubric
                .measure(&measure)
                .map(|(_, m)| (m.name.clone(), m.unit.clone()))
                .unwrap_or_default();
            let title = match app.lang {
                Lang::Zh => format!("{name}（{unit}）· 留空则撤销更正"),
                Lang::En => format!("{name} ({unit}) · empty withdraws the correction"),
            };
            draw_draft(
                frame,
                app.lang.pick("合议更正值", "agreed figure"),
                &title,
                input,
                error.as_deref(),
                1,
                2,
            );
        }
        ChairMode::Agenda { selected } => super::overlays::draw_agenda(frame, app, *selected),
        ChairMode::Opinions { scroll } => super::overlays::draw_opinions(frame, app, *scroll),
        ChairMode::SignOff => super::overlays::draw_signoff(frame, app),
        ChairMode::SignKey { input, error, .. } => {
            super::overlays::draw_sign_key(frame, app, input, error.as_deref());
        }
        ChairMode::CorrectionReason { value, input } => {
            let title = format!(
                "{} = {}",
                app.measure_name(&app.measure_id().unwrap_or_default()),
                exact(*value)
            );
            draw_draft(
                frame,
                app.lang.pick("更正理由", "reason of the correction"),
                &title,
                input,
                None,
                3,
                5,
            );
        }
    }
}

fn cluster_heading(app: &ChairApp, cluster: &ClusterResult) -> String {
    let unsigned = cluster.experts.iter().filter(|e| !e.signed).count();
    let mark = match (unsigned, app.lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!(" · {n} 份未签署"),
        (n, Lang::En) => format!(" · {n} unsigned"),
    };
    let position = format!("({}/{})", app.cluster + 1, app.combined.clusters.len());
    match app.lang {
        Lang::Zh => format!(
            "第 {} 名 {position} · 总分 {}{mark} · {}（{}）",
            cluster.rank,
            points(cluster.total),
            cluster.package.cluster,
            cluster.package.id
        ),
        Lang::En => format!(
            "rank {} {position} · total {}{mark} · {} ({})",
            cluster.rank,
            points(cluster.total),
            cluster.package.cluster,
            cluster.package.id
        ),
    }
}

/// The style of an expert's cell: flagged cells stand out.
fn cell_style(result: &IndicatorResult, expert: &str) -> Style {
    let flagged = |f: &Flag| f.expert() == expert;
    if result
        .flags
        .iter()
        .any(|f| flagged(f) && matches!(f, Flag::Divergent { .. }))
    {
        Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
    } else if result
        .flags
        .iter()
        .any(|f| flagged(f) && !matches!(f, Flag::Divergent { .. }))
    {
        Style::default().fg(Color::Yellow)
    } else {
        Style::default()
    }
}

/// An expert's cell: points of a qualitative indicator, the worst check mark of a quantitative one.
fn cell_text(result: &IndicatorResult, expert: &str) -> String {
    match result.kind {
        IndicatorKind::Qualitative => result
            .scores
            .get(expert)
            .map_or("—".to_string(), |p| points(*p)),
        IndicatorKind::Quantitative => {
            let statuses: Vec<MeasureStatus> = result
                .measures
                .iter()
                .filter_map(|m| m.checks.get(expert).map(|c| c.0))
                .collect();
            let worst = [
                MeasureStatus::Missing,
                MeasureStatus::Doubtful,
                MeasureStatus::Unchecked,
                MeasureStatus::Verified,
            ]
            .into_iter()
            .find(|s| statuses.contains(s));
            worst.map_or("", status_mark).to_string()
        }
    }
}

fn draw_matrix(frame: &mut Frame, app: &ChairApp, cluster: &ClusterResult, area: Rect) {
    let columns = usize::from(area.width);
    let fixed = NAME + 5 + CELL + 1 + 6 + 1 + 4;
    let visible = (columns.saturating_sub(fixed) / (CELL + 1)).max(1);
    let offset = app
        .expert_offset
        .min(cluster.experts.len().saturating_sub(1));
    let shown: Vec<&str> = cluster
        .experts
        .iter()
        .skip(offset)
        .take(visible)
        .map(|e| e.id.as_str())
        .collect();
    let more_left = offset > 0;
    let more_right = offset + shown.len() < cluster.experts.len();
    let mut header = vec![Span::raw(format!(
        "{}{} ",
        fit(app.lang.pick("指标", "indicator"), NAME),
        right(app.lang.pick("权重", "wt"), 4)
    ))];
    for expert in &shown {
        header.push(Span::raw(format!("{} ", right(expert, CELL))));
    }
    let arrows = format!(
        "{}{}",
        if more_left { "◀" } else { " " },
        if more_right { "▶" } else { " " }
    );
    header.push(Span::raw(format!(
        "{} {} {}",
        right(app.lang.pick("合议", "panel"), CELL),
        right(app.lang.pick("极差", "spread"), 6),
        arrows
    )));
    let height = usize::from(area.height).saturating_sub(1);
    let top = app
        .indicator
        .saturating_sub(height / 2)
        .min(cluster.indicators.len().saturating_sub(height));
    let mut lines = vec![Line::from(header).style(Style::default().add_modifier(Modifier::DIM))];
    for (index, result) in cluster.indicators.iter().enumerate().skip(top).take(height) {
        let name = app
            .combined
            .rubric
            .indicator(result.id)
            .map(|i| format!("{:>2} {}", i.id, i.short))
            .unwrap_or_default();
        let selected = index == app.indicator;
        let mut spans = vec![Span::raw(format!(
            "{}{} ",
            fit(&name, NAME),
            right(&exact(result.weight), 4)
        ))];
        for expert in &shown {
            spans.push(Span::styled(
                right(&cell_text(result, expert), CELL),
                cell_style(result, expert),
            ));
            spans.push(Span::raw(" "));
        }
        let panel = result.panel.map_or("—".to_string(), points);
        let corrected = result.measures.iter().any(|m| m.correction.is_some());
        let note = result.note.is_some();
        let marks = format!(
            "{}{}",
            if corrected { "✎" } else { " " },
            if note { "¶" } else { " " }
        );
        spans.push(Span::styled(
            right(&panel, CELL),
            Style::default().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(
            " {} {marks}",
            right(&result.spread.map(points).unwrap_or_default(), 6)
        )));
        let line = Line::from(spans);
        lines.push(if selected {
            line.style(Style::default().add_modifier(Modifier::REVERSED))
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_detail(frame: &mut Frame, app: &ChairApp, cluster: &ClusterResult, area: Rect) {
    let Some(result) = app.result() else { return };
    let indicator = app.combined.rubric.indicator(result.id);
    let name = indicator
        .map(|i| format!("{} {}", i.id, i.name))
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(format!(
            "{name} · {} {} ({}) · {} {} · {} {}",
            app.lang.pick("合议值", "panel"),
            result.panel.map_or("—".to_string(), points),
            method_label(app.combined.method, app.lang),
            app.lang.pick("平均", "mean"),
            result.mean.map_or("—".to_string(), points),
            app.lang.pick("极差", "spread"),
            result.spread.map_or("—".to_string(), points),
        ))
        .style(Style::default().add_modifier(Modifier::BOLD)),
    ];
    if let Some(measure_id) = app.measure_id()
        && let Some(m) = result.measures.iter().find(|m| m.id == measure_id)
    {
        let checks: Vec<String> = cluster
            .experts
            .iter()
            .filter_map(|e| {
                m.checks.get(&e.id).map(|(status, corrected)| {
                    format!(
                        "{} {}{}",
                        e.id,
                        status_mark(*status),
                        corrected
                            .map(|c| format!("→{}", exact(c)))
                            .unwrap_or_default()
                    )
                })
            })
            .collect();
        let correction = m.correction.as_ref().map_or("—".to_string(), |c| {
            format!("{} ({})", exact(c.value), c.reason)
        });
        let unit = app
            .combined
            .rubric
            .measure(&m.id)
            .map(|(_, x)| x.unit.clone())
            .unwrap_or_default();
        let with_unit = |v: Option<rust_decimal::Decimal>| {
            v.map_or("—".to_string(), |v| {
                format!("{} {unit}", crate::display::figure(v))
            })
        };
        let l = labels(app.lang);
        // declared and derived side by side (from the sessions; the package figure alone
        // when the screen was not given them)
        let figures = match app.cluster_inputs().and_then(|i| i.figures.get(&m.id)) {
            Some(f) => format!(
                "{} {} · {} {}",
                l.declared,
                with_unit(f.declared),
                l.derived,
                with_unit(f.derived)
            ),
            None => format!(
                "{} {}",
                app.lang.pick("申报", "package"),
                with_unit(m.package_value)
            ),
        };
        lines.push(Line::from(format!(
            "▸ {} · {figures} · {} {}",
            app.measure_name(&m.id),
            app.lang.pick("得分", "points"),
            points(m.points),
        )));
        lines.push(Line::from(format!(
            "  {} {} · {} {}",
            l.corrected,
            correction,
            app.lang.pick("核验", "checks"),
            checks.join(" ")
        )));
    }
    let flags: Vec<String> = result
        .flags
        .iter()
        .map(|f| match f {
            // the measure by its name on the Chinese screen, not its id
            Flag::FigureQuestioned { expert, measure } if app.lang == Lang::Zh => {
                format!("{expert} 质疑 {}", app.measure_name(measure))
            }
            other => flag_text(other, app.lang),
        })
        .collect();
    if !flags.is_empty() {
        lines.push(
            Line::from(format!(
                "{} {}",
                app.lang.pick("标记", "flags"),
                flags.join("; ")
            ))
            .style(Style::default().fg(Color::Yellow)),
        );
    }
    let note = result.note.clone().unwrap_or_else(|| {
        app.lang
            .pick(
                "（尚无合议意见，按 c 填写）",
                "(no consensus note; press c)",
            )
            .to_string()
    });
    lines.push(Line::from(format!(
        "{} {}",
        app.lang.pick("合议意见", "note"),
        note.replace('\n', " ")
    )));
    // each expert's words on the indicator, one line each (all of them with o)
    let width = usize::from(area.width);
    for line in super::overlays::opinion_lines(app)
        .into_iter()
        .take_while(|l| !l.spans.is_empty())
    {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        lines.push(
            Line::from(fit(&text, width)).style(Style::default().add_modifier(Modifier::DIM)),
        );
    }
    frame.render_widget(Paragraph::new(wrap_lines(lines, area.width)), area);
}

fn draw_ranking(frame: &mut Frame, app: &ChairApp, scroll: usize) {
    let screen = frame.area();
    let area = centred(
        screen,
        screen.width.saturating_sub(6),
        screen.height.saturating_sub(4),
    );
    let inner = dialog(
        frame,
        area,
        app.lang.pick(
            "排名 · 一致性 · 敏感性",
            "ranking · agreement · sensitivity",
        ),
    );
    let mut lines: Vec<Line> = app
        .combined
        .clusters
        .iter()
        .map(|c| {
            let unsigned = c.experts.iter().filter(|e| !e.signed).count();
            Line::from(format!(
                "{} {} {} {} · {} {}{}",
                right(&c.rank.to_string(), 3),
                fit(&c.package.id, 10),
                fit(&c.package.cluster, 36),
                right(&points(c.total), 7),
                c.experts.len(),
                app.lang.pick("位专家", "experts"),
                if unsigned > 0 {
                    format!(" ({unsigned} {})", app.lang.pick("未签署", "unsigned"))
                } else {
                    String::new()
                }
            ))
        })
        .collect();
    lines.push(Line::default());
    // the method in the screen's language (the shared summary names it by its file word)
    lines.push(Line::from(match app.lang {
        Lang::Zh => format!(
            "合议方法 {} · 评分表 {}",
            method_label(app.combined.method, app.lang),
            app.combined.rubric.id
        ),
        Lang::En => format!(
            "method {} · rubric {}",
            method_label(app.combined.method, app.lang),
            app.combined.rubric.id
        ),
    }));
    lines.extend(
        summary_lines(&app.combined, app.lang)
            .into_iter()
            .skip(1)
            .map(Line::from),
    );
    let lines = wrap_lines(lines, inner.width);
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// A text dialog with the terminal cursor at the caret.
fn draw_draft(
    frame: &mut Frame,
    title: &str,
    subtitle: &str,
    input: &TextInput,
    error: Option<&str>,
    min_lines: u16,
    max_lines: u16,
) {
    let screen = frame.area();
    let height = (min_lines.max(max_lines) + 4).min(screen.height);
    let area = centred(screen, screen.width * 3 / 4, height);
    let inner = dialog(frame, area, &format!("{title} · {subtitle}"));
    let text_rect = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    input.draw(frame, text_rect, input.pending.is_none());
    if let Some(error) = error {
        let row = Rect {
            y: inner.bottom().saturating_sub(1),
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(fit(error, usize::from(row.width)))
                .style(Style::default().fg(Color::Red)),
            row,
        );
    }
}
