/** Unsubscribe: the suppression list, sealed tokens, the list headers and the endpoint. */
export * from './suppression-list.js';
export * from './keyring.js';
export * from './token.js';
export * from './list-headers.js';
export { startUnsubscribeServer, SECURITY_HEADERS, type UnsubscribeServer, type UnsubscribeServerOptions } from './server.js';
