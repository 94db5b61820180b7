/**
 * The schema library of every module a Lambda function loads: `zod/mini`,
 * zod's tree-shakable functional API, which keeps the bundle to the checks it
 * uses (full `zod` adds about 440 KB). Unlike full `zod`, mini registers no
 * locale, and its messages would all read "Invalid input"; English is set here.
 * Import it as `import * as z from '.../zod-mini.js'`: a namespace import is
 * what lets the bundler drop everything not used.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
