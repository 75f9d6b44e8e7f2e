//! The `signpost` command line. Exit codes: 0 success, 1 content errors, 2 usage errors.

use clap::{Parser, Subcommand, ValueEnum};
use signpost::content::diagnostics::{self, Format, Severity};
use signpost::content::load::Source;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "signpost",
    version,
    about = "Builds a Families Information Service directory website from YAML and markdown files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Check all content and report every problem, with file, line and how to fix it.
    Check {
        /// The content folder (default: ./content, or the built-in sample if there is none).
        #[arg(long)]
        content: Option<PathBuf>,
        /// human: readable snippets; github: annotations on pull request lines.
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
        /// Treat warnings (such as listings past their review date) as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Check the content and build the website.
    Build {
        #[arg(long)]
        content: Option<PathBuf>,
        /// Where the website is written (replaced only when the build succeeds).
        #[arg(long, default_value = "public")]
        output: PathBuf,
    },
    /// Print the coverage report: services per need in each area and hub, and how up to
    /// date each organisation's listings are (the figures on the site's /coverage/ page).
    Report {
        #[arg(long)]
        content: Option<PathBuf>,
        /// md: markdown tables; csv: one figure per row, for spreadsheets.
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Csv,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check {
            content,
            format,
            strict,
        } => run_check(content, format, strict),
        Command::Build { content, output } => run_build(content, output),
        Command::Report { content, format } => run_report(content, format),
    }
}

fn setup(content: Option<PathBuf>) -> Result<(Source, jiff::civil::Date), ExitCode> {
    let source = signpost::resolve_source(content.as_deref()).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    if matches!(source, Source::Embedded) {
        // Say so: otherwise checking the wrong folder would look like success.
        eprintln!(
            "note: there is no content folder here, so signpost is using its built-in sample borough. Use --content DIR to choose one."
        );
    }
    let today = signpost::today().map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    Ok((source, today))
}

/// Prints diagnostics to stderr. With `errors_only`, warnings are counted instead of shown,
/// so a routine build stays readable; `signpost check` shows each one.
fn print_diagnostics(
    checked: &signpost::content::Checked,
    source: &Source,
    format: Format,
    errors_only: bool,
) {
    let color = format == Format::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::stderr().lock();
    for d in checked
        .diagnostics
        .iter()
        .filter(|d| !errors_only || d.severity == Severity::Error)
    {
        let text = diagnostics::render(
            d,
            &source.display_path(&d.file),
            checked.sources.get(&d.file).map(String::as_str),
            format,
            color,
        );
        let _ = writeln!(out, "{text}");
        if format == Format::Human {
            let _ = writeln!(out);
        }
    }
    let w = checked.warnings();
    if errors_only && w > 0 {
        let _ = writeln!(
            out,
            "{w} warning{} (such as listings past their review date): run `signpost check` to see them.",
            if w == 1 { "" } else { "s" }
        );
    }
}

fn summary(checked: &signpost::content::Checked) -> String {
    let (e, w) = (checked.errors(), checked.warnings());
    let files: std::collections::BTreeSet<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.file.as_str())
        .collect();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if e == 0 && w == 0 {
        format!("All {} files are fine.", checked.files)
    } else if e == 0 {
        format!(
            "No errors in {} files; {}.",
            checked.files,
            plural(w, "warning", "warnings")
        )
    } else {
        format!(
            "{} in {} (and {}). Fix the lines shown above, then run `signpost check` again.",
            plural(e, "error", "errors"),
            plural(files.len(), "file", "files"),
            plural(w, "warning", "warnings")
        )
    }
}

fn run_check(content: Option<PathBuf>, format: FormatArg, strict: bool) -> ExitCode {
    let (source, today) = match setup(content) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let mut checked = match signpost::check_content(&source, today) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if strict {
        checked.make_strict();
    }
    let format = match format {
        FormatArg::Human => Format::Human,
        FormatArg::Github => Format::Github,
    };
    print_diagnostics(&checked, &source, format, false);
    eprintln!("{}", summary(&checked));
    if checked.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_build(content: Option<PathBuf>, output: PathBuf) -> ExitCode {
    let (source, today) = match setup(content) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let checked = match signpost::check_content(&source, today) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    print_diagnostics(&checked, &source, Format::Human, true);
    let progress = std::io::stderr().is_terminal();
    match signpost::build(checked, &source, &output, today, progress) {
        Ok(r) => {
            println!(
                "Built {} pages ({} services) into {} in {:.0} ms.",
                r.pages,
                r.services,
                output.display(),
                r.elapsed.as_secs_f64() * 1000.0
            );
            ExitCode::SUCCESS
        }
        Err(signpost::BuildError::Content(checked)) => {
            eprintln!("{}", summary(&checked));
            eprintln!(
                "Nothing was written: {} still holds the last good build.",
                output.display()
            );
            ExitCode::from(1)
        }
        Err(signpost::BuildError::Other(e)) => {
            eprintln!("error: {e}");
            eprintln!(
                "Nothing was written: {} still holds the last good build.",
                output.display()
            );
            ExitCode::from(1)
        }
    }
}

fn run_report(content: Option<PathBuf>, format: ReportFormat) -> ExitCode {
    let (source, today) = match setup(content) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let checked = match signpost::check_content(&source, today) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // Figures from broken content would be wrong without saying so: refuse, as build does.
    if checked.errors() > 0 {
        print_diagnostics(&checked, &source, Format::Human, true);
        eprintln!("{}", summary(&checked));
        return ExitCode::from(1);
    }
    let Some(site) = signpost::site::Site::build(checked.content, today) else {
        eprintln!("error: site.yaml is missing");
        return ExitCode::from(1);
    };
    let coverage = signpost::report::coverage(&site);
    let text = match format {
        ReportFormat::Md => signpost::report::markdown(&site, &coverage),
        ReportFormat::Csv => match signpost::report::csv(&site, &coverage) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not a failure worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the report: {e}");
            ExitCode::from(2)
        }
    }
}
