//go:build js

package raster

import "hash/maphash"

// digest identifies an image file's content in the ImageCache.
type digest = [32]byte

var digestSeed = maphash.MakeSeed()

// contentDigest in the browser: the editor renders one user's own images and sets no
// ImageCache, so a seeded non-cryptographic hash serves, and the ~100 KB of crypto code
// SHA-256 would link stays out of the download.
func contentDigest(data []byte) (d digest) {
	h := maphash.Bytes(digestSeed, data)
	for i := 0; i < 8; i++ {
		d[i] = byte(h >> (8 * i))
	}
	n := uint64(len(data))
	for i := 0; i < 8; i++ {
		d[8+i] = byte(n >> (8 * i))
	}
	return d
}
