import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const workerOrigin = "http://localhost:8787";

export default defineConfig({
  root,
  publicDir: "public",
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: workerOrigin, changeOrigin: true },
      "/v1": { target: workerOrigin, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      "/api": { target: workerOrigin, changeOrigin: true },
      "/v1": { target: workerOrigin, changeOrigin: true },
    },
  },
});
