//! The command line: parse arguments, run one command, report errors.

use clap::Parser;
use std::process::ExitCode;
use tollrange::cmd::{self, Cli, Command};

fn main() -> ExitCode {
    // `tollrange check … | head` should end quietly, as other Unix tools do,
    // not panic on the closed pipe
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(a) => cmd::check::run(&a),
        Command::Import(a) => cmd::import::run(&a),
        Command::Parse(a) => cmd::parse::run(&a),
        Command::Run(a) => cmd::run::run(&a),
        Command::Report(a) => cmd::report::run(&a),
        Command::Sensitivity(a) => cmd::sensitivity::run(&a),
        Command::Calibrate(a) => cmd::calibrate::run(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
