//! A pseudo-terminal harness for end-to-end tests of the real binary (after television's
//! `tests/common`): `portable-pty` spawns `cluster-review` on a pty (a Unix pty, or ConPTY on
//! Windows), a reader thread feeds everything it prints to a `vt100` terminal emulator, and the
//! tests type key bytes and assert on the emulated screen: text, cell colours and attributes,
//! the cursor, the terminal modes left behind.

#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long to wait for a screen before failing (debug builds on 2 busy cores are slow).
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Key bytes as a terminal sends them.
pub mod keys {
    /// Enter.
    pub const ENTER: &str = "\r";
    /// Escape.
    pub const ESC: &str = "\x1b";
    /// Arrow down.
    pub const DOWN: &str = "\x1b[B";
    /// Arrow up.
    pub const UP: &str = "\x1b[A";
    /// Tab.
    pub const TAB: &str = "\t";
    /// Ctrl-C (a byte in raw mode, not a signal).
    pub const CTRL_C: &str = "\x03";
    /// Bracketed paste of a text.
    pub fn paste(text: &str) -> String {
        format!("\x1b[200~{text}\x1b[201~")
    }
}

/// The program running on a pseudo-terminal, and the emulated screen it draws on.
pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    reader: Option<JoinHandle<()>>,
}

/// The real `cluster-review` binary.
pub fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("cluster-review")
}

impl Pty {
    /// Runs the binary with `args` in `cwd` on a `cols`×`rows` terminal; `env` is added to the
    /// environment (which always has `TERM`, a UTF-8 locale, and a config folder of the test's
    /// own under `config`, so that no user's settings are read or written).
    pub fn spawn(
        args: &[&OsStr],
        cwd: &Path,
        config: &Path,
        size: (u16, u16),
        env: &[(&str, &OsStr)],
    ) -> Self {
        let (cols, rows) = size;
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(binary());
        command.args(args);
        command.cwd(cwd);
        command.env("TERM", "xterm-256color");
        command.env("LANG", "C.UTF-8");
        command.env("CLUSTER_REVIEW_CONFIG_DIR", config);
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pair.slave.spawn_command(command).expect("spawn");
        // only the child holds the terminal's other end: its exit ends our reads
        drop(pair.slave);
        let nonzero = |n: u16| std::num::NonZeroU16::new(n).expect("a size above 0");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            nonzero(rows),
            nonzero(cols),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let bytes = buffer.get(..n).unwrap_or_default();
                if let Ok(mut parser) = p.lock() {
                    parser.process(bytes);
                }
                if let Ok(mut raw) = r.lock() {
                    raw.extend_from_slice(bytes);
                }
            }
        });
        Self {
            parser,
            raw,
            writer,
            child,
            master: pair.master,
            reader: Some(reader),
        }
    }

    /// Types bytes (keys, text) and pauses, so that Esc and the next key are not read as Alt.
    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(120));
    }

    /// Types each key in turn.
    pub fn keys(&mut self, keys: &[&str]) {
        for key in keys {
            self.send(key);
        }
    }

    /// The screen as it is now.
    pub fn screen(&self) -> vt100::Screen {
        self.parser.lock().expect("parser").screen().clone()
    }

    /// Everything the program has written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().expect("raw").clone()
    }

    /// Waits until the screen satisfies `ready`, and returns it.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) -> vt100::Screen {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}; the screen:\n{}",
                screen.contents()
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Waits until the screen's text contains every one of `texts`.
    pub fn wait_text(&self, texts: &[&str]) -> vt100::Screen {
        self.wait_for(&format!("{texts:?}"), |s| {
            let contents = s.contents();
            texts.iter().all(|t| contents.contains(t))
        })
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a process id")
    }

    /// Waits for the program to end (failing after `TIMEOUT`); returns its exit status, after
    /// everything it printed has been read.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                if let Some(reader) = self.reader.take() {
                    // the reader ends at the terminal's end of file; do not wait forever
                    let until = Instant::now() + Duration::from_secs(5);
                    while !reader.is_finished() && Instant::now() < until {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                }
                return status;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "the program did not end; the screen:\n{}",
                self.screen().contents()
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Kills the program outright, as a crash or a power cut would: SIGKILL on Unix,
    /// TerminateProcess on Windows.
    pub fn kill_hard(&mut self) {
        #[cfg(unix)]
        self.signal(libc::SIGKILL);
        #[cfg(not(unix))]
        self.child.kill().expect("kill");
    }

    /// Sends a signal to the program (Unix).
    #[cfg(unix)]
    pub fn signal(&self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.pid()).expect("pid");
        // SAFETY: kill(2) with a pid of our own child and a valid signal number
        let result = unsafe { libc::kill(pid, signal) };
        assert_eq!(result, 0, "kill({pid}, {signal})");
    }

    /// The line discipline's local modes: `(canonical, echo)` — both on when the terminal is
    /// restored, both off in raw mode (Unix).
    #[cfg(unix)]
    pub fn line_modes(&self) -> (bool, bool) {
        let fd = self.master.as_raw_fd().expect("a pty fd");
        // SAFETY: a zeroed termios is a valid out-parameter for tcgetattr on an open fd
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        let result = unsafe { libc::tcgetattr(fd, &mut termios) };
        assert_eq!(result, 0, "tcgetattr");
        (
            termios.c_lflag & libc::ICANON != 0,
            termios.c_lflag & libc::ECHO != 0,
        )
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The text of row `row` of a screen (wide characters once).
pub fn row_text(screen: &vt100::Screen, row: u16) -> String {
    let (_, cols) = screen.size();
    screen
        .rows(0, cols.get())
        .nth(usize::from(row))
        .unwrap_or_default()
}

/// The first row whose text contains `text`.
pub fn find_row(screen: &vt100::Screen, text: &str) -> Option<u16> {
    let (rows, _) = screen.size();
    (0..rows.get()).find(|r| row_text(screen, *r).contains(text))
}

/// The column where `text` starts in row `row` (display columns).
pub fn find_col(screen: &vt100::Screen, row: u16, text: &str) -> Option<u16> {
    let (_, cols) = screen.size();
    let first = text.chars().next()?;
    (0..cols.get()).find(|c| {
        screen
            .cell(row, *c)
            .is_some_and(|cell| cell.contents().starts_with(first))
            && {
                let mut rest = String::new();
                let mut col = *c;
                while rest.chars().count() < text.chars().count() && col < cols.get() {
                    if let Some(cell) = screen.cell(row, col)
                        && !cell.is_wide_continuation()
                    {
                        rest.push_str(cell.contents());
                    }
                    col += 1;
                }
                rest.starts_with(text)
            }
    })
}
