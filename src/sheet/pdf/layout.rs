//! A small page-layout engine for sheets: text measured with the font's own advances, wrapped
//! (CJK anywhere, Latin at spaces), tables whose rows grow with their text and whose header
//! repeats on a new page. It produces drawing operations; `render` turns them into PDF.

use super::PdfError;

/// One drawing operation, in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Text on one baseline.
    Text {
        /// Left end of the baseline.
        x: f32,
        /// Baseline.
        y: f32,
        /// Font size.
        size: f32,
        /// The text (one line, every character in the font).
        text: String,
    },
    /// A straight line.
    Line {
        /// Start.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Stroke width.
        width: f32,
    },
}

/// Text measurement with one font.
pub struct Metrics<'a> {
    face: rustybuzz::Face<'a>,
    units_per_em: f32,
}

impl<'a> Metrics<'a> {
    /// Reads the face, or `None` when the bytes are not a usable font.
    pub fn new(data: &'a [u8], index: u32) -> Option<Self> {
        let face = rustybuzz::Face::from_slice(data, index)?;
        let units_per_em = face.units_per_em() as f32;
        Some(Self { face, units_per_em })
    }

    /// Whether the font has a glyph for the character.
    pub fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    fn advance(&self, c: char, size: f32) -> f32 {
        let units = self
            .face
            .glyph_index(c)
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(self.units_per_em / 2.0, f32::from);
        units / self.units_per_em * size
    }

    /// The width of a line of text.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, size)).sum()
    }

    /// Breaks text into lines no wider than `width`: at line breaks, anywhere between CJK
    /// characters, and at spaces within Latin text (a word longer than the line is cut).
    pub fn wrap(&self, text: &str, width: f32, size: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for c in paragraph.chars() {
                let c = if c.is_control() { ' ' } else { c };
                let w = self.advance(c, size);
                if line_width + w > width && !line.is_empty() {
                    let cut = if c.is_ascii_alphanumeric() {
                        line.rfind(' ').filter(|&i| i > 0)
                    } else {
                        None
                    };
                    match cut {
                        Some(i) => {
                            let rest = line.split_off(i + 1);
                            lines.push(line.trim_end().to_string());
                            line = rest;
                            line_width = self.width(&line, size);
                        }
                        None => {
                            lines.push(std::mem::take(&mut line));
                            line_width = 0.0;
                        }
                    }
                    if c == ' ' && line.is_empty() {
                        continue;
                    }
                }
                line.push(c);
                line_width += w;
            }
            lines.push(line);
        }
        lines
    }
}

/// Horizontal placement of a cell's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Flush right (figures).
    Right,
    /// Centred.
    Centre,
}

/// A table's columns: widths and alignments.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Left edge of the table.
    pub x: f32,
    /// (width, alignment) per column.
    pub cols: Vec<(f32, Align)>,
}

const PAD: f32 = 3.0;

/// The height kept free at the bottom of every page for the footer.
pub const FOOTER: f32 = 62.0;

/// Pages being filled, top to bottom.
pub struct Layout<'a> {
    metrics: &'a Metrics<'a>,
    /// Page size.
    pub size: (f32, f32),
    /// Margins (left/right, top, bottom above the footer).
    pub margin: f32,
    bottom: f32,
    /// The pages so far.
    pub pages: Vec<Vec<Op>>,
    /// The current baseline cursor (top of the next block).
    pub y: f32,
    /// The first character the font lacks, with the text it was in.
    pub missing: Option<PdfError>,
    header: Option<(Columns, Vec<String>, f32)>,
}

impl<'a> Layout<'a> {
    /// An empty document of this page size.
    pub fn new(metrics: &'a Metrics<'a>, size: (f32, f32)) -> Self {
        let margin = 42.0;
        let mut layout = Self {
            metrics,
            size,
            margin,
            bottom: size.1 - FOOTER,
            pages: Vec::new(),
            y: margin,
            missing: None,
            header: None,
        };
        layout.pages.push(Vec::new());
        layout
    }

    /// The usable width between the margins.
    pub fn width(&self) -> f32 {
        self.size.0 - 2.0 * self.margin
    }

    fn page(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn check(&mut self, text: &str) {
        if self.missing.is_some() {
            return;
        }
        if let Some(c) = text
            .chars()
            .find(|c| !c.is_control() && !self.metrics.has(*c))
        {
            self.missing = Some(PdfError::MissingGlyph {
                character: c,
                context: text.chars().take(40).collect(),
            });
        }
    }

    /// Puts text on one baseline.
    pub fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.check(text);
        self.page().push(Op::Text {
            x,
            y,
            size,
            text: text.to_string(),
        });
    }

    /// Draws a line.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.page().push(Op::Line { from, to, width });
    }

    /// Starts a new page (repeating the open table's header, which always fits).
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.margin;
        if let Some((columns, cells, size)) = self.header.take() {
            self.draw_row(&columns, &cells, size);
            self.header = Some((columns, cells, size));
        }
    }

    /// Shortens text to one line of `width`, marking the cut with "…".
    pub fn fit(&self, text: &str, width: f32, size: f32) -> String {
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if self.metrics.width(&clean, size) <= width {
            return clean;
        }
        let room = width - self.metrics.width("…", size);
        let mut out = String::new();
        let mut used = 0.0;
        for c in clean.chars() {
            let w = self.metrics.width(c.encode_utf8(&mut [0; 4]), size);
            if used + w > room {
                break;
            }
            used += w;
            out.push(c);
        }
        out.push('…');
        out
    }

    /// Puts the footer lines on every page (they are checked against the font like all text).
    pub fn footer(&mut self, lines: &[String], size: f32) {
        let pages = self.pages.len();
        let width = self.width();
        let top = self.size.1 - FOOTER + 16.0;
        for page in 0..pages {
            let mut all: Vec<String> = lines.iter().map(|l| self.fit(l, width, size)).collect();
            all.push(format!("第 {} 页 / 共 {pages} 页", page + 1));
            for (i, line) in all.iter().enumerate() {
                self.check(line);
                if let Some(ops) = self.pages.get_mut(page) {
                    ops.push(Op::Text {
                        x: self.margin,
                        y: top + i as f32 * (size + 3.0),
                        size,
                        text: line.clone(),
                    });
                }
            }
        }
    }

    /// Makes room for `height`, on a new page if needed.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom && self.y > self.margin + 1.0 {
            self.new_page();
        }
    }

    /// A line of text across the page (centred or from the left margin), advancing the cursor.
    pub fn heading(&mut self, text: &str, size: f32, centred: bool) {
        let lines = self.metrics.wrap(text, self.width(), size);
        for line in lines {
            self.ensure(size * 1.5);
            let x = if centred {
                self.margin + (self.width() - self.metrics.width(&line, size)).max(0.0) / 2.0
            } else {
                self.margin
            };
            let y = self.y + size;
            self.text(x, y, size, &line);
            self.y += size * 1.5;
        }
    }

    /// A wrapped paragraph from the left margin.
    pub fn paragraph(&mut self, text: &str, size: f32) {
        self.heading(text, size, false);
    }

    /// Vertical space.
    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    /// Starts a table: its header row is drawn now and again at the top of every new page
    /// (unless it is taller than a quarter of a page: then only here, so that a page always
    /// has room for rows).
    pub fn table_header(&mut self, columns: &Columns, cells: &[String], size: f32) {
        self.header = None;
        let height = self.row_height(columns, cells, size);
        self.ensure(height * 2.0);
        self.draw_row(columns, cells, size);
        if height <= (self.bottom - self.margin) / 4.0 {
            self.header = Some((columns.clone(), cells.to_vec(), size));
        }
    }

    /// Ends the table (no more header repeats).
    pub fn end_table(&mut self) {
        self.header = None;
    }

    fn cell_lines(&self, columns: &Columns, cells: &[String], size: f32) -> Vec<Vec<String>> {
        columns
            .cols
            .iter()
            .zip(cells)
            .map(|((w, _), text)| self.metrics.wrap(text, (w - 2.0 * PAD).max(size), size))
            .collect()
    }

    fn row_height(&self, columns: &Columns, cells: &[String], size: f32) -> f32 {
        let lines = self
            .cell_lines(columns, cells, size)
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(1);
        lines as f32 * size * 1.35 + 2.0 * PAD
    }

    /// A table row; it moves to a new page whole when it does not fit (unless it is taller
    /// than a page, when it is cut between lines).
    pub fn row(&mut self, columns: &Columns, cells: &[String], size: f32) {
        let height = self.row_height(columns, cells, size);
        self.ensure(height);
        self.draw_row(columns, cells, size);
    }

    fn draw_row(&mut self, columns: &Columns, cells: &[String], size: f32) {
        let lines = self.cell_lines(columns, cells, size);
        let line_height = size * 1.35;
        let rows = lines.iter().map(Vec::len).max().unwrap_or(1);
        let right = columns.x + columns.cols.iter().map(|(w, _)| w).sum::<f32>();
        let mut drawn = 0;
        while drawn < rows {
            let room = ((self.bottom - self.y - 2.0 * PAD) / line_height)
                .floor()
                .max(1.0) as usize;
            let take = room.min(rows - drawn);
            let top = self.y;
            let bottom = top + take as f32 * line_height + 2.0 * PAD;
            self.line((columns.x, top), (right, top), 0.6);
            self.line((columns.x, bottom), (right, bottom), 0.6);
            let mut x = columns.x;
            for ((w, align), cell) in columns.cols.iter().zip(&lines) {
                self.line((x, top), (x, bottom), 0.6);
                for (i, line) in cell.iter().skip(drawn).take(take).enumerate() {
                    let width = self.metrics.width(line, size);
                    let tx = match align {
                        Align::Left => x + PAD,
                        Align::Right => x + w - PAD - width,
                        Align::Centre => x + (w - width) / 2.0,
                    };
                    let ty = top + PAD + (i as f32 + 1.0) * line_height - size * 0.3;
                    self.text(tx, ty, size, line);
                }
                x += w;
            }
            self.line((right, top), (right, bottom), 0.6);
            self.y = bottom;
            drawn += take;
            if drawn < rows {
                self.new_page();
            }
        }
    }
}
