// Builds the browser bundles into static/vendor/ (run by `make`; the output is not committed).
import { build } from "esbuild";

await build({
  entryPoints: {
    events: "static/events/main.js", studio: "static/workshop/studio.js", jury: "static/jury/main.js",
  },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "iife",
  target: ["es2020"],
  outdir: "static/vendor",
  logLevel: "info",
});
