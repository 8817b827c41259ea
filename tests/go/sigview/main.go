// sigview: the two Go decoders Zarf's bundle verification turns on, asked of Go itself.
//
//   - protojson's unmarshalBytes (google.golang.org/protobuf v1.36.12-0.20260120151049-f2248ac996af,
//     encoding/protojson/decode.go, BSD-3-Clause), verbatim: how a Sigstore bundle's `bytes`
//     fields (digest, signature) are decoded;
//   - sigstore's ECDSAVerifier.VerifySignature (sigstore/sigstore v1.10.8,
//     pkg/signature/ecdsa.go, Apache-2.0), verbatim after the digest is computed: ASN.1 when
//     encoding/asn1 reads two INTEGERs (then ecdsa.VerifyASN1), else IEEE P1363 r||s.
//
// Standard library only. Protocol (tests/src/gorun.rs): 4-byte big-endian length + request; one
// JSON line per request. First byte is the command:
//
//	'b' + string                          -> {"ok": bool, "hex": "decoded bytes"}
//	'e' + 65-byte uncompressed P-256 key + 32-byte sha256 digest + signature
//	                                      -> {"ok": bool, "asn1": bool, "error": "..."}
package main

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/asn1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"os"
	"strings"
)

func unmarshalBytes(s string) ([]byte, bool) {
	enc := base64.StdEncoding
	if strings.ContainsAny(s, "-_") {
		enc = base64.URLEncoding
	}
	if len(s)%4 != 0 {
		enc = enc.WithPadding(base64.NoPadding)
	}
	b, err := enc.DecodeString(s)
	if err != nil {
		return nil, false
	}
	return b, true
}

func verifySignature(pub *ecdsa.PublicKey, digest, sigBytes []byte) (bool, error) {
	asnParseTest := struct {
		R, S *big.Int
	}{}
	if _, err := asn1.Unmarshal(sigBytes, &asnParseTest); err == nil {
		if !ecdsa.VerifyASN1(pub, digest, sigBytes) {
			return true, errors.New("invalid signature when validating ASN.1 encoded signature")
		}
	} else {
		// deal with IEEE P1363 encoding of signatures
		if len(sigBytes) == 0 || len(sigBytes) > 132 || len(sigBytes)%2 != 0 {
			return false, errors.New("ecdsa: Invalid IEEE_P1363 encoded bytes")
		}
		r := new(big.Int).SetBytes(sigBytes[:len(sigBytes)/2])
		s := new(big.Int).SetBytes(sigBytes[len(sigBytes)/2:])
		if !ecdsa.Verify(pub, digest, r, s) {
			return false, errors.New("invalid signature when validating IEEE_P1363 encoded signature")
		}
		return false, nil
	}
	return true, nil
}

func main() {
	in := bufio.NewReader(os.Stdin)
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
		switch req[0] {
		case 'b':
			b, ok := unmarshalBytes(string(req[1:]))
			enc.Encode(map[string]any{"ok": ok, "hex": hex.EncodeToString(b)})
		case 'e':
			key, digest, sig := req[1:66], req[66:98], req[98:]
			x, y := elliptic.Unmarshal(elliptic.P256(), key) //nolint:staticcheck // the simplest way to a PublicKey
			pub := &ecdsa.PublicKey{Curve: elliptic.P256(), X: x, Y: y}
			isASN1, err := verifySignature(pub, digest, sig)
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			enc.Encode(map[string]any{"ok": err == nil, "asn1": isASN1, "error": msg})
		default:
			enc.Encode(map[string]any{"error": "unknown command"})
		}
		out.Flush()
	}
}
