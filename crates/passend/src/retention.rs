//! `passend retention run [--dry-run]`: applies the retention terms of
//! `instellingen/bewaartermijnen.csv` (stored with the import) and says, per category,
//! what it removed or anonymised. The run itself is recorded in the audit log; a dry run
//! changes nothing and records nothing.

use std::process::ExitCode;

use anyhow::Result;

use passend_core::retention::Category;
use passend_store::{RetentionPlan, Store};
use passend_web::nl;

use crate::app;
use crate::cli::RetentionCommand;

/// Runs `passend retention`.
pub(crate) fn run(store: &Store, command: RetentionCommand) -> Result<ExitCode> {
    let RetentionCommand::Run(args) = command;
    // The terms are read with the import: make sure an edited file is in.
    app::ensure_imported(store, args.data.data.as_deref())?;
    let now = jiff::Timestamp::now();
    let plan = if args.dry_run {
        store.retention_plan(now)?
    } else {
        store.run_retention(now, "opdrachtregel")?
    };
    out!("{}", report(&plan, args.dry_run));
    Ok(ExitCode::SUCCESS)
}

/// The report of a run or a dry run, in Dutch.
fn report(plan: &RetentionPlan, dry_run: bool) -> String {
    let mut lines = vec!["Bewaartermijnen (instellingen/bewaartermijnen.csv):".to_owned()];
    for (category, term) in plan.policy.terms() {
        lines.push(format!(
            "  {}: {} {}, daarna {}",
            category.what(),
            term.period,
            category.counted_from(),
            category.disposal()
        ));
        lines.push(format!("    bron: {}", term.source));
    }
    lines.push(String::new());
    let verb = |future: &str, past: &str| if dry_run { future } else { past }.to_owned();
    lines.push(if dry_run {
        format!(
            "Proefrun op {}: er is niets gewijzigd.",
            nl::timestamp(plan.now)
        )
    } else {
        format!("Uitgevoerd op {}:", nl::timestamp(plan.now))
    });
    lines.push(format!(
        "  {}: {} {}",
        Category::Sessie.what(),
        plan.sessions,
        verb("te verwijderen", "verwijderd")
    ));
    lines.push(format!(
        "  {}: {} {}",
        Category::Gebruiker.what(),
        plan.users.len(),
        verb("te anonimiseren", "geanonimiseerd")
    ));
    for u in &plan.users {
        lines.push(format!(
            "    {} (uitgeschakeld {}, termijn voorbij sinds {})",
            u.username,
            u.disabled_at.map_or("onbekend".to_owned(), nl::timestamp),
            nl::timestamp(u.due)
        ));
    }
    match &plan.audit {
        Some(a) => lines.push(format!(
            "  {}: {} {} (regel {} tot en met {}, de nieuwste van {})",
            Category::Auditregel.what(),
            a.count,
            verb("te verwijderen", "verwijderd"),
            a.first_seq,
            a.last_seq,
            nl::timestamp(a.newest_at)
        )),
        None => lines.push(format!(
            "  {}: 0 {}",
            Category::Auditregel.what(),
            verb("te verwijderen", "verwijderd")
        )),
    }
    if plan.audit_waiting > 0 {
        lines.push(format!(
            "  {} regels in het auditlog zijn over hun termijn maar wachten op een oudere regel: het auditlog is een keten en kan alleen vooraan korter worden.",
            plan.audit_waiting
        ));
    }
    if let Some(c) = &plan.checkpoint {
        lines.push(format!(
            "  De keten van het auditlog gaat verder vanaf regel {} met hash {}.",
            c.upto_seq + 1,
            c.hash
        ));
    }
    if !dry_run {
        lines.push("Vastgelegd in het auditlog.".to_owned());
    }
    lines.join("\n")
}
