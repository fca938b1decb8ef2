export { createWebApp, type WebAppOptions } from './app.js';
export { createNodeHandler, listen, WEB_PATHS, type ListenOptions } from './node.js';
export { badgeText } from './badges.js';
export { webOptionsFromEnv } from './options.js';
