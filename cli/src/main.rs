//! The `topolint` command: finds files, reads them, hands them to the core, prints what it
//! found. Only this crate knows about files, terminals and output formats.

mod args;
mod config;
mod discover;
mod error;
mod load;
mod lsp;
mod output;
mod term;

use args::{CheckArgs, Cli, ColorChoice, Command, Format};
use clap::Parser;
use error::UsageError;
use load::{Deployment, ParametersFile};
use output::{Checked, Report};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// No errors found (warnings and infos allowed).
const EXIT_OK: u8 = 0;
/// Errors found.
const EXIT_FINDINGS: u8 = 1;
/// Bad usage or an I/O problem: nothing was checked.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(err),
    };
    let outcome = match cli.command {
        Some(Command::Check(args)) => check(&args, cli.format, cli.color),
        Some(Command::Explain(args)) => explain(&args, cli.format, cli.color),
        Some(Command::Rules) => list_rules(cli.format, cli.color),
        Some(Command::Lsp { .. }) => Ok(lsp::run()),
        None if cli.list_rules => list_rules(cli.format, cli.color),
        None => Err(vec![UsageError(
            "no command given; run `topolint check PATH...` or see `topolint --help`".into(),
        )]),
    };
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
            }
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Help and version go to stdout with exit 0 (clap's own rendering); a usage error becomes one
/// line on stderr: clap's message and tip, without the usage block.
fn clap_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::from(EXIT_OK)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::from(EXIT_USAGE)
        }
        _ => {
            eprintln!("error: {}", one_line(&err.render().to_string()));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// clap's message and tips on one line, the usage block replaced by the command whose help to
/// read: "unexpected argument '--colour' found; tip: a similar argument exists: '--color'; see
/// `topolint check --help`".
fn one_line(rendered: &str) -> String {
    let mut line = String::new();
    let mut command = "topolint".to_string();
    for part in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(usage) = part.strip_prefix("Usage: ") {
            let words: Vec<&str> = usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<', '-']))
                .collect();
            command = words.join(" ");
            continue;
        }
        if part.starts_with("For more information") {
            continue;
        }
        let part = part.strip_prefix("error: ").unwrap_or(part);
        if !line.is_empty() {
            line.push_str(if line.ends_with(':') || part.starts_with('[') {
                " "
            } else {
                "; "
            });
        }
        line.push_str(part);
    }
    format!("{line}; see `{command} --help`")
}

fn list_rules(format: Format, color: ColorChoice) -> Result<u8, Vec<UsageError>> {
    let text = match format {
        Format::Human => {
            output::rules::human(term::use_color(color, std::io::stdout().is_terminal()))
        }
        Format::Json => output::rules::json(),
        Format::Sarif => {
            return Err(vec![UsageError(
                "the rule list comes as `--format human` or `--format json`; SARIF holds the \
                 rules in the report of `topolint check --format sarif`"
                    .into(),
            )])
        }
    };
    write_stdout(&text)?;
    Ok(EXIT_OK)
}

/// Find, read and check every file the paths name. Every file is read before anything is
/// checked: an unreadable input stops the run (exit 2) instead of yielding a report that
/// silently lacks a file.
///
/// Configuration files with problems come first, as documents of their own.
fn check_all(args: &CheckArgs) -> Result<(Vec<Checked>, Vec<Checked>), Vec<UsageError>> {
    let found = discover::discover(&args.paths);
    for path in &found.skipped {
        eprintln!(
            "note: skipped '{}': topolint reads .bicep, .json and .jsonc files",
            path.display()
        );
    }
    let mut errors = found.errors;
    if errors.is_empty() && found.files.is_empty() {
        errors.push(UsageError(
            "nothing to check; pass .bicep, .json or .jsonc files, or directories holding them"
                .into(),
        ));
    }
    let mut parameters = Vec::with_capacity(args.parameters.len());
    for path in &args.parameters {
        match ParametersFile::load(path) {
            Ok(p) => parameters.push(p),
            Err(e) => errors.push(e),
        }
    }
    // A parameters file given with `--parameters` joins the templates' deployments; it is not
    // also checked on its own when a directory walk (or the path list) finds it.
    let same_file =
        |a: &std::path::Path, b: &std::path::Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        };
    let mut configs = config::Configs::default();
    let mut deployments = Vec::with_capacity(found.files.len());
    for file in &found.files {
        if args.parameters.iter().any(|p| same_file(p, file)) {
            continue;
        }
        match Deployment::load(file).and_then(|d| Ok((configs.settings_for(file)?, d))) {
            Ok(d) => deployments.push(d),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if !parameters.is_empty() {
        let mut applied = false;
        for (_, d) in deployments.iter_mut().filter(|(_, d)| d.is_arm()) {
            d.add_parameters(&parameters);
            applied = true;
        }
        if !applied {
            eprintln!("note: `--parameters` applies to ARM templates, and none was checked");
        }
    }
    let explicit: Vec<bool> = deployments
        .iter()
        .map(|(_, d)| found.explicit.contains(d.file(topolint::FileId(0))))
        .collect();
    let alone = load::checked_alone(
        &deployments.iter().map(|(_, d)| d).collect::<Vec<_>>(),
        &explicit,
    );
    let deployments: Vec<_> = deployments
        .into_iter()
        .zip(alone)
        .filter_map(|(d, alone)| alone.then_some(d))
        .collect();

    let mut progress = term::Progress::new();
    let total = deployments.len();
    let mut checked = Vec::with_capacity(total);
    for (i, (settings, deployment)) in deployments.into_iter().enumerate() {
        progress.update(i, total, &deployment.entry.to_string_lossy());
        let result = topolint::check(&deployment.set, &settings);
        checked.push(Checked { deployment, result });
    }
    progress.finish();
    let config_reports = configs
        .read
        .iter()
        .filter_map(|c| {
            let (set, result) = c.report()?;
            Some(Checked {
                deployment: Deployment::new(c.name.clone().into(), set),
                result,
            })
        })
        .collect();
    Ok((config_reports, checked))
}

fn check(args: &CheckArgs, format: Format, color: ColorChoice) -> Result<u8, Vec<UsageError>> {
    let (mut checked, files) = check_all(args)?;
    checked.extend(files);
    let report = Report { checked };
    let text = match format {
        Format::Human => {
            let terminal = std::io::stdout().is_terminal();
            output::human::render(&report, term::use_color(color, terminal), terminal)
        }
        Format::Json => output::json::render(&report),
        Format::Sarif => output::sarif::render(&report),
    };
    write_stdout(&text)?;
    Ok(if report.counts().errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Exit 1 when a pull path is broken, as `check` does for errors.
fn explain(args: &CheckArgs, format: Format, color: ColorChoice) -> Result<u8, Vec<UsageError>> {
    if format == Format::Sarif {
        return Err(vec![UsageError(
            "explanations come as `--format human` or `--format json`; SARIF is for \
             `topolint check`"
                .into(),
        )]);
    }
    let (configs, checked) = check_all(args)?;
    for c in &configs {
        eprintln!(
            "warning: {} has {} problem(s); `topolint check` shows them",
            c.deployment.entry.display(),
            c.result.diagnostics.len()
        );
    }
    for c in &checked {
        if let Some(why) = &c.result.model.incomplete {
            eprintln!(
                "note: {}: incomplete model, {}",
                c.deployment.entry.display(),
                why.reason
            );
        }
    }
    let text = match format {
        Format::Json => output::explain::json(&checked),
        _ => output::explain::human(
            &checked,
            term::use_color(color, std::io::stdout().is_terminal()),
        ),
    };
    write_stdout(&text)?;
    let broken = checked.iter().any(|c| {
        c.result
            .paths
            .iter()
            .any(|p| p.verdict == topolint::analysis::Verdict::Broken)
    });
    Ok(if broken { EXIT_FINDINGS } else { EXIT_OK })
}

/// Write the report. A reader that went away (`topolint check . | head`) is not an error.
fn write_stdout(text: &str) -> Result<(), Vec<UsageError>> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(vec![UsageError(format!(
            "cannot write the report: {e}; check where the output goes"
        ))]),
        _ => Ok(()),
    }
}
