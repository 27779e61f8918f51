// eslint for the plugin's browser scripts (`make lint`). They are plain scripts, no bundler: each is an
// IIFE loaded by a <script> tag in the theme, so sourceType is "script" and only browser globals exist.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    // Material's own inline scripts, minified and moved to files for the Content-Security-Policy: not ours to lint.
    ignores: ["plugins/helpcentre/templates/assets/helpcentre/material/**"],
  },
  {
    files: ["plugins/helpcentre/templates/assets/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
];
