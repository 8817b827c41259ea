// strconv: Go's own strconv, the oracle for core/src/go/strconv.rs.
//
// Protocol (tests/src/gorun.rs): each request is a 4-byte big-endian length and that many bytes;
// the first byte says what to answer about the rest —
//   'i' + one byte bitSize + s: strconv.ParseInt(s, 10, bitSize) as
//        {"value": "<decimal>", "err": ""|"syntax"|"range"}
//   'f' + s: strconv.ParseFloat(s, 64) as {"bits": "<IEEE-754 bits, decimal>", "err": ...}
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"strconv"
)

func kind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, strconv.ErrSyntax):
		return "syntax"
	case errors.Is(err, strconv.ErrRange):
		return "range"
	}
	return err.Error()
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
		switch {
		case len(req) >= 2 && req[0] == 'i':
			v, err := strconv.ParseInt(string(req[2:]), 10, int(req[1]))
			enc.Encode(map[string]string{"value": strconv.FormatInt(v, 10), "err": kind(err)})
		case len(req) >= 1 && req[0] == 'f':
			f, err := strconv.ParseFloat(string(req[1:]), 64)
			enc.Encode(map[string]string{"bits": strconv.FormatUint(math.Float64bits(f), 10), "err": kind(err)})
		default:
			enc.Encode(map[string]string{"error": "unknown request"})
		}
		out.Flush()
	}
}
