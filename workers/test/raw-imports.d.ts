/** Vite's `?raw` suffix imports a file's text (used by tests that read wrangler.toml). */
declare module "*?raw" {
  const text: string;
  export default text;
}
