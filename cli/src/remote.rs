//! Registry flags shared by `zverify ref` and `zverify check` (oci:// targets, --against-registry),
//! and the glue between `check` and the registry modules.

use crate::{against, oci_check};
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;
use zverify_core::{Options, Report};
use zverify_registry::auth::{Login, Secret};
use zverify_registry::{Client, ClientOptions, Credentials};

/// How to talk to registries.
#[derive(clap::Args, Clone, Debug)]
pub struct RegistryArgs {
    /// Use plain HTTP (no TLS) for the registry. Loopback hosts (localhost, 127.0.0.1, [::1]) use
    /// plain HTTP without this flag, as docker and skopeo do.
    #[arg(long)]
    pub plain_http: bool,
    /// Accept any TLS certificate from the registry (self-signed test registries only).
    #[arg(long)]
    pub insecure: bool,
    /// Largest manifest or index body read from a registry, in bytes.
    #[arg(long, default_value_t = zverify_registry::DEFAULT_MAX_MANIFEST_BYTES, value_name = "BYTES")]
    pub max_manifest_bytes: u64,
    /// User name for the registry named on the command line (with --password-stdin). Without it,
    /// credentials come from ~/.docker/config.json (auths, credHelpers, credsStore).
    #[arg(long, requires = "password_stdin")]
    pub username: Option<String>,
    /// Read the password (or token) for --username from standard input.
    #[arg(long, requires = "username")]
    pub password_stdin: bool,
    /// Retries after a 429, a 5xx or a failed connection (with exponential backoff).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub retries: u32,
    /// Seconds to wait for a connection or a response before it counts as failed.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub timeout: u64,
}

impl RegistryArgs {
    /// A client; `--username` applies to `login_host` only.
    pub fn client(&self, login_host: Option<&str>) -> Result<Client, String> {
        let mut credentials = Credentials::from_docker_config().map_err(|e| e.to_string())?;
        if let Some(user) = &self.username {
            // Read once, whatever the number of targets.
            static PASSWORD: OnceLock<Result<String, String>> = OnceLock::new();
            let password = PASSWORD
                .get_or_init(|| {
                    let mut password = String::new();
                    std::io::stdin()
                        .take(64 << 10)
                        .read_to_string(&mut password)
                        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
                    Ok(password.trim_end_matches(['\n', '\r']).to_owned())
                })
                .clone()?;
            let Some(host) = login_host else {
                return Err("--username applies to one registry: use it with an oci:// target, `zverify ref`, or --against-registry=HOST (other registries' credentials come from ~/.docker/config.json)".into());
            };
            credentials = credentials.with_login(host, Login { username: user.clone(), secret: Secret::new(password) });
        }
        Ok(Client::new(ClientOptions {
            plain_http: self.plain_http,
            insecure: self.insecure,
            max_manifest_bytes: self.max_manifest_bytes,
            timeout: std::time::Duration::from_secs(self.timeout.max(1)),
            retries: self.retries,
            credentials,
            ..ClientOptions::default()
        }))
    }
}

/// `check`'s registry options.
#[derive(clap::Args, Clone, Debug)]
pub struct RemoteArgs {
    /// For oci:// targets: check only this architecture of a published package (default: all).
    #[arg(long, value_name = "ARCH")]
    pub arch: Option<String>,
    /// Ask registries about each image of the package: the registry in its reference (without a
    /// value), or every image's repository on HOST (=HOST[:PORT]: a mirror or the registry a
    /// package was deployed to), which must serve every stored manifest and index child.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "", value_name = "HOST[:PORT]")]
    pub against_registry: Option<String>,
    #[command(flatten)]
    pub registry: RegistryArgs,
}

pub fn is_oci(target: &Path) -> bool {
    target.to_string_lossy().starts_with("oci://")
}

impl RemoteArgs {
    fn mirror(&self) -> Option<&str> {
        self.against_registry.as_deref().filter(|h| !h.is_empty())
    }

    /// Check a published package (`oci://…`): one report per architecture checked.
    pub fn check_oci(&self, target: &Path, opts: Options, show: bool) -> Result<Vec<Report>, String> {
        let target = target.to_string_lossy();
        let parsed = zverify_registry::Target::parse(&target).map_err(|e| format!("{target}: {e}"))?;
        let client = self.registry.client(Some(self.mirror().unwrap_or(&parsed.registry)))?;
        oci_check::check(&client, &parsed, self.arch.as_deref(), opts, show)
    }

    /// With --against-registry: add what the registries say to a package's report.
    pub fn against(&self, report: &mut Report) -> Result<(), String> {
        let Some(host) = &self.against_registry else { return Ok(()) };
        let mirror = (!host.is_empty()).then_some(host.as_str());
        let client = self.registry.client(mirror)?;
        against::apply(report, &client, mirror);
        Ok(())
    }
}
