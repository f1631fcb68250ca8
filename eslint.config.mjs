// ESLint flat config: typescript-eslint's type-checked rules on every TypeScript file, with
// Prettier owning layout (eslint-config-prettier turns the layout rules off).
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['src/generated/', 'dist/', 'dist-bench/', 'node_modules/', 'coverage/', 'reports/', '.stryker-tmp/', '.data/', '.scratch/'],
  },
  eslint.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The service logs through pino; only CLI entry points (below) print to the console.
      'no-console': 'error',
      // Numbers read naturally in messages (`port ${port}`); objects, nullish values and the rest stay refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(error) => reject(error)` is the idiom of callback code; a void call in any other expression stays refused.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }],
      // Off: type-graphql's @ObjectType classes declare the shape of an answer and are never
      // constructed; services answer with plain objects of that shape, as type-graphql intends.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // A leading underscore marks a binding kept on purpose: a parameter an interface imposes, or a
      // property taken out of an object by destructuring so that the rest goes on without it.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Off: the interfaces we implement want functions that return a Promise (Apollo Server plugin
      // hooks, Fastify handlers); \`async\` is the plain way to write them, even with nothing to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain JavaScript (tool configs, the install script) is outside every tsconfig: lint it without types.
    files: ['**/*.{js,cjs,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
