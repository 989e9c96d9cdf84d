//! What the terminal gets: colour or not, and a progress line on stderr.

use crate::args::ColorChoice;
use std::io::{IsTerminal, Write};

/// Whether to colour a stream. `--color` wins over the environment; in `auto` mode `NO_COLOR`
/// (any non-empty value, see no-color.org) and `TERM=dumb` turn colour off, and only a terminal
/// gets colour.
pub fn use_color(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            stream_is_terminal && !no_color && !dumb
        }
    }
}

/// A one-line "checking 3/10 path" indicator on stderr, shown only when stderr is a terminal
/// and erased before the report is printed, so piped and redirected output never holds it.
pub struct Progress {
    enabled: bool,
    width: usize,
}

impl Progress {
    pub fn new() -> Self {
        Progress {
            enabled: std::io::stderr().is_terminal(),
            width: 0,
        }
    }

    pub fn update(&mut self, done: usize, total: usize, what: &str) {
        if !self.enabled {
            return;
        }
        // Keep the line short enough not to wrap on a narrow terminal: wrapping would defeat
        // the carriage return that overwrites it.
        let line: String = format!("checking {}/{total} {what}", done + 1)
            .chars()
            .take(76)
            .collect();
        let pad = self.width.saturating_sub(line.chars().count());
        self.width = line.chars().count();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}{:pad$}", "");
        let _ = err.flush();
    }

    pub fn finish(&mut self) {
        if self.enabled && self.width > 0 {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{:w$}\r", "", w = self.width);
            let _ = err.flush();
            self.width = 0;
        }
    }
}
