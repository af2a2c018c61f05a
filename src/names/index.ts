/**
 * The name finder: pupils' names in captions and posts, so that a photo never goes out with a name its pupil's parents
 * did not allow. Pure: no DOM, no storage.
 */
export { buildNameFinder, REASONS, type NameFinder, type NameFinderOptions, type NamePupil, type NameSpan } from './finder';
export { scrubText } from './scrub';
export { DUTCH_COMMON_WORDS, NAME_PREFIX_WORDS, TITLE_WORDS } from './words';
export { foldName, foldToken, foldTokens } from './fold';
