//! The zarf.yaml type tables (core/src/zarf/yaml_types_gen.rs) are exactly what tests/go/zarftables
//! writes by reflection over Zarf's own structs (copied unchanged, and hash-pinned, from the Zarf
//! commit the oracle is built from). A field Zarf adds, or a hand edit of the tables, makes the
//! committed file differ from the program's output, and this test fail.
//!
//! Without Go it fails and says how to install it (`gorun::go_command`): it never passes unrun.
//! `ZVERIFY_TABLES_UPDATE=1` rewrites the file instead.
// Runs Go and reads the repository.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::path::Path;
use std::process::Command;

#[test]
fn generated_zarf_yaml_tables_are_current() {
    let bin = zverify_tests::gorun::build("zarftables");
    let out = Command::new(&bin).output().expect("run tests/go/zarftables");
    assert!(out.status.success(), "tests/go/zarftables failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let generated = String::from_utf8(out.stdout).expect("the generator writes UTF-8");
    assert!(generated.contains("static V1ALPHA1: Ty") && generated.contains("static V1BETA1: Ty"));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/src/zarf/yaml_types_gen.rs");
    if std::env::var_os("ZVERIFY_TABLES_UPDATE").is_some() {
        std::fs::write(&path, &generated).expect("write yaml_types_gen.rs");
        eprintln!("rewrote {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).expect("read yaml_types_gen.rs");
    if committed != generated {
        let first = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()));
        panic!(
            "core/src/zarf/yaml_types_gen.rs is stale: line {} is {:?}, the generator writes {:?}. Regenerate it with \
             `ZVERIFY_TABLES_UPDATE=1 cargo test -p zverify-tests --test zarf_tables` and review the diff.",
            first + 1,
            committed.lines().nth(first).unwrap_or("(end of file)"),
            generated.lines().nth(first).unwrap_or("(end of file)"),
        );
    }
}
