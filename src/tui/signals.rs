//! Being asked to end from outside: SIGTERM, SIGHUP (the terminal was closed), SIGINT sent by
//! `kill` (Ctrl-C itself is a key in raw mode) and SIGQUIT on Unix; the console's close, log-off,
//! shutdown and Ctrl-Break events on Windows. A handler only records what arrived; the event
//! loop sees it within a tick, saves what an open editor holds, restores the terminal and ends
//! with an error (exit code 1).

/// The signals (or console events) the screens end on, recorded by their handlers.
#[derive(Debug)]
pub struct Signals {
    #[cfg(unix)]
    caught: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    #[cfg(unix)]
    ids: Vec<signal_hook::SigId>,
}

#[cfg(unix)]
impl Signals {
    const WATCHED: [(i32, &'static str); 4] = [
        (signal_hook::consts::SIGTERM, "SIGTERM"),
        (signal_hook::consts::SIGHUP, "SIGHUP"),
        (signal_hook::consts::SIGINT, "SIGINT"),
        (signal_hook::consts::SIGQUIT, "SIGQUIT"),
    ];

    /// Starts recording the signals (a signal that cannot be watched keeps its default).
    pub fn install() -> Self {
        let caught = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let ids = Self::WATCHED
            .iter()
            .filter_map(|(signal, _)| {
                let value = usize::try_from(*signal).ok()?;
                signal_hook::flag::register_usize(*signal, std::sync::Arc::clone(&caught), value)
                    .ok()
            })
            .collect();
        Self { caught, ids }
    }

    /// The name of the signal that arrived, if one did.
    pub fn pending(&self) -> Option<&'static str> {
        let caught = self.caught.load(std::sync::atomic::Ordering::SeqCst);
        Self::WATCHED
            .iter()
            .find(|(signal, _)| usize::try_from(*signal).ok() == Some(caught))
            .map(|(_, name)| *name)
    }

    /// The screen has saved and restored the terminal: signals get their defaults back.
    pub fn finish(self) {
        for id in self.ids {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(windows)]
mod console {
    //! The console control handler: Windows ends the process once the handler returns from a
    //! close, log-off or shutdown event, so it waits (at most 4 s, within the 5 s Windows
    //! allows) until the screen has saved and restored the terminal.

    use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
    use std::time::{Duration, Instant};
    use windows_sys::Win32::System::Console::{
        CTRL_BREAK_EVENT, CTRL_C_EVENT, CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT,
        SetConsoleCtrlHandler,
    };

    /// The event that arrived, plus one (0: none).
    pub static CAUGHT: AtomicU32 = AtomicU32::new(0);
    /// The screen has finished.
    pub static FINISHED: AtomicBool = AtomicBool::new(false);

    unsafe extern "system" fn handler(event: u32) -> windows_sys::core::BOOL {
        CAUGHT.store(event + 1, Ordering::SeqCst);
        if matches!(
            event,
            CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT
        ) {
            let until = Instant::now() + Duration::from_secs(4);
            while !FINISHED.load(Ordering::SeqCst) && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        1
    }

    pub fn install() {
        // SAFETY: registers a handler with the signature the console API expects
        unsafe {
            SetConsoleCtrlHandler(Some(handler), 1);
        }
    }

    pub fn uninstall() {
        FINISHED.store(true, Ordering::SeqCst);
        // SAFETY: removes the handler registered by `install`
        unsafe {
            SetConsoleCtrlHandler(Some(handler), 0);
        }
    }

    pub fn name(caught: u32) -> Option<&'static str> {
        match caught.checked_sub(1)? {
            CTRL_C_EVENT => Some("Ctrl-C"),
            CTRL_BREAK_EVENT => Some("Ctrl-Break"),
            CTRL_CLOSE_EVENT => Some("the console window was closed"),
            CTRL_LOGOFF_EVENT => Some("log-off"),
            CTRL_SHUTDOWN_EVENT => Some("shutdown"),
            _ => None,
        }
    }
}

#[cfg(windows)]
impl Signals {
    /// Starts recording the console's control events.
    pub fn install() -> Self {
        console::install();
        Self {}
    }

    /// The event that arrived, if one did.
    pub fn pending(&self) -> Option<&'static str> {
        console::name(console::CAUGHT.load(std::sync::atomic::Ordering::SeqCst))
    }

    /// The screen has saved and restored the terminal: a waiting close event may end us.
    pub fn finish(self) {
        console::uninstall();
    }
}

#[cfg(not(any(unix, windows)))]
impl Signals {
    /// Nothing to watch on this platform.
    pub fn install() -> Self {
        Self {}
    }

    /// Nothing arrives.
    pub fn pending(&self) -> Option<&'static str> {
        None
    }

    /// Nothing to undo.
    pub fn finish(self) {}
}
