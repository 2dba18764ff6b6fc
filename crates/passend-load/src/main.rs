//! `passend-load`: drives a running passend server from a second process with a
//! realistic mix of requests, bounded in count and time, and reports throughput,
//! p50/p99 latency per page and errors. A development tool, not part of the product.
//!
//! ```sh
//! cargo run --release -- serve &                       # the server
//! PASSEND_WACHTWOORD=... cargo run --release -p passend-load -- --user beheer --warmup 5
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;

/// Load test for a running passend server.
#[derive(Parser, Debug)]
#[command(
    name = "passend-load",
    about = "Belast een draaiende passend-server met een realistische mix van verzoeken."
)]
struct Args {
    /// The server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Stop after this many seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Stop after this many requests in all.
    #[arg(long, default_value_t = 200_000)]
    max_requests: usize,
    /// The largest SWV, whose pages are the heaviest.
    #[arg(long, default_value = "PO2101")]
    swv: String,
    /// A school for the school page.
    #[arg(long, default_value = "00AO01")]
    school: String,
    /// A user for the authenticated page (password from PASSEND_WACHTWOORD).
    #[arg(long)]
    user: Option<String>,
    /// First run the same mix for this many seconds and count nothing, so that what the
    /// server computes once (reports, kept pages) is not in the figures.
    #[arg(long, default_value_t = 0)]
    warmup: u64,
    /// The server's process id (Linux): also report the server's CPU time per request,
    /// which, unlike latency, does not depend on other load on the machine.
    #[arg(long)]
    server_pid: Option<u32>,
}

/// The mix: (name, path, weight out of 20).
fn mix(args: &Args, authenticated: bool) -> Vec<(&'static str, String)> {
    let swv = &args.swv;
    let mut slots = Vec::new();
    let mut add = |name: &'static str, path: String, weight: usize| {
        for _ in 0..weight {
            slots.push((name, path.clone()));
        }
    };
    add("swv-pagina (grootste)", format!("/swv/{swv}"), 6);
    add("swv-lijst", "/swv".to_owned(), 2);
    add("schoolpagina", format!("/school/{}", args.school), 3);
    add("api swv", format!("/api/v1/swv/{swv}"), 3);
    add("dekking", format!("/swv/{swv}/dekking"), 2);
    add("begroting", format!("/swv/{swv}/begroting?voorbeeld=ja"), 2);
    if authenticated {
        add("account (ingelogd)", "/account".to_owned(), 2);
    } else {
        add("overzicht", "/".to_owned(), 2);
    }
    slots
}

/// Logs in and returns the session cookie.
async fn login(client: &reqwest::Client, base: &str, user: &str) -> Result<String> {
    let password =
        std::env::var("PASSEND_WACHTWOORD").context("zet PASSEND_WACHTWOORD voor --user")?;
    let page = client.get(format!("{base}/inloggen")).send().await?;
    let cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("passend_inlog="))
        .and_then(|v| v.split(';').next())
        .context("geen inlogcookie")?
        .to_owned();
    let token = cookie.trim_start_matches("passend_inlog=").to_owned();
    let body = format!(
        "token={token}&gebruiker={}&wachtwoord={}",
        encode(user),
        encode(&password)
    );
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let reply = client
        .post(format!("{base}/inloggen"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .header("origin", format!("http://{host}"))
        .body(body)
        .send()
        .await?;
    let session = reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("passend_sessie="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    match session {
        Some(s) => Ok(s),
        None => bail!("inloggen mislukt: {}", reply.status()),
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Default)]
struct Stats {
    latencies: Vec<Duration>,
    errors: usize,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The CPU time (user and system) a process has used so far, from `/proc/PID/stat`.
fn cpu_time(pid: u32) -> Result<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .with_context(|| format!("kan /proc/{pid}/stat niet lezen"))?;
    // The fields after the command name (which may hold spaces) in parentheses: the
    // state is field 3, utime and stime (in clock ticks) fields 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| -> Result<u64> {
        fields
            .get(i)
            .and_then(|f| f.parse().ok())
            .with_context(|| format!("onverwachte inhoud van /proc/{pid}/stat"))
    };
    let per_second = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| t.trim().parse::<u64>().ok())
        .filter(|t| *t > 0)
        .unwrap_or(100);
    Ok(Duration::from_secs_f64(
        (ticks(11)? + ticks(12)?) as f64 / per_second as f64,
    ))
}

/// Runs the mix with `clients` concurrent clients until `seconds` have passed or
/// `max_requests` were sent, and gives the figures per page.
async fn run(
    client: &reqwest::Client,
    base: &str,
    slots: &Arc<Vec<(&'static str, String)>>,
    session: &Arc<Option<String>>,
    clients: usize,
    seconds: u64,
    max_requests: usize,
) -> Result<BTreeMap<&'static str, Stats>> {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let per_client = max_requests.div_ceil(clients.max(1));
    let mut tasks = Vec::new();
    for c in 0..clients.max(1) {
        let client = client.clone();
        let base = base.to_owned();
        let slots = slots.clone();
        let session = session.clone();
        tasks.push(tokio::spawn(async move {
            let mut stats: BTreeMap<&'static str, Stats> = BTreeMap::new();
            for i in 0..per_client {
                if Instant::now() >= deadline {
                    break;
                }
                let (name, path) = &slots[(c * 7 + i) % slots.len()];
                let mut request = client.get(format!("{base}{path}"));
                if let Some(cookie) = session.as_ref() {
                    request = request.header("cookie", cookie);
                }
                let t = Instant::now();
                let ok = match request.send().await {
                    Ok(r) => {
                        let good = r.status().is_success();
                        // Read the whole body: the latency is the full page.
                        r.bytes().await.is_ok() && good
                    }
                    Err(_) => false,
                };
                let s = stats.entry(*name).or_default();
                s.latencies.push(t.elapsed());
                if !ok {
                    s.errors += 1;
                }
            }
            stats
        }));
    }
    let mut all: BTreeMap<&'static str, Stats> = BTreeMap::new();
    for task in tasks {
        for (name, s) in task.await? {
            let e = all.entry(name).or_default();
            e.latencies.extend(s.latencies);
            e.errors += s.errors;
        }
    }
    Ok(all)
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let base = args.url.trim_end_matches('/').to_owned();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(args.clients)
        .build()?;
    let session = match &args.user {
        Some(user) => Some(login(&client, &base, user).await?),
        None => None,
    };
    let slots = Arc::new(mix(&args, session.is_some()));
    let session = Arc::new(session);
    if args.warmup > 0 {
        run(
            &client,
            &base,
            &slots,
            &session,
            args.clients,
            args.warmup,
            args.max_requests,
        )
        .await?;
    }
    let cpu_before = args.server_pid.map(cpu_time).transpose()?;
    let started = Instant::now();
    let mut all = run(
        &client,
        &base,
        &slots,
        &session,
        args.clients,
        args.seconds,
        args.max_requests,
    )
    .await?;
    let elapsed = started.elapsed();
    let cpu_used = match (args.server_pid, cpu_before) {
        (Some(pid), Some(before)) => Some(cpu_time(pid)?.saturating_sub(before)),
        _ => None,
    };
    let total: usize = all.values().map(|s| s.latencies.len()).sum();
    let errors: usize = all.values().map(|s| s.errors).sum();
    println!(
        "{} clients, {:.1} s: {total} verzoeken, {:.0} per seconde, {errors} fouten",
        args.clients,
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    println!(
        "{:<24} {:>8} {:>10} {:>10} {:>7}",
        "pagina", "aantal", "p50 ms", "p99 ms", "fouten"
    );
    let mut everything = Vec::with_capacity(total);
    for (name, s) in &mut all {
        s.latencies.sort_unstable();
        everything.extend_from_slice(&s.latencies);
        println!(
            "{:<24} {:>8} {:>10.1} {:>10.1} {:>7}",
            name,
            s.latencies.len(),
            percentile(&s.latencies, 50.0).as_secs_f64() * 1000.0,
            percentile(&s.latencies, 99.0).as_secs_f64() * 1000.0,
            s.errors
        );
    }
    everything.sort_unstable();
    println!(
        "{:<24} {:>8} {:>10.1} {:>10.1} {:>7}",
        "alles",
        total,
        percentile(&everything, 50.0).as_secs_f64() * 1000.0,
        percentile(&everything, 99.0).as_secs_f64() * 1000.0,
        errors
    );
    if let Some(cpu) = cpu_used {
        println!(
            "server: {:.1} s CPU in {:.1} s, {:.2} ms CPU per verzoek",
            cpu.as_secs_f64(),
            elapsed.as_secs_f64(),
            cpu.as_secs_f64() * 1000.0 / total.max(1) as f64
        );
    }
    if errors > 0 {
        std::process::exit(1);
    }
    Ok(())
}
