import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type Rolldown } from 'vite';

const entry = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Where `npm run dev` sends the API calls: a local instance (npm start runs A on 4001). */
const API = process.env.ADMIN_DEV_API ?? 'http://localhost:4001';

const pkgs = (...names: string[]) => new RegExp(`[\\\\/]node_modules[\\\\/](${names.join('|')})[\\\\/]`);

/**
 * Vendor chunks, by package. Rolldown's `codeSplitting.groups` is what `manualChunks` became in
 * Vite 8 (`manualChunks` is still accepted, deprecated, as a function only).
 *
 * The admin's vendor groups take only `$initial` modules (those the entry loads before any lazy
 * page: what the login page needs); whatever only a lazy page uses (tables, array inputs, ...)
 * stays with that page. `entriesAware` keeps the admin from loading the parts of `graphql` that
 * only the playground uses. GraphiQL's packages are split so that no chunk passes 500 kB.
 */
const VENDOR_GROUPS: Rolldown.CodeSplittingGroup[] = [
  // Vite's preload helper, needed by every entry that lazy-loads (else it lands in a vendor chunk).
  { name: 'preload-helper', test: /preload-helper/, priority: 100 },
  { name: 'vendor-react', test: pkgs('react', 'react-dom', 'scheduler'), priority: 60 },
  { name: 'vendor-router', test: pkgs('react-router', 'react-router-dom', 'cookie', 'set-cookie-parser'), priority: 50, tags: ['$initial'] },
  {
    name: 'vendor-mui',
    test: pkgs('@mui', '@emotion', '@popperjs', 'react-transition-group', 'react-is', 'stylis', 'clsx', 'hoist-non-react-statics', '@babel[\\\\/]runtime'),
    priority: 50,
    tags: ['$initial'],
    entriesAware: true,
  },
  { name: 'vendor-react-admin', test: pkgs('ra-[a-z0-9-]+', 'react-admin', '@tanstack', 'react-hook-form', 'lodash', 'node-polyglot', 'query-string', 'inflection', 'react-error-boundary', 'eventemitter3', 'dompurify', 'jsonexport'), priority: 40, tags: ['$initial'], entriesAware: true },
  { name: 'vendor-graphql', test: pkgs('graphql', 'graphql-request', '@graphql-typed-document-node'), priority: 40, tags: ['$initial'], entriesAware: true },
  // GraphiQL (the playground's entry only): CodeMirror 5, the GraphQL language service, Markdown, motion, the rest.
  { name: 'graphiql-codemirror', test: pkgs('codemirror', 'codemirror-graphql'), priority: 30 },
  { name: 'graphiql-language', test: pkgs('graphql-language-service', 'vscode-languageserver-types', 'nullthrows', 'debounce-promise'), priority: 30 },
  { name: 'graphiql-markdown', test: pkgs('markdown-it', 'mdurl', 'uc\\.micro', 'linkify-it', 'punycode\\.js', 'entities'), priority: 30 },
  { name: 'graphiql-motion', test: pkgs('framer-motion', 'motion-dom', 'motion-utils'), priority: 30 },
  // Headless UI pieces under GraphiQL (they import nothing of GraphiQL's, so no chunk cycle), then GraphiQL itself.
  {
    name: 'graphiql-headless',
    test: pkgs('@radix-ui', '@floating-ui', '@headlessui', '@react-aria', '@swc[\\\\/]helpers', 'react-remove-scroll', 'react-remove-scroll-bar', 'react-style-singleton', 'use-callback-ref', 'use-sidecar', 'aria-hidden', 'get-nonce', 'tslib', 'use-sync-external-store', 'zustand', 'tabbable'),
    priority: 25,
  },
  { name: 'graphiql-ui', test: pkgs('graphiql', '@graphiql', 'react-compiler-runtime'), priority: 20 },
];

/** `npm run dev`: /graphiql (the server's route for the playground) opens the dev playground. */
const graphiqlDevRoute: Plugin = {
  name: 'orders-admin:graphiql-dev-route',
  apply: 'serve',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.url !== '/graphiql') return next();
      res.statusCode = 302;
      res.setHeader('location', '/admin/graphiql.html');
      res.end();
    });
  },
};

export default defineConfig({
  base: '/admin/',
  plugins: [react(), graphiqlDevRoute],
  build: {
    sourcemap: false,
    rolldownOptions: {
      input: {
        main: entry('./index.html'),
        graphiql: entry('./graphiql.html'),
      },
      // GraphiQL's react-compiler-runtime starts with "use no memo", a directive for the React
      // compiler that bundling drops (harmlessly): do not warn about it.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && /react-compiler-runtime/.test(`${log.id ?? ''} ${log.message}`)) return;
        handler(level, log);
      },
      output: {
        codeSplitting: { groups: VENDOR_GROUPS },
        // entriesAware sub-chunks are named after every entry that shares them: keep the group's name.
        chunkFileNames: (chunk) => `assets/${chunk.name.split('~')[0]}-[hash].js`,
      },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: API, changeOrigin: true },
      '/healthz': { target: API, changeOrigin: true },
    },
  },
});
