import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read settings through shared/config/settings.ts, never process.env directly.",
        },
      ],
    },
  },
  {
    files: [
      "shared/config/settings.ts",
      "test/**/*.ts",
      "bench/**/*.ts",
      "vitest.config.ts",
      "shared/cli/**/*.ts",
      "functions/**/*.ts",
    ],
    rules: { "no-restricted-properties": "off" },
  },
);
