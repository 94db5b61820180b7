/**
 * How to run the command in hints the tools print. The command ships with the
 * repository, not with a package registry (`npx link-monitor` outside the clone
 * would ask the registry for a package of that name), so hints name the entry
 * point, which works from the root of any clone, `npm link` or not.
 */
export const CLI_FROM_CLONE = 'node bin/link-monitor.js';
