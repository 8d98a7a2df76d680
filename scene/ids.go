package scene

import "math/rand/v2"

const idAlphabet = "abcdefghijklmnopqrstuvwxyz234567"

// NewID returns a new random element or page id (12 characters, lowercase letters and digits:
// 60 random bits). Ids need to be unique, not secret, so the runtime's fast generator serves;
// crypto/rand would add ~120 KB to the browser editor's download.
func NewID() string {
	var b [12]byte
	for i := range b {
		b[i] = idAlphabet[rand.IntN(len(idAlphabet))]
	}
	return string(b[:])
}
