package editor

import (
	"encoding/json"

	"affiche/scene"
)

func lbl(fr, en string) scene.Label { return scene.Label{FR: fr, EN: en} }

func bind(pairs ...string) []binding {
	var bs []binding
	for i := 0; i < len(pairs); i += 2 {
		bs = append(bs, parseBinding(pairs[i], pairs[i+1]))
	}
	return bs
}

// noArgs wraps a command body that takes no arguments (it still rejects unknown ones).
func noArgs(fn func(e *Editor) error) func(e *Editor, args json.RawMessage) (any, error) {
	return func(e *Editor, args json.RawMessage) (any, error) {
		var v struct{}
		if err := decode(args, &v); err != nil {
			return nil, err
		}
		return nil, fn(e)
	}
}

// withArgs decodes the arguments into a fresh T and runs fn.
func withArgs[T any](fn func(e *Editor, a *T) (any, error)) func(e *Editor, args json.RawMessage) (any, error) {
	return func(e *Editor, args json.RawMessage) (any, error) {
		a := new(T)
		if err := decode(args, a); err != nil {
			return nil, err
		}
		return fn(e, a)
	}
}

// Enabled tests.
func hasSelection(e *Editor) bool { return len(e.sel) > 0 }

func hasMovable(e *Editor) bool {
	for _, el := range e.selected() {
		if !el.Locked {
			return true
		}
	}
	return false
}

func twoOrMore(e *Editor) bool { return len(e.sel) >= 2 }

func threeOrMore(e *Editor) bool { return len(e.unlockedSelected()) >= 3 }

func canUngroup(e *Editor) bool {
	for _, el := range e.selected() {
		if el.Type == scene.TypeGroup && !el.Locked {
			return true
		}
	}
	return false
}

func singleOf(t scene.Type) func(e *Editor) bool {
	return func(e *Editor) bool {
		els := e.selected()
		return len(els) == 1 && els[0].Type == t
	}
}

func editing(e *Editor) bool  { return e.text != nil }
func cropping(e *Editor) bool { return e.crop != nil }

func newRegistry() *registry {
	r := &registry{byName: map[string]*command{}}

	// History.
	r.add(&command{name: "history.undo", label: lbl("Annuler", "Undo"), context: ContextAny, duringGesture: true,
		bindings: bind("Mod+Z", ""),
		enabled:  func(e *Editor) bool { return len(e.hist.undos) > 0 || len(e.hist.marks) > 0 },
		run:      noArgs(func(e *Editor) error { e.undo(); return nil })})
	r.add(&command{name: "history.redo", label: lbl("Rétablir", "Redo"), context: ContextAny,
		bindings: bind("Mod+Shift+Z", "", "Mod+Y", ""),
		enabled:  func(e *Editor) bool { return len(e.hist.redos) > 0 },
		run:      noArgs(func(e *Editor) error { e.redo(); return nil })})

	// Clipboard.
	r.add(&command{name: "clipboard.copy", label: lbl("Copier", "Copy"), native: true, bindings: bind("Mod+C", ""),
		enabled: hasSelection,
		run:     noArgs1(func(e *Editor) (any, error) { return e.copySelection(false) })})
	r.add(&command{name: "clipboard.cut", label: lbl("Couper", "Cut"), native: true, bindings: bind("Mod+X", ""),
		enabled: hasMovable,
		run:     noArgs1(func(e *Editor) (any, error) { return e.copySelection(true) })})
	r.add(&command{name: "clipboard.paste", label: lbl("Coller", "Paste"), native: true, bindings: bind("Mod+V", ""),
		run: withArgs(func(e *Editor, a *struct {
			Text string `json:"text"`
		}) (any, error) {
			return e.paste(a.Text)
		})})

	// Selection.
	r.add(&command{name: "selection.duplicate", label: lbl("Dupliquer", "Duplicate"), bindings: bind("Mod+D", ""),
		enabled: hasSelection, run: noArgs(func(e *Editor) error { return e.duplicateSelection() })})
	r.add(&command{name: "selection.delete", label: lbl("Supprimer", "Delete"),
		bindings: bind("Delete", "", "Backspace", ""), enabled: hasMovable,
		run: noArgs(func(e *Editor) error { return e.deleteSelection() })})
	r.add(&command{name: "selection.all", label: lbl("Tout sélectionner", "Select all"), bindings: bind("Mod+A", ""),
		run: noArgs(func(e *Editor) error { e.selectAll(); return nil })})
	r.add(&command{name: "selection.none", label: lbl("Tout désélectionner", "Select none"), enabled: hasSelection,
		run: noArgs(func(e *Editor) error { e.setSelection(nil); return nil })})
	r.add(&command{name: "selection.select", label: lbl("Sélectionner", "Select"),
		run: withArgs(func(e *Editor, a *selectArgs) (any, error) { return nil, e.selectIDs(a) })})
	r.add(&command{name: "selection.nudge", label: lbl("Déplacer", "Nudge"), keepsBurst: true,
		bindings: bind(
			"ArrowLeft", `{"dx":-1}`, "ArrowRight", `{"dx":1}`, "ArrowUp", `{"dy":-1}`, "ArrowDown", `{"dy":1}`,
			"Shift+ArrowLeft", `{"dx":-10}`, "Shift+ArrowRight", `{"dx":10}`,
			"Shift+ArrowUp", `{"dy":-10}`, "Shift+ArrowDown", `{"dy":10}`),
		enabled: hasMovable,
		run: withArgs(func(e *Editor, a *struct{ DX, DY float64 }) (any, error) {
			return nil, e.nudge(a.DX, a.DY)
		})})
	r.add(&command{name: "selection.group", label: lbl("Grouper", "Group"), bindings: bind("Mod+G", ""),
		enabled: twoOrMore, run: noArgs(func(e *Editor) error { return e.group() })})
	r.add(&command{name: "selection.ungroup", label: lbl("Dissocier", "Ungroup"), bindings: bind("Mod+Shift+G", ""),
		enabled: canUngroup, run: noArgs(func(e *Editor) error { return e.ungroup() })})
	for _, z := range []struct {
		name, keys string
		label      scene.Label
	}{
		{"forward", "Mod+]", lbl("Avancer", "Bring forward")},
		{"backward", "Mod+[", lbl("Reculer", "Send backward")},
		{"front", "Mod+Shift+]", lbl("Mettre au premier plan", "Bring to front")},
		{"back", "Mod+Shift+[", lbl("Mettre à l'arrière-plan", "Send to back")},
	} {
		how := z.name
		r.add(&command{name: "selection." + z.name, label: z.label, bindings: bind(z.keys, ""), enabled: hasMovable,
			run: noArgs(func(e *Editor) error { return e.reorder(how) })})
	}
	r.add(&command{name: "selection.align", label: lbl("Aligner", "Align"), enabled: hasMovable,
		run: withArgs(func(e *Editor, a *struct {
			Edge string `json:"edge"`
		}) (any, error) {
			return nil, e.align(a.Edge)
		})})
	r.add(&command{name: "selection.distribute", label: lbl("Répartir", "Distribute"), enabled: threeOrMore,
		run: withArgs(func(e *Editor, a *struct {
			Axis string `json:"axis"`
		}) (any, error) {
			return nil, e.distribute(a.Axis)
		})})
	r.add(&command{name: "selection.lock", label: lbl("Verrouiller / déverrouiller", "Lock / unlock"),
		bindings: bind("Alt+Shift+L", ""), enabled: hasSelection,
		run: withArgs(func(e *Editor, a *struct {
			Locked *bool `json:"locked"`
		}) (any, error) {
			return nil, e.setFlag("locked", a.Locked)
		})})
	r.add(&command{name: "selection.hide", label: lbl("Masquer / afficher", "Hide / show"),
		bindings: bind("Alt+Shift+H", ""), enabled: hasSelection,
		run: withArgs(func(e *Editor, a *struct {
			Hidden *bool `json:"hidden"`
		}) (any, error) {
			return nil, e.setFlag("hidden", a.Hidden)
		})})
	r.add(&command{name: "selection.set", label: lbl("Modifier", "Change"), enabled: hasSelection, keepsBurst: true,
		run: func(e *Editor, args json.RawMessage) (any, error) { return nil, e.setProps(args) }})
	r.add(&command{name: "element.add", label: lbl("Ajouter un élément", "Add element"),
		run: withArgs(func(e *Editor, a *addArgs) (any, error) { return e.addElement(a) })})

	// Tools.
	for _, t := range []struct {
		tool, key string
		label     scene.Label
	}{
		{ToolSelect, "V", lbl("Sélection", "Select")},
		{ToolText, "T", lbl("Texte", "Text")},
		{ToolRect, "R", lbl("Rectangle", "Rectangle")},
		{ToolEllipse, "O", lbl("Ellipse", "Ellipse")},
		{ToolLine, "L", lbl("Ligne", "Line")},
		{ToolHand, "H", lbl("Main (déplacer la vue)", "Hand (pan)")},
	} {
		tool := t.tool
		r.add(&command{name: "tool." + tool, label: t.label, bindings: bind(t.key, ""),
			run: noArgs(func(e *Editor) error { e.setTool(tool); return nil })})
	}
	r.add(&command{name: "cancel", label: lbl("Annuler l'action en cours", "Cancel"), context: ContextAny,
		duringGesture: true, bindings: bind("Escape", ""),
		run: noArgs(func(e *Editor) error { e.cancel(); return nil })})

	// Text editing.
	r.add(&command{name: "text.edit", label: lbl("Modifier le texte", "Edit text"), bindings: bind("Enter", ""),
		enabled: singleOf(scene.TypeText),
		run: withArgs(func(e *Editor, a *struct {
			ID  string   `json:"id"`
			At  *TextPos `json:"at"`
			All bool     `json:"all"`
		}) (any, error) {
			return nil, e.editTextCmd(a.ID, a.At, a.All)
		})})
	r.add(&command{name: "text.insert", label: lbl("Saisir", "Type"), context: ContextText, keepsBurst: true,
		enabled: editing,
		run: withArgs(func(e *Editor, a *struct {
			Text string `json:"text"`
		}) (any, error) {
			return nil, e.textInsert(a.Text)
		})})
	r.add(&command{name: "text.paste", label: lbl("Coller", "Paste"), context: ContextText, native: true,
		bindings: bind("Mod+V", ""), enabled: editing,
		run: withArgs(func(e *Editor, a *struct {
			Text string `json:"text"`
		}) (any, error) {
			return nil, e.textPaste(a.Text)
		})})
	r.add(&command{name: "text.copy", label: lbl("Copier", "Copy"), context: ContextText, native: true,
		bindings: bind("Mod+C", ""), enabled: editing,
		run: noArgs1(func(e *Editor) (any, error) { return e.textCopy(false) })})
	r.add(&command{name: "text.cut", label: lbl("Couper", "Cut"), context: ContextText, native: true,
		bindings: bind("Mod+X", ""), enabled: editing,
		run: noArgs1(func(e *Editor) (any, error) { return e.textCopy(true) })})
	r.add(&command{name: "text.delete", label: lbl("Effacer", "Delete"), context: ContextText, keepsBurst: true,
		bindings: bind("Backspace", `{"direction":"backward"}`, "Delete", `{"direction":"forward"}`,
			"Mod+Backspace", `{"direction":"backward","unit":"word"}`, "Mod+Delete", `{"direction":"forward","unit":"word"}`,
			"Shift+Backspace", `{"direction":"backward"}`),
		enabled: editing,
		run: withArgs(func(e *Editor, a *struct {
			Direction string `json:"direction"`
			Unit      string `json:"unit"`
		}) (any, error) {
			return nil, e.textDelete(a.Direction == "forward", a.Unit == "word")
		})})
	r.add(&command{name: "text.newParagraph", label: lbl("Nouveau paragraphe", "New paragraph"), context: ContextText,
		bindings: bind("Enter", ""), enabled: editing, keepsBurst: true,
		run: noArgs(func(e *Editor) error { return e.textNewParagraph() })})
	r.add(&command{name: "text.lineBreak", label: lbl("Retour à la ligne", "Line break"), context: ContextText,
		bindings: bind("Shift+Enter", ""), enabled: editing, keepsBurst: true,
		run: noArgs(func(e *Editor) error { return e.textInsert(LineSeparator) })})
	r.add(&command{name: "text.move", label: lbl("Déplacer le curseur", "Move caret"), context: ContextText,
		bindings: bind(
			"ArrowLeft", `{"by":"char","dir":-1}`, "ArrowRight", `{"by":"char","dir":1}`,
			"ArrowUp", `{"by":"line","dir":-1}`, "ArrowDown", `{"by":"line","dir":1}`,
			"Shift+ArrowLeft", `{"by":"char","dir":-1,"extend":true}`, "Shift+ArrowRight", `{"by":"char","dir":1,"extend":true}`,
			"Shift+ArrowUp", `{"by":"line","dir":-1,"extend":true}`, "Shift+ArrowDown", `{"by":"line","dir":1,"extend":true}`,
			"Mod+ArrowLeft", `{"by":"word","dir":-1}`, "Mod+ArrowRight", `{"by":"word","dir":1}`,
			"Mod+Shift+ArrowLeft", `{"by":"word","dir":-1,"extend":true}`, "Mod+Shift+ArrowRight", `{"by":"word","dir":1,"extend":true}`,
			"Alt+ArrowLeft", `{"by":"word","dir":-1}`, "Alt+ArrowRight", `{"by":"word","dir":1}`,
			"Home", `{"by":"lineEdge","dir":-1}`, "End", `{"by":"lineEdge","dir":1}`,
			"Shift+Home", `{"by":"lineEdge","dir":-1,"extend":true}`, "Shift+End", `{"by":"lineEdge","dir":1,"extend":true}`,
			"Mod+Home", `{"by":"all","dir":-1}`, "Mod+End", `{"by":"all","dir":1}`,
			"Mod+Shift+Home", `{"by":"all","dir":-1,"extend":true}`, "Mod+Shift+End", `{"by":"all","dir":1,"extend":true}`),
		enabled: editing,
		run: withArgs(func(e *Editor, a *struct {
			By     string `json:"by"`
			Dir    int    `json:"dir"`
			Extend bool   `json:"extend"`
		}) (any, error) {
			return nil, e.textMove(a.By, a.Dir, a.Extend)
		})})
	r.add(&command{name: "text.select", label: lbl("Sélectionner du texte", "Select text"), context: ContextText,
		bindings: bind("Mod+A", `{"all":true}`), enabled: editing,
		run: withArgs(func(e *Editor, a *textSelectArgs) (any, error) { return nil, e.textSelect(a) })})
	r.add(&command{name: "text.style", label: lbl("Mettre en forme", "Format text"), context: ContextText,
		bindings: bind("Mod+B", `{"toggle":"bold"}`, "Mod+I", `{"toggle":"italic"}`, "Mod+U", `{"toggle":"underline"}`),
		enabled:  editing,
		run:      func(e *Editor, args json.RawMessage) (any, error) { return nil, e.textStyleCmd(args) }})
	r.add(&command{name: "text.list", label: lbl("Liste", "List"), context: ContextAny,
		enabled: func(e *Editor) bool { return e.text != nil || len(e.selectedTexts()) > 0 },
		run: withArgs(func(e *Editor, a *struct {
			Kind string `json:"kind"`
		}) (any, error) {
			return nil, e.toggleList(scene.ListKind(a.Kind))
		})})

	// Crop.
	r.add(&command{name: "image.crop", label: lbl("Recadrer", "Crop"), enabled: singleOf(scene.TypeImage),
		run: withArgs(func(e *Editor, a *cropArgs) (any, error) { return nil, e.startCrop(a) })})
	r.add(&command{name: "image.cropDone", label: lbl("Terminer le recadrage", "Done cropping"), context: ContextCrop,
		bindings: bind("Enter", ""), enabled: cropping,
		run: noArgs(func(e *Editor) error { e.finishCrop(); return nil })})
	r.add(&command{name: "image.cropReset", label: lbl("Réinitialiser le recadrage", "Reset crop"), context: ContextAny,
		enabled: func(e *Editor) bool { return e.crop != nil || singleOf(scene.TypeImage)(e) },
		run:     noArgs(func(e *Editor) error { return e.resetCrop() })})

	// View.
	r.add(&command{name: "view.zoomIn", label: lbl("Zoom avant", "Zoom in"), context: ContextAny, duringGesture: true,
		bindings: bind("Mod+=", ""), run: noArgs(func(e *Editor) error { e.zoomStep(1); return nil })})
	r.add(&command{name: "view.zoomOut", label: lbl("Zoom arrière", "Zoom out"), context: ContextAny, duringGesture: true,
		bindings: bind("Mod+-", ""), run: noArgs(func(e *Editor) error { e.zoomStep(-1); return nil })})
	r.add(&command{name: "view.zoom100", label: lbl("Taille réelle (100 %)", "Actual size (100%)"), context: ContextAny,
		duringGesture: true, bindings: bind("Mod+0", ""),
		run: noArgs(func(e *Editor) error { e.setZoom(1, e.cam.vw/2, e.cam.vh/2); return nil })})
	r.add(&command{name: "view.fit", label: lbl("Ajuster à la fenêtre", "Zoom to fit"), context: ContextAny,
		duringGesture: true, bindings: bind("Mod+Alt+0", "", "Shift+1", ""),
		run: noArgs(func(e *Editor) error { e.cam.fit = true; e.fitCamera(); return nil })})
	r.add(&command{name: "view.zoom", label: lbl("Zoom", "Zoom"), context: ContextAny, duringGesture: true,
		run: withArgs(func(e *Editor, a *zoomArgs) (any, error) { return nil, e.zoomCmd(a) })})
	r.add(&command{name: "view.pan", label: lbl("Déplacer la vue", "Pan"), context: ContextAny, duringGesture: true,
		run: withArgs(func(e *Editor, a *struct{ DX, DY float64 }) (any, error) { e.pan(a.DX, a.DY); return nil, nil })})
	r.add(&command{name: "view.resize", label: lbl("Taille de la zone de travail", "Viewport size"), context: ContextAny,
		duringGesture: true,
		run: withArgs(func(e *Editor, a *struct{ Width, Height float64 }) (any, error) {
			return nil, e.resizeViewport(a.Width, a.Height)
		})})

	// Pages.
	r.add(&command{name: "page.add", label: lbl("Ajouter une page", "Add page"), context: ContextAny,
		run: withArgs(func(e *Editor, a *pageArgs) (any, error) { return e.addPage(a) })})
	r.add(&command{name: "page.duplicate", label: lbl("Dupliquer la page", "Duplicate page"), context: ContextAny,
		run: withArgs(func(e *Editor, a *pageArgs) (any, error) { return e.duplicatePage(a) })})
	r.add(&command{name: "page.delete", label: lbl("Supprimer la page", "Delete page"), context: ContextAny,
		enabled: func(e *Editor) bool { return len(e.doc.Pages) > 1 },
		run:     withArgs(func(e *Editor, a *pageArgs) (any, error) { return nil, e.deletePage(a) })})
	r.add(&command{name: "page.move", label: lbl("Déplacer la page", "Move page"), context: ContextAny,
		enabled: func(e *Editor) bool { return len(e.doc.Pages) > 1 },
		run:     withArgs(func(e *Editor, a *pageArgs) (any, error) { return nil, e.movePage(a) })})
	r.add(&command{name: "page.select", label: lbl("Aller à la page", "Go to page"), context: ContextAny,
		run: withArgs(func(e *Editor, a *pageArgs) (any, error) { return nil, e.selectPage(a) })})
	r.add(&command{name: "page.next", label: lbl("Page suivante", "Next page"), bindings: bind("PageDown", ""),
		enabled: func(e *Editor) bool { return e.page < len(e.doc.Pages)-1 },
		run:     noArgs(func(e *Editor) error { e.setPage(e.page + 1); return nil })})
	r.add(&command{name: "page.previous", label: lbl("Page précédente", "Previous page"), bindings: bind("PageUp", ""),
		enabled: func(e *Editor) bool { return e.page > 0 },
		run:     noArgs(func(e *Editor) error { e.setPage(e.page - 1); return nil })})
	r.add(&command{name: "page.setSize", label: lbl("Format de la page", "Page size"), context: ContextAny,
		run: withArgs(func(e *Editor, a *pageArgs) (any, error) { return nil, e.setPageSize(a) })})
	r.add(&command{name: "page.setBackground", label: lbl("Fond de la page", "Page background"), context: ContextAny,
		run: withArgs(func(e *Editor, a *pageArgs) (any, error) { return nil, e.setPageBackground(a) })})
	r.add(&command{name: "page.rename", label: lbl("Renommer la page", "Rename page"), context: ContextAny,
		run: withArgs(func(e *Editor, a *pageArgs) (any, error) { return nil, e.renamePage(a) })})

	// Document.
	r.add(&command{name: "document.new", label: lbl("Nouveau document", "New document"), context: ContextAny,
		run: withArgs(func(e *Editor, a *pageArgs) (any, error) { return nil, e.newDocument(a) })})
	r.add(&command{name: "document.load", label: lbl("Ouvrir", "Open"), context: ContextAny,
		run: func(e *Editor, args json.RawMessage) (any, error) { return e.load(args) }})
	r.add(&command{name: "document.replace", label: labelReplace, context: ContextAny,
		run: func(e *Editor, args json.RawMessage) (any, error) { return e.replaceWith(args) }})
	r.add(&command{name: "document.save", label: lbl("Enregistrer", "Save"), context: ContextAny,
		bindings: bind("Mod+S", ""), duringGesture: true, // an autosave must not drop the user's drag
		run: withArgs(func(e *Editor, a *struct {
			Autosave bool `json:"autosave"`
			Indent   bool `json:"indent"`
		}) (any, error) {
			return e.save(a.Autosave, a.Indent)
		})})
	r.add(&command{name: "document.addFont", label: labelAddFont, context: ContextAny,
		run: withArgs(func(e *Editor, a *scene.FontSource) (any, error) { return nil, e.addFont(a) })})
	r.add(&command{name: "document.fontsChanged", label: lbl("Polices chargées", "Fonts loaded"), context: ContextAny,
		duringGesture: true, keepsBurst: true,
		run: withArgs(func(e *Editor, a *fontsArgs) (any, error) { return e.fontsChanged(a) })})
	r.add(&command{name: "document.set", label: lbl("Réglages du document", "Document settings"), context: ContextAny,
		run: withArgs(func(e *Editor, a *docArgs) (any, error) { return nil, e.setDocument(a) })})
	return r
}

func noArgs1(fn func(e *Editor) (any, error)) func(e *Editor, args json.RawMessage) (any, error) {
	return func(e *Editor, args json.RawMessage) (any, error) {
		var v struct{}
		if err := decode(args, &v); err != nil {
			return nil, err
		}
		return fn(e)
	}
}
