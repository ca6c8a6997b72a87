/*
 * The playground's Web Worker: the work for one formula (playground-work.mjs) off the page's
 * thread, so that no formula, however long its derivatives take, holds the page. Bundled by
 * esbuild into generated/assets/gradfig-playground-worker.js, started by playground.mjs from
 * the site itself; it loads the math.js slice beside it (generated/vendor/) once.
 *
 * Messages in: {id, settings, formula, domain}; out: {ready: true} once math.js is loaded, then
 * {id, result} or {id, error} (errorData). The page ends a worker whose job a newer draw
 * replaced (terminate), so one job at a time runs here.
 */
import { errorData, work } from "./playground-work.mjs";

importScripts(new URL("../vendor/mathjs-gradfig.min.js", self.location.href).href);
const math = self.gradfigMath;
self.postMessage({ ready: true });

self.onmessage = async (event) => {
  const { id, settings, formula, domain } = event.data;
  try {
    const result = await work({ ...settings, math }, formula, domain);
    self.postMessage({ id, result });
  } catch (err) {
    self.postMessage({ id, error: errorData(err) });
  }
};
