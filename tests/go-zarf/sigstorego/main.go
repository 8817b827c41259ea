// sigstore-go-verify: sigstore-go's own verifier (github.com/sigstore/sigstore-go, Apache-2.0, the
// version Zarf vendors: see vendor/modules.txt), asked for a verdict on a keyless bundle, so
// zverify's engine can be compared with Go's Sigstore implementation case by case
// (tests/tests/sigstore_go.rs). Offline: the trusted root comes with each request. Built inside a
// Zarf source tree with its vendor/ directory by scripts/sigstore-go-oracle (no module proxy).
//
// The verifier is configured as sigstore-go's own verification example
// (examples/sigstore-go-verification, its defaults) does for keyless: one SCT, one observer
// timestamp (the log's integrated time or an RFC 3161 timestamp), one transparency log entry; the
// policy is the artifact and the exact identity and issuer. For a DSSE envelope sigstore-go itself
// matches the in-toto statement's subjects against the artifact's digest.
//
// Protocol (as tests/py/sigstore_verify.py): a 4-byte big-endian length + a JSON request
// {"bundle": b64, "artifact": b64, "trusted_root": b64, "identity": s, "issuer": s}; one JSON line
// per request: {"ok": bool, "error": "..."}.
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/sigstore/sigstore-go/pkg/bundle"
	"github.com/sigstore/sigstore-go/pkg/root"
	"github.com/sigstore/sigstore-go/pkg/verify"
)

type request struct {
	Bundle      []byte `json:"bundle"`
	Artifact    []byte `json:"artifact"`
	TrustedRoot []byte `json:"trusted_root"`
	Identity    string `json:"identity"`
	Issuer      string `json:"issuer"`
}

type answer struct {
	Ok    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

func check(req *request) error {
	var b bundle.Bundle
	if err := b.UnmarshalJSON(req.Bundle); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	tr, err := root.NewTrustedRootFromJSON(req.TrustedRoot)
	if err != nil {
		return fmt.Errorf("trusted root: %w", err)
	}
	v, err := verify.NewVerifier(tr,
		verify.WithSignedCertificateTimestamps(1),
		verify.WithObserverTimestamps(1),
		verify.WithTransparencyLog(1),
	)
	if err != nil {
		return fmt.Errorf("verifier: %w", err)
	}
	id, err := verify.NewShortCertificateIdentity(req.Issuer, "", req.Identity, "")
	if err != nil {
		return fmt.Errorf("identity: %w", err)
	}
	_, err = v.Verify(&b, verify.NewPolicy(verify.WithArtifact(bytes.NewReader(req.Artifact)), verify.WithCertificateIdentity(id)))
	return err
}

// version: the sigstore-go module this binary was built with (`--version`), for the record's header.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "github.com/sigstore/sigstore-go" {
				return d.Path + " " + d.Version
			}
		}
	}
	return "github.com/sigstore/sigstore-go (unknown version)"
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Println(version())
		return
	}
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	for {
		var n uint32
		if err := binary.Read(in, binary.BigEndian, &n); err != nil {
			if err == io.EOF {
				return
			}
			panic(err)
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(in, buf); err != nil {
			panic(err)
		}
		var req request
		ans := answer{Ok: true}
		if err := json.Unmarshal(buf, &req); err != nil {
			panic(err)
		}
		if err := check(&req); err != nil {
			ans = answer{Ok: false, Error: err.Error()}
		}
		line, _ := json.Marshal(ans)
		out.Write(line)
		out.WriteByte('\n')
		out.Flush()
	}
}
