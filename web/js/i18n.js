// Interface texts in French and English. French is the default when the browser is French;
// the choice is remembered. Elements carry data-i18n (text), data-i18n-title,
// data-i18n-placeholder and data-i18n-aria-label attributes that applyI18n fills in.

const FR = {
  'menu.file': 'Fichier', 'menu.new': 'Nouveau', 'menu.open': 'Ouvrir…', 'menu.save': 'Enregistrer',
  'menu.saveSelfContained': 'Enregistrer avec les images et polices', 'menu.export': 'Exporter (PDF, PNG, JPEG)…',
  'title.label': 'Titre du document', 'title.placeholder': 'Sans titre', 'lang.label': 'Langue',
  'export.button': 'Exporter', 'rail.label': 'Ajouter', 'rail.text': 'Texte', 'rail.shapes': 'Formes',
  'rail.uploads': 'Importer', 'rail.page': 'Page',
  'panel.text.title': 'Texte', 'panel.text.addTitle': 'Ajouter un titre', 'panel.text.addSubtitle': 'Ajouter un sous-titre',
  'panel.text.addBody': 'Ajouter du texte',
  'panel.text.hint': 'Astuce : double-cliquez sur un texte pour le modifier. Touche T pour en ajouter un.',
  'panel.shapes.title': 'Formes', 'panel.shapes.lines': 'Lignes et flèches',
  'panel.uploads.title': 'Vos fichiers', 'panel.uploads.button': 'Importer des images',
  'panel.uploads.hint': 'Ou glissez-déposez des images, des SVG, des polices ou un projet .json sur la page.',
  'panel.uploads.empty': 'Les images importées apparaîtront ici.',
  'panel.page.title': 'Format de la page', 'panel.page.sizes': 'Formats', 'panel.page.custom': 'Taille personnalisée',
  'panel.page.width': 'Largeur', 'panel.page.height': 'Hauteur', 'panel.page.unit': 'Unité', 'panel.page.apply': 'Appliquer',
  'panel.page.background': 'Fond de page', 'panel.page.print': 'Impression', 'panel.page.screen': 'Écran et réseaux sociaux',
  'panel.page.content': 'Quand le format change', 'panel.page.contentScale': 'Adapter le contenu',
  'panel.page.contentScaleHint': 'Textes, images et formes suivent la nouvelle taille',
  'panel.page.contentKeep': 'Garder la disposition', 'panel.page.contentKeepHint': 'Les éléments restent à leur place',
  'toolbar.label': 'Propriétés de la sélection', 'stage.label': 'Page en cours de création',
  'drop.hint': 'Déposez vos fichiers ici', 'pages.label': 'Pages', 'pages.add': 'Ajouter une page',
  'pages.page': 'Page {n}', 'pages.more': 'Actions de la page', 'pages.duplicate': 'Dupliquer la page',
  'pages.delete': 'Supprimer la page', 'pages.moveLeft': 'Déplacer à gauche', 'pages.moveRight': 'Déplacer à droite',
  'zoom.label': 'Zoom', 'splash.loading': 'Chargement du studio…',
  'splash.error': 'Le studio n’a pas pu démarrer : {error}. Rechargez la page ; si le problème continue, prévenez la personne qui administre Affiche.',
  'common.close': 'Fermer', 'common.cancel': 'Annuler', 'common.ok': 'OK', 'common.none': 'Aucun',
  'cmd.undo': 'Annuler', 'cmd.redo': 'Rétablir', 'cmd.zoomIn': 'Zoom avant', 'cmd.zoomOut': 'Zoom arrière',
  'cmd.zoomFit': 'Ajuster à l’écran',
  'save.saved': 'Enregistré dans ce navigateur', 'save.saving': 'Enregistrement…', 'save.error': 'Enregistrement local impossible',
  'save.restored': 'Votre travail non enregistré a été récupéré.', 'save.restoredAt': 'Travail récupéré (modifié le {date}).',
  'save.startOver': 'Repartir de zéro',
  'save.offer': 'Un travail précédent a été trouvé dans ce navigateur.', 'save.offerAction': 'Le récupérer',
  'status.page': 'Page {n} sur {total}', 'status.selection': '{n} éléments sélectionnés',
  'status.size': '{w} × {h} {unit}',
  // Context toolbar
  'tb.font': 'Police', 'tb.fontSize': 'Taille du texte', 'tb.bigger': 'Agrandir', 'tb.smaller': 'Réduire',
  'tb.bold': 'Gras', 'tb.italic': 'Italique', 'tb.underline': 'Souligné', 'tb.strike': 'Barré',
  'tb.textColor': 'Couleur du texte', 'tb.align': 'Alignement du texte', 'tb.alignLeft': 'Aligner à gauche',
  'tb.alignCenter': 'Centrer', 'tb.alignRight': 'Aligner à droite', 'tb.alignJustify': 'Justifier',
  'tb.bullets': 'Liste à puces', 'tb.numbers': 'Liste numérotée', 'tb.spacing': 'Espacement',
  'tb.lineHeight': 'Interligne', 'tb.letterSpacing': 'Espacement des lettres',
  'tb.opacity': 'Transparence', 'tb.fill': 'Couleur de remplissage', 'tb.stroke': 'Contour',
  'tb.strokeWidth': 'Épaisseur du contour', 'tb.strokeColor': 'Couleur du contour', 'tb.noStroke': 'Sans contour',
  'tb.radius': 'Arrondi des angles', 'tb.position': 'Position', 'tb.arrange': 'Disposition',
  'tb.front': 'Mettre au premier plan', 'tb.forward': 'Avancer', 'tb.backward': 'Reculer', 'tb.back': 'Mettre à l’arrière-plan',
  'tb.alignPage': 'Aligner', 'tb.alignLeftEdges': 'À gauche', 'tb.alignHCenter': 'Au centre', 'tb.alignRightEdges': 'À droite',
  'tb.alignTop': 'En haut', 'tb.alignVMiddle': 'Au milieu', 'tb.alignBottom': 'En bas',
  'tb.distributeH': 'Répartir horizontalement', 'tb.distributeV': 'Répartir verticalement',
  'tb.group': 'Grouper', 'tb.ungroup': 'Dissocier', 'tb.lock': 'Verrouiller', 'tb.unlock': 'Déverrouiller',
  'tb.delete': 'Supprimer', 'tb.duplicate': 'Dupliquer', 'tb.crop': 'Recadrer', 'tb.cropDone': 'Terminer le recadrage',
  'tb.flipH': 'Retourner horizontalement', 'tb.flipV': 'Retourner verticalement',
  'tb.lineEnds': 'Extrémités', 'tb.pageBg': 'Couleur de fond', 'tb.pageSize': 'Format',
  'tb.noSelection': 'Cliquez sur un élément pour le modifier, ou ajoutez-en un depuis le panneau de gauche.',
  'tb.multi': '{n} éléments', 'tb.locked': 'Élément verrouillé', 'tb.editing': 'Modification du texte',
  'tb.more': 'Plus d’options', 'tb.shadow': 'Ombre',
  'color.document': 'Couleurs du document', 'color.default': 'Couleurs par défaut', 'color.custom': 'Couleur personnalisée',
  'color.none': 'Aucune couleur', 'font.search': 'Rechercher une police', 'font.none': 'Aucune police trouvée',
  'font.cat.sans': 'Sans empattement', 'font.cat.serif': 'Avec empattement', 'font.cat.display': 'Titrage',
  'font.cat.handwriting': 'Manuscrite', 'font.cat.mono': 'Chasse fixe', 'font.cat.uploaded': 'Vos polices',
  'head.none': 'Aucune', 'head.arrow': 'Flèche', 'head.triangle': 'Triangle', 'head.circle': 'Rond',
  'head.square': 'Carré', 'head.bar': 'Barre', 'head.start': 'Début', 'head.end': 'Fin',
  // Shapes
  'shape.rect': 'Rectangle', 'shape.rounded': 'Rectangle arrondi', 'shape.ellipse': 'Cercle', 'shape.triangle': 'Triangle',
  'shape.polygon': 'Hexagone', 'shape.star': 'Étoile', 'shape.arrow': 'Flèche pleine', 'shape.line': 'Ligne',
  'shape.lineArrow': 'Flèche', 'shape.lineDashed': 'Ligne pointillée', 'shape.lineDouble': 'Double flèche',
  // Text presets
  'text.title': 'Votre titre', 'text.subtitle': 'Votre sous-titre', 'text.body': 'Votre texte ici',
  // Files
  'menu.importPolotno': 'Importer un modèle Polotno…', 'file.importing': 'Import du modèle Polotno…',
  'file.polotnoImported': 'Modèle Polotno importé : {n} avertissements', 'file.polotnoImportedOne': 'Modèle Polotno importé : 1 avertissement',
  'file.polotnoImportedNone': 'Modèle Polotno importé.', 'file.polotnoWarnings': 'Avertissements de l’import Polotno',
  'file.polotnoIntro': 'Ce qui n’a pas pu être repris tel quel du modèle Polotno :', 'file.showWarnings': 'Voir',
  'file.polotnoElement': 'élément {id}', 'file.polotnoPage': 'page {id}',
  'file.opened': '« {name} » est ouvert.', 'file.saved': 'Enregistré : {name}', 'file.openError': 'Impossible d’ouvrir ce fichier : {error}',
  'file.notProject': 'Ce fichier n’est pas un projet Affiche.', 'file.newConfirm': 'Commencer un nouveau projet ?',
  'file.newText': 'Le projet en cours sera remplacé par une page vide. Pour le garder, enregistrez-le d’abord (Fichier › Enregistrer).',
  'file.newOk': 'Nouveau projet', 'file.embedding': 'Intégration des images et polices…',
  'file.embedError': 'Impossible d’intégrer {url} : {error}', 'file.defaultName': 'affiche',
  'upload.uploading': 'Import de {name}…', 'upload.error': 'Import impossible de {name} : {error}',
  'upload.fontAdded': 'Police « {family} » ajoutée au document.', 'upload.unsupported': '{name} : type de fichier non pris en charge.',
  'upload.offline': 'Serveur injoignable : l’image est intégrée directement au document.',
  // Export
  'export.title': 'Exporter', 'export.format': 'Format', 'export.pdf': 'PDF', 'export.pdfHint': 'Pour l’impression',
  'export.png': 'PNG', 'export.pngHint': 'Image nette, transparence', 'export.jpeg': 'JPEG', 'export.jpegHint': 'Photo légère pour le web',
  'export.preset': 'Réglage', 'export.presetPrint': 'Imprimeur', 'export.presetWeb': 'Web', 'export.presetCustom': 'Personnalisé',
  'export.dpi': 'Résolution', 'export.pages': 'Pages', 'export.allPages': 'Toutes les pages', 'export.currentPage': 'Page en cours',
  'export.range': 'Pages :', 'export.bleed': 'Ajouter le fond perdu ({mm} mm)', 'export.cropMarks': 'Traits de coupe',
  'export.quality': 'Qualité JPEG', 'export.start': 'Exporter', 'export.running': 'Export en cours…',
  'export.queued': 'En attente…', 'export.done': 'Export terminé : {name}', 'export.error': 'L’export a échoué : {error}',
  'export.offline': 'Le serveur est injoignable : export PNG calculé dans votre navigateur.',
  'export.offlineNote': 'Serveur injoignable : seul le PNG calculé dans le navigateur est disponible.',
  'export.printNote': 'PDF au format exact, fond perdu de 3 mm, traits de coupe, images à 300 dpi, polices incluses.',
  'export.webNote': 'PNG à 72 dpi (1 pt = 1 pixel), idéal pour les réseaux sociaux et les sites.',
  'export.pixels': '{w} × {h} pixels', 'export.zip': 'Plusieurs pages : vous recevrez un fichier ZIP.',
  'export.cancel': 'Annuler l’export',
  // Errors
  'err.wasm': 'le module de dessin ne s’est pas chargé', 'err.server': 'le serveur ne répond pas',
  'err.fonts': 'Les polices du serveur n’ont pas pu être chargées : le texte utilise une police de secours.',
  'err.image': 'Image illisible : {name}',
  'color.recent': 'Couleurs récentes', 'ctx.copy': 'Copier', 'ctx.selectAll': 'Tout sélectionner',
  'export.badRange': 'Indiquez des pages existantes, par exemple 1-3, 5.', 'export.rendering': 'Page {page} sur {pages}…',
  'export.sending': 'Téléchargement…', 'key.delete': 'Suppr', 'tb.alignSel': 'Aligner les éléments',
  'tb.alignToPage': 'Aligner sur la page', 'tb.cropReset': 'Réinitialiser', 'tb.dash': 'Pointillés',
  'help.shortcuts': 'Raccourcis clavier', 'help.shortcutsShort': 'Raccourcis', 'help.onCanvas': 'Sur la page',
  'help.inText': 'Pendant la saisie d’un texte', 'help.anywhere': 'Partout', 'help.inCrop': 'Pendant un recadrage',
  // Text editing
  'text.editHint': 'Entrée : nouveau paragraphe · Maj+Entrée : retour à la ligne · Échap : terminer',
};

const EN = {
  'menu.file': 'File', 'menu.new': 'New', 'menu.open': 'Open…', 'menu.save': 'Save',
  'menu.saveSelfContained': 'Save with images and fonts', 'menu.export': 'Export (PDF, PNG, JPEG)…',
  'title.label': 'Document title', 'title.placeholder': 'Untitled', 'lang.label': 'Language',
  'export.button': 'Export', 'rail.label': 'Add', 'rail.text': 'Text', 'rail.shapes': 'Shapes',
  'rail.uploads': 'Uploads', 'rail.page': 'Page',
  'panel.text.title': 'Text', 'panel.text.addTitle': 'Add a heading', 'panel.text.addSubtitle': 'Add a subheading',
  'panel.text.addBody': 'Add body text',
  'panel.text.hint': 'Tip: double-click a text to edit it. Press T to add one.',
  'panel.shapes.title': 'Shapes', 'panel.shapes.lines': 'Lines and arrows',
  'panel.uploads.title': 'Your files', 'panel.uploads.button': 'Upload images',
  'panel.uploads.hint': 'Or drag and drop images, SVGs, fonts or a .json project onto the page.',
  'panel.uploads.empty': 'Uploaded images will appear here.',
  'panel.page.title': 'Page size', 'panel.page.sizes': 'Sizes', 'panel.page.custom': 'Custom size',
  'panel.page.width': 'Width', 'panel.page.height': 'Height', 'panel.page.unit': 'Unit', 'panel.page.apply': 'Apply',
  'panel.page.background': 'Page background', 'panel.page.print': 'Print', 'panel.page.screen': 'Screen and social media',
  'panel.page.content': 'When the size changes', 'panel.page.contentScale': 'Scale the content',
  'panel.page.contentScaleHint': 'Text, images and shapes follow the new size',
  'panel.page.contentKeep': 'Keep the layout', 'panel.page.contentKeepHint': 'Elements stay where they are',
  'toolbar.label': 'Selection properties', 'stage.label': 'Page being designed',
  'drop.hint': 'Drop your files here', 'pages.label': 'Pages', 'pages.add': 'Add a page',
  'pages.page': 'Page {n}', 'pages.more': 'Page actions', 'pages.duplicate': 'Duplicate page',
  'pages.delete': 'Delete page', 'pages.moveLeft': 'Move left', 'pages.moveRight': 'Move right',
  'zoom.label': 'Zoom', 'splash.loading': 'Loading the studio…',
  'splash.error': 'The studio could not start: {error}. Reload the page; if it keeps happening, tell whoever runs Affiche.',
  'common.close': 'Close', 'common.cancel': 'Cancel', 'common.ok': 'OK', 'common.none': 'None',
  'cmd.undo': 'Undo', 'cmd.redo': 'Redo', 'cmd.zoomIn': 'Zoom in', 'cmd.zoomOut': 'Zoom out',
  'cmd.zoomFit': 'Fit to screen',
  'save.saved': 'Saved in this browser', 'save.saving': 'Saving…', 'save.error': 'Could not save locally',
  'save.restored': 'Your unsaved work was restored.', 'save.restoredAt': 'Work restored (last changed {date}).',
  'save.startOver': 'Start over',
  'save.offer': 'Earlier work was found in this browser.', 'save.offerAction': 'Restore it',
  'status.page': 'Page {n} of {total}', 'status.selection': '{n} elements selected',
  'status.size': '{w} × {h} {unit}',
  'tb.font': 'Font', 'tb.fontSize': 'Font size', 'tb.bigger': 'Larger', 'tb.smaller': 'Smaller',
  'tb.bold': 'Bold', 'tb.italic': 'Italic', 'tb.underline': 'Underline', 'tb.strike': 'Strikethrough',
  'tb.textColor': 'Text colour', 'tb.align': 'Text alignment', 'tb.alignLeft': 'Align left',
  'tb.alignCenter': 'Centre', 'tb.alignRight': 'Align right', 'tb.alignJustify': 'Justify',
  'tb.bullets': 'Bulleted list', 'tb.numbers': 'Numbered list', 'tb.spacing': 'Spacing',
  'tb.lineHeight': 'Line spacing', 'tb.letterSpacing': 'Letter spacing',
  'tb.opacity': 'Transparency', 'tb.fill': 'Fill colour', 'tb.stroke': 'Border',
  'tb.strokeWidth': 'Border width', 'tb.strokeColor': 'Border colour', 'tb.noStroke': 'No border',
  'tb.radius': 'Corner rounding', 'tb.position': 'Position', 'tb.arrange': 'Arrange',
  'tb.front': 'Bring to front', 'tb.forward': 'Bring forward', 'tb.backward': 'Send backward', 'tb.back': 'Send to back',
  'tb.alignPage': 'Align', 'tb.alignLeftEdges': 'Left', 'tb.alignHCenter': 'Centre', 'tb.alignRightEdges': 'Right',
  'tb.alignTop': 'Top', 'tb.alignVMiddle': 'Middle', 'tb.alignBottom': 'Bottom',
  'tb.distributeH': 'Distribute horizontally', 'tb.distributeV': 'Distribute vertically',
  'tb.group': 'Group', 'tb.ungroup': 'Ungroup', 'tb.lock': 'Lock', 'tb.unlock': 'Unlock',
  'tb.delete': 'Delete', 'tb.duplicate': 'Duplicate', 'tb.crop': 'Crop', 'tb.cropDone': 'Done cropping',
  'tb.flipH': 'Flip horizontally', 'tb.flipV': 'Flip vertically',
  'tb.lineEnds': 'Line ends', 'tb.pageBg': 'Background colour', 'tb.pageSize': 'Size',
  'tb.noSelection': 'Click an element to change it, or add one from the left panel.',
  'tb.multi': '{n} elements', 'tb.locked': 'Locked element', 'tb.editing': 'Editing text',
  'tb.more': 'More options', 'tb.shadow': 'Shadow',
  'color.document': 'Document colours', 'color.default': 'Default colours', 'color.custom': 'Custom colour',
  'color.none': 'No colour', 'font.search': 'Search fonts', 'font.none': 'No font found',
  'font.cat.sans': 'Sans serif', 'font.cat.serif': 'Serif', 'font.cat.display': 'Display',
  'font.cat.handwriting': 'Handwriting', 'font.cat.mono': 'Monospace', 'font.cat.uploaded': 'Your fonts',
  'head.none': 'None', 'head.arrow': 'Arrow', 'head.triangle': 'Triangle', 'head.circle': 'Circle',
  'head.square': 'Square', 'head.bar': 'Bar', 'head.start': 'Start', 'head.end': 'End',
  'shape.rect': 'Rectangle', 'shape.rounded': 'Rounded rectangle', 'shape.ellipse': 'Circle', 'shape.triangle': 'Triangle',
  'shape.polygon': 'Hexagon', 'shape.star': 'Star', 'shape.arrow': 'Block arrow', 'shape.line': 'Line',
  'shape.lineArrow': 'Arrow', 'shape.lineDashed': 'Dashed line', 'shape.lineDouble': 'Double arrow',
  'text.title': 'Your heading', 'text.subtitle': 'Your subheading', 'text.body': 'Your text here',
  'menu.importPolotno': 'Import a Polotno design…', 'file.importing': 'Importing the Polotno design…',
  'file.polotnoImported': 'Polotno design imported: {n} warnings', 'file.polotnoImportedOne': 'Polotno design imported: 1 warning',
  'file.polotnoImportedNone': 'Polotno design imported.', 'file.polotnoWarnings': 'Polotno import warnings',
  'file.polotnoIntro': 'What could not be carried over from the Polotno design as it was:', 'file.showWarnings': 'Show',
  'file.polotnoElement': 'element {id}', 'file.polotnoPage': 'page {id}',
  'file.opened': '“{name}” is open.', 'file.saved': 'Saved: {name}', 'file.openError': 'Could not open this file: {error}',
  'file.notProject': 'This file is not an Affiche project.', 'file.newConfirm': 'Start a new project?',
  'file.newText': 'The current project will be replaced by an empty page. To keep it, save it first (File › Save).',
  'file.newOk': 'New project', 'file.embedding': 'Embedding images and fonts…',
  'file.embedError': 'Could not embed {url}: {error}', 'file.defaultName': 'design',
  'upload.uploading': 'Uploading {name}…', 'upload.error': 'Could not upload {name}: {error}',
  'upload.fontAdded': 'Font “{family}” added to the document.', 'upload.unsupported': '{name}: unsupported file type.',
  'upload.offline': 'Server unreachable: the image is embedded in the document instead.',
  'export.title': 'Export', 'export.format': 'Format', 'export.pdf': 'PDF', 'export.pdfHint': 'For print',
  'export.png': 'PNG', 'export.pngHint': 'Sharp image, transparency', 'export.jpeg': 'JPEG', 'export.jpegHint': 'Light photo for the web',
  'export.preset': 'Preset', 'export.presetPrint': 'Print shop', 'export.presetWeb': 'Web', 'export.presetCustom': 'Custom',
  'export.dpi': 'Resolution', 'export.pages': 'Pages', 'export.allPages': 'All pages', 'export.currentPage': 'Current page',
  'export.range': 'Pages:', 'export.bleed': 'Add bleed ({mm} mm)', 'export.cropMarks': 'Crop marks',
  'export.quality': 'JPEG quality', 'export.start': 'Export', 'export.running': 'Exporting…',
  'export.queued': 'Waiting…', 'export.done': 'Export finished: {name}', 'export.error': 'Export failed: {error}',
  'export.offline': 'The server is unreachable: PNG computed in your browser.',
  'export.offlineNote': 'Server unreachable: only a PNG computed in the browser is available.',
  'export.printNote': 'PDF at the exact size, 3 mm bleed, crop marks, 300 dpi images, fonts embedded.',
  'export.webNote': 'PNG at 72 dpi (1 pt = 1 pixel), for social media and websites.',
  'export.pixels': '{w} × {h} pixels', 'export.zip': 'Several pages: you will get a ZIP file.',
  'export.cancel': 'Cancel export',
  'err.wasm': 'the drawing module did not load', 'err.server': 'the server does not answer',
  'err.fonts': 'The server’s fonts could not be loaded: text uses a fallback font.',
  'err.image': 'Unreadable image: {name}',
  'color.recent': 'Recent colours', 'ctx.copy': 'Copy', 'ctx.selectAll': 'Select all',
  'export.badRange': 'Give pages that exist, for example 1-3, 5.', 'export.rendering': 'Page {page} of {pages}…',
  'export.sending': 'Downloading…', 'key.delete': 'Del', 'tb.alignSel': 'Align elements',
  'tb.alignToPage': 'Align to page', 'tb.cropReset': 'Reset', 'tb.dash': 'Dashed',
  'help.shortcuts': 'Keyboard shortcuts', 'help.shortcutsShort': 'Shortcuts', 'help.onCanvas': 'On the page',
  'help.inText': 'While typing a text', 'help.anywhere': 'Anywhere', 'help.inCrop': 'While cropping',
  'text.editHint': 'Enter: new paragraph · Shift+Enter: line break · Esc: done',
};

const DICTS = { fr: FR, en: EN };
const listeners = new Set();

function initialLang() {
  try {
    const saved = localStorage.getItem('affiche.lang');
    if (saved === 'fr' || saved === 'en') return saved;
  } catch { /* storage may be disabled */ }
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || 'fr';
  return nav.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** lang is the current interface language, "fr" or "en". */
export let lang = initialLang();

/** t returns the text for key in the current language, with {name} placeholders filled. */
export function t(key, vars) {
  let s = DICTS[lang][key] ?? FR[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** label picks the right text of a {fr, en} label object (as Go's scene.Label). */
export function label(l) {
  if (!l) return '';
  if (typeof l === 'string') return l;
  return l[lang] || l.en || l.fr || '';
}

/** applyI18n fills every data-i18n* attribute under root. */
export function applyI18n(root = document) {
  document.documentElement.lang = lang;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}

/** setLang switches the language, remembers it and tells the listeners. */
export function setLang(l) {
  if (l !== 'fr' && l !== 'en') return;
  lang = l;
  try { localStorage.setItem('affiche.lang', l); } catch { /* ignore */ }
  applyI18n();
  for (const fn of listeners) fn(l);
}

/** onLangChange registers fn(lang), called after every language switch. */
export function onLangChange(fn) { listeners.add(fn); }

/**
 * formatNumber formats n for the current language with at most `digits` decimals: "1 080,5"
 * in French (narrow no-break space, decimal comma), "1,080.5" in English. (Intl.NumberFormat
 * would do it too, but its first use costs tens of milliseconds on the way to the canvas.)
 */
export function formatNumber(n, digits = 1) {
  if (!Number.isFinite(n)) return String(n);
  const k = 10 ** digits;
  const r = Math.round(Math.abs(n) * k) / k;
  let [int, frac] = String(r).split('.');
  if (int.length > 3) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'fr' ? '\u202f' : ',');
  return (n < 0 && r !== 0 ? '−' : '') + int + (frac ? (lang === 'fr' ? ',' : '.') + frac : '');
}

/**
 * addTexts registers more texts (a module's own: the libraries' panels, …) in both languages.
 * Keys present in only one language fall back to French.
 */
export function addTexts(fr, en) {
  Object.assign(FR, fr);
  Object.assign(EN, en);
}

/** keys lists every key of both languages (for the completeness test). */
export const keys = () => ({ fr: Object.keys(FR), en: Object.keys(EN) });
