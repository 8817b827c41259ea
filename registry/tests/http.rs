//! The HTTP protocol against std::net servers on 127.0.0.1 (tests/src/registry.rs `FakeServer`):
//! the bearer-token flow with two scopes in one challenge, basic auth, redirects that must not
//! carry Authorization to another port, retries, the manifest cap, digest checks. (The real
//! registry, distribution in token mode, needs TLS certificates; the token service here is a
//! fixture that speaks the same handshake.) Real-registry tests are in cli/tests/registry.rs.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use zverify_registry::auth::{Login, Secret};
use zverify_registry::{AuthFailure, Client, ClientOptions, Credentials, Error, Target};
use zverify_tests::digest_of;
use zverify_tests::registry::{FakeServer, Reply};

const MANIFEST: &[u8] = br#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}"#;

fn client(credentials: Credentials) -> Client {
    Client::new(ClientOptions { credentials, backoff: Duration::from_millis(10), ..ClientOptions::default() })
}

fn manifest_reply(body: &[u8]) -> Reply {
    Reply::new(200, body)
        .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
        .header("Docker-Content-Digest", &digest_of(body))
}

#[test]
fn bearer_token_flow_with_two_scopes() {
    let token = FakeServer::start(|req| {
        // Both scopes of the challenge come back as two scope parameters, after the realm's own
        // query; basic credentials too. (Decoded as a Go token server reads a query.)
        let query = req.target.split_once('?').map_or("", |(_, q)| q);
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let want = [
            ("realm-arg", "1"),
            ("service", "fake registry"),
            ("scope", "repository:a/b:pull"),
            ("scope", "repository:c:pull,push"),
        ];
        let ok = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).eq(want)
            && req.target.starts_with("/token?")
            && req.header("authorization") == Some("Basic dXNlcjpzM2NyZXQ=");
        if ok {
            Reply::new(200, r#"{"access_token":"tok-123","expires_in":300}"#)
        } else {
            Reply::new(401, "{}")
        }
    });
    let realm = format!("http://{}/token?realm-arg=1", token.addr);
    let registry = FakeServer::start(move |req| {
        if req.header("authorization") == Some("Bearer tok-123") {
            manifest_reply(MANIFEST)
        } else {
            Reply::new(401, r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#).header(
                "WWW-Authenticate",
                &format!(r#"Bearer realm="{realm}",service="fake registry",scope="repository:a/b:pull repository:c:pull,push""#),
            )
        }
    });
    let target = Target::parse(&format!("{}/a/b:v1", registry.addr)).unwrap();
    let login = Login { username: "user".into(), secret: Secret::new("s3cret") };
    let c = client(Credentials::none().with_login(&registry.addr, login));
    let m = c.get_manifest(&target, "v1").unwrap();
    assert_eq!(m.bytes, MANIFEST);
    assert_eq!(m.header_agrees(), Some(true));
    assert_eq!(token.requests().len(), 1);
    // The token is reused: a second request needs no new handshake.
    c.get_manifest(&target, "v1").unwrap();
    assert_eq!(token.requests().len(), 1);
    let reqs = registry.requests();
    assert_eq!(reqs.len(), 3, "{reqs:?}");
    assert!(reqs[0].header("accept").unwrap().contains("application/vnd.docker.distribution.manifest.list.v2+json"));

    // Without credentials the token service refuses: an Unauthorized error, no secret in it.
    let err = client(Credentials::none()).get_manifest(&target, "v1").unwrap_err();
    assert!(
        matches!(&err, Error::Unauthorized { status: 401, reason: AuthFailure::TokenRefused { scopes, .. }, .. } if scopes.len() == 2),
        "{err:?}"
    );
    assert!(err.to_string().contains(&registry.addr), "{err}");
}

#[test]
fn basic_auth_and_secrets_never_in_errors() {
    let registry = FakeServer::start(|req| match req.header("authorization") {
        Some("Basic dTpyaWdodA==") => manifest_reply(MANIFEST),
        _ => Reply::new(401, "").header("WWW-Authenticate", r#"Basic realm="fake""#),
    });
    let target = Target::parse(&format!("{}/x:v1", registry.addr)).unwrap();
    let good =
        Credentials::none().with_login(&registry.addr, Login { username: "u".into(), secret: Secret::new("right") });
    assert!(client(good).get_manifest(&target, "v1").is_ok());
    let bad =
        Credentials::none().with_login(&registry.addr, Login { username: "u".into(), secret: Secret::new("wrong-pw") });
    let err = client(bad).get_manifest(&target, "v1").unwrap_err();
    assert!(matches!(err, Error::Unauthorized { status: 401, reason: AuthFailure::Refused { .. }, .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("wrong-pw"));
    // Credentials for one host are not sent to another.
    let other =
        Credentials::none().with_login("127.0.0.1:1", Login { username: "u".into(), secret: Secret::new("right") });
    let err = client(other).get_manifest(&target, "v1").unwrap_err();
    assert!(matches!(err, Error::Unauthorized { reason: AuthFailure::NoCredentials, .. }), "{err:?}");
    // A 401 without a challenge, or with one of a scheme zverify does not answer.
    for (challenge, want) in [
        (None, AuthFailure::NoChallenge),
        (Some("Negotiate abc=1"), AuthFailure::UnsupportedScheme { scheme: "negotiate".into() }),
    ] {
        let reg = FakeServer::start(move |_| match challenge {
            Some(c) => Reply::new(401, "").header("WWW-Authenticate", c),
            None => Reply::new(401, ""),
        });
        let t = Target::parse(&format!("{}/x:v1", reg.addr)).unwrap();
        let err = client(Credentials::none()).get_manifest(&t, "v1").unwrap_err();
        assert!(matches!(&err, Error::Unauthorized { reason, .. } if *reason == want), "{err:?}");
    }
}

#[test]
fn redirect_to_another_port_never_carries_authorization() {
    let storage = FakeServer::start(|_| Reply::new(200, "blob-bytes"));
    let store = storage.addr.clone();
    let registry = FakeServer::start(move |req| {
        if req.header("authorization") != Some("Basic dTpw") {
            return Reply::new(401, "").header("WWW-Authenticate", r#"Basic realm="r""#);
        }
        if req.target.contains("/blobs/") {
            Reply::new(307, "").header("Location", &format!("http://{store}/object?sig=1"))
        } else {
            Reply::new(404, "")
        }
    });
    let target = Target::parse(&format!("{}/x:v1", registry.addr)).unwrap();
    let c = client(
        Credentials::none().with_login(&registry.addr, Login { username: "u".into(), secret: Secret::new("p") }),
    );
    let mut blob = c.get_blob(&target, &digest_of(b"blob-bytes")).unwrap();
    let mut got = String::new();
    std::io::Read::read_to_string(&mut blob, &mut got).unwrap();
    assert_eq!(got, "blob-bytes");
    let at_storage = storage.requests();
    assert_eq!(at_storage.len(), 1);
    assert_eq!(at_storage[0].target, "/object?sig=1");
    assert_eq!(at_storage[0].header("authorization"), None, "Authorization leaked to another host");
    // The registry itself did get it (after its challenge).
    assert!(registry.requests().iter().any(|r| r.header("authorization").is_some()));
}

#[test]
fn retries_on_500_and_429_then_succeeds() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let registry = FakeServer::start(move |_| match h.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::new(500, "oops"),
        1 => Reply::new(429, "").header("Retry-After", "0"),
        2 => Reply::new(0, ""), // the connection dropped without an answer

        _ => manifest_reply(MANIFEST),
    });
    let target = Target::parse(&format!("{}/x:v1", registry.addr)).unwrap();
    assert_eq!(client(Credentials::none()).get_manifest(&target, "v1").unwrap().bytes, MANIFEST);
    assert_eq!(hits.load(Ordering::SeqCst), 4);

    // Bounded: a registry that always fails is an error after 1 + retries attempts.
    let always = Arc::new(AtomicUsize::new(0));
    let a = always.clone();
    let broken = FakeServer::start(move |_| {
        a.fetch_add(1, Ordering::SeqCst);
        Reply::new(503, r#"{"errors":[{"code":"UNAVAILABLE","message":"down"}]}"#)
    });
    let target = Target::parse(&format!("{}/x:v1", broken.addr)).unwrap();
    let err = client(Credentials::none()).get_manifest(&target, "v1").unwrap_err();
    assert!(matches!(err, Error::Status { status: 503, .. }), "{err:?}");
    assert_eq!(always.load(Ordering::SeqCst), 4);
}

#[test]
fn cap_digest_and_not_found() {
    let big = vec![b' '; 5000];
    let body = MANIFEST.to_vec();
    let registry = FakeServer::start(move |req| {
        if req.target.ends_with("/big") {
            Reply::new(200, big.clone())
        } else if req.target.contains("/missing") {
            Reply::new(404, r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#)
        } else {
            // Any other digest asked for gets these bytes.
            manifest_reply(&body)
        }
    });
    let target = Target::parse(&format!("{}/x:v1", registry.addr)).unwrap();
    let small = Client::new(ClientOptions { max_manifest_bytes: 4096, ..ClientOptions::default() });
    let err = small.get_manifest(&target, "big").unwrap_err();
    assert!(matches!(err, Error::TooLarge { cap: 4096, size: Some(5000), .. }), "{err:?}");
    assert!(err.to_string().contains("--max-manifest-bytes"));
    let wrong = digest_of(b"something else");
    let err = small.get_manifest(&target, &wrong).unwrap_err();
    assert!(err.is_content(), "{err:?}");
    assert!(err.to_string().contains(&digest_of(MANIFEST)));
    let err = small.get_manifest(&target, "missing").unwrap_err();
    assert!(err.is_not_found());
    assert!(err.to_string().contains("MANIFEST_UNKNOWN"), "{err}");
    assert!(small.head_manifest(&target, "missing").unwrap().is_none());
    // Unreachable: nothing listens.
    let port = zverify_tests::registry::free_port();
    let gone = Target::parse(&format!("127.0.0.1:{port}/x:v1")).unwrap();
    let quick =
        Client::new(ClientOptions { retries: 1, backoff: Duration::from_millis(5), ..ClientOptions::default() });
    let err = quick.get_manifest(&gone, "v1").unwrap_err();
    assert!(err.is_unreachable(), "{err:?}");
    assert!(err.to_string().contains(&format!("127.0.0.1:{port}")));
}

/// A manifest pinned by a `sha512:` digest (valid in the core's grammar, and what go-digest
/// registers) is hashed as sha512: before, the client compared the sha256 of the body with any
/// `alg:hex` and always answered DigestMismatch ("the registry served wrong bytes").
#[test]
fn sha512_pins_are_checked_in_sha512() {
    use zverify_core::digest::digest_bytes;
    use zverify_core::Algorithm;
    let sha512 = digest_bytes(Algorithm::Sha512, MANIFEST).to_string();
    let header = sha512.clone();
    let registry = FakeServer::start(move |_| {
        Reply::new(200, MANIFEST)
            .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .header("Docker-Content-Digest", &header)
    });
    let target = Target::parse(&format!("{}/x:v1", registry.addr)).unwrap();
    let c = client(Credentials::none());
    let m = c.get_manifest(&target, &sha512).unwrap();
    assert_eq!(m.bytes, MANIFEST);
    // The header is compared in its own algorithm too; the manifest's name stays its sha256.
    assert_eq!(m.header_agrees(), Some(true));
    assert!(m.hashes_to(&sha512) && m.hashes_to(&digest_of(MANIFEST)));
    assert_eq!(m.digest.as_str(), digest_of(MANIFEST));

    // Wrong bytes for a sha512 pin are still a content error, naming the sha512 they hash to.
    let other = digest_bytes(Algorithm::Sha512, b"other bytes").to_string();
    let err = c.get_manifest(&target, &other).unwrap_err();
    assert!(err.is_content(), "{err:?}");
    assert!(err.to_string().contains(&sha512), "{err}");
    let sha384 = digest_bytes(Algorithm::Sha384, MANIFEST).to_string();
    assert!(c.get_manifest(&target, &sha384).is_ok());

    // A grammatical digest of an algorithm zverify does not compute cannot be checked: refused
    // before any request, and not as "wrong bytes".
    let asked = registry.requests().len();
    let err = c.get_manifest(&target, "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX").unwrap_err();
    assert!(matches!(err, Error::UnverifiableDigest { .. }), "{err:?}");
    assert!(!err.is_content());
    assert_eq!(registry.requests().len(), asked);
}
