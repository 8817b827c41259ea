//! Issue 11, the first five minutes: what a new user meets, on the real binary — the verdict word
//! agrees with the exit code in every format, GitHub annotations land on the file, and the
//! everyday edges (install, completions, man page, version, `doc`, `explain`, split parts).
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use zverify_tests::*;

fn zverify() -> Command {
    let mut c = Command::cargo_bin("zverify").unwrap();
    c.env("NO_COLOR", "1").env_remove("GITHUB_ACTIONS").env_remove("GITHUB_WORKSPACE");
    c
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A layout with one error (a descriptor's size is wrong) and one with one warning (a stray blob).
fn error_and_warning(dir: &Path) -> (PathBuf, PathBuf) {
    let mut l = Layout::new("");
    let m = l.image("linux", "amd64", 7, 1);
    l.entry(OCI_MANIFEST, &m, Some("app:v1"))["size"] = serde_json::json!(m.len() + 1);
    let errors = dir.join("errors");
    l.build().write_dir(&errors);
    let mut l = clean_layout("");
    l.blob(&noise(5, 100));
    let warnings = dir.join("warnings");
    l.build().write_dir(&warnings);
    (errors, warnings)
}

fn run(args: &[&str]) -> (i32, String) {
    let out = zverify().args(args).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

/// Item 1: `--fail-on` decides the exit code and the verdict word alike, in every format.
#[test]
fn verdict_follows_the_exit_code_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let (errors, warnings) = error_and_warning(tmp.path());
    let cases: [(&Path, &str, i32, &str); 6] = [
        (&warnings, "warning", 1, "FAILED (1 warning at fail-on warning)"),
        (&warnings, "error", 0, "passed with warnings"),
        (&warnings, "never", 0, "passed (1 warning let through by fail-on never)"),
        (&errors, "never", 0, "passed (1 error let through by fail-on never)"),
        (&errors, "error", 1, "FAILED"),
        (&errors, "warning", 1, "FAILED"),
    ];
    for (target, fail_on, exit, word) in cases {
        let base = ["check", s(target), "--fail-on", fail_on];
        let ctx = format!("{} --fail-on {fail_on}", target.display());

        let (code, text) = run(&[&base[..], &["--quiet"]].concat());
        assert_eq!(code, exit, "{ctx}: {text}");
        assert!(text.starts_with(&format!("{word} {}", s(target))), "{ctx}: {text}");

        let (code, json) = run(&[&base[..], &["--format", "json"]].concat());
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(code, exit);
        assert_eq!(v["summary"]["verdict"], word, "{ctx}");
        assert_eq!(v["summary"]["passed"], exit == 0, "{ctx}");
        assert_eq!(v["summary"]["fail_on"], fail_on, "{ctx}");

        let (code, sarif) = run(&[&base[..], &["--format", "sarif"]].concat());
        let v: Value = serde_json::from_str(&sarif).unwrap();
        assert_eq!(code, exit);
        assert_eq!(v["runs"][0]["invocations"][0]["exitCode"], exit, "{ctx}");
        assert_eq!(v["runs"][0]["properties"]["summary"]["verdict"], word, "{ctx}");

        let (code, xml) = run(&[&base[..], &["--format", "junit"]].concat());
        assert_eq!(code, exit);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let prop = |name: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name("property") && n.attribute("name") == Some(name))
                .and_then(|n| n.attribute("value"))
                .unwrap()
                .to_owned()
        };
        assert_eq!(prop("verdict"), word, "{ctx}");
        assert_eq!(prop("passed"), (exit == 0).to_string(), "{ctx}");
        let failures: u32 = doc.root_element().attribute("failures").unwrap().parse().unwrap();
        assert_eq!(failures > 0, exit == 1, "{ctx}: a failing JUnit case exactly when the gate fails");

        let (code, gh) = run(&[&base[..], &["--format", "github"]].concat());
        assert_eq!(code, exit);
        let last = gh.lines().last().unwrap();
        let command = if exit == 0 { "notice" } else { "error" };
        let title = word.replace(':', "%3A").replace(',', "%2C");
        assert!(last.starts_with(&format!("::{command} file=")), "{ctx}: {last}");
        assert!(last.contains(&format!(",title=zverify {title}::")), "{ctx}: {last}");
    }
}

/// Item 10: under GitHub Actions a directory target's findings annotate the file inside it, named
/// relative to the workspace (where the pull request shows it), not the directory or an absolute path.
#[test]
fn github_annotations_land_on_the_file_relative_to_the_workspace() {
    let ws = tempfile::tempdir().unwrap();
    std::fs::create_dir(ws.path().join("work")).unwrap();
    let (errors, _) = error_and_warning(&ws.path().join("work"));
    let out = zverify()
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_WORKSPACE", ws.path())
        .args(["check", s(&errors)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let finding = text.lines().find(|l| l.contains("title=ZV108")).unwrap();
    assert!(
        finding.starts_with("::error file=work/errors/index.json,title=ZV108 blob-size-mismatch::/manifests/0/size: "),
        "{finding}"
    );
    assert!(text.lines().last().unwrap().starts_with("::error file=work/errors,title=zverify FAILED::"), "{text}");

    // An archive target: the archive is annotated; the file inside is named in the message.
    let tar = ws.path().join("work/errors.tar");
    std::fs::write(&tar, Tree::from_dir(&errors).to_tar()).unwrap();
    let out = zverify()
        .current_dir(ws.path())
        .env("GITHUB_WORKSPACE", ws.path())
        .args(["check", "./work/errors.tar", "--format", "github"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let finding = text.lines().find(|l| l.contains("title=ZV108")).unwrap();
    assert!(
        finding
            .starts_with("::error file=work/errors.tar,title=ZV108 blob-size-mismatch::index.json /manifests/0/size: "),
        "{finding}"
    );
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Item 7: `doc` says what it checked the document as, and a YAML file is named as such, with
/// what `doc` accepts, instead of "not valid JSON".
#[test]
fn doc_names_the_kind_it_checked_and_recognises_yaml() {
    let index = repo().join("examples/zarf-package-test-amd64/images/index.json");
    let (code, text) = run(&["doc", s(&index)]);
    assert_eq!(code, 0);
    assert!(text.contains(" (OCI image index, detected): 0 errors"), "{text}");
    let (code, text) = run(&["doc", "--type", "descriptor", s(&index), "--format", "json"]);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["package"]["kind"], "OCI descriptor, as asked", "{text}");
    assert_eq!(code, 1, "an index is not a descriptor: {text}");

    let yaml = repo().join("examples/zarf-package-test-amd64/zarf.yaml");
    let out = zverify().args(["doc", s(&yaml)]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is not JSON: it looks like YAML"), "{err}");
    assert!(err.contains("image index, image manifest, image config, descriptor or oci-layout"), "{err}");
    assert!(err.contains("zverify check <package"), "{err}");
    for yaml in ["---\nkind: x\n", "# comment\nkind: ZarfPackageConfig\n", "- a\n- b\n", "\"quoted key\": 1\n"] {
        let out = zverify().args(["doc", "-"]).write_stdin(yaml).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{yaml:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("looks like YAML"), "{yaml:?}");
    }
    // Broken JSON is still a ZV201 finding, checked as "unknown".
    let out = zverify().args(["doc", "-", "--format", "json"]).write_stdin("{\"a\": ").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["code"], "ZV201");
    assert_eq!(v["package"]["kind"], "unknown");
}

/// Item 8: `explain` takes a rule's name as well as its code, as `rules` lists them.
#[test]
fn explain_accepts_a_code_or_a_name() {
    let (code, by_name) = run(&["explain", "ref-pin-mismatch"]);
    assert_eq!(code, 0);
    let (_, by_code) = run(&["explain", "ZV308"]);
    assert_eq!(by_name, by_code);
    assert!(by_code.contains("ZV308"));
    let (_, upper) = run(&["explain", "REF-PIN-MISMATCH"]);
    assert_eq!(upper, by_code);
    // Every name `rules` prints is accepted.
    let (_, table) = run(&["rules"]);
    for line in table.lines().skip(1) {
        let name = line.split_whitespace().nth(2).unwrap();
        let (code, doc) = run(&["explain", name]);
        assert_eq!(code, 0, "{name}");
        assert!(doc.contains(line.split_whitespace().next().unwrap()), "{name}");
    }
    let out = zverify().args(["explain", "no-such-rule"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("zverify rules"));
}

/// Items 3 and 12: the demo shows cargo's progress while it builds, and says what it tampered.
#[test]
fn demo_shows_the_build_and_says_what_was_tampered() {
    let demo = std::fs::read_to_string(repo().join("scripts/demo")).unwrap();
    let build = demo.lines().find(|l| l.starts_with("cargo build")).unwrap();
    assert!(!build.split_whitespace().any(|w| w == "-q" || w == "--quiet"), "{build}");
    assert!(demo.contains("scripts/demo-copies"), "the demo's copies are the README's");
    let tampered = &demo[demo.find("a tampered copy").unwrap()..demo.find("\"$Z\" check \"$tmp/tampered\"").unwrap()];
    for says in ["\\\"amd64\\\" -> \\\"amdX4\\\"", "ZV106", "ZV505", "linux/amdX4", "ZV513"] {
        assert!(tampered.contains(says), "the demo does not say {says}: {tampered}");
    }
    // And what it says is what zverify finds on that copy.
    let tmp = tempfile::tempdir().unwrap();
    demo_copies(tmp.path());
    let (code, text) = run(&["check", s(&tmp.path().join("tampered"))]);
    assert_eq!(code, 1);
    for says in ["error[ZV106]", "error[ZV505]", "warning[ZV513]", "linux/amdX4"] {
        assert!(text.contains(says), "{says}: {text}");
    }
}

/// `scripts/demo-copies`: the tampered and #2425-shaped copies of the example, in `out`.
fn demo_copies(out: &Path) {
    let status = std::process::Command::new("bash")
        .arg(repo().join("scripts/demo-copies"))
        .arg(repo().join("examples/zarf-package-test-amd64"))
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Item 6: an archive cut anywhere is one ZV001 (one defect, one finding), and the summary names
/// the kind as the package's or "unknown", never "(input)".
#[test]
fn a_truncated_archive_is_one_finding_with_a_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let zarf = zverify_tests::zarf::clean_package().build();
    for (name, tar) in [
        ("layout.tar", clean_layout("").build().to_tar()),
        ("zarf.tar", zarf.to_tar()),
        ("zarf.tar.zst", zarf.to_tar_zst()),
    ] {
        // Cuts inside headers, inside data and on block boundaries, spread over the archive.
        let step = (tar.len() / 12).max(1);
        let cuts: Vec<usize> = (1..12)
            .flat_map(|i| [i * step, i * step / 512 * 512, i * step / 512 * 512 + 3])
            .filter(|&c| c > 0)
            .collect();
        for cut in cuts {
            let path = tmp.path().join(format!("{cut}-{name}"));
            std::fs::write(&path, &tar[..cut]).unwrap();
            let out = zverify().args(["check", s(&path), "--format", "json"]).output().unwrap();
            if out.status.code() == Some(2) {
                continue; // too short to be recognised as an archive at all
            }
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            // Cut on an entry boundary, the archive merely lacks its end marker (ZV008, as Go reads it).
            let cut_findings: Vec<&Value> = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["code"] == "ZV001" || f["code"] == "ZV008")
                .collect();
            assert_eq!(cut_findings.len(), 1, "{name} cut at {cut}: {cut_findings:#?}");
            let (_, text) = run(&["check", s(&path), "--quiet"]);
            assert!(!text.contains("(input)"), "{name} cut at {cut}: {text}");
        }
    }
}

/// Item 5: parts cut with plain `split` (part000 is data, not Zarf's JSON) are one ZV515 on
/// part000 saying what it holds and what Zarf expects there, exit 1, whichever part is named.
#[test]
fn plain_split_parts_are_zv515_on_part000() {
    let tmp = tempfile::tempdir().unwrap();
    let zarf = zverify_tests::zarf::clean_package().build();
    for (archive, holds) in [(zarf.to_tar(), "(tar data)"), (zarf.to_tar_zst(), "(a zstd frame)")] {
        let dir = tempfile::tempdir_in(tmp.path()).unwrap();
        let piece = archive.len() / 3 + 1;
        for (i, chunk) in archive.chunks(piece).enumerate() {
            std::fs::write(dir.path().join(format!("pkg.tar.part{i:03}")), chunk).unwrap();
        }
        for (named, extra) in [("pkg.tar.part000", None), ("pkg.tar.part002", None), ("pkg.tar", Some("100"))] {
            let target = dir.path().join(named);
            let mut args = vec!["check", s(&target), "--format", "json"];
            if let Some(cap) = extra {
                // part000 larger than the document cap is still recognised from its first bytes.
                args.extend(["--document-cap", cap]);
            }
            let out = zverify().args(&args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{named}: {stderr}");
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            let findings = v["findings"].as_array().unwrap();
            assert_eq!(findings.len(), 1, "{named}: {findings:#?}");
            assert_eq!(findings[0]["code"], "ZV515");
            assert!(findings[0]["path"].as_str().unwrap().ends_with("pkg.tar.part000"));
            let message = findings[0]["message"].as_str().unwrap();
            assert!(message.contains(holds) && message.contains("plain `split`"), "{message}");
            assert!(message.contains("\"Sha256Sum\"") && message.contains("part001"), "{message}");
        }
    }
}

/// Item 11: `"manifests": null` (zot's empty repository) is an error, and the blob nothing
/// references is still reported; a `manifests` Go cannot read at all leaves its blobs "not walked".
#[test]
fn an_index_with_null_manifests_still_reports_the_stray_blob() {
    let tmp = tempfile::tempdir().unwrap();
    for (manifests, stray_code) in [("null", "ZV109"), ("5", "ZV111"), ("{}", "ZV111")] {
        let dir = tempfile::tempdir_in(tmp.path()).unwrap();
        let mut tree = Tree::default();
        tree.put("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec());
        tree.put("index.json", format!(r#"{{"schemaVersion":2,"manifests":{manifests}}}"#).into_bytes());
        tree.put(&format!("blobs/sha256/{}", sha256_hex(b"stray")), b"stray".to_vec());
        tree.write_dir(dir.path());
        let out = zverify().args(["check", s(dir.path()), "--format", "json"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let codes: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
        assert_eq!(codes, [stray_code, "ZV304"], "manifests: {manifests}");
    }
}

/// Item 9: every run shown in the README (its ```console blocks: `$ zverify …` and what it prints)
/// is what the binary prints today, on the example package and the demo's damaged copies of it
/// (`scripts/demo-copies`). `ZVERIFY_README_UPDATE=1` rewrites the blocks from real runs.
#[test]
fn readme_examples_are_real_runs() {
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let work = tempfile::tempdir().unwrap();
    demo_copies(work.path());
    let example = repo().join("examples/zarf-package-test-amd64");
    Tree::from_dir(&example).write_dir(&work.path().join("examples/zarf-package-test-amd64"));
    // The keyless runs: a keyless-signed Zarf package and its trusted root (tests/vectors/zarf-keyless).
    let keyless = work.path().join("zarf-keyless");
    std::fs::create_dir(&keyless).unwrap();
    for f in [
        "trusted_root.json",
        "zarf-package-keyless-a-amd64-0.1.0.tar.zst",
        "zarf-package-keyless-c-amd64-0.1.0.tar.zst",
    ] {
        std::fs::copy(repo().join("tests/vectors/zarf-keyless").join(f), keyless.join(f)).unwrap();
    }

    let mut out = String::new();
    let mut drift = Vec::new();
    let mut runs = 0;
    let mut lines = readme.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if line.trim_end() != "```console" {
            continue;
        }
        let mut block = Vec::new();
        for l in lines.by_ref() {
            if l.trim_end() == "```" {
                break;
            }
            block.push(l.trim_end_matches('\n').to_owned());
        }
        let mut rewritten = String::new();
        let mut i = 0;
        while i < block.len() {
            let Some(command) = block[i].strip_prefix("$ ") else {
                panic!("README: a console block must start with `$ `: {:?}", block[i])
            };
            i += 1;
            let start = i;
            while i < block.len() && !block[i].starts_with("$ ") {
                i += 1;
            }
            let shown = block[start..i].join("\n");
            // A trailing `  # comment` is the reader's, not the command's.
            let argv: Vec<&str> = command.split("  #").next().unwrap().split_whitespace().collect();
            assert_eq!(argv[0], "zverify", "README runs only zverify: {command}");
            let result = zverify().current_dir(work.path()).args(&argv[1..]).output().unwrap();
            let printed = String::from_utf8(result.stdout).unwrap();
            let printed = printed.trim_end();
            runs += 1;
            if printed != shown.trim_end() {
                drift.push(format!("$ {command}\n--- README\n{shown}\n--- real run\n{printed}"));
            }
            rewritten.push_str(&format!("$ {command}\n"));
            if !printed.is_empty() {
                rewritten.push_str(printed);
                rewritten.push('\n');
            }
            // One blank line between runs, as written.
            if i < block.len() {
                rewritten.push('\n');
            }
        }
        out.push_str(&rewritten);
        out.push_str("```\n");
    }
    assert!(runs >= 4, "the README shows real runs ({runs} found)");
    if std::env::var_os("ZVERIFY_README_UPDATE").is_some() {
        std::fs::write(&path, out).unwrap();
        return;
    }
    assert!(
        drift.is_empty(),
        "README examples drifted from real runs; rewrite them with `ZVERIFY_README_UPDATE=1 cargo test -p zverify --test first_minutes readme`:\n\n{}",
        drift.join("\n\n")
    );
}

const SUBCOMMANDS: [&str; 7] = ["check", "doc", "digest", "rules", "explain", "completions", "man"];

/// Completions for every shell, generated from the clap definitions, name every subcommand; the
/// bash and zsh scripts parse.
#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, script) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completions lack {sub}");
        }
        assert!(script.contains("fail-on"), "{shell} completions lack check's flags");
    }
    let (_, bash) = run(&["completions", "bash"]);
    let syntax = std::process::Command::new("bash").args(["-n", "-c", &bash]).output().unwrap();
    assert!(syntax.status.success(), "{}", String::from_utf8_lossy(&syntax.stderr));
    if let Ok(zsh) = std::process::Command::new("zsh").arg("--version").output() {
        if zsh.status.success() {
            let (_, script) = run(&["completions", "zsh"]);
            let out = std::process::Command::new("zsh").args(["-n", "-c", &script]).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
    }
    let out = zverify().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The man pages: zverify(1) lists the subcommands, zverify-check(1) its flags, `--dir` writes all.
#[test]
fn man_pages_come_from_the_clap_definitions() {
    let (code, page) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH zverify 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"));
    for sub in SUBCOMMANDS {
        assert!(page.contains(&format!("zverify\\-{sub}(1)")), "zverify(1) lacks {sub}");
    }
    let (code, check) = run(&["man", "check"]);
    assert_eq!(code, 0);
    assert!(check.contains(".TH zverify-check 1") && check.contains("\\-\\-fail\\-on"), "{check}");
    assert_eq!(run(&["man", "nonsense"]).0, 2);
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    assert_eq!(run(&["man", "--dir", s(&pages)]).0, 0);
    for sub in SUBCOMMANDS {
        assert!(pages.join(format!("zverify-{sub}.1")).is_file(), "{sub}");
    }
    let written = std::fs::read_to_string(pages.join("zverify.1")).unwrap();
    assert!(written.starts_with(page.lines().take(4).collect::<Vec<_>>().join("\n").as_str()), "{written}");
}

/// `--version` names the version and the commit it was built from (cli/build.rs).
#[test]
fn version_names_the_commit() {
    let (code, out) = run(&["--version"]);
    assert_eq!(code, 0);
    let rest = out.trim().strip_prefix(&format!("zverify {} (commit ", env!("CARGO_PKG_VERSION"))).unwrap();
    let commit = rest.strip_suffix(')').unwrap();
    assert!(commit == "unknown" || commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit()), "{out}");
    // Built with $ZVERIFY_COMMIT (release builds) it is that; else the checkout's HEAD.
    if let Ok(given) = std::env::var("ZVERIFY_COMMIT") {
        assert_eq!(commit, given.trim());
        return;
    }
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(repo())
        .output()
        .ok()
        .filter(|o| o.status.success());
    if let Some(head) = head {
        assert_eq!(commit, String::from_utf8_lossy(&head.stdout).trim(), "built from HEAD");
    }
}

/// Item 2 and the "also expected" list: the README says how to install and where the binary lands,
/// and documents completions, man pages and the version.
#[test]
fn readme_explains_install_completions_and_man() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for says in [
        "cargo install --locked --path cli",
        "~/.cargo/bin/zverify",
        "zverify completions bash",
        "zverify completions zsh",
        "zverify completions fish",
        "zverify completions powershell",
        "zverify man",
        "zverify --version",
        "scripts/release",
    ] {
        assert!(readme.contains(says), "README does not say {says:?}");
    }
}

/// The GitHub Action's download step, run as GitHub would (bash, its env), against a release
/// directory given as a file:// URL: a binary matching its .sha256 is installed; a mismatching one,
/// or none, leaves the compile step to run.
#[test]
fn action_downloads_the_release_binary_when_it_matches() {
    let action: serde_norway::Value =
        serde_norway::from_str(&std::fs::read_to_string(repo().join("action.yml")).unwrap()).unwrap();
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let step = steps.iter().find(|s| s["id"].as_str() == Some("download")).unwrap();
    let script = step["run"].as_str().unwrap();
    let compile =
        steps.iter().find(|s| s["name"].as_str() == Some("Install zverify from this action's source")).unwrap();
    assert!(compile["if"].as_str().unwrap().contains("steps.download.outputs.downloaded != 'true'"));

    let releases = tempfile::tempdir().unwrap();
    let tag = releases.path().join("v9.9.9");
    std::fs::create_dir(&tag).unwrap();
    let bin = std::fs::read(assert_cmd::cargo::cargo_bin("zverify")).unwrap();
    let asset = "zverify-x86_64-unknown-linux-musl";
    std::fs::write(tag.join(asset), &bin).unwrap();
    let run = |sha: &str, reference: &str| {
        std::fs::write(tag.join(format!("{asset}.sha256")), format!("{sha}  {asset}\n")).unwrap();
        let home = tempfile::tempdir().unwrap();
        let output = home.path().join("output");
        let out = std::process::Command::new("bash")
            .args(["-e", "-c", script])
            .env("HOME", home.path())
            .env("GITHUB_OUTPUT", &output)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("ACTION_REPO", "owner/zverify")
            .env("ACTION_REF", reference)
            .env("RELEASES", format!("file://{}", releases.path().display()))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let outputs = std::fs::read_to_string(&output).unwrap();
        let installed = home.path().join(".zverify/bin/zverify");
        let works = std::process::Command::new(&installed).arg("--version").output().is_ok_and(|o| o.status.success());
        (outputs.trim().lines().last().unwrap().to_owned(), works)
    };
    assert_eq!(run(&sha256_hex(&bin), "v9.9.9"), ("downloaded=true".to_owned(), true));
    assert_eq!(run(&sha256_hex(b"other"), "v9.9.9"), ("downloaded=false".to_owned(), false));
    assert_eq!(run(&sha256_hex(&bin), "v0.0.0-no-release"), ("downloaded=false".to_owned(), false));
    assert_eq!(run(&sha256_hex(&bin), ""), ("downloaded=false".to_owned(), false));
}

/// The release workflow builds every target the Action downloads, names the assets as the Action
/// expects, writes their .sha256, builds Linux x86_64 with scripts/release, and attaches them.
#[test]
fn release_workflow_builds_what_the_action_downloads() {
    let wf: serde_norway::Value =
        serde_norway::from_str(&std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap())
            .unwrap();
    let matrix = wf["jobs"]["build"]["strategy"]["matrix"]["include"].as_sequence().unwrap();
    let targets: Vec<&str> = matrix.iter().map(|m| m["target"].as_str().unwrap()).collect();
    let action = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    for t in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&t), "the release workflow does not build {t}");
        assert!(action.contains(&format!("target={t}")), "the action does not download {t}");
    }
    let steps = serde_json::to_string(&serde_json::to_value(&wf["jobs"]).unwrap()).unwrap();
    for says in [
        "scripts/release dist",
        "zverify-$TARGET$EXT.sha256",
        "cargo zigbuild",
        "gh release upload",
        "check examples/zarf-package-test-amd64",
    ] {
        assert!(steps.contains(says), "release.yml lacks {says:?}");
    }
}

/// A file that is not there: exit 2, and the message names the file and the system's reason.
#[test]
fn a_missing_package_is_named_with_the_systems_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere.tar.zst");
    let out = zverify().args(["check", missing.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}: No such file", missing.display())), "{err}");
}
