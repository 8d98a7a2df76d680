package libraries

import (
	"net/http"

	"affiche/library"
	"affiche/library/providers"
	"affiche/scene"
)

// Info is the answer of GET /api/libraries: what the library panel can offer on this server.
type Info struct {
	// Kinds are the panel's tabs, each with the sources that serve it.
	Kinds []KindInfo `json:"kinds"`
	// Offline describes the embedded library (always there).
	Offline OfflineInfo `json:"offline"`
	// Providers are the online providers enabled on this server (none by default), with their
	// licence and terms in both languages and the link the panel shows ("Photos from …").
	Providers []providers.Info `json:"providers"`
	// Online is true when at least one provider is enabled: searches may then leave the server.
	Online bool `json:"online"`
	// Credits are the export's credit options (POST /api/export option "credits").
	Credits []Choice `json:"credits"`
}

// KindInfo is one kind of item the panel can search.
type KindInfo struct {
	ID      string      `json:"id"` // the search's kind parameter
	Label   scene.Label `json:"label"`
	Sources []string    `json:"sources"` // "offline", then enabled provider names
}

// OfflineInfo describes the embedded library and the organisation's folders.
type OfflineInfo struct {
	Items       int          `json:"items"`
	Label       scene.Label  `json:"label"`
	Licence     scene.Label  `json:"licence"`
	Attribution scene.Label  `json:"attribution"`
	Sets        []SetInfo    `json:"sets"`
	Folders     []FolderInfo `json:"folders"`
}

// SetInfo is an embedded icon set.
type SetInfo struct {
	Prefix     string `json:"prefix"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	Author     string `json:"author"`
	Licence    string `json:"licence"`
	LicenceURL string `json:"licenceUrl"`
	Count      int    `json:"count"`
}

// FolderInfo is one of the organisation's folders (its path on the server is not shown).
type FolderInfo struct {
	Label string `json:"label"`
	Files int    `json:"files"`
}

// Choice is an option value with its labels.
type Choice struct {
	ID    string      `json:"id"`
	Label scene.Label `json:"label"`
}

var kindLabels = []KindInfo{
	{ID: string(library.KindIcon), Label: scene.Label{FR: "Icônes", EN: "Icons"}},
	{ID: string(library.KindIllustration), Label: scene.Label{FR: "Illustrations", EN: "Illustrations"}},
	{ID: string(library.KindPhoto), Label: scene.Label{FR: "Photos", EN: "Photos"}},
	{ID: KindBackground, Label: scene.Label{FR: "Fonds", EN: "Backgrounds"}},
	{ID: string(library.KindShape), Label: scene.Label{FR: "Formes et lignes", EN: "Shapes and lines"}},
}

// Describe returns what GET /api/libraries answers.
func (s *Service) Describe() Info {
	info := Info{Providers: []providers.Info{}, Online: s.online(),
		Credits: []Choice{
			{ID: "none", Label: scene.Label{FR: "Sans crédits", EN: "No credits"}},
			{ID: "line", Label: scene.Label{FR: "Ligne de crédits en bas de page", EN: "Credits line at the foot of the page"}},
			{ID: "page", Label: scene.Label{FR: "Page de crédits à la fin", EN: "Credits page at the end"}},
		}}
	if s.reg != nil {
		info.Providers = append(info.Providers, s.reg.Enabled()...)
	}
	for _, k := range kindLabels {
		k.Sources = []string{"offline"}
		if k.ID != KindBackground && k.ID != string(library.KindShape) {
			for _, p := range info.Providers {
				for _, pk := range p.Kinds {
					if string(pk) == k.ID {
						k.Sources = append(k.Sources, p.Name)
						break
					}
				}
			}
		}
		info.Kinds = append(info.Kinds, k)
	}
	o := OfflineInfo{Items: s.cat.Len(), Sets: []SetInfo{}, Folders: []FolderInfo{},
		Label: scene.Label{FR: "Bibliothèque intégrée (hors ligne)", EN: "Built-in library (offline)"},
		Licence: scene.Label{
			FR: "Icônes sous licences libres (MIT, ISC) ; photos CC0 ou CC BY 4.0 ; fonds et formes créés par Affiche (CC0). Utilisables sur vos affiches, y compris imprimées.",
			EN: "Icons under free licences (MIT, ISC); photos CC0 or CC BY 4.0; backgrounds and shapes made by Affiche (CC0). Usable in your designs, printed ones included.",
		},
		Attribution: scene.Label{
			FR: "Les photos CC BY demandent de citer leur auteur : exportez avec une ligne ou une page de crédits. Les icônes n'exigent aucune mention sur une affiche.",
			EN: "CC BY photos require crediting their author: export with a credits line or page. Icons need no credit on a poster.",
		}}
	for _, set := range s.cat.Sets() {
		o.Sets = append(o.Sets, SetInfo{Prefix: set.Prefix, Name: set.Name, Kind: set.Kind, Author: set.Author,
			Licence: set.Licence, LicenceURL: set.LicenceURL, Count: set.Count})
	}
	for _, f := range s.cat.Folders() {
		o.Folders = append(o.Folders, FolderInfo{Label: f.Label, Files: f.Files})
	}
	info.Offline = o
	return info
}

// handleInfo answers GET /api/libraries.
func (s *Service) handleInfo(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-cache")
	return writeJSON(w, r, http.StatusOK, s.Describe())
}
