//! The import/export benchmark of SPEC §12: a generated CSV of N rows imported through
//! the same code as `POST /api/imports/clients` into an empty business, then exported
//! through the same code as `GET /api/exports/clients.csv`. Prints rows/s and the
//! process's peak resident memory.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use clientele::seed::Generator;
use clientele_domain::import::CsvRecords;
use clientele_server::api::export::cells;
use clientele_server::api::imports::import_csv;
use clientele_store::{Actor, BusinessId, ExportRow, ImportMeta, ListQuery, NewBusiness, Store};

/// Writes `rows` synthetic clients as a French Excel-style CSV (`;`, UTF-8 with BOM).
/// Last names carry the row number: a million distinct people, so that the import
/// measures creating clients, not matching the seed's few thousand name pairs.
pub fn generate_csv(path: &Path, rows: u64) -> anyhow::Result<()> {
    if path.exists() && std::fs::metadata(path)?.len() > 0 {
        return Ok(());
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    out.write_all("\u{feff}Prénom;Nom;Téléphone;E-mail;Remarques\n".as_bytes())?;
    let mut generator = Generator::new(7, chrono::Utc::now().timestamp_millis());
    for n in 0..rows {
        let c = generator.client(n).fields;
        let email = c
            .email
            .as_ref()
            .map(|e| e.as_str().to_string())
            .unwrap_or_default();
        let phone = c
            .phone
            .as_ref()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default();
        writeln!(
            out,
            "{};{} {n};{phone};{email};{}",
            c.name.first(),
            c.name.last(),
            c.notes.as_str()
        )?;
    }
    out.flush()?;
    Ok(())
}

/// A field of `/proc/self/status` in MiB (Linux), NaN if absent.
fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).map(str::to_string))
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Peak resident memory of this process so far, in MiB (`VmHWM`): heap and mapped
/// file pages alike.
pub fn peak_rss_mib() -> f64 {
    status_mib("VmHWM:")
}

/// Samples the process's anonymous resident memory (`RssAnon`: heap, stacks, SQLite's
/// page cache; not the mapped database file) every 20 ms; `peak()` is the largest seen.
struct AnonPeak {
    peak_kib: Arc<std::sync::atomic::AtomicU64>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl AnonPeak {
    fn start() -> AnonPeak {
        use std::sync::atomic::Ordering;
        let peak_kib = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (p, s) = (peak_kib.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                let kib = (status_mib("RssAnon:") * 1024.0) as u64;
                p.fetch_max(kib, Ordering::Relaxed);
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        });
        AnonPeak { peak_kib, stop }
    }

    /// The peak so far in MiB, and restarts the count.
    fn take(&self) -> f64 {
        let kib = self.peak_kib.swap(0, std::sync::atomic::Ordering::Relaxed);
        kib as f64 / 1024.0
    }
}

impl Drop for AnonPeak {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

pub async fn run(store: &Arc<dyn Store>, csv: &Path, rows: u64) -> anyhow::Result<()> {
    let now = chrono::Utc::now().timestamp_millis();
    let slug = format!("bench-import-{now}");
    let business = store
        .create_business(
            &NewBusiness {
                slug: slug.clone(),
                name: slug,
                time_zone: "Europe/Paris".into(),
                locale: "fr".into(),
            },
            now,
        )
        .await?;
    let meta = ImportMeta {
        actor: Actor("bench".into()),
        file_name: "bench.csv".into(),
        kind: "csv",
        dry_run: false,
    };
    let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(csv)?);
    let anon = AnonPeak::start();
    let started = Instant::now();
    let report = import_csv(store, business.id, meta, now, file, |_| {})
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let import_secs = started.elapsed().as_secs_f64();
    let rss_after_import = peak_rss_mib();
    let anon_import = anon.take();

    let (exported, export_secs) = export(store, business.id).await?;
    let anon_export = anon.take();
    println!(
        "| CSV import, {rows} rows | {:.0} rows/s ({import_secs:.1} s; created {}, rejected {}) | peak RSS {rss_after_import:.0} MiB, anonymous {anon_import:.0} MiB | ≥ 100,000 rows/s, < 200 MB |",
        rows as f64 / import_secs,
        report["created"],
        report["rejected"].as_array().map_or(0, Vec::len),
    );
    println!(
        "| CSV export, {exported} rows | {:.0} rows/s ({export_secs:.1} s) | peak RSS {:.0} MiB, anonymous {anon_export:.0} MiB | ≥ 300,000 rows/s, flat memory |",
        exported as f64 / export_secs,
        peak_rss_mib()
    );
    Ok(())
}

/// Exports the whole list of `business` through the same code as
/// `GET /api/exports/clients.csv` (CSV cells written, to a sink): (rows, seconds).
pub async fn export(store: &Arc<dyn Store>, business: BusinessId) -> anyhow::Result<(u64, f64)> {
    let query = ListQuery {
        search: None,
        filter: None,
        filter_since: None,
        now: chrono::Utc::now().timestamp_millis(),
        after: None,
        limit: 0,
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<ExportRow>>(8);
    let producer = {
        let store = store.clone();
        tokio::spawn(async move { store.export_clients(business, &query, tx).await })
    };
    let started = Instant::now();
    let mut sink = std::io::sink();
    let mut records = CsvRecords::default();
    let mut exported = 0u64;
    let tz: chrono_tz::Tz = "Europe/Paris".parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    while let Some(batch) = rx.recv().await {
        for row in &batch {
            records.write(cells(row, "fr", tz));
        }
        exported += batch.len() as u64;
        if records.len() > 1 << 18 {
            sink.write_all(&records.take())?;
        }
    }
    sink.write_all(&records.take())?;
    producer.await??;
    Ok((exported, started.elapsed().as_secs_f64()))
}
