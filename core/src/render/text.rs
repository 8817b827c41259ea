//! The human report: findings grouped by file, a summary line, colour only on a terminal.

use crate::{Report, Severity};
use std::fmt::Write as _;

pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    }
    fn sev(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.paint("1;31", "error"),
            Severity::Warning => self.paint("1;33", "warning"),
            Severity::Note => self.paint("1;36", "note"),
        }
    }
}

pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut i = 0;
    while v >= 1024.0 && i + 1 < UNITS.len() {
        v /= 1024.0;
        i += 1;
    }
    if i == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[i])
    }
}

fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Text from a package (file names, values quoted in messages) is shown with control characters
/// escaped: a name holding a newline or an ANSI escape must not forge report lines or recolour the
/// terminal. Printable text, including non-ASCII, is kept as it is.
fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

pub fn render(report: &Report, style: &Style, quiet: bool) -> String {
    let mut out = String::new();
    if !quiet {
        let mut last_path: Option<&str> = None;
        for f in &report.findings {
            let path = f.path.as_deref().unwrap_or(&report.target);
            if last_path != Some(path) {
                if last_path.is_some() {
                    out.push('\n');
                }
                let _ = writeln!(out, "{}", style.paint("1", &safe(path)));
                last_path = Some(path);
            }
            let rule = f.code.rule().name;
            let _ = writeln!(out, "  {}[{}] {}: {}", style.sev(f.severity), f.code, rule, safe(&f.message));
            if let Some(p) = &f.pointer {
                let _ = writeln!(out, "      at {}", safe(p));
            }
            if let Some(d) = &f.digest {
                let _ = writeln!(out, "      digest {}", safe(d));
            }
            let _ = writeln!(out, "      {} {}", style.paint("2", "help:"), safe(&f.help));
        }
        if !report.findings.is_empty() {
            out.push('\n');
        }
    }
    let s = &report.summary;
    // The verdict is the gate's (`Summary::verdict`), so it always agrees with the exit code.
    let colour = match (s.passed, s.errors + s.warnings) {
        (false, _) => "1;31",
        (true, 0) => "1;32",
        (true, _) => "1;33",
    };
    let verdict = style.paint(colour, &s.verdict);
    // A report whose input could not be identified (an archive cut before its first entry) says so.
    let kind = report.package.as_ref().map(|p| p.kind.as_str()).unwrap_or("unknown");
    if !report.overrides.is_empty() {
        let list: Vec<String> = report
            .overrides
            .iter()
            .map(|o| {
                let how = format!("{:?} ({:?}", o.level, o.source).to_lowercase();
                format!("{}={how}, {} finding(s))", o.code, o.findings)
            })
            .collect();
        let _ = writeln!(out, "{} {}", style.paint("2", "overrides:"), list.join(", "));
    }
    if let Some(a) = &report.archive {
        let matched = match &a.expected {
            Some(e) if *e == a.sha256 => " (as expected)",
            Some(_) => " (NOT the expected digest)",
            None => "",
        };
        let _ = writeln!(out, "{} sha256:{}{matched}", style.paint("2", "archive:"), a.sha256);
    }
    if let Some(signer) = report.package.as_ref().and_then(|p| p.signer.as_ref()) {
        let log = match (&signer.log, signer.log_index) {
            (Some(url), Some(i)) => format!("{} index {i}", safe(url)),
            _ => "transparency log not checked".into(),
        };
        let _ = writeln!(
            out,
            "{} {} (issuer {}), signed {}, {log}; checked: {}",
            style.paint("2", "signer:"),
            safe(&signer.identity),
            safe(&signer.issuer),
            signer.signing_time,
            signer.checks.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "{verdict} {} ({kind}): {}, {}, {} · {}, {} verified, {} hashed",
        safe(&report.target),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.notes, "note"),
        plural(s.files, "file"),
        plural(s.blobs_verified, "blob"),
        bytes(s.bytes_hashed)
    );
    out
}

/// A closing line over several targets.
pub fn totals(reports: &[&Report]) -> String {
    let sum = |f: fn(&Report) -> u64| reports.iter().map(|r| f(r)).sum::<u64>();
    format!(
        "\n{} targets: {}, {}, {}\n",
        reports.len(),
        plural(sum(|r| r.summary.errors), "error"),
        plural(sum(|r| r.summary.warnings), "warning"),
        plural(sum(|r| r.summary.notes), "note")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Finding, Report};

    #[test]
    fn control_characters_from_a_package_cannot_forge_lines_or_colours() {
        let name = "a\nOK fake".to_owned();
        let f = Finding::of(crate::rules::InvalidBlobPath { name, why: crate::rules::BlobNameError::NotTwoLevels })
            .path("blobs/sha256/a\nOK fake \x1b[32mgreen\r");
        let r = Report::new("pkg\n.tar", vec![f], 1, 0, 1, None);
        let text = render(&r, &Style { color: false }, false);
        assert!(!text.contains('\x1b') && !text.contains('\r'), "{text:?}");
        assert!(text.lines().all(|l| !l.starts_with("OK")), "{text:?}");
        assert!(text.contains("blobs/sha256/a\\nOK fake \\u{1b}[32mgreen\\r"), "{text:?}");
        assert_eq!(text.lines().count(), 5, "{text:?}");
    }

    #[test]
    fn a_verified_keyless_signer_is_shown_and_cannot_forge_lines() {
        let signer = crate::report::SignerInfo {
            identity: "me@example.com\nPASSED".into(),
            issuer: "https://github.com/login/oauth".into(),
            signing_time: "2024-04-02T19:19:09Z".into(),
            log: Some("https://rekor.sigstage.dev".into()),
            log_index: Some(25915956),
            checks: vec!["certificate chain".into(), "SCT".into()],
        };
        let mut r = Report::new("pkg.tar", vec![], 1, 0, 1, None);
        r.package = Some(crate::report::PackageInfo { signer: Some(signer), ..Default::default() });
        let text = render(&r, &Style { color: false }, false);
        let line = text.lines().find(|l| l.starts_with("signer:")).expect("a signer line");
        assert!(line.contains("me@example.com\\nPASSED (issuer https://github.com/login/oauth)"), "{line}");
        assert!(line.contains("signed 2024-04-02T19:19:09Z, https://rekor.sigstage.dev index 25915956; checked: certificate chain, SCT"), "{line}");
        assert!(!text.lines().any(|l| l.starts_with("PASSED")), "{text}");
    }
}
