//! GitHub Actions workflow commands: `::error file=<package>,title=ZV…::<message>`, one line per
//! finding, annotating the package file in the pull request.

use crate::diag::Severity;
use crate::report::Report;
use crate::rules;

/// Escape workflow-command data (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a workflow-command property (data escapes plus `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[&Report]) -> String {
    let mut out = String::new();
    for r in reports {
        for f in &r.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let name = rules::lookup(f.code).map(|r| r.name).unwrap_or("");
            let mut at = f.path.clone().unwrap_or_default();
            if let Some(p) = &f.pointer {
                at.push_str(&format!(" {p}"));
            }
            let message = if at.is_empty() { f.message.clone() } else { format!("{at}: {}", f.message) };
            out.push_str(&format!(
                "::{command} file={},title={}::{} (help: {})\n",
                property(&r.target),
                property(&format!("{} {name}", f.code)),
                data(&message),
                data(&f.help)
            ));
        }
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
