package main

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// module builds a minimal module: a memory section and a data section with the segments given.
func module(segs []segment) []byte {
	mod := []byte("\x00asm\x01\x00\x00\x00")
	mod = append(mod, 5, 3, 1, 0, 1) // memory section: one memory, min 1 page
	var data []byte
	data = binary.AppendUvarint(data, uint64(len(segs)))
	for _, s := range segs {
		data = append(data, 0, 0x41)
		data = appendSLEB(data, s.offset)
		data = append(data, 0x0b)
		data = binary.AppendUvarint(data, uint64(len(s.data)))
		data = append(data, s.data...)
	}
	mod = append(mod, 11)
	mod = binary.AppendUvarint(mod, uint64(len(data)))
	return append(mod, data...)
}

// memoryImage is the memory a module's data segments initialise.
func memoryImage(t *testing.T, mod []byte) []byte {
	t.Helper()
	img := make([]byte, 1<<16)
	for i := 8; i < len(mod); {
		id := mod[i]
		size, n := binary.Uvarint(mod[i+1:])
		body := mod[i+1+n : i+1+n+int(size)]
		i += 1 + n + int(size)
		if id != 11 {
			continue
		}
		count, n := binary.Uvarint(body)
		body = body[n:]
		for range count {
			off, n := readSLEB(body[2:])
			body = body[2+n+1:]
			l, n := binary.Uvarint(body)
			copy(img[off:], body[n:n+int(l)])
			body = body[n+int(l):]
		}
	}
	return img
}

func TestMergeDataSegments(t *testing.T) {
	segs := []segment{
		{offset: 5000, data: []byte("tail")},
		{offset: 64, data: []byte("hello")},
		{offset: 200, data: bytes.Repeat([]byte{7}, 300)},
		{offset: 8191, data: []byte{1}}, // offset needing a 2-byte LEB with the sign bit set
	}
	mod := module(segs)
	got, err := mergeDataSegments(mod)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(memoryImage(t, got), memoryImage(t, mod)) {
		t.Fatal("merged module initialises memory differently")
	}
	if bytes.Count(got, []byte("hello")) != 1 || len(got) < 8192-64 {
		t.Fatalf("want one segment from 64 to 8192, got %d bytes", len(got))
	}

	for name, bad := range map[string][]byte{
		"not wasm":    []byte("\x7fELF...."),
		"overlapping": module([]segment{{offset: 10, data: []byte("abcdef")}, {offset: 12, data: []byte("x")}}),
		"truncated":   module(segs)[:40],
	} {
		if _, err := mergeDataSegments(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSLEB(t *testing.T) {
	for _, v := range []int64{0, 1, 63, 64, -1, -64, -65, 8191, 1 << 20, 1<<31 - 1, -1 << 31} {
		b := appendSLEB(nil, v)
		got, n := readSLEB(b)
		if got != v || n != len(b) {
			t.Errorf("%d: read back %d (%d of %d bytes)", v, got, n, len(b))
		}
	}
}
