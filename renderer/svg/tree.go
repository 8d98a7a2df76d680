package svg

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

const (
	nsSVG   = "http://www.w3.org/2000/svg"
	nsXLink = "http://www.w3.org/1999/xlink"
)

// node is one element of the document.
type node struct {
	name     string // local name: "path", "linearGradient"
	attrs    []attr
	children []*node
	parent   *node
	text     string // character data of <style>
}

type attr struct{ name, value string }

// attr returns the value of an attribute and whether it is present.
func (n *node) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.name == name {
			return a.value, true
		}
	}
	return "", false
}

// get returns the value of an attribute, "" when absent.
func (n *node) get(name string) string {
	v, _ := n.attr(name)
	return v
}

// parseTree reads the XML into a tree of SVG elements. Elements of other namespaces
// (editors' metadata) are dropped with their content; entities are not expanded (encoding/xml
// knows only the five predefined ones and reads no DTD); only UTF-8, ASCII and Latin-1
// documents are read.
func parseTree(data []byte) (*node, error) {
	if len(data) > MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes (limit %d)", ErrTooComplex, len(data), MaxBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = charsetReader
	var (
		root     *node
		stack    []*node
		skip     int // depth inside a dropped element
		elements int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if root != nil && len(stack) == 0 {
				break // trailing garbage after the root element
			}
			return nil, fmt.Errorf("svg: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			elements++
			if elements > MaxElements {
				return nil, fmt.Errorf("%w: more than %d elements", ErrTooComplex, MaxElements)
			}
			if skip > 0 {
				skip++
				continue
			}
			if len(stack) >= maxDepth {
				return nil, fmt.Errorf("%w: elements nested more than %d deep", ErrTooComplex, maxDepth)
			}
			if t.Name.Space != "" && t.Name.Space != nsSVG {
				skip = 1
				continue
			}
			if root != nil && len(stack) == 0 {
				return nil, errors.New("svg: more than one root element")
			}
			n := &node{name: t.Name.Local, attrs: make([]attr, 0, len(t.Attr))}
			for _, a := range t.Attr {
				switch a.Name.Space {
				case "":
				case nsXLink, "xlink":
					if a.Name.Local != "href" {
						continue
					}
				default:
					continue
				}
				n.attrs = append(n.attrs, attr{a.Name.Local, a.Value})
			}
			if root == nil {
				if n.name != "svg" {
					return nil, fmt.Errorf("svg: the root element is <%s>, not <svg>", n.name)
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				n.parent = p
				p.children = append(p.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if skip == 0 && len(stack) > 0 && stack[len(stack)-1].name == "style" {
				n := stack[len(stack)-1]
				if len(n.text)+len(t) <= MaxBytes {
					n.text += string(t)
				}
			}
		}
	}
	if root == nil {
		return nil, errors.New("svg: no <svg> element")
	}
	return root, nil
}

// charsetReader accepts the encodings a document may declare besides UTF-8: ASCII (a subset)
// and Latin-1 (converted). Others are refused: reading them would need x/text's tables, which
// weigh hundreds of kilobytes in the editor's download.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return input, nil
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1":
		return &latin1Reader{r: bufio.NewReader(input)}, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (use UTF-8)", label)
}

// latin1Reader converts ISO-8859-1 bytes to UTF-8.
type latin1Reader struct {
	r   *bufio.Reader
	buf []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	n := 0
	for n < len(p) {
		if len(l.buf) > 0 {
			c := copy(p[n:], l.buf)
			l.buf = l.buf[c:]
			n += c
			continue
		}
		b, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if b < utf8.RuneSelf {
			p[n] = b
			n++
			continue
		}
		l.buf = utf8.AppendRune(l.buf[:0], rune(b))
	}
	return n, nil
}
