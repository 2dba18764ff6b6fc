//! The `passend` binary: parses the command line, runs one command, and turns errors
//! into a Dutch message and a non-zero exit code.
//!
//! Exit codes: 0 success; 1 an error (the message says what and where); 2 wrong usage
//! (clap); 3 `check` found errors in the data.

use std::process::ExitCode;

/// Writes a line to standard output, returning the error instead of panicking when the
/// reader has gone (`passend swv list | head`). Defined before the modules so that all
/// of them can use it.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}

mod app;
mod budget;
mod cli;
mod commands;
mod coverage;
mod placement;
mod retention;
mod sop;
mod users;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        cli::Parsed::Run(cli) => cli,
        cli::Parsed::Exit(code) => return ExitCode::from(code),
    };
    match commands::run(cli) {
        Ok(code) => code,
        // The reader of our output went away (`passend swv list | head`): not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fout: {e:#}");
            ExitCode::from(1)
        }
    }
}
