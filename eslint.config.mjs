// Flat config: typescript-eslint's recommended rules (syntactic only, no type information, so
// `npm run lint` stays fast) and React's hooks rules, including the React Compiler checks.
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig([
  globalIgnores([
    "node_modules/",
    ".next/",
    "generated/",
    ".data/",
    "playwright-report/",
    "test-results/",
    "e2e/.auth/",
    "next-env.d.ts",
    "packages/cli/dist/",
  ]),
  tseslint.configs.recommended,
  {
    // React code only: Playwright fixtures (e2e/) call a `use` callback that is not React's
    // `use`, which the hooks rules would flag.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    rules: {
      // `_`-prefixed names are deliberately unused (positional parameters, destructuring rest).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
]);
