//! The measured requests of SPEC §12 and the table they print.

use std::time::{Duration, Instant};

use clientele_domain::PersonName;
use clientele_server::api::cursor;
use clientele_store::Cursor;
use serde_json::Value;

use crate::stats::Samples;

pub struct Measured {
    pub name: &'static str,
    pub target: &'static str,
    pub samples: Samples,
    pub rows: u64,
    /// Per query: its text, its median, and the total it reported.
    pub per_query: Vec<(String, f64, i64)>,
}

pub struct Results {
    pub latencies: Vec<Measured>,
    pub throughput_rps: f64,
}

const NAME_QUERIES: &[&str] = &[
    "dupo",
    "lefeb",
    "helene",
    "jean mar",
    "de la font",
    "garn",
    "rous",
    "nguy",
];
const PHONE_QUERIES: &[&str] = &[
    "5678", "1234", "0042", "9911", "06 12 34", "7700 90", "4455", "8080",
];
const EMAIL_QUERIES: &[&str] = &[
    "dupont12",
    "martin45",
    "helene.gar",
    "nguyen9",
    "mercier31",
    "@free.fr",
    "roux77",
    "cohen5",
];

async fn get(http: &reqwest::Client, url: &str, key: &str) -> anyhow::Result<(Duration, Value)> {
    let started = Instant::now();
    let response = http.get(url).bearer_auth(key).send().await?;
    let status = response.status();
    let body: Value = response.json().await?;
    let took = started.elapsed();
    anyhow::ensure!(status.is_success(), "{url}: {status} {body}");
    Ok((took, body))
}

async fn measure(
    http: &reqwest::Client,
    base: &str,
    key: &str,
    name: &'static str,
    target: &'static str,
    queries: &[String],
    iterations: usize,
) -> anyhow::Result<Measured> {
    // One warm-up round: the first touch of cold pages is not what a user waits on twice.
    for q in queries {
        get(http, &format!("{base}/api/clients?{q}"), key).await?;
    }
    let mut samples = Samples::default();
    let mut by_query = vec![(Samples::default(), 0i64); queries.len()];
    let mut rows = 0;
    for i in 0..iterations {
        let q = &queries[i % queries.len()];
        let (took, body) = get(http, &format!("{base}/api/clients?{q}"), key).await?;
        samples.push(took);
        by_query[i % queries.len()].0.push(took);
        by_query[i % queries.len()].1 = body["total"].as_i64().unwrap_or(-1);
        rows += body["clients"].as_array().map_or(0, |a| a.len() as u64);
    }
    let per_query = queries
        .iter()
        .zip(by_query)
        .map(|(q, (s, total))| (q.clone(), s.quantile_ms(0.5), total))
        .collect();
    Ok(Measured {
        name,
        target,
        samples,
        rows: rows / iterations.max(1) as u64,
        per_query,
    })
}

fn encoded(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Cursors in the middle of the list, built from clients found by name.
async fn deep_cursors(
    http: &reqwest::Client,
    base: &str,
    key: &str,
) -> anyhow::Result<Vec<String>> {
    let mut cursors = Vec::new();
    // Whole last names deep in the alphabet: their first match sits deep in the list.
    for prefix in ["lefebvre", "mercier", "nguyen", "petit", "rousseau"] {
        let (_, body) = get(
            http,
            &format!("{base}/api/clients?search={prefix}&limit=1"),
            key,
        )
        .await?;
        if let Some(c) = body["clients"].get(0) {
            let name = PersonName::parse(
                c["first_name"].as_str().unwrap_or(""),
                c["last_name"].as_str().unwrap_or(""),
            )?;
            let id = c["id"].as_str().unwrap_or("0").parse()?;
            cursors.push(format!(
                "cursor={}",
                cursor::encode(&Cursor {
                    sort_key: name.sort_key(),
                    id
                })
            ));
        }
    }
    Ok(cursors)
}

pub async fn run_all(
    base: &str,
    key: &str,
    iterations: usize,
    load_seconds: u64,
) -> anyhow::Result<Results> {
    let http = reqwest::Client::new();
    let q = |list: &[&str]| {
        list.iter()
            .map(|s| format!("search={}", encoded(s)))
            .collect::<Vec<_>>()
    };
    let mut latencies = vec![
        measure(
            &http,
            base,
            key,
            "first page (500 rows)",
            "p95 < 25 ms",
            &["".to_string()],
            iterations,
        )
        .await?,
        measure(
            &http,
            base,
            key,
            "deep cursor page (500 rows)",
            "p95 < 25 ms",
            &deep_cursors(&http, base, key).await?,
            iterations,
        )
        .await?,
        measure(
            &http,
            base,
            key,
            "search: name prefix",
            "p95 < 30 ms",
            &q(NAME_QUERIES),
            iterations,
        )
        .await?,
        measure(
            &http,
            base,
            key,
            "search: phone digits",
            "p95 < 30 ms",
            &q(PHONE_QUERIES),
            iterations,
        )
        .await?,
        measure(
            &http,
            base,
            key,
            "search: email fragment",
            "p95 < 30 ms",
            &q(EMAIL_QUERIES),
            iterations,
        )
        .await?,
    ];
    for (name, filter) in [
        ("filter recent:30d, first page", "recent:30d"),
        ("filter past:1y, first page", "past:1y"),
    ] {
        latencies.push(
            measure(
                &http,
                base,
                key,
                name,
                "p95 < 50 ms",
                &[format!("filter={filter}")],
                iterations,
            )
            .await?,
        );
    }
    let throughput_rps = load(base, key, load_seconds).await?;
    Ok(Results {
        latencies,
        throughput_rps,
    })
}

/// 64 connections asking for 50-row first pages for `seconds`: completed requests per second.
async fn load(base: &str, key: &str, seconds: u64) -> anyhow::Result<f64> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let http = reqwest::Client::new();
        let url = format!("{base}/api/clients?limit=50");
        let key = key.to_string();
        tasks.push(tokio::spawn(async move {
            let mut done = 0u64;
            while Instant::now() < deadline {
                // Bytes only: parsing JSON here would steal the server's CPU on 2 cores.
                let response = http.get(&url).bearer_auth(&key).send().await;
                if let Ok(response) = response {
                    if response.status().is_success() && response.bytes().await.is_ok() {
                        done += 1;
                    }
                }
            }
            done
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await?;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
}

pub fn print_table(results: &Results) {
    println!("| operation | p50 ms | p95 ms | rows/page | target |");
    println!("|---|---:|---:|---:|---|");
    for m in &results.latencies {
        println!(
            "| {} | {:.1} | {:.1} | {} | {} |",
            m.name,
            m.samples.quantile_ms(0.5),
            m.samples.quantile_ms(0.95),
            m.rows,
            m.target
        );
    }
    println!(
        "| 64 connections, 50-row pages | {:.0} req/s | | 50 | ≥ 2,000 req/s |",
        results.throughput_rps
    );
    println!("\nPer query (median ms, total matches):\n");
    println!("| query | median ms | total |");
    println!("|---|---:|---:|");
    for m in results.latencies.iter().filter(|m| m.per_query.len() > 1) {
        for (q, median, total) in &m.per_query {
            let q = q.strip_prefix("search=").unwrap_or(q);
            println!(
                "| {} `{}` | {median:.1} | {total} |",
                m.name,
                q.replace("%20", " ").replace("%40", "@")
            );
        }
    }
}

/// Times the duplicate finder over a whole business (it reads every client).
pub async fn duplicates(base: &str, key: &str, clients: u64) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    let url = format!("{base}/api/clients/duplicates?limit=100");
    get(&http, &url, key).await?;
    let mut samples = Samples::default();
    let mut pairs = 0;
    for _ in 0..5 {
        let (took, body) = get(&http, &url, key).await?;
        samples.push(took);
        pairs = body["pairs"].as_array().map_or(0, |p| p.len());
    }
    println!(
        "\n| duplicate finder, {clients} clients | p50 {:.0} ms | max {:.0} ms | {pairs} pairs returned |",
        samples.quantile_ms(0.5),
        samples.quantile_ms(1.0)
    );
    Ok(())
}
