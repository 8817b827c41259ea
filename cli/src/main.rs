//! `zverify`: prove that a Zarf package or OCI image layout is byte for byte what it claims to be.
// The CLI owns all IO (files, threads, the environment); the core stays sans-IO (clippy.toml).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

mod source;
mod text;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zverify_core::digest::{Algorithm, StreamDigest};
use zverify_core::oci::DocKind;
use zverify_core::{rules, Options, Report, Severity};

const AFTER_HELP: &str = "\
Exit codes:
  0  nothing at or above --fail-on was found
  1  findings at or above --fail-on (a corrupt or truncated archive is a finding)
  2  zverify could not run: bad usage, target missing or unreadable, not an archive or layout

Examples:
  zverify check zarf-package-podinfo-amd64-6.4.0.tar.zst
  zverify check ./unpacked-package --format json > report.json
  zverify check images/ --fail-on warning
  zverify doc --type manifest manifest.json
  zverify digest images/index.json
  zverify explain ZV308";

#[derive(Parser)]
#[command(name = "zverify", version, about, long_about = "\
Prove that a Zarf package or OCI image layout is byte for byte what it claims to be.

zverify streams the package once, hashes every file as it goes, and checks every descriptor,
manifest, index and config against the bytes actually stored: digests, sizes, missing and extra
blobs, malformed documents, and references that pin a digest the package does not hold
(Zarf issue #2425). It never extracts, never follows links, and never writes to its input.",
    after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// Output format: a grouped human report, or the versioned JSON contract (schema_version 1).
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Print only the summary line (text format).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Verify a package: a directory (unpacked Zarf package or bare OCI layout), a .tar or .tar.zst,
    /// or a split package (any of its .partNNN files, or the name they share).
    #[command(after_help = AFTER_HELP)]
    Check {
        /// Directory, .tar or .tar.zst (detected by magic bytes, not by extension), or a split
        /// package: `pkg.tar.zst.part000`, any other part, or `pkg.tar.zst` when only parts exist.
        target: PathBuf,
        #[command(flatten)]
        report: ReportArgs,
        /// Largest JSON document (manifest, index, config) kept for inspection, in bytes.
        #[arg(long, default_value_t = 4 << 20, value_name = "BYTES")]
        document_cap: u64,
        /// Never show a progress bar.
        #[arg(long)]
        no_progress: bool,
        /// Verify the package signature (zarf.yaml.sig, zarf.bundle.sig) with this PEM ECDSA P-256
        /// public key, as `cosign generate-key-pair` writes it. A missing or bad signature is an error.
        #[arg(long, value_name = "cosign.pub")]
        key: Option<PathBuf>,
    },
    /// Validate one JSON document: an image index, manifest, config, descriptor or oci-layout.
    Doc {
        /// Document type; detected from mediaType and the fields present when omitted.
        #[arg(long = "type", value_parser = ["index", "manifest", "config", "descriptor", "layout"])]
        kind: Option<String>,
        /// File to read, or - for standard input.
        file: String,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Print the digest of a file's exact bytes (`sha256:<hex>`).
    Digest {
        #[arg(long, value_enum, default_value_t = Alg::Sha256)]
        algorithm: Alg,
        /// File to read, or - for standard input.
        file: String,
    },
    /// List every rule with its code, default severity and summary.
    Rules {
        /// Print every rule's full documentation as Markdown (this is docs/rules.md).
        #[arg(long)]
        markdown: bool,
    },
    /// Print a rule's documentation: what it checks, why it matters, an example, the fix.
    Explain {
        /// A rule code such as ZV308.
        code: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Alg {
    Sha256,
    Sha512,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("zverify: error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Check { target, report, document_cap, no_progress, key } => {
            let signing_key = match &key {
                Some(path) => {
                    let pem = std::fs::read(path).map_err(|e| format!("cannot read key {}: {e}", path.display()))?;
                    zverify_core::zarf::signature::parse_key(&pem)
                        .map_err(|e| format!("key {}: {e}", path.display()))?;
                    Some(pem)
                }
                None => None,
            };
            let opts = Options { document_cap, signing_key, ..Options::default() };
            let show = !no_progress && !report.quiet && io::stderr().is_terminal();
            let result = if let Some(stem) = split_stem(&target) {
                source::check_split(&stem, opts, show)
            } else {
                let meta = std::fs::metadata(&target).map_err(|e| format!("cannot read {}: {e}", target.display()))?;
                if meta.is_dir() {
                    source::check_dir(&target, opts, show)
                } else {
                    source::check_archive(&target, opts, show)
                }
            };
            let rep = result.map_err(|u| u.0)?;
            // A damaged archive is a finding (exit 1) even when the damage hides what it holds.
            let damaged = rep.findings.iter().any(|f| f.code == rules::ARCHIVE_CORRUPT.code);
            if rep.package.is_none() && !damaged {
                return Err(format!(
                    "{} holds neither a Zarf package (zarf.yaml) nor an OCI image layout (oci-layout, index.json)",
                    target.display()
                ));
            }
            emit(&rep, &report)
        }
        Command::Doc { kind, file, report } => {
            let bytes = read_input(&file)?;
            let kind = kind.as_deref().and_then(DocKind::from_name);
            let rep = zverify_core::check_document(&bytes, kind, &file)?;
            emit(&rep, &report)
        }
        Command::Digest { algorithm, file } => {
            let alg = match algorithm {
                Alg::Sha256 => Algorithm::Sha256,
                Alg::Sha512 => Algorithm::Sha512,
            };
            let mut h = StreamDigest::new(alg);
            let mut input = open_input(&file)?;
            let mut buf = vec![0u8; 1 << 20];
            loop {
                match input.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => h.update(&buf[..n]),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(format!("reading {file}: {e}")),
                }
            }
            println!("{}", h.finish());
            Ok(0)
        }
        Command::Rules { markdown: true } => {
            print_out(&rules::markdown_all());
            Ok(0)
        }
        Command::Rules { markdown: false } => {
            let mut out = String::from("CODE   SEVERITY  NAME                          SUMMARY\n");
            for r in rules::ALL {
                out.push_str(&format!("{:<6} {:<9} {:<29} {}\n", r.code, r.severity.as_str(), r.name, r.summary));
            }
            print_out(&out);
            Ok(0)
        }
        Command::Explain { code } => match rules::lookup(&code) {
            Some(r) => {
                print_out(&r.markdown());
                Ok(0)
            }
            None => Err(format!(
                "unknown rule code {code:?}; valid codes: {}",
                rules::ALL.iter().map(|r| r.code).collect::<Vec<_>>().join(", ")
            )),
        },
    }
}

/// `pkg.tar.zst.part003` → `pkg.tar.zst`; `pkg.tar.zst` (absent, but `.part000` exists) → itself.
fn split_stem(target: &Path) -> Option<PathBuf> {
    let s = target.to_string_lossy();
    if let Some(i) = s.rfind(".part") {
        let digits = &s[i + 5..];
        if digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(PathBuf::from(&s[..i]));
        }
    }
    let part0 = PathBuf::from(format!("{s}.part000"));
    (!target.exists() && part0.is_file()).then(|| target.to_owned())
}

fn open_input(file: &str) -> Result<Box<dyn Read>, String> {
    if file == "-" {
        Ok(Box::new(io::stdin().lock()))
    } else {
        let p = Path::new(file);
        if p.is_dir() {
            return Err(format!("{file} is a directory; pass a file"));
        }
        std::fs::File::open(p).map(|f| Box::new(f) as Box<dyn Read>).map_err(|e| format!("cannot open {file}: {e}"))
    }
}

fn read_input(file: &str) -> Result<Vec<u8>, String> {
    const CAP: u64 = 64 << 20;
    let mut bytes = Vec::new();
    open_input(file)?.take(CAP + 1).read_to_end(&mut bytes).map_err(|e| format!("reading {file}: {e}"))?;
    if bytes.len() as u64 > CAP {
        return Err(format!("{file} is larger than {} MiB; that is not a metadata document", CAP >> 20));
    }
    Ok(bytes)
}

fn print_out(s: &str) {
    let mut out = io::stdout().lock();
    // A closed pipe (`zverify rules | head`) is not an error worth a panic.
    let _ = out.write_all(s.as_bytes());
}

fn emit(rep: &Report, args: &ReportArgs) -> Result<u8, String> {
    match args.format {
        OutFormat::Json => print_out(&format!("{}\n", rep.to_json())),
        OutFormat::Text => {
            let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            print_out(&text::render(rep, &text::Style { color }, args.quiet));
        }
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    Ok(match (threshold, rep.worst()) {
        (Some(t), Some(w)) if w >= t => 1,
        _ => 0,
    })
}
