//! The `flexmeasures` executable.

fn main() -> std::process::ExitCode {
    fm_server::cli::main()
}
