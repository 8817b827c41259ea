//! zverify as a CI gate: SARIF (validated against the official 2.1.0 schema), GitHub workflow
//! commands, JUnit, severity overrides from flags and zverify.toml, several targets, exit codes.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use zverify_tests::*;

fn zverify() -> Command {
    let mut c = Command::cargo_bin("zverify").unwrap();
    c.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS");
    c
}

fn schema() -> jsonschema::Validator {
    // The official schema (oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json), shipped
    // in tests/data (origin recorded in tests/data/README.md).
    let raw =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_slice(&raw).unwrap();
    jsonschema::draft4::new(&schema).unwrap()
}

fn assert_valid_sarif(text: &str) -> Value {
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let validator = schema();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
    assert_eq!(v["version"], "2.1.0");
    v
}

/// Three fixtures: errors only, warnings only, notes only.
struct Fixtures {
    _tmp: tempfile::TempDir,
    errors: PathBuf,
    warnings: PathBuf,
    notes: PathBuf,
    clean: PathBuf,
}

fn fixtures() -> Fixtures {
    let tmp = tempfile::tempdir().unwrap();
    let mut l = Layout::new("");
    let m = l.image("linux", "amd64", 7, 1);
    l.entry(OCI_MANIFEST, &m, Some("app:v1"))["size"] = serde_json::json!(m.len() + 1);
    let errors = tmp.path().join("errors");
    l.build().write_dir(&errors);

    let mut l = clean_layout("");
    l.blob(&noise(5, 100));
    let warnings = tmp.path().join("warnings");
    l.build().write_dir(&warnings);

    let (sk, _) = zverify_tests::zarf::key_pair(3);
    let mut tree = zverify_tests::zarf::clean_package().build();
    zverify_tests::zarf::sign_zarf_yaml(&mut tree, &sk);
    let notes = tmp.path().join("notes.tar.zst");
    std::fs::write(&notes, tree.to_tar_zst()).unwrap();

    let clean = tmp.path().join("clean");
    clean_layout("").build().write_dir(&clean);
    Fixtures { _tmp: tmp, errors, warnings, notes, clean }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn exit_codes_for_each_fail_on() {
    let f = fixtures();
    // (fixture, fail-on) → exit code
    let table = [
        (&f.errors, "error", 1),
        (&f.errors, "warning", 1),
        (&f.errors, "never", 0),
        (&f.warnings, "error", 0),
        (&f.warnings, "warning", 1),
        (&f.warnings, "never", 0),
        (&f.notes, "error", 0),
        (&f.notes, "warning", 0),
        (&f.notes, "never", 0),
        (&f.clean, "warning", 0),
    ];
    for (target, fail_on, code) in table {
        zverify().args(["check", s(target), "--fail-on", fail_on]).assert().code(code);
    }
    // Sanity: each fixture has exactly the severities its name says.
    for (target, sev) in [(&f.errors, "error"), (&f.warnings, "warning"), (&f.notes, "note")] {
        let out = zverify().args(["check", s(target), "--format", "json"]).output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let sevs: Vec<&str> =
            v["findings"].as_array().unwrap().iter().map(|f| f["severity"].as_str().unwrap()).collect();
        assert!(!sevs.is_empty() && sevs.iter().all(|x| *x == sev), "{}: {sevs:?}", s(target));
    }
}

#[test]
fn sarif_validates_for_clean_every_severity_and_several_targets() {
    let f = fixtures();
    let out = zverify().args(["check", s(&f.clean), "--format", "sarif"]).output().unwrap();
    let v = assert_valid_sarif(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 0);
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), zverify_core::rules::ALL.len());
    for r in rules {
        for key in ["id", "name", "shortDescription", "fullDescription", "help", "defaultConfiguration"] {
            assert!(!r[key].is_null(), "rule {} lacks {key}", r["id"]);
        }
        assert!(r["help"]["markdown"].as_str().unwrap().contains("## Fix"));
    }

    // Every severity, several targets: one run each, worst exit code, per-run exit codes.
    let out =
        zverify().args(["check", s(&f.errors), s(&f.warnings), s(&f.notes), "--format", "sarif"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = assert_valid_sarif(&String::from_utf8(out.stdout).unwrap());
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3);
    let levels: Vec<&str> =
        runs.iter().flat_map(|r| r["results"].as_array().unwrap()).map(|r| r["level"].as_str().unwrap()).collect();
    for l in ["error", "warning", "note"] {
        assert!(levels.contains(&l), "{levels:?}");
    }
    let exits: Vec<i64> = runs.iter().map(|r| r["invocations"][0]["exitCode"].as_i64().unwrap()).collect();
    assert_eq!(exits, [1, 0, 0]);
    let ids: Vec<&str> = runs.iter().map(|r| r["automationDetails"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["zverify/errors/", "zverify/warnings/", "zverify/notes.tar.zst/"]);
    for r in runs.iter().flat_map(|r| r["results"].as_array().unwrap()) {
        let rule_index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(zverify_core::rules::ALL[rule_index].code.as_str(), r["ruleId"]);
        assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
    }
}

#[test]
fn sarif_fingerprints_are_stable_across_runs_and_locations() {
    let f = fixtures();
    let fp = |target: &str| -> Vec<String> {
        let out = zverify().args(["check", target, "--format", "sarif"]).output().unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["zverifyFinding/v1"].as_str().unwrap().to_owned())
            .collect()
    };
    let first = fp(s(&f.warnings));
    assert!(!first.is_empty());
    assert_eq!(first, fp(s(&f.warnings)));
    // The same package elsewhere on disk: same fingerprints.
    let other = tempfile::tempdir().unwrap();
    let moved = other.path().join("warnings");
    Tree::from_dir(&f.warnings).write_dir(&moved);
    assert_eq!(first, fp(s(&moved)));
    let unique: std::collections::BTreeSet<_> = first.iter().collect();
    assert_eq!(unique.len(), first.len(), "fingerprints collide");
}

#[test]
fn sarif_file_alongside_another_format() {
    let f = fixtures();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("z.sarif");
    zverify()
        .args(["check", s(&f.errors), "--sarif", s(&path)])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAILED"));
    assert_valid_sarif(&std::fs::read_to_string(&path).unwrap());
}

#[test]
fn github_lines_exactly() {
    let f = fixtures();
    let out = zverify().args(["check", s(&f.errors), "--format", "github"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    let target = s(&f.errors).replace(':', "%3A").replace(',', "%2C");
    assert_eq!(lines.len(), 2, "{text}");
    // A directory target: the annotation lands on the file inside it.
    let expected_prefix = format!(
        "::error file={target}/index.json,title=ZV108 blob-size-mismatch::/manifests/0/size: the descriptor says "
    );
    assert!(lines[0].starts_with(&expected_prefix), "{}\nvs\n{expected_prefix}", lines[0]);
    let help = zverify_core::rules::BLOB_SIZE_MISMATCH.help;
    assert!(help.starts_with("Sizes are checked before digests"), "{help}");
    assert!(lines[0].ends_with(&format!(" (help: {help})")), "{}", lines[0]);
    // Then the target's verdict, the same word as the text report's and the exit code's.
    assert_eq!(
        lines[1],
        format!(
            "::error file={target},title=zverify FAILED::{}: 1 errors, 0 warnings, 0 notes (fail-on error)",
            s(&f.errors)
        )
    );
    // The text report is still in the log.
    assert!(text.contains("error[ZV108]"));

    // Auto-selected under GitHub Actions; severities map to error / warning / notice.
    let out = Command::cargo_bin("zverify")
        .unwrap()
        .env("GITHUB_ACTIONS", "true")
        .args(["check", s(&f.warnings), s(&f.notes)])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("::warning file=") && l.contains("title=ZV109 blob-unreferenced::")),
        "{text}"
    );
    assert!(
        text.lines().any(|l| l.starts_with("::notice file=") && l.contains("title=ZV521 signature-not-verified::")),
        "{text}"
    );
}

/// A finding whose path and message carry `%`, `\n` and `\r` (a blob file named so), in a
/// target whose name carries `%`, `,` and `:`: each workflow command stays on one line and is
/// escaped exactly as GitHub's toolkit escapes (data: % CR LF; properties also : and ,).
#[test]
fn github_commands_escape_percent_newline_and_carriage_return() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("pkg%1,a:b");
    clean_layout("").build().write_dir(&target);
    std::fs::write(target.join("blobs/sha256/a%b\nc\rd"), b"x").unwrap();
    let out = zverify().args(["check", s(&target), "--format", "github"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let commands: Vec<&str> = text.split('\n').filter(|l| l.starts_with("::") && l.contains("title=ZV")).collect();
    let file = s(&target).replace('%', "%25").replace(':', "%3A").replace(',', "%2C");
    let expected = format!(
        "::error file={file}/blobs/sha256/a%25b%0Ac%0Dd,title=ZV105 invalid-blob-path::\"sha256/a%25b%0Ac%0Dd\" is not a valid blob name: does not match the digest grammar `algorithm:encoded` (lowercase algorithm, e.g. sha256:<64 hex>) (help: Every blob file name must be a valid digest; remove or rename the file.)"
    );
    assert_eq!(commands, [expected.as_str()], "{text}");
}

#[test]
fn junit_parses_and_counts() {
    let f = fixtures();
    let out = zverify()
        .args(["check", s(&f.errors), s(&f.warnings), "--format", "junit", "--fail-on", "warning"])
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 2);
    let n_rules = zverify_core::rules::ALL.len();
    for s in &suites {
        assert_eq!(s.children().filter(|n| n.has_tag_name("testcase")).count(), n_rules);
        assert_eq!(s.attribute("tests").unwrap().parse::<usize>().unwrap(), n_rules);
    }
    let failed = |suite: &roxmltree::Node| -> Vec<String> {
        suite
            .children()
            .filter(|c| c.has_tag_name("testcase") && c.children().any(|x| x.has_tag_name("failure")))
            .map(|c| c.attribute("name").unwrap().to_owned())
            .collect()
    };
    assert_eq!(failed(&suites[0]), ["ZV108 blob-size-mismatch"]);
    assert_eq!(failed(&suites[1]), ["ZV109 blob-unreferenced"]);
    assert_eq!(root.attribute("failures"), Some("2"));
    // Below the threshold: reported in system-out, not failed.
    let out = zverify().args(["check", s(&f.warnings), "--format", "junit"]).output().unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.root_element().attribute("failures"), Some("0"));
    assert!(doc
        .descendants()
        .any(|n| n.has_tag_name("system-out") && n.text().unwrap_or("").contains("wastes 100 bytes")));
}

#[test]
fn override_precedence_flag_over_file_over_default() {
    let f = fixtures();
    let dir = tempfile::tempdir().unwrap();
    let run = |config: Option<&str>, flags: &[&str]| -> (i32, Value) {
        if let Some(c) = config {
            std::fs::write(dir.path().join("zverify.toml"), c).unwrap();
        } else {
            let _ = std::fs::remove_file(dir.path().join("zverify.toml"));
        }
        let out = zverify()
            .current_dir(dir.path())
            .args(["check", s(&f.warnings), "--format", "json"])
            .args(flags)
            .output()
            .unwrap();
        (out.status.code().unwrap(), serde_json::from_slice(&out.stdout).unwrap_or(Value::Null))
    };
    // (zverify.toml, flags) → (exit, ZV109 severity or None when allowed, override source)
    type Row<'a> = (Option<&'a str>, &'a [&'a str], i32, Option<&'a str>, Option<&'a str>);
    let table: [Row; 7] = [
        (None, &[], 0, Some("warning"), None),
        (Some("deny = [\"ZV109\"]\n"), &[], 1, Some("error"), Some("config")),
        (Some("allow = [\"zv109\"]\n"), &[], 0, None, Some("config")),
        (Some("deny = [\"ZV109\"]\n"), &["--warn", "ZV109"], 0, Some("warning"), Some("flag")),
        (Some("allow = [\"ZV109\"]\n"), &["--deny", "ZV109"], 1, Some("error"), Some("flag")),
        (None, &["--allow", "ZV109"], 0, None, Some("flag")),
        (Some("fail-on = \"warning\"\n"), &[], 1, Some("warning"), None),
    ];
    for (config, flags, exit, severity, source) in table {
        let (code, v) = run(config, flags);
        assert_eq!(code, exit, "{config:?} {flags:?}: {v}");
        let sev = field_of(&v["findings"], "severity");
        assert_eq!(sev, severity, "{config:?} {flags:?}");
        let applied = field_of(&v["overrides"], "source");
        assert_eq!(applied, source, "{config:?} {flags:?}");
    }
    // --fail-on on the command line beats the file's fail-on.
    let (code, _) = run(Some("fail-on = \"warning\"\n"), &["--fail-on", "error"]);
    assert_eq!(code, 0);
    // --config names another file.
    let other = dir.path().join("strict.toml");
    std::fs::write(&other, "deny = [\"ZV109\"]\n").unwrap();
    let _ = std::fs::remove_file(dir.path().join("zverify.toml"));
    // The warnings fixture has exactly one unreferenced blob: one finding changed, said exactly once.
    let out = zverify().args(["check", s(&f.warnings), "--config", s(&other)]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("overrides:")).collect();
    assert_eq!(lines, ["overrides: ZV109=error (config, 1 finding(s))"], "{text}");
    assert_eq!(text.matches("error[ZV109]").count(), 1, "{text}");
}

#[test]
fn unknown_codes_and_bad_config_exit_2_with_the_list() {
    let f = fixtures();
    for flags in [&["--deny", "ZV999"][..], &["--allow", "nonsense"], &["--warn", "ZV10"]] {
        zverify()
            .args(["check", s(&f.clean)])
            .args(flags)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("valid codes: ZV001, ZV002"));
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("z.toml");
    // (zverify.toml content, what stderr must say)
    for (content, says) in [
        ("deny = [\"ZV000\"]\n", "valid codes"),
        ("denny = [\"ZV109\"]\n", "unknown field"),
        ("fail-on = \"sometimes\"\n", "fail-on"),
    ] {
        std::fs::write(&cfg, content).unwrap();
        zverify()
            .args(["check", s(&f.clean), "--config", s(&cfg)])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("z.toml").and(predicate::str::contains(says)));
    }
    zverify().args(["check", s(&f.clean), "--deny", "ZV109", "--allow", "ZV109"]).assert().code(2);
    zverify().args(["check", s(&f.clean), "--config", "/no/such.toml"]).assert().code(2);
}

#[test]
fn several_targets_json_array_and_worst_exit() {
    let f = fixtures();
    let out =
        zverify().args(["check", s(&f.clean), s(&f.warnings), s(&f.errors), "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reports = v.as_array().unwrap();
    assert_eq!(reports.len(), 3);
    assert_eq!(reports[0]["summary"]["errors"], 0);
    assert_eq!(reports[2]["summary"]["errors"], 1);
    // One unreadable target: the others are still reported; exit 2.
    let out = zverify().args(["check", s(&f.clean), "/no/such/package.tar.zst", "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    // Text: a closing line over all targets.
    zverify()
        .args(["check", s(&f.clean), s(&f.warnings)])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("2 targets: 0 errors, 1 warning, 0 notes"));
}

#[test]
fn action_yml_runs_flags_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("action.yml")).unwrap();
    let action: serde_json::Value = serde_norway_to_json(&text);
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["targets", "fail-on", "config", "sarif-file"] {
        assert!(!action["inputs"][input].is_null(), "action.yml lacks input {input}");
    }
    let help = String::from_utf8(zverify().args(["check", "--help"]).output().unwrap().stdout).unwrap();
    let steps = action["runs"]["steps"].as_array().unwrap();
    let scripts: String = steps.iter().filter_map(|s| s["run"].as_str()).collect::<Vec<_>>().join("\n");
    assert!(scripts.contains("cargo install"), "the action installs zverify");
    for flag in scripts.split_whitespace().filter(|w| w.starts_with("--")) {
        let flag = flag.trim_end_matches(['"', '\'']);
        if ["--locked", "--path", "--root", "--force"].contains(&flag) {
            continue; // cargo install's own flags
        }
        assert!(help.contains(flag), "action.yml uses {flag}, which `zverify check` does not have");
    }
}

/// `field` of the ZV109 entry in a JSON array (findings or overrides), if there is one.
fn field_of<'v>(list: &'v Value, field: &str) -> Option<&'v str> {
    list.as_array().unwrap().iter().find(|x| x["code"] == "ZV109").map(|x| x[field].as_str().unwrap())
}

fn serde_norway_to_json(text: &str) -> Value {
    let v: serde_norway::Value = serde_norway::from_str(text).unwrap();
    serde_json::to_value(v).unwrap()
}

#[test]
fn action_check_step_script_runs() {
    // Run the action's "Check packages" step as GitHub would: bash, its env, GITHUB_ACTIONS=true.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let action = serde_norway_to_json(&std::fs::read_to_string(root.join("action.yml")).unwrap());
    let step =
        action["runs"]["steps"].as_array().unwrap().iter().find(|s| s["name"] == "Check packages").unwrap().clone();
    let script = step["run"].as_str().unwrap();
    let f = fixtures();
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".zverify/bin")).unwrap();
    std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin("zverify"), home.path().join(".zverify/bin/zverify"))
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    for (name, src) in [("a-clean", &f.clean), ("b-warnings", &f.warnings)] {
        Tree::from_dir(src).write_dir(&work.path().join("pkgs").join(name));
    }
    let run = |targets: &str, fail_on: &str| {
        std::process::Command::new("bash")
            .arg("-e")
            .arg("-c")
            .arg(script)
            .current_dir(work.path())
            .env("HOME", home.path())
            .env("GITHUB_ACTIONS", "true")
            .env("TARGETS", targets)
            .env("FAIL_ON", fail_on)
            .env("CONFIG", "")
            .env("SARIF", "out.sarif")
            .output()
            .unwrap()
    };
    // A glob over two packages, newline-separated with a third spelled out.
    let out = run("pkgs/*\n  pkgs/a-clean", "error");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("3 targets"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::warning file=pkgs/b-warnings/blobs/sha256/") && l.contains(",title=ZV109")),
        "{stdout}"
    );
    let sarif = assert_valid_sarif(&std::fs::read_to_string(work.path().join("out.sarif")).unwrap());
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 3);
    assert_eq!(run("pkgs/b-warnings", "warning").status.code(), Some(1));
}
