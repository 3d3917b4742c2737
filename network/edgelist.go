package network

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
)

// ReadEdgeList reads a graph from a plain-text edge list, named name in
// errors. Lines are whitespace-separated fields; blank lines and text after
// '#' are ignored:
//
//	directed            optional, before any node or edge: arcs tail -> head
//	node ID             optional node declarations, before the edges
//	FROM TO [WEIGHT]    one edge; WEIGHT a finite number >= 0
//
// Node ids are any tokens. When the file declares nodes, they are numbered
// in declaration order and an edge naming an undeclared node is an error;
// otherwise nodes are numbered in order of first appearance. Either every
// edge has a weight or none does (the graph is then unweighted). Errors
// name the file and line: unknown nodes, duplicate node ids, negative, NaN
// or infinite weights, a line with the wrong number of fields, a
// declaration after the edges. The reader never panics and holds the whole
// graph only once the input is known good.
func ReadEdgeList(r io.Reader, name string) (*Graph, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	g := &Graph{}
	byID := map[string]int32{}
	declared := false
	weighted := -1 // unknown until the first edge
	var ids []string
	var w []float64
	var fields [4][]byte
	errf := func(line int, format string, a ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, a...))
	}
	for line := 1; ; line++ {
		raw, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			return nil, errf(line, "line longer than %d bytes", br.Size())
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if i := bytes.IndexByte(raw, '#'); i >= 0 {
			raw = raw[:i]
		}
		nf := 0
		for rest := raw; ; {
			rest = bytes.TrimLeft(rest, " \t\r\n\v\f")
			if len(rest) == 0 {
				break
			}
			end := bytes.IndexAny(rest, " \t\r\n\v\f")
			if end < 0 {
				end = len(rest)
			}
			if nf == len(fields) {
				nf++
				break
			}
			fields[nf] = rest[:end]
			nf++
			rest = rest[end:]
		}
		switch {
		case nf == 0:
		case nf == 1 && string(fields[0]) == "directed":
			if declared || len(g.from) > 0 || g.directed {
				return nil, errf(line, "\"directed\" must come once, before any node or edge")
			}
			g.directed = true
		case nf == 2 && string(fields[0]) == "node":
			if len(g.from) > 0 {
				return nil, errf(line, "node %q declared after the edges; declare nodes first", fields[1])
			}
			id := string(fields[1])
			if _, dup := byID[id]; dup {
				return nil, errf(line, "duplicate node id %q", id)
			}
			declared = true
			byID[id] = int32(len(ids))
			ids = append(ids, id)
		case nf == 2 || nf == 3:
			if weighted < 0 {
				weighted = nf - 2
			} else if weighted != nf-2 {
				return nil, errf(line, "edge has %d fields, earlier edges %d: either every edge has a weight or none does", nf, weighted+2)
			}
			var ends [2]int32
			for k := 0; k < 2; k++ {
				v, ok := byID[string(fields[k])]
				if !ok {
					if declared {
						return nil, errf(line, "unknown node %q (field %d); the file declares its nodes", fields[k], k+1)
					}
					v = int32(len(ids))
					id := string(fields[k])
					byID[id] = v
					ids = append(ids, id)
				}
				ends[k] = v
			}
			if nf == 3 {
				x, perr := strconv.ParseFloat(string(fields[2]), 64)
				if perr != nil || !(x >= 0) || math.IsInf(x, 1) {
					return nil, errf(line, "weight %q (field 3): want a finite number >= 0", fields[2])
				}
				w = append(w, x)
			}
			g.from, g.to = append(g.from, ends[0]), append(g.to, ends[1])
		default:
			return nil, errf(line, "want FROM TO [WEIGHT], \"node ID\" or \"directed\"; got %d fields", nf)
		}
		if len(ids) > math.MaxInt32-1 {
			return nil, errf(line, "too many nodes")
		}
		if err == io.EOF {
			break
		}
	}
	g.n, g.ids, g.w = len(ids), ids, w
	g.index()
	return g, nil
}

// WriteEdgeList writes g in the format [ReadEdgeList] reads, declaring
// every node (so that isolated nodes and numbering survive) and giving
// weights when g has them (%.17g, which reads back exactly).
func (g *Graph) WriteEdgeList(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if g.directed {
		bw.WriteString("directed\n")
	}
	for v := 0; v < g.n; v++ {
		fmt.Fprintf(bw, "node %s\n", g.ID(v))
	}
	var buf []byte
	for e := range g.from {
		buf = append(buf[:0], g.ID(int(g.from[e]))...)
		buf = append(buf, ' ')
		buf = append(buf, g.ID(int(g.to[e]))...)
		if g.w != nil {
			buf = append(buf, ' ')
			buf = strconv.AppendFloat(buf, g.w[e], 'g', 17, 64)
		}
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}
