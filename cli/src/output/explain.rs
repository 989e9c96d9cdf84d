//! `topolint explain`: every pull path, step by step. The JSON is the core's
//! [`topolint::explain::Explanation`] per checked file, wrapped like the check report.

use super::json::{to_pretty, Tool, TOOL};
use super::Checked;
use anstyle::{AnsiColor, Style};
use serde::Serialize;
use topolint::analysis::Verdict;
use topolint::explain::{explain, Explanation, PathExplanation};

/// The version of this output's structure (not of topolint).
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output {
    version: u32,
    tool: Tool,
    files: Vec<FileExplanation>,
}

#[derive(Serialize)]
struct FileExplanation {
    file: String,
    #[serde(flatten)]
    explanation: Explanation,
}

pub fn json(checked: &[Checked]) -> String {
    to_pretty(&Output {
        version: FORMAT_VERSION,
        tool: TOOL,
        files: checked
            .iter()
            .map(|c| FileExplanation {
                file: name(c),
                explanation: explain(&c.result, &c.deployment.set),
            })
            .collect(),
    })
}

/// The entry file as named on the command line.
fn name(c: &Checked) -> String {
    c.deployment.entry.to_string_lossy().into_owned()
}

/// The mark, its colour and its word for a verdict.
fn mark(v: Verdict) -> (&'static str, Style) {
    match v {
        Verdict::Ok => ("✓", AnsiColor::Green.on_default().bold()),
        Verdict::Broken => ("✗", AnsiColor::Red.on_default().bold()),
        Verdict::Unknown => ("?", AnsiColor::Yellow.on_default().bold()),
        Verdict::Skipped => ("-", Style::new().dimmed()),
    }
}

fn word(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "ok",
        Verdict::Broken => "broken",
        Verdict::Unknown => "unknown",
        Verdict::Skipped => "skipped",
    }
}

/// One block per path: `workload → registry: verdict`, then a line per step (mark, title,
/// reason, rule) with the place that decides it under it.
pub fn human(checked: &[Checked], color: bool) -> String {
    let paint = |s: Style| if color { s } else { Style::new() };
    let bold = paint(Style::new().bold());
    let dim = paint(Style::new().dimmed());
    let mut out = String::new();
    let mut counts = [0usize; 3];
    for c in checked {
        let ex = explain(&c.result, &c.deployment.set);
        if ex.paths.is_empty() {
            out.push_str(&format!(
                "{}: no pull path (no workload pulls from a registry declared in it)\n\n",
                name(c)
            ));
        }
        for p in &ex.paths {
            counts[match p.verdict {
                Verdict::Broken => 1,
                Verdict::Unknown => 2,
                _ => 0,
            }] += 1;
            block(&mut out, p, bold, dim, &paint);
        }
    }
    let total = counts.iter().sum::<usize>();
    let style = match () {
        _ if counts[1] > 0 => paint(AnsiColor::Red.on_default().bold()),
        _ if counts[2] > 0 => paint(AnsiColor::Yellow.on_default().bold()),
        _ => paint(AnsiColor::Green.on_default().bold()),
    };
    out.push_str(&format!(
        "{style}{total} pull path{}: {} ok, {} broken, {} unknown{style:#}\n",
        if total == 1 { "" } else { "s" },
        counts[0],
        counts[1],
        counts[2]
    ));
    out
}

fn block(
    out: &mut String,
    p: &PathExplanation,
    bold: Style,
    dim: Style,
    paint: &dyn Fn(Style) -> Style,
) {
    let (m, s) = mark(p.verdict);
    let s = paint(s);
    out.push_str(&format!(
        "{bold}{} `{}` → registry `{}`{bold:#}: {s}{m} {}{s:#}\n",
        p.workload.label,
        p.workload.name,
        p.registry.name,
        word(p.verdict)
    ));
    out.push_str(&format!(
        "  {dim}--> {}:{}:{}{dim:#}\n",
        p.pull.file, p.pull.line, p.pull.column
    ));
    let width = p.steps.iter().map(|s| s.title.len()).max().unwrap_or(0);
    for step in &p.steps {
        let (m, s) = mark(step.verdict);
        let s = paint(s);
        let rule = match step.rule {
            Some(r) if step.verdict != Verdict::Ok => format!(" [{r}]"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "  {s}{m}{s:#} {:width$}  {}{rule}\n",
            step.title, step.reason
        ));
        // The places that decide the step, or where its rule reports it.
        let mut places: Vec<(&topolint::explain::Place, &str)> = step
            .locations
            .iter()
            .map(|l| (&l.place, l.message.as_str()))
            .collect();
        if let Some(i) = places.iter().position(|(p, _)| **p == step.place) {
            let first = places.remove(i);
            places.insert(0, first);
        } else if step.place != p.pull || (places.is_empty() && step.verdict != Verdict::Skipped) {
            let note = if step.place == p.pull { "the pull" } else { "" };
            places.insert(0, (&step.place, note));
        }
        for (place, note) in places {
            let sep = if note.is_empty() { "" } else { "  " };
            out.push_str(&format!(
                "    {:width$}  {dim}{}:{}:{}{dim:#}{sep}{note}\n",
                "", place.file, place.line, place.column
            ));
        }
    }
    out.push('\n');
}
