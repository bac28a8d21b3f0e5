//! `clientele import …` and `clientele export clients`: the same code as the HTTP
//! routes, with a progress bar (rows/s, ETA) on a terminal and plain lines otherwise.

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Subcommand;
use clientele_domain::import::CsvRecords;
use clientele_domain::period::parse_time_zone;
use clientele_server::api::export::cells;
use clientele_server::api::imports::{import_csv, import_vcard, parse_select};
use clientele_store::{Actor, ExportRow, ImportMeta, ListQuery, Store};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import clients from a CSV file (streamed; all or nothing)
    Clients {
        file: PathBuf,
        /// Business slug (default: the first business)
        #[arg(long)]
        business: Option<String>,
        /// Report what would happen, change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Import contacts from a vCard (.vcf) file
    Contacts {
        file: PathBuf,
        #[arg(long)]
        business: Option<String>,
        #[arg(long)]
        dry_run: bool,
        /// Comma-separated contact indexes (default: all)
        #[arg(long)]
        select: Option<String>,
    },
    /// Undo an import batch (while its clients are untouched since)
    Undo {
        batch: i64,
        #[arg(long)]
        business: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Export the client list (or a search/filter of it) as CSV
    Clients {
        #[arg(long)]
        business: Option<String>,
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        filter: Option<String>,
        /// Output file (default: standard output)
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

const CLI_ACTOR: &str = "cli";

/// Counts the bytes read through it, for the progress bar.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn meta(file: &std::path::Path, kind: &'static str, dry_run: bool) -> ImportMeta {
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    ImportMeta {
        actor: Actor(CLI_ACTOR.into()),
        file_name,
        kind,
        dry_run,
    }
}

pub async fn import(store: Arc<dyn Store>, command: ImportCommand) -> anyhow::Result<()> {
    let now = chrono::Utc::now().timestamp_millis();
    match command {
        ImportCommand::Clients {
            file,
            business,
            dry_run,
        } => {
            let business = crate::commands::find_business(&store, business.as_deref()).await?;
            let handle =
                File::open(&file).with_context(|| format!("opening {}", file.display()))?;
            let size = handle.metadata().map(|m| m.len()).unwrap_or(0);
            let read = Arc::new(AtomicU64::new(0));
            let raw = Counting {
                inner: std::io::BufReader::new(handle),
                read: read.clone(),
            };
            let started = Instant::now();
            let bar = progress_bar(size);
            let report = import_csv(
                &store,
                business.id,
                meta(&file, "csv", dry_run),
                now,
                raw,
                |rows| {
                    let bytes = read.load(Ordering::Relaxed);
                    let rate = rows as f64 / started.elapsed().as_secs_f64().max(1e-3);
                    match &bar {
                        Some(bar) => {
                            bar.set_position(bytes);
                            bar.set_message(format!("{rows} rows, {rate:.0} rows/s"));
                        }
                        None if rows % 100_000 < 1_000 => {
                            eprintln!("{rows} rows read ({rate:.0} rows/s)")
                        }
                        None => {}
                    }
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            print_report(&report, started)
        }
        ImportCommand::Contacts {
            file,
            business,
            dry_run,
            select,
        } => {
            let business = crate::commands::find_business(&store, business.as_deref()).await?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let select = parse_select(select.as_deref()).map_err(|e| anyhow::anyhow!("{e}"))?;
            let started = Instant::now();
            let report = import_vcard(
                &store,
                business.id,
                meta(&file, "vcard", dry_run),
                now,
                &bytes,
                select.as_deref(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            print_report(&report, started)
        }
        ImportCommand::Undo { batch, business } => {
            let business = crate::commands::find_business(&store, business.as_deref()).await?;
            match store
                .undo_import(business.id, batch, &Actor(CLI_ACTOR.into()), now)
                .await?
            {
                clientele_store::UndoOutcome::Undone { deleted, reverted } => {
                    println!("Undone: {deleted} clients deleted, {reverted} restored.");
                    Ok(())
                }
                clientele_store::UndoOutcome::AlreadyUndone => {
                    bail!("this import was already undone")
                }
                clientele_store::UndoOutcome::Blocked { client_ids } => bail!(
                    "nothing undone: {} client(s) changed since the import: {:?}",
                    client_ids.len(),
                    client_ids
                ),
            }
        }
    }
}

fn progress_bar(size: u64) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() || size == 0 {
        return None;
    }
    let bar = ProgressBar::new(size);
    let style = ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ETA {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

fn print_report(report: &serde_json::Value, started: Instant) -> anyhow::Result<()> {
    let rejected = report["rejected"].as_array().map_or(0, Vec::len);
    let created = report["created"].as_u64().unwrap_or(0);
    let updated = report["updated"].as_u64().unwrap_or(0);
    let unchanged = report["unchanged"].as_u64().unwrap_or(0);
    let rows = created + updated + unchanged + rejected as u64;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}{created} created, {updated} updated, {unchanged} unchanged, {rejected} rejected ({rows} rows in {secs:.1} s, {:.0} rows/s)",
        if report["dry_run"] == true { "Dry run, nothing changed: " } else { "" },
        rows as f64 / secs.max(1e-3),
    );
    for r in report["rejected"].as_array().into_iter().flatten().take(50) {
        let at = r
            .get("line")
            .or_else(|| r.get("index"))
            .cloned()
            .unwrap_or_default();
        println!("  rejected {at}: {}", r["reason"].as_str().unwrap_or(""));
    }
    if rejected > 50 {
        println!("  … and {} more rejected rows", rejected - 50);
    }
    if let Some(batch) = report["batch_id"].as_str() {
        println!("Import batch {batch}: undo with `clientele import undo {batch}`.");
    }
    Ok(())
}

pub async fn export(store: Arc<dyn Store>, command: ExportCommand) -> anyhow::Result<()> {
    let ExportCommand::Clients {
        business,
        search,
        filter,
        output,
    } = command;
    let business = crate::commands::find_business(&store, business.as_deref()).await?;
    let tz = parse_time_zone(&business.time_zone)?;
    let now = chrono::Utc::now();
    let search = clientele_domain::SearchQuery::parse(search.as_deref().unwrap_or(""))?;
    let filter = filter
        .as_deref()
        .map(clientele_domain::ListFilter::parse)
        .transpose()?;
    let query = ListQuery {
        search,
        filter,
        filter_since: filter.map(|f| f.since(now, tz).timestamp_millis()),
        now: now.timestamp_millis(),
        after: None,
        limit: 0,
    };
    let mut out: Box<dyn Write> = match &output {
        Some(path) => Box::new(std::io::BufWriter::new(File::create(path)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    out.write_all("\u{feff}".as_bytes())?;
    let mut records = CsvRecords::default();
    records.write(clientele_domain::import::export_headers(&business.locale));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<ExportRow>>(8);
    let producer = {
        let store = store.clone();
        tokio::spawn(async move { store.export_clients(business.id, &query, tx).await })
    };
    let started = Instant::now();
    let mut rows = 0u64;
    while let Some(batch) = rx.recv().await {
        for row in &batch {
            records.write(cells(row, &business.locale, tz));
        }
        rows += batch.len() as u64;
        if records.len() > 256 * 1024 {
            out.write_all(&records.take())?;
        }
    }
    out.write_all(&records.take())?;
    out.flush()?;
    producer.await??;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "Exported {rows} clients in {secs:.1} s ({:.0} rows/s).",
        rows as f64 / secs.max(1e-3)
    );
    Ok(())
}
