/**
 * Word lists for the name finder. Every entry is folded (lower case, no diacritics), the form `foldToken` gives.
 */

/**
 * Dutch (and some English) words that are also given names or family names. A name on this list counts only where it
 * stands as a name: capitalised and not alone at the start of a sentence, next to another name part, after "@", "#"
 * or a title ("juf", "meester"), or after its name prefix ("de Boer"). Lower-case it is a word.
 *
 * The list also holds a few words that look like a possessive of a name ("noors" is Norwegian, not "Noor's").
 * Names of one or two letters ("Bo", "Jo", "An") and name prefixes ("van", "de") are treated as words without being
 * listed. Pass `commonWords` to `buildNameFinder` to replace the list (union it with this one to extend it).
 */
export const DUTCH_COMMON_WORDS: ReadonlySet<string> = new Set([
  // Given names that are Dutch words: nature, flowers, animals, weather, seasons.
  'roos', 'roosje', 'rosa', 'roza', 'bo', 'sem', 'storm', 'jade', 'fleur', 'mees', 'lente', 'zon', 'sterre', 'ster',
  'maan', 'vos', 'bas', 'koen', 'merel', 'linde', 'iris', 'amber', 'hazel', 'lelie', 'jasmijn', 'madelief', 'vlinder',
  'rozemarijn', 'wolf', 'beer', 'valk', 'vink', 'bloem', 'zomer', 'winter', 'herfst', 'hemel', 'dauw', 'bries', 'zee',
  'meer', 'parel', 'robijn', 'kers', 'hazel', 'hinde', 'lijster', 'raaf', 'duif', 'zwaan', 'reiger', 'uil', 'vlam',
  // Given names that are ordinary Dutch or English words ("max." is maximum, "dag" is day and hello, "ben" is am).
  'ben', 'wil', 'dag', 'mei', 'lot', 'job', 'lieve', 'lief', 'mare', 'dies', 'floor', 'mark', 'frank', 'rob', 'bob',
  'jet', 'lies', 'mats', 'mat', 'hart', 'augustus', 'april', 'juni', 'juli', 'ward', 'joy', 'max', 'milan', 'dean',
  'jay', 'robin', 'rowan', 'rain', 'river', 'sky', 'summer', 'hope', 'grace', 'faith', 'ivy', 'lily', 'rose', 'ruby',
  'pearl', 'may', 'june', 'will', 'jack', 'bill', 'nick', 'mason', 'hunter', 'daisy', 'violet', 'feline', 'ties',
  'puck',
  // Words that look like a name's possessive: "Noors" is Norwegian, not Noor's.
  'noors',
  // Family names that are Dutch words (trades, places, colours, animals).
  'bakker', 'visser', 'smit', 'smid', 'mulder', 'koster', 'boer', 'jong', 'groot', 'bos', 'wit', 'graaf',
  'kok', 'haan', 'dekker', 'brouwer', 'kramer', 'schilder', 'timmerman', 'molenaar', 'kuiper', 'wever', 'schipper',
  'jager', 'koning', 'keizer', 'prins', 'berg', 'dijk', 'beek', 'veen', 'broek', 'hoek', 'heuvel', 'linden', 'leeuwen',
  'vries', 'brink', 'dam', 'steen', 'boom', 'haas', 'mol', 'kat', 'post', 'zwart', 'groen', 'klein', 'lang', 'bosch',
  'bruin', 'rood', 'vogel', 'visscher', 'schouten', 'schaap', 'bij', 'water', 'wind', 'kaas', 'brood', 'kool',
  'smeets', 'hoogland', 'laan', 'plein', 'poort', 'toren', 'kerk', 'school', 'meester', 'kuijpers', 'schmidt', 'beek',
  'mos', 'riet', 'zand', 'klei', 'ven', 'horst', 'wal', 'weg', 'burg', 'hof', 'kamp', 'velde', 'veld',
]);

/**
 * Tussenvoegsels and similar particles. They make a following family name certain ("de Boer" is a name where "boer"
 * is a word) but never count as a name on their own.
 */
export const NAME_PREFIX_WORDS: ReadonlySet<string> = new Set([
  'van', 'de', 'der', 'den', 'het', 't', 's', 'ter', 'ten', 'te', 'in', 'op', 'onder', 'aan', 'bij', 'uit', 'voor',
  'over', 'la', 'le', 'les', 'du', 'des', 'da', 'di', 'del', 'della', 'dos', 'das', 'do', 'el', 'al', 'von', 'zu',
  'vom', 'zur', 'd', 'l', 'o', 'mac', 'mc', 'st', 'vd', 'v',
]);

/** Words before a name that make it a name: "juf Roos", "meester Bakker", "mevr. Visser". */
export const TITLE_WORDS: ReadonlySet<string> = new Set([
  'juf', 'juffrouw', 'meester', 'meneer', 'mevrouw', 'mevr', 'mw', 'mvr', 'dhr', 'hr', 'heer', 'mr', 'mrs', 'ms',
  'miss', 'dr', 'drs', 'ir', 'ing', 'prof', 'zuster', 'broeder',
]);
