// Texts of the library panels (Templates, Elements, Photos) in French and English, added to
// the interface's dictionaries when the panels load.

import { addTexts } from './i18n.js';

const FR = {
  'rail.templates': 'Modèles', 'rail.elements': 'Éléments', 'rail.photos': 'Photos',
  // Elements
  'lib.elements.title': 'Éléments', 'lib.elements.search': 'Rechercher : vélo, mairie…',
  'lib.search.clear': 'Effacer la recherche',
  'lib.cat.party': 'Fête', 'lib.cat.townhall': 'Mairie', 'lib.cat.sport': 'Sport', 'lib.cat.school': 'École',
  'lib.cat.nature': 'Nature', 'lib.cat.arrows': 'Flèches', 'lib.cat.music': 'Musique', 'lib.cat.christmas': 'Noël',
  'lib.cat.market': 'Marché', 'lib.cat.works': 'Travaux', 'lib.cat.health': 'Santé', 'lib.cat.transport': 'Transports',
  'lib.cat.town': 'Ville',
  'lib.section.shapes': 'Formes', 'lib.section.lines': 'Lignes et flèches', 'lib.section.stickers': 'Dessins',
  'lib.section.photos': 'Photos', 'lib.section.backgrounds': 'Fonds et textures',
  'lib.seeAll': 'Tout voir', 'lib.back': 'Retour', 'lib.kinds': 'Type d’élément',
  'lib.kind.all': 'Tout', 'lib.kind.icon': 'Icônes', 'lib.kind.illustration': 'Dessins', 'lib.kind.shape': 'Formes',
  'lib.browse.icon': 'Toutes les icônes', 'lib.browse.illustration': 'Tous les dessins', 'lib.browse.shape': 'Formes et lignes',
  'lib.results': '{n} résultats', 'lib.oneResult': '1 résultat', 'lib.noResults': 'Rien à afficher pour le moment.',
  'lib.empty': 'Aucun résultat pour « {q} ». Essayez un autre mot, par exemple :',
  'lib.error': 'La recherche n’a pas abouti : {error}.', 'lib.retry': 'Réessayer',
  'lib.insertError': 'Impossible d’ajouter cet élément : {error}',
  'lib.hint': 'Cliquez pour ajouter à la page, ou faites glisser à l’endroit voulu.',
  'lib.iconColor': 'Couleur de l’icône',
  // Photos
  'lib.photos.title': 'Photos', 'lib.photos.search': 'Rechercher des photos',
  'lib.setBackground': 'Mettre en fond de page', 'lib.backgroundShort': 'Fond',
  'lib.insertImage': 'Insérer comme image', 'lib.insertShort': 'Insérer',
  'lib.backgroundSet': 'Fond de page appliqué (verrouillé : cliquez dessus puis « Déverrouiller » pour le changer).',
  'lib.backgroundName': 'Fond de page', 'lib.notBackground': 'Cet élément ne peut pas servir de fond de page.',
  'lib.backgrounds.hint': 'Cliquez sur un fond pour l’appliquer à toute la page.',
  'lib.source.label': 'Source des photos', 'lib.source.offline': 'Bibliothèque', 'lib.source.org': 'Vos images',
  'lib.provider.prompt': 'Tapez un mot ci-dessus pour chercher parmi les photos {provider}, ou choisissez :',
  'lib.provider.attributionPrefix': 'Photos ', 'lib.photoBy': 'Photo : {author}',
  'lib.useLibrary': 'Chercher dans la bibliothèque intégrée',
  // Templates
  'tpl.title': 'Modèles', 'tpl.hint': 'Choisissez un modèle, puis remplacez ses textes et ses photos.',
  'tpl.search': 'Rechercher un modèle', 'tpl.all': 'Tous', 'tpl.cat.poster': 'Affiches', 'tpl.cat.flyer': 'Flyers',
  'tpl.cat.social': 'Réseaux sociaux', 'tpl.pages': '{n} pages',
  'tpl.replaceTitle': 'Remplacer la création en cours ?',
  'tpl.replaceText': 'Votre création sera remplacée par le modèle « {name} ». Vous pourrez revenir en arrière avec Ctrl+Z.',
  'tpl.replaceOk': 'Remplacer',
  'tpl.applied': 'Modèle « {name} » appliqué : double-cliquez sur un texte pour le modifier.',
  'tpl.error': 'Impossible d’ouvrir ce modèle : {error}', 'tpl.loadError': 'Les modèles n’ont pas pu être chargés : {error}.',
  'tpl.empty': 'Aucun modèle ne correspond à « {q} ».', 'tpl.none': 'Aucun modèle n’est installé sur ce serveur.',
};

const EN = {
  'rail.templates': 'Templates', 'rail.elements': 'Elements', 'rail.photos': 'Photos',
  // Elements
  'lib.elements.title': 'Elements', 'lib.elements.search': 'Search: bike, town hall…',
  'lib.search.clear': 'Clear the search',
  'lib.cat.party': 'Party', 'lib.cat.townhall': 'Town hall', 'lib.cat.sport': 'Sport', 'lib.cat.school': 'School',
  'lib.cat.nature': 'Nature', 'lib.cat.arrows': 'Arrows', 'lib.cat.music': 'Music', 'lib.cat.christmas': 'Christmas',
  'lib.cat.market': 'Market', 'lib.cat.works': 'Roadworks', 'lib.cat.health': 'Health', 'lib.cat.transport': 'Transport',
  'lib.cat.town': 'City',
  'lib.section.shapes': 'Shapes', 'lib.section.lines': 'Lines and arrows', 'lib.section.stickers': 'Stickers',
  'lib.section.photos': 'Photos', 'lib.section.backgrounds': 'Backgrounds and textures',
  'lib.seeAll': 'See all', 'lib.back': 'Back', 'lib.kinds': 'Kind of element',
  'lib.kind.all': 'All', 'lib.kind.icon': 'Icons', 'lib.kind.illustration': 'Stickers', 'lib.kind.shape': 'Shapes',
  'lib.browse.icon': 'All icons', 'lib.browse.illustration': 'All stickers', 'lib.browse.shape': 'Shapes and lines',
  'lib.results': '{n} results', 'lib.oneResult': '1 result', 'lib.noResults': 'Nothing to show yet.',
  'lib.empty': 'No results for “{q}”. Try another word, for example:',
  'lib.error': 'The search failed: {error}.', 'lib.retry': 'Try again',
  'lib.insertError': 'This item could not be added: {error}',
  'lib.hint': 'Click to add it to the page, or drag it where you want it.',
  'lib.iconColor': 'Icon colour',
  // Photos
  'lib.photos.title': 'Photos', 'lib.photos.search': 'Search photos',
  'lib.setBackground': 'Set as page background', 'lib.backgroundShort': 'Background',
  'lib.insertImage': 'Insert as an image', 'lib.insertShort': 'Insert',
  'lib.backgroundSet': 'Page background set (locked: click it, then “Unlock” to change it).',
  'lib.backgroundName': 'Page background', 'lib.notBackground': 'This item cannot be used as a page background.',
  'lib.backgrounds.hint': 'Click a background to apply it to the whole page.',
  'lib.source.label': 'Photo source', 'lib.source.offline': 'Library', 'lib.source.org': 'Your pictures',
  'lib.provider.prompt': 'Type a word above to search {provider} photos, or pick one:',
  'lib.provider.attributionPrefix': 'Photos ', 'lib.photoBy': 'Photo: {author}',
  'lib.useLibrary': 'Search the built-in library',
  // Templates
  'tpl.title': 'Templates', 'tpl.hint': 'Pick a template, then replace its texts and photos.',
  'tpl.search': 'Search templates', 'tpl.all': 'All', 'tpl.cat.poster': 'Posters', 'tpl.cat.flyer': 'Flyers',
  'tpl.cat.social': 'Social media', 'tpl.pages': '{n} pages',
  'tpl.replaceTitle': 'Replace the current design?',
  'tpl.replaceText': 'Your design will be replaced by the “{name}” template. Ctrl+Z brings it back.',
  'tpl.replaceOk': 'Replace',
  'tpl.applied': '“{name}” template applied: double-click a text to change it.',
  'tpl.error': 'This template could not be opened: {error}', 'tpl.loadError': 'The templates could not be loaded: {error}.',
  'tpl.empty': 'No template matches “{q}”.', 'tpl.none': 'No template is installed on this server.',
};

addTexts(FR, EN);

/** LIB_KEYS lists the keys this module adds (for the completeness test). */
export const LIB_KEYS = { fr: Object.keys(FR), en: Object.keys(EN) };
