//! The command line: `serve`, `migrate`, `business add`, `user add`, `apikey create|list|revoke`, `seed`.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use clientele_server::auth::{password, tokens};
use clientele_server::bootstrap::{slugify, Bootstrap};
use clientele_server::startup::ProcessRole;
use clientele_store::{Business, NewBusiness, Role, Store};

use crate::seed::{seed, SeedPlan};

pub const DEFAULT_DATABASE_URL: &str = "sqlite:clientele.db";

#[derive(Parser)]
#[command(
    name = "clientele",
    version,
    about = "The self-hostable client list for appointment businesses"
)]
pub struct Cli {
    /// sqlite:FILE (default, created if missing) or postgres://user@host/db
    #[arg(long, global = true, env = "CLIENTELE_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the web server (creates the database and a first business if needed)
    Serve(ServeArgs),
    /// Apply database migrations and exit
    Migrate,
    /// Manage businesses (tenants)
    Business {
        #[command(subcommand)]
        command: BusinessCommand,
    },
    /// Manage staff users
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API keys
    Apikey {
        #[command(subcommand)]
        command: ApiKeyCommand,
    },
    /// Generate synthetic clients and appointments (demos, benchmarks)
    Seed(SeedArgs),
    /// Import clients (CSV) or contacts (vCard), or undo an import
    Import {
        #[command(subcommand)]
        command: crate::transfer::ImportCommand,
    },
    /// Export the client list as CSV
    Export {
        #[command(subcommand)]
        command: crate::transfer::ExportCommand,
    },
    /// Email: send a test message over the configured SMTP server
    Email {
        #[command(subcommand)]
        command: EmailCommand,
    },
}

#[derive(Subcommand)]
pub enum EmailCommand {
    /// Send a test email now (not through the outbox) and report the SMTP answer
    Test {
        /// Recipient address
        #[arg(long)]
        to: String,
        /// Business slug whose name and language the message uses (default: the first)
        #[arg(long)]
        business: Option<String>,
        #[command(flatten)]
        smtp: SmtpArgs,
    },
}

#[derive(Args)]
pub struct ServeArgs {
    #[arg(long, env = "CLIENTELE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Public URL, printed at start-up and used for secure cookies when https
    #[arg(long, env = "CLIENTELE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Also load a small demo data set into a new business
    #[arg(long)]
    pub demo: bool,
    #[arg(long, env = "CLIENTELE_OWNER_EMAIL")]
    pub owner_email: Option<String>,
    #[arg(long, env = "CLIENTELE_OWNER_PASSWORD", hide_env_values = true)]
    pub owner_password: Option<String>,
    #[arg(long, env = "CLIENTELE_BUSINESS_NAME", default_value = "My business")]
    pub business_name: String,
    #[arg(long, env = "CLIENTELE_TIME_ZONE", default_value = "Europe/Paris")]
    pub time_zone: String,
    #[arg(long, env = "CLIENTELE_LOCALE", default_value = "fr", value_parser = ["fr", "en"])]
    pub locale: String,
    #[command(flatten)]
    pub smtp: SmtpArgs,
    /// Serve HTTP only: another process (`--workers-only`) delivers emails and webhooks
    #[arg(long, conflicts_with = "workers_only")]
    pub no_workers: bool,
    /// Deliver emails and webhooks only, without the web server
    #[arg(long)]
    pub workers_only: bool,
}

#[derive(Args)]
pub struct SmtpArgs {
    /// smtp://user:pass@host:587?tls=required (STARTTLS), smtps://host:465 (TLS), or
    /// smtp://host:25 (plain); without it emails stay in the outbox as not_sent
    #[arg(long, env = "CLIENTELE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The From of every email
    #[arg(
        long,
        env = "CLIENTELE_SMTP_FROM",
        default_value = "Clientele <no-reply@localhost>"
    )]
    pub smtp_from: String,
}

#[derive(Subcommand)]
pub enum BusinessCommand {
    /// Create a business
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        slug: Option<String>,
        #[arg(long, default_value = "Europe/Paris")]
        time_zone: String,
        #[arg(long, default_value = "fr", value_parser = ["fr", "en"])]
        locale: String,
    },
    /// List businesses
    List,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add an owner or staff account to a business
    Add {
        /// Business slug
        #[arg(long)]
        business: String,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "staff", value_parser = ["owner", "staff"])]
        role: String,
        /// Password (default: generated and printed once)
        #[arg(long, env = "CLIENTELE_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ApiKeyCommand {
    /// Create an API key for a business (printed once)
    Create {
        #[arg(long)]
        business: String,
        #[arg(long, default_value = "api")]
        name: String,
    },
    /// List a business's API keys (ids and names; secrets are never stored)
    List {
        #[arg(long)]
        business: String,
    },
    /// Revoke an API key: refused from then on (within 2 s on servers already running)
    Revoke {
        #[arg(long)]
        business: String,
        /// The key's id, from `apikey list`
        #[arg(long)]
        id: i64,
    },
}

#[derive(Args)]
pub struct SeedArgs {
    /// Business slug (default: the first business)
    #[arg(long)]
    pub business: Option<String>,
    #[arg(long, default_value_t = 1000)]
    pub clients: u64,
    #[arg(long, default_value_t = 5000)]
    pub appointments: u64,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.database_url, args).await,
        Command::Migrate => {
            open(&cli.database_url).await?;
            println!("Database is up to date.");
            Ok(())
        }
        Command::Business { command } => business(&cli.database_url, command).await,
        Command::User { command } => user(&cli.database_url, command).await,
        Command::Apikey { command } => apikey(&cli.database_url, command).await,
        Command::Seed(args) => seed_command(&cli.database_url, args).await,
        Command::Import { command } => {
            crate::transfer::import(open(&cli.database_url).await?, command).await
        }
        Command::Export { command } => {
            crate::transfer::export(open(&cli.database_url).await?, command).await
        }
        Command::Email { command } => email(&cli.database_url, command).await,
    }
}

pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    clientele_store::connect(&clientele_store::ConnectOptions::new(url))
        .await
        .with_context(|| format!("opening {}", clientele_store::redact_url(url)))
}

pub async fn find_business(store: &Arc<dyn Store>, slug: Option<&str>) -> anyhow::Result<Business> {
    match slug {
        Some(slug) => store
            .business_by_slug(slug)
            .await?
            .with_context(|| format!("no business with slug {slug:?}")),
        None => store
            .businesses()
            .await?
            .into_iter()
            .next()
            .context("no business yet: run `clientele serve` or `clientele business add`"),
    }
}

async fn serve(url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let secure = args
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://"));
    let bootstrap = Bootstrap {
        owner_email: args.owner_email,
        owner_password: args.owner_password,
        business_name: args.business_name,
        time_zone: args.time_zone,
        locale: args.locale,
    };
    if args.demo {
        let store = open(url).await?;
        let fresh = store.businesses().await?.is_empty();
        if fresh {
            // The server's first run creates the business; the demo data follows it.
            let state = clientele_server::AppState::new(
                store.clone(),
                Arc::new(clientele_server::SystemClock),
                secure,
            );
            let where_ = args
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", args.bind));
            clientele_server::bootstrap::first_run(&state, &bootstrap, &where_).await?;
            let business = find_business(&store, None).await?;
            let plan = SeedPlan {
                clients: 200,
                appointments: 1000,
                seed: 1,
                now: chrono::Utc::now().timestamp_millis(),
            };
            seed(&store, business.id, plan, |_| {}).await?;
            println!("Loaded demo data: 200 clients, 1000 appointments.");
        }
    }
    let role = match (args.no_workers, args.workers_only) {
        (true, _) => ProcessRole::WebOnly,
        (_, true) => ProcessRole::WorkersOnly,
        _ => ProcessRole::WebAndWorkers,
    };
    let config = clientele_server::ServerConfig {
        database_url: url.to_string(),
        bind: args.bind,
        public_url: args.public_url,
        secure_cookies: secure,
        smtp_url: args.smtp.smtp_url,
        smtp_from: args.smtp.smtp_from,
        role,
    };
    clientele_server::serve(config, bootstrap).await
}

async fn business(url: &str, command: BusinessCommand) -> anyhow::Result<()> {
    let store = open(url).await?;
    match command {
        BusinessCommand::Add {
            name,
            slug,
            time_zone,
            locale,
        } => {
            clientele_domain::period::parse_time_zone(&time_zone)?;
            let slug = slug.unwrap_or_else(|| slugify(&name));
            let new = NewBusiness {
                slug,
                name,
                time_zone,
                locale,
            };
            let b = store
                .create_business(&new, chrono::Utc::now().timestamp_millis())
                .await?;
            println!("Created business {} (slug {}).", b.name, b.slug);
        }
        BusinessCommand::List => {
            for b in store.businesses().await? {
                println!("{}\t{}\t{}\t{}", b.slug, b.name, b.time_zone, b.locale);
            }
        }
    }
    Ok(())
}

async fn user(url: &str, command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        business,
        email,
        role,
        password: given,
    } = command;
    let store = open(url).await?;
    let business = find_business(&store, Some(&business)).await?;
    clientele_domain::Email::parse(&email)?;
    let role = Role::parse(&role).context("role must be owner or staff")?;
    let (plain, generated) = match given {
        Some(p) => (p, false),
        None => (tokens::new_secret()[..20].to_string(), true),
    };
    if plain.chars().count() < password::MIN_PASSWORD_CHARS {
        bail!(
            "the password needs at least {} characters",
            password::MIN_PASSWORD_CHARS
        );
    }
    let hash = password::hash_password_blocking(plain.clone()).await?;
    store
        .create_staff_user(
            business.id,
            &email,
            &hash,
            role,
            chrono::Utc::now().timestamp_millis(),
        )
        .await?;
    println!("Added {} {email} to {}.", role.as_str(), business.name);
    if generated {
        println!("Password (shown once): {plain}");
    }
    Ok(())
}

async fn apikey(url: &str, command: ApiKeyCommand) -> anyhow::Result<()> {
    let store = open(url).await?;
    let (business, name) = match command {
        ApiKeyCommand::Create { business, name } => (business, name),
        ApiKeyCommand::List { business } => {
            let business = find_business(&store, Some(&business)).await?;
            for key in store.api_keys(business.id).await? {
                let created = chrono::DateTime::from_timestamp_millis(key.created_at)
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_default();
                println!("{}\t{}\t{created}", key.id, key.name);
            }
            return Ok(());
        }
        ApiKeyCommand::Revoke { business, id } => {
            let business = find_business(&store, Some(&business)).await?;
            anyhow::ensure!(
                store.revoke_api_key(business.id, id).await?,
                "{} has no API key {id} (see `clientele apikey list`)",
                business.name
            );
            println!("API key {id} of {} revoked.", business.name);
            return Ok(());
        }
    };
    let business = find_business(&store, Some(&business)).await?;
    let secret = tokens::new_secret();
    store
        .create_api_key(
            business.id,
            &name,
            &tokens::hash_secret(&secret),
            chrono::Utc::now().timestamp_millis(),
        )
        .await?;
    println!(
        "API key for {} (shown once; send as Authorization: Bearer …):",
        business.name
    );
    println!("{}", tokens::api_key(business.id, &secret));
    Ok(())
}

async fn seed_command(url: &str, args: SeedArgs) -> anyhow::Result<()> {
    let store = open(url).await?;
    let business = find_business(&store, args.business.as_deref()).await?;
    let plan = SeedPlan {
        clients: args.clients,
        appointments: args.appointments,
        seed: args.seed,
        now: chrono::Utc::now().timestamp_millis(),
    };
    let started = Instant::now();
    seed(&store, business.id, plan, |done| {
        let rate = done as f64 / started.elapsed().as_secs_f64().max(1e-3);
        print!("\rseeded {done}/{} clients ({rate:.0}/s)", plan.clients);
        let _ = std::io::stdout().flush();
    })
    .await?;
    println!(
        "\nSeeded {} clients and {} appointments into {} in {:.1} s.",
        plan.clients,
        plan.appointments,
        business.name,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn email(url: &str, command: EmailCommand) -> anyhow::Result<()> {
    match command {
        EmailCommand::Test { to, business, smtp } => {
            let Some(smtp_url) = smtp.smtp_url else {
                bail!("no SMTP server: set CLIENTELE_SMTP_URL or pass --smtp-url");
            };
            let store = open(url).await?;
            let business = find_business(&store, business.as_deref()).await?;
            let mailer = clientele_server::email::smtp::Mailer::new(&smtp_url, &smtp.smtp_from)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let message =
                clientele_server::email::render::test_email(&business.locale, &business.name);
            mailer
                .send(&to, &message.subject, &message.text, &message.html, None)
                .await
                .map_err(|e| anyhow::anyhow!("the SMTP server refused: {e}"))?;
            println!("Test email sent to {to}.");
            Ok(())
        }
    }
}
