package text

import (
	"testing"

	"affiche/scene"
)

// posterText is a typical poster text block: a title, a subtitle, body text and a list.
func posterText() *scene.Element {
	e := textElement(480, 600)
	bold := scene.FontWeight(700)
	big, mid := 54.0, 28.0
	red := "#c0392b"
	e.Paragraphs = []scene.Paragraph{
		{Runs: []scene.Run{{Text: "Fête de la musique", FontSize: &big, FontWeight: &bold, Color: &red}}, Align: scene.AlignCenter},
		{Runs: []scene.Run{{Text: "Samedi 21 juin, place de l’Hôtel-de-Ville", FontSize: &mid}}, Align: scene.AlignCenter},
		{Runs: []scene.Run{{Text: "La municipalité invite tous les musiciens, amateurs comme confirmés, à se produire dans les rues du centre-ville. Les scènes ouvertes accueillent chorales, fanfares et groupes de quartier de 17 h à minuit."}}, Align: scene.AlignJustify},
		{Runs: []scene.Run{{Text: "Inscriptions en mairie avant le 10 juin : "}, {Text: "culture@ville.fr", FontWeight: &bold}}, List: scene.ListBullet},
		{Runs: []scene.Run{{Text: "Buvette et restauration assurées par les associations locales « Les Amis du Parc » et « Jeunesse & Sport »."}}, List: scene.ListBullet},
	}
	e.FontSize = 16
	return e
}

// BenchmarkLayoutPoster lays out a 5-paragraph poster block from scratch (shaping included).
func BenchmarkLayoutPoster(b *testing.B) {
	reg := registry(b)
	e := posterText()
	b.ReportAllocs()
	for b.Loop() {
		ClearCache()
		Layout(e, reg)
	}
}

// BenchmarkLayoutPosterCached lays out the same block again (every paragraph cached): what a
// zoom or a box resize costs.
func BenchmarkLayoutPosterCached(b *testing.B) {
	reg := registry(b)
	e := posterText()
	Layout(e, reg)
	b.ReportAllocs()
	for b.Loop() {
		Layout(e, reg)
	}
}

// BenchmarkRelayoutOneChar is the editor's keystroke: one character of the body paragraph
// changes, the other paragraphs come from the cache.
func BenchmarkRelayoutOneChar(b *testing.B) {
	reg := registry(b)
	e := posterText()
	Layout(e, reg)
	body := e.Paragraphs[2].Runs[0].Text
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		// A suffix that differs at every iteration, so the body paragraph is never cached.
		suffix := []byte{byte('a' + i%26), byte('a' + i/26%26), byte('a' + i/676%26), byte('a' + i/17576%26)}
		e.Paragraphs[2].Runs[0].Text = body + string(suffix)
		Layout(e, reg)
	}
}
