// Vite's `?raw` imports: the file's text, used to test the real snippet.
declare module "*.html?raw" {
  const text: string;
  export default text;
}
