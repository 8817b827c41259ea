//! # zverify-registry
//!
//! The registry side of zverify, native only: every HTTP request zverify makes lives here. The
//! core (`zverify-core`) stays pure: this crate hands it bytes exactly as the registry sent them.
//!
//! What it does: resolve a reference ([`Target`], parsed with the core's Zarf normalization,
//! `core/src/zarf/reference.rs`), fetch manifests (all four manifest media types in `Accept`, the
//! body capped, its digest computed here from the raw bytes and compared with
//! `Docker-Content-Digest` and with the digest asked for), stream blobs, and authenticate: the
//! bearer-token flow (realm / service / one or several scopes) and basic auth, with credentials
//! from `--username`/`--password-stdin` or the Docker config (`auths`, `credHelpers`,
//! `credsStore` through `docker-credential-*` helpers). Requests are retried a bounded number of
//! times with exponential backoff on 429, 5xx and connection failures. Redirects are followed by
//! hand, and `Authorization` goes only to the registry's own origin (scheme, host, port): a blob
//! redirected to object storage on another host never receives it. Credentials never appear in an
//! error, a `Debug` output or a log line.
//!
//! ## Why ureq, not reqwest or oci-client
//! - `oci-client` (0.18) returns raw manifest bytes, but it owns the auth flow, redirects and
//!   retries: it cannot be told to drop `Authorization` on a cross-host redirect, to retry with
//!   backoff, to cap a manifest before reading it, or to read `credHelpers`; and it is async, so
//!   the CLI would carry a tokio runtime only to block on it.
//! - `reqwest` would do (blocking client, `redirect::Policy::none()`), but its blocking client
//!   runs a tokio runtime on a thread, and with rustls on aws-lc it needs a C/CMake build; a cold
//!   build of it is about two minutes on the 2-core machines this project is built on.
//! - `ureq` 3 is blocking HTTP/1.1 with rustls (ring) and webpki roots, no runtime and no OpenSSL.
//!   zverify needs only sequential GET/HEAD with full control of headers, redirects and body
//!   reading; ureq gives exactly that, and the protocol logic (challenges, tokens, retries,
//!   redirects) is ours and tested against a real registry and a token server on 127.0.0.1.
//!
//! `oci-spec` types give the typed view (`doc`): registry error bodies ([`oci_spec::distribution::ErrorResponse`]),
//! image indexes and manifests for `zverify ref`. The raw bytes are always the authority for
//! digests: nothing is re-serialized.

// This crate owns network and credential-helper IO; only the core is sans-IO (clippy.toml).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

pub mod auth;
pub mod client;
pub mod doc;
pub mod target;

pub use auth::{CredentialError, Credentials};
pub use client::{AuthFailure, Blob, Client, ClientOptions, Error, Manifest, ProtocolFault, Reach};
pub use target::Target;

/// OCI image index.
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// OCI image manifest.
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// Docker manifest list.
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
/// Docker image manifest, schema 2.
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
/// Every manifest media type zverify reads, as sent in `Accept`: a registry asked for fewer may
/// answer another document (distribution rewrites a Docker manifest to schema 1, or returns one
/// child of a list).
pub const MANIFEST_TYPES: [&str; 4] = [OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST];

/// Default cap on a manifest body: 4 MiB, what registries must accept at least.
pub const DEFAULT_MAX_MANIFEST_BYTES: u64 = 4 << 20;
