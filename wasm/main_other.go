//go:build !(js && wasm)

// Command wasm is Affiche's browser editor: Go compiled to WebAssembly (make wasm). Built for
// another platform it only says so; its non-browser parts are tested natively (go test ./wasm).
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "the editor runs in the browser: build it with GOOS=js GOARCH=wasm (make wasm)")
	os.Exit(2)
}
