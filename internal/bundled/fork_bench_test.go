package bundled

import "testing"

// BenchmarkRegistryForExport compares the two ways an export with its own fonts can get a
// registry: building the bundled one anew, or forking the shared one.
func BenchmarkRegistryForExport(b *testing.B) {
	b.Run("NewFonts", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := NewFonts(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Fork", func(b *testing.B) {
		shared, err := Fonts()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			shared.Fork()
		}
	})
}
