//! Credentials and authentication challenges.
//!
//! Where credentials come from, first match wins: `--username`/`--password-stdin` (for the
//! registry named on the command line only), then the Docker config (`$DOCKER_CONFIG/config.json`,
//! else `~/.docker/config.json`): `credHelpers[host]`, then `auths[host]`, then `credsStore`. A
//! helper is the program `docker-credential-<name>`, run as `docker-credential-<name> get` with the
//! server on stdin, answering `{"Username": …, "Secret": …}`: the protocol Docker, skopeo, oras
//! and Zarf use. A secret is kept in [`Secret`], whose `Debug` never shows it.

use base64::Engine as _;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Why credentials could not be read. Messages name the file, the host or the helper, never what
/// a config or a helper held (it may be a secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialError {
    /// The Docker config exists but cannot be read.
    ConfigUnreadable { path: PathBuf, reason: String },
    /// The Docker config is not JSON of its shape (serde's position only).
    ConfigInvalid { path: PathBuf, line: usize, column: usize },
    /// An `auths` entry's `auth` is not base64.
    AuthNotBase64 { host: String },
    /// An `auths` entry's `auth` decodes to bytes that are not UTF-8.
    AuthNotUtf8 { host: String },
    /// An `auths` entry's `auth` has no `:` between user and password.
    AuthNotUserPassword { host: String },
    /// A `credHelpers`/`credsStore` name that is not a program name (it would be run).
    HelperName { helper: String },
    /// `docker-credential-<helper>` could not be started or waited for.
    HelperCannotRun { program: String, reason: String },
    /// The helper failed (other than "not found").
    HelperFailed { program: String, server: String, status: String },
    /// The helper's answer is not its JSON.
    HelperAnswerInvalid { program: String },
}

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialError::ConfigUnreadable { path, reason } => write!(f, "cannot read {}: {reason}", path.display()),
            CredentialError::ConfigInvalid { path, line, column } => {
                write!(f, "{} is not a valid Docker config (line {line}, column {column})", path.display())
            }
            CredentialError::AuthNotBase64 { host } => {
                write!(f, "the Docker config's \"auth\" for {host} is not base64")
            }
            CredentialError::AuthNotUtf8 { host } => write!(f, "the Docker config's \"auth\" for {host} is not UTF-8"),
            CredentialError::AuthNotUserPassword { host } => {
                write!(f, "the Docker config's \"auth\" for {host} is not user:password")
            }
            CredentialError::HelperName { helper } => {
                write!(f, "credential helper name {helper:?} is not a program name")
            }
            CredentialError::HelperCannotRun { program, reason } => {
                write!(f, "cannot run credential helper {program}: {reason}")
            }
            CredentialError::HelperFailed { program, server, status } => {
                write!(f, "credential helper {program} failed for {server} ({status})")
            }
            CredentialError::HelperAnswerInvalid { program } => {
                write!(f, "credential helper {program} answered something that is not its JSON")
            }
        }
    }
}

impl std::error::Error for CredentialError {}

/// A password or token. `Debug` and `Display` print `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A user name and its secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Login {
    pub username: String,
    pub secret: Secret,
}

impl Login {
    /// `Basic base64(user:secret)`.
    pub fn basic_header(&self) -> String {
        let raw = format!("{}:{}", self.username, self.secret.expose());
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw))
    }
}

/// Where to find credentials for a registry host.
#[derive(Clone, Debug, Default)]
pub struct Credentials {
    /// `--username`/`--password-stdin`, for this host only.
    explicit: Option<(String, Login)>,
    /// The Docker config, when one exists.
    config: Option<DockerConfig>,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
struct DockerConfig {
    #[serde(default)]
    auths: BTreeMap<String, AuthEntry>,
    #[serde(default, rename = "credHelpers")]
    cred_helpers: BTreeMap<String, String>,
    #[serde(default, rename = "credsStore")]
    creds_store: Option<String>,
}

#[derive(Clone, Default, serde::Deserialize)]
struct AuthEntry {
    #[serde(default)]
    auth: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<String>,
}

impl fmt::Debug for AuthEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthEntry(<redacted>)")
    }
}

impl Credentials {
    /// No credentials at all (anonymous).
    pub fn none() -> Credentials {
        Credentials::default()
    }

    /// Read the Docker config (`$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`); a
    /// missing file means none. An unreadable or invalid one is an error (as Docker treats it).
    pub fn from_docker_config() -> Result<Credentials, CredentialError> {
        let dir = match std::env::var_os("DOCKER_CONFIG") {
            Some(d) => Some(PathBuf::from(d)),
            None => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".docker")),
        };
        let Some(path) = dir.map(|d| d.join("config.json")) else { return Ok(Credentials::default()) };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Credentials::default()),
            Err(e) => return Err(CredentialError::ConfigUnreadable { path, reason: e.to_string() }),
        };
        // The message names the file and serde's position, never the content (it holds secrets).
        let config: DockerConfig = serde_json::from_slice(&bytes).map_err(|e| CredentialError::ConfigInvalid {
            path: path.clone(),
            line: e.line(),
            column: e.column(),
        })?;
        Ok(Credentials { explicit: None, config: Some(config) })
    }

    /// Use `login` for `host` (and for no other host), before anything in the Docker config.
    pub fn with_login(mut self, host: &str, login: Login) -> Credentials {
        self.explicit = Some((host.to_owned(), login));
        self
    }

    /// The login for a registry host (as contacted: `registry-1.docker.io` for Docker Hub), if any.
    pub fn lookup(&self, host: &str) -> Result<Option<Login>, CredentialError> {
        if let Some((h, login)) = &self.explicit {
            if same_host(h, host) {
                return Ok(Some(login.clone()));
            }
        }
        let Some(config) = &self.config else { return Ok(None) };
        let keys = config_keys(host);
        for k in &keys {
            if let Some(helper) = config.cred_helpers.get(k) {
                return run_helper(helper, &server_url(host));
            }
        }
        for (key, entry) in &config.auths {
            if keys.iter().any(|k| k == &normalize_key(key)) {
                if let Some(login) = entry.login(host)? {
                    return Ok(Some(login));
                }
            }
        }
        match &config.creds_store {
            Some(store) if !store.is_empty() => run_helper(store, &server_url(host)),
            _ => Ok(None),
        }
    }
}

impl AuthEntry {
    fn login(&self, host: &str) -> Result<Option<Login>, CredentialError> {
        if let Some(auth) = self.auth.as_deref().filter(|a| !a.is_empty()) {
            let raw = base64::engine::general_purpose::STANDARD
                .decode(auth.trim())
                .map_err(|_| CredentialError::AuthNotBase64 { host: host.to_owned() })?;
            let text = String::from_utf8(raw).map_err(|_| CredentialError::AuthNotUtf8 { host: host.to_owned() })?;
            let (u, p) =
                text.split_once(':').ok_or_else(|| CredentialError::AuthNotUserPassword { host: host.to_owned() })?;
            return Ok(Some(Login { username: u.to_owned(), secret: Secret::new(p) }));
        }
        match (&self.username, &self.password) {
            (Some(u), Some(p)) => Ok(Some(Login { username: u.clone(), secret: Secret::new(p.clone()) })),
            _ => Ok(None),
        }
    }
}

fn same_host(a: &str, b: &str) -> bool {
    crate::target::registry_host(a) == crate::target::registry_host(b)
}

/// `https://host/v1/` → `host`.
fn normalize_key(key: &str) -> String {
    let k = key.strip_prefix("https://").or_else(|| key.strip_prefix("http://")).unwrap_or(key);
    k.split('/').next().unwrap_or(k).to_owned()
}

/// The keys a host may be stored under (Docker Hub has several names).
fn config_keys(host: &str) -> Vec<String> {
    if host == crate::target::DOCKER_HUB_API || host == "docker.io" || host == "index.docker.io" {
        vec!["index.docker.io".into(), "docker.io".into(), crate::target::DOCKER_HUB_API.into()]
    } else {
        vec![host.to_owned()]
    }
}

/// What a credential helper is asked for: Docker Hub as `https://index.docker.io/v1/`.
fn server_url(host: &str) -> String {
    if config_keys(host).len() > 1 {
        "https://index.docker.io/v1/".to_owned()
    } else {
        host.to_owned()
    }
}

/// `docker-credential-<helper> get`, server on stdin. "Not found" (exit non-zero with that in
/// its output) is no credentials; any other failure is an error naming the helper, never what it
/// printed on stdout (that could be a secret).
fn run_helper(helper: &str, server: &str) -> Result<Option<Login>, CredentialError> {
    if helper.is_empty() || !helper.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) {
        return Err(CredentialError::HelperName { helper: helper.to_owned() });
    }
    let program = format!("docker-credential-{helper}");
    let mut child = Command::new(&program)
        .arg("get")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| CredentialError::HelperCannotRun { program: program.clone(), reason: e.to_string() })?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(server.as_bytes());
    }
    let out = child
        .wait_with_output()
        .map_err(|e| CredentialError::HelperCannotRun { program: program.clone(), reason: e.to_string() })?;
    if !out.status.success() {
        let said =
            String::from_utf8_lossy(&out.stdout).to_lowercase() + &String::from_utf8_lossy(&out.stderr).to_lowercase();
        if said.contains("not found") {
            return Ok(None);
        }
        return Err(CredentialError::HelperFailed {
            program,
            server: server.to_owned(),
            status: out.status.to_string(),
        });
    }
    #[derive(serde::Deserialize)]
    struct Answer {
        #[serde(rename = "Username", default)]
        username: String,
        #[serde(rename = "Secret", default)]
        secret: String,
    }
    let a: Answer = serde_json::from_slice(&out.stdout)
        .map_err(|_| CredentialError::HelperAnswerInvalid { program: program.clone() })?;
    if a.secret.is_empty() {
        return Ok(None);
    }
    Ok(Some(Login { username: a.username, secret: Secret::new(a.secret) }))
}

/// A `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// Lowercased: `bearer`, `basic`.
    pub scheme: String,
    pub params: BTreeMap<String, String>,
}

impl Challenge {
    /// Scopes: the `scope` parameter may hold several, separated by spaces.
    pub fn scopes(&self) -> Vec<String> {
        self.params
            .get("scope")
            .map(|s| s.split(' ').filter(|x| !x.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default()
    }
}

/// Parse a `WWW-Authenticate` value with `http-auth`'s RFC 7235 parser (quoted values may hold
/// commas, spaces and escapes; one header may list several challenges). The challenge answered is
/// the first Bearer one, else the first Basic one, else the first of any scheme (refused later as
/// unsupported). `None` when the value does not parse or lists nothing.
pub fn parse_challenge(header: &str) -> Option<Challenge> {
    let challenges = http_auth::parse_challenges(header).ok()?;
    let pick = |scheme: &str| challenges.iter().find(|c| c.scheme.eq_ignore_ascii_case(scheme));
    let chosen = pick("bearer").or_else(|| pick("basic")).or_else(|| challenges.first())?;
    let params = chosen.params.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.to_unescaped())).collect();
    Some(Challenge { scheme: chosen.scheme.to_ascii_lowercase(), params })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges() {
        let c = parse_challenge(
            r#"Bearer realm="http://127.0.0.1:9/token",service="reg, one",scope="repository:a/b:pull repository:c:pull,push""#,
        )
        .unwrap();
        assert_eq!(c.scheme, "bearer");
        assert_eq!(c.params["realm"], "http://127.0.0.1:9/token");
        assert_eq!(c.params["service"], "reg, one");
        assert_eq!(c.scopes(), ["repository:a/b:pull", "repository:c:pull,push"]);
        let c = parse_challenge(r#"Basic realm="Registry Realm""#).unwrap();
        assert_eq!((c.scheme.as_str(), c.params["realm"].as_str()), ("basic", "Registry Realm"));
        // Escapes inside a quoted-string, case-insensitive names, unquoted tokens.
        let c = parse_challenge(r#"BEARER Realm="http://h/t?a=\"b\"",Service=reg"#).unwrap();
        assert_eq!((c.scheme.as_str(), c.params["realm"].as_str()), ("bearer", r#"http://h/t?a="b""#));
        assert_eq!(c.params["service"], "reg");
        // Several challenges in one header: Bearer is answered even when listed second.
        let c = parse_challenge(r#"Basic realm="x", Bearer realm="https://auth.example/token",service="s""#).unwrap();
        assert_eq!((c.scheme.as_str(), c.params["realm"].as_str()), ("bearer", "https://auth.example/token"));
        // Not a challenge list: an unterminated quoted-string, a lone comma, nothing.
        for bad in [r#"Bearer realm="http://h/t"#, ",", "", "Bearer realm=\"a\" junk"] {
            assert_eq!(parse_challenge(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn secrets_never_show() {
        let login = Login { username: "u".into(), secret: Secret::new("hunter2") };
        let creds = Credentials::none().with_login("h:1", login.clone());
        assert!(!format!("{creds:?} {login:?}").contains("hunter2"));
        assert_eq!(login.basic_header(), "Basic dTpodW50ZXIy");
    }

    #[test]
    fn docker_config_auths() {
        let cfg: DockerConfig = serde_json::from_str(
            r#"{"auths":{"https://index.docker.io/v1/":{"auth":"dTpw"},"127.0.0.1:5000":{"auth":"YTpi"}}}"#,
        )
        .unwrap();
        let creds = Credentials { explicit: None, config: Some(cfg) };
        let hub = creds.lookup("registry-1.docker.io").unwrap().unwrap();
        assert_eq!((hub.username.as_str(), hub.secret.expose()), ("u", "p"));
        let local = creds.lookup("127.0.0.1:5000").unwrap().unwrap();
        assert_eq!((local.username.as_str(), local.secret.expose()), ("a", "b"));
        assert!(creds.lookup("127.0.0.1:5001").unwrap().is_none());
        assert!(!format!("{creds:?}").contains("dTpw"));
        // A broken entry is a typed error naming the host, never the secret.
        let cfg: DockerConfig = serde_json::from_str(r#"{"auths":{"h:1":{"auth":"bm9jb2xvbg=="}}}"#).unwrap();
        let creds = Credentials { explicit: None, config: Some(cfg) };
        let err = creds.lookup("h:1").unwrap_err();
        assert_eq!(err, CredentialError::AuthNotUserPassword { host: "h:1".into() });
        assert!(!err.to_string().contains("nocolon"));
        let cfg: DockerConfig = serde_json::from_str(r#"{"credsStore":"../evil"}"#).unwrap();
        let creds = Credentials { explicit: None, config: Some(cfg) };
        assert!(matches!(creds.lookup("h:1"), Err(CredentialError::HelperName { .. })));
    }
}
