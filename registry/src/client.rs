//! The HTTP client: manifests, blobs, the auth handshake, redirects and retries.

use crate::auth::{parse_challenge, CredentialError, Credentials};
use crate::target::{is_loopback, Target};
use crate::{DEFAULT_MAX_MANIFEST_BYTES, MANIFEST_TYPES};
use std::collections::HashMap;
use std::fmt;
use std::io::{self, Read};
use std::sync::Mutex;
use std::time::Duration;
use ureq::http::Response;
use ureq::Body;
use url::Url;
use zverify_core::digest::digest_bytes;
use zverify_core::{Algorithm, Digest};

/// How the client behaves. [`ClientOptions::default`] is what the CLI uses without flags.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Plain HTTP for every registry (loopback hosts use it without this).
    pub plain_http: bool,
    /// Accept any TLS certificate (`--insecure`).
    pub insecure: bool,
    /// Largest manifest body read (`--max-manifest-bytes`).
    pub max_manifest_bytes: u64,
    /// Connecting, and waiting for a response's headers.
    pub timeout: Duration,
    /// Retries after the first attempt, on 429, 5xx and connection failures.
    pub retries: u32,
    /// First backoff; it doubles on each retry (a `Retry-After` of up to 30 s is honoured).
    pub backoff: Duration,
    pub credentials: Credentials,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            plain_http: false,
            insecure: false,
            max_manifest_bytes: DEFAULT_MAX_MANIFEST_BYTES,
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
            credentials: Credentials::none(),
        }
    }
}

/// Why a request failed. Messages name the registry, the repository and the HTTP status; never a
/// credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The registry could not be reached (after the retries); `detail` is the transport's words.
    Unreachable { registry: String, at: Reach, detail: String },
    /// The registry refused the credentials, or asked for some and there were none.
    Unauthorized { registry: String, repository: String, status: u16, reason: AuthFailure },
    /// 404: the manifest, blob or repository is not there.
    NotFound { registry: String, repository: String, what: String, code: Option<String> },
    /// Any other failing status.
    Status { registry: String, repository: String, what: String, status: u16, detail: String },
    /// A manifest over the cap.
    TooLarge { registry: String, repository: String, what: String, cap: u64, size: Option<u64> },
    /// A body asked for by digest does not hash to it.
    DigestMismatch { registry: String, repository: String, what: String, expected: String, computed: String },
    /// A manifest asked for by a digest whose algorithm zverify does not compute (grammatical,
    /// but not sha256/sha384/sha512): its bytes cannot be checked, so they are not fetched.
    UnverifiableDigest { registry: String, repository: String, digest: String },
    /// The registry or its token service answered something that is not the protocol.
    Protocol { registry: String, fault: ProtocolFault },
}

/// Which connection failed (an [`Error::Unreachable`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// A request to the registry.
    Registry,
    /// The connection dropped while a body was being read.
    ReadingBody { what: String },
    /// A request to the token service (its origin).
    TokenService { service: String },
}

/// Why access was refused (an [`Error::Unauthorized`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthFailure {
    /// The registry answered 401/403; `summary` is its error body in plain words, if it sent one.
    Refused { summary: Option<String> },
    /// A 401 without a `WWW-Authenticate` challenge that parses.
    NoChallenge,
    /// A Basic challenge, and no credentials for the registry.
    NoCredentials,
    /// A challenge of a scheme zverify does not answer (lowercased).
    UnsupportedScheme { scheme: String },
    /// The token service did not give a token for these scopes.
    TokenRefused { service: String, scopes: Vec<String> },
    /// The credentials for the registry could not be read.
    Credentials(Box<CredentialError>),
}

impl fmt::Display for AuthFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthFailure::Refused { summary: Some(s) } => f.write_str(s),
            AuthFailure::Refused { summary: None } => f.write_str("authentication failed"),
            AuthFailure::NoChallenge => {
                f.write_str("the registry asks for authentication but sent no usable WWW-Authenticate challenge")
            }
            AuthFailure::NoCredentials => f.write_str(
                "basic authentication required and no credentials were found (--username/--password-stdin or ~/.docker/config.json)",
            ),
            AuthFailure::UnsupportedScheme { scheme } => write!(f, "unsupported authentication scheme {scheme:?}"),
            AuthFailure::TokenRefused { service, scopes } => {
                write!(f, "the token service {service} refused a token for {}", scopes.join(" "))
            }
            AuthFailure::Credentials(e) => e.fmt(f),
        }
    }
}

/// How a registry or its token service broke the protocol (an [`Error::Protocol`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolFault {
    /// More than [`MAX_REDIRECTS`] redirects.
    TooManyRedirects { what: String },
    /// A redirect whose `Location` does not resolve to an http(s) URL.
    BadRedirect { what: String },
    /// The request URL could not be formed.
    BadUrl { path: String, reason: String },
    /// A Bearer challenge without an http(s) `realm`.
    NoRealm,
    /// The token service's answer is not JSON.
    TokenNotJson,
    /// The token service's JSON holds no usable token.
    NoUsableToken,
}

impl fmt::Display for ProtocolFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolFault::TooManyRedirects { what } => write!(f, "more than {MAX_REDIRECTS} redirects for {what}"),
            ProtocolFault::BadRedirect { what } => {
                write!(f, "a redirect for {what} to a Location that is not an http(s) URL")
            }
            ProtocolFault::BadUrl { path, reason } => write!(f, "cannot form a URL for {path}: {reason}"),
            ProtocolFault::NoRealm => f.write_str("the bearer challenge has no http(s) realm"),
            ProtocolFault::TokenNotJson => f.write_str("the token service answered something that is not JSON"),
            ProtocolFault::NoUsableToken => f.write_str("the token service's answer holds no usable token"),
        }
    }
}

/// Redirects followed for one request.
pub const MAX_REDIRECTS: u32 = 10;

impl Error {
    /// The bytes served are wrong (a content finding, exit 1), rather than "could not fetch" (exit 2).
    pub fn is_content(&self) -> bool {
        matches!(self, Error::DigestMismatch { .. })
    }
    /// Not found (the registry answered: it does not hold it).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound { .. })
    }
    /// Could not connect, authenticate or get a protocol answer: the registry's state is unknown.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, Error::Unreachable { .. } | Error::Unauthorized { .. } | Error::Protocol { .. })
    }
    pub fn registry(&self) -> &str {
        match self {
            Error::Unreachable { registry, .. }
            | Error::Unauthorized { registry, .. }
            | Error::NotFound { registry, .. }
            | Error::Status { registry, .. }
            | Error::TooLarge { registry, .. }
            | Error::DigestMismatch { registry, .. }
            | Error::UnverifiableDigest { registry, .. }
            | Error::Protocol { registry, .. } => registry,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unreachable { registry, at: Reach::Registry, detail } => {
                write!(f, "cannot reach registry {registry}: {detail}")
            }
            Error::Unreachable { registry, at: Reach::ReadingBody { what }, detail } => {
                write!(f, "cannot reach registry {registry}: connection lost while reading {what}: {detail}")
            }
            Error::Unreachable { registry, at: Reach::TokenService { service }, detail } => {
                write!(f, "cannot reach registry {registry}: token service {service}: {detail}")
            }
            Error::Unauthorized { registry, repository, status, reason } => write!(
                f,
                "registry {registry} refused access to repository {repository} (HTTP {status}): {reason}"
            ),
            Error::NotFound { registry, repository, what, code } => {
                write!(f, "registry {registry} has no {what} in repository {repository} (HTTP 404")?;
                match code {
                    Some(c) => write!(f, " {c})"),
                    None => f.write_str(")"),
                }
            }
            Error::Status { registry, repository, what, status, detail } => write!(
                f,
                "registry {registry} answered HTTP {status} for {what} in repository {repository}{}{detail}",
                if detail.is_empty() { "" } else { ": " }
            ),
            Error::TooLarge { registry, repository, what, cap, size } => {
                write!(f, "registry {registry}: {what} in repository {repository} is larger than the {cap}-byte manifest cap")?;
                if let Some(s) = size {
                    write!(f, " ({s} bytes)")?;
                }
                f.write_str("; raise it with --max-manifest-bytes if this is expected")
            }
            Error::DigestMismatch { registry, repository, what, expected, computed } => write!(
                f,
                "registry {registry} served {what} in repository {repository} with bytes that hash to {computed}, not {expected}"
            ),
            Error::UnverifiableDigest { registry, repository, digest } => write!(
                f,
                "cannot check manifest {digest} in repository {repository} on registry {registry}: its digest algorithm is not one zverify computes (sha256, sha384, sha512)"
            ),
            Error::Protocol { registry, fault } => write!(f, "registry {registry}: {fault}"),
        }
    }
}

impl std::error::Error for Error {}

/// A manifest (or index) as served: the raw bytes are the authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub bytes: Vec<u8>,
    /// sha256 of `bytes`, computed here (the name a manifest goes by when nothing else pins it).
    pub digest: Digest,
    /// `Content-Type` as sent.
    pub content_type: Option<String>,
    /// `Docker-Content-Digest` as sent.
    pub header_digest: Option<String>,
}

impl Manifest {
    /// Whether `Docker-Content-Digest` agrees with the body (`None` when it was not sent). The
    /// header is compared in its own algorithm; one that is not a digest zverify computes does not
    /// agree.
    pub fn header_agrees(&self) -> Option<bool> {
        self.header_digest.as_deref().map(|h| self.hashes_to(h))
    }

    /// Whether the bytes hash to `digest` (`alg:hex`), computed with `digest`'s own algorithm. A
    /// string that is not a digest, or names an algorithm zverify does not compute, does not match.
    pub fn hashes_to(&self, digest: &str) -> bool {
        match Digest::parse(digest) {
            Ok(d) => d.algorithm().is_some_and(|a| digest_bytes(a, &self.bytes) == d),
            Err(_) => false,
        }
    }
}

/// What a HEAD on a manifest says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headed {
    pub header_digest: Option<String>,
    pub size: Option<u64>,
    pub content_type: Option<String>,
}

/// A blob being streamed. Read it to the end; its length is what the registry declared.
pub struct Blob {
    reader: ureq::BodyReader<'static>,
    pub content_length: Option<u64>,
}

impl Read for Blob {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader.read(buf)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Head,
}

pub struct Client {
    agent: ureq::Agent,
    opts: ClientOptions,
    /// `Authorization` value per registry host, once a challenge was answered.
    auth: Mutex<HashMap<String, String>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("opts", &self.opts).finish_non_exhaustive()
    }
}

const USER_AGENT: &str = concat!("zverify/", env!("CARGO_PKG_VERSION"));

impl Client {
    pub fn new(opts: ClientOptions) -> Client {
        let tls = ureq::tls::TlsConfig::builder().disable_verification(opts.insecure).build();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // Redirects are followed by hand (`send`), so that Authorization stays on its origin.
            .max_redirects(0)
            .user_agent(USER_AGENT)
            .tls_config(tls)
            .timeout_connect(Some(opts.timeout))
            .timeout_recv_response(Some(opts.timeout))
            .timeout_per_read(Some(Duration::from_secs(60)))
            .build();
        Client { agent: config.into(), opts, auth: Mutex::new(HashMap::new()) }
    }

    pub fn options(&self) -> &ClientOptions {
        &self.opts
    }

    /// The URL of `path` on a registry. `registry` and `path` come from a parsed [`Target`] (host,
    /// repository, tag or digest grammars), so this parses; a failure is an error all the same.
    fn endpoint(&self, registry: &str, path: &str) -> Result<Url, Error> {
        let scheme = if self.opts.plain_http || is_loopback(registry) { "http" } else { "https" };
        Url::parse(&format!("{scheme}://{registry}{path}")).map_err(|e| Error::Protocol {
            registry: registry.to_owned(),
            fault: ProtocolFault::BadUrl { path: path.to_owned(), reason: e.to_string() },
        })
    }

    /// GET a manifest by tag or digest. By digest, the body must hash to it.
    pub fn get_manifest(&self, target: &Target, reference: &str) -> Result<Manifest, Error> {
        let what = manifest_what(reference);
        let pinned = self.pinned(target, reference)?;
        let path = format!("/v2/{}/manifests/{reference}", target.repository);
        let resp = self.send(Method::Get, target, &path, Some(&MANIFEST_TYPES.join(", ")), &what)?;
        let resp = self.expect_ok(target, resp, &what)?;
        let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let content_type = header("content-type");
        let header_digest = header("docker-content-digest");
        let cap = self.opts.max_manifest_bytes;
        let too_large = |size| Error::TooLarge {
            registry: target.registry.clone(),
            repository: target.repository.clone(),
            what: what.clone(),
            cap,
            size,
        };
        let declared = header("content-length").and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > cap) {
            return Err(too_large(declared));
        }
        let mut bytes = Vec::new();
        resp.into_body().into_reader().take(cap + 1).read_to_end(&mut bytes).map_err(|e| Error::Unreachable {
            registry: target.registry.clone(),
            at: Reach::ReadingBody { what: what.clone() },
            detail: e.to_string(),
        })?;
        if bytes.len() as u64 > cap {
            return Err(too_large(None));
        }
        if let Some((algorithm, pinned)) = &pinned {
            // Hashed with the reference's own algorithm: a `sha512:` pin is checked as sha512.
            let computed = digest_bytes(*algorithm, &bytes);
            if computed != *pinned {
                return Err(Error::DigestMismatch {
                    registry: target.registry.clone(),
                    repository: target.repository.clone(),
                    what,
                    expected: pinned.to_string(),
                    computed: computed.to_string(),
                });
            }
        }
        let digest = digest_bytes(Algorithm::Sha256, &bytes);
        Ok(Manifest { bytes, digest, content_type, header_digest })
    }

    /// A reference holding a `:` is a digest (a tag cannot hold one): parsed with the core's
    /// grammar, with the algorithm its bytes must be hashed with. Fails closed on a digest that
    /// cannot be checked, before any request.
    fn pinned(&self, target: &Target, reference: &str) -> Result<Option<(Algorithm, Digest)>, Error> {
        if !reference.contains(':') {
            return Ok(None);
        }
        let unverifiable = || Error::UnverifiableDigest {
            registry: target.registry.clone(),
            repository: target.repository.clone(),
            digest: reference.to_owned(),
        };
        let digest = Digest::parse(reference).map_err(|_| unverifiable())?;
        let algorithm = digest.algorithm().ok_or_else(unverifiable)?;
        Ok(Some((algorithm, digest)))
    }

    /// HEAD a manifest: `Ok(None)` when the registry does not hold it (404).
    pub fn head_manifest(&self, target: &Target, reference: &str) -> Result<Option<Headed>, Error> {
        let what = manifest_what(reference);
        let path = format!("/v2/{}/manifests/{reference}", target.repository);
        let resp = self.send(Method::Head, target, &path, Some(&MANIFEST_TYPES.join(", ")), &what)?;
        if resp.status().as_u16() == 404 {
            return Ok(None);
        }
        let resp = self.expect_ok(target, resp, &what)?;
        let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Ok(Some(Headed {
            header_digest: header("docker-content-digest"),
            size: header("content-length").and_then(|v| v.parse().ok()),
            content_type: header("content-type"),
        }))
    }

    /// Start streaming a blob (following a redirect to storage elsewhere, without credentials).
    pub fn get_blob(&self, target: &Target, digest: &str) -> Result<Blob, Error> {
        let what = format!("blob {digest}");
        let path = format!("/v2/{}/blobs/{digest}", target.repository);
        let resp = self.send(Method::Get, target, &path, None, &what)?;
        let resp = self.expect_ok(target, resp, &what)?;
        let content_length =
            resp.headers().get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
        Ok(Blob { reader: resp.into_body().into_reader(), content_length })
    }

    /// A 2xx response, or the error its status means (with the registry's error code, typed).
    fn expect_ok(&self, target: &Target, resp: Response<Body>, what: &str) -> Result<Response<Body>, Error> {
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(resp);
        }
        let registry = target.registry.clone();
        let repository = target.repository.clone();
        let mut body = Vec::new();
        let _ = resp.into_body().into_reader().take(64 << 10).read_to_end(&mut body);
        let detail = crate::doc::error_summary(&body);
        Err(match status {
            401 | 403 => {
                Error::Unauthorized { registry, repository, status, reason: AuthFailure::Refused { summary: detail } }
            }
            404 => Error::NotFound { registry, repository, what: what.to_owned(), code: detail },
            _ => Error::Status {
                registry,
                repository,
                what: what.to_owned(),
                status,
                detail: detail.unwrap_or_default(),
            },
        })
    }

    fn auth_header(&self, registry: &str) -> Option<String> {
        self.auth.lock().ok().and_then(|m| m.get(registry).cloned())
    }

    /// Send a request, following redirects (Authorization only to the registry's origin),
    /// answering one auth challenge, and retrying transient failures with backoff.
    fn send(
        &self,
        method: Method,
        target: &Target,
        path: &str,
        accept: Option<&str>,
        what: &str,
    ) -> Result<Response<Body>, Error> {
        let registry = &target.registry;
        let start = self.endpoint(registry, path)?;
        // Authorization goes only to this origin (scheme, host, port; the default port explicit).
        let home = start.origin();
        let mut attempt = 0u32;
        let mut challenged = false;
        loop {
            let mut url = start.clone();
            let mut hops = 0;
            let result = loop {
                let mut req = match method {
                    Method::Get => self.agent.get(url.as_str()),
                    Method::Head => self.agent.head(url.as_str()),
                };
                if let Some(a) = accept {
                    req = req.header("Accept", a);
                }
                if url.origin() == home {
                    if let Some(h) = self.auth_header(registry) {
                        req = req.header("Authorization", h);
                    }
                }
                match req.call() {
                    Err(e) => break Err(e),
                    Ok(resp) => {
                        let st = resp.status().as_u16();
                        let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
                        if matches!(st, 301 | 302 | 303 | 307 | 308) {
                            if let Some(loc) = location {
                                hops += 1;
                                if hops > MAX_REDIRECTS {
                                    return Err(Error::Protocol {
                                        registry: registry.clone(),
                                        fault: ProtocolFault::TooManyRedirects { what: what.to_owned() },
                                    });
                                }
                                url = redirect(&url, &loc).ok_or_else(|| Error::Protocol {
                                    registry: registry.clone(),
                                    fault: ProtocolFault::BadRedirect { what: what.to_owned() },
                                })?;
                                continue;
                            }
                        }
                        break Ok((resp, url.origin() == home));
                    }
                }
            };
            match result {
                Err(e) => {
                    if transient(&e) && attempt < self.opts.retries {
                        std::thread::sleep(self.backoff(attempt, None));
                        attempt += 1;
                        continue;
                    }
                    return Err(Error::Unreachable {
                        registry: registry.clone(),
                        at: Reach::Registry,
                        detail: describe(&e),
                    });
                }
                Ok((resp, at_home)) => {
                    let st = resp.status().as_u16();
                    if st == 401 && at_home && !challenged {
                        challenged = true;
                        let challenge =
                            resp.headers().get("www-authenticate").and_then(|v| v.to_str().ok()).map(str::to_owned);
                        self.answer_challenge(target, challenge.as_deref())?;
                        continue;
                    }
                    if (st == 429 || st >= 500) && attempt < self.opts.retries {
                        let retry_after = resp
                            .headers()
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok())
                            .and_then(|v| v.trim().parse::<u64>().ok());
                        std::thread::sleep(self.backoff(attempt, retry_after));
                        attempt += 1;
                        continue;
                    }
                    return Ok(resp);
                }
            }
        }
    }

    fn backoff(&self, attempt: u32, retry_after: Option<u64>) -> Duration {
        let exp = self.opts.backoff.saturating_mul(1 << attempt.min(6));
        match retry_after {
            Some(s) => exp.max(Duration::from_secs(s.min(30))),
            None => exp,
        }
    }

    /// Answer a 401's `WWW-Authenticate`: fetch a bearer token (with basic credentials if any), or
    /// use basic credentials. The result is kept for the registry's later requests.
    fn answer_challenge(&self, target: &Target, header: Option<&str>) -> Result<(), Error> {
        let registry = &target.registry;
        let unauthorized = |reason: AuthFailure| Error::Unauthorized {
            registry: registry.clone(),
            repository: target.repository.clone(),
            status: 401,
            reason,
        };
        let login =
            self.opts.credentials.lookup(registry).map_err(|e| unauthorized(AuthFailure::Credentials(Box::new(e))))?;
        let Some(challenge) = header.and_then(parse_challenge) else {
            return Err(unauthorized(AuthFailure::NoChallenge));
        };
        let value = match challenge.scheme.as_str() {
            "basic" => match &login {
                Some(l) => l.basic_header(),
                None => return Err(unauthorized(AuthFailure::NoCredentials)),
            },
            "bearer" => {
                let token = self.fetch_token(target, &challenge, login.as_ref())?;
                format!("Bearer {token}")
            }
            other => return Err(unauthorized(AuthFailure::UnsupportedScheme { scheme: other.to_owned() })),
        };
        if let Ok(mut m) = self.auth.lock() {
            m.insert(registry.clone(), value);
        }
        Ok(())
    }

    fn fetch_token(
        &self,
        target: &Target,
        challenge: &crate::auth::Challenge,
        login: Option<&crate::auth::Login>,
    ) -> Result<String, Error> {
        let registry = &target.registry;
        let protocol = |fault: ProtocolFault| Error::Protocol { registry: registry.clone(), fault };
        let realm = challenge.params.get("realm").and_then(|r| Url::parse(r).ok());
        let Some(mut url) = realm.filter(|u| matches!(u.scheme(), "http" | "https")) else {
            return Err(protocol(ProtocolFault::NoRealm));
        };
        let mut scopes = challenge.scopes();
        if scopes.is_empty() {
            scopes.push(format!("repository:{}:pull", target.repository));
        }
        {
            // Appended to any query the realm has, form-encoded as Docker's client does (Go's
            // url.Values.Encode: a space is `+`).
            let mut query = url.query_pairs_mut();
            if let Some(service) = challenge.params.get("service") {
                query.append_pair("service", service);
            }
            for s in &scopes {
                query.append_pair("scope", s);
            }
        }
        let service_origin = url.origin().ascii_serialization();
        let mut attempt = 0;
        let resp = loop {
            let mut req = self.agent.get(url.as_str());
            if let Some(l) = login {
                req = req.header("Authorization", l.basic_header());
            }
            match req.call() {
                Ok(r) if (r.status().as_u16() == 429 || r.status().as_u16() >= 500) && attempt < self.opts.retries => {}
                Ok(r) => break r,
                Err(e) if transient(&e) && attempt < self.opts.retries => {}
                Err(e) => {
                    return Err(Error::Unreachable {
                        registry: registry.clone(),
                        at: Reach::TokenService { service: service_origin },
                        detail: describe(&e),
                    })
                }
            }
            std::thread::sleep(self.backoff(attempt, None));
            attempt += 1;
        };
        let status = resp.status().as_u16();
        if status != 200 {
            return Err(Error::Unauthorized {
                registry: registry.clone(),
                repository: target.repository.clone(),
                status,
                reason: AuthFailure::TokenRefused { service: service_origin, scopes },
            });
        }
        let mut body = Vec::new();
        let _ = resp.into_body().into_reader().take(1 << 20).read_to_end(&mut body);
        #[derive(serde::Deserialize)]
        struct TokenAnswer {
            #[serde(default)]
            token: Option<String>,
            #[serde(default)]
            access_token: Option<String>,
        }
        let answer: TokenAnswer = serde_json::from_slice(&body).map_err(|_| protocol(ProtocolFault::TokenNotJson))?;
        answer
            .token
            .or(answer.access_token)
            .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| protocol(ProtocolFault::NoUsableToken))
    }
}

fn manifest_what(reference: &str) -> String {
    if reference.contains(':') {
        format!("manifest {reference}")
    } else {
        format!("manifest for tag {reference}")
    }
}

/// Failures worth a retry: the connection, not the request.
fn transient(e: &ureq::Error) -> bool {
    matches!(e, ureq::Error::Io(_) | ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed | ureq::Error::BodyStalled)
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

/// Resolve a `Location` against the URL it answered (RFC 3986 reference resolution, by the `url`
/// crate). `None` unless the result is an http(s) URL.
fn redirect(base: &Url, location: &str) -> Option<Url> {
    base.join(location).ok().filter(|u| matches!(u.scheme(), "http" | "https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_redirects() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(u("http://127.0.0.1:5000/v2/x").origin().ascii_serialization(), "http://127.0.0.1:5000");
        // Case and the default port do not make another origin; another port or scheme does.
        assert_eq!(u("https://Ghcr.io/v2/").origin(), u("https://ghcr.io:443/v2/").origin());
        assert_eq!(u("http://h/a").origin(), u("http://h:80/b").origin());
        assert_ne!(u("http://127.0.0.1:5000/a").origin(), u("http://127.0.0.1:5001/a").origin());
        assert_ne!(u("http://h:80/a").origin(), u("https://h:80/a").origin());
        // Userinfo is not part of the origin (a Location cannot smuggle another host through it).
        assert_eq!(u("http://a:1/x").origin(), u("http://user:pw@a:1/y").origin());
        assert_ne!(u("http://a:1/x").origin(), u("http://a:1@b:1/y").origin());
        let base = u("http://a:1/v2/x/blobs/s?q");
        let r = |loc: &str| redirect(&base, loc).map(|x| x.to_string());
        assert_eq!(r("http://b:2/o?sig=1").as_deref(), Some("http://b:2/o?sig=1"));
        assert_eq!(r("/store/y").as_deref(), Some("http://a:1/store/y"));
        assert_eq!(r("//c:3/z").as_deref(), Some("http://c:3/z"));
        assert_eq!(r("t").as_deref(), Some("http://a:1/v2/x/blobs/t"));
        assert_eq!(r("../../other").as_deref(), Some("http://a:1/v2/other"));
        // Nowhere an HTTP client should go.
        assert_eq!(r("file:///etc/passwd"), None);
        assert_eq!(r("http://[::1"), None);
    }
}
