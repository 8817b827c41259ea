// yamlscalar: how Zarf's YAML decoder (goccy/go-yaml v1.19.2) classifies a plain scalar and
// converts a string into an int field. Standard library only: toNumber and the reserved keywords
// below are copied from goccy/go-yaml v1.19.2 token/token.go (MIT), and intFromString from the
// `case string` branch of decode.go's decodeValue for an int64 destination, unchanged but for names.
//
// Protocol (tests/src/gorun.rs): each request is a 4-byte big-endian length and that many bytes;
// the first byte says what to answer about the rest —
//   'n': {"notString": bool}  the plain scalar is a null, bool, inf, nan or number to goccy (token.New)
//   'i': {"accept": bool}     goccy decodes this string into an int64 field without error
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

var reserved = map[string]bool{
	"null": true, "Null": true, "NULL": true, "~": true,
	"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true,
	".inf": true, ".Inf": true, ".INF": true, "-.inf": true, "-.Inf": true, "-.INF": true,
	".nan": true, ".NaN": true, ".NAN": true,
}

// toNumber: goccy token.toNumber (nil, nil and errors both mean "not a number" to token.New).
func toNumber(value string) (any, error) {
	if len(value) == 0 {
		return nil, nil
	}
	if strings.HasPrefix(value, "_") {
		return nil, nil
	}
	dotCount := strings.Count(value, ".")
	if dotCount > 1 {
		return nil, nil
	}
	isNegative := strings.HasPrefix(value, "-")
	normalized := strings.ReplaceAll(strings.TrimPrefix(strings.TrimPrefix(value, "+"), "-"), "_", "")
	var base int
	isFloat := false
	switch {
	case strings.HasPrefix(normalized, "0x"):
		normalized = strings.TrimPrefix(normalized, "0x")
		base = 16
	case strings.HasPrefix(normalized, "0o"):
		normalized = strings.TrimPrefix(normalized, "0o")
		base = 8
	case strings.HasPrefix(normalized, "0b"):
		normalized = strings.TrimPrefix(normalized, "0b")
		base = 2
	case strings.HasPrefix(normalized, "0") && len(normalized) > 1 && dotCount == 0:
		base = 8
	case dotCount == 1:
		isFloat = true
	default:
		base = 10
	}
	text := normalized
	if isNegative {
		text = "-" + text
	}
	if isFloat {
		return strconv.ParseFloat(text, 64)
	} else if isNegative {
		return strconv.ParseInt(text, base, 64)
	}
	return strconv.ParseUint(text, base, 64)
}

func notString(s string) bool {
	if reserved[s] {
		return true
	}
	n, err := toNumber(s)
	return err == nil && n != nil
}

// intFromString: decodeValue's `case string` for an int64 destination.
func intFromString(vv string) bool {
	if i, err := strconv.ParseFloat(vv, 64); err == nil {
		return 0 <= i && i <= math.MaxUint64 && !(int64(i) < math.MinInt64 || int64(i) > math.MaxInt64)
	}
	return false
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
		s := string(req[1:])
		switch req[0] {
		case 'n':
			enc.Encode(map[string]bool{"notString": notString(s)})
		case 'i':
			enc.Encode(map[string]bool{"accept": intFromString(s)})
		default:
			enc.Encode(map[string]string{"error": "unknown request"})
		}
		out.Flush()
	}
}
