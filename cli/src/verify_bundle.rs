//! `zverify verify-bundle`: one Sigstore bundle over one file or digest, with the engine `check`
//! uses (zverify_core::sigstore), for anyone who would otherwise reach for `cosign verify-blob`.
//! Also the keyless flags `check` shares.

use std::io::Read as _;
use std::path::PathBuf;
use zverify_core::sigstore::{self, Artifact, Policy, PolicyError, PolicyRequest};

/// Keyless (Fulcio certificate) verification: who must have signed, against which trust.
#[derive(clap::Args, Debug, Default, Clone)]
pub struct KeylessArgs {
    /// Keyless: the signer's identity, exactly as the certificate names it (an email, or a URI
    /// such as a GitHub workflow's). Needs --certificate-oidc-issuer[-regexp].
    #[arg(long, value_name = "IDENTITY", conflicts_with = "certificate_identity_regexp")]
    pub certificate_identity: Option<String>,
    /// Keyless: a regular expression the signer's identity must match (unanchored, as cosign's).
    #[arg(long, value_name = "REGEXP")]
    pub certificate_identity_regexp: Option<String>,
    /// Keyless: the OIDC issuer that vouched for the identity (the certificate's Fulcio issuer
    /// extension), e.g. https://token.actions.githubusercontent.com.
    #[arg(long, value_name = "URL", conflicts_with = "certificate_oidc_issuer_regexp")]
    pub certificate_oidc_issuer: Option<String>,
    /// Keyless: a regular expression the OIDC issuer must match (unanchored).
    #[arg(long, value_name = "REGEXP")]
    pub certificate_oidc_issuer_regexp: Option<String>,
    /// Keyless: a Sigstore trusted_root.json (Fulcio CAs, Rekor and CT log keys). Default: the
    /// embedded Sigstore public-good root (see `zverify verify-bundle --help` for its source and date).
    #[arg(long, value_name = "trusted_root.json")]
    pub trusted_root: Option<PathBuf>,
    /// Keyless: do not require or check the transparency log and the certificate's SCTs (Zarf's
    /// default, for air gaps); the certificate must then be valid now. zverify checks them unless
    /// this is given.
    #[arg(long)]
    pub insecure_ignore_tlog: bool,
}

impl KeylessArgs {
    /// What the flags ask, in the core's terms (`root`: the trusted root's bytes, once read).
    fn request<'a>(&'a self, root: Option<&'a [u8]>, now: Option<i64>) -> PolicyRequest<'a> {
        PolicyRequest {
            identity: self.certificate_identity.as_deref(),
            identity_regexp: self.certificate_identity_regexp.as_deref(),
            issuer: self.certificate_oidc_issuer.as_deref(),
            issuer_regexp: self.certificate_oidc_issuer_regexp.as_deref(),
            trusted_root: root,
            insecure_ignore_tlog: self.insecure_ignore_tlog,
            now,
        }
    }

    /// Whether any keyless flag was given.
    fn any(&self) -> bool {
        self.request(self.trusted_root.as_ref().map(|_| &[][..]), None).any()
    }

    /// The policy the flags describe (the core decides what makes one); `None` when no keyless
    /// flag is given. An identity without an issuer (or the reverse), or trust flags without an
    /// identity, is a usage error, as in cosign. The errors name this front end's flags.
    pub fn policy(&self) -> Result<Option<Policy>, String> {
        let root = match &self.trusted_root {
            Some(path) => {
                let mut json = Vec::new();
                std::fs::File::open(path)
                    .and_then(|f| f.take(16 << 20).read_to_end(&mut json))
                    .map_err(|e| format!("cannot read trusted root {}: {e}", path.display()))?;
                Some(json)
            }
            None => None,
        };
        let now = self.insecure_ignore_tlog.then(|| {
            let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            i64::try_from(secs).unwrap_or(i64::MAX)
        });
        let request = self.request(root.as_deref(), now);
        let flag = |issuer: bool| if issuer { "certificate-oidc-issuer" } else { "certificate-identity" };
        request.policy().map_err(|e| match e {
            PolicyError::Missing { issuer } => format!(
                "keyless verification needs --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp] (--{}[-regexp] is missing)",
                flag(issuer)
            ),
            PolicyError::BadRegex { issuer, error } => format!("--{}-regexp: {error}", flag(issuer)),
            PolicyError::TrustedRoot(e) => {
                format!("trusted root {}: {e}", self.trusted_root.as_ref().map(|p| p.display().to_string()).unwrap_or_default())
            }
        })
    }
}

pub const AFTER_HELP: &str = "Exit status: 0 verified, 1 not verified (the reason is printed), 2 usage error.\n\n\
     Without --trusted-root, keyless bundles are checked against the embedded Sigstore public-good \
     trusted_root.json as Zarf embeds it (github.com/zarf-dev/zarf, \
     src/pkg/signing/embedded_trusted_root.json at 97a1b4d0, last changed 2026-05-26: Rekor v1 and \
     v2, Fulcio, CT logs, the timestamp authority). A newer root (later CAs or logs) must be given \
     with --trusted-root.\n\n\
     Examples:\n  zverify verify-bundle --bundle zarf.bundle.sig --certificate-identity me@example.com \
     --certificate-oidc-issuer https://github.com/login/oauth zarf.yaml\n  \
     zverify verify-bundle --bundle b.sigstore.json --key cosign.pub sha256:<64 hex>";

#[derive(clap::Args, Debug)]
pub struct VerifyBundleArgs {
    /// The Sigstore bundle (`zarf.bundle.sig`, `*.sigstore.json`).
    #[arg(long, value_name = "BUNDLE")]
    pub bundle: PathBuf,
    /// Verify with this PEM ECDSA P-256 public key instead of a certificate identity.
    #[arg(long, value_name = "cosign.pub", conflicts_with_all = ["certificate_identity", "certificate_identity_regexp"])]
    pub key: Option<PathBuf>,
    #[command(flatten)]
    pub keyless: KeylessArgs,
    /// The signed file, or its digest as `sha256:<64 hex>`.
    #[arg(value_name = "FILE_OR_DIGEST")]
    pub artifact: String,
}

fn read(path: &std::path::Path, cap: u64, what: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(cap + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {what} {}: {e}", path.display()))?;
    if bytes.len() as u64 > cap {
        return Err(format!("{what} {} is larger than {cap} bytes", path.display()));
    }
    Ok(bytes)
}

/// Exit 0 verified, 1 not (the reason on stderr); `Err` is a usage error (exit 2).
pub fn run(args: &VerifyBundleArgs) -> Result<u8, String> {
    let bundle = read(&args.bundle, 16 << 20, "bundle")?;
    let digest = match args.artifact.strip_prefix("sha256:") {
        Some(hex) => {
            let d = hex::decode(hex).ok().and_then(|d| <[u8; 32]>::try_from(d).ok());
            Some(d.ok_or_else(|| format!("{} is not sha256:<64 hex digits>", args.artifact))?)
        }
        None => None,
    };
    let file = match digest {
        Some(_) => None,
        None => Some(read(std::path::Path::new(&args.artifact), 1 << 40, "file")?),
    };
    if let Some(key_path) = &args.key {
        if args.keyless.any() {
            return Err("--key and the keyless flags exclude each other".into());
        }
        let pem = read(key_path, 64 << 10, "key")?;
        let key =
            zverify_core::zarf::signature::parse_key(&pem).map_err(|e| format!("key {}: {e}", key_path.display()))?;
        let Some(file) = file else { return Err("with --key, give the signed file, not its digest".into()) };
        return Ok(match zverify_core::zarf::signature::verify_bundle(&key, &file, &bundle) {
            zverify_core::zarf::signature::Outcome::Verified => {
                println!("Verified OK: {} with key {}", args.artifact, key_path.display());
                0
            }
            zverify_core::zarf::signature::Outcome::Invalid(why) => {
                eprintln!("zverify: not verified: {why}");
                1
            }
            zverify_core::zarf::signature::Outcome::Keyless => {
                eprintln!("zverify: not verified: the bundle is keyless (a Fulcio certificate): give --certificate-identity and --certificate-oidc-issuer, not --key");
                1
            }
        });
    }
    let policy = args.keyless.policy()?.ok_or(
        "give --key, or --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp] for a keyless bundle",
    )?;
    let artifact = match (&file, digest) {
        (Some(f), _) => Artifact::Bytes(f),
        (None, Some(d)) => Artifact::Sha256(d),
        (None, None) => unreachable!("a file or a digest"),
    };
    match sigstore::verify(&bundle, artifact, &policy) {
        Ok(s) => {
            println!("Verified OK: {}", args.artifact);
            println!("  identity: {}", s.identity);
            println!("  issuer:   {}", s.issuer);
            println!("  signed:   {}", sigstore::time(s.signing_time));
            match &s.log {
                Some((url, index)) => println!("  log:      {url} index {index}"),
                None => println!("  log:      not checked (--insecure-ignore-tlog)"),
            }
            let checks: Vec<&str> = s.checks.iter().map(|c| c.name()).collect();
            println!("  checked:  {}", checks.join(", "));
            Ok(0)
        }
        Err(why) => {
            eprintln!("zverify: not verified: {why}");
            Ok(1)
        }
    }
}
