//! What the process tests of the `clientele` binary share.

use std::process::Command;

/// Runs `clientele --database-url <url> <args…>` to its end: (success, stdout+stderr).
pub fn clientele(url: &str, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_clientele"))
        .args(["--database-url", url])
        .args(args)
        .env("CLIENTELE_LOG", "warn")
        .output()
        .expect("run clientele");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}
