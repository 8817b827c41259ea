// jsonview: what Go's encoding/json makes of an OCI document or a Zarf part000, as Zarf decodes
// them. Standard library only: the structs below copy the field names and json tags of
// opencontainers/image-spec specs-go/v1 (descriptor.go, index.go, manifest.go, config.go; commit
// 13cff549, 2026-05) and specs-go/versioned.go by hand, with go-digest's Digest as the string it
// is, and Zarf's split-package metadata {Sha256Sum string; Bytes int64; Count int}.
//
// Protocol (tests/src/gorun.rs): each request is a 4-byte big-endian length and that many bytes;
// the first byte says what to decode — 'i' index, 'm' manifest, 'c' config, 'p' part000 — and
// the rest is the document. Each answer is one line of JSON: the decoded fields in a canonical
// shape (nil and empty slices/maps alike, map keys sorted), or {"error": "..."}. The request 'f'
// (no document) answers the runes outside ASCII whose encoding/json fold (fold.go foldRune, the
// smallest rune of the unicode.SimpleFold orbit) is ASCII.
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"sort"
	"time"
	"unicode"
)

type Versioned struct {
	SchemaVersion int `json:"schemaVersion"`
}

type Descriptor struct {
	MediaType    string            `json:"mediaType"`
	Digest       string            `json:"digest"`
	Size         int64             `json:"size"`
	URLs         []string          `json:"urls,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	Data         []byte            `json:"data,omitempty"`
	Platform     *Platform         `json:"platform,omitempty"`
	ArtifactType string            `json:"artifactType,omitempty"`
}

type Platform struct {
	Architecture string   `json:"architecture"`
	OS           string   `json:"os"`
	OSVersion    string   `json:"os.version,omitempty"`
	OSFeatures   []string `json:"os.features,omitempty"`
	Variant      string   `json:"variant,omitempty"`
}

type Index struct {
	Versioned
	MediaType    string            `json:"mediaType,omitempty"`
	ArtifactType string            `json:"artifactType,omitempty"`
	Manifests    []Descriptor      `json:"manifests"`
	Subject      *Descriptor       `json:"subject,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
}

type Manifest struct {
	Versioned
	MediaType    string            `json:"mediaType,omitempty"`
	ArtifactType string            `json:"artifactType,omitempty"`
	Config       Descriptor        `json:"config"`
	Layers       []Descriptor      `json:"layers"`
	Subject      *Descriptor       `json:"subject,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
}

type ImageConfig struct {
	User         string              `json:"User,omitempty"`
	ExposedPorts map[string]struct{} `json:"ExposedPorts,omitempty"`
	Env          []string            `json:"Env,omitempty"`
	Entrypoint   []string            `json:"Entrypoint,omitempty"`
	Cmd          []string            `json:"Cmd,omitempty"`
	Volumes      map[string]struct{} `json:"Volumes,omitempty"`
	WorkingDir   string              `json:"WorkingDir,omitempty"`
	Labels       map[string]string   `json:"Labels,omitempty"`
	StopSignal   string              `json:"StopSignal,omitempty"`
	ArgsEscaped  bool                `json:"ArgsEscaped,omitempty"`
}

type RootFS struct {
	Type    string   `json:"type"`
	DiffIDs []string `json:"diff_ids"`
}

type History struct {
	Created    *time.Time `json:"created,omitempty"`
	CreatedBy  string     `json:"created_by,omitempty"`
	Author     string     `json:"author,omitempty"`
	Comment    string     `json:"comment,omitempty"`
	EmptyLayer bool       `json:"empty_layer,omitempty"`
}

type Image struct {
	Created *time.Time `json:"created,omitempty"`
	Author  string     `json:"author,omitempty"`
	Platform
	Config  ImageConfig `json:"config,omitzero"`
	RootFS  RootFS      `json:"rootfs"`
	History []History   `json:"history,omitempty"`
}

type Split struct {
	Sha256Sum string
	Bytes     int64
	Count     int
}

// The canonical answer shapes: every field present, nil and empty alike.

type obj = map[string]any

func strs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func smap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func keys(m map[string]struct{}) []string {
	out := []string{}
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func platform(p *Platform) any {
	if p == nil {
		return nil
	}
	return obj{"architecture": p.Architecture, "os": p.OS, "os.version": p.OSVersion,
		"os.features": strs(p.OSFeatures), "variant": p.Variant}
}

func desc(d *Descriptor) any {
	if d == nil {
		return nil
	}
	return obj{"mediaType": d.MediaType, "digest": d.Digest, "size": d.Size, "urls": strs(d.URLs),
		"annotations": smap(d.Annotations), "data": hex.EncodeToString(d.Data),
		"platform": platform(d.Platform), "artifactType": d.ArtifactType}
}

func descs(ds []Descriptor) []any {
	out := []any{}
	for i := range ds {
		out = append(out, desc(&ds[i]))
	}
	return out
}

func view(kind byte, doc []byte) any {
	fail := func(err error) any { return obj{"error": err.Error()} }
	switch kind {
	case 'i':
		var v Index
		if err := json.Unmarshal(doc, &v); err != nil {
			return fail(err)
		}
		return obj{"schemaVersion": v.SchemaVersion, "mediaType": v.MediaType, "artifactType": v.ArtifactType,
			"manifests": descs(v.Manifests), "subject": desc(v.Subject), "annotations": smap(v.Annotations)}
	case 'm':
		var v Manifest
		if err := json.Unmarshal(doc, &v); err != nil {
			return fail(err)
		}
		return obj{"schemaVersion": v.SchemaVersion, "mediaType": v.MediaType, "artifactType": v.ArtifactType,
			"config": desc(&v.Config), "layers": descs(v.Layers), "subject": desc(v.Subject),
			"annotations": smap(v.Annotations)}
	case 'c':
		var v Image
		if err := json.Unmarshal(doc, &v); err != nil {
			return fail(err)
		}
		hist := []any{}
		for _, h := range v.History {
			hist = append(hist, obj{"created": h.Created != nil, "created_by": h.CreatedBy, "author": h.Author,
				"comment": h.Comment, "empty_layer": h.EmptyLayer})
		}
		c := v.Config
		return obj{"created": v.Created != nil, "author": v.Author, "architecture": v.Architecture, "os": v.OS,
			"os.version": v.OSVersion, "os.features": strs(v.OSFeatures), "variant": v.Variant,
			"config": obj{"User": c.User, "ExposedPorts": keys(c.ExposedPorts), "Env": strs(c.Env),
				"Entrypoint": strs(c.Entrypoint), "Cmd": strs(c.Cmd), "Volumes": keys(c.Volumes),
				"WorkingDir": c.WorkingDir, "Labels": smap(c.Labels), "StopSignal": c.StopSignal,
				"ArgsEscaped": c.ArgsEscaped},
			"rootfs":  obj{"type": v.RootFS.Type, "diff_ids": strs(v.RootFS.DiffIDs)},
			"history": hist}
	case 'p':
		var v Split
		if err := json.Unmarshal(doc, &v); err != nil {
			return fail(err)
		}
		return obj{"Sha256Sum": v.Sha256Sum, "Bytes": v.Bytes, "Count": v.Count}
	case 'f':
		out := [][2]int{}
		for r := rune(0x80); r <= unicode.MaxRune; r++ {
			f := r
			for {
				g := unicode.SimpleFold(f)
				if g <= f {
					f = g
					break
				}
				f = g
			}
			if f < 0x80 {
				out = append(out, [2]int{int(r), int(f)})
			}
		}
		return obj{"folds": out}
	}
	return obj{"error": "unknown request kind"}
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	var n [4]byte
	for {
		if _, err := io.ReadFull(in, n[:]); err != nil {
			return
		}
		req := make([]byte, binary.BigEndian.Uint32(n[:]))
		if _, err := io.ReadFull(in, req); err != nil || len(req) == 0 {
			return
		}
		if err := enc.Encode(view(req[0], req[1:])); err != nil {
			os.Exit(1)
		}
		out.Flush()
	}
}
