// tarview: what Zarf leaves on disk when it extracts a tar, asked of Go itself.
//
// Zarf (zarf-dev/zarf src/pkg/archive/archive.go, main 2026-08, Apache-2.0) extracts a package
// with mholt/archives' Tar.Extract — Go's archive/tar Reader.Next in a loop, PAX global headers
// skipped, any error fatal — and writes each entry with writeEntry: names validated
// (validateEntryName), then under an os.Root: MkdirAll for directories (FileInfo().IsDir()),
// root.Link for hard links, root.Symlink (after validateSymlink) for any other entry with a link
// name, and for everything else MkdirAll of the parent and OpenFile(O_CREATE|O_WRONLY, no
// O_TRUNC) plus io.Copy. This program does exactly that into a temporary directory, then walks
// it. Standard library only.
//
// Protocol (tests/src/gorun.rs): requests are a 4-byte big-endian length and that many bytes; each
// gets one JSON line. The first request byte is the command:
//
//	'v' + tar bytes   -> {"error": "..."} when Zarf's extraction fails, else
//	                     {"entries": {"path": {"type": "file"|"dir"|"symlink", "size": N, "sha256": "hex"}}}
//	'w' + JSON {"format": "ustar"|"pax"|"gnu", "entries": [{"name", "type": "file"|"dir", "data": base64}]}
//	                  -> {"tar": base64} written by Go's archive/tar Writer (as Zarf's own writer does)
//
// One difference from Zarf, on purpose: permissions from the archive are widened to the owner's
// read/write(/search) so that the answer does not depend on the user running the tests.
package main

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

var windowsReservedNames = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM0": true, "COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true,
	"COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT0": true, "LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true,
	"LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
}

// validateEntryName is Zarf's, verbatim.
func validateEntryName(name string) error {
	if name == "" {
		return fmt.Errorf("empty entry name")
	}
	if strings.ContainsRune(name, '\\') {
		return fmt.Errorf("entry name %q contains backslash", name)
	}
	for part := range strings.SplitSeq(name, "/") {
		if strings.ContainsRune(part, ':') {
			return fmt.Errorf("path component %q contains invalid character ':'", part)
		}
		if part != "." && part != ".." && part != strings.TrimRight(part, ". ") {
			return fmt.Errorf("path component %q has trailing dots or spaces", part)
		}
		upper := strings.ToUpper(part)
		if windowsReservedNames[upper] {
			return fmt.Errorf("path component %q is a reserved device name", part)
		}
		if dot := strings.IndexByte(upper, '.'); dot > 0 && windowsReservedNames[upper[:dot]] {
			return fmt.Errorf("path component %q uses a reserved device name with extension", part)
		}
	}
	return nil
}

// validateSymlink is Zarf's, verbatim.
func validateSymlink(rel, linkTarget string) error {
	if linkTarget == "" {
		return fmt.Errorf("empty symlink target for %q", rel)
	}
	if linkTarget[0] == '/' || linkTarget[0] == '\\' {
		return fmt.Errorf("symlink target %q is absolute or rooted, which is not allowed", linkTarget)
	}
	if filepath.IsAbs(linkTarget) {
		return fmt.Errorf("absolute symlink target %q is not allowed", linkTarget)
	}
	if filepath.VolumeName(linkTarget) != "" {
		return fmt.Errorf("symlink target %q contains a volume name", linkTarget)
	}
	resolved := path.Clean(path.Join(path.Dir(rel), linkTarget))
	if resolved == ".." || strings.HasPrefix(resolved, "../") {
		return fmt.Errorf("symlink target %q escapes root directory", linkTarget)
	}
	return nil
}

// writeEntry is Zarf's defaultHandler/writeEntry with the archives.FileInfo taken from the header.
func writeEntry(root *os.Root, hdr *tar.Header, data io.Reader) error {
	rel, linkTarget := hdr.Name, hdr.Linkname
	fi := hdr.FileInfo()
	if err := validateEntryName(rel); err != nil {
		return err
	}
	rel = strings.TrimSuffix(rel, "/")
	switch {
	case fi.IsDir():
		return root.MkdirAll(rel, fi.Mode().Perm()|0o700)
	case linkTarget != "":
		if err := validateEntryName(linkTarget); err != nil {
			return err
		}
		if hdr.Typeflag == tar.TypeLink {
			return root.Link(linkTarget, rel)
		}
		if err := validateSymlink(rel, linkTarget); err != nil {
			return err
		}
		return root.Symlink(filepath.FromSlash(linkTarget), rel)
	default:
		if dir := path.Dir(rel); dir != "." {
			if err := root.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		out, err := root.OpenFile(rel, os.O_CREATE|os.O_WRONLY, fi.Mode().Perm()|0o600)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, data)
		return errors.Join(err, out.Close())
	}
}

type node struct {
	Type   string `json:"type"`
	Size   int64  `json:"size"`
	Sha256 string `json:"sha256,omitempty"`
}

func view(tarBytes []byte) (map[string]node, error) {
	dir, err := os.MkdirTemp(tmpBase, "tarview-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	tr := tar.NewReader(bytes.NewReader(tarBytes))
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if hdr.Typeflag == tar.TypeXGlobalHeader {
			continue
		}
		if err := writeEntry(root, hdr, tr); err != nil {
			return nil, fmt.Errorf("handling file: %s: %w", hdr.Name, err)
		}
	}
	out := map[string]node{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = node{Type: "symlink", Size: int64(len(target))}
		case d.IsDir():
			out[rel] = node{Type: "dir"}
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			out[rel] = node{Type: "file", Size: int64(len(b)), Sha256: hex.EncodeToString(sum[:])}
		default:
			out[rel] = node{Type: "other"}
		}
		return nil
	})
	return out, err
}

type writeSpec struct {
	Format  string `json:"format"`
	Entries []struct {
		Name string `json:"name"`
		Type string `json:"type"`
		Data []byte `json:"data"`
	} `json:"entries"`
}

func write(spec []byte) ([]byte, error) {
	var s writeSpec
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, err
	}
	format := map[string]tar.Format{"ustar": tar.FormatUSTAR, "pax": tar.FormatPAX, "gnu": tar.FormatGNU}[s.Format]
	if format == tar.FormatUnknown {
		return nil, fmt.Errorf("unknown format %q", s.Format)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range s.Entries {
		hdr := &tar.Header{Name: e.Name, Mode: 0o644, Size: int64(len(e.Data)), Typeflag: tar.TypeReg, Format: format}
		if e.Type == "dir" {
			hdr = &tar.Header{Name: e.Name, Mode: 0o755, Typeflag: tar.TypeDir, Format: format}
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.Data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// tmpBase is where extractions go: memory (/dev/shm) when the machine has it, for speed.
var tmpBase = ""

func main() {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "tarview-probe-"); err == nil {
			os.Remove(d)
			tmpBase = "/dev/shm"
		}
	}
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for {
		var n uint32
		if err := binary.Read(in, binary.BigEndian, &n); err != nil {
			return
		}
		req := make([]byte, n)
		if _, err := io.ReadFull(in, req); err != nil {
			return
		}
		var answer any
		switch {
		case len(req) > 0 && req[0] == 'v':
			if entries, err := view(req[1:]); err != nil {
				answer = map[string]string{"error": err.Error()}
			} else {
				answer = map[string]any{"entries": entries}
			}
		case len(req) > 0 && req[0] == 'w':
			if t, err := write(req[1:]); err != nil {
				answer = map[string]string{"error": err.Error()}
			} else {
				answer = map[string]any{"tar": t}
			}
		default:
			answer = map[string]string{"error": "unknown command"}
		}
		if err := enc.Encode(answer); err != nil {
			return
		}
		if err := out.Flush(); err != nil {
			return
		}
	}
}
