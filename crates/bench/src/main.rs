//! `cargo run --release -p clientele-bench --bin bench -- [--backend sqlite|postgres|both]`
//!
//! Seeds one business with N clients and M appointments (default 1,000,000 and
//! 5,000,000), starts the real server in-process, and prints p50/p95 latency of the
//! list, search and filter requests of SPEC §12, measured over loopback HTTP with
//! keep-alive (so it slightly overstates server time), plus list throughput under 64
//! concurrent connections.

mod scenarios;
mod stats;
mod transfer;

use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use clientele_server::auth::tokens;
use clientele_server::{build_router, AppState, SystemClock};
use clientele_store::{NewBusiness, Store};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "both", value_parser = ["sqlite", "postgres", "both"])]
    backend: String,
    #[arg(long, default_value_t = 1_000_000)]
    clients: u64,
    #[arg(long, default_value_t = 5_000_000)]
    appointments: u64,
    /// Requests per measured operation.
    #[arg(long, default_value_t = 100)]
    iterations: usize,
    #[arg(long, default_value = "target/bench/clientele-bench.db")]
    sqlite_path: String,
    /// Server of the benchmark database (it is dropped and created again).
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432")]
    postgres_server: String,
    /// Keep an already seeded database of the right size.
    #[arg(long)]
    reuse: bool,
    /// Seconds of the 64-connection throughput run.
    #[arg(long, default_value_t = 10)]
    load_seconds: u64,
    /// Clients of the second business whose duplicate finder is timed (0: skip).
    #[arg(long, default_value_t = 100_000)]
    duplicates_clients: u64,
    /// Only the duplicate finder (skips the list benchmarks).
    #[arg(long)]
    duplicates_only: bool,
    /// Only the CSV import/export benchmark, with this many rows (in a fresh business).
    #[arg(long)]
    transfer_rows: Option<u64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let backends: &[&str] = match args.backend.as_str() {
        "both" => &["sqlite", "postgres"],
        "sqlite" => &["sqlite"],
        _ => &["postgres"],
    };
    println!(
        "clients={} appointments={} iterations={}",
        args.clients, args.appointments, args.iterations
    );
    for backend in backends {
        let url = prepare_database(&args, backend).await?;
        let store = clientele::commands::open(&url).await?;
        println!("\n## {backend}\n");
        if let Some(rows) = args.transfer_rows {
            let csv = std::path::PathBuf::from(format!("target/bench/import-unique-{rows}.csv"));
            transfer::generate_csv(&csv, rows)?;
            transfer::run(&store, &csv, rows).await?;
            continue;
        }
        let base = start_server(store.clone()).await?;
        if !args.duplicates_only {
            let business = ensure_seeded(&store, "bench", args.clients, args.appointments).await?;
            let key = api_key(&store, business).await?;
            let results =
                scenarios::run_all(&base, &key, args.iterations, args.load_seconds).await?;
            scenarios::print_table(&results);
            // The export of SPEC §12's data set: its appointment counts are real here.
            let (rows, secs) = transfer::export(&store, business).await?;
            println!(
                "\n| CSV export of the seeded business ({rows} clients) | {:.0} rows/s ({secs:.1} s) | ≥ 300,000 rows/s |",
                rows as f64 / secs
            );
        }
        if args.duplicates_clients > 0 {
            let business =
                ensure_seeded(&store, "bench-duplicates", args.duplicates_clients, 0).await?;
            let key = api_key(&store, business).await?;
            scenarios::duplicates(&base, &key, args.duplicates_clients).await?;
        }
    }
    Ok(())
}

async fn prepare_database(args: &Args, backend: &str) -> anyhow::Result<String> {
    if backend == "sqlite" {
        let path = std::path::Path::new(&args.sqlite_path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        if !args.reuse {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", args.sqlite_path));
            }
        }
        return Ok(format!("sqlite:{}", args.sqlite_path));
    }
    let admin_url = format!("{}/postgres", args.postgres_server);
    if !args.reuse {
        let admin = sqlx::PgPool::connect(&admin_url).await?;
        sqlx::query("DROP DATABASE IF EXISTS clientele_bench WITH (FORCE)")
            .execute(&admin)
            .await?;
        sqlx::query("CREATE DATABASE clientele_bench")
            .execute(&admin)
            .await?;
        admin.close().await;
    }
    Ok(format!("{}/clientele_bench", args.postgres_server))
}

async fn api_key(store: &Arc<dyn Store>, business: i64) -> anyhow::Result<String> {
    let secret = tokens::new_secret();
    store
        .create_api_key(business, "bench", &tokens::hash_secret(&secret), 0)
        .await?;
    Ok(tokens::api_key(business, &secret))
}

/// Returns the business `slug`, seeding it unless it already exists.
async fn ensure_seeded(
    store: &Arc<dyn Store>,
    slug: &str,
    clients: u64,
    appointments: u64,
) -> anyhow::Result<i64> {
    if let Some(b) = store.business_by_slug(slug).await? {
        println!("reusing seeded business {slug}");
        return Ok(b.id);
    }
    let now = chrono::Utc::now().timestamp_millis();
    let business = store
        .create_business(
            &NewBusiness {
                slug: slug.into(),
                name: slug.into(),
                time_zone: "Europe/Paris".into(),
                locale: "fr".into(),
            },
            now,
        )
        .await?;
    let started = Instant::now();
    let plan = clientele::seed::SeedPlan {
        clients,
        appointments,
        seed: 42,
        now,
    };
    clientele::seed::seed(store, business.id, plan, |done| {
        if done % 100_000 == 0 {
            eprintln!(
                "  seeded {done} clients in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
    })
    .await?;
    println!(
        "seeded {clients} clients + {appointments} appointments in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(business.id)
}

async fn start_server(store: Arc<dyn Store>) -> anyhow::Result<String> {
    let state = AppState::new(store, Arc::new(SystemClock), false);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(clientele_server::startup::run_on(
        listener,
        build_router(state),
    ));
    Ok(base)
}
