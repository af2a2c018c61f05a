export { openConsentStore, type ConsentStore, type ConsentStoreOptions } from './store';
export { STORE_VERSION, DB_NAME, type ConsentChange, type RosterRead, type StoreProblem } from './schema';
