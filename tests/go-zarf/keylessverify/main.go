// zarf-keyless-verify: Zarf's own keyless check of a package's signature, as `zarf package verify`
// / deploy make it for a zarf.bundle.sig: the options of src/cmd/package.go buildVerifyBlobOptions
// (signing.DefaultVerifyBlobOptions; with a keyless identity the transparency log is checked
// unless --insecure-ignore-tlog is given; SCTs are not checked), then what
// layout.PackageLayout.VerifyPackageSignature does (TSA timestamps switch on signed-timestamp
// verification; signing.CosignVerifyBlobWithOptions over zarf.yaml with the bundle).
//
// usage: zarf-keyless-verify DIR TRUSTED_ROOT IDENTITY ISSUER [--insecure-ignore-tlog] [--with-sct]
// prints "ZARF VERIFIED" (exit 0) or "ZARF REFUSED: <error>" (exit 1).
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zarf-dev/zarf/src/pkg/signing"
)

func main() {
	if len(os.Args) < 5 {
		fmt.Fprintln(os.Stderr, "usage: zarf-keyless-verify DIR TRUSTED_ROOT IDENTITY ISSUER [--insecure-ignore-tlog] [--with-sct]")
		os.Exit(2)
	}
	dir := os.Args[1]
	opts := signing.DefaultVerifyBlobOptions()
	opts.CertVerify.CertIdentity = os.Args[3]
	opts.CertVerify.CertOidcIssuer = os.Args[4]
	opts.CommonVerifyOptions.TrustedRootPath = os.Args[2]
	opts.CommonVerifyOptions.IgnoreTlog = false // buildVerifyBlobOptions: a keyless identity, no explicit flag
	for _, a := range os.Args[5:] {
		switch a {
		case "--insecure-ignore-tlog":
			opts.CommonVerifyOptions.IgnoreTlog = true
		case "--with-sct":
			opts.CertVerify.IgnoreSCT = false
		default:
			fmt.Fprintln(os.Stderr, "unknown option", a)
			os.Exit(2)
		}
	}
	opts.TempDir = os.TempDir()
	bundlePath := filepath.Join(dir, "zarf.bundle.sig")
	info, err := signing.ReadBundleInfo(bundlePath)
	if err != nil {
		fmt.Println("ZARF REFUSED:", err)
		os.Exit(1)
	}
	opts.BundlePath = bundlePath
	if info.HasTSATimestamps {
		opts.CommonVerifyOptions.UseSignedTimestamps = true
	}
	if err := signing.CosignVerifyBlobWithOptions(context.Background(), filepath.Join(dir, "zarf.yaml"), opts); err != nil {
		fmt.Println("ZARF REFUSED:", err)
		os.Exit(1)
	}
	fmt.Println("ZARF VERIFIED")
}
