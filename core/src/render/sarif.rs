//! SARIF 2.1.0, as GitHub code scanning accepts it: every rule in `tool.driver.rules`, one run
//! per target (each with its own `automationDetails.id`), a physical location inside the package
//! (with `region.startLine`, which GitHub requires), the JSON pointer as a logical location, stable
//! `partialFingerprints`, and the invocation's exit code.

use super::target_name;
use crate::diag::{Rule, Severity};
use crate::report::Report;
use crate::rules;
use serde_json::{json, Value};
use sha2::{Digest as _, Sha256};

const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const BASE: &str = "PACKAGE";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn rule_json(r: &Rule) -> Value {
    json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.checks},
        "help": {"text": format!("{}\n\nWhy it matters: {}\n\nFix: {}", r.help, r.why, r.fix), "markdown": r.markdown()},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {"tags": ["zverify", "supply-chain"]},
    })
}

/// Percent-encode a relative path for a URI reference (RFC 3986 unreserved and `/` kept).
fn uri_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One run per report, with the exit code its gate gives it. Returns the SARIF log as pretty JSON.
pub fn render(runs: &[&Report]) -> String {
    let driver_rules: Vec<Value> = rules::ALL.iter().map(|r| rule_json(r)).collect();
    let runs: Vec<Value> = runs
        .iter()
        .map(|report| {
            let exit = report.exit_code();
            let name = target_name(&report.target);
            let results: Vec<Value> = report
                .findings
                .iter()
                .map(|f| {
                    let index = rules::ALL.iter().position(|r| r.code == f.code).unwrap_or(0);
                    let (uri, base) = match &f.path {
                        Some(p) => (uri_path(p), Some(BASE)),
                        None => (uri_path(name), None),
                    };
                    let mut artifact = json!({"uri": uri});
                    if let Some(b) = base {
                        artifact["uriBaseId"] = json!(b);
                    }
                    let mut location =
                        json!({"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": 1}}});
                    if let Some(ptr) = &f.pointer {
                        location["logicalLocations"] = json!([{
                            "fullyQualifiedName": format!("{}#{ptr}", f.path.as_deref().unwrap_or(name)),
                            "name": ptr,
                            "kind": "element"
                        }]);
                    }
                    let mut h = Sha256::new();
                    for part in [
                        f.code.as_str(),
                        name,
                        f.path.as_deref().unwrap_or(""),
                        f.pointer.as_deref().unwrap_or(""),
                        f.digest.as_deref().unwrap_or(""),
                    ] {
                        h.update(part.as_bytes());
                        h.update([0]);
                    }
                    let mut result = json!({
                        "ruleId": f.code,
                        "ruleIndex": index,
                        "level": level(f.severity),
                        "message": {"text": format!("{} — {}", f.message, f.help)},
                        "locations": [location],
                        "partialFingerprints": {"zverifyFinding/v1": hex::encode(&h.finalize()[..16])},
                    });
                    if let Some(d) = &f.digest {
                        result["properties"] = json!({"digest": d});
                    }
                    result
                })
                .collect();
            let mut base = json!({"description": {"text": format!("the package {}", report.target)}});
            if report.target.starts_with('/') {
                base["uri"] = json!(format!("file://{}/", uri_path(report.target.trim_end_matches('/'))));
            }
            json!({
                "tool": {"driver": {
                    "name": "zverify",
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "informationUri": "https://github.com/zverify/zverify",
                    "rules": driver_rules,
                }},
                "automationDetails": {"id": format!("zverify/{name}/")},
                "originalUriBaseIds": {BASE: base},
                "invocations": [{"executionSuccessful": true, "exitCode": exit}],
                "results": results,
                "properties": {"summary": report.summary},
            })
        })
        .collect();
    let log = json!({"$schema": SCHEMA, "version": "2.1.0", "runs": runs});
    serde_json::to_string_pretty(&log).unwrap_or_default()
}
