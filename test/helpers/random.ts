// The generator lives in src/util/random.ts (eval's hold-out split uses it too); tests and scripts import it from here as before.
export { seededRandom } from "../../src/util/random.js";
