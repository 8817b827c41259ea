//! `zverify`: prove that a Zarf package or OCI image layout is byte for byte what it claims to be.
// The CLI owns all IO (files, threads, the environment); the core stays sans-IO (clippy.toml).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

mod against;
mod config;
mod oci_check;
mod ref_cmd;
mod remote;
mod source;
mod verify_bundle;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zverify_core::digest::{Algorithm, StreamDigest};
use zverify_core::oci::DocKind;
use zverify_core::overrides::{Level, Overrides, Source};
use zverify_core::render;
use zverify_core::{defaults, rules, Options, Report};

const AFTER_HELP: &str = r#"Exit codes:
  0  nothing at or above --fail-on was found
  1  findings at or above --fail-on (a corrupt or truncated archive is a finding)
  2  zverify could not run: bad usage, target missing or unreadable, not an archive or layout,
     or a registry could not be reached, refused the credentials, or lacks the reference

Severity overrides (flags beat zverify.toml, which beats each rule's default):
  --deny ZV109 --warn ZV305 --allow ZV511, or in zverify.toml:
  fail-on = "warning"
  deny = ["ZV109"]
  warn = ["ZV305"]
  allow = ["ZV511"]

Examples:
  zverify check zarf-package-podinfo-amd64-6.4.0.tar.zst
  zverify check a.tar.zst b.tar.zst unpacked/ --format sarif > zverify.sarif
  zverify check pkg.tar.zst.part000 --key cosign.pub
  zverify check oci://ghcr.io/org/packages/podinfo:6.4.0 --arch amd64
  zverify check pkg.tar.zst --against-registry
  zverify check pkg.tar.zst --against-registry=registry.cluster.local:5000
  zverify ref ghcr.io/org/app:1.2 --format json
  zverify check ./unpacked-package --format json > report.json
  zverify check images/ --fail-on warning
  zverify doc --type manifest manifest.json
  zverify digest images/index.json
  zverify explain ZV308"#;

/// `zverify --version`: the version and the commit it was built from (cli/build.rs).
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("ZVERIFY_COMMIT"), ")");

#[derive(Parser)]
#[command(name = "zverify", version = VERSION, about, long_about = "\
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
    /// Grouped human report (default; coloured on a terminal).
    Text,
    /// The versioned JSON contract (an array when there are several targets).
    Json,
    /// SARIF 2.1.0 for GitHub code scanning (one run per target).
    Sarif,
    /// GitHub Actions annotations, after the text report (default when GITHUB_ACTIONS=true).
    Github,
    /// JUnit XML: one test case per rule per target.
    Junit,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
enum FailOn {
    Error,
    Warning,
    Never,
}

impl FailOn {
    fn core(self) -> zverify_core::FailOn {
        match self {
            FailOn::Error => zverify_core::FailOn::Error,
            FailOn::Warning => zverify_core::FailOn::Warning,
            FailOn::Never => zverify_core::FailOn::Never,
        }
    }
}

#[derive(clap::Args)]
struct ReportArgs {
    /// Output format [default: text; github when GITHUB_ACTIONS=true].
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
    /// Lowest severity that makes the exit code 1 [default: error, or zverify.toml's fail-on].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Print only the summary line (text format).
    #[arg(long, short)]
    quiet: bool,
    /// Also write a SARIF 2.1.0 report to this file (whatever --format is).
    #[arg(long, value_name = "FILE")]
    sarif: Option<PathBuf>,
    /// Treat this rule's findings as errors (repeatable).
    #[arg(long, value_name = "CODE")]
    deny: Vec<String>,
    /// Treat this rule's findings as warnings (repeatable).
    #[arg(long, value_name = "CODE")]
    warn: Vec<String>,
    /// Drop this rule's findings (repeatable).
    #[arg(long, value_name = "CODE")]
    allow: Vec<String>,
    /// Configuration file [default: ./zverify.toml if present].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// JSON limits (`Options::json_max_depth`, `Options::max_descriptors`): past them a document is an
/// error (ZV211, ZV212), never skipped.
#[derive(clap::Args, Clone, Copy)]
struct JsonLimitArgs {
    /// Deepest nesting of arrays and objects read in a JSON document; a deeper one is an error
    /// (ZV211). At most 127, the parser's own ceiling (Go reads up to 10000).
    #[arg(long, default_value_t = Options::default().json_max_depth, value_name = "LEVELS",
          value_parser = clap::value_parser!(u32).range(1..=i64::from(zverify_core::json::PARSER_MAX_DEPTH)))]
    json_max_depth: u32,
    /// Most descriptors read from one index's `manifests` or one manifest's `layers`; more is an
    /// error (ZV212) and the rest are not checked.
    #[arg(long, default_value_t = Options::default().max_descriptors, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..))]
    max_descriptors: u64,
}

impl JsonLimitArgs {
    fn apply(self, opts: Options) -> Options {
        Options { json_max_depth: self.json_max_depth, max_descriptors: self.max_descriptors, ..opts }
    }
}

/// The gate after flags and zverify.toml are merged.
struct Gate {
    overrides: Overrides,
    fail_on: FailOn,
}

impl ReportArgs {
    fn gate(&self) -> Result<Gate, String> {
        let (path, file) = config::load(self.config.as_deref())?;
        let mut overrides = Overrides::new();
        let from_file = [(&file.deny, Level::Error), (&file.warn, Level::Warning), (&file.allow, Level::Allow)];
        for (codes, level) in from_file {
            for c in codes {
                overrides.set(c, level, Source::Config).map_err(|e| match &path {
                    Some(p) => format!("{}: {e}", p.display()),
                    None => e.to_string(),
                })?;
            }
        }
        for (codes, level) in [(&self.deny, Level::Error), (&self.warn, Level::Warning), (&self.allow, Level::Allow)] {
            for c in codes {
                overrides.set(c, level, Source::Flag).map_err(|e| e.to_string())?;
            }
        }
        let fail_on = match (self.fail_on, &file.fail_on) {
            (Some(f), _) => f,
            (None, Some(s)) => FailOn::from_str(s, true).map_err(|_| {
                format!(
                    "{}: fail-on = {s:?}; expected \"error\", \"warning\" or \"never\"",
                    path.as_deref().map(|p| p.display().to_string()).unwrap_or_default()
                )
            })?,
            (None, None) => FailOn::Error,
        };
        Ok(Gate { overrides, fail_on })
    }

    fn format(&self) -> OutFormat {
        self.format.unwrap_or_else(|| {
            if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
                OutFormat::Github
            } else {
                OutFormat::Text
            }
        })
    }
}

/// Limits: each bounds memory or work, and never switches a check off — what a limit keeps zverify
/// from inspecting is an error that names the flag raising it.
#[derive(clap::Args)]
struct LimitArgs {
    /// Largest document kept for inspection (zarf.yaml, index.json, manifests, indexes, configs,
    /// signatures), in bytes. checksums.txt is read line by line, whatever its size.
    #[arg(long, default_value_t = defaults::DOCUMENT_CAP, value_name = "BYTES")]
    document_cap: u64,
    /// Total bytes kept of blobs that may be documents (they start with `{` or `[`).
    #[arg(long, default_value_t = defaults::DOCUMENT_BUDGET, value_name = "BYTES")]
    document_budget: u64,
    /// Total bytes kept of metadata files (zarf.yaml, index.json, oci-layout, signatures); blobs
    /// never use this budget.
    #[arg(long, default_value_t = defaults::METADATA_BUDGET, value_name = "BYTES")]
    metadata_budget: u64,
    /// How deep nested image indexes are followed.
    #[arg(long, default_value_t = defaults::MAX_INDEX_DEPTH, value_name = "N")]
    max_index_depth: u64,
    /// Most data parts a split package may have (at most 999: Zarf's part names have three digits).
    #[arg(long, default_value_t = defaults::MAX_SPLIT_PARTS, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=999))]
    max_split_parts: u64,
}

impl LimitArgs {
    // Other option groups (tar, JSON, zstd limits) fill the rest of `Options` beside these.
    #[allow(clippy::needless_update)]
    fn options(&self, signing_key: Option<zverify_core::zarf::signature::PublicKey>) -> Options {
        Options {
            document_cap: self.document_cap,
            total_document_cap: self.document_budget,
            metadata_budget: self.metadata_budget,
            max_index_depth: self.max_index_depth,
            max_split_parts: self.max_split_parts,
            signing_key,
            ..Options::default()
        }
    }
}

/// Archive limits: past them an entry is an error finding, never silently skipped.
#[derive(clap::Args)]
struct ArchiveLimitArgs {
    /// Most archive entries (files, directories, links…) verified; entries past it are a ZV020
    /// error. Default 100000: packages Zarf builds hold hundreds to a few thousand.
    #[arg(long, default_value_t = zverify_core::DEFAULT_MAX_ENTRIES, value_name = "N")]
    max_entries: u64,
    /// Longest entry name, in bytes; a longer one is a ZV021 error. Default 1024: Zarf's own names
    /// are under 200 bytes (a path component over 255 bytes is always an error: it cannot be extracted).
    #[arg(long, default_value_t = zverify_core::DEFAULT_MAX_NAME_LENGTH, value_name = "BYTES")]
    max_name_length: u64,
}

// Parsed once per run: the size of `Check`'s flags (now with the keyless ones) costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Verify a package: a directory (unpacked Zarf package or bare OCI layout), a .tar or .tar.zst,
    /// or a split package (any of its .partNNN files, or the name they share).
    #[command(after_help = AFTER_HELP)]
    Check {
        /// One or more: directory, .tar or .tar.zst (detected by magic bytes, not by extension), or
        /// a split package: `pkg.tar.zst.part000`, any other part, or `pkg.tar.zst` when only parts exist.
        #[arg(required = true, value_name = "TARGET")]
        targets: Vec<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
        #[command(flatten)]
        limits: LimitArgs,
        /// Largest zstd window a frame may declare, e.g. 512MiB, 1GiB (suffixes KiB, MiB, GiB, or
        /// plain bytes; at most 2GiB). Decompressing a frame costs up to its window in memory. The
        /// default, 512MiB, is what Zarf's own decoder accepts; a frame over the limit is ZV040.
        #[arg(long, default_value = "512MiB", value_name = "SIZE", value_parser = parse_window)]
        zstd_window_max: u64,
        /// Never show a progress bar.
        #[arg(long)]
        no_progress: bool,
        /// Verify the package signature (zarf.yaml.sig, zarf.bundle.sig) with this PEM ECDSA P-256
        /// public key, as `cosign generate-key-pair` writes it. A missing or bad signature is an error.
        #[arg(long, value_name = "cosign.pub")]
        key: Option<PathBuf>,
        /// Say whether this Zarf (e.g. v0.76.0) can deploy the package: a package whose
        /// build.versionRequirements it does not meet is an error (ZV631), with each unmet requirement.
        #[arg(long, value_name = "vX.Y.Z", value_parser = parse_zarf_version)]
        zarf_version: Option<String>,
        #[command(flatten)]
        keyless: verify_bundle::KeylessArgs,
        #[command(flatten)]
        json_limits: JsonLimitArgs,
        #[command(flatten)]
        archive_limits: ArchiveLimitArgs,
        #[command(flatten)]
        read: ReadArgs,
        #[command(flatten)]
        remote: remote::RemoteArgs,
    },
    /// Verify a Sigstore bundle over a file or a `sha256:` digest, with a key or keyless (a Fulcio
    /// certificate: identity, issuer, transparency log, SCTs), offline. Exit 0 verified, 1 not, 2 usage.
    #[command(after_help = verify_bundle::AFTER_HELP)]
    VerifyBundle(verify_bundle::VerifyBundleArgs),
    /// Resolve an image reference on its registry: what it is (index, list, manifest, artifact),
    /// its digest from the bytes served, and an index's children. Exit 2 when the registry cannot
    /// be reached or has no such reference.
    Ref(ref_cmd::RefArgs),
    /// Validate one JSON document: an image index, manifest, config, descriptor or oci-layout.
    Doc {
        /// Document type; detected from mediaType and the fields present when omitted.
        #[arg(long = "type", value_parser = ["index", "manifest", "config", "descriptor", "layout"])]
        kind: Option<String>,
        /// File to read, or - for standard input.
        file: String,
        #[command(flatten)]
        report: ReportArgs,
        #[command(flatten)]
        limits: JsonLimitArgs,
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
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish), generated from these
    /// definitions, e.g. `zverify completions bash > ~/.local/share/bash-completion/completions/zverify`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `zverify man > zverify.1 && man ./zverify.1`; `zverify man
    /// check` prints zverify-check(1); `--dir DIR` writes every page (zverify.1, zverify-check.1, …).
    Man {
        /// The subcommand whose page to print.
        #[arg(value_name = "SUBCOMMAND")]
        subcommand: Option<String>,
        /// Write every page into this directory instead.
        #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
        dir: Option<PathBuf>,
    },
    /// Print a rule's documentation: what it checks, why it matters, an example, the fix.
    Explain {
        /// A rule code or name, as `zverify rules` lists them: ZV308 or ref-pin-mismatch.
        #[arg(value_name = "CODE|NAME")]
        code: String,
    },
}

/// How the input is read.
#[derive(clap::Args)]
struct ReadArgs {
    /// Threads hashing entries at once (default: the cores available). Large entries of an
    /// uncompressed .tar or a directory are read and hashed in parallel, and a .tar.zst is
    /// decompressed on one core while its entries are hashed on the others. 1 reads on one
    /// thread (plus a reader thread), as older versions did. The report is the same for any N.
    #[arg(long, short = 'j', env = "ZVERIFY_JOBS", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: Option<u16>,
    /// The sha256 the archive was published with (64 hex digits, `sha256:` prefix allowed): the
    /// whole archive file (a split package: its data parts joined) is hashed and compared; a
    /// difference is error ZV046. The report shows the archive's digest either way.
    #[arg(long, value_name = "HEX", value_parser = parse_sha256)]
    expect_sha256: Option<String>,
}

impl ReadArgs {
    fn jobs(&self) -> usize {
        self.jobs.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
}

fn parse_zarf_version(s: &str) -> Result<String, String> {
    if zverify_core::zarf::requirements::is_zarf_version(s) {
        Ok(s.to_owned())
    } else {
        Err(zverify_core::Unusable::NotAZarfVersion(s.to_owned()).to_string())
    }
}

fn parse_sha256(s: &str) -> Result<String, String> {
    let hex = s.trim().strip_prefix("sha256:").unwrap_or(s.trim()).to_ascii_lowercase();
    if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hex)
    } else {
        Err(format!("\"{s}\" is not a sha256 digest: expected 64 hex digits, optionally after \"sha256:\""))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Alg {
    Sha256,
    Sha384,
    Sha512,
}

/// mimalloc: verifying a package of many small blobs allocates and frees a few small strings and
/// vectors per entry, on the verifying thread and across the reading threads; glibc's allocator
/// spent ~10% of the instructions there (and musl's, in the static release binary, is slower
/// still). Version 2: measured on 10,000 blobs of 1 KiB, as fast as version 3 with less memory
/// (peak RSS 36 / 30 MiB for the directory / .tar against 42 / 40; glibc: 24 / 23 MiB, 15-20%
/// slower). It backs its pages with transparent huge pages where the kernel offers them: that is
/// most of its speed here (fewer page faults), and why even a tiny package shows ~12 MiB.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        Command::Check {
            targets,
            report,
            limits,
            no_progress,
            key,
            zarf_version,
            keyless,
            json_limits,
            zstd_window_max,
            archive_limits,
            read,
            remote,
        } => {
            let gate = report.gate()?;
            if read.expect_sha256.is_some() && targets.len() > 1 {
                return Err("--expect-sha256 names one archive's digest: give it one target".into());
            }
            let signing_key = match &key {
                Some(path) => {
                    // A public key is a few hundred bytes; read at most 64 KiB of whatever was named.
                    let mut pem = Vec::new();
                    std::fs::File::open(path)
                        .and_then(|f| f.take(64 << 10).read_to_end(&mut pem))
                        .map_err(|e| format!("cannot read key {}: {e}", path.display()))?;
                    let parsed = zverify_core::zarf::signature::PublicKey::from_pem(&pem)
                        .map_err(|e| format!("key {}: {e}", path.display()))?;
                    Some(parsed)
                }
                None => None,
            };
            // Keyless flags without a full identity are a usage error (exit 2), as in cosign.
            let keyless = keyless.policy()?;
            let show = !no_progress && !report.quiet && io::stderr().is_terminal();
            let ro = source::ReadOpts { jobs: read.jobs(), show_progress: show, expect_sha256: read.expect_sha256 };
            let mut reports = Vec::new();
            let mut unusable = false;
            for target in &targets {
                let opts = Options {
                    zstd_window_max,
                    max_entries: archive_limits.max_entries,
                    max_name_length: archive_limits.max_name_length,
                    keyless: keyless.clone(),
                    zarf_version: zarf_version.clone(),
                    ..json_limits.apply(limits.options(signing_key))
                };
                let checked = if remote::is_oci(target) {
                    remote.check_oci(target, opts, show)
                } else {
                    check_one(target, opts, &ro).map(|r| vec![r])
                };
                match checked
                    .and_then(|reps| reps.into_iter().map(|mut r| remote.against(&mut r).map(|()| r)).collect())
                {
                    Ok(reps) => reports.extend::<Vec<Report>>(reps),
                    // One target that cannot be read does not hide the others' results.
                    Err(e) => {
                        eprintln!("zverify: error: {e}");
                        unusable = true;
                    }
                }
            }
            let code = emit(&mut reports, &report, &gate)?;
            Ok(if unusable { 2 } else { code })
        }
        Command::Ref(args) => ref_cmd::run(&args),
        Command::VerifyBundle(args) => verify_bundle::run(&args),
        Command::Doc { kind, file, report, limits } => {
            let gate = report.gate()?;
            let bytes = read_input(&file)?;
            let kind = kind.as_deref().and_then(DocKind::from_name);
            let rep = zverify_core::check_document_with(&bytes, kind, &file, &limits.apply(Options::default()))
                .map_err(|e| match e {
                    // The CLI's own words for naming a kind.
                    zverify_core::DocumentError::UnknownKind { .. } => {
                        format!("{e} (pass --type index|manifest|config|descriptor|layout)")
                    }
                    _ => e.to_string(),
                })?;
            emit(&mut [rep], &report, &gate)
        }
        Command::Digest { algorithm, file } => {
            let alg = match algorithm {
                Alg::Sha256 => Algorithm::Sha256,
                Alg::Sha384 => Algorithm::Sha384,
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
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "zverify", &mut out);
            print_out(&String::from_utf8_lossy(&out));
            Ok(0)
        }
        Command::Man { subcommand, dir } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            if let Some(dir) = dir {
                std::fs::create_dir_all(&dir)
                    .and_then(|()| clap_mangen::generate_to(cmd, &dir))
                    .map_err(|e| format!("cannot write the man pages to {}: {e}", dir.display()))?;
                return Ok(0);
            }
            cmd.build();
            let page = match &subcommand {
                None => cmd,
                Some(name) => cmd.find_subcommand(name).cloned().ok_or_else(|| {
                    let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).collect();
                    format!("no subcommand {name:?}; man pages exist for {}", names.join(", "))
                })?,
            };
            let mut out = Vec::new();
            clap_mangen::Man::new(page).render(&mut out).map_err(|e| format!("cannot render the man page: {e}"))?;
            print_out(&String::from_utf8_lossy(&out));
            Ok(0)
        }
        Command::Explain { code } => match rules::lookup_code_or_name(&code) {
            Some(r) => {
                print_out(&r.markdown());
                Ok(0)
            }
            None => Err(format!(
                "no rule has the code or name {code:?}; `zverify rules` lists them all (e.g. ZV308 or ref-pin-mismatch)"
            )),
        },
    }
}

/// `--zstd-window-max`: bytes, or a number with a KiB/MiB/GiB suffix (K/M/G too), within the
/// windows a zstd frame can declare and libzstd decode (1 KiB ..= 2 GiB).
fn parse_window(s: &str) -> Result<u64, String> {
    use zverify_core::zstd::{size_text, WINDOW_MAX_CEILING, WINDOW_MAX_FLOOR};
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kib" => 10,
        "m" | "mib" => 20,
        "g" | "gib" => 30,
        other => return Err(format!("unknown unit {other:?}: use KiB, MiB, GiB or plain bytes")),
    };
    let n: u64 = num.parse().map_err(|_| format!("{s:?} is not a size (e.g. 512MiB, 1GiB, 1048576)"))?;
    let bytes = n.checked_mul(1 << shift).filter(|b| (WINDOW_MAX_FLOOR..=WINDOW_MAX_CEILING).contains(b));
    bytes.ok_or_else(|| {
        format!(
            "{s} is outside {} ..= {} (libzstd decodes windows up to 2 GiB)",
            size_text(WINDOW_MAX_FLOOR),
            size_text(WINDOW_MAX_CEILING)
        )
    })
}

/// `pkg.tar.zst.part003` → `pkg.tar.zst` (the core's part names); `pkg.tar.zst` (absent, but
/// `.part000` exists) → itself.
fn split_stem(target: &Path) -> Option<PathBuf> {
    let s = target.to_string_lossy();
    if let Some((stem, _)) = zverify_core::zarf::split::part_of(&s) {
        return Some(PathBuf::from(stem));
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

/// Verify one target (directory, archive, or split package). The verdict, or why there is none,
/// is the core session's; this adds the CLI's own advice.
fn check_one(target: &Path, opts: Options, ro: &source::ReadOpts) -> Result<Report, String> {
    let result = if let Some(stem) = split_stem(target) {
        source::check_split(&stem, opts, ro)
    } else {
        let meta = std::fs::metadata(target).map_err(|e| format!("cannot read {}: {e}", target.display()))?;
        if meta.is_dir() {
            if ro.expect_sha256.is_some() {
                return Err(format!("--expect-sha256 checks an archive file; {} is a directory", target.display()));
            }
            source::check_dir(target, opts, ro)
        } else {
            source::check_archive(target, opts, ro)
        }
    };
    result.map_err(|u| match u.hint() {
        Some(zverify_core::session::NotArchiveHint::Json) => format!("{u}: try `zverify doc`"),
        _ => u.to_string(),
    })
}

/// Apply the gate to every report, print them in the chosen format, return the worst exit code.
/// The verdict and exit code of each report are the core's (`Report::apply_gate`), so every format
/// says what the exit code says.
fn emit(reports: &mut [Report], args: &ReportArgs, gate: &Gate) -> Result<u8, String> {
    for r in reports.iter_mut() {
        r.apply_gate(&gate.overrides, gate.fail_on.core());
    }
    let refs: Vec<&Report> = reports.iter().collect();
    let text = || {
        let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let style = zverify_core::render::text::Style { color };
        let mut out: String = refs
            .iter()
            .map(|r| zverify_core::render::text::render(r, &style, args.quiet))
            .collect::<Vec<_>>()
            .join("\n");
        if refs.len() > 1 {
            out.push_str(&zverify_core::render::text::totals(&refs));
        }
        out
    };
    match args.format() {
        OutFormat::Json if refs.len() == 1 => print_out(&format!("{}\n", refs[0].to_json())),
        OutFormat::Json => print_out(&format!("{}\n", serde_json::to_string_pretty(&refs).unwrap_or_default())),
        OutFormat::Text => print_out(&text()),
        OutFormat::Github => {
            print_out(&text());
            let files: Vec<(String, bool)> = refs.iter().map(|r| workspace_file(&r.target)).collect();
            let targets: Vec<render::github::Target> = refs
                .iter()
                .zip(&files)
                .map(|(report, (file, directory))| render::github::Target { report, file, directory: *directory })
                .collect();
            print_out(&render::github::render(&targets));
        }
        OutFormat::Sarif => print_out(&format!("{}\n", render::sarif::render(&refs))),
        OutFormat::Junit => print_out(&render::junit::render(&refs)),
    }
    if let Some(path) = &args.sarif {
        std::fs::write(path, format!("{}\n", render::sarif::render(&refs)))
            .map_err(|e| format!("cannot write SARIF to {}: {e}", path.display()))?;
    }
    Ok(refs.iter().map(|r| r.exit_code()).max().unwrap_or(0))
}

/// A target as a GitHub annotation names it: relative to `$GITHUB_WORKSPACE` (when it is inside),
/// and whether it is a directory (whose findings then annotate the file inside it).
fn workspace_file(target: &str) -> (String, bool) {
    let path = Path::new(target);
    let directory = path.is_dir();
    let workspace = std::env::var_os("GITHUB_WORKSPACE").and_then(|w| std::fs::canonicalize(w).ok());
    let relative = workspace.and_then(|w| {
        let abs = std::fs::canonicalize(path).ok()?;
        abs.strip_prefix(&w).ok().map(|p| p.to_string_lossy().into_owned())
    });
    let file = relative.unwrap_or_else(|| target.trim_start_matches("./").to_owned());
    (file.trim_end_matches('/').to_owned(), directory)
}
