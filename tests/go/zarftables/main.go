// zarftables: writes core/src/zarf/yaml_types_gen.rs, the Go type of every zarf.yaml field, by
// reflection over Zarf's own structs (v1alpha1.ZarfPackage and v1beta1.Package).
//
// How the structs get here: reflection, not go/ast. Both packages (zarf-dev/zarf src/api/v1alpha1
// and src/api/v1beta1) import only the standard library, so their non-test files are copied
// unchanged into zarf/ (Apache-2.0, zarf/LICENSE) and compiled with this program. Nothing is
// fetched: the Go module proxy cannot be reached from the project's machines (go mod download of
// zarf-dev/zarf fails there), and the tests build with GOPROXY=off. The copies are pinned: the
// program refuses to run when a file's git blob hash is not the one listed below for zarfCommit.
// To follow a newer Zarf, copy its files in, update zarfCommit and blobs (`git ls-tree COMMIT
// src/api/v1alpha1/ src/api/v1beta1/`), and regenerate (tests/tests/zarf_tables.rs says how).
//
// What the reflection follows is what goccy/go-yaml v1.19.2 (Zarf's decoder) follows: the `yaml`
// tag, else the `json` tag, for the key; `,inline` embedded structs flattened into their parent;
// unexported fields and `-` skipped; pointers decode as their element. Anything it does not know
// (another kind, an embedded struct without `,inline`, a field without a tag, a type with its own
// unmarshaler) stops it with an error rather than being guessed.
//
// Usage: zarftables > core/src/zarf/yaml_types_gen.rs
package main

import (
	"crypto/sha1"
	"embed"
	"encoding"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"sort"
	"strings"

	"zverify.test/zarftables/zarf/v1alpha1"
	"zverify.test/zarftables/zarf/v1beta1"
)

// The Zarf commit the oracle is built from (../shared/tools/zarf-oracle/README.md).
const zarfCommit = "97a1b4d0e9ca6095450f87a9c8690d5c76f71702"

// The git blob hash of each copied file at zarfCommit, as `git ls-tree` lists it.
var blobs = map[string]string{
	"zarf/v1alpha1/component.go":       "a064e2bd695672e3f61f6e4c4671f7d0806ea2b5",
	"zarf/v1alpha1/package.go":         "5c4041cda91c356e110d2c351bad3866a55061a9",
	"zarf/v1beta1/component.go":        "4d94510fb3ec729cd4733fd113e8ebe2969921de",
	"zarf/v1beta1/component_config.go": "13e9be7ea77d88c0dae063ffe5d2e06dd401f8db",
	"zarf/v1beta1/deprecated.go":       "7ac60fd6b0ef5a8848a5d8d66235f99885bf4fdc",
	"zarf/v1beta1/package.go":          "230b373868caa4e5b2cfdfa8ce23e15628ea0039",
}

//go:embed zarf/v1alpha1/*.go zarf/v1beta1/*.go
var sources embed.FS

// The string fields zverify reads itself (Ty::ReadStr in core/src/zarf/yaml_types.rs: only a YAML
// string or boolean is accepted there), as "package.GoType.jsonName". A list of strings is marked
// by its field. Every entry must name a real string field: a renamed one stops the program.
var readStr = map[string]bool{
	"v1alpha1.ZarfPackage.apiVersion":         true,
	"v1alpha1.ZarfPackage.kind":               true,
	"v1alpha1.ZarfMetadata.name":              true,
	"v1alpha1.ZarfMetadata.version":           true,
	"v1alpha1.ZarfMetadata.architecture":      true,
	"v1alpha1.ZarfMetadata.aggregateChecksum": true,
	"v1alpha1.ZarfBuildData.architecture":     true,
	"v1alpha1.ZarfBuildData.version":          true,
	"v1alpha1.ZarfBuildData.flavor":           true,
	"v1alpha1.ZarfBuildData.provenanceFiles":  true,
	"v1alpha1.ZarfComponent.name":             true,
	"v1alpha1.ZarfComponent.images":           true,
	"v1alpha1.ImageArchive.images":            true,
	"v1beta1.Package.apiVersion":              true,
	"v1beta1.Package.kind":                    true,
	"v1beta1.PackageMetadata.name":            true,
	"v1beta1.PackageMetadata.version":         true,
	"v1beta1.PackageMetadata.architecture":    true,
	"v1beta1.BuildData.architecture":          true,
	"v1beta1.BuildData.version":               true,
	"v1beta1.BuildData.flavor":                true,
	"v1beta1.BuildData.provenanceFiles":       true,
	"v1beta1.BuildData.aggregateChecksum":     true,
	"v1beta1.Component.name":                  true,
	"v1beta1.Image.name":                      true,
	"v1beta1.ImageArchive.images":             true,
}

var (
	usedReadStr = map[string]bool{}
	// One Rust const per named Go struct, in the order first met.
	order  []reflect.Type
	consts = map[reflect.Type]string{}
	bodies = map[reflect.Type]string{}
)

func die(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "zarftables: "+format+"\n", args...)
	os.Exit(1)
}

func checkSources() []string {
	var lines []string
	seen := map[string]bool{}
	err := fs.WalkDir(sources, "zarf", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := sources.ReadFile(path)
		if err != nil {
			return err
		}
		h := sha1.New()
		fmt.Fprintf(h, "blob %d\x00", len(data))
		h.Write(data)
		got := fmt.Sprintf("%x", h.Sum(nil))
		want, ok := blobs[path]
		if !ok {
			die("%s is not one of the pinned Zarf files", path)
		}
		if got != want {
			die("%s has git blob %s, not %s (zarf-dev/zarf@%s): copy it unchanged from that commit", path, got, want, zarfCommit)
		}
		seen[path] = true
		lines = append(lines, fmt.Sprintf("//   src/api/%s  (git blob %s)", strings.TrimPrefix(path, "zarf/"), got))
		return nil
	})
	if err != nil {
		die("reading the embedded sources: %v", err)
	}
	for p := range blobs {
		if !seen[p] {
			die("pinned file %s is missing", p)
		}
	}
	sort.Strings(lines)
	return lines
}

// The Rust const name of a named struct: A_ for v1alpha1, B_ for v1beta1, then the Go name in
// upper snake case.
func constName(t reflect.Type) string {
	prefix := map[string]string{"v1alpha1": "A_", "v1beta1": "B_"}[pkgName(t)]
	if prefix == "" {
		die("type %s is from package %q, not v1alpha1 or v1beta1", t, t.PkgPath())
	}
	var b strings.Builder
	name := t.Name()
	for i, r := range name {
		upper := r >= 'A' && r <= 'Z'
		if upper && i > 0 {
			prev := rune(name[i-1])
			nextLower := i+1 < len(name) && name[i+1] >= 'a' && name[i+1] <= 'z'
			if (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9') || (prev >= 'A' && prev <= 'Z' && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteString(strings.ToUpper(string(r)))
	}
	return prefix + b.String()
}

func pkgName(t reflect.Type) string {
	p := t.PkgPath()
	return p[strings.LastIndex(p, "/")+1:]
}

var (
	textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
)

// refuseCustomDecoding stops on a type that decodes itself: its table entry would not say what
// goccy accepts.
func refuseCustomDecoding(t reflect.Type) {
	for _, tt := range []reflect.Type{t, reflect.PointerTo(t)} {
		for _, m := range []string{"UnmarshalYAML", "UnmarshalJSON", "UnmarshalText"} {
			if _, ok := tt.MethodByName(m); ok {
				die("%s has its own %s: the tables cannot describe what it accepts", t, m)
			}
		}
		if tt.Implements(textUnmarshaler) {
			die("%s implements encoding.TextUnmarshaler", t)
		}
	}
}

// ty renders the Rust Ty of a Go type; read marks a string zverify reads itself.
func ty(t reflect.Type, read bool, where string) string {
	refuseCustomDecoding(t)
	if read && !(t.Kind() == reflect.String || (t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String)) {
		die("%s is marked as read by zverify but is %s, not a string or list of strings", where, t)
	}
	switch t.Kind() {
	case reflect.Pointer:
		return ty(t.Elem(), read, where)
	case reflect.String:
		if read {
			return "ReadStr"
		}
		return "Str"
	case reflect.Bool:
		return "Bool"
	case reflect.Int, reflect.Int64:
		return "Int"
	case reflect.Int32:
		return "Int32"
	case reflect.Interface:
		if t.NumMethod() != 0 {
			die("%s: interface %s with methods", where, t)
		}
		return "Any"
	case reflect.Slice:
		return "List(&" + ty(t.Elem(), read, where) + ")"
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			die("%s: map key %s is not a string", where, t.Key())
		}
		return "Map(&" + ty(t.Elem(), false, where) + ")"
	case reflect.Struct:
		if t.Name() == "" {
			die("%s: anonymous struct", where)
		}
		if _, ok := consts[t]; !ok {
			consts[t] = constName(t)
			order = append(order, t)
			bodies[t] = "Struct(&[\n" + fields(t, "    ") + "])"
		}
		return consts[t]
	default:
		die("%s: Go kind %s is not in the tables (add it to Ty first)", where, t.Kind())
	}
	return ""
}

// fields renders the fields of struct t (inline ones flattened), one per line.
func fields(t reflect.Type, indent string) string {
	var b strings.Builder
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("yaml")
		if !ok {
			tag, ok = f.Tag.Lookup("json")
		}
		name, opts, _ := strings.Cut(tag, ",")
		inline := false
		for _, o := range strings.Split(opts, ",") {
			inline = inline || o == "inline"
		}
		where := pkgName(t) + "." + t.Name() + "." + f.Name
		switch {
		case !f.IsExported() && !f.Anonymous:
			continue // goccy cannot set it
		case name == "-" && opts == "":
			continue
		case f.Anonymous:
			if !inline || f.Type.Kind() != reflect.Struct {
				die("%s: an embedded field that is not an inline struct", where)
			}
			refuseCustomDecoding(f.Type)
			b.WriteString(fmt.Sprintf("%s// %s inlined\n", indent, f.Type.Name()))
			b.WriteString(fields(f.Type, indent))
			continue
		case !ok || name == "":
			die("%s has no yaml or json name", where)
		case inline:
			die("%s: inline on a named field", where)
		}
		key := pkgName(t) + "." + t.Name() + "." + name
		read := readStr[key]
		if read {
			usedReadStr[key] = true
		}
		b.WriteString(fmt.Sprintf("%s(%q, %s),\n", indent, name, ty(f.Type, read, where)))
	}
	return b.String()
}

func main() {
	files := checkSources()
	alpha := ty(reflect.TypeOf(v1alpha1.ZarfPackage{}), false, "v1alpha1.ZarfPackage")
	beta := ty(reflect.TypeOf(v1beta1.Package{}), false, "v1beta1.Package")
	for k := range readStr {
		if !usedReadStr[k] {
			die("readStr entry %s names no field", k)
		}
	}
	var b strings.Builder
	b.WriteString("// @generated by tests/go/zarftables (Go reflection over Zarf's own structs); do not edit.\n")
	b.WriteString("// Regenerate: ZVERIFY_TABLES_UPDATE=1 cargo test -p zverify-tests --test zarf_tables\n")
	b.WriteString("// (that test fails when this file is not what the program writes).\n")
	b.WriteString("//\n")
	b.WriteString("// From zarf-dev/zarf " + zarfCommit + ", the commit the oracle is built from:\n")
	for _, l := range files {
		b.WriteString(l + "\n")
	}
	b.WriteString("//\n")
	b.WriteString("// One const per Go struct (A_ v1alpha1, B_ v1beta1); fields in Go order, by yaml/json key;\n")
	b.WriteString("// ReadStr marks the strings zverify reads itself (the program's readStr list).\n")
	b.WriteString("\n")
	b.WriteString("/// `v1alpha1.ZarfPackage`.\n")
	b.WriteString("pub(crate) static V1ALPHA1: Ty = " + alpha + ";\n")
	b.WriteString("/// `v1beta1.Package`.\n")
	b.WriteString("pub(crate) static V1BETA1: Ty = " + beta + ";\n")
	for _, t := range order {
		b.WriteString(fmt.Sprintf("\n/// `%s.%s`.\nconst %s: Ty = %s;\n", pkgName(t), t.Name(), consts[t], bodies[t]))
	}
	os.Stdout.WriteString(b.String())
}
