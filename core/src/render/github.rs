//! GitHub Actions workflow commands: `::error file=<file>,title=ZV…::<message>`, one line per
//! finding, annotating the file in the pull request: the file inside a directory target that the
//! finding is about, or the archive itself; then one line per target with its verdict.

use crate::diag::Severity;
use crate::report::Report;

/// Escape workflow-command data (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a workflow-command property (data escapes plus `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A target as the workspace sees it: `file` is its path relative to the workspace (the CLI works
/// it out); `directory` says that a finding's `path` is a file inside it.
pub struct Target<'a> {
    pub report: &'a Report,
    pub file: &'a str,
    pub directory: bool,
}

pub fn render(targets: &[Target<'_>]) -> String {
    let mut out = String::new();
    for t in targets {
        let r = t.report;
        for f in &r.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let name = f.code.rule().name;
            // In a directory the finding's file is a file of the workspace: annotate it. In an
            // archive it is not, so the archive is annotated and the path named in the message.
            let (file, mut at) = match (&f.path, t.directory) {
                (Some(p), true) => (format!("{}/{p}", t.file.trim_end_matches('/')), String::new()),
                (p, _) => (t.file.to_owned(), p.clone().unwrap_or_default()),
            };
            if let Some(p) = &f.pointer {
                if !at.is_empty() {
                    at.push(' ');
                }
                at.push_str(p);
            }
            let message = if at.is_empty() { f.message.clone() } else { format!("{at}: {}", f.message) };
            out.push_str(&format!(
                "::{command} file={},title={}::{} (help: {})\n",
                property(&file),
                property(&format!("{} {name}", f.code)),
                data(&message),
                data(&f.help)
            ));
        }
        let s = &r.summary;
        out.push_str(&format!(
            "::{} file={},title={}::{}: {} errors, {} warnings, {} notes (fail-on {})\n",
            if s.passed { "notice" } else { "error" },
            property(t.file),
            property(&format!("zverify {}", s.verdict)),
            data(&r.target),
            s.errors,
            s.warnings,
            s.notes,
            s.fail_on.as_str()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(super::data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
