//go:build !js

package raster

import "crypto/sha256"

// digest identifies an image file's content in the ImageCache.
type digest = [sha256.Size]byte

// contentDigest is SHA-256: the cache is shared by every user of a server, so one user must
// not be able to craft a file that takes another's place in it.
func contentDigest(data []byte) digest { return sha256.Sum256(data) }
