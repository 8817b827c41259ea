//! JUnit XML: one test suite per target, one test case per rule. A rule fails when it has
//! findings at or above the gate's threshold; findings below it go to `<system-out>`.

use super::target_name;
use crate::diag::Severity;
use crate::report::Report;
use crate::rules;

/// XML 1.0 text/attribute escaping; characters XML 1.0 cannot carry become U+FFFD.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A test case fails when it has findings the report's gate (`summary.fail_on`) fails on; each
/// suite carries the verdict as properties.
pub fn render(reports: &[&Report]) -> String {
    let total_cases = reports.len() * rules::ALL.len();
    let mut total_failures = 0;
    let mut suites = String::new();
    for r in reports {
        let name = target_name(&r.target);
        let fail_on = r.summary.fail_on;
        let mut cases = String::new();
        let mut failures = 0;
        for rule in rules::ALL {
            let found: Vec<_> = r.findings.iter().filter(|f| f.code == rule.code).collect();
            let fails = |f: &&&crate::diag::Finding| fail_on.fails(f.severity);
            let failing: Vec<_> = found.iter().filter(fails).collect();
            cases.push_str(&format!(
                "    <testcase classname=\"zverify.{}\" name=\"{} {}\">\n",
                esc(name),
                rule.code,
                rule.name
            ));
            let line = |f: &crate::diag::Finding| {
                format!(
                    "{} {}{}: {}\n",
                    f.severity,
                    f.path.as_deref().unwrap_or(&r.target),
                    f.pointer.as_deref().map(|p| format!(" {p}")).unwrap_or_default(),
                    f.message
                )
            };
            if !failing.is_empty() {
                failures += 1;
                let body: String = failing.iter().map(|f| line(f)).collect();
                cases.push_str(&format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    esc(&format!("{} finding(s): {}", failing.len(), failing[0].message)),
                    failing.iter().map(|f| f.severity).max().unwrap_or(Severity::Error),
                    esc(&format!("{body}help: {}", rule.help))
                ));
            }
            // The complement of `failing` by the same test (not by searching `failing`, which was
            // quadratic in the findings of one rule).
            let quiet: String = found.iter().filter(|f| !fails(f)).map(|f| line(f)).collect();
            if !quiet.is_empty() {
                cases.push_str(&format!("      <system-out>{}</system-out>\n", esc(&quiet)));
            }
            cases.push_str("    </testcase>\n");
        }
        total_failures += failures;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n    <properties>\n      <property name=\"verdict\" value=\"{}\"/>\n      <property name=\"passed\" value=\"{}\"/>\n      <property name=\"fail-on\" value=\"{}\"/>\n    </properties>\n{cases}  </testsuite>\n",
            esc(&r.target),
            rules::ALL.len(),
            esc(&r.summary.verdict),
            r.summary.passed,
            fail_on.as_str()
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"zverify\" tests=\"{total_cases}\" failures=\"{total_failures}\">\n{suites}</testsuites>\n"
    )
}
