package offline

import (
	"slices"
	"strings"
	"testing"
)

// TestVocabularyTargetsExist checks that every English keyword of the vocabularies finds at
// least one embedded item, so no entry silently matches nothing.
func TestVocabularyTargetsExist(t *testing.T) {
	c := catalogue(t)
	for key, targets := range c.vocab.entries {
		for _, x := range targets {
			_, word := c.ix.postings[x]
			_, name := c.ix.postings["="+x]
			if !word && !name {
				t.Errorf("%q → %q matches no item", key, strings.TrimPrefix(x, "="))
			}
		}
	}
}

func TestVocabularySize(t *testing.T) {
	v, err := parseVocabulary(vocabFR)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(v.entries); n < 1500 {
		t.Errorf("French vocabulary has %d keys, want well over a thousand", n)
	}
	// Plural, accents and phrases resolve to the same entry.
	for _, pair := range [][2]string{{"velos", "velo"}, {"chevaux", "cheval"}, {"journaux", "journal"}, {"ecoles", "ecole"}} {
		a, okA := v.lookup(pair[0])
		b, okB := v.lookup(pair[1])
		if !okA || !okB || !slices.Equal(a, b) {
			t.Errorf("%s / %s: %v %v", pair[0], pair[1], a, b)
		}
	}
	if _, ok := v.entries["salle fetes"]; !ok {
		t.Error(`"salle des fêtes" is not stored as "salle fetes"`)
	}
	if got := v.completions("biblio", 3); !slices.Contains(got, "bibliotheque") {
		t.Errorf("completions of biblio: %v", got)
	}
}

func TestVocabularyParseErrors(t *testing.T) {
	for _, bad := range []string{"maison house", "maison = ", "deux trois quatre cinq six = x"} {
		if _, err := parseVocabulary(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	v, err := parseVocabulary("# comment\n\nbâtiment = building, icon:bank, building-bank, town hall\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"building", "=bank", "=building-bank", "town hall"}
	if got := v.entries["batiment"]; !slices.Equal(got, want) {
		t.Errorf("targets %q, want %q", got, want)
	}
}

func TestFoldAndWords(t *testing.T) {
	for in, want := range map[string]string{
		"Vélo": "velo", "ÉCOLE": "ecole", "Noël": "noel", "Œuvre": "oeuvre", "cœur": "coeur",
		"Fête_de_la_Musique": "fete_de_la_musique", "plain": "plain", "L’école": "l'ecole",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := words("Hôtel-de-Ville, 2024!"); !slices.Equal(got, []string{"hotel", "de", "ville", "2024"}) {
		t.Errorf("words: %q", got)
	}
	if got := queryWords("la salle des fêtes"); !slices.Equal(got, []string{"salle", "fetes"}) {
		t.Errorf("queryWords: %q", got)
	}
	if got := queryWords("de la"); !slices.Equal(got, []string{"de", "la"}) {
		t.Errorf("queryWords keeps a query of stopwords only: %q", got)
	}
}

func TestSingular(t *testing.T) {
	for in, want := range map[string]string{
		"velos": "velo", "chevaux": "cheval", "bateaux": "bateau", "jeux": "jeu", "bikes": "bike",
		"libraries": "library", "buses": "bus", "churches": "church",
	} {
		if got := singular(in); !slices.Contains(got, want) {
			t.Errorf("singular(%q) = %q, want %q among them", in, got, want)
		}
	}
	for _, w := range []string{"bus", "virus", "glass", "eau", "velo"} {
		if got := singular(w); len(got) != 0 {
			t.Errorf("singular(%q) = %q, want none", w, got)
		}
	}
}
