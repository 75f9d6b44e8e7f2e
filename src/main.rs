//! The `signpost` command line. Exit codes: 0 success, 1 content errors, 2 usage errors.

use clap::{Parser, Subcommand, ValueEnum};
use signpost::content::diagnostics::{self, Format, Severity};
use signpost::content::load::Source;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Building a site allocates millions of small strings and JSON values across threads;
// mimalloc's per-thread heaps spend a fraction of the time glibc's malloc does on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Keeps the memory a build frees for the rest of the build instead of handing it back
/// to the system a second later. Handing it back meant fresh, zeroed (huge) pages on the
/// next request: at 100,000 services 75,000 to 100,000 page faults against 1,400 kept,
/// 1 to 2 s more system time and 0.3 to 0.8 s more wall time (README, "Where the time
/// goes"). Peak memory rises by about a tenth. Not for `serve`, which runs for hours
/// between builds.
fn keep_freed_memory() {
    // mimalloc.h's mi_option_purge_delay (the same in mimalloc 2 and 3); -1 is never.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a plain option value, which mimalloc reads when it next purges.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

/// `signpost --version`: the version and the content format it reads and writes.
static VERSION: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(signpost::upgrade::version_line);

#[derive(Parser)]
#[command(
    name = "signpost",
    version = VERSION.as_str(),
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
        /// List listings past their review date, by organisation with its contact,
        /// oldest first (for chase emails), instead of the warnings.
        #[arg(long, conflicts_with = "strict")]
        stale: bool,
        // --- editing: chase emails (issue 25)
        /// With --stale: write one ready-to-send email (.eml) per listing owner into DIR.
        #[arg(long, value_name = "DIR", requires = "stale")]
        emails: Option<PathBuf>,
        /// With --stale: write the same emails as a CSV for a mail merge.
        #[arg(long, value_name = "FILE", requires = "stale")]
        csv: Option<PathBuf>,
    },
    /// Check the content and build the website.
    Build {
        #[arg(long)]
        content: Option<PathBuf>,
        /// Where the website is written (replaced only when the build succeeds).
        #[arg(long, default_value = "public")]
        output: PathBuf,
    },
    /// Search the services as the website does (same words, synonyms, typos and ranking).
    Search {
        /// What to look for, in the family's own words.
        query: String,
        #[arg(long)]
        content: Option<PathBuf>,
        /// Print a JSON array of {"id", "name", "score"}.
        #[arg(long)]
        json: bool,
        /// How many results to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Only services whose Local Offer meets this SEND need (its id, such as `autism`),
        /// as the search page's "SEND needs" filter. Give it more than once for any of them.
        #[arg(long = "send", value_name = "NEED")]
        send: Vec<String>,
    },
    /// Import listings from another directory's open data.
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// Start a new listing: writes a file with every field and a note on each.
    New {
        /// What to add.
        #[arg(value_enum)]
        kind: KindArg,
        /// The file name, which is also the web address: lowercase words joined by hyphens.
        id: String,
        /// The content folder (default: ./content).
        #[arg(long, default_value = "content")]
        content: PathBuf,
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
    /// Build the site, serve it on this computer and rebuild it as you edit, reloading
    /// the browser. Content errors show here and over the page.
    Serve {
        #[arg(long)]
        content: Option<PathBuf>,
        /// The port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the browser once it is served.
        #[arg(long)]
        open: bool,
    },
    /// Start a council's own repository: content, Netlify settings that download the
    /// released signpost, the pull request check and a README.
    Init {
        /// The new folder (it must not exist yet, or be empty).
        dir: PathBuf,
        /// The website's name, such as "Marlbrook Family Directory" (asked if not given).
        #[arg(long, conflicts_with = "sample")]
        name: Option<String>,
        /// The borough or area it covers, such as "Marlbrook" (asked if not given).
        #[arg(long, conflicts_with = "sample")]
        area: Option<String>,
        /// The council's full name (default: the area followed by "Council").
        #[arg(long, conflicts_with = "sample")]
        council: Option<String>,
        /// Start from the sample borough, Marlbrook, instead of an empty directory.
        #[arg(long)]
        sample: bool,
    },
    /// Bring a content folder up to this signpost's content format, in place.
    Upgrade {
        /// The content folder (default: ./content).
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Service,
    #[value(alias = "organization")]
    Organisation,
    Venue,
    Hub,
    #[value(alias = "area")]
    Locality,
    /// A childcare provider (content/childcare/).
    Childcare,
}

#[derive(Subcommand)]
enum ImportFormat {
    /// Open Referral UK / HSDS 3.0 JSON: service records, a paged list or ndjson, from
    /// files, folders or a live feed's address.
    Oruk {
        /// Files or folders to read (.json or .ndjson), or a feed's address
        /// (https://example.org/api/services), which is downloaded first.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The content folder to write into.
        #[arg(long, default_value = "content")]
        into: PathBuf,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
        /// YAML file mapping taxonomy terms to need ids (`needs: {"Debt advice": money-and-debt}`)
        /// and giving defaults for fields feeds lack (`defaults: {all: {level: 1}}`).
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Write nothing if any record has a problem (by default good records are written
        /// and the rest left out; exit code 3).
        #[arg(long)]
        all_or_nothing: bool,
        /// The folder for import-report.md and import-report.csv (default: the folder
        /// that holds the content folder).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Import the same feed again: update what the feed changed, keep what was added
        /// or edited here, pause listings that left the feed.
        #[arg(long)]
        sync: bool,
        #[command(flatten)]
        feed: FeedArgs,
    },
    // --- childcare
    /// Ofsted's "Childcare providers and inspections" CSV: creates and updates
    /// content/childcare/ listings for the council's own area by URN.
    Ofsted {
        /// The CSV file, as Ofsted publishes it.
        file: PathBuf,
        /// The content folder to write into.
        #[arg(long, default_value = "content")]
        into: PathBuf,
        /// The folder for ofsted-import-report.md and ofsted-import-report.csv (default:
        /// the folder that holds the content folder).
        #[arg(long)]
        report: Option<PathBuf>,
    },
}

/// How a feed given by its address is downloaded (see docs/import.md).
#[derive(clap::Args)]
struct FeedArgs {
    /// Start the download again instead of carrying on with an unfinished one.
    #[arg(long)]
    fresh: bool,
    /// Where the feed is downloaded (default: signpost-downloads/ beside the content folder).
    #[arg(long, value_name = "DIR")]
    download: Option<PathBuf>,
    /// Services asked for per page.
    #[arg(long, default_value_t = 100)]
    page_size: u32,
    /// The query parameter that sets the page size: per_page (ORUK), size (Spring).
    #[arg(long, default_value = "per_page", value_name = "NAME")]
    page_size_parameter: String,
    /// Seconds one request may take before it is tried again.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    timeout: u64,
    /// Tries after the first when the feed is busy, failing or silent.
    #[arg(long, default_value_t = 5)]
    retries: u32,
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
            stale,
            emails,
            csv,
        } => {
            let code = run_check(content.clone(), format, strict, stale);
            if stale && (emails.is_some() || csv.is_some()) && code == ExitCode::SUCCESS {
                write_chases(content, emails, csv)
            } else {
                code
            }
        }
        Command::Build { content, output } => {
            keep_freed_memory();
            run_build(content, output)
        }
        Command::Report { content, format } => run_report(content, format),
        Command::New { kind, id, content } => run_new(kind, &id, &content),
        Command::Serve {
            content,
            port,
            open,
        } => run_serve(content, port, open),
        Command::Search {
            query,
            content,
            json,
            limit,
            send,
        } => run_search(&query, content, json, limit, &send),
        Command::Import {
            format:
                ImportFormat::Oruk {
                    inputs,
                    into,
                    force,
                    mapping,
                    all_or_nothing,
                    report,
                    sync,
                    feed,
                },
        } => match download_feeds(inputs, &into, &feed) {
            Ok(inputs) => run_import(inputs, into, force, mapping, all_or_nothing, report, sync),
            Err(code) => code,
        },
        Command::Import {
            format: ImportFormat::Ofsted { file, into, report },
        } => run_import_ofsted(&file, &into, report.as_deref()),
        Command::Init {
            dir,
            name,
            area,
            council,
            sample,
        } => run_init(&dir, name, area, council, sample),
        Command::Upgrade { content } => run_upgrade(&content),
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

/// `setup`, then loads and checks the content (for a build, without locating warnings:
/// it only counts them).
fn setup_checked(
    content: Option<PathBuf>,
    for_build: bool,
) -> Result<(Source, jiff::civil::Date, signpost::content::Checked), ExitCode> {
    let (source, today) = setup(content)?;
    let start = std::time::Instant::now();
    let checked = if for_build {
        signpost::check_content_for_build(&source, today)
    } else {
        signpost::check_content(&source, today)
    };
    let checked = checked.map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    if std::env::var_os("SIGNPOST_TIMINGS").is_some() {
        signpost::print_timing(start, "read and check the content");
    }
    Ok((source, today, checked))
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
    let (shown, left_out_by_file, left_out) = diagnostics::shown(
        checked
            .diagnostics
            .iter()
            .filter(|d| !errors_only || d.severity == Severity::Error),
    );
    for d in shown {
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
    // Plain lines in either format: GitHub shows them in the log, not as annotations.
    for (file, n) in &left_out_by_file {
        let _ = writeln!(
            out,
            "and {n} more problem{} in {} (at most {} are shown for each file)",
            if *n == 1 { "" } else { "s" },
            diagnostics::printable(&source.display_path(file)),
            diagnostics::MAX_SHOWN_PER_FILE
        );
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "{left_out} problem{} not shown in all (at most {} are shown). Fix these, then run `signpost check` again.",
            if left_out == 1 { "" } else { "s" },
            diagnostics::MAX_SHOWN
        );
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

fn run_check(content: Option<PathBuf>, format: FormatArg, strict: bool, stale: bool) -> ExitCode {
    let (source, today, mut checked) = match setup_checked(content, false) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if strict {
        checked.make_strict();
    }
    let format = match format {
        FormatArg::Human => Format::Human,
        FormatArg::Github => Format::Github,
    };
    // The stale report replaces the warnings; errors are still shown.
    if stale {
        checked
            .diagnostics
            .retain(|d| d.severity == Severity::Error);
    }
    print_diagnostics(&checked, &source, format, false);
    if stale {
        let (before, groups) = signpost::stale::stale(&checked.content, today);
        print!(
            "{}",
            signpost::stale::report(before, today, &groups, &|f| source.display_path(f))
        );
        print!(
            "{}",
            signpost::content::childcare::stale_report(&checked.content, today, &|f| source
                .display_path(f))
        );
        if checked.errors() > 0 {
            eprintln!("{}", summary(&checked));
            eprintln!("Listings in files with errors are not in this report.");
        }
    } else {
        eprintln!("{}", summary(&checked));
    }
    if checked.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

// --- editing: chase emails (issue 25)
/// Writes the chase emails of `check --stale --emails/--csv` and says what it wrote and
/// which stale listings have no address to send to.
fn write_chases(
    content: Option<PathBuf>,
    emails: Option<PathBuf>,
    csv: Option<PathBuf>,
) -> ExitCode {
    let (source, today, checked) = match setup_checked(content, false) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let Some(site) = checked.content.site.as_ref() else {
        return ExitCode::from(1);
    };
    let (chases, nowhere) = signpost::chase::chases(&checked.content, today);
    let listings: usize = chases.iter().map(|c| c.listings.len()).sum();
    if let Some(dir) = &emails {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("error: cannot make {}: {e}", dir.display());
            return ExitCode::from(1);
        }
        for c in &chases {
            let path = dir.join(signpost::chase::file_name(c));
            if let Err(e) = std::fs::write(&path, signpost::chase::eml(site, c)) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(1);
            }
        }
        println!(
            "Wrote {} chase email{} ({listings} listing{}) into {}.",
            chases.len(),
            if chases.len() == 1 { "" } else { "s" },
            if listings == 1 { "" } else { "s" },
            dir.display()
        );
    }
    if let Some(file) = &csv {
        let written = signpost::chase::csv(site, &chases)
            .map_err(|e| e.to_string())
            .and_then(|bytes| std::fs::write(file, bytes).map_err(|e| e.to_string()));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", file.display());
            return ExitCode::from(1);
        }
        println!(
            "Wrote {} row{} for a mail merge ({listings} listing{}) to {}.",
            chases.len(),
            if chases.len() == 1 { "" } else { "s" },
            if listings == 1 { "" } else { "s" },
            file.display()
        );
    }
    for l in &nowhere {
        println!(
            "No email address for {} ({}): add owner_email to it or to its organisation, or an email to the organisation's contact.",
            l.name,
            source.display_path(&l.file)
        );
    }
    ExitCode::SUCCESS
}

fn run_build(content: Option<PathBuf>, output: PathBuf) -> ExitCode {
    let (source, today, checked) = match setup_checked(content, true) {
        Ok(x) => x,
        Err(c) => return c,
    };
    // Warnings do not stop a build: they are counted after the "Built" line, so a site
    // with listings past their review date (the sample has some) does not look broken.
    let warnings = checked.warnings();
    if checked.errors() > 0 {
        print_diagnostics(&checked, &source, Format::Human, true);
    }
    let progress = std::io::stderr().is_terminal();
    match signpost::build(checked, &source, &output, today, progress) {
        Ok(r) => {
            println!(
                "Built {} pages ({} services) into {} in {:.0} ms; {} of {} files new or changed.",
                r.pages,
                r.services,
                output.display(),
                r.elapsed.as_secs_f64() * 1000.0,
                r.changed,
                r.files
            );
            if warnings > 0 {
                eprintln!(
                    "{warnings} warning{} (such as listings past their review date) to look at when you can: the site is built with them, and `signpost check` lists them.",
                    if warnings == 1 { "" } else { "s" }
                );
            }
            ExitCode::SUCCESS
        }
        Err(signpost::BuildError::Content(checked)) => {
            eprintln!("{}", summary(&checked));
            eprintln!("{}", nothing_written(&output));
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("{}", nothing_written(&output));
            ExitCode::from(1)
        }
    }
}

/// What a failed build says of the output folder: a previous site is still there, or not.
fn nothing_written(output: &Path) -> String {
    if output.is_dir() {
        format!(
            "Nothing was written: {} still holds the last good build.",
            output.display()
        )
    } else {
        format!("Nothing was written to {}.", output.display())
    }
}

fn run_search(
    query: &str,
    content: Option<PathBuf>,
    json: bool,
    limit: usize,
    send: &[String],
) -> ExitCode {
    let (source, today) = match setup(content) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let (site, index, lex) = match signpost::search_index(&source, today) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let plan = signpost::search::plan(query, false, &lex);
    let (hits, partial) = match index.find(&plan) {
        Ok(f) => (f.hits, f.partial),
        Err(e) => {
            eprintln!("error: the search failed: {e}");
            return ExitCode::from(2);
        }
    };
    // --- localoffer: the "SEND needs" filter, as the search page applies it to the results.
    let known = site.config.local_offer.need_codes();
    if let Some(bad) = send.iter().find(|c| !known.contains(&c.as_str())) {
        eprintln!(
            "error: `{bad}` is not one of the SEND needs. Allowed values: {}",
            known.join(", ")
        );
        return ExitCode::from(2);
    }
    let hits: Vec<_> = hits
        .into_iter()
        .filter(|h| {
            send.is_empty()
                || site.service_ix.get(&h.id).is_some_and(|&si| {
                    let lo = site.services[si].local_offer.as_ref();
                    send.iter()
                        .any(|c| signpost::content::local_offer::meets(lo, c))
                })
        })
        .collect();
    let total = hits.len();
    let hits = &hits[..limit.min(total)];
    let mut out = std::io::stdout().lock();
    if json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(hits).unwrap_or_default()
        );
        return ExitCode::SUCCESS;
    }
    for &ni in &plan.needs {
        let _ = writeln!(out, "Help with: {}", site.needs[ni].label);
    }
    if total == 0 {
        let _ = writeln!(
            out,
            "No services match \"{query}\". Try other words, or browse by need."
        );
        return ExitCode::SUCCESS;
    }
    if partial {
        let _ = writeln!(
            out,
            "No service matches enough of your words: these match some of them."
        );
    }
    let _ = writeln!(out, "{total} services match; the first {}:", hits.len());
    for h in hits {
        let _ = writeln!(out, "{:>8.4}  {:<40}  {}", h.score, h.id, h.name);
    }
    ExitCode::SUCCESS
}

/// Downloads each input that is a feed's address into its folder (signpost::import::fetch)
/// and gives the folder in its place.
fn download_feeds(
    inputs: Vec<PathBuf>,
    into: &Path,
    feed: &FeedArgs,
) -> Result<Vec<PathBuf>, ExitCode> {
    use signpost::import::fetch::{self, FetchError};
    let mut out = Vec::with_capacity(inputs.len());
    for input in inputs {
        let Some(text) = input.to_str().filter(|t| fetch::is_url(t)) else {
            out.push(input);
            continue;
        };
        let url = match fetch::parse_url(text) {
            Ok(u) => u,
            Err(e) => {
                eprintln!("error: {e}");
                return Err(ExitCode::from(2));
            }
        };
        let folder = match &feed.download {
            Some(d) => d.clone(),
            None => fetch::default_folder(&url, into),
        };
        let mut opts = fetch::Options::new(text, folder.clone());
        opts.fresh = feed.fresh;
        opts.page_size = feed.page_size.max(1);
        opts.page_size_parameter
            .clone_from(&feed.page_size_parameter);
        opts.timeout = std::time::Duration::from_secs(feed.timeout.max(1));
        opts.retries = feed.retries;
        opts.progress = std::io::stderr().is_terminal();
        eprintln!("Downloading {text} into {}.", folder.display());
        let started = std::time::Instant::now();
        match fetch::download(&opts) {
            Ok(d) => {
                if d.resumed {
                    eprintln!(
                        "Carried on with the unfinished download ({} pages and {} records were already there).",
                        d.pages_reused, d.records_reused
                    );
                }
                if d.restarted {
                    eprintln!(
                        "The last download of this feed had finished, so it was downloaded again."
                    );
                }
                for n in &d.notes {
                    eprintln!("note: {n}");
                }
                eprintln!(
                    "Downloaded {} services in {} pages{} in {:.1} s.",
                    d.listed,
                    d.pages,
                    if d.items_minimal {
                        format!(
                            ", with each service's full record ({} fetched now, {} from before)",
                            d.records_fetched, d.records_reused
                        )
                    } else {
                        String::new()
                    },
                    started.elapsed().as_secs_f64()
                );
                out.push(d.folder);
            }
            Err(e) => {
                eprintln!("error: {e}");
                match e {
                    FetchError::NotHttp { .. }
                    | FetchError::BadUrl { .. }
                    | FetchError::NotOurs { .. } => {}
                    _ => eprintln!(
                        "Nothing was imported. What was downloaded is kept in {}: run the same command again to carry on, or add --fresh to start again.",
                        folder.display()
                    ),
                }
                return Err(ExitCode::from(match e {
                    FetchError::NotHttp { .. } | FetchError::BadUrl { .. } => 2,
                    _ => 1,
                }));
            }
        }
    }
    Ok(out)
}

/// `signpost import`'s exit codes: 0 all imported and the folder checks; 1 nothing
/// written, or the folder does not check; 2 a folder could not be read or written; 3
/// partial: some records were left out (see the report), the rest written and checked.
fn run_import(
    inputs: Vec<PathBuf>,
    into: PathBuf,
    force: bool,
    mapping: Option<PathBuf>,
    all_or_nothing: bool,
    report: Option<PathBuf>,
    sync: bool,
) -> ExitCode {
    use signpost::import::{ImportError, Options};
    let today = match signpost::today() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let opts = Options {
        inputs,
        into: into.clone(),
        force,
        mapping,
        today,
        all_or_nothing,
        sync,
    };
    let out = match signpost::import::oruk(&opts) {
        Ok(o) => o,
        Err(ImportError::Malformed(errs)) => {
            for e in &errs {
                eprintln!("error: {e}");
            }
            eprintln!(
                "{} problem{} in the input. Nothing was written.",
                errs.len(),
                if errs.len() == 1 { "" } else { "s" }
            );
            return ExitCode::from(1);
        }
        Err(ImportError::Exists(files)) => {
            eprintln!(
                "error: {} file{} already exist{} in {}:",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                if files.len() == 1 { "s" } else { "" },
                into.display()
            );
            for f in files.iter().take(20) {
                eprintln!("  {f}");
            }
            if files.len() > 20 {
                eprintln!("  and {} more", files.len() - 20);
            }
            eprintln!("Nothing was written. Use --force to replace them.");
            return ExitCode::from(1);
        }
        Err(e @ (ImportError::ReadFolder { .. } | ImportError::Write { .. })) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(code) = import_report(&out, &into, report.as_deref()) {
        return code;
    }
    println!(
        "Imported {} services, {} organisations and {} venues into {} ({} files).",
        out.services,
        out.organisations,
        out.venues,
        into.display(),
        out.written.len()
    );
    // The import is only done when the result would build: check it now.
    let source = Source::Dir(into.clone());
    let checked = match signpost::check_content(&source, today) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    print_diagnostics(&checked, &source, Format::Human, true);
    if checked.errors() > 0 {
        eprintln!("{}", summary(&checked));
        eprintln!(
            "The imported files do not pass `signpost check` yet: fix the problems above (the notes say what the data did not include)."
        );
        ExitCode::from(1)
    } else {
        println!("{}", summary(&checked));
        if out.partial() {
            eprintln!("Some records were left out (exit code 3): the report says which and why.");
            ExitCode::from(3)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Prints each record's notes and the summary, and writes the report files.
fn import_report(
    out: &signpost::import::Outcome,
    into: &std::path::Path,
    dir: Option<&std::path::Path>,
) -> Result<(), ExitCode> {
    use signpost::import::report;
    for e in &out.entries {
        if e.left_out.is_empty() && e.notes.is_empty() {
            continue;
        }
        if e.record.is_empty() {
            for why in &e.left_out {
                eprintln!("error: {}", diagnostics::printable(&why.to_string()));
            }
            continue;
        }
        eprintln!("{}:", diagnostics::printable(&e.record.to_string()));
        for why in &e.left_out {
            eprintln!("  - left out: {}", diagnostics::printable(&why.to_string()));
        }
        for n in &e.notes {
            eprintln!("  - {}", diagnostics::printable(&n.to_string()));
        }
    }
    for o in &out.other {
        eprintln!("note: {}", diagnostics::printable(&o.to_string()));
    }
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => match into.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
    };
    let md = dir.join("import-report.md");
    let csv = dir.join("import-report.csv");
    let written = std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&md, report::markdown(&out.entries, &out.other)))
        .and_then(|_| {
            let bytes = report::csv(&out.entries).map_err(std::io::Error::other)?;
            std::fs::write(&csv, bytes)
        });
    if let Err(e) = written {
        eprintln!(
            "error: cannot write the import report in {}: {e}",
            dir.display()
        );
        return Err(ExitCode::from(2));
    }
    println!("{}", report::summary(report::counts(&out.entries)));
    if let Some(s) = out.synced {
        if s.updated == 0 && s.paused == 0 {
            println!(
                "Sync: nothing changed ({} listings already up to date).",
                s.unchanged
            );
        } else {
            println!(
                "Sync: {} listings updated from the feed, {} unchanged, {} paused (no longer in the feed); {} fields edited here and in the feed kept your edit.",
                s.updated, s.unchanged, s.paused, s.kept
            );
        }
    }
    println!("Report: {} and {}", md.display(), csv.display());
    Ok(())
}

/// `signpost import ofsted`: imports, prints what changed, then checks the folder.
fn run_import_ofsted(
    file: &std::path::Path,
    into: &std::path::Path,
    report: Option<&std::path::Path>,
) -> ExitCode {
    let today = match signpost::today() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match signpost::import::ofsted::import(file, into, today) {
        Ok(outcome) => {
            let shown = file.display().to_string();
            print!("{}", signpost::import::ofsted::report(&outcome, &shown));
            // The same, in files to keep and share: beside the content folder unless
            // --report names a folder.
            let dir = match report {
                Some(d) => d.to_path_buf(),
                None => match into.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                },
            };
            let md = dir.join("ofsted-import-report.md");
            let csv = dir.join("ofsted-import-report.csv");
            let written = std::fs::create_dir_all(&dir)
                .and_then(|_| {
                    std::fs::write(
                        &md,
                        signpost::import::ofsted::report_markdown(&outcome, &shown),
                    )
                })
                .and_then(|_| {
                    let bytes = signpost::import::ofsted::report_csv(&outcome)
                        .map_err(std::io::Error::other)?;
                    std::fs::write(&csv, bytes)
                });
            if let Err(e) = written {
                eprintln!(
                    "error: cannot write the import report in {}: {e}",
                    dir.display()
                );
                return ExitCode::from(2);
            }
            println!("Report: {} and {}", md.display(), csv.display());
            let source = Source::Dir(into.to_path_buf());
            match signpost::content::check(&source, today) {
                Ok(checked) if checked.errors() > 0 => {
                    print_diagnostics(&checked, &source, Format::Human, false);
                    eprintln!("{}", summary(&checked));
                    ExitCode::from(1)
                }
                Ok(_) => {
                    println!("The content folder checks cleanly.");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {}: {e}", into.display());
                    ExitCode::from(1)
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_new(kind: KindArg, id: &str, content: &std::path::Path) -> ExitCode {
    use signpost::scaffold::{self, Kind};
    let kind = match kind {
        KindArg::Service => Kind::Service,
        KindArg::Organisation => Kind::Organisation,
        KindArg::Venue => Kind::Venue,
        KindArg::Hub => Kind::Hub,
        KindArg::Locality => Kind::Locality,
        KindArg::Childcare => Kind::Childcare,
    };
    if !content.is_dir() {
        // A folder that is not there yet is made (a new directory starts this way), but
        // only one level: a mistyped path should not grow a tree of folders.
        let parent_exists = content
            .parent()
            .is_none_or(|p| p.as_os_str().is_empty() || p.is_dir());
        if content.exists() || !parent_exists {
            eprintln!(
                "error: there is no content folder at {}; run this in the folder that has content/, use --content DIR, or make the folder first",
                content.display()
            );
            return ExitCode::from(2);
        }
        if let Err(e) = std::fs::create_dir(content) {
            eprintln!(
                "error: cannot make the content folder {}: {e}",
                content.display()
            );
            return ExitCode::from(2);
        }
        println!("Made the content folder {}.", content.display());
    }
    let today = match signpost::today() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match scaffold::create(content, kind, id, today) {
        Ok(path) => {
            println!(
                "Wrote {}. Fill in each field (the notes say what goes where), then run `signpost check`.",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_report(content: Option<PathBuf>, format: ReportFormat) -> ExitCode {
    let (source, today, checked) = match setup_checked(content, false) {
        Ok(x) => x,
        Err(c) => return c,
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

fn run_serve(content: Option<PathBuf>, port: u16, open: bool) -> ExitCode {
    use signpost::serve::{self, Event};
    let source = match signpost::resolve_source(content.as_deref()) {
        Ok(Source::Dir(d)) => d,
        Ok(Source::Embedded) => {
            eprintln!(
                "error: there is no content folder here to serve and watch. Use --content DIR, or run this in the folder that has content/."
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let shown = Source::Dir(source.clone());
    let report = move |ev: &Event| match ev {
        Event::Built {
            full,
            pages,
            elapsed,
        } => println!(
            "{} {pages} pages in {:.0} ms.",
            if *full { "Built" } else { "Updated" },
            elapsed.as_secs_f64() * 1000.0
        ),
        Event::Failed { checked, error } => {
            print_diagnostics(checked, &shown, Format::Human, true);
            if checked.errors() > 0 {
                eprintln!("{}", summary(checked));
            }
            if let Some(e) = error {
                eprintln!("error: {e}");
            }
            eprintln!("The browser shows these errors; the last good site is still served.");
        }
        Event::DataWritten(t) => println!(
            "Search index and open data updated in {:.0} ms.",
            t.as_secs_f64() * 1000.0
        ),
        Event::DataFailed(e) => eprintln!("error: {e}"),
    };
    let opts = serve::Options {
        content: source,
        output: None,
        port,
        netlify_toml: None,
    };
    let handle = match serve::start(opts, Box::new(report)) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match &handle.netlify_toml {
        Some(p) => println!("Headers and 404 page as in {}.", p.display()),
        None => println!("No netlify.toml beside the content folder: no headers are added."),
    }
    for r in &handle.ignored_redirects {
        println!("note: the redirect {r} in netlify.toml is not applied here.");
    }
    println!("Writing the site to {}.", handle.output.display());
    let site_url = handle.site_url();
    println!("Serving at {site_url} (press Ctrl+C to stop). Watching for changes.");
    if open && !serve::open_browser(&site_url) {
        println!("No browser could be opened: visit {site_url} yourself.");
    }
    // Ctrl+C stops the server and removes the folder it made for the site (a new one,
    // with a random name, each run).
    stop_on_interrupt();
    while !STOP.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    handle.stop();
    ExitCode::SUCCESS
}

/// Set when Ctrl+C (or a polite kill) asks `serve` to stop.
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(unix)]
fn stop_on_interrupt() {
    extern "C" fn on_signal(_: libc::c_int) {
        // Only an atomic store: all a signal handler may safely do here.
        STOP.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: installs a handler that only stores to an atomic.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

fn run_init(
    dir: &Path,
    name: Option<String>,
    area: Option<String>,
    council: Option<String>,
    sample: bool,
) -> ExitCode {
    use signpost::init::{self, Council, What};
    let what = if sample {
        What::Sample
    } else {
        let interactive = std::io::stdin().is_terminal();
        let ask = |flag: &str, what: &'static str, question: &str, given: Option<String>| {
            let value = match given {
                Some(v) => v,
                None if interactive => {
                    eprint!("{question} ");
                    let mut line = String::new();
                    match std::io::stdin().read_line(&mut line) {
                        Ok(_) => line,
                        Err(e) => return Err(format!("cannot read your answer: {e}")),
                    }
                }
                None => {
                    return Err(format!(
                        "give {what} with {flag} (or run this in a terminal to be asked)"
                    ));
                }
            };
            init::check_text(what, &value).map_err(|e| e.to_string())
        };
        let answers = ask(
            "--name",
            "the website's name",
            "What is the website called (such as \"Marlbrook Family Directory\")?",
            name,
        )
        .and_then(|name| {
            let area = ask(
                "--area",
                "the area",
                "Which borough or area does it cover (such as \"Marlbrook\")?",
                area,
            )?;
            let council = match council {
                Some(c) => {
                    Some(init::check_text("the council's name", &c).map_err(|e| e.to_string())?)
                }
                None => None,
            };
            Ok(Council {
                name,
                area,
                council,
            })
        });
        match answers {
            Ok(c) => What::Skeleton(c),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let today = match signpost::today() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match init::init(dir, &what, today) {
        Ok(files) => {
            println!(
                "Wrote {} files into {}: the content in content/, and netlify.toml, the pull request check and a README that use signpost {}.",
                files.len(),
                dir.display(),
                env!("CARGO_PKG_VERSION")
            );
            println!(
                "Next: cd {} && signpost serve   (then see README.md: publish with GitHub and Netlify)",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e @ init::InitError::NotEmpty(_)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_upgrade(content: &Path) -> ExitCode {
    use signpost::upgrade::{self, CONTENT_FORMAT};
    match upgrade::upgrade(content) {
        Ok(s) if s.steps.is_empty() => {
            println!(
                "{} is already in content format {}, the newest this signpost knows: nothing to change.",
                content.display(),
                s.from
            );
            ExitCode::SUCCESS
        }
        Ok(s) => {
            println!(
                "Upgraded {} from content format {} to {}:",
                content.display(),
                s.from,
                s.to
            );
            for (to, what, files) in &s.steps {
                println!("  format {to}: {what}");
                for f in files {
                    println!("    changed {f}");
                }
            }
            debug_assert_eq!(s.to, CONTENT_FORMAT);
            println!("Run `signpost check`, look at the changes, then commit them.");
            ExitCode::SUCCESS
        }
        Err(e @ upgrade::UpgradeError::NoSiteFile(_)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Elsewhere Ctrl+C ends the process as before (and the folder stays).
#[cfg(not(unix))]
fn stop_on_interrupt() {}
