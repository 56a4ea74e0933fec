//! The chair's overlays for deciding and signing: the agenda (议程) by points at stake, every
//! expert's opinion and notes on the selected indicator, and the sign-off with the compliance
//! gate of 财政部令第87号 Art. 64 and the key entry. Drawn from the state, no I/O.

use super::app::ChairApp;
use super::keymap;
use crate::columns::fit;
use crate::display::points;
use crate::i18n::Lang;
use crate::meeting::{Item, describe};
use crate::rubric::IndicatorKind;
use crate::tui::labels::{labels, status_label};
use crate::tui::widgets::{TextInput, centred, dialog, wrap_lines};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// A large dialog over the screen; returns its inside.
fn large(frame: &mut Frame, title: &str) -> Rect {
    let screen = frame.area();
    let area = centred(
        screen,
        screen.width.saturating_sub(4),
        screen.height.saturating_sub(3),
    );
    dialog(frame, area, title)
}

/// The marks of an item: open (○) or settled (✓), and the points at stake.
fn item_line(item: &Item, app: &ChairApp) -> String {
    let mark = if item.is_open() { "○" } else { "✓" };
    let stake = points(item.stake.round_half_up(2).unwrap_or_default());
    format!(
        "{mark} {:>6} {} · {}",
        stake,
        item.kind.label(app.lang),
        describe(item, &app.combined, app.lang)
    )
}

/// The agenda, the selected item highlighted and kept in view.
pub fn draw_agenda(frame: &mut Frame, app: &ChairApp, selected: usize) {
    let gate = app.gate();
    let items = &gate.items;
    let open = items.iter().filter(|i| i.is_open()).count();
    let title = match app.lang {
        Lang::Zh => format!(
            "议程 · {open} 项待议 · 共 {} 项 · 按涉及分值排序",
            items.len()
        ),
        Lang::En => format!(
            "agenda · {open} open of {} · by points at stake",
            items.len()
        ),
    };
    let inner = large(frame, &title);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height).saturating_sub(1);
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(app.lang.pick(
                "没有待议事项：无评分偏离、数据存疑、客观项不一致、缺少理由或权重敏感的集群排名。",
                "nothing to settle: no divergent scores, questioned figures, disputed objective items, reasons owed or weight-sensitive orders.",
            )),
            inner,
        );
        return;
    }
    let selected = selected.min(items.len().saturating_sub(1));
    let top = selected.saturating_sub(height.saturating_sub(1));
    let mut lines: Vec<Line> = Vec::new();
    for (n, item) in items.iter().enumerate().skip(top).take(height) {
        let mut style = if item.is_open() {
            Style::default()
        } else {
            Style::default().add_modifier(Modifier::DIM)
        };
        if n == selected {
            style = style.add_modifier(Modifier::REVERSED);
        }
        lines.push(Line::from(fit(&item_line(item, app), width)).style(style));
    }
    if let Some(item) = items.get(selected) {
        let settled = match (&item.resolution, app.lang) {
            (None, Lang::Zh) => "待议：c 写合议意见，或 x 录入合议更正".to_string(),
            (None, Lang::En) => "open: write a note (c) or agree a correction (x)".to_string(),
            (Some(crate::meeting::Resolution::Note(n)), Lang::Zh) => {
                format!("已了结：合议意见 {}", n.replace('\n', " "))
            }
            (Some(crate::meeting::Resolution::Note(n)), Lang::En) => {
                format!("settled: note {}", n.replace('\n', " "))
            }
            (Some(crate::meeting::Resolution::Correction { value, reason }), Lang::Zh) => {
                format!("已了结：合议更正为 {value}（{reason}）")
            }
            (Some(crate::meeting::Resolution::Correction { value, reason }), Lang::En) => {
                format!("settled: corrected to {value} ({reason})")
            }
        };
        let row = Rect {
            y: inner.bottom().saturating_sub(1),
            height: 1,
            ..inner
        };
        frame.render_widget(
            Paragraph::new(fit(&settled, width)).style(Style::default().fg(Color::Cyan)),
            row,
        );
    }
    let list = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), list);
}

/// Every counted expert's opinion (and, on a quantitative indicator, their checks and notes
/// of its figures) on the selected indicator, then their overall opinions.
pub fn opinion_lines(app: &ChairApp) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let (Some(cluster), Some(result)) = (app.cluster(), app.result()) else {
        return lines;
    };
    let Some(inputs) = app.cluster_inputs() else {
        return lines;
    };
    let none = app.lang.pick("（无）", "(none)");
    for expert in &cluster.experts {
        let words = inputs.experts.get(&expert.id);
        match result.kind {
            IndicatorKind::Qualitative => {
                let score = result
                    .scores
                    .get(&expert.id)
                    .map_or("—".to_string(), |p| points(*p));
                let comment = words
                    .and_then(|w| w.comments.get(&result.id))
                    .map_or(none.to_string(), |c| c.replace('\n', " "));
                lines.push(Line::from(format!(
                    "{} {} · {score} · {comment}",
                    expert.id, expert.name
                )));
            }
            IndicatorKind::Quantitative => {
                lines.push(Line::from(format!("{} {}", expert.id, expert.name)));
                for m in &result.measures {
                    let (status, corrected) = m.checks.get(&expert.id).copied().unwrap_or_default();
                    let note = words
                        .and_then(|w| w.notes.get(&m.id))
                        .map(|n| format!(" · {}", n.replace('\n', " ")))
                        .unwrap_or_default();
                    let proposal = corrected
                        .map(|c| format!(" → {}", crate::display::exact(c)))
                        .unwrap_or_default();
                    lines.push(Line::from(format!(
                        "  {} · {}{proposal}{note}",
                        app.measure_name(&m.id),
                        status_label(status, app.lang)
                    )));
                }
            }
        }
    }
    lines.push(Line::default());
    lines.push(
        Line::from(labels(app.lang).overall_title.to_string())
            .style(Style::default().add_modifier(Modifier::BOLD)),
    );
    for expert in &cluster.experts {
        let overall = inputs
            .experts
            .get(&expert.id)
            .map(|w| w.overall.replace('\n', " "))
            .filter(|o| !o.trim().is_empty())
            .unwrap_or_else(|| none.to_string());
        lines.push(Line::from(format!("{}: {overall}", expert.id)));
    }
    lines
}

/// The opinions overlay, scrollable.
pub fn draw_opinions(frame: &mut Frame, app: &ChairApp, scroll: usize) {
    let name = app
        .result()
        .and_then(|r| app.combined.rubric.indicator(r.id))
        .map(|i| format!("{} {}", i.id, i.name))
        .unwrap_or_default();
    let title = format!(
        "{} · {name}",
        app.lang.pick("专家意见与批注", "opinions and notes")
    );
    let inner = large(
        frame,
        &fit(&title, usize::from(frame.area().width).saturating_sub(10)),
    );
    let lines = wrap_lines(opinion_lines(app), inner.width);
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(scroll).collect::<Vec<_>>()),
        inner,
    );
}

/// The sign-off: Art. 64's four grounds with their state, the open items, and what Enter does.
pub fn draw_signoff(frame: &mut Frame, app: &ChairApp) {
    let l = app.lang;
    let inner = large(
        frame,
        l.pick(
            "签署 · 合规核查（财政部令第87号第六十四条）",
            "sign-off · compliance check (MoF Order No. 87, Art. 64)",
        ),
    );
    let check = app.gate();
    let mut lines = vec![Line::from(l.pick(
        "汇总结果仅可因以下情形修改，签署前逐项核查：",
        "a summed evaluation may be changed only on these grounds, checked before signing:",
    ))];
    for (n, ground) in check.grounds.iter().enumerate() {
        let (mark, colour) = if ground.blocks() {
            ("✗", Color::Red)
        } else {
            ("✓", Color::Green)
        };
        lines.push(
            Line::from(format!(
                "{mark} （{}）{} — {}",
                n + 1,
                ground.ground.label(l),
                ground.state(l)
            ))
            .style(Style::default().fg(colour)),
        );
        for finding in &ground.findings {
            lines.push(Line::from(format!("    {finding}")));
        }
    }
    let open: Vec<&Item> = check.open().collect();
    lines.push(Line::default());
    if open.is_empty() {
        lines.push(Line::from(l.pick(
            "议程：全部事项均已记录合议意见或更正。",
            "agenda: every item has a recorded note or correction.",
        )));
    } else {
        lines.push(
            Line::from(match l {
                Lang::Zh => format!("议程：尚有 {} 项待议，须先记录合议意见或更正：", open.len()),
                Lang::En => format!(
                    "agenda: {} open, each needs a recorded note or correction first:",
                    open.len()
                ),
            })
            .style(Style::default().fg(Color::Yellow)),
        );
        for item in &open {
            lines.push(Line::from(format!("  {}", item_line(item, app))));
        }
    }
    lines.push(Line::default());
    let last = if let Some(by) = &app.signed_by {
        by.clone()
    } else if app.signed {
        labels(l).combined_signed.to_string()
    } else if keymap::may_sign(app) {
        l.pick(
            "核查通过。按 Enter 签署（需要组长的私钥文件）；签署后只读。",
            "the check passes. Press Enter to sign (the chair's private key); read-only afterwards.",
        )
        .to_string()
    } else {
        super::update::sign_refusal(app)
    };
    lines.push(Line::from(last).style(Style::default().add_modifier(Modifier::BOLD)));
    frame.render_widget(Paragraph::new(wrap_lines(lines, inner.width)), inner);
}

/// The key entry, the terminal cursor at the caret.
pub fn draw_sign_key(frame: &mut Frame, app: &ChairApp, input: &TextInput, error: Option<&str>) {
    let l = labels(app.lang);
    let screen = frame.area();
    let area = centred(screen, screen.width * 3 / 4, 7);
    let inner = dialog(frame, area, l.sign_key_title);
    let prompt = Rect { height: 2, ..inner };
    frame.render_widget(
        Paragraph::new(wrap_lines(vec![Line::from(l.sign_key_prompt)], inner.width)),
        prompt,
    );
    let field = Rect {
        y: inner.y + 2,
        height: 1,
        ..inner
    };
    input.draw(frame, field, input.pending.is_none());
    if let Some(error) = error {
        let row = Rect {
            y: inner.y + 3,
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
