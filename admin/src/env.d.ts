// Vite's `import.meta.env` and asset-import types, for this tsconfig and the root one alike.
/// <reference types="vite/client" />
