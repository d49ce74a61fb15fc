/** The config stage: find, read and check newsletter.config.yaml; resolve per-language text. */
export { CONFIG_FILE_NAME, findConfigFile, loadConfig, type LoadedConfig } from './load-config.js';
export { localizeConfig, newsletterName, pickLanguage } from './localize-config.js';
export { parseAddress } from './address.js';
export { configSchema } from './schema.js';
