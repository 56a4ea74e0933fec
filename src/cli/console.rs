//! The console window of a double-clicked `cluster-review.exe`: Windows opens a console for the
//! program and closes it the moment the program ends, so a message printed on the way out
//! (the demo could not create its session folder, say) would vanish before anyone read it.
//! When the program is the only one attached to its console — it was started from Explorer,
//! not from a command prompt — it waits for Enter before the window closes. Elsewhere nothing
//! changes.

use crate::i18n::Lang;

/// Whether a console with this many attached processes was opened for the program alone (a
/// command prompt that started it is attached too).
pub fn own_console(attached_processes: u32) -> bool {
    attached_processes == 1
}

/// What the window says before it closes.
pub fn closing_prompt(lang: Lang) -> &'static str {
    lang.pick("按 Enter 键关闭窗口……", "Press Enter to close this window…")
}

/// How many processes share the program's console (Windows); 0 elsewhere, where no window
/// closes on exit.
fn attached_processes() -> u32 {
    #[cfg(windows)]
    {
        use windows_sys::Win32::System::Console::GetConsoleProcessList;
        let mut processes = [0u32; 4];
        // SAFETY: the buffer holds 4 process ids; the call writes at most that many and
        // returns how many processes are attached (0 on failure)
        unsafe { GetConsoleProcessList(processes.as_mut_ptr(), 4) }
    }
    #[cfg(not(windows))]
    {
        0
    }
}

/// Waits for Enter when the program owns its console window (a double-click on Windows).
pub fn pause_if_own_console(lang: Lang) {
    use std::io::{BufRead, Write};
    if own_console(attached_processes()) {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "\n{}", closing_prompt(lang));
        let _ = stderr.flush();
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_console_of_its_own_waits() {
        assert!(own_console(1));
        // started from cmd.exe or PowerShell: the shell is attached too
        assert!(!own_console(2) && !own_console(3));
        // no console at all (GetConsoleProcessList fails with 0)
        assert!(!own_console(0));
        assert!(closing_prompt(Lang::Zh).contains("Enter"));
        // here (no Windows console) nothing waits
        #[cfg(not(windows))]
        assert!(!own_console(attached_processes()));
    }
}
