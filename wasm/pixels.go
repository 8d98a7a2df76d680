package main

// unpremultiply turns premultiplied RGBA pixels (Go's image.RGBA) into the straight alpha
// that the canvas's ImageData expects, in place. Opaque and fully transparent pixels, most of
// any bitmap, are left as they are.
func unpremultiply(pix []byte) {
	for i := 0; i+3 < len(pix); i += 4 {
		a := uint32(pix[i+3])
		if a == 0xff || a == 0 {
			continue
		}
		pix[i] = byte(min(255, (uint32(pix[i])*255+a/2)/a))
		pix[i+1] = byte(min(255, (uint32(pix[i+1])*255+a/2)/a))
		pix[i+2] = byte(min(255, (uint32(pix[i+2])*255+a/2)/a))
	}
}
