//! The command line, as clap sees it.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "topolint",
    version = topolint::VERSION,
    about = "Checks that Azure workloads can resolve, reach and authenticate to their container registry, before deployment.",
    arg_required_else_help = true
)]
pub struct Cli {
    /// List the rules and exit (same as `topolint rules`).
    #[arg(long)]
    pub list_rules: bool,

    /// Output format: `human` (default), `json`, or `sarif` (`check` only).
    #[arg(long, value_enum, default_value_t = Format::Human, global = true)]
    pub format: Format,

    /// When to colour output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories (directories are searched recursively).
    Check(CheckArgs),
    /// Explain every pull path (workload → registry), step by step: verdict, reason, place.
    Explain(CheckArgs),
    /// List every rule with its default level, summary and documentation link.
    Rules,
    /// Run the language server over stdin/stdout (for editors: Neovim, Helix, Emacs, Zed...).
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check. A directory contributes its `*.bicep`, `*.topology.json`
    /// and ARM templates/parameters (`*.json`, `*.jsonc` whose `$schema` names one).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// An ARM parameters file (`$schema` naming `deploymentParameters.json`) whose values fix
    /// the parameters of every ARM template checked. Repeat it to merge several: for a
    /// parameter given twice, the later file wins.
    #[arg(long, short = 'p', value_name = "FILE")]
    pub parameters: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source excerpts with the range underlined, and a summary.
    Human,
    /// One JSON document (see docs/cli.md for its structure).
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
